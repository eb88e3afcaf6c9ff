import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Answers from a script instead of the network, and remembers when each request was sent.
final class ScriptedFetcher: LinkFetching, @unchecked Sendable {
    struct Sent: Equatable {
        var url: String
        var method: HTTPMethod
        var at: Date
    }
    let clock: FixedClock
    let answers: @Sendable (String, HTTPMethod) -> LinkFetchOutcome
    private let log = NIOLockedValueBox<[Sent]>([])

    init(clock: FixedClock, answers: @escaping @Sendable (String, HTTPMethod) -> LinkFetchOutcome) {
        self.clock = clock
        self.answers = answers
    }

    var sent: [Sent] { log.withLockedValue { $0 } }

    func fetch(_ url: URL, method: HTTPMethod, timeout: TimeInterval) async -> LinkFetchOutcome {
        log.withLockedValue { $0.append(Sent(url: url.absoluteString, method: method, at: clock.now())) }
        return answers(url.absoluteString, method)
    }
}

/// Every host at one address.
struct FixedResolver: HostResolving {
    var address: [UInt8]
    func addresses(of host: String) async throws -> [[UInt8]] { [address] }
}

@Suite("Compliance: the external-link checker")
struct LinkCheckTests {
    static func checker(_ fetcher: any LinkFetching, clock: FixedClock, resolver: any HostResolving = FixedResolver(address: [203, 0, 113, 7])) -> LinkChecker {
        // Waiting moves the frozen clock instead of sleeping.
        LinkChecker(fetcher: fetcher, resolver: resolver, gate: LinkCheckHostGate(), clock: clock, pause: { clock.advance(by: $0) })
    }

