/// The Plans pages in the staff shell. Years, action plans, projects and rounds are open to
/// everyone (approved projects are public), so they are `SharedPage`s: staff see them in the
/// shell, visitors in the public layout. Every page says where it sits below the dashboard.
private let dashboard = Breadcrumb(label: PlansText.dashboardTitle, path: PlansRoute.dashboard().path)

extension FiscalYearPages.YearsBody: SharedPage, HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard] }
}

extension FiscalYearPages.ActionPlanBody: SharedPage, HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: PlansText.yearsTitle, path: PlansRoute.years.path)] }
}

extension ProjectPages.ProjectBody: SharedPage, HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: PlansText.actionPlanOfYear(fiscalYear), path: actionPlanPath)] }
}

extension RoundPages.Body: SharedPage, HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: report.projectTitle, path: projectPath)] }
}

extension FiscalYearPages.DashboardBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [] }
}

extension ProjectFormPage.FormBody: HasBreadcrumbs {
    /// A new project goes back to the dashboard, an edited one to its own page.
    var breadcrumbs: [Breadcrumb] { isNew ? [dashboard] : [dashboard, Breadcrumb(label: PlansText.projectCrumb, path: cancel)] }
}

extension QuestionnairePages.ListBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: projectTitle, path: projectPath)] }
}

extension QuestionnairePages.ResultsBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] {
        [dashboard, Breadcrumb(label: PlansText.projectCrumb, path: projectPath), Breadcrumb(label: PlansText.questionnairesTitle, path: listPath)]
    }
}

extension AttendancePages.AttendanceBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [dashboard, Breadcrumb(label: projectTitle, path: projectPath)] }
}
