import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import PrakatApp

/// `prakat migrate`: Fluent's own command stopped on a PostgreSQL schema that did not exist yet
/// ("no schema has been selected to create in"), though the README says it is created.
@Suite("prakat migrate")
struct MigrateCommandTests {
    static let postgresURL = ProcessInfo.processInfo.environment["PRAKAT_TEST_DATABASE_URL"]

    /// Runs `prakat <arguments>` on a fresh application and answers how many migrations are recorded.
    func run(_ arguments: [String], environment: [String: String]) async throws -> Int {
        try await runPrakatCommand(arguments, environment: environment) { app in try await Self.recorded(app) }
    }

    static func recorded(_ app: Application) async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        struct Row: Decodable { var count: Int }
        do {
            return try await sql.raw("SELECT COUNT(*) AS count FROM _fluent_migrations").first(decoding: Row.self)?.count ?? 0
        } catch {
            return 0  // no table yet: nothing was run
        }
    }

    @Test func itListsFirstThenRunsEveryMigrationOnceInASchemaItCreates() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-migrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ["PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4"]
        let schema = "mg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        if let url = Self.postgresURL {
            environment["DATABASE_URL"] = url
            environment["PRAKAT_DB_SCHEMA"] = String(schema)
        }
        // --no lists what would run and changes nothing.
        #expect(try await run(["migrate", "--no"], environment: environment) == 0)
        // Without a terminal and without an answer (a deploy script): refused with the flags to
        // pass, nothing run. ConsoleKit stopped the process at the end of stdin before. (From a
        // terminal the question would wait for an answer: only checked without one, as in CI.)
        if isatty(STDIN_FILENO) == 0 {
            let (count, exitCode) = try await runPrakatCommand(["migrate"], environment: environment) { app in
                (try await Self.recorded(app), app.exitCode)
            }
            #expect(count == 0 && exitCode == 2)
        }
        #expect(try await run(["migrate", "--yes"], environment: environment) == PrakatMigrations.all.count)
        // Once is enough: a second run finds nothing new.
        #expect(try await run(["migrate", "--yes"], environment: environment) == PrakatMigrations.all.count)
        if Self.postgresURL != nil {
            let app = try await Application.make(.testing)
            try await configure(
                app, configuration: try PrakatConfiguration.fromEnvironment(environment), clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
            if let sql = app.db as? any SQLDatabase { try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: String(schema)) CASCADE").run() }
            try await app.asyncShutdown()
        }
    }
}
