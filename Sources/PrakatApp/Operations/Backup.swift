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

        var description: String {
            switch self {
            case .notABackup(let detail): "not a Prakat backup: \(detail)"
            case .damaged(let detail): "the backup is damaged or was altered: \(detail)"
            case .newerSchema(let names): "the backup was made by a newer Prakat (unknown migrations: \(names.joined(separator: ", ")))"
            case .notEmpty(let path): "\(path) already holds data; restore into an empty data directory, or pass --force to replace it"
            case .wrongDatabase(let detail): detail
            }
        }
    }

    static let sqliteName = "prakat.sqlite"
    /// What belongs in a backup, relative to the data directory.
    static let folders = ["traffic", "theme"]

    static func isPostgres(_ app: Application) -> Bool { app.prakat.databaseURL != nil }

    static func create(_ app: Application, by actor: String) async throws -> (archive: Data, manifest: Manifest) {
        let dataDirectory = app.prakat.dataDirectory
        var files: [ArchivedFile] = []
        var database = "none"
        if !isPostgres(app) {
            guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try await sql.raw("VACUUM INTO \(bind: copy)").run()
            files.append(ArchivedFile(name: sqliteName, data: try Data(contentsOf: URL(fileURLWithPath: copy)), mode: 0o600, modified: app.clock.now()))
            database = "sqlite"
        }
        for folder in folders {
            let root = (dataDirectory as NSString).appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in walker {
                let path = (root as NSString).appendingPathComponent(relative)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    let data = FileManager.default.contents(atPath: path)
                else { continue }
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0o640
                files.append(ArchivedFile(name: "\(folder)/\(relative)", data: data, mode: mode, modified: app.clock.now()))
            }
        }
        files.sort { $0.name < $1.name }
        let manifest = Manifest(
            format: format, version: version, createdAt: TrafficLog.timestamp(app.clock.now()), createdBy: actor, database: database,
            schema: try await migrationNames(app.db), instanceId: try? await app.trafficLog.instanceID(),
            files: files.map { FileDigest(path: $0.name, sha256: Digest.sha256Hex($0.data), bytes: $0.data.count, mode: $0.mode) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let archive = try TarGzip.archive([ArchivedFile(name: "manifest.json", data: try encoder.encode(manifest), mode: 0o600, modified: app.clock.now())] + files)
        return (archive, manifest)
    }

    static func migrationNames(_ database: any Database) async throws -> [String] {
        guard let sql = database as? any SQLDatabase else { return [] }
        struct Row: Decodable { var name: String }
        // A database that was never migrated has no table yet: its schema is empty.
        let rows = try? await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at").all(decoding: Row.self)
        return (rows ?? []).map(\.name)
    }

    static var knownMigrations: Set<String> { Set(PrakatMigrations.all.map(\.name)) }

    /// Checks everything before touching the data directory: the archive's CRC, that it is a
    /// Prakat backup of a schema this version knows, and every file against its digest.
    static func check(_ archive: Data, knownMigrations: Set<String> = Backup.knownMigrations) throws -> (Manifest, [ArchivedFile]) {
        let entries: [ArchivedFile]
        do {
            entries = try TarGzip.read(archive)
        } catch ArchiveError.notGzip {
            throw Problem.notABackup("it is not a .tar.gz archive")
        } catch let error as ArchiveError {
            throw Problem.damaged(error.description)
        }
        guard let manifestEntry = entries.first(where: { $0.name == "manifest.json" }),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: manifestEntry.data),
            manifest.format == format
        else {
            throw Problem.notABackup("manifest.json is missing or is not a Prakat backup manifest")
        }
        guard manifest.version == version else { throw Problem.notABackup("backup format version \(manifest.version) is not supported") }
        let unknown = manifest.schema.filter { !knownMigrations.contains($0) }
        guard unknown.isEmpty else { throw Problem.newerSchema(unknown) }
        let files = entries.filter { $0.name != "manifest.json" }
        let listed = Dictionary(manifest.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        guard listed.count == manifest.files.count, Set(files.map(\.name)) == Set(listed.keys), files.count == listed.count else {
            throw Problem.damaged("the files in the archive differ from those its manifest lists")
        }
        for file in files {
            guard let expected = listed[file.name], Digest.sha256Hex(file.data) == expected.sha256, file.data.count == expected.bytes else {
                throw Problem.damaged("\(file.name) does not match its SHA-256 in the manifest")
            }
            guard file.name == sqliteName || folders.contains(where: { file.name.hasPrefix($0 + "/") }) else {
                throw Problem.notABackup("unexpected file \(file.name)")
            }
        }
        if manifest.database == "sqlite" { guard files.contains(where: { $0.name == sqliteName }) else { throw Problem.damaged("the database file is missing") } }
        return (manifest, files)
    }

    /// Writes a checked backup into `dataDirectory`. Refuses a directory that already holds a
    /// database or traffic logs unless `force`, which first removes exactly what is restored.
    static func restore(_ archive: Data, into dataDirectory: String, usesPostgres: Bool, force: Bool) throws -> Manifest {
        let (manifest, files) = try check(archive)
        if usesPostgres, manifest.database == "sqlite" {
            throw Problem.wrongDatabase("this backup holds a SQLite database, but DATABASE_URL selects PostgreSQL: unset it to restore into the data directory")
        }
        let fileManager = FileManager.default
        let targets = [sqliteName, sqliteName + "-wal", sqliteName + "-shm"] + folders
        let occupied = targets.filter { name in
            let path = (dataDirectory as NSString).appendingPathComponent(name)
            guard fileManager.fileExists(atPath: path) else { return false }
            if folders.contains(name) { return !((try? fileManager.contentsOfDirectory(atPath: path)) ?? []).isEmpty }
            return true
        }
        if !occupied.isEmpty {
            guard force else { throw Problem.notEmpty(dataDirectory) }
            for name in occupied {
                let path = (dataDirectory as NSString).appendingPathComponent(name)
                makeWritable(path)
                try fileManager.removeItem(atPath: path)
            }
        }
        try fileManager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        for file in files {
            let path = (dataDirectory as NSString).appendingPathComponent(file.name)
            try fileManager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let temporary = path + ".restoring"
            try file.data.write(to: URL(fileURLWithPath: temporary))
            chmod(temporary, mode_t(file.mode & 0o777))
            try? fileManager.removeItem(atPath: path)
            try fileManager.moveItem(atPath: temporary, toPath: path)
        }
        return manifest
    }

    /// Sealed files are read-only; removing them from their folder only needs the folder writable.
    private static func makeWritable(_ path: String) {
        chmod(path, 0o750)
        if let walker = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in walker { chmod((path as NSString).appendingPathComponent(relative), 0o750) }
        }
    }
}
