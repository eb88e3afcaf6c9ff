import Fluent
import SQLKit

/// The database itself refuses to change or delete audit entries, so no code path of Prakat
/// (or a careless query in a console) can; someone with the rights to drop the trigger still
/// leaves a broken chain behind, which `verify-audit` names.
struct MakeAuditEntriesAppendOnly: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch DatabaseDialect(database) {
        case .sqlite:
            for event in ["UPDATE", "DELETE"] {
                try await sql.raw(
                    """
                    CREATE TRIGGER IF NOT EXISTS audit_entries_no_\(unsafeRaw: event.lowercased())
                    BEFORE \(unsafeRaw: event) ON audit_entries
                    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END
                    """
                ).run()
            }
        case .postgres:
            try await sql.raw(
                """
                CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit entries are append-only'; END;
                $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                """
                CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
                FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
                """
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch DatabaseDialect(database) {
        case .sqlite:
            try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_update").run()
            try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_delete").run()
        case .postgres:
            try await sql.raw("DROP TRIGGER IF EXISTS audit_entries_no_change ON audit_entries").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_entries_append_only()").run()
        }
    }
}
