import Fluent
import Foundation
import PrakatCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

@Suite("Rate limits per client address")
struct RateLimitTests {
    /// Issue 15 §7: a second instance of the same site. On PostgreSQL both count in the
    /// database, so the configured rate holds for the site; SQLite serves one instance and counts
    /// in memory (the table stays empty).
    @Test func onPostgreSQLTwoInstancesShareOneBudget() async throws {
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_SEARCH": "2"]) { app, _, clock in
            let second = try await Application.make(.testing)
            do {
                try await configure(second, configuration: app.prakat, clock: clock)
                try await prepareDatabase(second, seedDemo: false)
                func search(_ instance: Application) async throws -> HTTPStatus {
                    try await instance.testing().performTest(
                        request: TestingHTTPRequest(
                            method: .GET, url: URI(string: "/search?q=abc"), headers: [:], body: ByteBuffer())
                    ).status
                }
                #expect(try await search(app) == .ok)
                #expect(try await search(second) == .ok)
                let third = try await search(second)
                let rows = try await (app.db as? any SQLDatabase)?.raw("SELECT COUNT(*) AS n FROM rate_limit_buckets").first()?.decode(column: "n", as: Int.self)
                switch DatabaseDialect(app.db) {
                case .postgres:
                    #expect(third == .tooManyRequests, "the site's budget of 2 is spent")
                    #expect(try await search(app) == .tooManyRequests)
                    #expect(rows == 1)
                    clock.advance(by: 30)
                    #expect(try await search(app) == .ok, "one request's worth refilled")
                    #expect(try await search(second) == .tooManyRequests)
                case .sqlite:
                    #expect(third == .ok, "each instance counts on its own")
                    #expect(try await search(second) == .tooManyRequests)
                    #expect(rows == 0)
                }
            } catch {
                try await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    @Test func theSharedRuleMatchesTheInMemoryOne() {
        var limiter = RateLimiter(limit: 3, window: 60)
        var stored: Date?
        let start = Date(timeIntervalSince1970: 1_000_000)
        for second in [0, 0, 0, 0, 5, 19, 20, 21, 45, 80, 80, 80, 80] {
            let now = start.addingTimeInterval(TimeInterval(second))
            let shared = RateLimiter.next(theoretical: stored, at: now, limit: 3, window: 60)
            if let next = shared.store { stored = next }
            #expect(shared.decision == limiter.attempt("k", at: now), "at \(second) s")
        }
    }

    @Test func signInIsLimitedWithAThaiPageAndRetryAfterThenResets() async throws {
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_SIGNIN": "3"]) { app, _, clock in
            let browser = Browser(app)
            for _ in 0..<3 {
                #expect(try await browser.signIn("staff", password: "wrong-password-x").status == .unauthorized)
            }
            let limited = try await browser.signIn("staff")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") == "20")
            #expect(limited.headers.contentType?.description.hasPrefix("text/html") == true)
            #expect(limited.text.contains(SupportText.tooManyRequestsTitle))
            #expect(limited.text.contains("20 วินาที"))
            // Refused before the password was even looked at: no audit entry for it.
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login.failed").count() == 3)
            clock.advance(by: 20)
            #expect(try await browser.signIn("staff").status == .seeOther)
            #expect(try await browser.signIn("staff").status == .tooManyRequests)
            clock.advance(by: 60)
            #expect(try await Browser(app).signIn("unithead").status == .seeOther)
        }
    }

    @Test func tokenRequestsGetProblemJSONWithRetryAfter() async throws {
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_TOKEN": "2"]) { app, _, clock in
            let client = APIClient(app: app)
            let body = #"{"username":"staff","password":"\#(Fixtures.password)"}"#
            #expect(try await client.call(.POST, "/api/v1/auth/token", json: body).status == .ok)
            #expect(try await client.call(.POST, "/api/v1/auth/token", json: body).status == .ok)
            let limited = try await client.call(.POST, "/api/v1/auth/token", json: body)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") == "30")
            #expect(limited.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            let problem = try limited.json()
            #expect(problem["type"] as? String == "https://prakat.go.th/problems/rate-limited")
            #expect(problem["status"] as? Int == 429)
            clock.advance(by: 60)
            #expect(try await client.call(.POST, "/api/v1/auth/token", json: body).status == .ok)
        }
    }

