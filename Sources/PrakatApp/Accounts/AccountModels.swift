import Fluent
import Foundation
import PrakatCore
import Vapor

/// หน่วยงานภายใน — an internal unit (กลุ่มงาน) with its head, who approves its requests.
final class OrgUnit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name_th") var nameTh: String
    @OptionalField(key: "name_en") var nameEn: String?
    /// Not a foreign key: units and users point at each other, and users are never deleted
    /// (only deactivated), so the application keeps this consistent.
    @OptionalField(key: "head_user_id") var headUserID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, slug: String, nameTh: String, nameEn: String? = nil, headUserID: UUID? = nil) {
        self.id = id
        self.slug = slug
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.headUserID = headUserID
    }
}

final class User: Model, Authenticatable, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    /// Stored lowercased so "Admin" and "admin" cannot be two accounts.
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "position") var position: String
    @OptionalParent(key: "unit_id") var unit: OrgUnit?
    @Field(key: "roles") var storedRoles: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Field(key: "is_active") var isActive: Bool
    /// Where notifications are mailed (AddEmailToUsers); nil: shown on `/staff` only.
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil, username: String, displayName: String, position: String, unitID: UUID?,
        roles: Set<Role>, passwordHash: String, mustChangePassword: Bool
    ) {
        self.id = id
        self.username = username.lowercased()
        self.displayName = displayName
        self.position = position
        self.$unit.id = unitID
        self.storedRoles = Role.encode(roles)
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.isActive = true
    }

    var roles: Set<Role> {
        get { Role.decode(storedRoles) }
        set { storedRoles = Role.encode(newValue) }
    }

    func has(_ role: Role) -> Bool { roles.contains(role) }
    func hasAny(_ wanted: Set<Role>) -> Bool { !roles.isDisjoint(with: wanted) }
}

/// A signed-in browser. Only the SHA-256 of the cookie value is stored, so a copy of the
/// database cannot be replayed as a session.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "address") var address: String
    @Field(key: "user_agent") var userAgent: String

    init() {}

    init(tokenHash: String, userID: UUID, now: Date, expiresAt: Date, address: String, userAgent: String) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
        self.address = address
        self.userAgent = String(userAgent.prefix(300))
    }
}

/// A bearer token for `/api/v1` (`POST /api/v1/auth/token`). Stored hashed, like sessions.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One failed sign-in, counted per account name and per client address for lockout.
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    enum Kind: String, Codable { case account, address }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "key") var key: String
    @Field(key: "at") var at: Date

    init() {}

    init(kind: Kind, key: String, at: Date) {
        self.kind = kind.rawValue
        self.key = key
        self.at = at
    }
}
