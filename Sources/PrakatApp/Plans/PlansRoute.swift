import Foundation
import PrakatCore
import Vapor

/// One progress round of one project: `/plans/projects/<id>/rounds/<year>/<kind>`.
struct RoundAddress: Hashable, Sendable {
    var project: UUID
    var year: FiscalYear
    var kind: RoundKind
}

/// The CSV tables a project exports (`…/export/<table>.csv`).
enum ProjectExportTable: String, CaseIterable, Sendable {
    case budget, outputs, activities
    case targetGroups = "target-groups"
    case expenses, indicators
    case quarterPlan = "quarter-plan"

    var fileName: String { rawValue + ".csv" }
}

/// The pages of the Plans feature: the dashboard, fiscal years and the action plan, projects
/// (form, workflow, print, PDF, CSV, chart), progress rounds, and evaluation (questionnaires
/// with their public form, attendance).
enum PlansRoute: TypedRoute {
    case dashboard(fiscalYear: Int? = nil)
    case years
    case yearCreate
    case actionPlan(FiscalYear)
    case strategyCreate(FiscalYear)

    case projectNew
    case projectCreate
    case project(UUID)
    case projectEdit(UUID)
    case projectUpdate(UUID)
    case projectAction(UUID, ProjectAction)
    case projectPrint(UUID, thaiDigits: Bool = false)
    case projectPDF(UUID)
    case projectExport(UUID, ProjectExportTable)
    case projectBudgetChart(UUID)

    case round(RoundAddress)
    case roundSave(RoundAddress)
    case roundAction(RoundAddress, RoundAction)
    case roundPrint(RoundAddress, thaiDigits: Bool = false)
    case roundPDF(RoundAddress)
    case roundPublicationRequest(RoundAddress)

    case questionnaires(UUID)
    case questionnaireCreate(UUID)
    case questionnaire(UUID, UUID)
    case questionnaireToggle(UUID, UUID)
    case questionnaireQR(UUID, UUID)
    case publicQuestionnaire(String)
    case publicQuestionnaireAnswer(String)

    case attendance(UUID, activity: Int)
    case attendanceImport(UUID, activity: Int)
    case attendanceCheckIn(UUID, activity: Int)
    case attendancePresent(UUID, activity: Int, person: UUID)

    /// The feature's stylesheet (a static file, not a route).
    static let stylesheet = "/css/plans.css"
    /// The same stylesheet relative to the `<base>` of a page printed to PDF.
    static let printStylesheet = "css/plans.css"
    /// The link-session cookie of public questionnaires is scoped to their addresses.
    static let publicQuestionnaireCookiePath = "/q/"
    /// Public questionnaire tokens are short random strings; anything longer is not one.
    static let maxTokenLength = 64
    /// Activities are numbered from 1 in a project document.
    static let activityNumbers = 1...10_000

    static let examples: [PlansRoute] = {
        let id = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()
        let other = UUID(uuidString: "9a0c0305-e82c-3301-3f25-04e04f8911d3") ?? UUID()
        let year = FiscalYear(beYear: 2569)
        let round = RoundAddress(project: id, year: year, kind: .m6)
        return [
            .dashboard(), .dashboard(fiscalYear: 2569), .years, .yearCreate, .actionPlan(year), .strategyCreate(year),
            .projectNew, .projectCreate, .project(id), .projectEdit(id), .projectUpdate(id)
        ]
            + ProjectAction.allCases.map { .projectAction(id, $0) }
            + [.projectPrint(id), .projectPrint(id, thaiDigits: true), .projectPDF(id)]
            + ProjectExportTable.allCases.map { .projectExport(id, $0) }
            + [.projectBudgetChart(id), .round(round), .round(RoundAddress(project: id, year: year, kind: .q3)), .roundSave(round)]
            + RoundAction.allCases.map { .roundAction(round, $0) }
            + [
                .roundPrint(round), .roundPrint(round, thaiDigits: true), .roundPDF(round), .roundPublicationRequest(round),
                .questionnaires(id), .questionnaireCreate(id), .questionnaire(id, other), .questionnaireToggle(id, other),
                .questionnaireQR(id, other), .publicQuestionnaire("k3J9xQ2mZ8"), .publicQuestionnaireAnswer("k3J9xQ2mZ8"),
                .attendance(id, activity: 2), .attendanceImport(id, activity: 2), .attendanceCheckIn(id, activity: 2),
                .attendancePresent(id, activity: 2, person: other)
            ]
    }()

