import Fluent
import SQLKit

/// PostgreSQL's row triggers do not see `TRUNCATE`, so the append-only guard of
/// `MakeAuditEntriesAppendOnly` let anyone with the table's rights empty the trail in one
/// statement (issue 15 §2). A statement trigger refuses it. SQLite has no TRUNCATE (its
/// `DELETE` trigger already covers the same ground). The function is its own, so removing one
/// guard (as tampering tests do) does not take the other with it.
struct BlockAuditTruncate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, DatabaseDialect(database) == .postgres else { return }
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION audit_entries_no_truncate() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'audit entries are append-only: TRUNCATE is refused'; END;
            $$ LANGUAGE plpgsql
            """
        ).run()
        try await sql.raw(
            """
            CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_no_truncate()
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, DatabaseDialect(database) == .postgres else { return }
        try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries").run()
        try await sql.raw("DROP FUNCTION IF EXISTS audit_entries_no_truncate()").run()
    }
}
