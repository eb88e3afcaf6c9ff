import Foundation
import Testing

@testable import PrakatCore

@Suite("Audit vocabulary")
struct AuditActionTests {
    /// One style: `subject.event`, lowercase words joined by `_`.
    @Test func everyNameHasTheOneStyle() {
        let style = /^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$/
        for action in AuditAction.allCases {
            #expect(action.rawValue.wholeMatch(of: style) != nil, "\(action.rawValue)")
            #expect(!action.thaiName.isEmpty)
        }
        #expect(Set(AuditAction.allCases.map(\.rawValue)).count == AuditAction.allCases.count)
    }

    /// Entries written before the vocabulary keep their names and are read through the mapping.
    @Test func oldNamesAreReadThroughTheMapping() {
        #expect(AuditAction.named("request.approve") == .requestApproved)
        #expect(AuditAction.named("fiscalYear.created") == .fiscalYearCreated)
        #expect(AuditAction.named("logout") == .signedOut)
        #expect(AuditAction.named("round.return") == .roundReturned)
        #expect(AuditAction.named("request.approved") == .requestApproved)
        #expect(AuditAction.named("test.event") == nil)
        #expect(AuditAction.requestApproved.storedNames == ["request.approved", "request.approve"])
        for (old, action) in AuditAction.legacyNames {
            #expect(AuditAction(rawValue: old) == nil, "\(old) is both an old and a current name")
            #expect(action.storedNames.contains(old))
        }
    }

    /// Every workflow step has its entry, and the old `entity.<raw value>` names map to it.
    @Test func workflowStepsHaveTheirEntries() {
        // The head of agency's steps came after the vocabulary: they never had an old name.
        let newer: Set<RequestAction> = [.permit, .refuse]
        for action in RequestAction.allCases where !newer.contains(action) {
            let legacy = "request.\(action.rawValue)"
            #expect(AuditAction.named(legacy) == AuditAction(action), "\(legacy)")
        }
        #expect(newer.map { AuditAction($0).rawValue }.sorted() == ["request.permitted", "request.refused"])
        for action in ProjectAction.allCases {
            #expect(AuditAction.named("project.\(action.rawValue)") == AuditAction(action))
        }
        for action in RoundAction.allCases {
            #expect(AuditAction.named("round.\(action.rawValue)") == AuditAction(action))
        }
    }
}
