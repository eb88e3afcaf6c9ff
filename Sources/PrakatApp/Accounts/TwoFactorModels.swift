import Fluent
import Foundation
import PrakatCore
import Vapor

/// A person's authenticator secret. `enabledAt` is nil while enrolment waits for the first
/// code. The secret has to be readable to compute codes, so it cannot be hashed: it is stored
/// sealed with AES-GCM under the two-factor key (`TwoFactorKeys`, issue 15 §3), bound to the
/// user's id; recovery codes, sessions and tokens are stored hashed.
final class UserTwoFactor: Model, @unchecked Sendable {
    static let schema = "user_two_factor"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// `aesgcm1:…` (SecretKeyring); base32 only in databases not yet sealed at start.
    @Field(key: "secret") var storedSecret: String
    @OptionalField(key: "enabled_at") var enabledAt: Date?
    /// The last 30-second step a code was accepted for: that code and older ones are spent.
    @OptionalField(key: "last_used_step") var lastUsedStep: Int64?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: UUID, sealedSecret: String, createdAt: Date) {
        self.$user.id = userID
        self.storedSecret = sealedSecret
        self.createdAt = createdAt
    }

    var isEnabled: Bool { enabledAt != nil }

    /// What the secret is bound to: a sealed value copied to another person's row does not open.
    static func context(userID: UUID) -> String { "user_two_factor:" + userID.uuidString.lowercased() }

    /// The base32 secret, or nil when it cannot be opened (another key, altered, not sealed).
    func secret(_ keys: SecretKeyring) -> String? {
        keys.open(storedSecret, context: Self.context(userID: $user.id))
    }

    func totp(_ keys: SecretKeyring) -> OneTimePassword? {
        secret(keys).flatMap(Base32.decode).flatMap { $0.count >= 10 ? OneTimePassword(secret: $0) : nil }
    }
}

/// One recovery code (SHA-256 of it), usable once.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(userID: UUID, codeHash: String, createdAt: Date) {
        self.$user.id = userID
        self.codeHash = codeHash
        self.createdAt = createdAt
    }
}

/// The half-finished sign-in between a correct password and a correct code. No session exists
/// yet; the browser holds only this random token (its hash is stored) for a few minutes.
final class LoginChallenge: Model, @unchecked Sendable {
    static let schema = "login_challenges"
    static let lifetime: TimeInterval = 5 * 60

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "next_path") var nextPath: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(tokenHash: String, userID: UUID, nextPath: String, now: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.nextPath = nextPath
        self.createdAt = now
        self.expiresAt = now.addingTimeInterval(LoginChallenge.lifetime)
    }
}

/// Agency-wide security switches, one row (created on first save).
final class SecuritySettings: Model, @unchecked Sendable {
    static let schema = "security_settings"

    @ID(key: .id) var id: UUID?
    /// Administrators and webmasters must use two-factor sign-in.
    @Field(key: "require_two_factor_for_admins") var requireTwoFactorForAdmins: Bool
    @OptionalField(key: "updated_at") var updatedAt: Date?

    init() {}

    init(requireTwoFactorForAdmins: Bool) {
        self.requireTwoFactorForAdmins = requireTwoFactorForAdmins
    }

    static func current(on db: any Database) async throws -> SecuritySettings {
        try await SecuritySettings.query(on: db).first() ?? SecuritySettings(requireTwoFactorForAdmins: false)
    }

    /// Roles whose accounts can change the site or other accounts.
    static let guardedRoles: Set<Role> = [.administrator, .webmaster]
}

struct CreateUserTwoFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserTwoFactor.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("secret", .string, .required)
            .field("enabled_at", .datetime)
            .field("last_used_step", .int64)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserTwoFactor.schema).delete()
    }
}

struct CreateRecoveryCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RecoveryCode.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create(on: database, name: "recovery_codes_lookup", table: RecoveryCode.schema, columns: ["user_id", "code_hash"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCode.schema).delete()
    }
}

struct CreateLoginChallenges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginChallenge.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("next_path", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginChallenge.schema).delete()
    }
}

struct CreateSecuritySettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SecuritySettings.schema)
            .id()
            .field("require_two_factor_for_admins", .bool, .required)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SecuritySettings.schema).delete()
    }
}
