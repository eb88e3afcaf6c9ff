import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Backups stream through real gzip, and restore reads any gzip of a Prakat backup's tar
/// (issue 14 §5) while refusing broken input without touching the data directory.
@Suite struct BackupStreamTests {
    /// A backup of a test app with a few traffic days, and its tar.
    func withBackup(_ body: (_ archive: String, _ tar: Data, _ manifest: Backup.Manifest) async throws -> Void) async throws {
        try await withPrakat { app, _, _ in
            try await Browser(app).signIn("staff")
            let archive = BackupFiles.temporaryPath("backup.tar.gz")
            defer { try? FileManager.default.removeItem(atPath: archive) }
            let written = try await Backup.create(app, by: "test", to: archive)
            try await body(archive, try BackupFiles.tar(ofArchive: archive), written.manifest)
        }
    }

    func restores(_ bytes: Data, as manifest: Backup.Manifest, _ comment: Comment) throws {
        let file = BackupFiles.temporaryPath("variant")
        let target = BackupFiles.temporaryPath("restore")
        defer {
            Backup.makeWritable(target)
            for path in [file, target] { try? FileManager.default.removeItem(atPath: path) }
        }
        try bytes.write(to: URL(fileURLWithPath: file))
        let restored = try Backup.restore(file, into: target, usesPostgres: false, force: false)
        #expect(restored.manifest == manifest, comment)
        for listed in manifest.files {
            let (sha256, _) = try Backup.digest(ofFile: (target as NSString).appendingPathComponent(listed.path))
            #expect(sha256 == listed.sha256, comment)
        }
    }

    @Test(ToolRequirement.gzip.trait)
    func theTarCompressedByGzipNineOrOneRestores() async throws {
        try await withBackup { _, tar, manifest in
            // gzip -9 of a file stores its name (FNAME); -1 from standard input does not.
            let tarFile = BackupFiles.temporaryPath("backup.tar")
            defer { try? FileManager.default.removeItem(atPath: tarFile + ".gz") }
            try tar.write(to: URL(fileURLWithPath: tarFile))
            let process = try Process.run(URL(fileURLWithPath: "/bin/gzip"), arguments: ["-9", tarFile])
            process.waitUntilExit()
            let best = try Data(contentsOf: URL(fileURLWithPath: tarFile + ".gz"))
            #expect(best[3] & 0x08 != 0, "gzip -9 wrote the file name")
            try restores(best, as: manifest, "gzip -9")
            let fastest = try BackupFiles.run("/bin/gzip", ["-1", "-c"], input: tar)
            try restores(fastest, as: manifest, "gzip -1")
            // And gzip itself reads what Prakat writes.
            let ours = try BackupFiles.gzip(tar)
            #expect(try BackupFiles.run("/bin/gzip", ["-d", "-c"], input: ours) == tar)
        }
    }

    @Test func headerFieldsSeveralMembersAndAPlainTarRestore() async throws {
        try await withBackup { _, tar, manifest in
            // FEXTRA, FNAME, FCOMMENT and FHCRC (the low half of the header's CRC-32).
            let member = try BackupFiles.gzip(tar)
            var header = Data([0x1f, 0x8b, 0x08, 0x04 | 0x08 | 0x10 | 0x02, 0, 0, 0, 0, 0, 3])
            header.append(contentsOf: [6, 0, UInt8(ascii: "P"), UInt8(ascii: "k"), 2, 0, 0xAB, 0xCD])
            header.append(contentsOf: Array("prakat-backup.tar".utf8) + [0])
            header.append(contentsOf: Array("สำรองข้อมูล".utf8) + [0])
            let crc = CRC32.checksum(header)
            header.append(contentsOf: [UInt8(crc & 0xff), UInt8((crc >> 8) & 0xff)])
            try restores(header + member.dropFirst(10), as: manifest, "header fields")

            // Members one after another (`cat a.gz b.gz c.gz`), one of them empty.
            let cut = tar.count / 3 + 7
            let members = try BackupFiles.gzip(tar.prefix(cut)) + BackupFiles.gzip(Data()) + BackupFiles.gzip(tar.dropFirst(cut))
            try restores(members, as: manifest, "three members")

            try restores(tar, as: manifest, "plain tar")
        }
    }

