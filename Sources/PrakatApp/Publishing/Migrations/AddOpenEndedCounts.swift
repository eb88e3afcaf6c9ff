import Fluent
import SQLKit
import Vapor

/// Issue 14 §3 on SQLite: how many items of each category are open-ended (not withdrawn, with no
/// end and no urgent deadline), kept by triggers in the same transaction as every write to
/// `publications`. A category's live count is then this number, less its open-ended items not yet
/// started, plus its live items that will end — the last two read from short ranges of the
/// indexes below, whatever the category's size. SQLite walks every entry of a count (a listing of
/// 34,758 items: 7.5-14 ms, the most expensive part of the first render after a bulk import); this
/// way the same count takes 0.35 ms.
///
/// PostgreSQL counts the same entries in 7.5 ms and keeps no such table: each category would be
/// a row that every publishing transaction locks until it commits.
struct AddOpenEndedCounts: AsyncMigration {
    static let table = "open_ended_counts"
    /// Items with an end, by category and end (covering: the count reads no row).
    static let endingIndex = "publications_live_ends"
    /// Items with an urgent deadline and no end, by category and deadline.
    static let lapsingIndex = "publications_live_lapses"
    static let triggers = ["publications_open_ended_insert", "publications_open_ended_update", "publications_open_ended_delete"]

    /// What makes an item open-ended, in SQL. `prefix`: "new." or "old." in a trigger; "+" keeps
    /// SQLite from taking the deadline index for `urgent_deadline IS NULL` (every entry of it is
    /// NULL, and it then reads each row: 260 ms at 100,000 items) so that it scans the covering
    /// listing index instead (19 ms).
    static func openEnded(_ prefix: String = "") -> SQLQueryString {
        SQLQueryString(["withdrawn_at", "expire_at", "urgent_deadline"].map { prefix + $0 + " IS NULL" }.joined(separator: " AND "))
    }

    func prepare(on database: any Database) async throws {
        guard DatabaseDialect(database) == .sqlite else { return }
        // One transaction: a write between the triggers and the first count is counted once.
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            try await Self.create(sql)
        }
    }

    /// At every start: the counts are derived data, so they are checked against the items (19 ms
    /// at 100,000 items) and made again, with the triggers and indexes, when they differ or
    /// something is missing — a table or trigger dropped by hand costs a restart, not wrong counts
    /// on the site. Returns whether anything was made again.
    @discardableResult
    static func verify(_ database: any Database, logger: Logger) async throws -> Bool {
        guard DatabaseDialect(database) == .sqlite else { return false }
        return try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return false }
            struct Count: Decodable, Equatable {
                var category_id: String
                var items: Int
            }
            struct Name: Decodable { var name: String }
            let present = Set(
                try await sql.raw("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')").all(decoding: Name.self).map(\.name))
            var whole = Set([table, endingIndex, lapsingIndex] + triggers).isSubset(of: present)
            if whole {
                let kept = try await sql.raw("SELECT category_id, items FROM \(ident: table) WHERE items <> 0 ORDER BY category_id").all(decoding: Count.self)
                let counted = try await sql.raw(counting + " ORDER BY category_id").all(decoding: Count.self)
                whole = kept == counted
            }
            guard !whole else { return false }
            try await create(sql)
            logger.warning("\(PublishingText.openEndedCountsMadeAgain) (the open-ended counts of the categories did not match the items and were made again)")
            return true
        }
    }

    /// Each category's open-ended items, counted.
    private static let counting: SQLQueryString = "SELECT category_id, COUNT(*) AS items FROM publications WHERE " + openEnded("+") + " GROUP BY category_id"

    private static func create(_ sql: any SQLDatabase) async throws {
        try await sql.raw("CREATE TABLE IF NOT EXISTS \(ident: table) (category_id TEXT PRIMARY KEY NOT NULL, items INTEGER NOT NULL)").run()
        try await sql.raw(
            """
            CREATE INDEX IF NOT EXISTS \(ident: endingIndex) ON publications (category_id, expire_at, urgent_deadline, publish_at, withdrawn_at) \
            WHERE withdrawn_at IS NULL AND expire_at IS NOT NULL
            """
        ).run()
        try await sql.raw(
            """
            CREATE INDEX IF NOT EXISTS \(ident: lapsingIndex) ON publications (category_id, urgent_deadline, publish_at, expire_at, withdrawn_at) \
            WHERE withdrawn_at IS NULL AND urgent_deadline IS NOT NULL AND expire_at IS NULL
            """
        ).run()
        // An UPDATE naming one of these columns takes the old row out and puts the new one in,
        // even when nothing changed (-1 and +1 on the same category).
        try await sql.raw(
            """
            CREATE TRIGGER IF NOT EXISTS publications_open_ended_insert AFTER INSERT ON publications
            WHEN \(openEnded("new.")) BEGIN
              INSERT INTO open_ended_counts (category_id, items) VALUES (new.category_id, 1) ON CONFLICT (category_id) DO UPDATE SET items = items + 1;
            END
            """
        ).run()
        try await sql.raw(
            """
            CREATE TRIGGER IF NOT EXISTS publications_open_ended_update AFTER UPDATE OF category_id, withdrawn_at, expire_at, urgent_deadline ON publications BEGIN
              UPDATE open_ended_counts SET items = items - 1
                WHERE category_id = old.category_id AND \(openEnded("old."));
              INSERT INTO open_ended_counts (category_id, items) SELECT new.category_id, 1
                WHERE \(openEnded("new."))
                ON CONFLICT (category_id) DO UPDATE SET items = items + 1;
            END
            """
        ).run()
        try await sql.raw(
            """
            CREATE TRIGGER IF NOT EXISTS publications_open_ended_delete AFTER DELETE ON publications
            WHEN \(openEnded("old.")) BEGIN
              UPDATE open_ended_counts SET items = items - 1 WHERE category_id = old.category_id;
            END
            """
        ).run()
        // The items already there; the triggers count every write from here on.
        try await sql.raw("DELETE FROM \(ident: table)").run()
        try await sql.raw("INSERT INTO \(ident: table) (category_id, items) " + counting).run()
    }

    func revert(on database: any Database) async throws {
        guard DatabaseDialect(database) == .sqlite, let sql = database as? any SQLDatabase else { return }
        for trigger in Self.triggers { try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run() }
        for index in [Self.endingIndex, Self.lapsingIndex] { try await SQLIndex.drop(on: database, name: index) }
        try await sql.raw("DROP TABLE IF EXISTS \(ident: Self.table)").run()
    }
}
