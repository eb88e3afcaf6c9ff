import Fluent
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// `prakat backup` / `prakat restore`: one `.tar.gz` with a consistent copy of the SQLite
/// database (SQLite's `VACUUM INTO`, safe while the server runs: it reads one snapshot), the
/// traffic-log folder and the theme, plus `manifest.json` with every file's SHA-256 and the
/// schema (migrations) it was made with. With PostgreSQL the database is not in the archive
/// (use pg_dump, docs/operations.md); the data-directory files still are.
enum Backup {
    static let format = "prakat-backup"
    static let version = 1

    struct FileDigest: Codable, Equatable, Sendable {
        var path: String
        var sha256: String
        var bytes: Int
        var mode: Int
    }

    struct Manifest: Codable, Equatable, Sendable {
        var format: String
        var version: Int
        var createdAt: String
        var createdBy: String
        /// "sqlite", or "none" when the database is PostgreSQL (backed up with pg_dump).
        var database: String
        /// Names of the migrations the database had run, in order.
        var schema: [String]
        var instanceId: String?
        var files: [FileDigest]
    }

    enum Problem: Error, Equatable, CustomStringConvertible {
        case notABackup(String)
        case damaged(String)
        case newerSchema([String])
        case notEmpty(String)
        case wrongDatabase(String)
        case notEnoughSpace(needed: Int, available: Int)
        case changedDuringBackup(String)
        case unreadable(String)
        case serverRunning(String)

        /// Thai first, then English (operators search the English part).
        var description: String {
            switch self {
            case .notABackup(let detail): "\(OperationsText.backupNotABackup) — not a Prakat backup: \(detail)"
            case .damaged(let detail): "\(OperationsText.backupDamaged) — the backup is damaged or was altered: \(detail)"
            case .newerSchema(let names):
                "\(OperationsText.backupNewerSchema) — the backup was made by a newer Prakat (unknown migrations: \(names.joined(separator: ", ")))"
            case .notEmpty(let path):
                "\(OperationsText.backupNotEmpty(path)) — \(path) already holds data; restore into an empty data directory, or pass --force to replace it"
            case .wrongDatabase(let detail): "\(OperationsText.backupWrongDatabase) — \(detail)"
            case .notEnoughSpace(let needed, let available):
                "\(OperationsText.backupNoSpace(needed: needed, available: available)) — not enough free space: \(needed) bytes needed, \(available) available"
            case .changedDuringBackup(let name):
                "\(OperationsText.backupFileChanged(name)) — \(name) was rewritten while it was being backed up; run the backup again"
            case .unreadable(let detail): "\(OperationsText.backupUnreadable) — \(detail)"
            case .serverRunning(let path):
                "\(OperationsText.backupServerRunning(path)) — a Prakat server is running on \(path); stop it (systemctl stop prakat) and restore again"
            }
        }
    }

    static let sqliteName = "prakat.sqlite"
    /// What belongs in a backup, relative to the data directory.
    static let folders = ["traffic", "theme"]

    static func isPostgres(_ app: Application) -> Bool { app.prakat.databaseURL != nil }

    /// A manifest is JSON about the files: even ten years of daily traffic logs stay far below this.
    static let maxManifestBytes = 64 * 1024 * 1024

    /// What `create` wrote.
    struct Written: Sendable {
        var manifest: Manifest
        var path: String
        var bytes: Int
        var sha256: String
        /// The bytes of the tar inside the gzip: the archive's size before compression.
        var uncompressedBytes: Int
    }

