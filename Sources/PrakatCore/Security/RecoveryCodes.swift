import Crypto
import Foundation

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
