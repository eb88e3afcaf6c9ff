import CompressNIO
import Crypto
import Foundation
import NIOCore
import PrakatCore

#if canImport(Glibc)
    import Glibc
#endif

/// A file opened for reading or writing through its descriptor, a chunk at a time, so that
/// backups of any size go through a fixed amount of memory.
final class ChunkedFile {
    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { _ = Glibc.close(descriptor) } }

    static func openForReading(_ path: String) throws -> ChunkedFile {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ChunkedFileError(path: path, operation: "open", code: errno) }
        return ChunkedFile(path: path, descriptor: descriptor)
    }

    /// A new file (never an existing one: a restore or backup must not write through a link).
    static func create(_ path: String, mode: mode_t = 0o600) throws -> ChunkedFile {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw ChunkedFileError(path: path, operation: "create", code: errno) }
        return ChunkedFile(path: path, descriptor: descriptor)
    }

    /// Reads up to `limit` bytes into the buffer's free space; 0 at the end of the file.
    func read(into buffer: inout ByteBuffer, limit: Int = .max) throws -> Int {
        let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { space -> Int in
            guard let base = space.baseAddress, space.count > 0 else { return 0 }
            while true {
                let result = Glibc.read(descriptor, base, min(space.count, limit))
                if result >= 0 { return result }
                guard errno == EINTR else { throw ChunkedFileError(path: path, operation: "read", code: errno) }
            }
        }
        return count
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let result = Glibc.write(descriptor, next, left)
            if result < 0 {
                guard errno == EINTR else { throw ChunkedFileError(path: path, operation: "write", code: errno) }
                continue
            }
            left -= result
            next += result
        }
    }

    /// Flushes to disk and closes.
    func close(sync: Bool) throws {
        guard descriptor >= 0 else { return }
        defer { descriptor = -1 }
        if sync, fsync(descriptor) != 0 { let code = errno; _ = Glibc.close(descriptor); throw ChunkedFileError(path: path, operation: "fsync", code: code) }
        guard Glibc.close(descriptor) == 0 else { throw ChunkedFileError(path: path, operation: "close", code: errno) }
    }
}

struct ChunkedFileError: Error, CustomStringConvertible {
    var path: String
    var operation: String
    var code: Int32
    var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}

/// Writes gzip (real deflate, zlib through compress-nio) into a new file: bytes go in by chunks
/// and leave by a fixed-size window, and the SHA-256 of what was written is kept for the audit
/// entry.
final class GzipFileWriter {
    static let windowSize = 256 * 1024
    private let file: ChunkedFile
    private let compressor: ZlibCompressor
    private var window: ByteBuffer
    private var input: ByteBuffer
    private var hasher = SHA256()
    private(set) var compressedBytes = 0

    init(creating path: String, level: ZlibConfiguration.CompressionLevel = .defaultCompressionLevel) throws {
        compressor = try ZlibCompressor(algorithm: .gzip, configuration: ZlibConfiguration(compressionLevel: level))
        file = try ChunkedFile.create(path)
        window = ByteBufferAllocator().buffer(capacity: Self.windowSize)
        input = ByteBufferAllocator().buffer(capacity: Self.windowSize)
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            input.clear()
            let count = min(input.writableBytes, bytes.count - offset)
            input.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
            offset += count
            try deflate(&input)
        }
    }

    /// Compresses the buffer's readable bytes (which the caller may have read a file into).
    func deflate(_ buffer: inout ByteBuffer) throws {
        while buffer.readableBytes > 0 {
            if window.writableBytes == 0 { try flushWindow() }
            do {
                try compressor.deflate(from: &buffer, to: &window, flush: .no)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try flushWindow()
            }
        }
    }

    /// Ends the gzip member (deflate's last block, CRC-32 and length), writes it to disk and
    /// returns the file's SHA-256.
    func finish() throws -> String {
        var empty = ByteBufferAllocator().buffer(capacity: 0)
        while true {
            if window.writableBytes == 0 { try flushWindow() }
            do {
                try compressor.deflate(from: &empty, to: &window, flush: .finish)
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try flushWindow()
            }
        }
        try flushWindow()
        try file.close(sync: true)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private func flushWindow() throws {
        try window.withUnsafeReadableBytes { bytes in
            hasher.update(bufferPointer: bytes)
            try file.write(bytes)
        }
        compressedBytes += window.readableBytes
        window.clear()
    }
}

