import Fluent
import Foundation
import PrakatCore
import Vapor

/// Two-factor sign-in (TOTP, RFC 6238) and recovery codes: enrolment, the second sign-in step,
/// regeneration and switching off. Every change and every failed code is audited in the same
/// transaction as the change.
extension AccountService {
    enum SecondFactorMethod: String, Sendable { case totp, recovery }

    func twoFactor(of user: User) async throws -> UserTwoFactor? {
        try await UserTwoFactor.query(on: db).filter(\.$user.$id == user.requireID()).first()
    }

    func hasTwoFactor(_ user: User) async throws -> Bool {
        try await twoFactor(of: user)?.isEnabled == true
    }

    /// Administrators and webmasters without two-factor sign-in while the agency requires it.
    func mustEnrolTwoFactor(_ user: User) async throws -> Bool {
        guard user.hasAny(SecuritySettings.guardedRoles) else { return false }
        guard try await SecuritySettings.current(on: db).requireTwoFactorForAdmins else { return false }
        return !(try await hasTwoFactor(user))
    }

    /// The pending secret shown on the enrolment page; the same one until it is confirmed, so a
    /// reload does not invalidate what the phone already scanned.
    func pendingEnrolment(for user: User) async throws -> UserTwoFactor {
        if let existing = try await twoFactor(of: user), existing.totp(twoFactorKeyring.keys(toOpen: existing.storedSecret)) != nil { return existing }
        let keys = twoFactorKeyring.current
        let userID = try user.requireID()
        let now = clock.now()
        let sealed = try keys.seal(Base32.encode(OneTimePassword.makeSecret()), context: UserTwoFactor.context(userID: userID))
        return try await writer.write { tx in
            try await UserTwoFactor.query(on: tx.db).filter(\.$user.$id == userID).delete()
            let row = UserTwoFactor(userID: userID, sealedSecret: sealed, createdAt: now)
            try await row.create(on: tx.db)
            return row
        }
    }

    /// Spends a TOTP code (or, when `allowRecovery`, a recovery code) inside `tx`. The step or
    /// the code is marked used before the transaction ends, so it cannot be used again.
    func spendCode(_ typed: String, of userID: UUID, allowRecovery: Bool, pending: Bool = false, now: Date, in tx: WriteTransaction) async throws -> SecondFactorMethod? {
        guard let row = try await UserTwoFactor.query(on: tx.db).filter(\.$user.$id == userID).first(),
            row.isEnabled != pending, let totp = row.totp(twoFactorKeyring.keys(toOpen: row.storedSecret))
        else { return nil }
        if allowRecovery, RecoveryCodes.looksLikeCode(typed) {
            guard
                let code = try await RecoveryCode.query(on: tx.db)
                    .filter(\.$user.$id == userID)
                    .filter(\.$codeHash == RecoveryCodes.hash(typed))
                    .filter(\.$usedAt == nil)
                    .first()
            else { return nil }
            code.usedAt = now
            try await code.update(on: tx.db)
            return .recovery
        }
        guard let step = totp.verify(typed, at: now, lastUsedStep: row.lastUsedStep) else { return nil }
        row.lastUsedStep = step
        try await row.update(on: tx.db)
        return .totp
    }

    private func replaceRecoveryCodes(of userID: UUID, now: Date, in tx: WriteTransaction) async throws -> [String] {
        try await RecoveryCode.query(on: tx.db).filter(\.$user.$id == userID).delete()
        let codes = RecoveryCodes.generate()
        for code in codes {
            try await RecoveryCode(userID: userID, codeHash: RecoveryCodes.hash(code), createdAt: now).create(on: tx.db)
        }
        return codes
    }

    private func recordFailedCode(_ user: User, purpose: String, actor: AuditActor, in tx: WriteTransaction) async throws {
        try await audit.record(
            AuditEvent(.twoFactorCodeFailed, entityType: "user", entityID: user.id?.uuidString, details: ["purpose": purpose]),
            by: actor, in: tx)
    }

    /// Confirms enrolment with the first code; returns the recovery codes to show once, or nil
    /// when the code is wrong.
    func confirmEnrolment(of user: User, code: String, actor: AuditActor) async throws -> [String]? {
        let userID = try user.requireID()
        let now = clock.now()
        return try await writer.write { tx in
            guard try await spendCode(code, of: userID, allowRecovery: false, pending: true, now: now, in: tx) != nil,
                let row = try await UserTwoFactor.query(on: tx.db).filter(\.$user.$id == userID).first()
            else {
                try await recordFailedCode(user, purpose: "enrol", actor: actor, in: tx)
                return nil
            }
            row.enabledAt = now
            try await row.update(on: tx.db)
            let codes = try await replaceRecoveryCodes(of: userID, now: now, in: tx)
            try await audit.record(AuditEvent(.twoFactorEnabled, entityType: "user", entityID: userID.uuidString), by: actor, in: tx)
            return codes
        }
    }

