import Fluent
import Foundation
import PrakatCore
import Vapor

enum SecretToken {
    /// 32 random bytes, URL-safe base64: unguessable and cookie/header friendly.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String { Digest.sha256Hex(token) }

    /// Compares without stopping at the first different byte, so timing reveals nothing.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool { ConstantTime.equals(a, b) }
}

enum SessionCookie {
    static let lifetime: TimeInterval = 12 * 3600
    /// Writing last-seen on every request would turn every page view into a database write:
    /// it is written at most every 5 minutes, or every quarter of the idle limit if that is shorter.
    static let touchInterval: TimeInterval = 300

    static func touchInterval(idle: TimeInterval) -> TimeInterval { min(touchInterval, idle / 4) }

    static func name(secure: Bool) -> String { secure ? "__Host-prakat_session" : "prakat_session" }

    static func make(_ value: String, secure: Bool, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Browser sessions: the cookie carries a random token; the database keeps its hash.
/// API paths never look at cookies (the API contract: cookies are never accepted on /api/v1 for writes).
struct SessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if !request.isAPI {
            let secure = request.isHTTPS
            if let token = request.cookies[SessionCookie.name(secure: secure)]?.string, !token.isEmpty {
                let now = request.clock.now()
                let idle = TimeInterval(request.application.prakat.sessionIdleMinutes * 60)
                if let session = try await UserSession.query(on: request.db)
                    .filter(\.$tokenHash == SecretToken.hash(token))
                    .with(\.$user)
                    .first()
                {
                    if session.expiresAt > now, now.timeIntervalSince(session.lastSeenAt) < idle, session.user.isActive {
                        request.auth.login(session.user)
                        request.storage[CurrentSessionKey.self] = session
                        if now.timeIntervalSince(session.lastSeenAt) > SessionCookie.touchInterval(idle: idle) {
                            session.lastSeenAt = now
                            session.expiresAt = now.addingTimeInterval(SessionCookie.lifetime)
                            try? await session.update(on: request.db)
                        }
                    } else if session.expiresAt <= now || now.timeIntervalSince(session.lastSeenAt) >= idle {
                        // Idle or expired: gone for good, even if the clock were turned back.
                        try? await session.delete(on: request.db)
                        request.storage[ExpiredSessionUserKey.self] = session.user
                    }
                }
            }
        }
        return try await next.respond(to: request)
    }
}

struct CurrentSessionKey: StorageKey { typealias Value = UserSession }

/// `Authorization: Bearer …` on /api only.
struct BearerAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.isAPI, let bearer = request.headers.bearerAuthorization {
            let now = request.clock.now()
            guard
                let token = try await APIToken.query(on: request.db)
                    .filter(\.$tokenHash == SecretToken.hash(bearer.token))
                    .with(\.$user)
                    .first(),
                token.revokedAt == nil, token.expiresAt > now, token.user.isActive
            else {
                // A wrong or expired token is an error even on public routes: the caller meant to sign in.
                throw PrakatError.unauthorized("โทเคนไม่ถูกต้อง หมดอายุ หรือถูกยกเลิกแล้ว กรุณาขอโทเคนใหม่")
            }
            request.auth.login(token.user)
            request.storage[CurrentTokenKey.self] = token
        }
        return try await next.respond(to: request)
    }
}

struct CurrentTokenKey: StorageKey { typealias Value = APIToken }

extension Request {
    var currentUser: User? { auth.get(User.self) }

    func requireUser() throws -> User {
        guard let user = auth.get(User.self) else { throw PrakatError.unauthorized() }
        return user
    }
}