/// Reads a backup file by chunks and hands on the tar stream inside it. Accepts what `gzip`
/// accepts: our own writer, `gzip -1`…`-9`, headers with a file name, extra field, comment or
/// header CRC, several members one after another (as `cat a.gz b.gz` makes), and also a plain
/// uncompressed tar. Every member's CRC-32 and length are checked by zlib; a stream that stops
/// inside a member, or anything but another member after one, is refused.
struct GzipArchiveReader {
    static let chunkSize = 1024 * 1024

    struct Summary {
        var sha256: String
        var bytes: Int
        var gzipMembers: Int
    }

    static func read(_ path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Summary {
        let file = try ChunkedFile.openForReading(path)
        defer { try? file.close(sync: false) }
        var hasher = SHA256()
        var bytes = 0
        var input = ByteBufferAllocator().buffer(capacity: chunkSize)
        func nextChunk() throws -> Bool {
            input.clear()
            // Fill the buffer, so the format can be told from a whole first block.
            while input.writableBytes > 0 {
                guard try file.read(into: &input) > 0 else { break }
            }
            input.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            bytes += input.readableBytes
            return input.readableBytes > 0
        }
        guard try nextChunk() else { throw ArchiveError.notGzip }
        let head = input.getBytes(at: input.readerIndex, length: min(input.readableBytes, TarFormat.blockSize)) ?? []
        var members = 0
        if head.count >= 2, head[0] == 0x1f, head[1] == 0x8b {
            var inflater = try Inflater()
            repeat {
                try inflater.feed(&input, body)
            } while try nextChunk()
            guard inflater.memberEnded else { throw ArchiveError.corrupt("it ends too early (the last gzip member is incomplete)") }
            members = inflater.members
        } else if TarFormat.looksLikeTar(head) {
            repeat {
                try input.withUnsafeReadableBytes(body)
            } while try nextChunk()
        } else {
            throw ArchiveError.notGzip
        }
        return Summary(sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes: bytes, gzipMembers: members)
    }

    /// zlib's gzip inflater, told apart from compress-nio's answers: it returns normally both
    /// when it used all the input (more may come) and when a member ended (Z_STREAM_END); only
    /// the latter can leave input unread, or return with nothing done.
    struct Inflater {
        private let decompressor: ZlibDecompressor
        private var output: ByteBuffer
        private(set) var memberEnded = false
        private(set) var members = 1

        init() throws {
            decompressor = try ZlibDecompressor(algorithm: .gzip)
            output = ByteBufferAllocator().buffer(capacity: GzipArchiveReader.chunkSize)
        }

        mutating func feed(_ input: inout ByteBuffer, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
            while true {
                if memberEnded {
                    guard input.readableBytes > 0 else { return }
                    // Another member follows (concatenated gzip files): a fresh header, CRC and length.
                    try decompressor.reset()
                    memberEnded = false
                    members += 1
                }
                let before = input.readableBytes
                do {
                    try decompressor.inflate(from: &input, to: &output)
                    if input.readableBytes > 0 || (input.readableBytes == before && output.readableBytes == 0) { memberEnded = true }
                } catch let error as CompressNIOError where error == .bufferOverflow {
                    // The output window is full: hand it on and go on.
                } catch let error as CompressNIOError where error == .inputBufferOverflow {
                    try flush(body)
                    return
                } catch let error as CompressNIOError where error == .corruptData {
                    throw ArchiveError.corrupt("the gzip data or its CRC-32 does not check out")
                } catch let error as CompressNIOError {
                    throw ArchiveError.corrupt("gzip: \(error)")
                }
                try flush(body)
            }
        }

        private mutating func flush(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
            guard output.readableBytes > 0 else { return }
            try output.withUnsafeReadableBytes(body)
            output.clear()
        }
    }
}
