import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import SQLKit
import Vapor

/// The only place that knows which database is behind Fluent ("raw SQL only behind a
/// small dialect switch").
enum DatabaseDialect: Sendable {
    case sqlite, postgres

    init(_ database: any Database) {
        let name = (database as? any SQLDatabase)?.dialect.name ?? "sqlite"
        self = name.lowercased().contains("postgres") ? .postgres : .sqlite
    }
}

extension SQLQueryString {
    /// SQL: `column` is one of `values`. On PostgreSQL the values are one bound array, so the
    /// statement has one text however many there are (it can run prepared: `PreparedStatements`);
    /// SQLite has no arrays, so there each value is bound.
    static func oneOf(_ column: SQLQueryString, _ values: [some Encodable & Sendable], on database: any Database) -> SQLQueryString {
        guard !values.isEmpty else { return "false" }
        return DatabaseDialect(database) == .postgres ? column + " = ANY(\(bind: values))" : column + " IN (\(binds: values))"
    }
}

enum SQLIndex {
    /// Fluent's schema builder has no portable index API; this statement is the same on both databases.
    static func create(on database: any Database, name: String, table: String, columns: [String], unique: Bool = false) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let columnList = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try await sql.raw("CREATE \(unsafeRaw: unique ? "UNIQUE " : "")INDEX IF NOT EXISTS \(ident: name) ON \(ident: table) (\(unsafeRaw: columnList))").run()
    }

    static func drop(on database: any Database, name: String) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS \(ident: name)").run()
    }
}

extension Database {
    /// A model's rows chosen by one column, read with a plain `SELECT *` and decoded by Fluent.
    /// Fluent's query builder writes every column aliased and quotes each name through a generic
    /// `replacing`: with Fluent's reflection, the four lookups of an uncached item page were about
    /// a quarter of its CPU. Public pages read this way; writes keep the query builder.
    func rows<M: Model>(_ type: M.Type, where column: String, is value: some Codable & Sendable, orderedBy order: String...) async throws -> [M] {
        guard let sql = self as? any SQLDatabase else {
            return try await order.reduce(M.query(on: self).filter(FieldKey(stringLiteral: column), .equal, value)) { $0.sort(FieldKey(stringLiteral: $1)) }.all()
        }
        return try await sql.rows(M.self, "SELECT * FROM \(ident: M.schema) WHERE \(ident: column) = \(bind: value)", orderedBy: order)
    }

    /// Every row of a model, the same way.
    func rows<M: Model>(_ type: M.Type, orderedBy order: String...) async throws -> [M] {
        guard let sql = self as? any SQLDatabase else {
            return try await order.reduce(M.query(on: self)) { $0.sort(FieldKey(stringLiteral: $1)) }.all()
        }
        return try await sql.rows(M.self, "SELECT * FROM \(ident: M.schema)", orderedBy: order)
    }

    func row<M: Model>(_ type: M.Type, where column: String, is value: some Codable & Sendable) async throws -> M? {
        try await rows(type, where: column, is: value).first
    }
}

extension SQLDatabase {
    fileprivate func rows<M: Model>(_ type: M.Type, _ statement: SQLQueryString, orderedBy order: [String]) async throws -> [M] {
        let ordered = order.isEmpty ? statement : statement + " ORDER BY " + order.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
        return try await raw(ordered).all().map { try $0.decode(fluentModel: M.self) }
    }
}

/// A database handle that is inside a write transaction. Only `DatabaseWriter.write` makes one,
/// so code that must be atomic with its audit entry (AuditTrail.record) cannot forget it.
struct WriteTransaction: Sendable {
    let db: any Database
    let dialect: DatabaseDialect
    let hooks = CommitHooks()

    /// Runs `action` once the transaction has committed (never when it rolls back): what other
    /// requests may see only after the data is there, such as dropping cached pages.
    func afterCommit(_ action: @escaping @Sendable () -> Void) { hooks.add(action) }

    /// PostgreSQL advisory lock key for "writing to Prakat" ("prakat" in ASCII).
    static let lockKey: Int64 = 0x7072_616B_6174_01
}

/// Actions waiting for a transaction to commit.
final class CommitHooks: Sendable {
    private let actions = NIOLockedValueBox([@Sendable () -> Void]())

    func add(_ action: @escaping @Sendable () -> Void) { actions.withLockedValue { $0.append(action) } }

    func run() {
        for action in actions.withLockedValue({ actions in
            defer { actions.removeAll() }; return actions
        }) { action() }
    }
}

/// Lets one writer at a time into SQLite from this process. SQLite's busy handler would
/// otherwise spin on a blocking-pool thread while the lock holder waits for a thread to commit
/// on: with as many spinners as pool threads, nobody moves.
actor WriteGate {
    private var isHeld = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !isHeld {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { isHeld = false } else { waiting.removeFirst().resume() }
    }
}

/// The way to change data: `req.writer.write { tx in … }`. See `Database.performWrite`.
struct DatabaseWriter: Sendable {
    let database: any Database
    let gate: WriteGate

