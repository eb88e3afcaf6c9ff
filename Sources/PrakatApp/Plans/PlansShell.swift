/// The Plans pages in the staff shell. Years, action plans, projects and rounds are open to
/// everyone (approved projects are public), so they are `SharedPage`s: staff see them in the
/// shell, visitors in the public layout. Every page says where it sits below the dashboard.
private let dashboard = Breadcrumb(label: PlansText.dashboardTitle, path: PlanLink.dashboard.path)

extension PlansRoutes.YearsBody: SharedPage, HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard] }
}

extension PlansRoutes.ActionPlanBody: SharedPage, HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: PlansText.yearsTitle, path: PlanLink.years.path)] }
}

extension PlansRoutes.ProjectBody: SharedPage, HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: PlansText.actionPlanOfYear(fiscalYear), path: actionPlanPath)] }
}

extension PlanRoundRoutes.Body: SharedPage, HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: report.projectTitle, path: projectPath)] }
}

extension PlansRoutes.DashboardBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [] }
}

extension PlansRoutes.FormBody: HasBreadcrumbs {
    /// A new project goes back to the dashboard, an edited one to its own page.
    var breadcrumbs: [Breadcrumb] { isNew ? [dashboard] : [dashboard, Breadcrumb(label: PlansText.projectCrumb, path: cancel)] }
}

extension PlanEvaluationRoutes.ListBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: projectTitle, path: projectPath)] }
}

extension PlanEvaluationRoutes.ResultsBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] {
        [dashboard, Breadcrumb(label: PlansText.projectCrumb, path: projectPath), Breadcrumb(label: PlansText.questionnairesTitle, path: listPath)]
    }
}

extension PlanEvaluationRoutes.AttendanceBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: projectTitle, path: projectPath)] }
}
