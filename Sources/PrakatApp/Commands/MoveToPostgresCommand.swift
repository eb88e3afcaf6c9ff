import Fluent
import FluentPostgresDriver
import Foundation
import PrakatCore
import Vapor

extension DatabaseID {
    /// The PostgreSQL database an SQLite install moves into.
    static let moveTarget = DatabaseID(string: "move-target")
}

/// `prakat move-to-postgres --to postgres://…`: copies this SQLite install into an empty
/// PostgreSQL database (docs/install.md "Moving from SQLite to PostgreSQL").
struct MoveToPostgresCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The PostgreSQL database to move into, e.g. postgres://prakat:…@db.example:5432/prakat (it must be empty).")
        var target: String?
        @Option(name: "schema", help: "A schema inside that database (default: the role's search path).")
        var schema: String?
        init() {}
    }

    let help = "Copies this SQLite install (every record, attachment and the audit trail) into an empty PostgreSQL database, then verifies it."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard app.prakat.databaseURL == nil else {
            context.console.error("refused: DATABASE_URL is set; run this with the SQLite install's settings and give PostgreSQL with --to")
            app.exitCode = 2
            return
        }
        guard let url = signature.target ?? ProcessInfo.processInfo.environment["PRAKAT_MOVE_TO"], !url.isEmpty else {
            context.console.error("give the PostgreSQL database with --to postgres://user:password@host:5432/database")
            app.exitCode = 2
            return
        }
        do {
            let report = try await Self.move(app, to: url, schema: signature.schema) { context.console.print($0) }
            context.console.print("moved \(report.totalRows) rows in \(report.tables.count) tables; audit trail intact (\(report.auditEntries) entries)")
            context.console.print(
                "next: stop using the SQLite file, set DATABASE_URL to the new database and start prakat serve (the data directory still holds the 2FA key and traffic logs)")
        } catch let problem as DatabaseMove.Problem {
            context.console.error("refused: \(problem)")
            app.exitCode = 1
        } catch let problem as PrakatConfiguration.Problem {
            context.console.error("refused: \(problem)")
            app.exitCode = 2
        } catch {
            // An unreachable server, a wrong password, a role that may not create tables: what
            // PostgreSQL said, not the driver's generic sentence. The SQLite install is only read.
            context.console.error(
                "ย้ายไม่สำเร็จ: \(DatabaseErrorText.describe(error)) — ฐานข้อมูล SQLite เดิมไม่ถูกแก้ไข (move failed; the SQLite install is unchanged)")
            app.exitCode = 1
        }
    }

    /// Connects to `url`, brings it to this version's schema, and copies the SQLite database into it.
    static func move(_ app: Application, to url: String, schema: String?, progress: (String) -> Void) async throws -> DatabaseMove.Report {
        var postgres: SQLPostgresConfiguration
        do {
            postgres = try SQLPostgresConfiguration(url: url)
        } catch {
            throw PrakatConfiguration.Problem(variable: "--to", message: "ไม่ใช่ที่อยู่ฐานข้อมูล PostgreSQL (not a postgres:// URL)")
        }
        if let schema { postgres.searchPath = [schema] }
        postgres.coreConfiguration.options.additionalStartupParameters += DatabaseSetup.sessionSettings
        app.databases.use(
            .postgres(configuration: postgres, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug), as: .moveTarget,
            isDefault: false)
        try await DatabaseSetup.reach(app, .moveTarget)
        let target = app.db(.moveTarget)
        try await DatabaseSetup.prepare(target, schema: schema)
        for migration in PrakatMigrations.all { app.migrations.add(migration, to: .moveTarget) }
        try await app.autoMigrate()
        progress("PostgreSQL is at this version's schema; copying")
        return try await DatabaseMove.run(from: app.db, to: target, logger: app.logger, progress: progress)
    }
}
