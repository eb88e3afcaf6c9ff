import Fluent
import Foundation
import PrakatCore
import SQLKit
import Testing
import VaporTesting

@testable import PrakatApp

/// Moving an SQLite install to PostgreSQL (issue 11 §6): the demo agency's every record, blob and
/// audit entry arrives with its identifiers; the chain verifies there; a second move is refused.
/// Runs in the PostgreSQL pass (PRAKAT_TEST_DATABASE_URL).
@Suite("Operations: moving from SQLite to PostgreSQL")
struct DatabaseMoveTests {
    static let postgresURL = ProcessInfo.processInfo.environment["PRAKAT_TEST_DATABASE_URL"]

    @Test(.enabled(if: postgresURL != nil, "needs PostgreSQL (PRAKAT_TEST_DATABASE_URL)"))
    func theDemoAgencyArrivesWholeAndASecondMoveIsRefused() async throws {
        let url = try #require(Self.postgresURL)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-move-\(UUID().uuidString)").path
        let schema = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let configuration = try PrakatConfiguration.fromEnvironment(["PRAKAT_DATA_DIR": directory, "PRAKAT_BCRYPT_COST": "4", "PRAKAT_DEMO": "1"])
        let app = try await Application.make(.testing)
        do {
            try await configure(app, configuration: configuration, clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
            try await prepareDatabase(app, seedDemo: true)
            let sourceNumbers = try await Publication.query(on: app.db).sort(\.$number).all().map(\.number)
            let sourceHashes = try await Blob.query(on: app.db).all().compactMap(\.id).sorted()
            // A citizen's complaint and a day of visitor figures (a table without a model).
            let complaint = try #require(try await ServiceType.query(on: app.db).filter(\.$slug == "complaint").first())
            let receipt = try await app.serviceDesk.submit(
                try await app.serviceDesk.check(ServiceSubmission(typeID: complaint.id, subject: "ร้องเรียน", message: "รายละเอียด", consent: true)).get(),
                channel: .web, actor: .system())
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("INSERT INTO visitor_days (day, page_views, unique_visitors) VALUES ('2026-02-09', 120, 37)").run()

            let report = try await MoveToPostgresCommand.move(app, to: url, schema: String(schema)) { _ in }
            #expect(report.tables.count == DatabaseMove.tables.count)
            #expect(report.auditEntries == (try await AuditEntry.query(on: app.db).count()))
            let target = app.db(.moveTarget)
            #expect(try await Publication.query(on: target).sort(\.$number).all().map(\.number) == sourceNumbers)
            #expect(try await Blob.query(on: target).all().compactMap(\.id).sorted() == sourceHashes)
            let photo = try #require(try await Attachment.query(on: target).filter(\.$altText != nil).first())
            #expect(try await Blob.find(photo.sha256, on: target)?.data.count == photo.size)
            // Timestamps keep their values (a model's create would have set them to now).
            let agency = try #require(try await Agency.query(on: app.db).first())
            #expect(try await Agency.query(on: target).first()?.createdAt == agency.createdAt)
            #expect(DatabaseDialect(target) == .postgres)
            // A column SiteCategory does not map arrives too (the currency desk's review intervals).
            #expect(try await CurrencyCategoryInterval.all(on: target) == (try await CurrencyCategoryInterval.all(on: app.db)))
            #expect(!(try await CurrencyCategoryInterval.all(on: target)).isEmpty)
            #expect(try await ServiceRequest.query(on: target).first()?.trackingCode == receipt.request.trackingCode)
            let day = try await (target as? any SQLDatabase)?.raw("SELECT unique_visitors FROM visitor_days WHERE day = '2026-02-09'").first()
            #expect(try day?.decode(column: "unique_visitors", as: Int.self) == 37)

            await #expect(throws: DatabaseMove.Problem.self) {
                _ = try await DatabaseMove.run(from: app.db, to: target, logger: app.logger)
            }
            if let sql = target as? any SQLDatabase { try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: String(schema)) CASCADE").run() }
        } catch {
            if let sql = app.db(.moveTarget) as? any SQLDatabase { try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: String(schema)) CASCADE").run() }
            try await app.asyncShutdown()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func onlyAnSQLiteInstallMovesAndOnlyToPostgreSQL() async throws {
        try await withPrakat { app, _, _ in
            // On SQLite the target is not PostgreSQL; on PostgreSQL the source is not SQLite.
            await #expect(throws: DatabaseMove.Problem.self) { _ = try await DatabaseMove.run(from: app.db, to: app.db, logger: app.logger) }
            let users = try await User.query(on: app.db).count()
            #expect(users > 0, "nothing was touched")
        }
    }

    /// An unreachable server is said once, by the command, in Thai: the connection pool's own
    /// English error line does not come before it.
    @Test func anUnreachableTargetIsNotLoggedAsAnErrorByThePool() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .sqlite else { return }
            let records = LoggedLevels()
            app.logger = Logger(label: "move-test") { _ in records }
            app.logger.logLevel = .trace
            await #expect(throws: (any Error).self) {
                _ = try await MoveToPostgresCommand.move(app, to: "postgres://prakat:x@127.0.0.1:1/prakat", schema: nil) { _ in }
            }
            #expect(records.levels.allSatisfy { $0 < .error }, "\(records.messages)")
        }
    }

    /// A table added by a later migration must be moved too (or named as not copied): a move that
    /// silently leaves a feature's records behind would lose them.
    @Test func everyTableIsMovedOrNamedAsNotCopied() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .sqlite, let sql = app.db as? any SQLDatabase else { return }
            let rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
            let present = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
                .filter { !$0.hasPrefix("sqlite_") && $0 != "_fluent_migrations" && $0 != "_fluent_enums" }
                .subtracting(DatabaseMove.derivedFromPublications)
            // "table.column" names a column another entry's model does not map (copied after that table).
            let known = Set((DatabaseMove.tables + DatabaseMove.notCopied).map { String($0.name.prefix { $0 != "." }) })
            #expect(present.subtracting(known).isEmpty, "not moved: \(present.subtracting(known).sorted())")
            #expect(known.subtracting(present).isEmpty, "moved but missing: \(known.subtracting(present).sorted())")
        }
    }
}
