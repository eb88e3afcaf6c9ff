import Fluent
import Foundation
import Vapor

/// `prakat migrate [--revert]`: the database's migrations only, listed and confirmed first
/// (`--yes` / `--no` answer the question). Replaces Fluent's command of the same name, which
/// neither created `PRAKAT_DB_SCHEMA` when missing (PostgreSQL: "no schema has been selected to
/// create in") nor granted the runtime role its rights after migrating as the owner.
struct PrakatMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "revert", help: "Reverts the last batch of migrations (drops what they added, with its data).")
        var revert: Bool

        init() {}
    }

    let help = "Runs (or with --revert undoes the last batch of) the database migrations, after listing them."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await DatabaseSetup.prepare(app.migrationDatabase, schema: app.prakat.databaseSchema)
        let migrator = app.migrator
        try await migrator.setupIfNeeded().get()
        let planned = try await (signature.revert ? migrator.previewRevertLastBatch() : migrator.previewPrepareBatch()).get()
        guard !planned.isEmpty else {
            context.console.print(signature.revert ? "No migrations to revert." : "No new migrations.")
            return
        }
        context.console.print(signature.revert ? "The following migration(s) will be reverted:" : "The following migration(s) will be prepared:")
        for (migration, _) in planned {
            context.console.print("\(signature.revert ? "-" : "+") \(migration.name)")
        }
        // Without a terminal nobody can answer, and ConsoleKit stops the process at the end of
        // stdin (a deploy script, cron, a container): say what to pass instead.
        if context.console.confirmOverride == nil, isatty(STDIN_FILENO) == 0 {
            context.console.error("ไม่มีผู้ตอบคำถามยืนยัน: ใส่ --yes เพื่อดำเนินการ หรือ --no เพื่อดูรายการเท่านั้น (no terminal to confirm: pass --yes or --no)")
            app.exitCode = 2
            return
        }
        guard context.console.confirm("Would you like to continue?") else {
            context.console.warning("Migration cancelled")
            return
        }
        try await (signature.revert ? migrator.revertLastBatch() : migrator.prepareBatch()).get()
        // With PRAKAT_MIGRATION_DATABASE_URL the tables just made belong to the owner: the
        // runtime role gets its rights now, not only at the next start.
        try await DatabaseSetup.grantRuntimeRole(app)
        context.console.print("Migration successful")
    }
}
