import Fluent
import Foundation
import PrakatCore
import Vapor

/// bcrypt off the event loop: a cost-12 hash takes a quarter of a second of CPU.
struct PasswordHashing: Sendable {
    let threadPool: NIOThreadPool
    let eventLoop: any EventLoop
    let cost: Int

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive(eventLoop: eventLoop) { try Bcrypt.hash(password, cost: cost) }.get()
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive(eventLoop: eventLoop) { try Bcrypt.verify(password, created: hash) }.get()
    }
}

extension Application {
    var passwordHashing: PasswordHashing {
        PasswordHashing(threadPool: threadPool, eventLoop: eventLoopGroup.next(), cost: prakat.bcryptCost)
    }
}

/// Account rules shared by the pages, the API and the commands, so each check exists once.
struct AccountService: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let clock: any PrakatClock
    let audit: AuditTrail
    let hashing: PasswordHashing
    let decoyHash: String
    /// Opens and seals two-factor secrets (issue 15 §3).
    let twoFactorKeyring: TwoFactorKeyring
    /// A unit's name is printed on its public items' pages.
    let siteVersion: SiteVersion
    var throttle = LoginThrottle()
    var policy = PasswordPolicy()

    init(application: Application, db: any Database) {
        let dependencies = application.dependencies
        self.db = db
        self.writer = DatabaseWriter(database: db, gate: dependencies.writeGate)
        self.clock = dependencies.clock
        self.audit = dependencies.audit
        self.hashing = application.passwordHashing
        self.decoyHash = dependencies.decoyPasswordHash
        self.twoFactorKeyring = dependencies.twoFactorKeyring
        self.siteVersion = dependencies.siteVersion
    }

    enum SignInResult {
        case success(User)
        case invalid
        case locked
        /// The password was right and the person uses two-factor sign-in: no session or token yet.
        case secondFactorRequired(User)
    }

    func signIn(username rawUsername: String, password: String, actor: AuditActor, channel: String) async throws -> SignInResult {
        let username = rawUsername.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let now = clock.now()
        let throttle = self.throttle
        guard
            let reservation = try await writer.write({ tx in
                try await throttle.reserve(username: username, address: actor.address, now: now, in: tx)
            })
        else {
            return .locked
        }
        // A name that cannot be a username is checked like any other, so timing says nothing.
        let user =
            username.wholeMatch(of: AccountService.usernamePattern) == nil
            ? nil : try await User.query(on: db).filter(\.$username == username).first()
        let matches: Bool
        if let user, user.isActive {
            matches = try await hashing.verify(password, against: user.passwordHash)
        } else {
            _ = try await hashing.verify(password, against: decoyHash)
            matches = false
        }
        let attemptedName = reservation.accountKey
        guard let user, matches else {
            try await writer.write { tx in
                try await audit.record(
                    AuditEvent(
                        .loginFailed, entityType: "user", entityID: user?.id?.uuidString,
                        details: ["username": attemptedName, "channel": channel]),
                    by: AuditActor(userID: nil, name: attemptedName, address: actor.address), in: tx)
                if reservation.reachesLimit {
                    try await audit.record(
                        AuditEvent(
                            .loginLocked, entityType: "user", entityID: user?.id?.uuidString,
                            reason: "too many failed sign-ins", details: ["username": attemptedName, "channel": channel]),
                        by: AuditActor(userID: nil, name: attemptedName, address: actor.address), in: tx)
                }
            }
            return .invalid
        }
        if try await hasTwoFactor(user) {
            // Only this attempt is taken back: the account's failures stay counted until the code
            // is right, so knowing the password does not reset the lockout for guessing codes.
            try await writer.write { tx in
                try await throttle.releaseAttempt(reservation, in: tx)
                try await audit.record(
                    AuditEvent(.loginPasswordAccepted, entityType: "user", entityID: user.id?.uuidString, details: ["channel": channel]),
                    by: AuditActor(userID: user.id, name: user.username, address: actor.address), in: tx)
            }
            return .secondFactorRequired(user)
        }
        try await writer.write { tx in
            try await throttle.release(reservation, in: tx)
            try await audit.record(
                AuditEvent(.loginSucceeded, entityType: "user", entityID: user.id?.uuidString, details: ["channel": channel]),
                by: AuditActor(userID: user.id, name: user.username, address: actor.address), in: tx)
        }
        return .success(user)
    }

    /// Returns the problems, or an empty list when the password was changed. Every other
    /// browser session and API token of the person ends: "my password leaked, I changed it"
    /// must lock the other party out. The session or token making the change stays.
    func changePassword(
        of user: User, current: String, new: String, confirmation: String?, actor: AuditActor,
        keepingSession: UUID? = nil, keepingToken: UUID? = nil
    ) async throws -> FormErrors {
        var errors = FormErrors()
        if !(try await hashing.verify(current, against: user.passwordHash)) {
            errors.add("currentPassword", AccountsText.currentPasswordWrong)
        }
        if let confirmation, confirmation != new {
            errors.add("confirmPassword", AccountsText.passwordsDoNotMatch)
        }
        for violation in policy.violations(password: new, username: user.username, previousPassword: current) {
            errors.add("newPassword", AccountsText.describe(violation))
        }
        guard errors.isEmpty else { return errors }
        let hash = try await hashing.hash(new)
        let now = clock.now()
        try await writer.write { tx in
            user.passwordHash = hash
            user.mustChangePassword = false
            user.passwordChangedAt = now
            try await user.update(on: tx.db)
            let userID = try user.requireID()
            var sessions = UserSession.query(on: tx.db).filter(\.$user.$id == userID)
            if let keepingSession { sessions = sessions.filter(\.$id != keepingSession) }
            try await sessions.delete()
            var tokens = APIToken.query(on: tx.db).filter(\.$user.$id == userID)
            if let keepingToken { tokens = tokens.filter(\.$id != keepingToken) }
            try await tokens.delete()
            try await LoginChallenge.query(on: tx.db).filter(\.$user.$id == userID).delete()
            try await audit.record(AuditEvent(.userPasswordChanged, entityType: "user", entityID: user.id?.uuidString), by: actor, in: tx)
        }
        return errors
    }

    // MARK: Units

    struct UnitInput: Sendable {
        var slug: String
        var nameTh: String
        var nameEn: String?
        var headUserID: String?
    }

    nonisolated(unsafe) static let slugPattern = #/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/#

    func validate(_ input: UnitInput, existing: OrgUnit?) async throws -> (FormErrors, UUID?) {
        var errors = FormErrors()
        let slug = input.slug.trimmingCharacters(in: .whitespaces)
        if slug.isEmpty {
            errors.add("slug", AccountsText.slugRequired)
        } else if slug.wholeMatch(of: AccountService.slugPattern) == nil {
            errors.add("slug", AccountsText.slugInvalid)
        } else if let other = try await OrgUnit.query(on: db).filter(\.$slug == slug).first(), other.id != existing?.id {
            errors.add("slug", AccountsText.slugTaken)
        }
        if input.nameTh.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("nameTh", AccountsText.unitNameRequired) }
        for (field, value) in [("nameTh", input.nameTh), ("nameEn", input.nameEn ?? "")] where value.hasControlCharacters {
            errors.add(field, AccountsText.controlCharacters)
        }
        var headID: UUID?
        if let raw = input.headUserID?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = UUID(uuidString: raw), let head = try await User.find(id, on: db) {
                if !head.has(.unitHead) {
                    errors.add("headUserId", AccountsText.unitHeadNotHead)
                } else if !head.isActive {
                    errors.add("headUserId", AccountsText.unitHeadInactive)
                } else {
                    headID = id
                }
            } else {
                errors.add("headUserId", AccountsText.unitHeadUnknown)
            }
        }
        return (errors, headID)
    }

    func createUnit(_ input: UnitInput, actor: AuditActor) async throws -> Result<OrgUnit, FormErrors> {
        let (errors, headID) = try await validate(input, existing: nil)
        guard errors.isEmpty else { return .failure(errors) }
        let unit = OrgUnit(
            slug: input.slug.trimmingCharacters(in: .whitespaces), nameTh: input.nameTh.trimmingCharacters(in: .whitespaces),
            nameEn: input.nameEn?.trimmingCharacters(in: .whitespaces).nilIfEmpty, headUserID: headID)
        do {
            try await writer.write { tx in
                try await unit.create(on: tx.db)
                try await audit.record(
                    AuditEvent(
                        .unitCreated, entityType: "unit", entityID: unit.id?.uuidString,
                        details: ["slug": unit.slug, "nameTh": unit.nameTh, "head": headID?.uuidString ?? ""]), by: actor, in: tx)
            }
        } catch  where DatabaseSetup.isUniqueViolation(error) {
            var raced = FormErrors()
            raced.add("slug", AccountsText.slugTaken)
            return .failure(raced)
        }
        return .success(unit)
    }

    func updateUnit(_ unit: OrgUnit, _ input: UnitInput, actor: AuditActor) async throws -> Result<OrgUnit, FormErrors> {
        let (errors, headID) = try await validate(input, existing: unit)
        guard errors.isEmpty else { return .failure(errors) }
        let before = ["slug": unit.slug, "nameTh": unit.nameTh, "head": unit.headUserID?.uuidString ?? ""]
        unit.slug = input.slug.trimmingCharacters(in: .whitespaces)
        unit.nameTh = input.nameTh.trimmingCharacters(in: .whitespaces)
        unit.nameEn = input.nameEn?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        unit.headUserID = headID
        let after = ["slug": unit.slug, "nameTh": unit.nameTh, "head": unit.headUserID?.uuidString ?? ""]
        let siteVersion = self.siteVersion
        try await writer.write { tx in
            try await unit.update(on: tx.db)
            if let id = unit.id, before["nameTh"] != unit.nameTh { try await siteVersion.bump(tx, .unit(id)) }
            let details = after.filter { before[$0.key] != $0.value }.mapValues { "→ \($0)" }
            try await audit.record(AuditEvent(.unitUpdated, entityType: "unit", entityID: unit.id?.uuidString, details: details), by: actor, in: tx)
        }
        return .success(unit)
    }

    // MARK: Users

    struct UserInput: Sendable {
        var username: String
        var password: String?
        var displayName: String
        var position: String
        var unitID: String?
        var roleNames: [String]
        var isActive: Bool = true
        /// Where notification mail goes; nil leaves it as it is, "" clears it.
        var email: String? = nil
    }

    nonisolated(unsafe) static let usernamePattern = #/^[a-z0-9][a-z0-9._-]{2,39}$/#

    func createUser(_ input: UserInput, actor: AuditActor, mustChangePassword: Bool = true) async throws -> Result<User, FormErrors> {
        var errors = FormErrors()
        let username = input.username.trimmingCharacters(in: .whitespaces).lowercased()
        if username.wholeMatch(of: AccountService.usernamePattern) == nil {
            errors.add("username", AccountsText.usernameInvalid)
        } else if try await User.query(on: db).filter(\.$username == username).first() != nil {
            errors.add("username", AccountsText.usernameTaken)
        }
        let password = input.password ?? ""
        for violation in policy.violations(password: password, username: username) {
            errors.add("password", AccountsText.describe(violation))
        }
        let (roles, unitID) = try await validateProfile(input, errors: &errors)
        guard errors.isEmpty else { return .failure(errors) }

        let user = User(
            username: username, displayName: input.displayName.trimmingCharacters(in: .whitespaces),
            position: input.position.trimmingCharacters(in: .whitespaces), unitID: unitID, roles: roles,
            passwordHash: try await hashing.hash(password), mustChangePassword: mustChangePassword)
        user.email = input.email?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        do {
            try await writer.write { tx in
                try await user.create(on: tx.db)
                try await audit.record(
                    AuditEvent(
                        .userCreated, entityType: "user", entityID: user.id?.uuidString,
                        details: ["username": username, "roles": Role.encode(roles), "unit": unitID?.uuidString ?? ""]),
                    by: actor, in: tx)
            }
        } catch  where DatabaseSetup.isUniqueViolation(error) {
            var raced = FormErrors()
            raced.add("username", AccountsText.usernameTaken)
            return .failure(raced)
        }
        return .success(user)
    }

    func updateUser(_ user: User, _ input: UserInput, actor: AuditActor) async throws -> Result<User, FormErrors> {
        var errors = FormErrors()
        let (roles, unitID) = try await validateProfile(input, errors: &errors)
        if let newPassword = input.password, !newPassword.isEmpty {
            for violation in policy.violations(password: newPassword, username: user.username) {
                errors.add("password", AccountsText.describe(violation))
            }
        }
        let losesAdmin = user.has(.administrator) && (!roles.contains(.administrator) || !input.isActive)
        if losesAdmin, user.id == actor.userID {
            errors.add("roles", AccountsText.cannotRemoveOwnAdmin)
        }
        guard errors.isEmpty else { return .failure(errors) }

        let oldRoles = user.roles
        var details: [String: String] = [:]
        if oldRoles != roles { details["roles"] = "\(Role.encode(oldRoles)) → \(Role.encode(roles))" }
        if user.$unit.id != unitID { details["unit"] = "\(user.$unit.id?.uuidString ?? "") → \(unitID?.uuidString ?? "")" }
        if user.isActive != input.isActive { details["active"] = "\(user.isActive) → \(input.isActive)" }
        if let given = input.email {
            let email = given.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
            if email != user.email { details["email"] = "\(user.email ?? "") → \(email ?? "")" }
            user.email = email
        }
        user.displayName = input.displayName.trimmingCharacters(in: .whitespaces)
        user.position = input.position.trimmingCharacters(in: .whitespaces)
        user.$unit.id = unitID
        user.roles = roles
        user.isActive = input.isActive
        let newPassword = (input.password ?? "").isEmpty ? nil : input.password
        let passwordReset = newPassword != nil
        if let newPassword {
            user.passwordHash = try await hashing.hash(newPassword)
            user.mustChangePassword = true
            details["password"] = "reset"
        }
        let changes = details
        do {
            try await writer.write { tx in
                try await user.update(on: tx.db)
                // Counted after the change and under the write lock, so two administrators demoting
                // each other at the same moment cannot leave nobody in charge.
                if losesAdmin, try await User.query(on: tx.db).filter(\.$isActive == true).all().filter({ $0.has(.administrator) }).isEmpty {
                    throw LastAdministrator()
                }
                if passwordReset {
                    // A reset password ends every session and token that used the old one.
                    try await UserSession.query(on: tx.db).filter(\.$user.$id == user.id!).delete()
                    try await APIToken.query(on: tx.db).filter(\.$user.$id == user.id!).delete()
                }
                let action: AuditAction = oldRoles != roles ? .userRolesChanged : .userUpdated
                try await audit.record(AuditEvent(action, entityType: "user", entityID: user.id?.uuidString, details: changes), by: actor, in: tx)
            }
        } catch is LastAdministrator {
            var refused = FormErrors()
            refused.add("roles", AccountsText.lastAdministrator)
            return .failure(refused)
        }
        return .success(user)
    }

    private func validateProfile(_ input: UserInput, errors: inout FormErrors) async throws -> (Set<Role>, UUID?) {
        if input.displayName.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("displayName", AccountsText.displayNameRequired) }
        if input.position.trimmingCharacters(in: .whitespaces).isEmpty { errors.add("position", AccountsText.positionRequired) }
        for (field, value) in [("displayName", input.displayName), ("position", input.position)] where value.hasControlCharacters {
            errors.add(field, AccountsText.controlCharacters)
        }
        if let email = input.email?.trimmingCharacters(in: .whitespacesAndNewlines), !email.isEmpty, EmailAddress(validating: email) == nil {
            errors.add("email", AgencyText.emailInvalid)
        }
        let parsed = Role.parse(input.roleNames)
        if !parsed.unknown.isEmpty {
            errors.add("roles", AccountsText.rolesUnknown(parsed.unknown))
        } else if parsed.roles.isEmpty {
            errors.add("roles", AccountsText.rolesRequired)
        }
        var unitID: UUID?
        if let raw = input.unitID?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = UUID(uuidString: raw), try await OrgUnit.find(id, on: db) != nil {
                unitID = id
            } else {
                errors.add("unitId", AccountsText.unitUnknown)
            }
        } else if !parsed.roles.isDisjoint(with: [.staff, .unitHead]) {
            // Staff submit for their unit and heads approve for it: both need one.
            errors.add("unitId", AccountsText.unitRequired)
        }
        return (parsed.roles, unitID)
    }
}

private struct LastAdministrator: Error {}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }

    /// NUL and other C0/C1 controls: PostgreSQL refuses NUL in text, and none belongs in a name.
    var hasControlCharacters: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}

extension Request {
    var accounts: AccountService { AccountService(application: application, db: db) }
}
