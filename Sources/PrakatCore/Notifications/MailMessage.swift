import Foundation

/// One notification e-mail, ready to hand to an SMTP server: a plain-text Thai message as
/// RFC 5322 and MIME (RFC 2045–2047) want it.
///
/// Built for being read correctly rather than for being small: the body is always UTF-8 in
/// base64, so it survives any relay (7-bit, line-length limits, no 8BITMIME) and needs no
/// escaping; the subject and display names are RFC 2047 encoded-words whenever they are not
/// plain ASCII. Header text is cleaned of control characters before it is used (a title with a
/// line break in it becomes one line), and addresses are `EmailAddress`es, so no input can add
/// a header or end one early.
///
/// Everything that varies is passed in: the date, and the id from which Message-ID is made.
/// A queued message keeps its id across retries, so a server or reader that saw an earlier
/// attempt recognises the copy.
public struct MailMessage: Sendable, Hashable {
    public let id: UUID
    public let from: EmailAddress
    public let fromName: String?
    public let to: EmailAddress
    public let toName: String?
    public let subject: String
    public let body: String
    public let date: Date

    /// Subjects longer than this many characters are cut, with "…": mail readers show about a
    /// line of it, and an unbounded title would make an unbounded header.
    public static let maximumSubjectLength = 200

    public init(id: UUID, from: EmailAddress, fromName: String? = nil, to: EmailAddress, toName: String? = nil, subject: String, body: String, date: Date) {
        self.id = id
        self.from = from
        self.fromName = fromName
        self.to = to
        self.toName = toName
        self.subject = subject
        self.body = body
        self.date = date
    }

    /// `<uuid@domain-of-from>`: unique, and says who made it.
    public var messageID: String { "<\(id.uuidString.lowercased())@\(from.domain.lowercased())>" }

    /// The header fields in order, each folded (continuation lines joined with CRLF).
    public var headerFields: [String] {
        var subject = MIMEHeader.sanitized(self.subject)
        if subject.count > Self.maximumSubjectLength { subject = String(subject.prefix(Self.maximumSubjectLength - 1)) + "…" }
        return [
            "Date: " + Self.rfc5322Date(date),
            MIMEHeader.field("From", address: from, displayName: fromName),
            MIMEHeader.field("To", address: to, displayName: toName),
            MIMEHeader.field("Subject", text: subject),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            // RFC 3834: a machine wrote this; auto-responders must not answer it.
            "Auto-Submitted: auto-generated",
            // The same for Exchange, which many agencies run and which ignores RFC 3834.
            "X-Auto-Response-Suppress: All"
        ]
    }

    /// The body's lines: its text with every line ending made CRLF (the canonical form of
    /// text/plain), as UTF-8 in base64, 76 characters a line (RFC 2045 §6.8).
    public var bodyLines: [String] {
        let canonical = Self.crlfLines(body).joined(separator: "\r\n")
        let encoded = Data(canonical.utf8).base64EncodedString()
        var lines: [String] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[start..<end]))
            start = end
        }
        return lines
    }

    /// The whole message: headers, an empty line, the body; every line ends with CRLF.
    public var rendered: [UInt8] {
        Array((headerFields.joined(separator: "\r\n") + "\r\n\r\n" + bodyLines.map { $0 + "\r\n" }.joined()).utf8)
    }

    /// What follows SMTP's `DATA` command once the server said 354: the message with every
    /// line that starts with "." given a second one (RFC 5321 §4.5.2), then the ending
    /// `.` line. (Base64 and folded headers never start a line with ".", so this is a guard
    /// for the future more than a need today.)
    public var smtpData: [UInt8] { Self.dotStuffed(rendered) }

    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 8)
        var atLineStart = true
        for byte in message {
            if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !atLineStart { out += Array("\r\n".utf8) }
        out += Array(".\r\n".utf8)
        return out
    }

    /// RFC 5322 §3.3 in UTC: `Mon, 09 Feb 2026 03:00:00 +0000`. `InternetDate` writes the same
    /// instant with the obsolete zone name "GMT"; mail wants the numeric zone.
    public static func rfc5322Date(_ date: Date) -> String {
        let text = InternetDate.rfc822(date)
        return text.hasSuffix(" GMT") ? String(text.dropLast(4)) + " +0000" : text
    }

    /// Lines split at CRLF, CR or LF, whichever the text uses.
    private static func crlfLines(_ text: String) -> [Substring] {
        // Swift treats "\r\n" as one Character, so splitting on newlines handles all three.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
    }
}
