import Crypto
import Foundation

/// The hash chain behind the audit trail: each entry's hash covers its own fields and the
/// previous entry's hash, so changing, removing or reordering any entry breaks every later link.
public enum AuditChain {
    /// The hash that stands before the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// Fields are length-prefixed so that no two different entries can serialise alike
    /// (e.g. "ab"+"c" versus "a"+"bc").
    public static func hash(previous: String, fields: [String]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("prakat-audit-v1".utf8))
        for field in [previous] + fields {
            let bytes = Data(field.utf8)
            hasher.update(data: Data("\(bytes.count):".utf8))
            hasher.update(data: bytes)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    public struct Link: Sendable {
        public var sequence: Int64
        public var previousHash: String
        public var hash: String
        public var fields: [String]
        public init(sequence: Int64, previousHash: String, hash: String, fields: [String]) {
            self.sequence = sequence
            self.previousHash = previousHash
            self.hash = hash
            self.fields = fields
        }
    }

    public enum Break: Equatable, Sendable, CustomStringConvertible {
        case gap(expected: Int64, found: Int64)
        case wrongPrevious(sequence: Int64)
        case alteredContent(sequence: Int64)

        public var sequence: Int64 {
            switch self {
            case .gap(let expected, _): expected
            case .wrongPrevious(let s), .alteredContent(let s): s
            }
        }

        public var description: String {
            switch self {
            case .gap(let expected, let found): "entry \(expected) is missing (next found: \(found))"
            case .wrongPrevious(let s): "entry \(s) does not point at the entry before it"
            case .alteredContent(let s): "entry \(s) was altered after it was written"
            }
        }
    }

    /// Walks links in sequence order and reports the first broken one, or nil when intact.
    /// Stateful so that it can verify a table of any size page by page.
    public struct Verifier: Sendable {
        private var expectedSequence: Int64 = 1
        private var previousHash: String = AuditChain.genesis
        public private(set) var checked = 0

        public init() {}

        public mutating func check(_ link: Link) -> Break? {
            if link.sequence != expectedSequence { return .gap(expected: expectedSequence, found: link.sequence) }
            if link.previousHash != previousHash { return .wrongPrevious(sequence: link.sequence) }
            if AuditChain.hash(previous: link.previousHash, fields: link.fields) != link.hash {
                return .alteredContent(sequence: link.sequence)
            }
            previousHash = link.hash
            expectedSequence += 1
            checked += 1
            return nil
        }
    }
}