    /// New recovery codes (the old ones stop working); needs a current authenticator code.
    func regenerateRecoveryCodes(of user: User, code: String, actor: AuditActor) async throws -> [String]? {
        let userID = try user.requireID()
        let now = clock.now()
        return try await writer.write { tx in
            guard try await spendCode(code, of: userID, allowRecovery: false, now: now, in: tx) != nil else {
                try await recordFailedCode(user, purpose: "recovery-codes", actor: actor, in: tx)
                return nil
            }
            let codes = try await replaceRecoveryCodes(of: userID, now: now, in: tx)
            try await audit.record(AuditEvent(.twoFactorRecoveryCodesRegenerated, entityType: "user", entityID: userID.uuidString), by: actor, in: tx)
            return codes
        }
    }

    /// Switching off needs both the password and a code (or a recovery code).
    func disableTwoFactor(of user: User, password: String, code: String, actor: AuditActor) async throws -> FormErrors {
        var errors = FormErrors()
        if !(try await hashing.verify(password, against: user.passwordHash)) {
            errors.add("password", AccountsText.currentPasswordWrong)
        }
        let userID = try user.requireID()
        let now = clock.now()
        let passwordOK = errors.isEmpty
        let method: SecondFactorMethod? = try await writer.write { tx in
            // A wrong password spends nothing: the code stays usable for the next try.
            guard passwordOK else { return nil }
            let method = try await spendCode(code, of: userID, allowRecovery: true, now: now, in: tx)
            if method == nil { try await recordFailedCode(user, purpose: "disable", actor: actor, in: tx) }
            return method
        }
        if passwordOK, method == nil { errors.add("code", AccountsText.twoFactorCodeWrong) }
        guard errors.isEmpty else { return errors }
        try await writer.write { tx in
            try await UserTwoFactor.query(on: tx.db).filter(\.$user.$id == userID).delete()
            try await RecoveryCode.query(on: tx.db).filter(\.$user.$id == userID).delete()
            try await audit.record(
                AuditEvent(
                    .twoFactorDisabled, entityType: "user", entityID: userID.uuidString,
                    details: ["confirmedWith": method?.rawValue ?? ""]), by: actor, in: tx)
        }
        return errors
    }

    /// The second sign-in step. Every attempt is counted by the sign-in lockout before the code
    /// is checked, exactly like a password attempt; a right code takes the count back.
    func completeSignIn(_ user: User, code: String, actor: AuditActor, channel: String) async throws -> SignInResult {
        let now = clock.now()
        let throttle = self.throttle
        let userID = try user.requireID()
        guard
            let reservation = try await writer.write({ tx in
                try await throttle.reserve(username: user.username, address: actor.address, now: now, in: tx)
            })
        else { return .locked }
        let userActor = AuditActor(userID: userID, name: user.username, address: actor.address)
        let method = try await writer.write { tx -> SecondFactorMethod? in
            guard let method = try await spendCode(code, of: userID, allowRecovery: true, now: now, in: tx) else {
                try await audit.record(
                    AuditEvent(
                        .twoFactorCodeFailed, entityType: "user", entityID: userID.uuidString,
                        details: ["purpose": "sign-in", "channel": channel]), by: userActor, in: tx)
                if reservation.reachesLimit {
                    try await audit.record(
                        AuditEvent(
                            .loginLocked, entityType: "user", entityID: userID.uuidString,
                            reason: "too many failed sign-ins", details: ["username": user.username, "channel": channel]),
                        by: userActor, in: tx)
                }
                return nil
            }
            try await throttle.release(reservation, in: tx)
            if method == .recovery {
                let left = try await RecoveryCode.query(on: tx.db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).count()
                try await audit.record(
                    AuditEvent(
                        .twoFactorRecoveryCodeUsed, entityType: "user", entityID: userID.uuidString,
                        details: ["remaining": String(left), "channel": channel]), by: userActor, in: tx)
            }
            try await audit.record(
                AuditEvent(
                    .loginSucceeded, entityType: "user", entityID: userID.uuidString,
                    details: ["channel": channel, "secondFactor": method.rawValue]), by: userActor, in: tx)
            return method
        }
        return method == nil ? .invalid : .success(user)
    }

    func remainingRecoveryCodes(of user: User) async throws -> Int {
        try await RecoveryCode.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$usedAt == nil).count()
    }
}
