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

@Suite struct TarStreamReaderTests {
    let files = [
        ArchivedFile(name: "manifest.json", data: Data("{}".utf8), mode: 0o600),
        ArchivedFile(name: "traffic/a.jsonl", data: Data((0..<3000).map { UInt8($0 % 251) }), mode: 0o440),
        ArchivedFile(name: "theme/empty.css", data: Data())
    ]

    /// Chunks of any size give the same files: a byte at a time, odd sizes, all at once.
    @Test(arguments: [1, 7, 511, 512, 513, 100_000])
    func chunksOfAnySizeReadTheSame(_ size: Int) throws {
        let tar = try TarGzip.tar(files)
        var reader = TarStreamReader()
        var read: [ArchivedFile] = []
        var offset = 0
        while offset < tar.count {
            let chunk = tar[offset..<min(offset + size, tar.count)]
            try chunk.withUnsafeBytes { bytes in
                try reader.consume(bytes) { event in
                    switch event {
                    case .entry(let entry): read.append(ArchivedFile(name: entry.name, data: Data(), mode: entry.mode))
                    case .data(let part): read[read.count - 1].data.append(contentsOf: part)
                    case .entryEnd: break
                    }
                }
            }
            offset += size
        }
        try reader.finish()
        #expect(read.map(\.name) == files.map(\.name))
        #expect(read.map(\.data) == files.map(\.data))
        #expect(read.map(\.mode) == files.map(\.mode))
    }

    /// Sizes past ustar's 8 GiB are written and read in GNU's base-256 form.
    @Test func aHugeSizeRoundTripsInBase256() throws {
        let size = 10 * 1024 * 1024 * 1024
        let header = try TarFormat.header(for: TarEntry(name: "prakat.sqlite", size: size))
        #expect(header[124] == 0x80)
        var reader = TarStreamReader()
        var seen: TarEntry?
        try header.withUnsafeBytes { bytes in
            try reader.consume(bytes) { event in if case .entry(let entry) = event { seen = entry } }
        }
        #expect(seen?.size == size)
        #expect(throws: ArchiveError.self) { try reader.finish() }
        var limited = TarStreamReader(maxEntrySize: 1024)
        #expect(throws: ArchiveError.entryTooLarge("prakat.sqlite")) {
            try header.withUnsafeBytes { bytes in try limited.consume(bytes) { _ in } }
        }
    }

    @Test func aCutArchiveIsRefused() throws {
        let tar = try TarGzip.tar(files)
        for length in [100, 512 + 10, tar.count - 1024] {
            #expect(throws: ArchiveError.self) { try TarGzip.untar(tar.prefix(length)) }
        }
    }
}
