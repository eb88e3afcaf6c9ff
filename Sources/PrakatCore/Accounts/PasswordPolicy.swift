/// Password rules for staff accounts. Kept simple and explainable in one Thai sentence:
/// length matters more than character classes (NIST SP 800-63B).
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int
    public var maximumLength: Int

    /// bcrypt reads only the first 72 bytes: a longer password would silently be shorter than it looks.
    public init(minimumLength: Int = 10, maximumLength: Int = 72) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    public enum Violation: Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case controlCharacters
        case sameAsUsername
        case unchanged
    }

    public func violations(password: String, username: String, previousPassword: String? = nil) -> [Violation] {
        var found: [Violation] = []
        if password.count < minimumLength { found.append(.tooShort(minimum: minimumLength)) }
        if password.utf8.count > maximumLength { found.append(.tooLong(maximum: maximumLength)) }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { found.append(.controlCharacters) }
        if !username.isEmpty, password.lowercased() == username.lowercased() { found.append(.sameAsUsername) }
        if let previousPassword, previousPassword == password { found.append(.unchanged) }
        return found
    }
}
