import Foundation

/// One file's header in a tar archive; its bytes follow it in the stream.
public struct TarEntry: Sendable, Equatable {
    public var name: String
    public var size: Int
    /// Permission bits (e.g. 0o440 for a sealed traffic day).
    public var mode: Int
    public var modified: Date

    public init(name: String, size: Int, mode: Int = 0o640, modified: Date = Date(timeIntervalSince1970: 0)) {
        self.name = name
        self.size = size
        self.mode = mode
        self.modified = modified
    }
}

/// POSIX ustar, written and read a block at a time so that archives of any size pass through a
/// fixed amount of memory (backups hold the whole database and every attachment).
public enum TarFormat {
    public static let blockSize = 512
    /// Two empty blocks end an archive.
    public static let endOfArchive = [UInt8](repeating: 0, count: 1024)
    /// The largest size an ustar octal field holds (11 digits); larger sizes use GNU's base-256 form.
    static let largestOctalSize = 0o77777777777

    public static func padding(after size: Int) -> Int { (blockSize - size % blockSize) % blockSize }

    public static func header(for entry: TarEntry) throws -> [UInt8] {
        try checkName(entry.name)
        guard entry.size >= 0 else { throw ArchiveError.corrupt("negative size for \(entry.name)") }
        var block = [UInt8](repeating: 0, count: blockSize)
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
        put(name, at: 0)
        put(octal(entry.mode & 0o7777, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        if entry.size <= largestOctalSize {
            put(octal(entry.size, width: 12), at: 124)
        } else {
            // GNU base-256: a set high bit, then the size big-endian in the remaining 11 bytes.
            block[124] = 0x80
            for index in 0..<8 { block[135 - index] = UInt8(truncatingIfNeeded: entry.size >> (8 * index)) }
        }
        put(octal(max(0, Int(entry.modified.timeIntervalSince1970)), width: 12), at: 136)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)
        block[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(Array("prakat".utf8), at: 265)
        put(Array("prakat".utf8), at: 297)
        put(prefix, at: 345)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(Array(String(sum, radix: 8).leftPadded(to: 6).utf8) + [0, UInt8(ascii: " ")], at: 148)
        return block
    }

    private static func octal(_ value: Int, width: Int) -> [UInt8] {
        Array(String(String(value, radix: 8).suffix(width - 1)).leftPadded(to: width - 1).utf8) + [0]
    }

    /// Relative names only, without `..`, so extracting can never write outside its folder.
    public static func checkName(_ name: String) throws {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
            !name.utf8.contains(0), !name.contains("\\")
        else {
            throw ArchiveError.unsafeName(name)
        }
    }

    /// Whether a first block looks like ustar (or GNU tar's "ustar  "), to tell a plain tar from
    /// anything else without reading further.
    public static func looksLikeTar(_ firstBlock: some Collection<UInt8>) -> Bool {
        guard firstBlock.count >= blockSize else { return false }
        return Array(firstBlock.dropFirst(257).prefix(5)) == Array("ustar".utf8)
    }
}

/// Reads a tar stream fed in chunks of any size and reports each plain file's header, its bytes
/// (slices of the caller's chunk, never copied) and its end. Directory entries are skipped;
/// links, devices and extension headers are refused, as are unsafe names and entries over
/// `maxEntrySize`.
public struct TarStreamReader {
    public enum Event {
        case entry(TarEntry)
        case data(UnsafeRawBufferPointer)
        case entryEnd
    }

    public let maxEntrySize: Int
    /// The end-of-archive block was read; whatever follows it is ignored.
    public private(set) var isFinished = false
    private var header: [UInt8] = []
    private var remaining = 0
    private var padding = 0
    private var inFile = false
    private var currentName = ""

    public init(maxEntrySize: Int = Int.max) {
        self.maxEntrySize = maxEntrySize
        header.reserveCapacity(TarFormat.blockSize)
    }

    public mutating func consume(_ bytes: UnsafeRawBufferPointer, _ handle: (Event) throws -> Void) throws {
        var offset = 0
        while offset < bytes.count, !isFinished {
            if remaining > 0 {
                let count = min(remaining, bytes.count - offset)
                if inFile { try handle(.data(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))) }
                remaining -= count
                offset += count
                if remaining == 0 { try endEntry(handle) }
            } else if padding > 0 {
                let count = min(padding, bytes.count - offset)
                padding -= count
                offset += count
            } else {
                let count = min(TarFormat.blockSize - header.count, bytes.count - offset)
                header.append(contentsOf: bytes[offset..<(offset + count)])
                offset += count
                if header.count == TarFormat.blockSize {
                    try startEntry(handle)
                    header.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    /// Throws unless the stream ended where an archive may end.
    public func finish() throws {
        guard isFinished else {
            throw ArchiveError.corrupt(remaining > 0 || inFile ? "\(currentName) is cut short" : "the end-of-archive marker is missing")
        }
    }

    private mutating func endEntry(_ handle: (Event) throws -> Void) throws {
        if inFile { try handle(.entryEnd) }
        inFile = false
    }

    private mutating func startEntry(_ handle: (Event) throws -> Void) throws {
        if header.allSatisfy({ $0 == 0 }) {
            isFinished = true
            return
        }
        func field(_ offset: Int, _ width: Int) -> String {
            String(decoding: header[offset..<(offset + width)].prefix { $0 != 0 }, as: UTF8.self)
        }
        func number(_ offset: Int, _ width: Int) throws -> Int {
            if header[offset] & 0x80 != 0 {
                // GNU base-256; a size this reader would refuse anyway must not overflow first.
                var value = Int(header[offset] & 0x7f)
                for byte in header[(offset + 1)..<(offset + width)] {
                    guard value <= (Int.max >> 8) else { throw ArchiveError.corrupt("a number in a header is too large") }
                    value = value << 8 | Int(byte)
                }
                return value
            }
            let text = field(offset, width).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return 0 }
            guard let value = Int(text, radix: 8), value >= 0 else { throw ArchiveError.corrupt("unreadable number in a header") }
            return value
        }
        let expected = try number(148, 8)
        var sum = 0
        for index in 0..<TarFormat.blockSize { sum += (148..<156).contains(index) ? 32 : Int(header[index]) }
        guard sum == expected else { throw ArchiveError.corrupt("a header's checksum does not match") }
        let prefix = field(345, 155)
        let name = prefix.isEmpty ? field(0, 100) : prefix + "/" + field(0, 100)
        let size = try number(124, 12)
        let type = header[156]
        currentName = name
        if type == UInt8(ascii: "0") || type == 0 {
            try TarFormat.checkName(name)
            guard size <= maxEntrySize else { throw ArchiveError.entryTooLarge(name) }
            let entry = TarEntry(name: name, size: size, mode: try number(100, 8), modified: Date(timeIntervalSince1970: Double(try number(136, 12))))
            inFile = true
            try handle(.entry(entry))
        } else if type == UInt8(ascii: "5") {
            // A folder: its files name it themselves.
            inFile = false
        } else {
            throw ArchiveError.corrupt("\(name) is not a plain file")
        }
        guard size <= maxEntrySize else { throw ArchiveError.entryTooLarge(name) }
        remaining = size
        padding = TarFormat.padding(after: size)
        if size == 0 { try endEntry(handle) }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