    var method: HTTPMethod {
        switch self {
        case .dashboard, .years, .actionPlan, .projectNew, .project, .projectEdit, .projectPrint, .projectPDF, .projectExport,
            .projectBudgetChart, .round, .roundPrint, .roundPDF, .questionnaires, .questionnaire, .questionnaireQR,
            .publicQuestionnaire, .attendance:
            .GET
        case .yearCreate, .strategyCreate, .projectCreate, .projectUpdate, .projectAction, .roundSave, .roundAction,
            .roundPublicationRequest, .questionnaireCreate, .questionnaireToggle, .publicQuestionnaireAnswer, .attendanceImport,
            .attendanceCheckIn, .attendancePresent:
            .POST
        }
    }

    var segments: [RouteSegment] {
        let plans = RouteSegment.constant("plans"), years = RouteSegment.constant("years")
        func year(_ year: FiscalYear) -> [RouteSegment] { [plans, years, .parameter("year", String(year.beYear))] }
        func project(_ id: UUID) -> [RouteSegment] { [plans, .constant("projects"), .parameter("projectID", id.lowercased)] }
        func round(_ at: RoundAddress) -> [RouteSegment] {
            project(at.project) + [.constant("rounds"), .parameter("year", String(at.year.beYear)), .parameter("kind", at.kind.rawValue)]
        }
        func questionnaire(_ id: UUID, _ q: UUID) -> [RouteSegment] {
            project(id) + [.constant("questionnaires"), .parameter("questionnaireID", q.lowercased)]
        }
        func attendance(_ id: UUID, _ activity: Int) -> [RouteSegment] {
            project(id) + [.constant("attendance"), .parameter("activity", String(activity))]
        }
        switch self {
        case .dashboard: return [plans]
        case .years, .yearCreate: return [plans, years]
        case .actionPlan(let fy): return year(fy)
        case .strategyCreate(let fy): return year(fy) + [.constant("strategies")]
        case .projectNew: return [plans, .constant("projects"), .constant("new")]
        case .projectCreate: return [plans, .constant("projects")]
        case .project(let id): return project(id)
        case .projectEdit(let id), .projectUpdate(let id): return project(id) + [.constant("edit")]
        case let .projectAction(id, action): return project(id) + [.constant(action.rawValue)]
        case .projectPrint(let id, _): return project(id) + [.constant("print")]
        case .projectPDF(let id): return project(id) + [.constant("print.pdf")]
        case let .projectExport(id, table): return project(id) + [.constant("export"), .parameter("table", table.fileName)]
        case .projectBudgetChart(let id): return project(id) + [.constant("charts"), .constant("budget.svg")]
        case .round(let at), .roundSave(let at): return round(at)
        case let .roundAction(at, action): return round(at) + [.constant(action.rawValue)]
        case .roundPrint(let at, _): return round(at) + [.constant("print")]
        case .roundPDF(let at): return round(at) + [.constant("print.pdf")]
        case .roundPublicationRequest(let at): return round(at) + [.constant("publication-request")]
        case .questionnaires(let id), .questionnaireCreate(let id): return project(id) + [.constant("questionnaires")]
        case let .questionnaire(id, q): return questionnaire(id, q)
        case let .questionnaireToggle(id, q): return questionnaire(id, q) + [.constant("toggle")]
        case let .questionnaireQR(id, q): return questionnaire(id, q) + [.constant("qr")]
        case .publicQuestionnaire(let token), .publicQuestionnaireAnswer(let token): return [.constant("q"), .parameter("token", token)]
        case let .attendance(id, activity): return attendance(id, activity)
        case let .attendanceImport(id, activity): return attendance(id, activity) + [.constant("import")]
        case let .attendanceCheckIn(id, activity): return attendance(id, activity) + [.constant("checkin")]
        case let .attendancePresent(id, activity, person):
            return attendance(id, activity) + [.constant("present"), .parameter("person", person.lowercased)]
        }
    }

