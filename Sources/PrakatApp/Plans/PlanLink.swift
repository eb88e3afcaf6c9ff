import Foundation
import PrakatCore

/// Every path of the Plans feature, in one place (like `Link`): routes are registered with the
/// same strings and no view writes a URL by hand.
enum PlanLink: Hashable {
    case dashboard
    case years
    case actionPlan(Int)
    case strategies(Int)
    case newProject
    case projects
    case project(UUID)
    case editProject(UUID)
    case projectAction(UUID, String)
    case printProject(UUID, thaiDigits: Bool = false)
    case projectPDF(UUID)
    case exportCSV(UUID, String)
    case budgetChart(UUID)
    case round(UUID, Int, RoundKind)
    case roundAction(UUID, Int, RoundKind, String)
    case printRound(UUID, Int, RoundKind, thaiDigits: Bool = false)
    case roundPDF(UUID, Int, RoundKind)
    case roundPublicationRequest(UUID, Int, RoundKind)
    case questionnaires(UUID)
    case questionnaire(UUID, UUID)
    case questionnaireToggle(UUID, UUID)
    case questionnaireQR(UUID, UUID)
    case publicQuestionnaire(String)
    case attendance(UUID, Int)
    case attendanceImport(UUID, Int)
    case attendanceCheckIn(UUID, Int)
    case attendancePresent(UUID, Int, UUID)
    case stylesheet

    /// The tables a project exports as CSV (`…/export/<name>.csv`).
    static let exportTables = ["budget", "outputs", "activities", "target-groups", "expenses", "indicators", "quarter-plan"]

    var path: String {
        switch self {
        case .dashboard: "/plans"
        case .years: "/plans/years"
        case .actionPlan(let year): "/plans/years/\(year)"
        case .strategies(let year): "/plans/years/\(year)/strategies"
        case .newProject: "/plans/projects/new"
        case .projects: "/plans/projects"
        case .project(let id): "/plans/projects/\(id.pathComponent)"
        case .editProject(let id): "/plans/projects/\(id.pathComponent)/edit"
        case .projectAction(let id, let action): "/plans/projects/\(id.pathComponent)/\(action)"
        case .printProject(let id, let thai): "/plans/projects/\(id.pathComponent)/print" + (thai ? "?digits=thai" : "")
        case .projectPDF(let id): "/plans/projects/\(id.pathComponent)/print.pdf"
        case .exportCSV(let id, let table): "/plans/projects/\(id.pathComponent)/export/\(table).csv"
        case .budgetChart(let id): "/plans/projects/\(id.pathComponent)/charts/budget.svg"
        case .round(let id, let year, let kind): "/plans/projects/\(id.pathComponent)/rounds/\(year)/\(kind.rawValue)"
        case .roundAction(let id, let year, let kind, let action): "/plans/projects/\(id.pathComponent)/rounds/\(year)/\(kind.rawValue)/\(action)"
        case .roundPublicationRequest(let id, let year, let kind): "/plans/projects/\(id.pathComponent)/rounds/\(year)/\(kind.rawValue)/publication-request"
        case .printRound(let id, let year, let kind, let thai):
            "/plans/projects/\(id.pathComponent)/rounds/\(year)/\(kind.rawValue)/print" + (thai ? "?digits=thai" : "")
        case .roundPDF(let id, let year, let kind): "/plans/projects/\(id.pathComponent)/rounds/\(year)/\(kind.rawValue)/print.pdf"
        case .questionnaires(let id): "/plans/projects/\(id.pathComponent)/questionnaires"
        case .questionnaire(let id, let q): "/plans/projects/\(id.pathComponent)/questionnaires/\(q.pathComponent)"
        case .questionnaireToggle(let id, let q): "/plans/projects/\(id.pathComponent)/questionnaires/\(q.pathComponent)/toggle"
        case .questionnaireQR(let id, let q): "/plans/projects/\(id.pathComponent)/questionnaires/\(q.pathComponent)/qr"
        case .publicQuestionnaire(let token): "/q/\(token)"
        case .attendance(let id, let activity): "/plans/projects/\(id.pathComponent)/attendance/\(activity)"
        case .attendanceImport(let id, let activity): "/plans/projects/\(id.pathComponent)/attendance/\(activity)/import"
        case .attendanceCheckIn(let id, let activity): "/plans/projects/\(id.pathComponent)/attendance/\(activity)/checkin"
        case .attendancePresent(let id, let activity, let person): "/plans/projects/\(id.pathComponent)/attendance/\(activity)/present/\(person.pathComponent)"
        case .stylesheet: "/css/plans.css"
        }
    }
}

fileprivate extension UUID {
    var pathComponent: String { uuidString.lowercased() }
}
