import Fluent
import Foundation
import PrakatCore
import Vapor

/// The operator at the command line, for the audit trail.
func commandLineActor(_ command: String) -> AuditActor {
    let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"]
        ?? getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "unknown"
    return AuditActor(userID: nil, name: "\(command) (\(user))", address: "-")
}

/// Writes `data` readable by its owner only (backups hold password hashes; logs hold addresses).
func writePrivately(_ data: Data, to path: String) throws {
    let temporary = path + ".part"
    FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600])
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
    try handle.write(contentsOf: data)
    try handle.synchronize()
    try handle.close()
    if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
    try FileManager.default.moveItem(atPath: temporary, toPath: path)
}

/// `prakat export-logs --from YYYY-MM-DD --to YYYY-MM-DD [--output FILE]`.
struct ExportLogsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "First UTC day (YYYY-MM-DD).")
        var from: String?
        @Option(name: "to", help: "Last UTC day (YYYY-MM-DD).")
        var to: String?
        @Option(name: "output", help: "Archive to write (default: prakat-traffic-FROM-TO.tar.gz here).")
        var output: String?
        init() {}
    }

    let help = "Exports traffic-log days with their seals, digests and a manifest as a .tar.gz for the authorities (audited)."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await DatabaseSetup.prepare(app.db, schema: app.prakat.databaseSchema)
        guard case .success(let (from, to)) = TrafficExport.range(from: signature.from, to: signature.to) else {
            context.console.error("\(OperationsText.rangeInvalid) (--from and --to: YYYY-MM-DD, from ≤ to, at most \(TrafficExport.maximumDays) days)")
            app.exitCode = 2
            return
        }
        let export = try await TrafficExport.export(app, from: from, to: to, actor: commandLineActor("export-logs"))
        let output = signature.output ?? export.fileName
        try writePrivately(export.archive, to: output)
        context.console.print("wrote \(output): \(export.manifest.days.count) days, \(export.archive.count) bytes, sha256 \(export.sha256)")
        context.console.print("logs: \(export.manifest.verification)")
        if export.manifest.days.isEmpty { context.console.warning(OperationsText.nothingInRange) }
    }
}

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
            context.console.warning("""
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
                _ = try await audit.record(AuditEvent("backup.created", entityType: "backup", entityID: (written as NSString).lastPathComponent,
                                                  details: ["sha256": digest, "files": String(manifest.files.count), "database": manifest.database]),
                                       by: actor, in: tx)
            }
        } catch {
            context.console.warning("the backup was written, but recording it in the audit trail failed: \(error)")
        }
        context.console.print("wrote \(output): \(manifest.files.count) files (database: \(manifest.database)), \(archive.count) bytes, sha256 \(digest)")
    }
}

/// `prakat restore FILE [--force]`.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A .tar.gz made by `prakat backup`.")
        var file: String
        @Flag(name: "force", help: "Replace the database, traffic logs and theme already in the data directory.")
        var force: Bool
        init() {}
    }

    let help = "Checks a backup (digests, format, schema) and restores it into an empty data directory (or --force), then verifies the audit trail."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let archive = FileManager.default.contents(atPath: signature.file) else {
            context.console.error("cannot read \(signature.file)")
            app.exitCode = 2
            return
        }
        let manifest: Backup.Manifest
        do {
            manifest = try Backup.restore(archive, into: app.prakat.dataDirectory, usesPostgres: Backup.isPostgres(app), force: signature.force)
        } catch let problem as Backup.Problem {
            context.console.error("refused: \(problem)")
            app.exitCode = 1
            return
        }
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
        switch try await app.trafficLog.verify() {
        case .intact(let days): context.console.print("traffic logs: intact (\(days) sealed days)")
        case .broken(let day, let reason):
            // Days that ended after the backup was made are sealed by `serve` when it starts.
            context.console.warning("traffic logs: \(day): \(reason)")
        }
        let actor = commandLineActor("restore")
        let audit = app.audit
        let digest = Digest.sha256Hex(archive)
        try await app.writer.write { tx in
            _ = try await audit.record(AuditEvent("backup.restored", entityType: "backup", entityID: (signature.file as NSString).lastPathComponent,
                                              details: ["sha256": digest, "createdAt": manifest.createdAt, "files": String(manifest.files.count)]),
                                   by: actor, in: tx)
        }
    }
}
