import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// The only place that knows which database is behind Fluent (STYLE.md "raw SQL only behind a
/// small dialect switch").
enum DatabaseDialect: Sendable {
    case sqlite, postgres

    init(_ database: any Database) {
        let name = (database as? any SQLDatabase)?.dialect.name ?? "sqlite"
        self = name.lowercased().contains("postgres") ? .postgres : .sqlite
    }
}

enum SQLIndex {
    /// Fluent's schema builder has no portable index API; this statement is the same on both databases.
    static func create(on database: any Database, name: String, table: String, columns: [String], unique: Bool = false) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let columnList = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try await sql.raw("CREATE \(unsafeRaw: unique ? "UNIQUE " : "")INDEX IF NOT EXISTS \(ident: name) ON \(ident: table) (\(unsafeRaw: columnList))").run()
    }
}

/// A database handle that is inside a write transaction. Only `Database.write` makes one,
/// so code that must be atomic with its audit entry (AuditTrail.record) cannot forget it.
struct WriteTransaction: Sendable {
    let db: any Database
    let dialect: DatabaseDialect
}

extension Database {
    /// Runs `body` in one transaction that is allowed to write.
    ///
    /// SQLite: `BEGIN IMMEDIATE` takes the write lock up front, so two connections can never
    /// both read the audit chain's head and then race to append (a plain `BEGIN` would fail
    /// one of them with SQLITE_BUSY_SNAPSHOT after doing its work).
    /// PostgreSQL: an ordinary transaction; the audit trail adds its own advisory lock.
    func write<T: Sendable>(_ body: @escaping @Sendable (WriteTransaction) async throws -> T) async throws -> T {
        switch DatabaseDialect(self) {
        case .postgres:
            return try await self.transaction { tx in
                try await body(WriteTransaction(db: tx, dialect: .postgres))
            }
        case .sqlite:
            return try await self.withConnection { connection in
                guard let sql = connection as? any SQLDatabase else { throw Abort(.internalServerError) }
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(WriteTransaction(db: connection, dialect: .sqlite))
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }
}

enum DatabaseSetup {
    static func configure(_ app: Application, configuration: PrakatConfiguration) throws {
        if let url = configuration.databaseURL {
            var postgres = try SQLPostgresConfiguration(url: url)
            // Tests run one schema per test; the search path selects it.
            if let schema = configuration.databaseSchema {
                postgres.searchPath = [schema]
            }
            app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug), as: .psql)
        } else {
            try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(configuration.sqlitePath), connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug), as: .sqlite)
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

    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError { return sqlite.reason == .constraintUniqueFailed || sqlite.reason == .constraint }
        if let psql = error as? PSQLError { return psql.serverInfo?[.sqlState] == "23505" }
        let text = String(describing: error).lowercased()
        return text.contains("unique") || text.contains("duplicate key")
    }
}
