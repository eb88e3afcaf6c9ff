import Fluent
import Foundation
import PrakatCore
import Vapor

/// Public questions and answers: the public list and form under `/questions`, the moderators'
/// queue under `/staff/questions`.
enum QuestionsRoute: TypedRoute {
    /// `?q=` searches subject, message and answer; `?page=` pages.
    case list(String?)
    case ask
    case submit
    case thanks
    /// The moderation queue, one tab per state (pending is the bare path).
    case queue(QuestionState)
    case show(UUID)
    case update(UUID)
    case action(UUID, QuestionAction)

    /// Who moderates: the service desk, which answers citizens, and the webmaster, who owns the site.
    static let moderators: Set<Role> = [.serviceDesk, .webmaster]

    static let exampleID = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()
    static let examples: [QuestionsRoute] =
        [.list(nil), .list("ภาษีที่ดิน & co"), .ask, .submit, .thanks] + QuestionState.allCases.map(QuestionsRoute.queue)
        + [.show(exampleID), .update(exampleID)] + QuestionAction.allCases.map { .action(exampleID, $0) }

    var method: HTTPMethod {
        switch self {
        case .list, .ask, .thanks, .queue, .show: .GET
        case .submit, .update, .action: .POST
        }
    }

    var segments: [RouteSegment] {
        let staff: [RouteSegment] = [.constant("staff"), .constant("questions")]
        switch self {
        case .list: return [.constant("questions")]
        case .ask, .submit: return [.constant("questions"), .constant("ask")]
        case .thanks: return [.constant("questions"), .constant("ask"), .constant("thanks")]
        case .queue: return staff
        case .show(let id), .update(let id): return staff + [.parameter("questionID", id.lowercased)]
        case let .action(id, action): return staff + [.parameter("questionID", id.lowercased), .constant(action.rawValue)]
        }
    }

    var query: [URLQueryItem] {
        switch self {
        case .list(let text?): [URLQueryItem(name: "q", value: text)]
        case .queue(let state) where state != .pending: [URLQueryItem(name: "state", value: state.rawValue)]
        default: []
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .list, .ask, .submit, .thanks: .everyone
        case .queue, .show, .update, .action: .roles(Self.moderators)
        }
    }

    var options: RouteOptions {
        switch self {
        case .submit, .update: RouteOptions(keepsTypedText: true)
        default: .none
        }
    }

    static func parse(_ template: QuestionsRoute, _ p: RouteParameters) -> QuestionsRoute? {
        switch template {
        case .list: return .list(p.queryValue("q"))
        case .ask, .submit, .thanks: return template
        // An unknown tab is the pending tab, like a missing one.
        case .queue: return .queue(p.queryValue("state").flatMap(QuestionState.init(rawValue:)) ?? .pending)
        case .show: return p.uuid("questionID").map(QuestionsRoute.show)
        case .update: return p.uuid("questionID").map(QuestionsRoute.update)
        case .action(_, let action): return p.uuid("questionID").map { .action($0, action) }
        }
    }
}

extension QuestionsRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [
            StaffNavEntry(
                QuestionsRoute.queue(.pending), QuestionsText.navTitle, in: .eService,
                counts: [
                    StaffCount(label: QuestionsText.pendingCount, path: QuestionsRoute.queue(.pending).path) { user, db in
                        guard user.hasAny(QuestionsRoute.moderators) else { return nil }
                        return try await Question.query(on: db).filter(\.$stateRaw == QuestionState.pending.rawValue).count()
                    }
                ])
        ]
    }
}