    func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        guard DatabaseDialect(database) == .sqlite else { return try await database.performWrite(body) }
        await gate.enter()
        do {
            let result = try await database.performWrite(body)
            await gate.leave()
            return result
        } catch {
            await gate.leave()
            throw error
        }
    }
}

extension DatabaseID {
    /// The owner role's connection for migrations (PRAKAT_MIGRATION_DATABASE_URL).
    static let prakatOwner = DatabaseID(string: "psql-owner")
}

extension Application {
    /// Where migrations run: the owner role when one is configured, else the only database.
    var migrationDatabase: any Database {
        prakat.migrationDatabaseURL == nil ? db : db(.prakatOwner)
    }

    var writer: DatabaseWriter { DatabaseWriter(database: db, gate: writeGate) }
}

extension Request {
    var writer: DatabaseWriter { DatabaseWriter(database: db, gate: application.writeGate) }
}

extension Database {
    /// Runs `body` in one transaction that is allowed to write.
    ///
    /// Writes are serialised the same way on both databases, which keeps the audit chain
    /// linear and check-then-insert rules (lockout counts, "last administrator") race-free:
    /// SQLite: `BEGIN IMMEDIATE` takes the write lock up front (a plain `BEGIN` would fail one of
    /// two racing writers with SQLITE_BUSY_SNAPSHOT after doing its work).
    /// PostgreSQL: the first statement takes a transaction-scoped advisory lock shared by every
    /// instance, before any row lock, so two writers can never deadlock on it.
    fileprivate func performWrite<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        switch DatabaseDialect(self) {
        case .postgres:
            let hooks = CommitHooks()
            let result = try await self.transaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError, reason: "PostgreSQL without SQL support") }
                try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: WriteTransaction.lockKey))").run()
                let transaction = WriteTransaction(db: tx, dialect: .postgres)
                defer { hooks.add { transaction.hooks.run() } }
                return try await body(transaction)
            }
            hooks.run()
            return result
        case .sqlite:
            return try await self.withConnection { connection in
                guard let sql = connection as? any SQLDatabase else { throw Abort(.internalServerError) }
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let transaction = WriteTransaction(db: connection, dialect: .sqlite)
                    let result = try await body(transaction)
                    try await sql.raw("COMMIT").run()
                    transaction.hooks.run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }
}

/// The database did not answer the first statement at start or in a command: said in Thai first,
/// with what PostgreSQL or SQLite said (`DatabaseErrorText`).
public struct DatabaseUnreachable: Error, CustomStringConvertible {
    let detail: String
    public var description: String { DoctorText.databaseUnreachable(detail) + " (database unreachable)" }
}

enum DatabaseSetup {
    /// The first statement on the database `id`, through a logger quiet below critical: the
    /// connection pool logs a failed connection in English at error level, before the caller's
    /// Thai message says the same. Throws `DatabaseUnreachable`.
    static func reach(_ app: Application, _ id: DatabaseID?) async throws {
        var quiet = app.logger
        quiet.logLevel = .critical
        guard let sql = app.databases.database(id, logger: quiet, on: app.eventLoopGroup.any()) as? any SQLDatabase else { return }
        do {
            try await sql.raw("SELECT 1").run()
        } catch {
            throw DatabaseUnreachable(detail: DatabaseErrorText.describe(error))
        }
    }

    /// Pool sizes per event loop (reported by `/metrics`): Fluent's SQLite default of one, four
    /// PostgreSQL connections.
    static let sqliteConnectionsPerEventLoop = 1
    static let postgresConnectionsPerEventLoop = 4

    static func connectionsPerEventLoop(_ configuration: PrakatConfiguration) -> Int {
        configuration.databaseURL == nil ? sqliteConnectionsPerEventLoop : postgresConnectionsPerEventLoop
    }

    /// Settings sent when a PostgreSQL session starts. JIT compilation is off: Prakat's queries
    /// are short, and the search index's functions (declared costly so the planner never runs
    /// them per row) pushed plans over `jit_above_cost`, where compiling took 0.3–0.5 s for a
    /// query that runs in milliseconds.
    static let sessionSettings: [(String, String)] = [("jit", "off")]

    static func configure(_ app: Application, configuration: PrakatConfiguration) throws {
        if let url = configuration.databaseURL {
            var postgres = try SQLPostgresConfiguration(url: url)
            // Tests run one schema per test; the search path selects it.
            if let schema = configuration.databaseSchema {
                postgres.searchPath = [schema]
            }
            postgres.coreConfiguration.options.additionalStartupParameters += sessionSettings
            app.databases.use(
                .postgres(configuration: postgres, maxConnectionsPerEventLoop: postgresConnectionsPerEventLoop, connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug), as: .psql
            )
            if let ownerURL = configuration.migrationDatabaseURL {
                var owner = try SQLPostgresConfiguration(url: ownerURL)
                if let schema = configuration.databaseSchema { owner.searchPath = [schema] }
                owner.coreConfiguration.options.additionalStartupParameters += sessionSettings
                app.databases.use(
                    .postgres(configuration: owner, maxConnectionsPerEventLoop: 1, connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug),
                    as: .prakatOwner, isDefault: false)
            }
        } else {
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            try makeDatabaseFilesPrivate(configuration.sqlitePath)
            app.databases.use(
                .sqlite(.file(configuration.sqlitePath), maxConnectionsPerEventLoop: sqliteConnectionsPerEventLoop, connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug),
                as: .sqlite)
        }
    }

