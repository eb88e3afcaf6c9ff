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

    public var description: String {
        switch self {
        case .notGzip: "not a gzip file"
        case .unsupportedCompression: "compressed with a method Prakat does not read (only archives written by Prakat can be read)"
        case .corrupt(let detail): "the archive is damaged: \(detail)"
        case .checksumMismatch: "the archive's CRC-32 does not match its content (damaged or altered)"
        case .nameTooLong(let name): "file name too long for a tar archive: \(name)"
        case .unsafeName(let name): "unsafe file name in the archive: \(name)"
        }
    }
}

/// `.tar.gz` archives written and read without any library: POSIX ustar inside gzip (RFC 1952).
/// The deflate stream uses stored blocks (no compression), so every `tar`, `gzip` and archive
/// tool reads the result, and the code stays small enough to trust; traffic logs and SQLite
/// copies are archived for integrity and hand-over, not to save space.
public enum TarGzip {
    // MARK: Writing

    public static func archive(_ entries: [ArchivedFile]) throws -> Data {
        gzip(try tar(entries))
    }

    public static func tar(_ entries: [ArchivedFile]) throws -> Data {
        var out = Data()
        for entry in entries {
            out.append(try header(for: entry))
            out.append(entry.data)
            let padding = (512 - entry.data.count % 512) % 512
            out.append(Data(count: padding))
        }
        out.append(Data(count: 1024))
        return out
    }

    static func header(for entry: ArchivedFile) throws -> Data {
        try checkName(entry.name)
        var block = [UInt8](repeating: 0, count: 512)
        let nameBytes = Array(entry.name.utf8)
        var name = nameBytes
        var prefix: [UInt8] = []
        if nameBytes.count > 100 {
            // ustar splits long names at a slash into prefix (155) and name (100).
            guard let split = nameBytes.indices.reversed().first(where: { nameBytes[$0] == UInt8(ascii: "/") && $0 <= 155 && nameBytes.count - $0 - 1 <= 100 }) else {
                throw ArchiveError.nameTooLong(entry.name)
            }
            prefix = Array(nameBytes[..<split])
            name = Array(nameBytes[(split + 1)...])
        }
        func put(_ bytes: [UInt8], at offset: Int) { for (index, byte) in bytes.enumerated() { block[offset + index] = byte } }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            Array(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(entry.mode & 0o7777, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(entry.data.count, width: 12), at: 124)
        put(octal(max(0, Int(entry.modified.timeIntervalSince1970)), width: 12), at: 136)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)
        block[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(Array("prakat".utf8), at: 265)
        put(Array("prakat".utf8), at: 297)
        put(prefix, at: 345)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(Array(String(String(sum, radix: 8)).leftPadded(to: 6).utf8) + [0, UInt8(ascii: " ")], at: 148)
        return Data(block)
    }

    /// Relative names only, without `..`, so extracting can never write outside its folder.
    static func checkName(_ name: String) throws {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
            !name.utf8.contains(0), !name.contains("\\")
        else {
            throw ArchiveError.unsafeName(name)
        }
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
        let bytes = [UInt8](data)
        var entries: [ArchivedFile] = []
        var position = 0
        func field(_ offset: Int, _ width: Int) -> String {
            let slice = bytes[(position + offset)..<(position + offset + width)]
            return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
        }
        func number(_ offset: Int, _ width: Int) throws -> Int {
            let text = field(offset, width).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return 0 }
            guard let value = Int(text, radix: 8) else { throw ArchiveError.corrupt("unreadable number in a header") }
            return value
        }
        while position + 512 <= bytes.count {
            if bytes[position..<(position + 512)].allSatisfy({ $0 == 0 }) { return entries }
            let expected = try number(148, 8)
            var sum = 0
            for index in 0..<512 { sum += (148..<156).contains(index) ? 32 : Int(bytes[position + index]) }
            guard sum == expected else { throw ArchiveError.corrupt("a header's checksum does not match") }
            let prefix = field(345, 155)
            let name = prefix.isEmpty ? field(0, 100) : prefix + "/" + field(0, 100)
            let size = try number(124, 12)
            let type = bytes[position + 156]
            let start = position + 512
            guard start + size <= bytes.count else { throw ArchiveError.corrupt("\(name) is cut short") }
            if type == UInt8(ascii: "0") || type == 0 {
                try checkName(name)
                entries.append(
                    ArchivedFile(
                        name: name, data: Data(bytes[start..<(start + size)]), mode: try number(100, 8),
                        modified: Date(timeIntervalSince1970: Double(try number(136, 12)))))
            } else if type != UInt8(ascii: "5") {
                throw ArchiveError.corrupt("\(name) is not a plain file")
            }
            position = start + (size + 511) / 512 * 512
        }
        throw ArchiveError.corrupt("the end-of-archive marker is missing")
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

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
