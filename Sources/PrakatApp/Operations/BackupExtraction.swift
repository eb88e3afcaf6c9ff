import Crypto
import Foundation
import NIOCore
import PrakatCore

#if canImport(Glibc)
    import Glibc
#endif

extension Backup {
    /// One pass over an archive: the manifest must come first (our writer puts it there), so
    /// every later entry is checked against it — listed, once, of the listed size — before a
    /// byte of it is written, and its digest is compared when it ends. Without a staging folder
    /// nothing is written (`check`).
    struct Extraction {
        let knownMigrations: Set<String>
        let staging: String?
        let usesPostgres: Bool
        var freeSpaceOf: String?

        private var manifest: Manifest?
        private var manifestBytes: [UInt8] = []
        private var listed: [String: FileDigest] = [:]
        private var seen: Set<String> = []
        private var current: (entry: FileDigest, file: ChunkedFile?, hasher: SHA256, written: Int)?
        private var readingManifest = false

        init(knownMigrations: Set<String>, staging: String?, usesPostgres: Bool, freeSpaceOf: String? = nil) {
            self.knownMigrations = knownMigrations
            self.staging = staging
            self.usesPostgres = usesPostgres
            self.freeSpaceOf = freeSpaceOf
        }

        mutating func run(_ archive: String) throws -> Checked {
            var reader = TarStreamReader()
            let summary: GzipArchiveReader.Summary
            do {
                summary = try GzipArchiveReader.read(archive) { chunk in
                    do {
                        try reader.consume(chunk) { event in try handle(event) }
                    } catch is ArchiveError where !startedReading {
                        throw Self.notATar
                    }
                }
                do {
                    try reader.finish()
                } catch is ArchiveError where !startedReading {
                    throw Self.notATar
                }
            } catch ArchiveError.notGzip {
                throw Problem.notABackup(OperationsText.backupNotGzipDetail)
            } catch let error as ArchiveError {
                throw Problem.damaged(error.description)
            } catch let error as ChunkedFileError where error.path == archive {
                throw Problem.unreadable(error.description)
            }
            guard let manifest else { throw Problem.notABackup("manifest.json is missing") }
            guard seen.count == listed.count else { throw Problem.damaged("the files in the archive differ from those its manifest lists") }
            if manifest.database == "sqlite", !seen.contains(sqliteName) { throw Problem.damaged("the database file is missing") }
            return Checked(manifest: manifest, sha256: summary.sha256, bytes: summary.bytes)
        }

        /// Before the first file of the archive: a gzip whose content is no tar archive at all.
        private var startedReading: Bool { manifest != nil || readingManifest }

        /// A gzip of something else (a text, an SQL dump) fails at its first tar header: that is
        /// not a damaged backup but no backup, and the message says so.
        /// (The tar reader's own words, "the archive is damaged: …", would say the opposite.)
        private static let notATar = Problem.notABackup("the gzip file holds no tar archive")

        private mutating func handle(_ event: TarStreamReader.Event) throws {
            switch event {
            case .entry(let entry):
                if manifest == nil {
                    guard entry.name == "manifest.json" else { throw Problem.notABackup("manifest.json is not the first file in the archive") }
                    guard entry.size <= maxManifestBytes else { throw Problem.notABackup("manifest.json is too large (\(entry.size) bytes)") }
                    readingManifest = true
                    manifestBytes.reserveCapacity(entry.size)
                    return
                }
                try begin(entry)
            case .data(let chunk):
                if readingManifest {
                    manifestBytes.append(contentsOf: chunk)
                } else if var open = current {
                    current = nil
                    open.hasher.update(bufferPointer: chunk)
                    open.written += chunk.count
                    try open.file?.write(chunk)
                    current = open
                }
            case .entryEnd:
                if readingManifest {
                    readingManifest = false
                    try acceptManifest()
                } else {
                    try end()
                }
            }
        }

        private mutating func acceptManifest() throws {
            guard let decoded = try? JSONDecoder().decode(Manifest.self, from: Data(manifestBytes)), decoded.format == format else {
                throw Problem.notABackup("manifest.json is not a Prakat backup manifest")
            }
            manifestBytes = []
            guard decoded.version == version else { throw Problem.notABackup("backup format version \(decoded.version) is not supported") }
            let unknown = decoded.schema.filter { !knownMigrations.contains($0) }
            guard unknown.isEmpty else { throw Problem.newerSchema(unknown) }
            if usesPostgres, decoded.database == "sqlite" {
                throw Problem.wrongDatabase("this backup holds a SQLite database, but DATABASE_URL selects PostgreSQL: unset it to restore into the data directory")
            }
            listed = Dictionary(decoded.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            guard listed.count == decoded.files.count else { throw Problem.damaged("the manifest lists a file twice") }
            for file in decoded.files {
                try TarFormat.checkName(file.path)
                guard file.path == sqliteName || folders.contains(where: { file.path.hasPrefix($0 + "/") }) else {
                    throw Problem.notABackup("unexpected file \(file.path)")
                }
                guard file.bytes >= 0 else { throw Problem.damaged("\(file.path) has a negative size in the manifest") }
            }
            if let folder = freeSpaceOf {
                let needed = decoded.files.reduce(0) { $0 &+ $1.bytes }
                if let available = Backup.freeBytes(folder), needed > available { throw Problem.notEnoughSpace(needed: needed, available: available) }
            }
            manifest = decoded
        }

        private mutating func begin(_ entry: TarEntry) throws {
            guard let expected = listed[entry.name], !seen.contains(entry.name) else {
                throw Problem.damaged("the files in the archive differ from those its manifest lists (\(entry.name))")
            }
            guard entry.size == expected.bytes else { throw Problem.damaged("\(entry.name) is not the size its manifest lists") }
            seen.insert(entry.name)
            var file: ChunkedFile?
            if let staging {
                let path = (staging as NSString).appendingPathComponent(entry.name)
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                file = try ChunkedFile.create(path)
            }
            current = (expected, file, SHA256(), 0)
        }

        private mutating func end() throws {
            guard let open = current else { return }
            current = nil
            guard open.written == open.entry.bytes, Backup.hex(open.hasher.finalize()) == open.entry.sha256 else {
                throw Problem.damaged("\(open.entry.path) does not match its SHA-256 in the manifest")
            }
            if let file = open.file {
                try file.close(sync: true)
                chmod(file.path, mode_t(open.entry.mode & 0o777))
            }
        }
    }

    /// Free bytes for an unprivileged writer on the file system holding `path`.
    static func freeBytes(_ path: String) -> Int? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        let (bytes, overflow) = Int(stats.f_bavail).multipliedReportingOverflow(by: Int(stats.f_frsize))
        return overflow ? Int.max : bytes
    }
}
