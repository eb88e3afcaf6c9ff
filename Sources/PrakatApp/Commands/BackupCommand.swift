import Fluent
import Foundation
import PrakatCore
import Vapor

/// `prakat backup [--output DIR|FILE]`.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", help: "Folder or .tar.gz file to write (default: the current folder).")
        var output: String?
        init() {}
    }

    let help = "Backs up the SQLite database (consistent, while the server runs), traffic logs and theme into one .tar.gz with digests."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await DatabaseSetup.prepare(app.db, schema: app.prakat.databaseSchema)
        if Backup.isPostgres(app) {
            context.console.warning(
                """
                DATABASE_URL is set: the PostgreSQL database is NOT in this backup. Back it up with
                  pg_dump --format=custom --file=prakat-$(date +%F).dump "$DATABASE_URL"
                (see docs/operations.md). This archive holds this instance's traffic logs and theme only.
                """)
        }
        let actor = commandLineActor("backup")
        let defaultName = Backup.defaultFileName(at: app.clock.now())
        var output = signature.output ?? defaultName
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            output = (output as NSString).appendingPathComponent(defaultName)
        } else if signature.output?.hasSuffix("/") == true {
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                context.console.error("\(OperationsText.backupOutputUnwritable(output)) — cannot create the folder \(output)")
                app.exitCode = 1
                return
            }
            output = (output as NSString).appendingPathComponent(defaultName)
        }
        // The folder must exist and take files: a nightly job's journal should say what is wrong,
        // not a Foundation error about a temporary name (an operator walkthrough).
        let parent = (output as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard FileManager.default.isWritableFile(atPath: folder) else {
            context.console.error("\(OperationsText.backupOutputUnwritable(folder)) — cannot write into \(folder) (missing, or not writable)")
            app.exitCode = 1
            return
        }
        // A nightly job writing to one fixed name replaces yesterday's file (only once the new one
        // is complete): the journal says so.
        let replacing = FileManager.default.fileExists(atPath: output)
        let started = Date()
        let backup: Backup.Written
        do {
            backup = try await Backup.create(app, by: actor.name, to: output)
        } catch let problem as Backup.Problem {
            context.console.error("refused: \(problem)")
            app.exitCode = 1
            return
        }
        let manifest = backup.manifest
        let digest = backup.sha256
        let written = output
        do {
            let audit = app.audit
            try await app.writer.write { tx in
                _ = try await audit.record(
                    AuditEvent(
                        .backupCreated, entityType: "backup", entityID: (written as NSString).lastPathComponent,
                        details: ["sha256": digest, "files": String(manifest.files.count), "database": manifest.database]),
                    by: actor, in: tx)
            }
        } catch {
            context.console.warning("the backup was written, but recording it in the audit trail failed: \(error)")
        }
        let ratio = backup.uncompressedBytes > 0 ? Double(backup.bytes) / Double(backup.uncompressedBytes) : 1
        context.console.print(
            "wrote \(output)\(replacing ? " (replacing the file of that name)" : ""): \(manifest.files.count) files (database: \(manifest.database)), \(backup.bytes) bytes "
                + "(\(String(format: "%.1f", ratio * 100))% of \(backup.uncompressedBytes)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s, sha256 \(digest)")
    }
}
