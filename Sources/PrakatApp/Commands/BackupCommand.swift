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
        let (archive, manifest) = try await Backup.create(app, by: actor.name)
        let stamp = manifest.createdAt.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "").prefix(15)
        let defaultName = "prakat-backup-\(stamp).tar.gz"
        var output = signature.output ?? defaultName
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            output = (output as NSString).appendingPathComponent(defaultName)
        } else if signature.output?.hasSuffix("/") == true {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            output = (output as NSString).appendingPathComponent(defaultName)
        }
        try writePrivately(archive, to: output)
        let digest = Digest.sha256Hex(archive)
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
        context.console.print("wrote \(output): \(manifest.files.count) files (database: \(manifest.database)), \(archive.count) bytes, sha256 \(digest)")
    }
}
