import Foundation
import Testing

@testable import PrakatCore

/// The desk's inboxes are built from `RequestAction.inbox`; these tests hold that list to the
/// rules, so an inbox can neither miss a request someone may act on nor list one nobody may.
@Suite("Inboxes follow the workflow rules")
struct InboxTests {
    let author = UUID(), head = UUID(), unit = UUID()

    func facts(_ state: RequestState, urgent: Bool) -> RequestFacts {
        RequestFacts(state: state, authorID: author, unitID: unit, unitHeadID: head, urgent: urgent, isApproved: false)
    }

    /// The actor for whom the step is meant: the author for submit, the unit's head for approve,
    /// a publisher for publish.
    func actor(for action: RequestAction) -> WorkflowActor {
        switch action {
        case .submit: WorkflowActor(id: author, roles: [.staff], unitID: unit)
        case .approve: WorkflowActor(id: head, roles: [.unitHead], unitID: unit)
        case .permit: WorkflowActor(id: UUID(), roles: [.agencyHead], unitID: nil)
        default: WorkflowActor(id: UUID(), roles: action.permittedRoles, unitID: nil)
        }
    }

    @Test(arguments: [RequestAction.approve, .publish, .submit, .permit])
    func anInboxListsExactlyTheRequestsTheStepIsPossibleOn(_ action: RequestAction) {
        for state in RequestState.allCases {
            for urgent in [false, true] {
                let listed = action.inbox.contains { $0.state == state && (!$0.urgentOnly || urgent) }
                let allowed = RequestWorkflow.denial(action, by: actor(for: action), on: facts(state, urgent: urgent)) == nil
                // Lists of their own on the desk: published urgent items awaiting approval after
                // the fact, and the author's drafts (the submit inbox is what came back).
                if action == .approve, state == .published { continue }
                if action == .submit, state == .draft { continue }
                #expect(listed == allowed, "\(action) \(state) urgent: \(urgent)")
            }
        }
    }
}
