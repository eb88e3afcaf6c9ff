import Fluent
import Foundation
import PrakatCore
import SQLKit
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Audit trail")
struct AuditTrailTests {
    @Test func signInsAndChangesAreRecordedWithWhoWhenWhereAndWhy() async throws {
        try await withPrakat { app, fixtures, clock in
            let browser = Browser(app)
            try await browser.signIn("staff", password: "wrong-password-1")
            try await browser.signIn("staff")
            let entries = try await AuditEntry.query(on: app.db).sort(\.$sequence).all()
            #expect(entries.map(\.action) == ["login.failed", "login.succeeded"])
            #expect(entries[1].actorID == fixtures.staff.id)
            #expect(entries[1].at == clock.now())
            #expect(entries[0].previousHash == AuditChain.genesis)
            #expect(entries[1].previousHash == entries[0].hash)
            #expect(try await AuditTrail.verify(on: app.db) == .intact(entries: 2))
        }
    }

    @Test func alteringRemovingOrReorderingAnEntryIsFound() async throws {
        try await withPrakat { app, _, _ in
            for index in 1...5 {
                try await app.audit.record(
                    AuditEvent(.backupCreated, entityType: "thing", entityID: "\(index)", reason: "เหตุผล \(index)"),
                    by: .system(), using: app.writer)
            }
            #expect(try await AuditTrail.verify(on: app.db) == .intact(entries: 5))
            let sql = try #require(app.db as? any SQLDatabase)
            // The database refuses changes outright…
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE audit_entries SET reason = 'x' WHERE sequence = 3").run()
            }
            await #expect(throws: (any Error).self) {
                try await sql.raw("DELETE FROM audit_entries WHERE sequence = 5").run()
            }
            // …and someone who drops that guard leaves a trail the verifier finds.
            try await removeAuditGuard(app)

            try await sql.raw("UPDATE audit_entries SET reason = 'แก้ไขภายหลัง' WHERE sequence = 3").run()
            guard case .broken(let altered, let before) = try await AuditTrail.verify(on: app.db) else { Issue.record("not detected"); return }
            #expect(altered == .alteredContent(sequence: 3))
            #expect(before == 2)

            try await sql.raw("UPDATE audit_entries SET reason = 'เหตุผล 3' WHERE sequence = 3").run()
            try await sql.raw("DELETE FROM audit_entries WHERE sequence = 4").run()
            guard case .broken(let gap, _) = try await AuditTrail.verify(on: app.db) else { Issue.record("not detected"); return }
            #expect(gap == .gap(expected: 4, found: 5))
        }
    }

    @Test func concurrentWritersKeepOneUnbrokenChain() async throws {
        try await withPrakat { app, _, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await app.audit.record(AuditEvent(.backupCreated, entityType: "thing", entityID: "\(index)"), by: .system(), using: app.writer)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditTrail.verify(on: app.db) == .intact(entries: 40))
        }
    }

    @Test func aFailedChangeLeavesNoAuditEntry() async throws {
        try await withPrakat { app, _, _ in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await app.writer.write { tx in
                    try await app.audit.record(AuditEvent(.backupRestored, entityType: "thing"), by: .system(), in: tx)
                    throw Boom()
                }
            }
            let remaining = try await AuditEntry.query(on: app.db).count()
            #expect(remaining == 0)
        }
    }

    @Test func theAuditPageVerifiesTheChainOnRequest() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            try await browser.signIn("auditor")
            let page = try await browser.request(.GET, "/admin/audit")
            #expect(page.status == .ok)
            #expect(page.text.contains("login.succeeded"))
            let verified = try await browser.request(.GET, "/admin/audit?verify=1")
            #expect(verified.text.contains("ห่วงโซ่แฮชครบถ้วน"))
            let sql = try #require(app.db as? any SQLDatabase)
            try await removeAuditGuard(app)
            try await sql.raw("UPDATE audit_entries SET actor_name = 'someone else' WHERE sequence = 1").run()
            let broken = try await browser.request(.GET, "/admin/audit?verify=1")
            #expect(broken.text.contains("พบความผิดปกติที่รายการลำดับ 1"))
        }
    }
}
