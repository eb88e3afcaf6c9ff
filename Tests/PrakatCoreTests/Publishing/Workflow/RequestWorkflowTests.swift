import Foundation
import PrakatCore
import Testing

@Suite("Request workflow rules")
struct RequestWorkflowTests {
    let unit = UUID()
    let otherUnit = UUID()
    let author = UUID()
    let head = UUID()

    func actor(_ id: UUID, _ roles: Set<Role>, unit: UUID? = nil) -> WorkflowActor {
        WorkflowActor(id: id, roles: roles, unitID: unit ?? self.unit)
    }

    func facts(_ state: RequestState, urgent: Bool = false, approved: Bool = false, head: UUID? = nil) -> RequestFacts {
        RequestFacts(state: state, authorID: author, unitID: unit, unitHeadID: head ?? self.head, urgent: urgent, isApproved: approved)
    }

    @Test func theAuthorSubmitsAndTheUnitHeadDecides() {
        let staff = actor(author, [.staff])
        let unitHead = actor(head, [.unitHead])
        #expect(RequestWorkflow.denial(.submit, by: staff, on: facts(.draft)) == nil)
        #expect(RequestWorkflow.denial(.submit, by: staff, on: facts(.returned)) == nil)
        #expect(RequestWorkflow.denial(.approve, by: unitHead, on: facts(.submitted)) == nil)
        #expect(RequestWorkflow.denial(.returnToAuthor, by: unitHead, on: facts(.submitted)) == nil)
        #expect(RequestWorkflow.denial(.reject, by: unitHead, on: facts(.submitted)) == nil)
        #expect(RequestWorkflow.target(of: .approve, from: facts(.submitted)) == .approved)
        #expect(RequestWorkflow.target(of: .returnToAuthor, from: facts(.submitted)) == .returned)
    }

    @Test func nobodyApprovesTheirOwnRequest() {
        // The author is also the unit's head: submitting has no approver, approving is refused.
        let authorHead = actor(author, [.staff, .unitHead])
        #expect(RequestWorkflow.denial(.submit, by: authorHead, on: facts(.draft, head: author)) == .noApprover)
        #expect(RequestWorkflow.denial(.approve, by: authorHead, on: facts(.submitted, head: author)) == .ownRequest)
    }

    @Test func onlyTheHeadOfTheRequestsUnitMayDecide() {
        let otherHead = actor(UUID(), [.unitHead], unit: otherUnit)
        let webmaster = actor(UUID(), [.webmaster])
        #expect(RequestWorkflow.denial(.approve, by: otherHead, on: facts(.submitted)) == .notPermitted(.approve))
        #expect(RequestWorkflow.denial(.approve, by: webmaster, on: facts(.submitted)) == .notPermitted(.approve))
    }

    @Test func approvingTwiceIsAStateConflict() {
        let denial = RequestWorkflow.denial(.approve, by: actor(head, [.unitHead]), on: facts(.approved))
        #expect(denial == .wrongState(.approved, .approve))
        #expect(denial?.isConflict == true)
    }

    @Test func publishersPublishApprovedRequestsAndUrgentOnesBeforeApproval() {
        let uploader = actor(UUID(), [.uploader])
        #expect(RequestWorkflow.denial(.publish, by: uploader, on: facts(.approved)) == nil)
        #expect(RequestWorkflow.denial(.publish, by: uploader, on: facts(.submitted)) == .wrongState(.submitted, .publish))
        #expect(RequestWorkflow.denial(.publish, by: uploader, on: facts(.submitted, urgent: true)) == nil)
        #expect(RequestWorkflow.denial(.publish, by: actor(author, [.staff]), on: facts(.approved)) == .notPermitted(.publish))
    }

