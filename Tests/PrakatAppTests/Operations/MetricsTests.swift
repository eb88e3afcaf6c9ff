import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import PrakatApp

/// `GET /metrics` (issue 14 §10): who may read it, and what it says.
@Suite struct MetricsTests {
    static let token = "metrics-token-0123456789abcdef"

    func scrape(_ app: Application, headers: HTTPHeaders = [:], running: Bool) async throws -> (HTTPStatus, String) {
        let method: Application.Method = running ? .running(port: 0) : .inMemory
        let response = try await app.testing(method: method).performTest(
            request: TestingHTTPRequest(method: .GET, url: URI(string: "/metrics"), headers: headers, body: ByteBuffer()))
        return (response.status, String(buffer: response.body))
    }

    @Test func loopbackReadsTheMetrics() async throws {
        try await withPrakat { app, _, _ in
            let (status, first) = try await scrape(app, running: true)
            #expect(status == .ok)
            // A request is counted once answered: the first scrape shows up in the second.
            #expect(!first.contains("prakat_http_requests_total{"))
            let (_, text) = try await scrape(app, running: true)
            #expect(text.contains("# TYPE prakat_http_requests_total counter"))
            #expect(text.contains(#"prakat_http_requests_total{route="/metrics",method="GET",status="2xx"} 1"#))
            #expect(text.contains("prakat_db_pool_connections"))
            #expect(text.contains("prakat_db_connection_acquire_seconds_count"))
            #expect(text.contains("prakat_mail_queue_waiting_messages 0"))
        }
    }

