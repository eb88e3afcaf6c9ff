import Fluent
import Foundation
import SQLKit

/// The substring index behind public search. Thai is written without spaces, so a word index
/// cannot find `ชลบุรี` inside `สำนักงานสาธารณสุขจังหวัดชลบุรี`; trigrams can. SQLite keeps an FTS5
/// table with the `trigram` tokenizer (kept in step by triggers, keyed by the item's number);
/// PostgreSQL keeps its own trigram index and text table (`PostgresSearchIndex`). Both answer
/// the newest matches first and stop early, so a common word costs no more than a rare one;
/// `PublicationSearch` ranks what they find.
enum PublicationSearchIndex {
    static let table = "publication_search"

    /// The FTS5 query for terms of at least 3 characters, every one required: each term is one
    /// FTS5 string ("…" with " doubled), so its trigrams must stand together in a row.
    static func match(_ terms: [String]) -> String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
    }
}

/// The index and what keeps it current (issue 14 §4).
struct CreatePublicationSearchIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        // ำ typed as ํ + า is the same word: stored text uses the one character (see PublicationSearch.normalise).
        for column in ["search_title", "search_body", "search_files"] {
            try await sql.raw(
                "UPDATE \(ident: Publication.schema) SET \(ident: column) = REPLACE(\(ident: column), \(bind: "\u{0E4D}\u{0E32}"), \(bind: "\u{0E33}"))"
            ).run()
        }
        // Titles with their numbers, narrow enough to scan for one- and two-character queries.
        try await SQLIndex.create(on: database, name: "publications_number_title", table: Publication.schema, columns: ["number", "search_title"])
        switch DatabaseDialect(database) {
        case .sqlite:
            let table = PublicationSearchIndex.table
            // Contentless: the text stays in `publications`; the index holds only trigrams.
            try await sql.raw(
                "CREATE VIRTUAL TABLE IF NOT EXISTS \(ident: table) USING fts5(search_title, search_body, search_files, content='', contentless_delete=1, tokenize='trigram')"
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER IF NOT EXISTS publications_search_insert AFTER INSERT ON publications BEGIN
                  INSERT INTO publication_search(rowid, search_title, search_body, search_files) VALUES (new.number, new.search_title, new.search_body, new.search_files);
                END
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER IF NOT EXISTS publications_search_update AFTER UPDATE OF number, search_title, search_body, search_files ON publications BEGIN
                  DELETE FROM publication_search WHERE rowid = old.number;
                  INSERT INTO publication_search(rowid, search_title, search_body, search_files) VALUES (new.number, new.search_title, new.search_body, new.search_files);
                END
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER IF NOT EXISTS publications_search_delete AFTER DELETE ON publications BEGIN
                  DELETE FROM publication_search WHERE rowid = old.number;
                END
                """
            ).run()
            try await sql.raw(
                "INSERT INTO \(ident: table)(rowid, search_title, search_body, search_files) SELECT number, search_title, search_body, search_files FROM \(ident: Publication.schema)"
            ).run()
        case .postgres:
            // pg_trgm is a trusted extension (the database owner may create it) and ships with
            // PostgreSQL; the GIN indexes let LIKE '%…%' use trigrams. An extension belongs to the
            // whole database but its operator classes to one schema — often `public`, while
            // Prakat's tables may live in another (PRAKAT_DATABASE_SCHEMA) — so the operator
            // class is named with the schema the extension is in.
            let extensionSchema = try await Self.trigramSchema(sql)
            for column in ["search_title", "search_body", "search_files"] {
                try await sql.raw(
                    "CREATE INDEX IF NOT EXISTS \(ident: "publications_trgm_" + column) ON \(ident: Publication.schema) USING gin (\(ident: column) \(ident: extensionSchema).gin_trgm_ops)"
                ).run()
            }
        }
    }

    /// The schema holding pg_trgm, created if the database lacks it. Two migrations starting at
    /// once (instances, or tests in schemas of one database) may both try to create it: the loser's
    /// error is ignored when the extension is there afterwards.
    static func trigramSchema(_ sql: any SQLDatabase) async throws -> String {
        struct Row: Decodable { var schema: String }
        let find = "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
        func installed() async throws -> String? { try await sql.raw(SQLQueryString(find)).first(decoding: Row.self)?.schema }
        if let schema = try await installed() { return schema }
        do {
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
        } catch {
            if let schema = try await installed() { return schema }
            throw error
        }
        guard let schema = try await installed() else {
            throw PrakatConfiguration.Problem(variable: "DATABASE_URL", message: "ต้องมีส่วนขยาย pg_trgm ในฐานข้อมูล (the pg_trgm extension is missing)")
        }
        return schema
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch DatabaseDialect(database) {
        case .sqlite:
            for trigger in ["publications_search_insert", "publications_search_update", "publications_search_delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run()
            }
            try await sql.raw("DROP TABLE IF EXISTS \(ident: PublicationSearchIndex.table)").run()
        case .postgres:
            for column in ["search_title", "search_body", "search_files"] {
                try await sql.raw("DROP INDEX IF EXISTS \(ident: "publications_trgm_" + column)").run()
            }
        }
        try await sql.raw("DROP INDEX IF EXISTS \(ident: "publications_number_title")").run()
    }
}
