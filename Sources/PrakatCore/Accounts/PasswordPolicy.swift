/// Password rules for staff accounts. Kept simple and explainable in one Thai sentence:
/// length matters more than character classes (NIST SP 800-63B).
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    public var maximumLength: Int

    public init(minimumLength: Int = 10, maximumLength: Int = 128) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    public enum Violation: Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case sameAsUsername
        case unchanged
    }

    public func violations(password: String, username: String, previousPassword: String? = nil) -> [Violation] {
        var found: [Violation] = []
        if password.count < minimumLength { found.append(.tooShort(minimum: minimumLength)) }
        // bcrypt only reads 72 bytes; a hard ceiling also stops hashing huge inputs.
        if password.utf8.count > maximumLength { found.append(.tooLong(maximum: maximumLength)) }
        if !username.isEmpty, password.lowercased() == username.lowercased() { found.append(.sameAsUsername) }
        if let previousPassword, previousPassword == password { found.append(.unchanged) }
        return found
    }
}
