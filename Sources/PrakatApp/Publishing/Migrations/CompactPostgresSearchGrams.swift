import Fluent
import SQLKit

/// The gram table's rows made a few dozen bytes each, as its creation meant them to be. The gram
/// index names items by row, and PostgreSQL reads each named row's page for its number: the
/// fewer pages the table has, the fewer a lookup reads. `toast_tuple_target = 128` was to send
/// every text out of line, but PostgreSQL only moves values out of a row that is over about a
/// quarter of a page (2 KB; the setting only says how far to shrink such a row). Items with less
/// text than that kept it in the row: a tenth of the rows at 100,000 generated items, three
/// quarters of the table's 2,642 pages. Each text is now padded with line breaks to a quarter of
/// a page, so every row is over the mark and its text goes out of line (compressed: the padding
/// costs a few bytes). The table then has 755 pages, and a lookup naming 6,485 items reads 753
/// pages instead of 2,333 (its heap part 2.7 ms instead of 3.6; over the benchmark's terms the
/// lookup takes a fifth to a third less). A line break is in no search term (terms are split at white space),
/// so the grams the padding adds are never asked for. At 100,000 items the table and its index
/// are made again once, in about three minutes (the grams of every item are computed again).
struct CompactPostgresSearchGrams: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let (_, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            let size = try await Self.paddedSize(on: sql)
            let table = PostgresSearchIndex.gramTable
            let before = table + "_before"
            // A new table filled in the order of the numbers (a lookup's rows are then in few
            // pages), from the old one, whose key and index give their names up first.
            try await sql.raw("ALTER TABLE \(ident: table) RENAME TO \(ident: before)").run()
            try await sql.raw("ALTER INDEX \(ident: table + "_pkey") RENAME TO \(ident: before + "_pkey")").run()
            try await sql.raw("ALTER INDEX \(ident: PostgresSearchIndex.gramIndex) RENAME TO \(ident: before + "_index")").run()
            try await sql.raw(
                "CREATE TABLE \(ident: table) (number BIGINT PRIMARY KEY, text TEXT NOT NULL) WITH (toast_tuple_target = 128)"
            ).run()
            try await sql.raw(
                "INSERT INTO \(ident: table) (number, text) SELECT number, " + Self.padding("text", to: size) + " FROM \(ident: before) ORDER BY number"
            ).run()
            // Built after the rows are in: one sorted build instead of an insert per row.
            try await AddPostgresSearchGrams.createGramIndex(schema: schema, on: sql)
            try await sql.raw("DROP TABLE \(ident: before)").run()
            try await CodePostgresSearchText.keepCopies(coded: true, readability: true, signed: true, padded: size, schema: schema, on: sql)
        }
    }

    /// The trigger writes texts as they are again; rows already padded stay so (the padding adds
    /// only grams no term asks for, so the search finds the same).
    func revert(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await CodePostgresSearchText.keepCopies(coded: true, readability: true, signed: true, schema: schema, on: sql)
    }

    /// SQL: `text` with line breaks added to make it `size` bytes (a longer one as it is).
    static func padding(_ text: SQLQueryString, to size: Int) -> SQLQueryString {
        text + " || repeat(chr(10), greatest(0, \(literal: size) - octet_length(" + text + ")))"
    }

    /// A quarter of the server's page: a row with that many bytes of text is over the mark past
    /// which PostgreSQL moves values out of line (`TOAST_TUPLE_THRESHOLD`, 2,032 bytes on 8 KB pages).
    static func paddedSize(on sql: any SQLDatabase) async throws -> Int {
        struct Row: Decodable { var size: Int }
        let page = try await sql.raw("SELECT current_setting('block_size')::integer AS size").first(decoding: Row.self)?.size ?? 8_192
        return page / 4
    }
}
