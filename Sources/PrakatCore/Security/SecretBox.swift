import Crypto
import Foundation

/// A 256-bit key for secrets at rest, known by a short id derived from it (so a stored value
/// says which key sealed it without revealing anything about the key).
public struct SecretKey: Sendable {
    public let id: String
    let key: SymmetricKey

    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else { return nil }
        self.init(bytes: data)
    }

    init(bytes: Data) {
        key = SymmetricKey(data: bytes)
        // Not the key's hash itself: a labelled hash, so the id is useless for anything else.
        id = SHA256.hash(data: Data("prakat-secret-key-id:".utf8) + bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    public static func generate() -> SecretKey { SecretKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }) }

    /// What goes in the key file or the setting.
    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }
}

/// AES-256-GCM for small secrets stored in the database (two-factor secrets, issue 15 §3).
///
/// A stored value is `aesgcm1:<key id>:<base64 of nonce ‖ ciphertext ‖ tag>`. The `context`
/// (e.g. the user's id) is authenticated with it, so a value copied to another row does not
/// open. The keyring seals with `current` and opens with any of its keys, which is what a key
/// rotation needs while it re-seals.
public struct SecretKeyring: Sendable {
    public static let prefix = "aesgcm1:"
    public let current: SecretKey
    public let previous: [SecretKey]

    public init(current: SecretKey, previous: [SecretKey] = []) {
        self.current = current
        self.previous = previous.filter { $0.id != current.id }
    }

    public func seal(_ plaintext: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: current.key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return Self.prefix + current.id + ":" + combined.base64EncodedString()
    }

    /// The plaintext, or nil when the value is not sealed, was sealed by a key not in this
    /// keyring, belongs to another context or was altered.
    public func open(_ stored: String, context: String) -> String? {
        guard let (keyID, payload) = Self.parts(stored),
            let key = ([current] + previous).first(where: { $0.id == keyID }),
            let box = try? AES.GCM.SealedBox(combined: payload),
            let plain = try? AES.GCM.open(box, using: key.key, authenticating: Data(context.utf8))
        else { return nil }
        return String(data: plain, encoding: .utf8)
    }

    public static func isSealed(_ stored: String) -> Bool { parts(stored) != nil }

    /// Whether one of this keyring's keys has the id `keyID`.
    public func holds(_ keyID: String) -> Bool { ([current] + previous).contains { $0.id == keyID } }

    /// The id of the key a stored value was sealed with.
    public static func keyID(of stored: String) -> String? { parts(stored)?.keyID }

    private static func parts(_ stored: String) -> (keyID: String, payload: Data)? {
        guard stored.hasPrefix(prefix) else { return nil }
        let rest = stored.dropFirst(prefix.count).split(separator: ":", maxSplits: 1)
        guard rest.count == 2, let payload = Data(base64Encoded: String(rest[1])), payload.count > 28 else { return nil }
        return (String(rest[0]), payload)
    }
}
