import Foundation

/// One file in an archive.
public struct ArchivedFile: Sendable, Equatable {
    public var name: String
    public var data: Data
    /// Permission bits (e.g. 0o440 for a sealed traffic day).
    public var mode: Int
    public var modified: Date

    public init(name: String, data: Data, mode: Int = 0o640, modified: Date = Date(timeIntervalSince1970: 0)) {
        self.name = name
        self.data = data
        self.mode = mode
        self.modified = modified
    }
}

public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case notGzip
    case unsupportedCompression
    case corrupt(String)
    case checksumMismatch
    case nameTooLong(String)
    case unsafeName(String)
    case entryTooLarge(String)

    public var description: String {
        switch self {
        case .notGzip: "not a gzip file"
        case .unsupportedCompression: "compressed with a method Prakat does not read (only archives written by Prakat can be read)"
        case .corrupt(let detail): "the archive is damaged: \(detail)"
        case .checksumMismatch: "the archive's CRC-32 does not match its content (damaged or altered)"
        case .nameTooLong(let name): "file name too long for a tar archive: \(name)"
        case .unsafeName(let name): "unsafe file name in the archive: \(name)"
        case .entryTooLarge(let name): "a file in the archive is larger than allowed: \(name)"
        }
    }
}

/// Small `.tar.gz` archives built in memory without any library: POSIX ustar inside gzip
/// (RFC 1952) with stored deflate blocks, which every `tar` and `gzip` reads. The traffic-log
/// export uses it (a few MB, archived for integrity and hand-over, not to save space); backups,
/// which can be any size, stream through `TarFormat` and real deflate instead (PrakatApp).
public enum TarGzip {
    // MARK: Writing

    public static func archive(_ entries: [ArchivedFile]) throws -> Data {
        gzip(try tar(entries))
    }

    public static func tar(_ entries: [ArchivedFile]) throws -> Data {
        var out = Data()
        for entry in entries {
            out.append(contentsOf: try TarFormat.header(for: TarEntry(name: entry.name, size: entry.data.count, mode: entry.mode, modified: entry.modified)))
            out.append(entry.data)
            out.append(Data(count: TarFormat.padding(after: entry.data.count)))
        }
        out.append(contentsOf: TarFormat.endOfArchive)
        return out
    }

    public static func gzip(_ payload: Data, modified: Date = Date(timeIntervalSince1970: 0)) -> Data {
        var out = Data([0x1f, 0x8b, 0x08, 0x00])
        out.append(littleEndian: UInt32(truncatingIfNeeded: max(0, Int(modified.timeIntervalSince1970))))
        out.append(contentsOf: [0x00, 0xff])
        let blockSize = 65_535
        var offset = payload.startIndex
        repeat {
            let end = min(offset + blockSize, payload.endIndex)
            let length = UInt16(end - offset)
            out.append(end == payload.endIndex ? 0x01 : 0x00)
            out.append(littleEndian: length)
            out.append(littleEndian: ~length)
            out.append(payload[offset..<end])
            offset = end
        } while offset < payload.endIndex
        out.append(littleEndian: CRC32.checksum(payload))
        out.append(littleEndian: UInt32(truncatingIfNeeded: payload.count))
        return out
    }

    // MARK: Reading

    public static func read(_ archive: Data) throws -> [ArchivedFile] {
        try untar(try gunzip(archive))
    }

    public static func gunzip(_ data: Data) throws -> Data {
        let bytes = [UInt8](data)
        guard bytes.count >= 18, bytes[0] == 0x1f, bytes[1] == 0x8b else { throw ArchiveError.notGzip }
        guard bytes[2] == 0x08 else { throw ArchiveError.unsupportedCompression }
        let flags = bytes[3]
        var position = 10
        func need(_ count: Int) throws { if position + count > bytes.count { throw ArchiveError.corrupt("it ends too early") } }
        if flags & 0x04 != 0 {
            try need(2)
            position += 2 + (Int(bytes[position]) | Int(bytes[position + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
            while true { try need(1); position += 1; if bytes[position - 1] == 0 { break } }
        }
        if flags & 0x02 != 0 { position += 2 }
        var out = Data()
        out.reserveCapacity(bytes.count)
        while true {
            try need(5)
            let header = bytes[position]
            guard header & 0x06 == 0 else { throw ArchiveError.unsupportedCompression }
            let length = Int(bytes[position + 1]) | Int(bytes[position + 2]) << 8
            let complement = Int(bytes[position + 3]) | Int(bytes[position + 4]) << 8
            guard length ^ 0xffff == complement else { throw ArchiveError.corrupt("a block's length is inconsistent") }
            position += 5
            try need(length)
            out.append(contentsOf: bytes[position..<(position + length)])
            position += length
            if header & 0x01 != 0 { break }
        }
        try need(8)
        let crc = UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2]) << 16 | UInt32(bytes[position + 3]) << 24
        let size = UInt32(bytes[position + 4]) | UInt32(bytes[position + 5]) << 8 | UInt32(bytes[position + 6]) << 16 | UInt32(bytes[position + 7]) << 24
        guard crc == CRC32.checksum(out), size == UInt32(truncatingIfNeeded: out.count) else { throw ArchiveError.checksumMismatch }
        return out
    }

    public static func untar(_ data: Data) throws -> [ArchivedFile] {
        var reader = TarStreamReader()
        var entries: [ArchivedFile] = []
        try data.withUnsafeBytes { bytes in
            try reader.consume(bytes) { event in
                switch event {
                case .entry(let entry): entries.append(ArchivedFile(name: entry.name, data: Data(), mode: entry.mode, modified: entry.modified))
                case .data(let chunk): entries[entries.count - 1].data.append(contentsOf: chunk)
                case .entryEnd: break
                }
            }
        }
        try reader.finish()
        return entries
    }
}

/// CRC-32 (IEEE 802.3), as gzip and zip use it.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    public static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        data.withUnsafeBytes { buffer in
            for byte in buffer { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }
}

extension Data {
    mutating func append(littleEndian value: UInt16) { append(contentsOf: [UInt8(value & 0xff), UInt8(value >> 8)]) }
    mutating func append(littleEndian value: UInt32) {
        append(contentsOf: [UInt8(value & 0xff), UInt8((value >> 8) & 0xff), UInt8((value >> 16) & 0xff), UInt8(value >> 24)])
    }
}
