import Foundation
import PrakatCore
import Vapor

@testable import PrakatApp

/// Every template in `Resources/Views` and how it is rendered from mock data. A template file
/// that is not listed here fails `PageMockTests`, so a new page cannot go without a mock.
enum TemplateRegistry {
    enum Layout {
        /// The public site's layout, as a visitor sees it.
        case publicSite
        /// The staff shell, as `MockData.user` sees it on `path`.
        case staff(path: String)
        /// A document of its own (the print pages): no layout around it.
        case standalone
    }

    enum Entry {
        case page(title: String, layout: Layout, model: any Encodable)
        /// A layout or partial, rendered as part of the page `host`.
        case part(host: String)
    }

    static var entries: [String: Entry] {
        let request = MockData.requestID, project = PlansMock.id, year = PlansMock.year
        return [
            "page": .part(host: "Site/home"),
            "Site/layout": .part(host: "Site/home"),
            "Staff/layout": .part(host: "Publishing/desk"),
            "Staff/nav": .part(host: "Publishing/desk"),
            "Plans/document": .part(host: "Plans/project"),

            "Site/home": .page(title: SiteText.homeTitle, layout: .publicSite, model: PublicSiteRoutes.HomeBody.mock),
            "Site/category": .page(title: "ข่าวประชาสัมพันธ์", layout: .publicSite, model: PublicSiteRoutes.CategoryBody.mock),
            "Site/item": .page(title: PublicSiteRoutes.ItemBody.mock.title, layout: .publicSite, model: PublicSiteRoutes.ItemBody.mock),
            "Site/gone": .page(title: PublicSiteRoutes.GoneBody.mock.notice, layout: .publicSite, model: PublicSiteRoutes.GoneBody.mock),
            "Site/search": .page(title: PublishingText.searchTitle, layout: .publicSite, model: PublicSiteRoutes.SearchBody.mock),
            "Site/error": .page(title: SupportText.notFoundTitle, layout: .publicSite, model: ErrorPageMiddleware.ErrorBody.mock),
            "Agency/setup": .page(title: AgencyText.setupTitle, layout: .staff(path: AgencyRoute.setup.path), model: AgencyPages.FormBody.mock),
            "Agency/permission": .page(
                title: AgencyText.permissionTitle, layout: .staff(path: AgencyRoute.permission.path), model: AgencyPermissionPages.FormBody.mock),
            "Notifications/list": .page(title: NotificationText.listTitle, layout: .staff(path: NotificationsRoute.list.path), model: NotificationPages.ListBody.mock),
            "Notifications/preferences": .page(
                title: NotificationText.preferencesTitle, layout: .staff(path: NotificationsRoute.preferences.path), model: NotificationPages.PreferencesBody.mock),
            "Notifications/queue": .page(title: NotificationText.queueTitle, layout: .staff(path: NotificationsRoute.mailQueue.path), model: NotificationPages.QueueBody.mock),
            "Engagement/EService/catalogue": .page(title: EServiceText.catalogueTitle, layout: .publicSite, model: EServicePublicPages.CatalogueBody.mock),
            "Engagement/EService/form": .page(title: "ร้องเรียนการให้บริการหรือเจ้าหน้าที่", layout: .publicSite, model: EServicePublicPages.FormBody.mock),
            "Engagement/EService/receipt": .page(title: EServiceText.submittedTitle, layout: .publicSite, model: EServicePublicPages.ReceiptBody.mock),
            "Engagement/EService/track": .page(title: EServiceText.trackTitle, layout: .publicSite, model: EServicePublicPages.TrackBody.mock),
            "Engagement/EService/status": .page(title: EServiceText.statusTitle, layout: .publicSite, model: EServicePublicPages.StatusBody.mock),
            "Engagement/EService/stats": .page(title: EServiceText.statsTitle, layout: .publicSite, model: EServiceStatsPages.StatsBody.mock),
            "Engagement/EService/stats-print": .page(
                title: EServiceText.reportTitle(fiscalYear: 2570, half: 1), layout: .publicSite, model: EServiceStatsPages.StatsBody.mock),
            "Engagement/EService/stats-figures": .part(host: "Engagement/EService/stats"),
            // Compliance: the annual publishing report
            "Compliance/Reports/publishing": .page(
                title: PublishingReportText.pageTitle(2570), layout: .staff(path: PublishingReportRoute.report.path), model: PublishingReportPages.ReportBody.mock),
            "Compliance/Reports/publishing-print": .page(title: PublishingReportText.pageTitle(2570), layout: .standalone, model: PublishingReportPages.PrintBody.mock),
            "Compliance/Reports/publishing-tables": .part(host: "Compliance/Reports/publishing"),
            "Engagement/EService/desk": .page(title: EServiceText.deskTitle, layout: .staff(path: EServiceRoute.desk.path), model: EServiceDeskPages.ListBody.mock),
            "Engagement/EService/request": .page(
                title: "เรื่องเลขที่ \(EServiceMock.code)", layout: .staff(path: EServiceRoute.request(EServiceMock.id).path), model: EServiceDeskPages.RequestBody.mock),
            "Engagement/EService/types": .page(title: EServiceText.typesTitle, layout: .staff(path: EServiceRoute.types.path), model: EServiceAdminPages.TypesBody.mock),
            "Engagement/EService/type-form": .page(
                title: "ร้องเรียนการทุจริตและประพฤติมิชอบ", layout: .staff(path: EServiceRoute.typeEdit(EServiceMock.id).path), model: EServiceAdminPages.TypeFormBody.mock),
            "Engagement/EService/holidays": .page(
                title: EServiceText.holidaysTitle, layout: .staff(path: EServiceRoute.holidays.path), model: EServiceAdminPages.HolidaysBody.mock),
            "HomeContent/overview": .page(
                title: HomeContentText.overviewTitle, layout: .staff(path: HomeContentRoute.overview.path), model: HomeContentPages.OverviewBody.mock),
            "HomeContent/entry-form": .page(
                title: HomeContentText.addTitle(.banner), layout: .staff(path: HomeContentRoute.new(.banner).path), model: HomeContentPages.FormBody.mock),
            "Engagement/Questions/list": .page(title: QuestionsText.publicTitle, layout: .publicSite, model: QuestionPages.ListBody.mock),
            "Engagement/Questions/ask": .page(title: QuestionsText.askTitle, layout: .publicSite, model: QuestionPages.AskBody.mock),
            "Engagement/Questions/thanks": .page(title: QuestionsText.thanksTitle, layout: .publicSite, model: QuestionPages.ThanksBody.mock),
            "Engagement/Questions/queue": .page(
                title: QuestionsText.queueTitle, layout: .staff(path: QuestionsRoute.queue(.pending).path), model: QuestionPages.QueueBody.mock),
            "Engagement/Questions/show": .page(
                title: QuestionsText.editTitle, layout: .staff(path: QuestionsRoute.show(MockData.id(61)).path), model: QuestionPages.ShowBody.mock),
            // Engagement (issue 12): visitor statistics and satisfaction
            "Engagement/Visitors/stats": .page(title: VisitorsText.statsTitle, layout: .publicSite, model: VisitorsPages.StatsBody.mock),
            "Engagement/Satisfaction/summary": .part(host: "Engagement/Visitors/stats"),
            "Engagement/Satisfaction/survey": .page(title: SatisfactionText.surveyTitle, layout: .publicSite, model: SatisfactionPages.SurveyBody.mock),
            "Engagement/Satisfaction/thanks": .page(title: SatisfactionText.thanksTitle, layout: .publicSite, model: SatisfactionPages.ThanksBody.mock),
            "Engagement/Satisfaction/responses": .page(
                title: SatisfactionText.staffTitle, layout: .staff(path: SatisfactionRoute.responses(nil).path), model: SatisfactionPages.ResponsesBody.mock),
            // Compliance (issue 13)
            "Compliance/ita-index": .page(title: ComplianceText.publicIndexTitle, layout: .publicSite, model: ChecklistPages.PublicIndexBody.mock),
            "Compliance/ita-checklist": .page(
                title: ComplianceMock.link.title, layout: .publicSite, model: ChecklistPages.PublicChecklistBody.mock),
            "Compliance/checklists": .page(
                title: ComplianceText.listTitle, layout: .staff(path: ComplianceRoute.checklists.path), model: ChecklistPages.ListBody.mock),
            "Compliance/dashboard": .page(
                title: ComplianceMock.link.title, layout: .staff(path: ComplianceRoute.checklists.path), model: ChecklistPages.DashboardBody.mock),
            "Compliance/copy": .page(
                title: ComplianceText.copyTitle, layout: .staff(path: ComplianceRoute.checklists.path), model: ChecklistPages.CopyBody.mock),
            "Compliance/item-form": .page(
                title: ComplianceText.editItemTitle, layout: .staff(path: ComplianceRoute.checklists.path), model: ChecklistPages.ItemBody.mock),
            "Compliance/auto-tags": .page(
                title: ComplianceText.autoTagsTitle, layout: .staff(path: ComplianceRoute.checklists.path), model: ChecklistPages.AutoTagsBody.mock),
            "Compliance/publication-tags": .page(
                title: ComplianceText.tagsTitle, layout: .staff(path: ComplianceRoute.checklists.path), model: ChecklistPages.PublicationTagsBody.mock),
            // Compliance (ITA issue, point 6): the currency desk
            "Compliance/Currency/desk": .page(title: CurrencyText.title, layout: .staff(path: CurrencyRoute.desk.path), model: CurrencyDeskBody.mock),
            "Site/privacy": .page(title: SiteText.privacyTitle, layout: .publicSite, model: EmptyBody.mock),
            "Site/accessibility": .page(title: SiteText.accessibilityTitle, layout: .publicSite, model: EmptyBody.mock),

            "Accounts/login": .page(title: AccountsText.loginTitle, layout: .publicSite, model: AccountRoutes.LoginBody.mock),
            "Accounts/login-code": .page(title: AccountsText.twoFactorLoginTitle, layout: .publicSite, model: TwoFactorRoutes.CodeBody.mock),
            "Accounts/password": .page(
                title: AccountsText.passwordChangeTitle, layout: .staff(path: AccountsRoute.passwordChange.path),
                model: AccountRoutes.PasswordBody.mock),
            "Accounts/sessions": .page(title: AccountsText.sessionsTitle, layout: .staff(path: AccountsRoute.sessions.path), model: SessionRoutes.Body.mock),
            "Accounts/two-factor": .page(title: AccountsText.twoFactorTitle, layout: .staff(path: AccountsRoute.twoFactor.path), model: TwoFactorRoutes.PageBody.mock),

            "Admin/dashboard": .page(title: AccountsText.adminTitle, layout: .staff(path: AccountsRoute.admin.path), model: AdminRoutes.DashboardBody.mock),
            "Admin/units": .page(title: AccountsText.unitsTitle, layout: .staff(path: AccountsRoute.units.path), model: AdminRoutes.UnitsBody.mock),
            "Admin/unit-form": .page(
                title: AccountsText.editUnitTitle, layout: .staff(path: AccountsRoute.unit(MockData.unitID).path),
                model: AdminRoutes.UnitFormBody.mock),
            "Admin/users": .page(title: AccountsText.usersTitle, layout: .staff(path: AccountsRoute.users.path), model: AdminRoutes.UsersBody.mock),
            "Admin/user-form": .page(
                title: AccountsText.editUserTitle, layout: .staff(path: AccountsRoute.user(MockData.id(53)).path),
                model: AdminRoutes.UserFormBody.mock),
            "Admin/audit": .page(title: AccountsText.auditTitle, layout: .staff(path: AccountsRoute.audit().path), model: AdminRoutes.AuditBody.mock),
            "Admin/security": .page(title: AccountsText.securityTitle, layout: .staff(path: AccountsRoute.security.path), model: SecuritySettingsRoutes.Body.mock),
            "Admin/traffic": .page(title: OperationsText.trafficTitle, layout: .staff(path: OperationsRoute.traffic.path), model: OperationsRoutes.Body.mock),

            "Publishing/desk": .page(title: PublishingText.deskTitle, layout: .staff(path: PublishingRoute.desk.path), model: PublishingRoutes.DeskBody.mock),
            "Publishing/requests": .page(
                title: PublishingText.requestsTitle, layout: .staff(path: PublishingRoute.requests.path),
                model: PublishingRoutes.ListBody.mock),
            "Publishing/request": .page(
                title: PublishingRoutes.ShowBody.mock.request.title, layout: .staff(path: PublishingRoute.request(request).path),
                model: PublishingRoutes.ShowBody.mock),
            "Publishing/request-form": .page(
                title: PublishingText.newRequestTitle, layout: .staff(path: PublishingRoute.requestNew.path),
                model: PublishingRoutes.FormBody.mock),
            "Publishing/categories": .page(
                title: PublishingText.categoriesTitle, layout: .staff(path: PublishingRoute.categories.path),
                model: CategoryRoutes.ListBody.mock),
            "Publishing/category-form": .page(
                title: PublishingText.editCategoryTitle, layout: .staff(path: PublishingRoute.category(MockData.categoryID).path),
                model: CategoryRoutes.FormBody.mock),
            "Documents/form": .page(title: PublishingText.formTitle, layout: .standalone, model: PrintRoutes.PrintBody.mock(memo: false)),
            "Documents/memo": .page(title: PublishingText.memoTitle, layout: .standalone, model: PrintRoutes.PrintBody.mock(memo: true)),

            "Plans/dashboard": .page(title: PlansText.dashboardTitle, layout: .staff(path: PlansRoute.dashboard().path), model: FiscalYearPages.DashboardBody.mock),
            "Plans/years": .page(title: PlansText.yearsTitle, layout: .staff(path: PlansRoute.years.path), model: FiscalYearPages.YearsBody.mock),
            "Plans/action-plan": .page(
                title: PlansMock.yearRow.title, layout: .staff(path: PlansRoute.actionPlan(FiscalYear(beYear: year)).path), model: FiscalYearPages.ActionPlanBody.mock),
            "Plans/project": .page(title: PlansMock.document.title, layout: .staff(path: PlansRoute.project(project).path), model: ProjectPages.ProjectBody.mock),
            "Plans/project-form": .page(title: PlansText.editProjectTitle, layout: .staff(path: PlansRoute.projectEdit(project).path), model: ProjectFormPage.FormBody.mock),
            "Plans/print": .page(title: PlansMock.document.title, layout: .standalone, model: ProjectExportPages.PrintBody.mock),
            "Plans/round": .page(
                title: "รอบ 6 เดือน ปี \(year) · \(PlansMock.document.title)",
                layout: .staff(path: PlansRoute.round(RoundAddress(project: project, year: FiscalYear(beYear: year), kind: .m6)).path),
                model: RoundPages.Body.mock),
            "Plans/round-print": .page(title: PlansMock.report.title, layout: .standalone, model: RoundPages.PrintBody.mock),
            "Plans/questionnaires": .page(
                title: PlansText.questionnairesTitle, layout: .staff(path: PlansRoute.questionnaires(project).path),
                model: QuestionnairePages.ListBody.mock),
            "Plans/questionnaire-results": .page(
                title: QuestionnairePages.ResultsBody.mock.title,
                layout: .staff(path: PlansRoute.questionnaire(project, MockData.questionnaireID).path),
                model: QuestionnairePages.ResultsBody.mock),
            "Plans/questionnaire-qr": .page(title: QuestionnairePages.QRBody.mock.title, layout: .standalone, model: QuestionnairePages.QRBody.mock),
            "Plans/questionnaire-public": .page(title: QuestionnairePages.PublicBody.mock.title, layout: .publicSite, model: QuestionnairePages.PublicBody.mock),
            "Plans/attendance": .page(
                title: "\(PlansText.attendanceTitle) กิจกรรมที่ 1", layout: .staff(path: PlansRoute.attendance(project, activity: 1).path),
                model: AttendancePages.AttendanceBody.mock)
        ]
    }

    /// The template names of the files under `Resources/Views`, without `.leaf`.
    static func templateFiles(in views: String) -> Set<String> {
        let files = FileManager.default.enumerator(atPath: views)?.compactMap { $0 as? String } ?? []
        return Set(files.filter { $0.hasSuffix(".leaf") }.map { String($0.dropLast(".leaf".count)) })
    }

    /// The page `name` rendered from its mock, as the server would send it.
    static func render(_ name: String, on app: Application) async throws -> String {
        guard case let .page(title, layout, model)? = entries[name] else { throw Abort(.notFound, reason: "\(name) is not a page") }
        return try await render(name, title: title, layout: layout, model: model, on: app)
    }

    private static func render<Model: Encodable>(_ name: String, title: String, layout: Layout, model: Model, on app: Application) async throws -> String {
        let site: SiteContext
        switch layout {
        case .publicSite, .standalone: site = .mockPublic
        case .staff(let path): site = .mockStaff(path: path, page: model)
        }
        let view = try await app.view.render(name, PageView(site: site, title: title, page: model))
        return String(buffer: view.data)
    }
}
