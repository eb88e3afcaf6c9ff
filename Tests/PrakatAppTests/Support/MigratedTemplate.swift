import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

@testable import PrakatApp

/// One database migrated per test run, copied for every test.
///
/// Migrating a fresh database (some 80 migrations and the checklist catalog) costs about a
/// second per app, five times what a typical test does itself. `withPrakat` therefore starts
/// each test from a copy of a database that the same `prepareDatabase` migrated once: SQLite
/// copies the file, PostgreSQL clones a template database (`CREATE DATABASE … TEMPLATE`, tens of
/// milliseconds). A PostgreSQL role that may not create databases gets a migrated schema per
/// test, as before. Each test still runs `prepareDatabase` on its copy, which finds every
/// migration applied and the catalog present.
actor MigratedTemplate {
    static let shared = MigratedTemplate()

    /// The schema each PostgreSQL copy keeps its tables in (as a deployment with
    /// `PRAKAT_DB_SCHEMA` would); every test database has its own, so one name serves all.
    static let postgresSchema = "prakat"

    private var sqliteFile: Task<String, any Error>?
    private var postgres: Task<PostgresTemplates?, any Error>?

    /// The path of a migrated SQLite file to copy, made on first use.
    func sqliteTemplate() async throws -> String {
        let task = sqliteFile ?? Task { try await Self.makeSQLiteTemplate() }
        sqliteFile = task
        return try await task.value
    }

    /// Clones of one migrated PostgreSQL database, or nil when the role may not create databases.
    func postgresTemplates(baseURL: String) async throws -> PostgresTemplates? {
        let task = postgres ?? Task { try await PostgresTemplates.make(baseURL: baseURL) }
        postgres = task
        return try await task.value
    }

    /// Copies the template into a test's data directory, where its app will look for it.
    static func copySQLite(from template: String, for configuration: PrakatConfiguration) throws {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: template, toPath: configuration.sqlitePath)
    }

    private static let templatePrefix = "prakat-test-template-"

    private static func makeSQLiteTemplate() async throws -> String {
        let temporary = FileManager.default.temporaryDirectory.path
        removeTemplatesOfEndedRuns(in: temporary)
        let directory = (temporary as NSString).appendingPathComponent("\(templatePrefix)\(getpid())-\(UUID().uuidString.prefix(8))")
        let configuration = try PrakatConfiguration.fromEnvironment(["PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4"])
        try await migrate(
            configuration,
            after: { app in
                // The copy must be the whole database: fold the write-ahead log into the file.
                try await (app.db as? any SQLDatabase)?.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            })
        return configuration.sqlitePath
    }

    /// Templates are left in the temporary directory when a run ends (nothing runs after the
    /// last test); the next run removes those whose process has gone.
    private static func removeTemplatesOfEndedRuns(in temporary: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix(templatePrefix) {
            let pid = name.dropFirst(templatePrefix.count).split(separator: "-").first.flatMap { Int32($0) }
            if let pid, !processIsRunning(pid) {
                try? FileManager.default.removeItem(atPath: (temporary as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Migrates a database the way every test's `withPrakat` prepares one.
    fileprivate static func migrate(
        _ configuration: PrakatConfiguration, before: (Application) async throws -> Void = { _ in },
        after: (Application) async throws -> Void = { _ in }
    ) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, configuration: configuration, clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
            try await before(app)
            try await prepareDatabase(app, seedDemo: false, defaultCategories: false)
            try await after(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

func processIsRunning(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno != ESRCH }

/// Test databases cloned from one migrated template on the PostgreSQL of PRAKAT_TEST_DATABASE_URL.
/// Databases are created and dropped through a connection to that URL's own database.
final class PostgresTemplates: Sendable {
    private let baseURL: URLComponents
    private let template: String
    private let admin: Application

    private init(baseURL: URLComponents, template: String, admin: Application) {
        self.baseURL = baseURL
        self.template = template
        self.admin = admin
    }

    /// Names carry the test process's id, so a later run can tell which ones nobody uses:
    /// `prakat_copy_<pid>_template` and `prakat_copy_<pid>_<16 hex digits>`.
    private static let prefix = "prakat_copy_"

    static func make(baseURL: String) async throws -> PostgresTemplates? {
        guard let components = URLComponents(string: baseURL) else { return nil }
        let admin = try await Application.make(.testing)
        admin.logger.logLevel = .warning
        do {
            admin.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: baseURL), maxConnectionsPerEventLoop: 1), as: .psql)
            guard let templates = try await make(admin, components) else {
                try await admin.asyncShutdown()
                return nil
            }
            return templates
        } catch {
            // An application must be shut down before it goes (Vapor asserts it).
            try? await admin.asyncShutdown()
            throw error
        }
    }

    private static func make(_ admin: Application, _ components: URLComponents) async throws -> PostgresTemplates? {
        guard let sql = admin.db as? any SQLDatabase else { return nil }
        struct Privilege: Decodable { var allowed: Bool }
        let privilege = try await sql.raw("SELECT rolcreatedb OR rolsuper AS allowed FROM pg_roles WHERE rolname = current_user").first(decoding: Privilege.self)
        guard privilege?.allowed == true else { return nil }
        try await dropDatabasesOfEndedRuns(sql)
        let templates = PostgresTemplates(baseURL: components, template: "\(prefix)\(getpid())_template", admin: admin)
        try await sql.raw("DROP DATABASE IF EXISTS \(ident: templates.template)").run()
        // With the base database's encoding and locale (template1's may differ).
        struct Settings: Decodable { var encoding: String; var collate: String; var ctype: String }
        guard
            let settings = try await sql.raw(
                "SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collate, datctype AS ctype FROM pg_database WHERE datname = current_database()"
            ).first(decoding: Settings.self)
        else { return nil }
        try await sql.raw(
            """
            CREATE DATABASE \(ident: templates.template) TEMPLATE template0 ENCODING \(literal: settings.encoding) \
            LC_COLLATE \(literal: settings.collate) LC_CTYPE \(literal: settings.ctype)
            """
        ).run()
        let configuration = try PrakatConfiguration.fromEnvironment([
            "PRAKAT_DATA_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("prakat-test-\(UUID().uuidString)").path,
            "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4",
            "DATABASE_URL": templates.url(of: templates.template), "PRAKAT_DB_SCHEMA": MigratedTemplate.postgresSchema
        ])
        try await MigratedTemplate.migrate(
            configuration,
            before: { app in
                // In `public`, as an administrator would install it, outside Prakat's schema.
                // Without pg_trgm (postgresql-contrib) the migrations say what is missing.
                try? await (app.db as? any SQLDatabase)?.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public").run()
            })
        try? FileManager.default.removeItem(atPath: configuration.dataDirectory)
        return templates
    }

    /// The URL of one of the cluster's databases, with the base URL's credentials and options.
    func url(of database: String) -> String {
        var components = baseURL
        components.path = "/" + database
        return components.string ?? ""
    }

    /// A fresh copy of the migrated template; its name.
    func clone() async throws -> String {
        let name = "\(Self.prefix)\(getpid())_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
        guard let sql = admin.db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "no PostgreSQL") }
        try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run()
        return name
    }

    /// Drops a test's copy once its apps have shut down.
    ///
    /// A pool that shut down while one of its connections was still being opened (two statements
    /// at once ask for a second connection at the last moment) closes that connection only once it
    /// is set up. Ending it during its set-up (`DROP … WITH (FORCE)`) makes PostgresKit drop the
    /// half-made connection unclosed, and PostgresNIO's debug assertion on that stops the whole
    /// test process. So the plain drop, which refuses while anyone is connected, is tried until
    /// those connections have ended on their own; FORCE only ends one a test really left open.
    func drop(_ database: String) async {
        guard let sql = admin.db as? any SQLDatabase else { return }
        for _ in 0..<250 {
            do {
                try await sql.raw("DROP DATABASE IF EXISTS \(ident: database)").run()
                return
            } catch {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        try? await sql.raw("DROP DATABASE IF EXISTS \(ident: database) WITH (FORCE)").run()
    }

    /// A run that ended (or was killed) leaves its template and perhaps some copies behind.
    private static func dropDatabasesOfEndedRuns(_ sql: any SQLDatabase) async throws {
        struct Row: Decodable { var datname: String }
        let rows = try await sql.raw("SELECT datname FROM pg_database WHERE datname ~ '^prakat_copy_[0-9]+_(template|[0-9a-f]{16})$'")
            .all(decoding: Row.self)
        for row in rows {
            let pid = row.datname.dropFirst(prefix.count).split(separator: "_").first.flatMap { Int32($0) }
            if let pid, !processIsRunning(pid) {
                try? await sql.raw("DROP DATABASE IF EXISTS \(ident: row.datname) WITH (FORCE)").run()
            }
        }
    }
}
