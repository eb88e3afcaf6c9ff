import Foundation
import PrakatCore

@testable import PrakatApp

/// Reading and writing backup archives in tests: real gzip, small enough to hold in memory.
enum BackupFiles {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("prakat-\(UUID().uuidString)-\(name)").path
    }

    /// The tar inside a backup file (any gzip, or a plain tar).
    static func tar(ofArchive path: String) throws -> Data {
        var tar = Data()
        _ = try GzipArchiveReader.read(path) { tar.append(contentsOf: $0) }
        return tar
    }

    static func entries(ofArchive path: String) throws -> [ArchivedFile] {
        try TarGzip.untar(try tar(ofArchive: path))
    }

    /// One gzip member holding `bytes`, as Prakat's writer makes it.
    static func gzip(_ bytes: Data) throws -> Data {
        let path = temporaryPath("member.gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try GzipFileWriter(creating: path)
        try bytes.withUnsafeBytes { try writer.write($0) }
        _ = try writer.finish()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func writeArchive(_ entries: [ArchivedFile], to path: String) throws {
        try gzip(try TarGzip.tar(entries)).write(to: URL(fileURLWithPath: path))
    }

    /// A ustar header for any name, even one `TarFormat` refuses to write (`../x`, `/etc/x`).
    static func rawHeader(name: String, size: Int) throws -> Data {
        var block = try TarFormat.header(for: TarEntry(name: "placeholder", size: size))
        for index in 0..<100 { block[index] = 0 }
        for (index, byte) in name.utf8.prefix(100).enumerated() { block[index] = byte }
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        let field = [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits + [0, UInt8(ascii: " ")]
        for (index, byte) in field.enumerated() { block[148 + index] = byte }
        return Data(block)
    }

    /// Runs a program with standard input and returns its standard output (through files: a
    /// pipe holds only 64 KiB).
    static func run(_ executable: String, _ arguments: [String], input: Data) throws -> Data {
        let inputPath = temporaryPath("stdin")
        let outputPath = temporaryPath("stdout")
        defer {
            try? FileManager.default.removeItem(atPath: inputPath)
            try? FileManager.default.removeItem(atPath: outputPath)
        }
        try input.write(to: URL(fileURLWithPath: inputPath))
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: URL(fileURLWithPath: outputPath))
    }
}
