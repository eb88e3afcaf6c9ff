import Fluent
import SQLKit

/// The text table's `title_length` counted in bytes of the coded text, not characters. The search
/// now takes where a term is first found as a byte offset (`PostgresSearchIndex.matches`):
/// `strpos` gives a character count, which PostgreSQL makes by walking the text up to the match,
/// about half of what a hit cost. The score compares that offset with where the title ends, so
/// both are in bytes. A coded Thai letter is one byte and a coded ASCII character two single-byte
/// characters, so only titles holding other characters (curly quotes, dashes, emoji…) have a
/// different length in bytes: those rows alone are updated, and the table is read once (about a
/// second at 100,000 items).
struct CountPostgresSearchTitlesInBytes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await recount(inBytes: true, on: database)
    }

    func revert(on database: any Database) async throws {
        try await recount(inBytes: false, on: database)
    }

    /// The trigger and the rows already there, in one transaction; the text table is locked
    /// against writes meanwhile, so no row is written by one trigger and counted by the other.
    private func recount(inBytes: Bool, on database: any Database) async throws {
        guard let (_, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            let table = PostgresSearchIndex.textTable
            try await sql.raw("LOCK TABLE \(ident: table) IN SHARE ROW EXCLUSIVE MODE").run()
            let size = try await CompactPostgresSearchGrams.paddedSize(on: sql)
            try await CodePostgresSearchText.keepCopies(
                coded: true, readability: true, signed: true, padded: size, titleInBytes: inBytes, schema: schema, on: sql)
            // The title is the start of the coded text: its length the other way is read from there.
            let recounted: SQLQueryString =
                inBytes
                ? "octet_length(left(text, title_length))"
                : "char_length(convert_from(substring(convert_to(text, 'UTF8') FROM 1 FOR title_length), 'UTF8'))"
            try await sql.raw("UPDATE \(ident: table) SET title_length = " + recounted + " WHERE " + recounted + " <> title_length").run()
        }
    }
}