    @Test func anUrgentItemIsApprovedOrRejectedAfterTheFact() {
        let unitHead = actor(head, [.unitHead])
        let published = facts(.published, urgent: true)
        #expect(RequestWorkflow.denial(.approve, by: unitHead, on: published) == nil)
        #expect(RequestWorkflow.target(of: .approve, from: published) == .published)
        #expect(RequestWorkflow.target(of: .reject, from: published) == .withdrawn)
        #expect(RequestWorkflow.denial(.returnToAuthor, by: unitHead, on: published) != nil)
        #expect(RequestWorkflow.systemDenial(.urgentLapse, on: published) == nil)
        #expect(RequestWorkflow.systemDenial(.urgentLapse, on: facts(.published, urgent: true, approved: true)) != nil)
    }

    @Test func onlyWebmastersWithdrawAndOnlyTheSystemExpires() {
        #expect(RequestWorkflow.denial(.withdraw, by: actor(UUID(), [.webmaster]), on: facts(.published)) == nil)
        #expect(RequestWorkflow.denial(.withdraw, by: actor(UUID(), [.uploader]), on: facts(.published)) == .notPermitted(.withdraw))
        #expect(RequestWorkflow.denial(.expire, by: actor(UUID(), [.webmaster, .administrator]), on: facts(.published)) == .notPermitted(.expire))
        #expect(RequestWorkflow.systemDenial(.expire, on: facts(.published)) == nil)
        #expect(RequestWorkflow.systemDenial(.expire, on: facts(.withdrawn)) == .wrongState(.withdrawn, .expire))
    }

    @Test func reasonsAreRequiredWhereTheFormAsksWhy() {
        #expect(RequestAction.returnToAuthor.requiresReason && RequestAction.reject.requiresReason && RequestAction.withdraw.requiresReason)
        #expect(!RequestAction.approve.requiresReason)
    }
}

@Suite("Publication window")
struct PublicationWindowTests {
    let start = Date(timeIntervalSince1970: 1_770_000_000)

    @Test func anItemIsPublicOnlyInsideItsPeriod() {
        let window = PublicationWindow(publishAt: start, expireAt: start.addingTimeInterval(3600))
        #expect(window.status(at: start.addingTimeInterval(-1)) == .scheduled)
        #expect(window.status(at: start) == .live)
        #expect(window.status(at: start.addingTimeInterval(3599)) == .live)
        #expect(window.status(at: start.addingTimeInterval(3600)) == .expired)
        #expect(window.nextChange(after: start.addingTimeInterval(-10)) == start)
        #expect(window.nextChange(after: start) == start.addingTimeInterval(3600))
        #expect(window.nextChange(after: start.addingTimeInterval(3600)) == nil)
    }

    @Test func withdrawnAndLapsedUrgentItemsAreNotPublic() {
        let withdrawn = PublicationWindow(publishAt: start, expireAt: nil, withdrawnAt: start.addingTimeInterval(10))
        #expect(withdrawn.status(at: start.addingTimeInterval(5)) == .live)
        #expect(withdrawn.status(at: start.addingTimeInterval(10)) == .withdrawn)
        let urgent = PublicationWindow(publishAt: start, expireAt: nil, urgentDeadline: start.addingTimeInterval(72 * 3600))
        #expect(urgent.isPublic(at: start.addingTimeInterval(71 * 3600)))
        #expect(urgent.status(at: start.addingTimeInterval(72 * 3600)) == .urgentLapsed)
    }

    @Test func periodRulesUseTheCategoryDefaultAndRefuseEndsInThePast() {
        let rule = PeriodRule(requiresExpiry: true, defaultDays: 30)
        #expect(rule.resolvedEnd(start: start, requested: nil) == start.addingTimeInterval(30 * 86_400))
        #expect(rule.violations(start: start, end: start.addingTimeInterval(-1), now: start) == [.endBeforeStart, .endInPast])
        #expect(PeriodRule(requiresExpiry: true, defaultDays: nil).violations(start: start, end: nil, now: start) == [.endRequired])
        #expect(PeriodRule(requiresExpiry: false, defaultDays: nil).violations(start: start, end: nil, now: start).isEmpty)
    }
}