    @Test func brokenArchivesAreRefusedAndLeaveTheDataDirectoryAsItWas() async throws {
        try await withBackup { archive, tar, manifest in
            let good = try Data(contentsOf: URL(fileURLWithPath: archive))
            let target = BackupFiles.temporaryPath("restore")
            defer {
                Backup.makeWritable(target)
                try? FileManager.default.removeItem(atPath: target)
            }
            try Backup.restore(archive, into: target, usesPostgres: false, force: false)
            let before = try snapshot(target)

            let entries = try TarGzip.untar(tar)
            let manifestEntry = try #require(entries.first)
            let listed = try #require(manifest.files.first { $0.path.hasPrefix("traffic/") })
            func tarWith(_ header: Data, _ body: Data) throws -> Data {
                var bytes = try TarGzip.tar([manifestEntry]).dropLast(1024)
                bytes.append(header)
                bytes.append(body)
                bytes.append(Data(count: TarFormat.padding(after: body.count) + 1024))
                return Data(bytes)
            }
            let cases: [(String, Data)] = [
                ("truncated in the middle", good.prefix(good.count / 2)),
                ("truncated in the gzip trailer", good.dropLast(4)),
                ("truncated after the header", good.prefix(10)),
                ("a CRC-32 that does not match", flipping(good, at: good.count - 6)),
                ("a flipped bit in the deflate data", flipping(good, at: good.count / 3)),
                ("not gzip", Data(String(repeating: "not a backup ", count: 100).utf8)),
                ("empty", Data()),
                ("trailing garbage", good + Data("garbage after the last member".utf8)),
                ("path traversal", try BackupFiles.gzip(try tarWith(try BackupFiles.rawHeader(name: "../x", size: 5), Data("hello".utf8)))),
                ("absolute path", try BackupFiles.gzip(try tarWith(try BackupFiles.rawHeader(name: "/etc/cron.d/x", size: 5), Data("hello".utf8)))),
                (
                    "an entry larger than its manifest says",
                    try BackupFiles.gzip(try tarWith(try BackupFiles.rawHeader(name: listed.path, size: listed.bytes + 4096), Data(count: listed.bytes + 4096)))
                ),
                ("a file the manifest does not list", try BackupFiles.gzip(try tarWith(try BackupFiles.rawHeader(name: "theme/extra.css", size: 3), Data("a{}".utf8)))),
                ("the manifest not first", try BackupFiles.gzip(try TarGzip.tar(Array(entries.dropFirst()) + [manifestEntry])))
            ]
            for (name, bytes) in cases {
                let file = BackupFiles.temporaryPath("broken")
                defer { try? FileManager.default.removeItem(atPath: file) }
                try bytes.write(to: URL(fileURLWithPath: file))
                #expect(throws: Backup.Problem.self, "\(name)") { try Backup.restore(file, into: target, usesPostgres: false, force: true) }
                #expect(try snapshot(target) == before, "\(name) changed the data directory")
            }
        }
    }

    /// The database copy goes into a folder only the owner can enter, beside the archive, and
    /// nothing but the archive is left there afterwards.
    @Test func theDatabaseCopyIsPrivateAndRemoved() async throws {
        let folder = BackupFiles.temporaryPath("out")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let archive = (folder as NSString).appendingPathComponent("backup.tar.gz")
        let scratch = try Backup.makeScratchFolder(beside: archive)
        #expect((scratch as NSString).deletingLastPathComponent == folder)
        let mode = try FileManager.default.attributesOfItem(atPath: scratch)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o700)
        try FileManager.default.removeItem(atPath: scratch)
        try await withPrakat { app, _, _ in
            let written = try await Backup.create(app, by: "test", to: archive)
            #expect(written.manifest.database == (app.prakat.databaseURL == nil ? "sqlite" : "none"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["backup.tar.gz"])
        }
    }

    /// A gzip of something else (a text, an SQL dump) was called a damaged backup; it is no
    /// backup at all. A real backup cut short stays "damaged".
    @Test func aGzipOfSomethingElseIsNotABackupNotADamagedOne() throws {
        let cases: [(String, Data)] = [
            ("a text of several blocks", Data(String(repeating: "บันทึกการประชุม ไม่ใช่ไฟล์สำรอง\n", count: 100).utf8)),
            ("a short text", Data("short\n".utf8)),
            ("an empty file", Data())
        ]
        let target = BackupFiles.temporaryPath("restore")
        defer { try? FileManager.default.removeItem(atPath: target) }
        for (name, content) in cases {
            let file = BackupFiles.temporaryPath("other.gz")
            defer { try? FileManager.default.removeItem(atPath: file) }
            try BackupFiles.gzip(content).write(to: URL(fileURLWithPath: file))
            do {
                try Backup.restore(file, into: target, usesPostgres: false, force: true)
                Issue.record("\(name) was restored")
            } catch let problem as Backup.Problem {
                #expect(problem.description.hasPrefix(OperationsText.backupNotABackup), "\(name): \(problem)")
            }
        }
    }

    @Test func refusalsSayWhatHappenedInThaiThenEnglish() {
        let problem = Backup.Problem.damaged("the archive is damaged: it ends too early")
        #expect(problem.description.hasPrefix(OperationsText.backupDamaged))
        #expect(problem.description.contains("ends too early"))
    }

    func flipping(_ data: Data, at index: Int) -> Data {
        var copy = data
        copy[index] ^= 0x01
        return copy
    }

    /// Every file under `folder` with its digest, staging folders included.
    func snapshot(_ folder: String) throws -> [String: String] {
        var files: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return files }
        for case let relative as String in walker {
            let path = (folder as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            files[relative] = isDirectory.boolValue ? "folder" : try Backup.digest(ofFile: path).sha256
        }
        return files
    }
}
