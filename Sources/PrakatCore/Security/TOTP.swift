import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, 6 digits,
/// 30-second steps — what every authenticator app shows.
public struct TOTP: Sendable {
    public var secret: [UInt8]
    public var digits: Int
    public var period: TimeInterval
    /// Steps accepted either side of now, for phones whose clocks drift.
    public var window: Int64

    /// RFC 4226 asks for at least 128 bits; 160 matches SHA-1's block use and the apps' default.
    public static let secretLength = 20

    public init(secret: [UInt8], digits: Int = 6, period: TimeInterval = 30, window: Int64 = 1) {
        self.secret = secret
        self.digits = digits
        self.period = period
        self.window = window
    }

    public static func makeSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<secretLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / period).rounded(.down))
    }

    /// HOTP of one counter value, zero-padded to `digits`.
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: max(0, digits - value.count)) + value
    }

    public func code(at date: Date) -> String { code(step: step(at: date)) }

    /// The step a typed code belongs to, or nil. A step at or before `lastUsedStep` is refused,
    /// so a code seen over someone's shoulder cannot be used a second time.
    public func verify(_ typed: String, at date: Date, lastUsedStep: Int64?) -> Int64? {
        let cleaned = TOTP.normalize(typed)
        guard cleaned.count == digits, cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let now = step(at: date)
        var matched: Int64?
        // Every candidate is computed and compared, so timing does not say which one matched.
        for candidate in (now - window)...(now + window) {
            if ConstantTime.equals(code(step: candidate), cleaned), candidate > (lastUsedStep ?? Int64.min) { matched = candidate }
        }
        return matched
    }

    /// Spaces and hyphens are dropped ("123 456"); Thai digits become Arabic ones.
    public static func normalize(_ typed: String) -> String {
        String(typed.unicodeScalars.compactMap { scalar -> Character? in
            if scalar == " " || scalar == "-" { return nil }
            if (0x0E50...0x0E59).contains(scalar.value) { return Character(Unicode.Scalar(scalar.value - 0x0E50 + 0x30)!) }
            return Character(scalar)
        })
    }

    /// `otpauth://totp/Issuer:account?secret=…&issuer=…` (Google Authenticator key URI format).
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let label = percentEncode(issuer) + ":" + percentEncode(account)
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(percentEncode(issuer))&algorithm=SHA1&digits=6&period=30"
    }

    /// Everything but RFC 3986 unreserved characters is encoded (Thai agency names included).
    public static func percentEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

}

/// One-time recovery codes for a lost phone: shown once, stored as SHA-256.
public enum RecoveryCodes {
    public static let count = 10
    /// Letters and 2–7 (base32), lower case, two groups of five: about 50 bits each.
    public static func generate(count: Int = RecoveryCodes.count) -> [String] {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        return (0..<count).map { _ in
            let characters = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(characters[0..<5]) + "-" + String(characters[5...])
        }
    }

    /// What people type may have spaces, no hyphen or capitals.
    public static func normalize(_ typed: String) -> String {
        String(typed.lowercased().filter { $0 != " " && $0 != "-" })
    }

    public static func looksLikeCode(_ typed: String) -> Bool {
        let cleaned = normalize(typed)
        return cleaned.count == 10 && cleaned.allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) }
    }

    public static func hash(_ typed: String) -> String {
        SHA256.hash(data: Data(normalize(typed).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Comparison that does not stop at the first different byte, so timing reveals nothing.
public enum ConstantTime {
    public static func equals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
