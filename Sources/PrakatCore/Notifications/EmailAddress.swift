import Foundation

/// Why a typed e-mail address was not accepted. People see one message, `thaiMessage`
/// ("อีเมลไม่ถูกต้อง"), on a profile form; `thaiDetail` adds what exactly is wrong, for an
/// administrator reading a settings error.
public enum EmailAddressError: Error, Sendable, Hashable {
    case empty
    /// Longer than 254 bytes in all, or a local part longer than 64 (RFC 5321 §4.5.3.1).
    case tooLong
    /// Not exactly one "@" with something on both sides.
    case notOneAt
    /// A space, a control character (CR and LF among them), an angle bracket or another
    /// character outside RFC 5322's dot-atom: anything that could leave the address and become
    /// header or SMTP syntax.
    case invalidCharacter
    /// A dot at the start or end of the local part, or two dots in a row.
    case misplacedDot
    /// No dot in the domain, an empty label, a label over 63 characters or starting or ending
    /// with a hyphen.
    case invalidDomain

    /// What a person sees beside the field.
    public var thaiMessage: String { "อีเมลไม่ถูกต้อง" }

    /// The same, with the reason.
    public var thaiDetail: String {
        switch self {
        case .empty: "อีเมลไม่ถูกต้อง: ยังไม่ได้กรอกอีเมล"
        case .tooLong: "อีเมลไม่ถูกต้อง: ยาวเกินกำหนด (ทั้งหมดไม่เกิน 254 ตัวอักษร ส่วนหน้า @ ไม่เกิน 64 ตัวอักษร)"
        case .notOneAt: "อีเมลไม่ถูกต้อง: ต้องมีเครื่องหมาย @ หนึ่งตัว และมีข้อความทั้งก่อนและหลัง @"
        case .invalidCharacter: "อีเมลไม่ถูกต้อง: มีช่องว่าง อักขระควบคุม วงเล็บมุม หรืออักขระที่ใช้ในอีเมลไม่ได้ (ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข และ . _ - +)"
        case .misplacedDot: "อีเมลไม่ถูกต้อง: จุด (.) อยู่หน้าสุด ท้ายสุด หรือติดกันสองตัวในส่วนหน้า @"
        case .invalidDomain: "อีเมลไม่ถูกต้อง: ชื่อโดเมนหลัง @ ไม่ถูกต้อง (ต้องมีจุด เช่น example.go.th)"
        }
    }
}

/// An e-mail address that is safe to put into a header and into SMTP's `MAIL FROM:<…>` and
/// `RCPT TO:<…>`: the pragmatic check used both for the mail Prakat sends and for the address
/// a person types into a profile.
///
/// Deliberately narrower than RFC 5322: no quoted local parts, comments, address literals or
/// non-ASCII (which would need SMTPUTF8 and IDNA). Such addresses are rare and many servers
/// refuse them anyway; a Thai domain can still be typed in its `xn--` form. Surrounding spaces
/// and line breaks are trimmed; anything inside that is not part of an address is refused,
/// so no header or command can be smuggled in through it.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address as typed, trimmed.
    public let value: String
    /// What follows the "@", as typed (compare case-insensitively).
    public let domain: String

    public static let maximumLength = 254
    public static let maximumLocalPartLength = 64

    public init(_ text: String) throws(EmailAddressError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw .empty }
        let bytes = Array(trimmed.utf8)
        guard bytes.allSatisfy({ Self.isAtext($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "@") }) else {
            throw .invalidCharacter
        }
        let parts = bytes.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .notOneAt }
        let local = parts[0]
        let domain = parts[1]
        guard bytes.count <= Self.maximumLength, local.count <= Self.maximumLocalPartLength else { throw .tooLong }
        guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
            !local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).contains(where: \.isEmpty)
        else { throw .misplacedDot }
        guard Self.isDomain(domain) else { throw .invalidDomain }
        value = trimmed
        self.domain = String(decoding: domain, as: UTF8.self)
    }

    /// Nil for anything `init(_:)` refuses.
    public init?(validating text: String) {
        guard let address = try? EmailAddress(text) else { return nil }
        self = address
    }

    public var description: String { value }

    /// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    private static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
        }
    }

    /// Host name labels: letters, digits and inner hyphens, 1–63 each, at least two labels.
    private static func isDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
            return label.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"):
                    true
                default: false
                }
            }
        }
    }
}