    @Test func theJobChecksPublicLinksOnePerHostPerSecondAndKeepsResults() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(
                "news", title: "ข่าวพร้อมลิงก์",
                details: "อ่านต่อที่ [ประกาศ](https://a.example/3) และ https://a.example/1",
                fields: ["externalLinks": ["https://a.example/1", "https://a.example/2", "https://b.example/x"]])
            let fetcher = ScriptedFetcher(clock: clock) { url, method in
                switch (url, method) {
                case ("https://a.example/1", _): .response(status: 200, location: nil)
                case ("https://a.example/2", .HEAD): .response(status: 405, location: nil)
                case ("https://a.example/2", _): .response(status: 404, location: nil)
                case ("https://a.example/3", _): .response(status: 301, location: "/1")
                default: .failed(.timeout)
                }
            }
            let job = LinkCheckJob(db: app.db, writer: app.writer, clock: clock, checker: Self.checker(fetcher, clock: clock))
            let start = clock.now()
            let first = try await job.run()
            #expect(first.added == 4)
            #expect(first.checked == 4)
            #expect(first.broken == 2)
            // No host was asked twice within a second (measured on the injected clock).
            for host in ["a.example", "b.example"] {
                let times = fetcher.sent.filter { URL(string: $0.url)?.host == host }.map(\.at)
                for (earlier, later) in zip(times, times.dropFirst()) { #expect(later.timeIntervalSince(earlier) >= 1, "\(host)") }
            }
            #expect(fetcher.sent.filter { $0.url.hasPrefix("https://a.example") }.count == 5)  // 1, 2 HEAD, 2 GET, 3, and 3's redirect to 1
            #expect(clock.now().timeIntervalSince(start) >= 4)
            let rows = try await LinkCheck.query(on: app.db).all()
            let byURL = Dictionary(uniqueKeysWithValues: rows.map { ($0.url, $0) })
            #expect(byURL["https://a.example/1"]?.result == .status(200))
            #expect(byURL["https://a.example/2"]?.statusCode == 404)
            #expect(byURL["https://a.example/2"]?.consecutiveFailures == 1)
            #expect(byURL["https://a.example/3"]?.result?.isWorking == true)
            #expect(byURL["https://b.example/x"]?.failureRaw == LinkCheckRules.Failure.timeout.rawValue)
            #expect(rows.allSatisfy { $0.publicationID == item.publicationID })

            // Nothing is due again at once; a day later the broken ones are, and their count grows.
            #expect(try await job.run().checked == 0)
            clock.advance(by: 86_400)
            let second = try await job.run()
            #expect(second.checked == 2)
            #expect(try await LinkCheck.query(on: app.db).filter(\.$url == "https://b.example/x").first()?.consecutiveFailures == 2)

            // The desk lists them with the item, in Thai, with a button that queues a check.
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let desk = try await webmaster.request(.GET, CurrencyRoute.desk.path)
            #expect(desk.text.contains("https://a.example/2"))
            #expect(desk.text.contains("ไม่พบหน้านี้แล้ว (HTTP 404)"))
            #expect(desk.text.contains(LinkCheckRules.Failure.timeout.thaiName))
            #expect(desk.text.contains(CurrencyText.failures(2)))
            #expect(!desk.text.contains("<code>https://a.example/1</code>"))
            let broken = try #require(try await LinkCheck.query(on: app.db).filter(\.$url == "https://a.example/2").first())
            let queued = try await webmaster.post(CurrencyRoute.recheck(try broken.requireID()).path, [:])
            #expect(queued.status == .seeOther)
            #expect(try await LinkCheck.find(broken.id, on: app.db)?.nextCheckAt == clock.now())
            #expect(try await webmaster.post(CurrencyRoute.recheck(UUID()).path, [:]).status == .notFound)
            #expect(fetcher.sent.count == 9, "queued, not fetched inline")
            // The staff shell counts broken links for the webmaster.
            #expect(desk.text.contains(CurrencyText.countBroken))

            // Links of an item that leaves the public site are dropped from the checks.
            let publication = try #require(try await Publication.find(item.publicationID, on: app.db))
            publication.withdrawnAt = clock.now()
            try await publication.update(on: app.db)
            #expect(try await job.sync().removed == 4)
            #expect(try await LinkCheck.query(on: app.db).count() == 0)
            try await expectAuditVocabulary(app.db)
        }
    }

    /// The sync reads a range of numbers at a time and only items with a link list or "http" in
    /// their text (in any case): every batch range and every way of writing a link is covered.
    @Test func theSyncFindsLinksInEveryRangeAndInAnyCase() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let upper = try await room.publish(title: "ลิงก์ตัวใหญ่", details: "ดูที่ HTTPS://UPPER.EXAMPLE/Path")
            _ = try await room.publish(title: "ไม่มีลิงก์", details: "ข้อความธรรมดา ไม่มีที่อยู่เว็บ")
            let listed = try await room.publish(title: "มีรายการลิงก์", fields: ["externalLinks": ["https://list.example/a"]])
            // An item numbered past the first range of numbers.
            let far = try await room.publish(title: "เลขสูง", details: "อ่าน https://far.example/x")
            let publication = try #require(try await Publication.find(far.publicationID, on: app.db))
            publication.number = LinkCheckJob.syncBatch * 2 + 7
            try await publication.update(on: app.db)
            let job = LinkCheckJob(db: app.db, writer: app.writer, clock: clock, checker: Self.checker(ScriptedFetcher(clock: clock) { _, _ in .failed(.timeout) }, clock: clock))
            #expect(try await job.sync().added == 3)
            let rows = try await LinkCheck.query(on: app.db).all()
            #expect(Set(rows.map(\.url)) == ["HTTPS://UPPER.EXAMPLE/Path", "https://list.example/a", "https://far.example/x"])
            #expect(Set(rows.map(\.publicationID)) == [upper.publicationID, listed.publicationID, far.publicationID])
            #expect(try await job.sync().added == 0, "known links are not added again")
        }
    }

    @Test func privateAddressesAreNeverFetched() async throws {
        let clock = FixedClock(Date(timeIntervalSince1970: 1_770_606_000))
        let fetcher = ScriptedFetcher(clock: clock) { _, _ in .response(status: 200, location: nil) }
        for address: [UInt8] in [[127, 0, 0, 1], [10, 0, 0, 5], [192, 168, 1, 1], [169, 254, 169, 254], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]] {
            let checker = Self.checker(fetcher, clock: clock, resolver: FixedResolver(address: address))
            #expect(await checker.check("https://intranet.example/") == .failed(.refusedAddress), "\(address)")
        }
        // A public page that redirects inside the network is refused at the hop.
        let redirecting = ScriptedFetcher(clock: clock) { url, _ in
            url.hasPrefix("https://public.example") ? .response(status: 302, location: "http://127.0.0.1/admin") : .response(status: 200, location: nil)
        }
        struct SplitResolver: HostResolving {
            func addresses(of host: String) async throws -> [[UInt8]] { host == "127.0.0.1" ? [[127, 0, 0, 1]] : [[203, 0, 113, 9]] }
        }
        #expect(await Self.checker(redirecting, clock: clock, resolver: SplitResolver()).check("https://public.example/") == .failed(.refusedAddress))
        #expect(redirecting.sent.map(\.url) == ["https://public.example/"])
        #expect(fetcher.sent.isEmpty)
        // The system resolver: loopback by name and by number.
        let system = LinkChecker(fetcher: fetcher, resolver: SystemHostResolver(), gate: LinkCheckHostGate(), clock: clock, pause: { clock.advance(by: $0) })
        #expect(await system.check("http://127.0.0.1:9/") == .failed(.refusedAddress))
        #expect(await system.check("http://[::1]:9/") == .failed(.refusedAddress))
        #expect(await system.check("http://localhost:9/") == .failed(.refusedAddress))
        #expect(await system.check("ftp://example.org/") == .failed(.invalidURL))
        #expect(fetcher.sent.isEmpty)
    }

    @Test func redirectsAreBounded() async throws {
        let clock = FixedClock(Date(timeIntervalSince1970: 1_770_606_000))
        let loop = ScriptedFetcher(clock: clock) { _, _ in .response(status: 302, location: "https://loop.example/again") }
        #expect(await Self.checker(loop, clock: clock).check("https://loop.example/") == .failed(.tooManyRedirects))
        #expect(loop.sent.count == LinkCheckRules.maxRedirects + 1)
        let nowhere = ScriptedFetcher(clock: clock) { _, _ in .response(status: 302, location: nil) }
        #expect(await Self.checker(nowhere, clock: clock).check("https://a.example/") == .failed(.badRedirect))
        let javascript = ScriptedFetcher(clock: clock) { _, _ in .response(status: 302, location: "javascript:alert(1)") }
        #expect(await Self.checker(javascript, clock: clock).check("https://a.example/") == .failed(.badRedirect))
    }

    /// Against a real HTTP server on this machine: 200, 404, a redirect, a redirect loop, a
    /// server that answers too late, and a port nobody listens on.
    @Test func aRealServerAnswersAndTimesOut() async throws {
        let server = try await Application.make(.testing)
        let hits = NIOLockedValueBox(0)
        server.logger.logLevel = .critical
        server.on(.GET, "ok") { _ in
            hits.withLockedValue { $0 += 1 }; return "ok"
        }
        server.on(.HEAD, "ok") { _ in
            hits.withLockedValue { $0 += 1 }; return Response(status: .ok)
        }
        server.get("missing") { _ -> Response in
            hits.withLockedValue { $0 += 1 }; return Response(status: .notFound)
        }
        server.get("moved") { req -> Response in req.redirect(to: "/ok", redirectType: .permanent) }
        server.get("loop") { req -> Response in req.redirect(to: "/loop") }
        server.get("slow") { _ -> String in
            try await Task.sleep(nanoseconds: 1_500_000_000)
            return "late"
        }
        try await server.asyncBoot()
        try await server.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(server.http.server.shared.localAddress?.port)
        let client = HTTPLinkFetcher.makeClient(on: MultiThreadedEventLoopGroup.singleton)
        let clock = FixedClock(Date(timeIntervalSince1970: 1_770_606_000))
        var checker = Self.checker(HTTPLinkFetcher(client: client), clock: clock)
        checker.allowsPrivateAddresses = true
        let base = "http://127.0.0.1:\(port)"
        #expect(await checker.check(base + "/ok") == .status(200))
        #expect(await checker.check(base + "/missing") == .status(404))
        #expect(await checker.check(base + "/moved") == .status(200))
        #expect(await checker.check(base + "/loop") == .failed(.tooManyRedirects))
        // A deadline shorter than the server's delay (the production one is 10 s).
        var impatient = checker
        impatient.timeout = 0.3
        #expect(await impatient.check(base + "/slow") == .failed(.timeout))
        let before = hits.withLockedValue { $0 }
        // The production setting refuses this machine before any request leaves.
        let guarded = LinkChecker(
            fetcher: HTTPLinkFetcher(client: client), resolver: SystemHostResolver(), gate: LinkCheckHostGate(), clock: clock, pause: { clock.advance(by: $0) })
        #expect(await guarded.check(base + "/ok") == .failed(.refusedAddress))
        #expect(hits.withLockedValue { $0 } == before)
        try await client.shutdown()
        await server.server.shutdown()
        try await server.asyncShutdown()
        // Nobody listens there any more.
        let closed = HTTPLinkFetcher(client: HTTPLinkFetcher.makeClient(on: MultiThreadedEventLoopGroup.singleton))
        var offline = Self.checker(closed, clock: clock)
        offline.allowsPrivateAddresses = true
        #expect(await offline.check(base + "/ok") == .failed(.connectionFailed))
        try await closed.client.shutdown()
    }
}
