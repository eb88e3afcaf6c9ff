import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import PrakatCore
import SQLKit

/// Runs a statement on PostgreSQL as a prepared statement of the connection it runs on.
///
/// SQLKit sends every statement unnamed: PostgreSQL parses it, copies its trees and plans it
/// again each time. Public search sends three to seven long statements per query, and under four
/// clients that was about a tenth of PostgreSQL's work per search (measured in
/// docs/performance.md; the same statements ran 20–25 % more searches a second with
/// `pgbench -M prepared` than with `-M extended`). A statement prepared once per connection is
/// only bound and run; after five runs PostgreSQL keeps one generic plan for it.
///
/// The statement's text names it (a hash of the text), so each shape of statement is prepared
/// once per connection: callers keep their texts few (values as binds, never as literals), and
/// past `maximumTexts` texts a new one runs unprepared, so that no run of odd statements fills
/// the connections with them. Where a statement cannot be prepared (a bind PostgresNIO cannot
/// encode, a transaction, SQLite) or preparing it failed, it runs as an unnamed one, as before.
/// That second run is safe for writes too: outside a transaction a statement the server
/// refused left nothing behind (the rate limit's upsert runs here).
enum PreparedStatements {
    static let maximumTexts = 256
    private static let names = NIOLockedValueBox<Set<String>>([])

    /// The statement's first row, run prepared where it can be; `connection` pins it to one and
    /// prepares it however many texts there were (tests look at what that connection holds).
    static func first(_ query: SQLQueryString, on sql: any SQLDatabase, through connection: PostgresConnection? = nil) async throws -> (any SQLRow)? {
        try await rows(query, on: sql, through: connection, all: false).first
    }

    /// All the statement's rows, run prepared where it can be (`connection` as for `first`).
    static func all(_ query: SQLQueryString, on sql: any SQLDatabase, through connection: PostgresConnection? = nil) async throws -> [any SQLRow] {
        try await rows(query, on: sql, through: connection, all: true)
    }

    private static func rows(_ query: SQLQueryString, on sql: any SQLDatabase, through connection: PostgresConnection?, all: Bool) async throws -> [any SQLRow] {
        func unprepared() async throws -> [any SQLRow] {
            all ? try await sql.raw(query).all() : try await sql.raw(query).first().map { [$0] } ?? []
        }
        guard var prepared = try prepare(query, on: sql, counted: connection == nil) else { return try await unprepared() }
        if let connection { prepared.database = connection }
        do {
            return try await prepared.run(all: all)
        } catch let error as PSQLError where error.code == .server {
            // Preparing or running it failed on the server (the statement is kept failed on its
            // connection): as an unnamed statement it either works or says what is wrong.
            // Its state only: the error's description carries the statement's values.
            sql.logger.debug("A statement did not run prepared", metadata: ["sqlstate": "\(error.serverInfo?[.sqlState] ?? "")"])
            return try await unprepared()
        }
    }

    private struct Prepared {
        var statement: Statement
        var name: String
        var text: String
        var database: any PostgresDatabase
        var logger: Logger

        /// Its rows, or only its first (`all` false).
        func run(all: Bool) async throws -> [any SQLRow] {
            let (statement, name, text, logger) = (statement, name, text, logger)
            return try await database.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    try await Statement.$current.withValue((name, text)) {
                        // Read to the end (the search's statements return one row) so that the
                        // connection goes back to the pool with nothing left to receive.
                        var rows: [any SQLRow] = []
                        for try await row in try await connection.execute(statement, logger: logger) where all || rows.isEmpty {
                            rows.append(row.sql())
                        }
                        return rows
                    }
                }
            }.get()
        }
    }

    /// The statement's text and bindings, if it can run prepared (`counted`: only while there
    /// have been fewer than `maximumTexts` texts, or it is one of them).
    private static func prepare(_ query: SQLQueryString, on sql: any SQLDatabase, counted: Bool) throws -> Prepared? {
        guard let database = sql as? any PostgresDatabase, (sql as? any Database)?.inTransaction != true else { return nil }
        var serializer = SQLSerializer(database: sql)
        query.serialize(to: &serializer)
        var bindings = PostgresBindings(capacity: serializer.binds.count)
        for bind in serializer.binds {
            guard let value = bind as? any PostgresThrowingDynamicTypeEncodable else { return nil }
            try bindings.append(value)
        }
        let name = "prakat_prepared_" + hash(serializer.sql)
        let known = names.withLockedValue { names in
            if names.count < maximumTexts { names.insert(name) }
            return names.contains(name)
        }
        guard known || !counted else { return nil }
        return Prepared(statement: Statement(bindings: bindings), name: name, text: serializer.sql, database: database, logger: sql.logger)
    }

    /// FNV-1a of the text in hex, 16 digits: a name that stays the same for the same text.
    static func hash(_ text: String) -> String {
        let digits = String(FNV1a.hash(text.utf8), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// PostgresNIO prepares a statement by its type's name and text, read as it sends the
    /// statement (in the calling task): the texts are made as the app runs, so each call gives
    /// its own for its duration.
    struct Statement: PostgresPreparedStatement {
        @TaskLocal static var current: (name: String, text: String) = ("", "")
        static var name: String { current.name }
        static var sql: String { current.text }

        typealias Row = PostgresRow
        var bindings: PostgresBindings

        func makeBindings() throws -> PostgresBindings { bindings }
        func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
    }
}