    static func defaultFileName(at date: Date) -> String {
        let stamp = TrafficLog.timestamp(date).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "").prefix(15)
        return "prakat-backup-\(stamp).tar.gz"
    }

    /// Writes the backup to `output` (a new file, mode 0600, put in place only when complete).
    /// Memory stays flat whatever the sizes: the database copy and every file go through the
    /// gzip writer by chunks, twice (digests first, since the manifest leads the archive).
    static func create(_ app: Application, by actor: String, to output: String) async throws -> Written {
        let dataDirectory = app.prakat.dataDirectory
        let now = app.clock.now()
        var sources: [(name: String, path: String, mode: Int)] = []
        var database = "none"
        var scratch: String?
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        if !isPostgres(app) {
            guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            let folder = try makeScratchFolder(beside: output)
            scratch = folder
            let copy = (folder as NSString).appendingPathComponent(sqliteName)
            try await sql.raw("VACUUM INTO \(bind: copy)").run()
            sources.append((sqliteName, copy, 0o600))
            database = "sqlite"
        }
        for folder in folders {
            let root = (dataDirectory as NSString).appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in walker {
                let path = (root as NSString).appendingPathComponent(relative)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0o640
                sources.append(("\(folder)/\(relative)", path, mode))
            }
        }
        sources.sort { $0.name < $1.name }
        // First pass: each file's size and digest. Today's traffic file grows meanwhile; the
        // second pass copies exactly the bytes digested here.
        var digests: [FileDigest] = []
        for source in sources {
            let (sha256, bytes) = try digest(ofFile: source.path)
            digests.append(FileDigest(path: source.name, sha256: sha256, bytes: bytes, mode: source.mode))
        }
        let manifest = Manifest(
            format: format, version: version, createdAt: TrafficLog.timestamp(now), createdBy: actor, database: database,
            schema: try await migrationNames(app.db), instanceId: try? await app.trafficLog.instanceID(), files: digests)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestData = [UInt8](try encoder.encode(manifest))

        let partial = output + ".part-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let gzip = try GzipFileWriter(creating: partial)
        var tarBytes = 0
        func put(_ entry: TarEntry) throws {
            try gzip.write(try TarFormat.header(for: entry))
            tarBytes += TarFormat.blockSize + entry.size + TarFormat.padding(after: entry.size)
        }
        try put(TarEntry(name: "manifest.json", size: manifestData.count, mode: 0o600, modified: now))
        try gzip.write(manifestData)
        try gzip.write([UInt8](repeating: 0, count: TarFormat.padding(after: manifestData.count)))
        var buffer = ByteBufferAllocator().buffer(capacity: GzipArchiveReader.chunkSize)
        for (source, expected) in zip(sources, digests) {
            try put(TarEntry(name: source.name, size: expected.bytes, mode: source.mode, modified: now))
            let file = try ChunkedFile.openForReading(source.path)
            var hasher = SHA256()
            var left = expected.bytes
            while left > 0 {
                buffer.clear()
                let read = try file.read(into: &buffer, limit: left)
                guard read > 0 else { throw Problem.changedDuringBackup(source.name) }
                left -= read
                buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                try gzip.deflate(&buffer)
            }
            try file.close(sync: false)
            guard hex(hasher.finalize()) == expected.sha256 else { throw Problem.changedDuringBackup(source.name) }
            try gzip.write([UInt8](repeating: 0, count: TarFormat.padding(after: expected.bytes)))
        }
        try gzip.write(TarFormat.endOfArchive)
        tarBytes += TarFormat.endOfArchive.count
        let sha256 = try gzip.finish()
        if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
        try FileManager.default.moveItem(atPath: partial, toPath: output)
        return Written(manifest: manifest, path: output, bytes: gzip.compressedBytes, sha256: sha256, uncompressedBytes: tarBytes)
    }

    /// A folder only the owner can enter, beside the archive, for the database copy: not in /tmp,
    /// which may be memory (tmpfs) while the copy is the whole database, and private because
    /// SQLite creates the copy readable by everyone (mode 0644) and it holds password hashes.
    static func makeScratchFolder(beside output: String) throws -> String {
        let outputFolder = (output as NSString).deletingLastPathComponent
        let folder = ((outputFolder.isEmpty ? "." : outputFolder) as NSString).appendingPathComponent(".prakat-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return folder
    }

    static func digest(ofFile path: String) throws -> (sha256: String, bytes: Int) {
        let file = try ChunkedFile.openForReading(path)
        var hasher = SHA256()
        var bytes = 0
        var buffer = ByteBufferAllocator().buffer(capacity: GzipArchiveReader.chunkSize)
        while true {
            buffer.clear()
            guard try file.read(into: &buffer) > 0 else { break }
            bytes += buffer.readableBytes
            buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        }
        try file.close(sync: false)
        return (hex(hasher.finalize()), bytes)
    }

    static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    static func migrationNames(_ database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { var name: String }
        // A database that was never migrated has no table yet: its schema is empty.
        let rows = try? await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at").all(decoding: Row.self)
        return (rows ?? []).map(\.name)
    }

    static var knownMigrations: Set<String> { Set(PrakatMigrations.all.map(\.name)) }

    /// What a checked (and possibly restored) archive was.
    struct Checked: Sendable {
        var manifest: Manifest
        var sha256: String
        var bytes: Int
    }

    /// Reads the whole archive and checks it without writing anything: the gzip CRCs, that it is
    /// a Prakat backup of a schema this version knows, and every file against its digest.
    @discardableResult
    static func check(_ archive: String, knownMigrations: Set<String> = Backup.knownMigrations) throws -> Checked {
        var extraction = Extraction(knownMigrations: knownMigrations, staging: nil, usesPostgres: false)
        return try extraction.run(archive)
    }

    /// Restores a backup into `dataDirectory`. The archive is unpacked and checked in a staging
    /// folder inside the data directory first (same file system, so moving it in is a rename);
    /// only a fully checked backup replaces anything, so a refused or interrupted restore
    /// leaves the data directory as it was. Refuses a directory that already holds a database or
    /// traffic logs unless `force`, which replaces exactly those.
    @discardableResult
    static func restore(
        _ archive: String, into dataDirectory: String, usesPostgres: Bool, force: Bool, knownMigrations: Set<String> = Backup.knownMigrations
    ) throws -> Checked {
        let fileManager = FileManager.default
        if ServerLock.isHeldByServer(dataDirectory: dataDirectory) { throw Problem.serverRunning(dataDirectory) }
        if !force, !occupied(dataDirectory).isEmpty { throw Problem.notEmpty(dataDirectory) }
        let createdDirectory = !fileManager.fileExists(atPath: dataDirectory)
        try fileManager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let staging = (dataDirectory as NSString).appendingPathComponent(".restoring-\(UUID().uuidString)")
        try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer {
            makeWritable(staging)
            try? fileManager.removeItem(atPath: staging)
        }
        do {
            var extraction = Extraction(knownMigrations: knownMigrations, staging: staging, usesPostgres: usesPostgres, freeSpaceOf: dataDirectory)
            let checked = try extraction.run(archive)
            try swapIn(from: staging, into: dataDirectory, force: force)
            return checked
        } catch {
            if createdDirectory {
                makeWritable(staging)
                try? fileManager.removeItem(atPath: staging)
                rmdir(dataDirectory)
            }
            throw error
        }
    }

    /// The restored parts already present: the database (and its WAL files), non-empty folders.
    static func occupied(_ dataDirectory: String) -> [String] {
        let fileManager = FileManager.default
        return ([sqliteName, sqliteName + "-wal", sqliteName + "-shm"] + folders).filter { name in
            let path = (dataDirectory as NSString).appendingPathComponent(name)
            guard fileManager.fileExists(atPath: path) else { return false }
            if folders.contains(name) { return !((try? fileManager.contentsOfDirectory(atPath: path)) ?? []).isEmpty }
            // An empty database file holds nothing (every start makes one, private, before SQLite opens it).
            let size = (try? fileManager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return size > 0
        }
    }

    /// Moves what is being replaced aside into the staging folder (deleted with it), then the
    /// restored parts in; a failed rename puts the old parts back.
    private static func swapIn(from staging: String, into dataDirectory: String, force: Bool) throws {
        let replacing = occupied(dataDirectory)
        if !replacing.isEmpty, !force { throw Problem.notEmpty(dataDirectory) }
        let aside = (staging as NSString).appendingPathComponent(".replaced")
        try FileManager.default.createDirectory(atPath: aside, withIntermediateDirectories: false)
        let restored = ([sqliteName] + folders).filter { FileManager.default.fileExists(atPath: (staging as NSString).appendingPathComponent($0)) }
        func path(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        var movedAside: [String] = []
        var movedIn: [String] = []
        do {
            for name in replacing {
                try renameItem(path(dataDirectory, name), path(aside, name))
                movedAside.append(name)
            }
            for name in restored {
                let target = path(dataDirectory, name)
                // An empty folder left in place (not "occupied") gives way to the restored one.
                if folders.contains(name), FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
                try renameItem(path(staging, name), target)
                movedIn.append(name)
            }
        } catch {
            for name in movedIn.reversed() { try? renameItem(path(dataDirectory, name), path(staging, name)) }
            for name in movedAside.reversed() { try? renameItem(path(aside, name), path(dataDirectory, name)) }
            throw error
        }
    }

    private static func renameItem(_ from: String, _ to: String) throws {
        guard rename(from, to) == 0 else { throw ChunkedFileError(path: "\(from) → \(to)", operation: "rename", code: errno) }
    }

    /// Sealed files are read-only; removing them from their folder only needs the folder writable.
    static func makeWritable(_ path: String) {
        chmod(path, 0o750)
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker { chmod((path as NSString).appendingPathComponent(relative), 0o750) }
        }
    }
}