    /// The database holds password hashes, sealed two-factor secrets and citizens' requests: only
    /// its owner may read it. SQLite creates a new file 0644 (less the umask) and gives its WAL and
    /// shared-memory files the database file's own mode, so the file is made 0600 before SQLite
    /// opens it, and an install made before this is tightened at its next start.
    static func makeDatabaseFilesPrivate(_ path: String) throws {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: path) {
            // An empty file is an empty SQLite database.
            guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw PrakatConfiguration.Problem(variable: "PRAKAT_DATA_DIR", message: "สร้างไฟล์ฐานข้อมูลไม่ได้ (cannot create the database file) \(path)")
            }
        }
        for file in [path, path + "-wal", path + "-shm"] where fileManager.fileExists(atPath: file) {
            try? fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
    }

    /// WAL lets readers go on while one writer commits; it is a property of the file, so
    /// setting it once per start is enough.
    static func prepare(_ database: any Database, schema: String? = nil) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch DatabaseDialect(database) {
        case .sqlite:
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        case .postgres:
            if let schema { try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run() }
        }
    }

    /// With `PRAKAT_MIGRATION_DATABASE_URL` (issue 15 §2): after the owner has migrated, the
    /// runtime role of `DATABASE_URL` may read and change Prakat's tables, but on the audit
    /// trail only read and insert, and on the migration log only read. It owns nothing, so it
    /// cannot alter, disable the triggers of, or truncate the trail. Run after every migration,
    /// so new tables get the same grants.
    static func grantRuntimeRole(_ app: Application) async throws {
        guard let runtimeURL = app.prakat.databaseURL, app.prakat.migrationDatabaseURL != nil,
            let owner = app.migrationDatabase as? any SQLDatabase
        else { return }
        guard let runtime = URLComponents(string: runtimeURL)?.user?.removingPercentEncoding, !runtime.isEmpty else {
            throw PrakatConfiguration.Problem(variable: "DATABASE_URL", message: "ต้องระบุชื่อผู้ใช้ฐานข้อมูล (must name the runtime role)")
        }
        struct Row: Decodable { var schema: String; var role: String }
        guard let current = try await owner.raw("SELECT current_schema() AS schema, current_user AS role").first(decoding: Row.self) else { return }
        if current.role == runtime {
            app.logger.warning("PRAKAT_MIGRATION_DATABASE_URL and DATABASE_URL use the same role \(runtime): the audit trail is guarded by triggers only")
            return
        }
        let schema = app.prakat.databaseSchema ?? current.schema
        try await owner.raw("GRANT USAGE ON SCHEMA \(ident: schema) TO \(ident: runtime)").run()
        try await owner.raw("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(ident: schema) TO \(ident: runtime)").run()
        try await owner.raw("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA \(ident: schema) TO \(ident: runtime)").run()
        for table in [AuditEntry.schema, "_fluent_migrations"] {
            try await owner.raw("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON \(ident: schema).\(ident: table) FROM \(ident: runtime)").run()
        }
        try await owner.raw("REVOKE INSERT ON \(ident: schema).\(ident: "_fluent_migrations") FROM \(ident: runtime)").run()
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError { return sqlite.reason == .constraintUniqueFailed || sqlite.reason == .constraint }
        if let psql = error as? PSQLError { return psql.serverInfo?[.sqlState] == "23505" }
        let text = String(describing: error).lowercased()
        return text.contains("unique") || text.contains("duplicate key")
    }
}

/// A database error as a person running a command reads it. `PSQLError` describes itself with a
/// generic sentence on purpose (its full form holds the statement's values, which logs must not);
/// an operator needs PostgreSQL's own message ("password authentication failed for user …") or
/// why the connection failed ("Connection refused").
enum DatabaseErrorText {
    static func describe(_ error: any Error) -> String {
        if let unreachable = error as? DatabaseUnreachable { return unreachable.detail }
        guard let psql = error as? PSQLError else { return String(describing: error) }
        if let message = psql.serverInfo?[.message] {
            return "PostgreSQL: \(message) (SQLSTATE \(psql.serverInfo?[.sqlState] ?? "-"))"
        }
        if let connection = psql.underlying as? NIOConnectionError {
            // "Connection refused" for each address tried, not NIO's "connection reset (error set): …".
            var reasons: [String] = []
            for failure in connection.connectionErrors {
                let reason = (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? String(describing: failure.error)
                if !reasons.contains(reason) { reasons.append(reason) }
            }
            return "PostgreSQL \(connection.host):\(connection.port): " + (reasons.isEmpty ? "no address found for the host" : reasons.joined(separator: "; "))
        }
        if let underlying = psql.underlying { return "PostgreSQL: \(underlying)" }
        return "PostgreSQL: \(psql.code)"
    }
}
