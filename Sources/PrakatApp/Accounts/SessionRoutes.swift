import Fluent
import Foundation
import PrakatCore
import Vapor

/// "Where am I signed in?": the person's own browser sessions, and ending the others.
struct SessionRoutes {

    struct Row: Encodable {
        var createdAt: String
        var lastSeenAt: String
        var address: String
        var userAgent: String
        var isCurrent: Bool
        var endPath: String
    }

    struct Body: Encodable {
        var rows: [Row]
        var others: Int
        var endOthersPath: String
        var idleMinutes: Int
    }

    /// Live sessions only: an idle or expired one can no longer be used and is not worth showing.
    static func live(of userID: UUID, on req: Request) async throws -> [UserSession] {
        let now = req.clock.now()
        let idle = TimeInterval(req.application.prakat.sessionIdleMinutes * 60)
        return try await UserSession.query(on: req.db).filter(\.$user.$id == userID).filter(\.$expiresAt > now).all()
            .filter { now.timeIntervalSince($0.lastSeenAt) < idle }
            .sorted { $0.lastSeenAt > $1.lastSeenAt }
    }

    func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let current = req.storage[CurrentSessionKey.self]?.id
        let sessions = try await SessionRoutes.live(of: try user.requireID(), on: req)
        let rows = try sessions.map { session in
            Row(
                createdAt: ThaiDateFormat.short(session.createdAt, digits: .arabic, showsTime: true),
                lastSeenAt: ThaiDateFormat.short(session.lastSeenAt, digits: .arabic, showsTime: true),
                address: session.address, userAgent: session.userAgent.isEmpty ? "-" : session.userAgent,
                isCurrent: session.id == current, endPath: AccountsRoute.sessionEnd(try session.requireID()).path)
        }
        return try await req.render(
            "Accounts/sessions", title: AccountsText.sessionsTitle,
            Body(
                rows: rows, others: rows.filter { !$0.isCurrent }.count, endOthersPath: AccountsRoute.sessionsEndOthers.path,
                idleMinutes: req.application.prakat.sessionIdleMinutes))
    }

    func end(_ req: Request, id: UUID) async throws -> Response {
        let user = try req.requireUser()
        let userID = try user.requireID()
        // Someone else's session is "not found": its existence is none of the caller's business.
        guard let session = try await UserSession.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == userID).first() else {
            throw PrakatError.notFound()
        }
        if session.id == req.storage[CurrentSessionKey.self]?.id {
            return req.redirect(to: AccountsRoute.sessions.path, flash: Flash(kind: .error, text: AccountsText.sessionIsCurrent))
        }
        try await req.accounts.end(session, of: userID, actor: req.auditActor)
        return req.redirect(to: AccountsRoute.sessions.path, flash: Flash(kind: .success, text: AccountsText.sessionEnded))
    }

    func endOthers(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let userID = try user.requireID()
        let current = req.storage[CurrentSessionKey.self]?.id
        let ended = try await req.accounts.endSessions(of: userID, except: current, actor: req.auditActor)
        return req.redirect(to: AccountsRoute.sessions.path, flash: Flash(kind: .success, text: AccountsText.sessionsEnded(ended)))
    }
}