    /// Behind a trusted proxy the client's own address decides; the in-memory tester has no
    /// peer address at all. Both get the ordinary 404 page.
    @Test func othersGetTheOrdinaryNotFound() async throws {
        try await withPrakat(environment: ["PRAKAT_TRUSTED_PROXIES": "127.0.0.1,::1"]) { app, _, _ in
            let (status, text) = try await scrape(app, headers: ["X-Forwarded-For": "203.0.113.5"], running: true)
            #expect(status == .notFound)
            #expect(!text.contains("prakat_"))
            let (unknownStatus, unknown) = try await scrape(app, running: false)
            #expect(unknownStatus == .notFound)
            let other = try await app.testing().performTest(
                request: TestingHTTPRequest(method: .GET, url: URI(string: "/no-such-page"), headers: [:], body: ByteBuffer()))
            #expect(other.status == .notFound)
            // The page names the path it was asked for; apart from that it is the same page.
            #expect(
                unknown.replacingOccurrences(of: "/metrics", with: "PATH") == String(buffer: other.body).replacingOccurrences(of: "/no-such-page", with: "PATH"),
                "the same page as for a path that does not exist")
        }
        try await withPrakat(environment: ["PRAKAT_METRICS_ALLOW": "203.0.113.0/24", "PRAKAT_TRUSTED_PROXIES": "127.0.0.1,::1"]) { app, _, _ in
            let (forwarded, _) = try await scrape(app, headers: ["X-Forwarded-For": "203.0.113.5"], running: true)
            #expect(forwarded == .ok)
            // Loopback itself is no longer allowed once the list is set.
            let (loopback, _) = try await scrape(app, running: true)
            #expect(loopback == .notFound)
        }
    }

    @Test func theTokenOpensItAndAWrongOneDoesNot() async throws {
        try await withPrakat(environment: ["PRAKAT_METRICS_TOKEN": Self.token]) { app, _, _ in
            func status(_ authorization: String, running: Bool = false) async throws -> HTTPStatus {
                try await scrape(app, headers: ["Authorization": authorization], running: running).0
            }
            let right = try await status("Bearer \(Self.token)")
            #expect(right == .ok)
            for wrong in ["Bearer \(Self.token)x", "Bearer ", "Basic \(Self.token)"] {
                let answer = try await status(wrong)
                #expect(answer == .notFound, "\(wrong)")
            }
            // A wrong token is refused even from an allowed address.
            let wrongFromLoopback = try await status("Bearer wrong-token-0123456789", running: true)
            #expect(wrongFromLoopback == .notFound)
        }
        #expect(throws: PrakatConfiguration.Problem.self) { _ = try PrakatConfiguration.fromEnvironment(["PRAKAT_METRICS_TOKEN": "short"]) }
        #expect(throws: PrakatConfiguration.Problem.self) { _ = try PrakatConfiguration.fromEnvironment(["PRAKAT_METRICS_ALLOW": "not-an-address"]) }
        #expect(MetricsRoutes.sameSecret(Self.token, Self.token))
        #expect(!MetricsRoutes.sameSecret(Self.token, String(Self.token.dropLast())))
    }

    /// Labels are route patterns, never raw paths; unknown paths and odd methods fold into one label each.
    @Test func requestsAreLabelledByRoutePattern() async throws {
        try await withPrakat(environment: ["PRAKAT_METRICS_TOKEN": Self.token]) { app, _, _ in
            let browser = Browser(app)
            for number in ["1", "2", "3"] { _ = try await browser.request(.GET, "/p/\(number)") }
            for path in ["/no-such-page-1", "/no-such-page-2"] { _ = try await browser.request(.GET, path) }
            _ = try await browser.request(.GET, "/healthz")
            let (_, text) = try await scrape(app, headers: ["Authorization": "Bearer \(Self.token)"], running: false)
            #expect(text.contains(#"prakat_http_requests_total{route="/healthz",method="GET",status="2xx"} 1"#))
            #expect(text.contains(#"route="unmatched",method="GET",status="4xx"} 2"#))
            #expect(!text.contains("no-such-page"))
            #expect(!text.contains(#"route="/p/1""#))
            // Items that do not exist: matched by the route, answered 404 by its handler.
            #expect(text.contains(#"prakat_http_requests_total{route="/p/:number",method="GET",status="4xx"} 3"#))
            #expect(text.contains(#"prakat_http_request_duration_seconds_bucket{route="/healthz",method="GET",le="+Inf"} 1"#))
        }
        let metrics = PrakatMetrics()
        metrics.request(route: "/x", method: "BREW", status: 418, seconds: 0.01)
        let text = String(decoding: metrics.text(), as: UTF8.self)
        #expect(text.contains(#"route="/x",method="other",status="4xx"} 1"#))
        // Past the series limit new routes share one `other` series.
        let crowded = PrakatMetrics()
        for index in 0..<(PrakatMetrics.maxRequestSeries + 5) { crowded.request(route: "/r\(index)", method: "GET", status: 200, seconds: 0) }
        let crowdedText = String(decoding: crowded.text(), as: UTF8.self)
        #expect(crowdedText.contains(#"prakat_http_requests_total{route="other",method="GET",status="2xx"} 5"#))
        #expect(!crowdedText.contains(#"route="/r\#(PrakatMetrics.maxRequestSeries)""#))
    }

    @Test func pageCacheHitsAndMissesAreCounted() {
        let metrics = PrakatMetrics()
        metrics.pageCache(hit: true)
        metrics.pageCache(hit: true)
        metrics.pageCache(hit: false)
        let text = String(decoding: metrics.text(), as: UTF8.self)
        #expect(text.contains(#"prakat_page_cache_lookups_total{result="hit"} 2"#))
        #expect(text.contains(#"prakat_page_cache_lookups_total{result="miss"} 1"#))
    }

    @Test func jobLagAndDurationAreReported() async throws {
        let clock = ManualSeconds(1_000)
        let metrics = PrakatMetrics(now: { clock.value })
        metrics.register(job: "expiry")
        clock.value = 1_030
        #expect(String(decoding: metrics.text(), as: UTF8.self).contains(#"prakat_job_since_success_seconds{job="expiry"} 30"#))
        try await metrics.track(job: "expiry") {}
        clock.value = 1_045
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await metrics.track(job: "expiry") { throw Failure() } }
        let text = String(decoding: metrics.text(), as: UTF8.self)
        #expect(text.contains(#"prakat_job_since_success_seconds{job="expiry"} 15"#))
        #expect(text.contains(#"prakat_job_runs_total{job="expiry",outcome="success"} 1"#))
        #expect(text.contains(#"prakat_job_runs_total{job="expiry",outcome="failure"} 1"#))
        #expect(text.contains(#"prakat_job_last_duration_seconds{job="expiry"}"#))
    }

    @Test func theMailQueueIsCounted() async throws {
        try await withPrakat(environment: ["PRAKAT_METRICS_TOKEN": Self.token]) { app, _, clock in
            let mail = OutgoingMail()
            mail.toAddress = "a@example.go.th"
            mail.toName = "ก"
            mail.subject = "s"
            mail.body = "b"
            mail.createdAt = Date().addingTimeInterval(-120)
            mail.attempts = 0
            mail.nextAttemptAt = clock.now()
            try await mail.create(on: app.db)
            let (_, text) = try await scrape(app, headers: ["Authorization": "Bearer \(Self.token)"], running: false)
            #expect(text.contains("prakat_mail_queue_waiting_messages 1"))
            let age = text.split(separator: "\n").first { $0.hasPrefix("prakat_mail_queue_oldest_age_seconds ") }
            let seconds = age.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            #expect(seconds >= 119 && seconds < 600)
        }
    }
}

/// A settable clock for the metrics' wall time.
final class ManualSeconds: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Double
    init(_ value: Double) { current = value }
    var value: Double {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}
