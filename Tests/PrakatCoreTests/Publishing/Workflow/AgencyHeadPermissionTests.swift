import Foundation
import PrakatCore
import Testing

/// The head of agency's permission (seed 1's memo: อนุญาต / ไม่อนุญาต) as a step of the workflow.
@Suite("Head of agency's permission")
struct AgencyHeadPermissionTests {
    let unit = UUID(), author = UUID(), head = UUID(), agencyHead = UUID()

    func facts(_ state: RequestState, urgent: Bool = false, required: Bool = true, delegate: UUID? = nil) -> RequestFacts {
        RequestFacts(
            state: state, authorID: author, unitID: unit, unitHeadID: head, urgent: urgent, isApproved: state == .awaitingPermission,
            permissionRequired: required, permissionDelegateID: delegate)
    }

    var chief: WorkflowActor { WorkflowActor(id: agencyHead, roles: [.agencyHead], unitID: nil) }

    /// Every role × action × state × urgency × setting, each person alone (the author, the unit's
    /// head, someone else): the rules never let through a role the action does not declare.
    @Test func theRulesNeverAllowARoleOutsideTheDeclaredOnes() {
        var walked = 0
        for role in Role.allCases {
            for id in [author, head, agencyHead, UUID()] {
                let actor = WorkflowActor(id: id, roles: [role], unitID: unit)
                for action in RequestAction.allCases {
                    for state in RequestState.allCases {
                        for urgent in [false, true] {
                            for required in [false, true] {
                                for delegate in [nil, agencyHead] {
                                    walked += 1
                                    let denial = RequestWorkflow.denial(action, by: actor, on: facts(state, urgent: urgent, required: required, delegate: delegate))
                                    if denial == nil { #expect(action.permittedRoles.contains(role), "\(role) \(action) \(state)") }
                                    if denial == nil { #expect(action.fromStates.contains(state) || action == .create, "\(role) \(action) \(state)") }
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(walked == Role.allCases.count * 4 * RequestAction.allCases.count * RequestState.allCases.count * 8)
    }

    @Test func withTheSettingTheApprovalWaitsForTheHeadOfAgency() {
        let unitHead = WorkflowActor(id: head, roles: [.unitHead], unitID: unit)
        #expect(RequestWorkflow.denial(.approve, by: unitHead, on: facts(.submitted)) == nil)
        #expect(RequestWorkflow.target(of: .approve, from: facts(.submitted)) == .awaitingPermission)
        #expect(RequestWorkflow.denial(.permit, by: chief, on: facts(.awaitingPermission)) == nil)
        #expect(RequestWorkflow.denial(.refuse, by: chief, on: facts(.awaitingPermission)) == nil)
        #expect(RequestWorkflow.target(of: .permit, from: facts(.awaitingPermission)) == .approved)
        #expect(RequestWorkflow.target(of: .refuse, from: facts(.awaitingPermission)) == .rejected)
        #expect(RequestAction.refuse.requiresReason && !RequestAction.permit.requiresReason)
        // Only then may it be published; the unit head cannot skip the step.
        let webmaster = WorkflowActor(id: UUID(), roles: [.webmaster], unitID: nil)
        #expect(RequestWorkflow.denial(.publish, by: webmaster, on: facts(.awaitingPermission)) == .wrongState(.awaitingPermission, .publish))
        #expect(RequestWorkflow.denial(.permit, by: unitHead, on: facts(.awaitingPermission)) == .notPermitted(.permit))
        #expect(RequestWorkflow.denial(.permit, by: chief, on: facts(.submitted)) == .wrongState(.submitted, .permit))
        #expect(RequestWorkflow.denial(.permit, by: chief, on: facts(.approved)) == .wrongState(.approved, .permit))
    }

    @Test func withoutTheSettingNothingChanges() {
        let unitHead = WorkflowActor(id: head, roles: [.unitHead], unitID: unit)
        #expect(RequestWorkflow.denial(.approve, by: unitHead, on: facts(.submitted, required: false)) == nil)
        #expect(RequestWorkflow.target(of: .approve, from: facts(.submitted, required: false)) == .approved)
        // An urgent item approved after the fact stays published whatever the setting.
        #expect(RequestWorkflow.target(of: .approve, from: facts(.published, urgent: true)) == .published)
    }

    @Test func aNamedDelegateAloneDecidesAndNobodyPermitsTheirOwnRequest() {
        let other = WorkflowActor(id: UUID(), roles: [.agencyHead], unitID: nil)
        #expect(RequestWorkflow.denial(.permit, by: chief, on: facts(.awaitingPermission, delegate: agencyHead)) == nil)
        #expect(RequestWorkflow.denial(.permit, by: other, on: facts(.awaitingPermission, delegate: agencyHead)) == .notPermitted(.permit))
        let authorChief = WorkflowActor(id: author, roles: [.agencyHead, .staff], unitID: unit)
        #expect(RequestWorkflow.denial(.permit, by: authorChief, on: facts(.awaitingPermission)) == .ownRequest)
    }

    @Test func urgentRequestsMayStillGoUpBeforeThePermission() {
        let uploader = WorkflowActor(id: UUID(), roles: [.uploader], unitID: nil)
        #expect(RequestWorkflow.denial(.publish, by: uploader, on: facts(.awaitingPermission, urgent: true)) == nil)
        #expect(RequestWorkflow.denial(.publish, by: uploader, on: facts(.submitted, urgent: true)) == nil)
    }
}
