import Foundation

/// One reply from an SMTP server (RFC 5321 §4.2): a three-digit code and one or more lines
/// of text (`250-first`, `250-second`, `250 last`).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    /// The text of each line after the code and separator, made printable.
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2yz: done.
    public var isPositive: Bool { (200...299).contains(code) }
    /// 3yz: go on (354 after DATA, 334 during AUTH).
    public var isIntermediate: Bool { (300...399).contains(code) }

    /// The lines joined with spaces, as an administrator would read it.
    public var text: String { lines.joined(separator: " ") }

    /// `550 5.1.1 no such user`, cut to a readable length.
    public var description: String {
        let whole = text.isEmpty ? "\(code)" : "\(code) \(text)"
        return whole.count > 300 ? String(whole.prefix(300)) + "…" : whole
    }
}

/// Why what the server sent was not an SMTP reply.
public enum SMTPReplyError: Error, Sendable, Hashable {
    /// A line longer than `SMTPReplyParser.maximumLineLength` bytes.
    case lineTooLong
    /// More lines in one reply than `SMTPReplyParser.maximumLines`.
    case tooManyLines
    /// A line that does not start with a code from 200 to 599 followed by "-", " " or nothing.
    case malformed
    /// A continuation line whose code differs from the first line's.
    case inconsistentCode
}

/// Reads replies line by line, as they come off the connection. Never traps on what a server
/// sends: anything that is not a reply is an error, and the caller closes the connection.
/// Bounded: a line of at most 4 KB (RFC 5321 allows 512 bytes; servers' greetings go over
/// that), at most 100 lines in one reply.
public struct SMTPReplyParser: Sendable {
    public static let maximumLineLength = 4096
    public static let maximumLines = 100

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Feeds one line, without its line ending (a CR left over from CRLF is dropped). Returns the
    /// reply when this line completed it, nil when more lines are to come.
    public mutating func consume(_ line: some Collection<UInt8>) throws(SMTPReplyError) -> SMTPReply? {
        var bytes = Array(line)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count <= Self.maximumLineLength else { throw .lineTooLong }
        guard bytes.count >= 3, let code = Self.code(bytes[0], bytes[1], bytes[2]) else { throw .malformed }
        let isLast: Bool
        switch bytes.count > 3 ? bytes[3] : UInt8(ascii: " ") {
        case UInt8(ascii: " "): isLast = true
        case UInt8(ascii: "-"): isLast = false
        default: throw .malformed
        }
        if let expected = self.code, expected != code { throw .inconsistentCode }
        guard lines.count < Self.maximumLines else { throw .tooManyLines }
        self.code = code
        lines.append(Self.printable(bytes.dropFirst(4)))
        guard isLast else { return nil }
        let reply = SMTPReply(code: code, lines: lines)
        self.code = nil
        lines = []
        return reply
    }

    /// True between the first and the last line of a reply.
    public var isInsideReply: Bool { code != nil }

    /// A whole reply from text (lines ending in CRLF or LF), for tests and tools. The text must
    /// hold exactly one reply.
    public static func parse(_ text: String) throws(SMTPReplyError) -> SMTPReply {
        var parser = SMTPReplyParser()
        let lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let meaningful = lines.last?.isEmpty == true ? lines.dropLast() : lines[...]
        for (index, line) in meaningful.enumerated() {
            if let reply = try parser.consume(line) {
                guard index == meaningful.count - 1 else { throw .malformed }
                return reply
            }
        }
        throw .malformed
    }

    /// RFC 5321 §4.2: the first digit 2–5 (1yz is never used), the second 0–5, the third 0–9.
    private static func code(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        guard (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(a), (UInt8(ascii: "0")...UInt8(ascii: "5")).contains(b),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
        else { return nil }
        return Int(a - UInt8(ascii: "0")) * 100 + Int(b - UInt8(ascii: "0")) * 10 + Int(c - UInt8(ascii: "0"))
    }

    /// UTF-8 as far as it is valid (U+FFFD otherwise), control characters as spaces: the text may
    /// end up on the admin's queue page and in logs.
    private static func printable(_ bytes: some Collection<UInt8>) -> String {
        let decoded = String(decoding: bytes, as: UTF8.self)
        let scalars = decoded.unicodeScalars.map { scalar -> Unicode.Scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar
        }
        return String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
    }
}

/// What a server says it can do, from its reply to EHLO (RFC 5321 §4.1.1.1): the lines after
/// the first name one keyword each, with parameters after a space.
public struct SMTPCapabilities: Sendable, Hashable {
    public var startTLS = false
    /// Upper-case mechanism names (`PLAIN`, `LOGIN`, …).
    public var authMechanisms: Set<String> = []
    /// The largest message the server takes, in bytes; nil when it names no limit.
    public var maximumSize: Int?
    public var eightBitMIME = false

    public init() {}

    public init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            // "AUTH=PLAIN LOGIN" is the form some old servers still send for old clients.
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "SIZE":
                // "SIZE" alone or "SIZE 0" means no fixed limit.
                if words.count > 1, let size = Int(words[1]), size > 0 { maximumSize = size }
            case "8BITMIME": eightBitMIME = true
            default: break
            }
        }
    }
}
