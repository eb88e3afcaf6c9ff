import Crypto
import Foundation

/// A signed "form issued at" value for public forms (issue 12 §5): the form carries the time it
/// was shown, signed with a key derived from the app's own secret key, so a bot cannot claim it
/// waited. A post sooner than `minimumFill` after the form was shown is too fast to be a person.
///
/// The value is `v1.<unix seconds>.<base64url HMAC-SHA-256>`; the MAC covers the purpose and the
/// time, so a value for one form is not accepted by another. Verification tries every key of the
/// keyring (current first), so a key rotation does not refuse forms already on people's screens.
public struct SpamTimeToken: Sendable {
    public enum Verdict: Equatable, Sendable {
        /// Signed by us, old enough and not too old.
        case valid
        /// Signed by us, sent sooner than a person could have filled the form.
        case tooFast
        /// Signed by us, but the form was shown too long ago (a fresh one is needed).
        case expired
        /// Missing, malformed, signed by someone else or dated in the future.
        case forged
        /// Well formed and dated within the last `maximumAge`, but signed by no key held: shown
        /// before a key rotation whose old key is gone since, or altered. A person gets the form
        /// back with what they typed (a fresh form tells a bot nothing it could not fetch).
        case unknownKey
    }

    public static let minimumFill: TimeInterval = 3
    public static let maximumAge: TimeInterval = 24 * 3600
    /// How far into the future an issue time may lie (instances whose clocks differ slightly).
    static let futureTolerance: TimeInterval = 60
    static let maxLength = 128

    let purpose: String
    let keys: [SymmetricKey]

    /// `keyring`'s keys, each turned into a signing key of its own for this purpose (HKDF), so
    /// the signature reveals nothing usable against the sealed two-factor secrets.
    public init(purpose: String, keyring: SecretKeyring) {
        self.purpose = purpose
        keys = ([keyring.current] + keyring.previous).map { Self.derive($0.key) }
    }

    static func derive(_ key: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("prakat-spam-time-token-v1".utf8), outputByteCount: 32)
    }

    public func issue(at now: Date) -> String {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        return "v1.\(seconds)." + Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: message(seconds), using: keys[0])))
    }

    public func verify(_ token: String?, now: Date) -> Verdict {
        guard let token, token.utf8.count <= Self.maxLength else { return .forged }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", parts[1].utf8.count <= 12, parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let seconds = Int64(parts[1]), let mac = Self.data(base64URL: String(parts[2]))
        else { return .forged }
        let data = message(seconds)
        let age = now.timeIntervalSince1970 - Double(seconds)
        guard keys.contains(where: { HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: data, using: $0) }) else {
            let ours = mac.count == SHA256.byteCount && age >= -Self.futureTolerance && age <= Self.maximumAge
            return ours ? .unknownKey : .forged
        }
        if age < -Self.futureTolerance { return .forged }
        if age < Self.minimumFill { return .tooFast }
        if age > Self.maximumAge { return .expired }
        return .valid
    }

    private func message(_ seconds: Int64) -> Data { Data("\(purpose)|\(seconds)".utf8) }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
