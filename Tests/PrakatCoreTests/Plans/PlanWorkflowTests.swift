import Foundation
import Testing

@testable import PrakatCore

@Suite("Plan workflow")
struct PlanWorkflowTests {
    let planner = PlanActor(userID: UUID(), roles: [.planner], headsProjectUnit: false, inProjectUnit: false)
    let head = PlanActor(userID: UUID(), roles: [.unitHead], headsProjectUnit: true, inProjectUnit: true)
    let otherHead = PlanActor(userID: UUID(), roles: [.unitHead], headsProjectUnit: false, inProjectUnit: false)
    let staff = PlanActor(userID: UUID(), roles: [.staff], headsProjectUnit: false, inProjectUnit: true)
    let outsider = PlanActor(userID: UUID(), roles: [.staff], headsProjectUnit: false, inProjectUnit: false)

    @Test func draftToActive() throws {
        var state = ProjectState.draft
        state = try ProjectWorkflow.transition(.submit, by: staff, on: ProjectFacts(state: state, mismatches: 0))
        #expect(state == .submitted)
        state = try ProjectWorkflow.transition(.approve, by: head, on: ProjectFacts(state: state))
        #expect(state == .approved)
        state = try ProjectWorkflow.transition(.activate, by: planner, on: ProjectFacts(state: state))
        #expect(state == .active)
    }

    @Test func refusals() {
        #expect(throws: WorkflowError.inconsistent("ยังมียอดที่ไม่ตรงกัน 2 รายการ กรุณาแก้ไขก่อนเสนออนุมัติ")) {
            try ProjectWorkflow.transition(.submit, by: staff, on: ProjectFacts(state: .draft, mismatches: 2))
        }
        #expect(ProjectWorkflow.denial(.submit, by: outsider, on: ProjectFacts(state: .draft, mismatches: 0)) != nil)
        #expect(ProjectWorkflow.denial(.approve, by: otherHead, on: ProjectFacts(state: .submitted)) != nil)
        #expect(ProjectWorkflow.denial(.approve, by: planner, on: ProjectFacts(state: .submitted, ownWork: true)) != nil)
        #expect(ProjectWorkflow.denial(.approve, by: planner, on: ProjectFacts(state: .approved)) != nil)
        #expect(throws: WorkflowError.self) { try ProjectWorkflow.edit(.submitted, by: planner) }
    }

    /// The buttons a page shows are the steps the rules allow, nothing else.
    @Test func availableSteps() {
        #expect(ProjectWorkflow.available(to: staff, on: ProjectFacts(state: .draft)) == [.submit])
        #expect(ProjectWorkflow.available(to: head, on: ProjectFacts(state: .submitted)) == [.approve, .return])
        #expect(ProjectWorkflow.available(to: head, on: ProjectFacts(state: .submitted, ownWork: true)) == [.return])
        #expect(ProjectWorkflow.available(to: outsider, on: ProjectFacts(state: .approved)).isEmpty)
        #expect(RoundWorkflow.available(to: staff, on: RoundFacts(state: .draft, projectState: .active)) == [.submit])
        #expect(RoundWorkflow.available(to: head, on: RoundFacts(state: .submitted, projectState: .active)) == [.approve, .return])
    }

    /// A role outside an action's `permittedRoles` (what the route policy lets through) is
    /// never allowed by the rules either, so the policy and the rules cannot disagree.
    @Test func permittedRolesBoundTheRules() {
        for role in Role.allCases {
            let actor = PlanActor(userID: UUID(), roles: [role], headsProjectUnit: true, inProjectUnit: true)
            for action in ProjectAction.allCases where !action.permittedRoles.contains(role) {
                for state in ProjectState.allCases {
                    #expect(ProjectWorkflow.denial(action, by: actor, on: ProjectFacts(state: state, mismatches: 0)) != nil, "\(role) \(action) \(state)")
                }
            }
            for action in RoundAction.allCases where !action.permittedRoles.contains(role) {
                for state in RoundState.allCases {
                    #expect(RoundWorkflow.denial(action, by: actor, on: RoundFacts(state: state, projectState: .active)) != nil, "\(role) \(action) \(state)")
                }
            }
        }
    }

    @Test func roundsLockAfterApproval() throws {
        var state = RoundState.draft
        state = try RoundWorkflow.transition(.submit, by: staff, on: RoundFacts(state: state, projectState: .active))
        #expect(RoundWorkflow.denial(.approve, by: planner, on: RoundFacts(state: .submitted, projectState: .active, submittedBySelf: true)) != nil)
        state = try RoundWorkflow.transition(.approve, by: head, on: RoundFacts(state: state, projectState: .active))
        #expect(state == .approved)
        #expect(throws: WorkflowError.self) { try RoundWorkflow.edit(state, project: .active, by: planner) }
        #expect(RoundWorkflow.denial(.approve, by: planner, on: RoundFacts(state: state, projectState: .active)) != nil)
        #expect(throws: WorkflowError.self) { try RoundWorkflow.edit(.draft, project: .draft, by: planner) }
    }
}
