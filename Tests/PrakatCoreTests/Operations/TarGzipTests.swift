import Foundation
import Testing

@testable import PrakatCore

@Suite("tar.gz archives (exports and backups)")
struct TarGzipTests {
    let files = [
        ArchivedFile(name: "manifest.json", data: Data("{\"a\":1}".utf8), mode: 0o600, modified: Date(timeIntervalSince1970: 1_770_606_000)),
        ArchivedFile(name: "traffic/2026-02-09.jsonl", data: Data(repeating: 0x41, count: 70_000), mode: 0o440),
        ArchivedFile(name: "traffic/empty.seal", data: Data(), mode: 0o440),
        ArchivedFile(name: "theme/" + String(repeating: "ก", count: 40) + "/" + String(repeating: "x", count: 60) + ".css", data: Data("body{}".utf8))
    ]

    @Test func roundTrip() throws {
        let archive = try TarGzip.archive(files)
        #expect(archive.prefix(2) == Data([0x1f, 0x8b]))
        let read = try TarGzip.read(archive)
        #expect(
            read
                == files.map {
                    var f = $0; f.modified = Date(timeIntervalSince1970: floor($0.modified.timeIntervalSince1970)); return f
                })
    }

    @Test func crcOfAKnownString() {
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Data()) == 0)
    }

    @Test func aFlippedByteIsFound() throws {
        var archive = try TarGzip.archive(files)
        archive[archive.count / 2] ^= 0x01
        #expect(throws: ArchiveError.self) { try TarGzip.read(archive) }
    }

    @Test func notGzipIsSaidSo() {
        #expect(throws: ArchiveError.notGzip) { try TarGzip.read(Data("PK\u{3}\u{4}not a tarball at all.....".utf8)) }
    }

    @Test(arguments: ["../etc/passwd", "/etc/passwd", "a/../../b", "", "a//b", "./x"])
    func unsafeNamesAreRefused(_ name: String) {
        #expect(throws: ArchiveError.self) { try TarGzip.archive([ArchivedFile(name: name, data: Data())]) }
    }

    /// Debian's tar reads what we write.
    @Test(SystemTar.trait)
    func systemTarReadsTheArchive() throws {
        try #require(SystemTar.isAvailable, "/bin/tar is missing (Debian package tar)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("targz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.tar.gz")
        try TarGzip.archive(files).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SystemTar.path)
        process.arguments = ["-xzf", file.path, "-C", folder.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let extracted = try Data(contentsOf: folder.appendingPathComponent("traffic/2026-02-09.jsonl"))
        #expect(extracted == files[1].data)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(files[3].name).path))
    }
}
