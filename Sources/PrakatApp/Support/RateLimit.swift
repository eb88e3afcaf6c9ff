import Foundation
import NIOConcurrencyHelpers
import PrakatCore
import SQLKit
import Vapor

/// Which requests are rate limited, and how hard (`PRAKAT_RATE_LIMIT_*`, per minute per client
/// address). On SQLite the counters live in this process's memory; on PostgreSQL in the
/// database (`SharedRateLimits`), so the rate holds for the site however many instances serve it.
enum RateLimitRule: String, CaseIterable, Sendable {
    case signIn, token, publicForm, search

    /// Matched on the registered route, so a renamed path cannot silently fall out of the table.
    static func rule(for request: Request) -> RateLimitRule? {
        guard let route = request.route else { return nil }
        switch (route.method, route.path.string) {
        case (.POST, "login"), (.POST, "login/two-factor"): return .signIn
        case (.POST, "api/v1/auth/token"): return .token
        case (.POST, "q/:token"): return .publicForm
        // Citizens' e-Service forms and the API that files for a phone app (issue 12).
        case (.POST, "eservice/forms/:serviceType"), (.POST, "eservice/track/:trackingCode/information"), (.POST, "eservice/track/:trackingCode/rating"),
            (.POST, "api/v1/eservice/requests"), (.POST, "api/v1/eservice/requests/:id/rating"):
            return .publicForm
        // Looking a request up by code and secret is limited like search: guessing secrets is slow.
        case (.GET, "eservice/track/:trackingCode"), (.GET, "eservice/track/:trackingCode/receipt"), (.GET, "api/v1/eservice/requests/:id"): return .search
        case (.GET, "eservice/track"):
            let code = (try? request.query.get(String.self, at: "code")) ?? ""
            return code.isEmpty ? nil : .search
        // Engagement (issue 12): the satisfaction survey, by form and by API.
        case (.POST, "satisfaction"), (.POST, "api/v1/satisfaction"): return .publicForm
        case (.GET, "search"): return .search
        case (.GET, "api/v1/publications"):
            let query = (try? request.query.get(String.self, at: "q")) ?? ""
            return query.trimmingCharacters(in: .whitespaces).isEmpty ? nil : .search
        // Public questions: searching them is a search, asking is a public form.
        case (.GET, "questions"), (.GET, "api/v1/questions"):
            let query = (try? request.query.get(String.self, at: "q")) ?? ""
            return query.trimmingCharacters(in: .whitespaces).isEmpty ? nil : .search
        case (.POST, "questions/ask"), (.POST, "api/v1/questions"): return .publicForm
        default: return nil
        }
    }

    func limit(in settings: RateLimitSettings) -> Int {
        switch self {
        case .signIn: settings.signIn
        case .token: settings.token
        case .publicForm: settings.publicForms
        case .search: settings.search
        }
    }
}

/// One token bucket table per rule, shared by every request of this application.
final class RateLimits: Sendable {
    private let limiters: [RateLimitRule: NIOLockedValueBox<RateLimiter>]

    init(settings: RateLimitSettings, window: TimeInterval = 60) {
        var limiters: [RateLimitRule: NIOLockedValueBox<RateLimiter>] = [:]
        for rule in RateLimitRule.allCases {
            limiters[rule] = NIOLockedValueBox(RateLimiter(limit: rule.limit(in: settings), window: window))
        }
        self.limiters = limiters
    }

    func attempt(_ rule: RateLimitRule, key: String, at now: Date) -> RateLimiter.Decision {
        guard let limiter = limiters[rule] else { return .allowed(remaining: 0) }
        return limiter.withLockedValue { $0.attempt(key, at: now) }
    }
}

/// Answers 429 with `Retry-After` (a Thai page, or problem+json on /api) before any other database
/// work or password hashing happens. Keys are client addresses as `ClientAddress` resolves them
/// (X-Forwarded-For only from trusted proxies), with IPv6 grouped per /64 like the lockout.
struct RateLimitMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let rule = RateLimitRule.rule(for: request) else { return try await next.respond(to: request) }
        let key = LoginThrottle.addressKey(request.clientAddress.ip)
        let now = request.clock.now()
        var decision = request.application.rateLimits.attempt(rule, key: key, at: now)
        if let shared = request.application.sharedRateLimits, let sql = request.db as? any SQLDatabase {
            do {
                decision = try await shared.attempt(rule, key: key, at: now, on: sql)
            } catch {
                // The database is the limit's memory; while it cannot answer, this instance's
                // own buckets (counted above either way) still hold the per-instance rate.
                request.logger.warning("shared rate limit unavailable, using this instance's: \(String(describing: type(of: error)))")
            }
        }
        switch decision {
        case .allowed:
            return try await next.respond(to: request)
        case .limited(let retryAfter):
            request.logger.info("rate limit \(rule.rawValue) reached for \(key)")
            throw PrakatError(
                status: .tooManyRequests, kind: "rate-limited", title: SupportText.tooManyRequestsTitle,
                detail: SupportText.rateLimitedDetail(retryAfter: retryAfter), headers: ["Retry-After": String(retryAfter)])
        }
    }
}
