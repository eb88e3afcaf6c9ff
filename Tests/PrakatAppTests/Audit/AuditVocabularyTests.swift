import Fluent
import Foundation
import PrakatCore
import Testing

@testable import PrakatApp

/// Fails when anything in the trail was recorded under a name outside `AuditAction`, or with an
/// id in capitals. Called after the broad tests that drive many write routes.
func expectAuditVocabulary(_ db: any Database, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let entries = try await AuditEntry.query(on: db).all()
    #expect(!entries.isEmpty, sourceLocation: sourceLocation)
    for entry in entries {
        #expect(AuditAction(rawValue: entry.action) != nil, "\(entry.action) is not in AuditAction", sourceLocation: sourceLocation)
        if let id = entry.entityID {
            #expect(id == AuditEvent.normalised(id), "\(entry.action): id \(id) is not lowercase", sourceLocation: sourceLocation)
        }
        let details = (try? JSONDecoder().decode([String: String].self, from: Data(entry.details.utf8))) ?? [:]
        for (key, value) in details {
            #expect(value == AuditEvent.normalised(value), "\(entry.action): \(key) \(value) is not lowercase", sourceLocation: sourceLocation)
        }
    }
}

@Suite("Audit vocabulary in the trail")
struct AuditVocabularyTests {
    /// The demo agency goes through the real services: accounts, units, categories, a project and
    /// an approved round (the publishing and plans page tests check the requests' and projects' steps).
    @Test func theDemoAgencyRecordsOnlyKnownActionsWithLowercaseIds() async throws {
        try await withPrakat { app, _, _ in
            try await User.query(on: app.db).delete()
            try await OrgUnit.query(on: app.db).delete()
            try await Agency.query(on: app.db).delete()
            try await SiteCategory.query(on: app.db).delete()
            _ = try await DemoSeeder(app: app).seed()
            let actions = Set(try await AuditEntry.query(on: app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["agency.created", "unit.created", "user.created", "category.tree_created", "project.created", "round.approved"]))
            try await expectAuditVocabulary(app.db)
        }
    }

    /// Entries written before the vocabulary are shown under today's name, with the old one.
    @Test func theAuditPageShowsOldNamesThroughTheMapping() async throws {
        try await withPrakat { app, _, _ in
            try await app.writer.write { tx in
                try await app.audit.record(AuditEvent(.requestApproved, entityType: "publication_request"), by: .system(), in: tx)
            }
            // An entry as an earlier version wrote it (name and all), chained like any other.
            try await app.writer.write { tx in
                var event = AuditEvent(.requestApproved, entityType: "publication_request")
                event.action = "request.approve"
                try await app.audit.record(event, by: .system(), in: tx)
            }
            let admin = Browser(app)
            try await admin.signIn("administrator")
            let page = try await admin.request(.GET, AccountsRoute.audit().path)
            #expect(page.status == .ok)
            #expect(page.text.contains("บันทึกในชื่อเดิม <code>request.approve</code>"))
            #expect(page.text.contains("อนุมัติคำขอ"))
            guard case .intact = try await AuditTrail.verify(on: app.db) else { Issue.record("the chain broke"); return }
        }
    }
}
