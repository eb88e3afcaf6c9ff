import Crypto
import Foundation
import PrakatCore
import Vapor

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1, 6 digits,
/// 30-second steps — what every authenticator app shows. Vapor's `HOTP` computes each code
/// (it passes RFC 6238's SHA-1 vectors: `OneTimePasswordTests`); the steps are counted here,
/// because the sign-in needs to know which step matched to refuse a code seen twice.
struct OneTimePassword: Sendable {
    var secret: [UInt8]
    var digits: OTPDigits
    var period: TimeInterval
    /// Steps accepted either side of now, for phones whose clocks drift.
    var window: Int64

    /// RFC 4226 asks for at least 128 bits; 160 matches SHA-1's block use and the apps' default.
    static let secretLength = 20

    init(secret: [UInt8], digits: OTPDigits = .six, period: TimeInterval = 30, window: Int64 = 1) {
        self.secret = secret
        self.digits = digits
        self.period = period
        self.window = window
    }

    static func makeSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<secretLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The clock's step; the clock is the server's, never a request's, so it is in range.
    func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / period).rounded(.down))
    }

    /// HOTP of one counter value, zero-padded to `digits`.
    func code(step: Int64) -> String {
        // The counter as RFC 4226's 8 bytes; bit pattern, so no step value can trap.
        HOTP(key: SymmetricKey(data: secret), digest: .sha1, digits: digits).generate(counter: UInt64(bitPattern: step))
    }

    func code(at date: Date) -> String { code(step: step(at: date)) }

    /// The step a typed code belongs to, or nil. A step at or before `lastUsedStep` is refused,
    /// so a code seen over someone's shoulder cannot be used a second time.
    func verify(_ typed: String, at date: Date, lastUsedStep: Int64?) -> Int64? {
        let cleaned = Self.normalize(typed)
        guard cleaned.count == digits.rawValue, cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let now = step(at: date)
        var matched: Int64?
        // Every candidate is computed and compared, so timing does not say which one matched.
        for candidate in (now - window)...(now + window) {
            if ConstantTime.equals(code(step: candidate), cleaned), candidate > (lastUsedStep ?? Int64.min) { matched = candidate }
        }
        return matched
    }

    /// Spaces and hyphens are dropped ("123 456"); Thai digits become Arabic ones.
    static func normalize(_ typed: String) -> String {
        String(
            typed.unicodeScalars.compactMap { scalar -> Character? in
                if scalar == " " || scalar == "-" { return nil }
                if (0x0E50...0x0E59).contains(scalar.value), let arabic = Unicode.Scalar(scalar.value - 0x0E50 + 0x30) { return Character(arabic) }
                return Character(scalar)
            })
    }

    /// `otpauth://totp/Issuer:account?secret=…&issuer=…` (Google Authenticator key URI format).
    static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let label = percentEncode(issuer) + ":" + percentEncode(account)
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(percentEncode(issuer))&algorithm=SHA1&digits=6&period=30"
    }

    /// Everything but RFC 3986 unreserved characters is encoded (Thai agency names included).
    static func percentEncode(_ text: String) -> String {
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
