import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import PrakatApp

/// Statements run as prepared statements of their connection on PostgreSQL (public search, a
/// page's rows and covers, the listings' next change), and as before wherever they cannot.
@Suite("Support: prepared statements")
struct PreparedStatementsTests {
    @Test func theNameIsTheTextsHash() {
        // FNV-1a, 64 bits: the published value for "a", and none for two texts alike.
        #expect(PreparedStatements.hash("a") == "af63dc4c8601ec8c")
        #expect(PreparedStatements.hash("") == "cbf29ce484222325")
        #expect(PreparedStatements.hash("SELECT $1") != PreparedStatements.hash("SELECT $2"))
    }

    @Test func aStatementIsPreparedOnceOnItsConnectionAndRunsWithItsBinds() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase, let postgres = app.db as? any PostgresDatabase
            else { return }
            struct Prepared: Decodable { var name: String }
            let found = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    var answers: [Int] = []
                    // Past five runs PostgreSQL plans it once for all values: the answers must follow the binds still.
                    for value in 1...8 {
                        let row = try await PreparedStatements.first("SELECT \(bind: value) * 10 + 2 AS answer", on: sql, through: connection)
                        answers.append(try #require(row).decode(column: "answer", as: Int.self))
                    }
                    let names = try await connection.sql().raw("SELECT name FROM pg_prepared_statements WHERE name LIKE 'prakat_prepared_%'")
                        .all(decoding: Prepared.self).map(\.name)
                    return (answers, names)
                }
            }.get()
            #expect(found.0 == [12, 22, 32, 42, 52, 62, 72, 82])
            // Once, whatever else the app prepared on that connection meanwhile.
            #expect(found.1.filter { $0 == "prakat_prepared_" + PreparedStatements.hash("SELECT $1 * 10 + 2 AS answer") }.count == 1)
        }
    }

    /// `query` run prepared twice on one connection, dropped on the server between the runs
    /// behind PostgresNIO's back (which still counts it prepared there); `text` is its SQL as sent.
    static func runTwiceLosingItBetween(
        _ query: SQLQueryString, text: String, column: String, sql: any SQLDatabase, postgres: any PostgresDatabase
    ) async throws -> [Int?] {
        try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                let before = try await PreparedStatements.first(query, on: sql, through: connection)?.decode(column: column, as: Int.self)
                try await connection.sql().raw("DEALLOCATE \(ident: "prakat_prepared_" + PreparedStatements.hash(text))").run()
                let after = try await PreparedStatements.first(query, on: sql, through: connection)?.decode(column: column, as: Int.self)
                return [before, after]
            }
        }.get()
    }

    /// A pooler that does not carry prepared statements loses them between statements: the
    /// statement then fails as a prepared one, and runs again unnamed.
    @Test func aStatementLostOnTheServerRunsAgainUnnamed() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase, let postgres = app.db as? any PostgresDatabase
            else { return }
            let answers = try await Self.runTwiceLosingItBetween(
                "SELECT \(bind: 20) * 2 + 1 AS answer", text: "SELECT $1 * 2 + 1 AS answer", column: "answer", sql: sql, postgres: postgres)
            #expect(answers == [41, 41])
        }
    }

    /// A write runs prepared too (the rate limit's upsert): lost on the server, it fails there
    /// before doing anything, and runs once more unnamed — written once, not twice.
    @Test func aWriteLostOnTheServerIsWrittenOnce() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase, let postgres = app.db as? any PostgresDatabase
            else { return }
            try await sql.raw("CREATE TABLE prepared_writes (n integer NOT NULL)").run()
            let written = try await Self.runTwiceLosingItBetween(
                "INSERT INTO prepared_writes (n) VALUES (\(bind: 7)) RETURNING n", text: "INSERT INTO prepared_writes (n) VALUES ($1) RETURNING n",
                column: "n", sql: sql, postgres: postgres)
            #expect(written == [7, 7])
            let rows = try await sql.raw("SELECT count(*) AS rows FROM prepared_writes").first()?.decode(column: "rows", as: Int.self)
            #expect(rows == 2)
        }
    }

    /// `all` gives every row; with `oneOf`, a statement has one text whatever the number of
    /// values, so it is prepared once (PostgreSQL), and none matches no value.
    @Test func allRowsAndOneTextForAnyNumberOfValues() async throws {
        try await withPrakat { app, _, _ in
            guard let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 21).generate(count: 6, attachments: false) { _ in }
            func numbers(_ wanted: [Int], through connection: PostgresConnection? = nil) async throws -> [Int] {
                try await PreparedStatements.all(
                    "SELECT number FROM publications WHERE " + .oneOf("number", wanted, on: app.db) + " ORDER BY number", on: sql, through: connection
                ).map { try $0.decode(column: "number", as: Int.self) }
            }
            #expect(try await numbers([5, 2, 9]) == [2, 5])
            #expect(try await numbers([]) == [])
            guard let postgres = app.db as? any PostgresDatabase else { return }
            struct Prepared: Decodable { var name: String }
            let (found, names) = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    var found: [[Int]] = []
                    for wanted in [[1], [1, 2, 3], [6, 4, 2, 1, 3]] { found.append(try await numbers(wanted, through: connection)) }
                    let names = try await connection.sql().raw("SELECT name FROM pg_prepared_statements WHERE name LIKE 'prakat_prepared_%'")
                        .all(decoding: Prepared.self).map(\.name)
                    return (found, names)
                }
            }.get()
            #expect(found == [[1], [1, 2, 3], [1, 2, 3, 4, 6]])
            let name = "prakat_prepared_" + PreparedStatements.hash("SELECT number FROM publications WHERE number = ANY($1) ORDER BY number")
            #expect(names.filter { $0 == name }.count == 1)
        }
    }

    @Test func inATransactionOrWithoutPostgreSQLItRunsAsBefore() async throws {
        try await withPrakat { app, _, _ in
            guard let sql = app.db as? any SQLDatabase else { return }
            // SQLite, or a transaction's connection (a failed PREPARE would end the transaction).
            let plain = try await PreparedStatements.first("SELECT \(bind: 4) + 3 AS answer", on: sql)
            #expect(try plain?.decode(column: "answer", as: Int.self) == 7)
            let inTransaction = try await app.db.transaction { db in
                try await PreparedStatements.first("SELECT \(bind: 5) + 3 AS answer", on: try #require(db as? any SQLDatabase))?
                    .decode(column: "answer", as: Int.self)
            }
            #expect(inTransaction == 8)
        }
    }

    @Test func aStatementTheServerRefusesFailsAsItWouldUnprepared() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            await #expect(throws: (any Error).self) {
                _ = try await PreparedStatements.first("SELECT no_such_column FROM publications WHERE number = \(bind: 1)", on: sql)
            }
            // The connection it ran on still works for the next search.
            let after = try await PreparedStatements.first("SELECT \(bind: 1) AS one", on: sql)
            #expect(try after?.decode(column: "one", as: Int.self) == 1)
        }
    }
}
