import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import PrakatApp

/// Issue 15 §2: the trail cannot be emptied in one statement, and on PostgreSQL the role the
/// server runs as may only read and append to it.
@Suite("Audit trail: truncate and database roles")
struct AuditRolesTests {
    static let postgresURL = ProcessInfo.processInfo.environment["PRAKAT_TEST_DATABASE_URL"]

    @Test func noOneEmptiesTheTrailNotEvenItsOwner() async throws {
        try await withPrakat { app, _, _ in
            try await app.writer.write { tx in
                try await app.audit.record(AuditEvent(.backupCreated, entityType: "thing"), by: .system(), in: tx)
            }
            let sql = try #require(app.db as? any SQLDatabase)
            let before = try await AuditEntry.query(on: app.db).count()
            switch DatabaseDialect(app.db) {
            case .postgres:
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE audit_entries").run() }
            case .sqlite:
                // SQLite has no TRUNCATE; its whole-table form is DELETE without WHERE.
                await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_entries").run() }
            }
            #expect(try await AuditEntry.query(on: app.db).count() == before)
        }
    }

    @Test(.enabled(if: AuditRolesTests.postgresURL != nil, "PostgreSQL only: roles exist there (set PRAKAT_TEST_DATABASE_URL, scripts/ci-postgres.sh)"))
    func theRuntimeRoleMayOnlyReadAndAppendToTheTrail() async throws {
        try await withPrakat { app, _, _ in
            // The test's own database (a copy per test), as its owner.
            let ownerURL = try #require(app.prakat.databaseURL)
            let owner = try #require(app.db as? any SQLDatabase)
            let schema = try #require(app.prakat.databaseSchema)
            let role = "prakat_rt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            let password = UUID().uuidString
            try await owner.raw("CREATE ROLE \(ident: role) LOGIN PASSWORD \(unsafeRaw: "'" + password + "'")").run()
            var runtimeURL = try #require(URLComponents(string: ownerURL))
            runtimeURL.user = role
            runtimeURL.password = password
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-rt-\(UUID().uuidString)").path
            let config = try PrakatConfiguration.fromEnvironment([
                "DATABASE_URL": try #require(runtimeURL.string), "PRAKAT_MIGRATION_DATABASE_URL": ownerURL,
                "PRAKAT_DB_SCHEMA": schema, "PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4"
            ])
            let runtime = try await Application.make(.testing)
            do {
                try await configure(runtime, configuration: config, clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
                try await prepareDatabase(runtime, seedDemo: false)
                let sql = try #require(runtime.db as? any SQLDatabase)
                // It does its work: reads, and appends to the chain.
                try await runtime.writer.write { tx in
                    try await runtime.audit.record(AuditEvent(.backupRestored, entityType: "thing"), by: .system(), in: tx)
                }
                let count = try await AuditEntry.query(on: runtime.db).count()
                #expect(count >= 1)
                #expect(try await AuditTrail.verify(on: runtime.db) == .intact(entries: count))
                // It cannot change, remove, empty, alter or unguard the trail.
                for statement in [
                    "UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries",
                    "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change",
                    "ALTER TABLE audit_entries DISABLE TRIGGER ALL",
                    "DROP TRIGGER audit_entries_no_truncate ON audit_entries", "DROP TABLE audit_entries",
                    "INSERT INTO _fluent_migrations (id, name, batch) VALUES ('\(UUID().uuidString)', 'x', 99)"
                ] {
                    await #expect(throws: (any Error).self, "\(statement)") { try await sql.raw("\(unsafeRaw: statement)").run() }
                }
                #expect(try await AuditEntry.query(on: runtime.db).count() == count)
                // Other tables stay writable for it.
                try await sql.raw("UPDATE security_settings SET id = id").run()
            } catch {
                try await runtime.asyncShutdown()
                throw error
            }
            try await runtime.asyncShutdown()
            try? FileManager.default.removeItem(atPath: directory)
            // The role owns nothing: once the schema is gone, it can go too.
            try await owner.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
            try await owner.raw("DROP ROLE IF EXISTS \(ident: role)").run()
        }
    }
}
