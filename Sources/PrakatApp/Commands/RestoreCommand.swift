import Fluent
import Foundation
import PrakatCore
import Vapor

/// `prakat restore FILE [--force]`.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A .tar.gz made by `prakat backup` (or the same tar compressed by any gzip, or uncompressed).")
        var file: String
        @Flag(name: "force", help: "Replace the database, traffic logs and theme already in the data directory.")
        var force: Bool
        init() {}
    }

    let help = "Checks a backup (digests, format, schema) and restores it into an empty data directory (or --force), then verifies the audit trail."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard FileManager.default.isReadableFile(atPath: signature.file) else {
            context.console.error("\(OperationsText.backupUnreadable) — cannot read \(signature.file)")
            app.exitCode = 2
            return
        }
        let restored: Backup.Checked
        do {
            restored = try Backup.restore(signature.file, into: app.prakat.dataDirectory, usesPostgres: Backup.isPostgres(app), force: signature.force)
        } catch let problem as Backup.Problem {
            context.console.error("refused: \(problem)")
            app.exitCode = 1
            return
        } catch {
            // A file system error (disk full, permissions): nothing was put in place.
            context.console.error("\(OperationsText.backupRestoreFailed) — restore failed, the data directory is unchanged: \(error)")
            app.exitCode = 1
            return
        }
        let manifest = restored.manifest
        context.console.print("restored \(manifest.files.count) files from the backup of \(manifest.createdAt) into \(app.prakat.dataDirectory)")
        if manifest.database == "none" {
            context.console.warning("this backup holds no database (it was made with PostgreSQL): restore the database with pg_restore, see docs/operations.md")
        }
        try await DatabaseSetup.prepare(app.db, schema: app.prakat.databaseSchema)
        switch try await AuditTrail.verify(on: app.db) {
        case .intact(let count):
            context.console.print("audit trail: intact (\(count) entries)")
        case .broken(let link, let checked):
            context.console.error("audit trail broken at entry \(link.sequence): \(link) (\(checked) entries before it are intact)")
            app.exitCode = 1
            return
        }
        let unopenable = try await TwoFactorKeys.unopenableSecrets(app)
        if unopenable > 0 {
            context.console.warning(
                "\(OperationsText.twoFactorSecretsUnopenable(unopenable)) — \(unopenable) two-factor secrets cannot be opened with this "
                    + "machine's key: put the kept 2fa.key (or PRAKAT_2FA_KEY) in place before starting, or those people's two-factor sign-in must be reset")
        }
        switch try await app.trafficLog.verify() {
        case .intact(let days): context.console.print("traffic logs: intact (\(days) sealed days)")
        case .broken(let day, let reason):
            // Days that ended after the backup was made are sealed by `serve` when it starts.
            context.console.warning("traffic logs: \(day): \(reason)")
        }
        let actor = commandLineActor("restore")
        let audit = app.audit
        let digest = restored.sha256
        try await app.writer.write { tx in
            _ = try await audit.record(
                AuditEvent(
                    .backupRestored, entityType: "backup", entityID: (signature.file as NSString).lastPathComponent,
                    details: ["sha256": digest, "createdAt": manifest.createdAt, "files": String(manifest.files.count)]),
                by: actor, in: tx)
        }
    }
}