    @Test func searchAndPublicFormsHaveTheirOwnLimits() async throws {
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_SEARCH": "2", "PRAKAT_RATE_LIMIT_FORMS": "2"]) { app, _, clock in
            let visitor = Browser(app)
            #expect(try await visitor.request(.GET, "/search?q=abc").status == .ok)
            #expect(try await visitor.request(.GET, "/search?q=abc").status == .ok)
            let limited = try await visitor.request(.GET, "/search?q=abc")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") == "30")
            // Other pages are not counted.
            #expect(try await visitor.request(.GET, "/").status == .ok)
            #expect(try await APIClient(app: app).call(.GET, "/api/v1/publications?q=abc").status == .tooManyRequests)
            #expect(try await APIClient(app: app).call(.GET, "/api/v1/publications").status == .ok)

            for _ in 0..<2 {
                #expect(try await visitor.post("/q/no-such-questionnaire", ["answer": "x"]).status != .tooManyRequests)
            }
            #expect(try await visitor.post("/q/no-such-questionnaire", ["answer": "x"]).status == .tooManyRequests)
            clock.advance(by: 30)
            #expect(try await visitor.request(.GET, "/search?q=abc").status == .ok)
        }
    }

    @Test func limitsAreSettingsWithSensibleDefaults() throws {
        let defaults = try PrakatConfiguration.fromEnvironment([:])
        #expect(defaults.rateLimits == RateLimitSettings(signIn: 10, token: 10, publicForms: 20, search: 60))
        let custom = try PrakatConfiguration.fromEnvironment(["PRAKAT_RATE_LIMIT_SEARCH": "120"])
        #expect(custom.rateLimits.search == 120)
        #expect(throws: PrakatConfiguration.Problem.self) { _ = try PrakatConfiguration.fromEnvironment(["PRAKAT_RATE_LIMIT_SIGNIN": "0"]) }
    }

    /// Over real sockets, so the peer address is real (loopback): behind a trusted proxy each
    /// client counts on its own; an untrusted peer cannot dodge the limit with X-Forwarded-For.
    @Test func behindATrustedProxyEachClientHasItsOwnBucketAndForgedHopsDoNotHelp() async throws {
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_SEARCH": "2", "PRAKAT_TRUSTED_PROXIES": "127.0.0.1,::1"]) { app, _, _ in
            func search(_ forwarded: String) async throws -> HTTPStatus {
                try await app.testing(method: .running(port: 0)).performTest(
                    request: TestingHTTPRequest(
                        method: .GET, url: URI(string: "/search?q=abc"), headers: ["X-Forwarded-For": forwarded], body: ByteBuffer())
                ).status
            }
            let status1 = try await search("203.0.113.5")
            #expect(status1 == .ok)
            let status2 = try await search("203.0.113.5")
            #expect(status2 == .ok)
            let status3 = try await search("203.0.113.5")
            #expect(status3 == .tooManyRequests)
            // The client wrote its own X-Forwarded-For; the proxy appended the real address.
            let status4 = try await search("198.51.100.77, 203.0.113.5")
            #expect(status4 == .tooManyRequests)
            let status5 = try await search("203.0.113.6")
            #expect(status5 == .ok)
        }
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_SEARCH": "2", "PRAKAT_TRUSTED_PROXIES": "10.9.9.9"]) { app, _, _ in
            func search(_ forwarded: String) async throws -> HTTPStatus {
                try await app.testing(method: .running(port: 0)).performTest(
                    request: TestingHTTPRequest(
                        method: .GET, url: URI(string: "/search?q=abc"), headers: ["X-Forwarded-For": forwarded], body: ByteBuffer())
                ).status
            }
            let status6 = try await search("203.0.113.1")
            #expect(status6 == .ok)
            let status7 = try await search("203.0.113.2")
            #expect(status7 == .ok)
            let status8 = try await search("203.0.113.3")
            #expect(status8 == .tooManyRequests)
        }
    }
}