    var query: [URLQueryItem] {
        switch self {
        case .dashboard(let year?): [URLQueryItem(name: "fiscalYear", value: String(year))]
        case .projectPrint(_, true), .roundPrint(_, true): [URLQueryItem(name: "digits", value: "thai")]
        default: []
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .dashboard, .questionnaires, .questionnaire, .questionnaireQR, .attendance: .roles(PlanRoles.readers)
        case .years, .actionPlan, .project, .projectPrint, .projectPDF, .projectExport, .projectBudgetChart, .round, .roundPrint,
            .roundPDF, .publicQuestionnaire, .publicQuestionnaireAnswer:
            .everyone
        case .yearCreate, .strategyCreate: .roles([.planner])
        case .projectNew, .projectCreate, .projectEdit, .projectUpdate, .roundSave, .questionnaireCreate, .questionnaireToggle,
            .attendanceImport, .attendanceCheckIn, .attendancePresent:
            .roles(PlanRoles.editors)
        case .projectAction(_, let action): .roles(action.permittedRoles)
        case .roundAction(_, let action): .roles(action.permittedRoles)
        // Publication requests are written by staff of a unit (seed 1), so only they may send one.
        case .roundPublicationRequest: .roles(RequestAction.create.permittedRoles)
        }
    }

    var options: RouteOptions {
        switch self {
        case .projectCreate, .projectUpdate, .roundSave: RouteOptions(keepsTypedText: true)
        case .attendanceImport: RouteOptions(body: .collect(maxSize: "4mb"))
        default: .none
        }
    }

    static func parse(_ template: PlansRoute, _ p: RouteParameters) -> PlansRoute? {
        let project = p.uuid("projectID")
        let thai = p.queryValue("digits") == "thai"
        var round: RoundAddress? {
            guard let project, let year = p.fiscalYear("year"), let kind = p.string("kind").flatMap(RoundKind.init(rawValue:)) else { return nil }
            return RoundAddress(project: project, year: year, kind: kind)
        }
        let activity = p.int("activity", in: activityNumbers)
        switch template {
        case .dashboard:
            // A year that is not one is ignored, as the filter form would.
            return .dashboard(fiscalYear: p.queryValue("fiscalYear").flatMap(Int.init).flatMap { FiscalYear.inputBEYears.contains($0) ? $0 : nil })
        case .years, .yearCreate, .projectNew, .projectCreate: return template
        case .actionPlan: return p.fiscalYear("year").map(PlansRoute.actionPlan)
        case .strategyCreate: return p.fiscalYear("year").map(PlansRoute.strategyCreate)
        case .project: return project.map(PlansRoute.project)
        case .projectEdit: return project.map(PlansRoute.projectEdit)
        case .projectUpdate: return project.map(PlansRoute.projectUpdate)
        case .projectAction(_, let action): return project.map { .projectAction($0, action) }
        case .projectPrint: return project.map { .projectPrint($0, thaiDigits: thai) }
        case .projectPDF: return project.map(PlansRoute.projectPDF)
        case .projectExport:
            guard let project, let file = p.string("table"), file.hasSuffix(".csv"),
                let table = ProjectExportTable(rawValue: String(file.dropLast(4)))
            else { return nil }
            return .projectExport(project, table)
        case .projectBudgetChart: return project.map(PlansRoute.projectBudgetChart)
        case .round: return round.map(PlansRoute.round)
        case .roundSave: return round.map(PlansRoute.roundSave)
        case .roundAction(_, let action): return round.map { .roundAction($0, action) }
        case .roundPrint: return round.map { .roundPrint($0, thaiDigits: thai) }
        case .roundPDF: return round.map(PlansRoute.roundPDF)
        case .roundPublicationRequest: return round.map(PlansRoute.roundPublicationRequest)
        case .questionnaires: return project.map(PlansRoute.questionnaires)
        case .questionnaireCreate: return project.map(PlansRoute.questionnaireCreate)
        case .questionnaire, .questionnaireToggle, .questionnaireQR:
            guard let project, let q = p.uuid("questionnaireID") else { return nil }
            switch template {
            case .questionnaireToggle: return .questionnaireToggle(project, q)
            case .questionnaireQR: return .questionnaireQR(project, q)
            default: return .questionnaire(project, q)
            }
        case .publicQuestionnaire, .publicQuestionnaireAnswer:
            guard let token = p.string("token"), !token.isEmpty, token.count <= maxTokenLength else { return nil }
            if case .publicQuestionnaireAnswer = template { return .publicQuestionnaireAnswer(token) }
            return .publicQuestionnaire(token)
        case .attendance: return project.flatMap { id in activity.map { .attendance(id, activity: $0) } }
        case .attendanceImport: return project.flatMap { id in activity.map { .attendanceImport(id, activity: $0) } }
        case .attendanceCheckIn: return project.flatMap { id in activity.map { .attendanceCheckIn(id, activity: $0) } }
        case .attendancePresent:
            guard let project, let activity, let person = p.uuid("person") else { return nil }
            return .attendancePresent(project, activity: activity, person: person)
        }
    }
}

