import Fluent
import Foundation
import PrakatCore
import Vapor

/// The writes behind signing out, ending sessions, the security settings and a two-factor
/// reset: each change and its audit entry in one transaction. The pages decide who may ask.
extension AccountService {
    func signOut(_ session: UserSession, user userID: UUID?, actor: AuditActor) async throws {
        try await writer.write { tx in
            try await session.delete(on: tx.db)
            try await audit.record(AuditEvent(.signedOut, entityType: "user", entityID: userID?.uuidString), by: actor, in: tx)
        }
    }

    func end(_ session: UserSession, of userID: UUID, actor: AuditActor) async throws {
        try await writer.write { tx in
            try await session.delete(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .sessionEnded, entityType: "user", entityID: userID.uuidString,
                    details: ["session": session.id?.uuidString ?? "", "address": session.address]), by: actor, in: tx)
        }
    }

    /// Ends every session of the person but `current`; returns how many ended.
    func endSessions(of userID: UUID, except current: UUID?, actor: AuditActor) async throws -> Int {
        try await writer.write { tx -> Int in
            var query = UserSession.query(on: tx.db).filter(\.$user.$id == userID)
            if let current { query = query.filter(\.$id != current) }
            let count = try await query.count()
            var deletion = UserSession.query(on: tx.db).filter(\.$user.$id == userID)
            if let current { deletion = deletion.filter(\.$id != current) }
            try await deletion.delete()
            try await audit.record(
                AuditEvent(.sessionsEndedElsewhere, entityType: "user", entityID: userID.uuidString, details: ["count": String(count)]),
                by: actor, in: tx)
            return count
        }
    }

    /// Records only a real change: saving the same setting again writes nothing.
    func setTwoFactorRequiredForAdmins(_ wanted: Bool, actor: AuditActor) async throws {
        let now = clock.now()
        try await writer.write { tx in
            let settings = try await SecuritySettings.query(on: tx.db).first() ?? SecuritySettings(requireTwoFactorForAdmins: false)
            guard settings.requireTwoFactorForAdmins != wanted else { return }
            let before = settings.requireTwoFactorForAdmins
            settings.requireTwoFactorForAdmins = wanted
            settings.updatedAt = now
            try await settings.save(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .securitySettingsChanged, entityType: "security_settings", entityID: settings.id?.uuidString,
                    details: ["requireTwoFactorForAdmins": "\(before) → \(wanted)"]), by: actor, in: tx)
        }
    }

    /// For a lost phone without recovery codes: the person signs in with the password alone and
    /// enrols again; their other sessions end (all but the administrator's `current` one).
    func resetTwoFactor(of user: User, keeping current: UUID?, actor: AuditActor) async throws {
        let userID = try user.requireID()
        try await writer.write { tx in
            try await UserTwoFactor.query(on: tx.db).filter(\.$user.$id == userID).delete()
            try await RecoveryCode.query(on: tx.db).filter(\.$user.$id == userID).delete()
            var sessions = UserSession.query(on: tx.db).filter(\.$user.$id == userID)
            if let current { sessions = sessions.filter(\.$id != current) }
            try await sessions.delete()
            try await audit.record(
                AuditEvent(.twoFactorReset, entityType: "user", entityID: userID.uuidString, details: ["username": user.username]),
                by: actor, in: tx)
        }
    }
}