/// Every page route of the Plans feature: decode (the route), authorise (its policy), call.
enum PlansPages {
    static func register(_ routes: any RoutesBuilder) {
        let years = FiscalYearPages(), projects = ProjectPages(), exports = ProjectExportPages()
        let rounds = RoundPages(), questionnaires = QuestionnairePages(), attendance = AttendancePages()
        routes.register(
            PlansRoute.self,
            refill: { req, route in
                switch route {
                case .projectCreate: try await projects.refill(req, projectID: nil)
                case .projectUpdate(let id): try await projects.refill(req, projectID: id)
                case .roundSave(let at): try await rounds.refill(req, at)
                default: throw PrakatError.notFound()
                }
            }
        ) { req, route in
            switch route {
            case .dashboard(let year): try await years.dashboard(req, fiscalYear: year)
            case .years: try await years.list(req)
            case .yearCreate: try await years.create(req)
            case .actionPlan(let year): try await years.actionPlan(req, year: year)
            case .strategyCreate(let year): try await years.createStrategy(req, year: year)
            case .projectNew: try await projects.new(req)
            case .projectCreate: try await projects.create(req)
            case .project(let id): try await projects.show(req, projectID: id)
            case .projectEdit(let id): try await projects.edit(req, projectID: id)
            case .projectUpdate(let id): try await projects.update(req, projectID: id)
            case let .projectAction(id, action): try await projects.perform(action, req, projectID: id)
            case let .projectPrint(id, thai): try await exports.print(req, projectID: id, thaiDigits: thai)
            case .projectPDF(let id): try await exports.pdf(req, projectID: id)
            case let .projectExport(id, table): try await exports.csv(req, projectID: id, table: table)
            case .projectBudgetChart(let id): try await exports.budgetChart(req, projectID: id)
            case .round(let at): try await rounds.show(req, at)
            case .roundSave(let at): try await rounds.save(req, at)
            case let .roundAction(at, action): try await rounds.perform(action, req, at)
            case let .roundPrint(at, thai): try await rounds.print(req, at, thaiDigits: thai)
            case .roundPDF(let at): try await rounds.pdf(req, at)
            case .roundPublicationRequest(let at): try await rounds.sendToPublishing(req, at)
            case .questionnaires(let id): try await questionnaires.list(req, projectID: id)
            case .questionnaireCreate(let id): try await questionnaires.create(req, projectID: id)
            case let .questionnaire(id, q): try await questionnaires.results(req, projectID: id, questionnaireID: q)
            case let .questionnaireToggle(id, q): try await questionnaires.toggle(req, projectID: id, questionnaireID: q)
            case let .questionnaireQR(id, q): try await questionnaires.qrSheet(req, projectID: id, questionnaireID: q)
            case .publicQuestionnaire(let token): try await questionnaires.publicForm(req, token: token)
            case .publicQuestionnaireAnswer(let token): try await questionnaires.answer(req, token: token)
            case let .attendance(id, activity): try await attendance.page(req, projectID: id, activity: activity)
            case let .attendanceImport(id, activity): try await attendance.importCSV(req, projectID: id, activity: activity)
            case let .attendanceCheckIn(id, activity): try await attendance.checkIn(req, projectID: id, activity: activity)
            case let .attendancePresent(id, activity, person): try await attendance.markPresent(req, projectID: id, activity: activity, person: person)
            }
        }
    }
}
