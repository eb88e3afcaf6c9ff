import Fluent
import Foundation
import PrakatCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

@Suite("Visitor statistics")
struct VisitorStatisticsTests {
    static let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    static let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

    static func flush(_ app: Application, _ clock: FixedClock, counter: VisitorCounter? = nil) async throws -> VisitorFlush.Outcome {
        try await VisitorFlush(db: app.db, writer: app.writer, counter: counter ?? app.visitors).run(now: clock.now())
    }

    static func day(_ app: Application, _ day: String) async throws -> (views: Int, visitors: Int)? {
        let sql = try #require(app.db as? any SQLDatabase)
        guard let row = try await sql.select().columns("page_views", "unique_visitors").from(VisitorTables.days).where("day", .equal, day).first() else { return nil }
        return (try row.decode(column: "page_views", as: Int.self), try row.decode(column: "unique_visitors", as: Int.self))
    }

    static func count(_ app: Application, _ table: String, day: String? = nil) async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        var query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
        if let day { query = query.where("day", .equal, day) }
        return try await query.first()?.decode(column: "n", as: Int.self) ?? 0
    }

    @Test func onlyPublicPagesSeenByBrowsersCount() async throws {
        try await withPrakat { app, _, clock in
            let reader = Browser(app)
            let ua: HTTPHeaders = ["User-Agent": Self.firefox]
            #expect(try await reader.request(.GET, "/", headers: ua).status == .ok)
            #expect(try await reader.request(.GET, "/c/news", headers: ua).status == .ok)
            #expect(try await reader.request(.GET, "/stats", headers: ua).status == .ok)
            // Not counted: HEAD, robots, programs without an agent, files, feeds, the sitemap,
            // health checks, the API, errors, and signed-in staff.
            #expect(try await reader.request(.HEAD, "/", headers: ua).status == .ok)
            #expect(try await reader.request(.GET, "/", headers: ["User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"]).status == .ok)
            #expect(try await reader.request(.GET, "/", headers: ["User-Agent": "curl/8.5.0"]).status == .ok)
            #expect(try await reader.request(.GET, "/").status == .ok)
            #expect(try await reader.request(.GET, "/css/prakat.css", headers: ua).status == .ok)
            #expect(try await reader.request(.GET, "/feed.rss", headers: ua).status == .ok)
            #expect(try await reader.request(.GET, "/sitemap.xml", headers: ua).status == .ok)
            #expect(try await reader.request(.GET, "/healthz", headers: ua).status == .ok)
            #expect(try await reader.request(.GET, "/api/v1/stats/visitors", headers: ua).status == .ok)
            #expect(try await reader.request(.GET, "/c/no-such-category", headers: ua).status == .notFound)
            let staff = Browser(app)
            try await staff.signIn("webmaster")
            #expect(try await staff.request(.GET, "/", headers: ua).status == .ok)
            #expect(try await staff.request(.GET, "/staff", headers: ua).status == .ok)

            let outcome = try await Self.flush(app, clock)
            #expect(outcome.pageViews == 3)
            #expect(outcome.newVisitors == 1)
            let today = CalendarDate.bangkok(containing: clock.now()).iso
            let row = try #require(try await Self.day(app, today))
            #expect(row.views == 3)
            #expect(row.visitors == 1)
            // A second browser is a second visitor; the first one again is not.
            #expect(try await Browser(app).request(.GET, "/", headers: ["User-Agent": Self.chrome]).status == .ok)
            #expect(try await reader.request(.GET, "/c/news", headers: ua).status == .ok)
            try await Self.flush(app, clock)
            #expect(try await Self.day(app, today)?.views == 5)
            #expect(try await Self.day(app, today)?.visitors == 2)
            #expect(app.visitors.snapshot.figures == VisitorFigures(today: 2, month: 2, fiscalYear: 2, total: 2, pageViewsToday: 5))
        }
    }

    @Test func twoInstancesAddUpAndVisitorsStayUnique() async throws {
        try await withPrakat { app, _, clock in
            let first = app.visitors
            let second = VisitorCounter()
            // Both learn the day's shared salt (the job runs at start).
            try await Self.flush(app, clock, counter: first)
            try await Self.flush(app, clock, counter: second)
            let now = clock.now()
            first.record(address: "203.0.113.7", userAgent: Self.firefox, path: "/", at: now)
            first.record(address: "203.0.113.8", userAgent: Self.firefox, path: "/p/3", at: now)
            second.record(address: "203.0.113.7", userAgent: Self.firefox, path: "/c/news", at: now)
            second.record(address: "203.0.113.9", userAgent: Self.chrome, path: "/p/3", at: now)
            second.record(address: "203.0.113.9", userAgent: Self.chrome, path: "/p/3", at: now)
            let a = try await Self.flush(app, clock, counter: first)
            let b = try await Self.flush(app, clock, counter: second)
            #expect(a.pageViews == 2)
            #expect(b.pageViews == 3)
            #expect(a.newVisitors + b.newVisitors == 3)
            let today = CalendarDate.bangkok(containing: now)
            #expect(try await Self.day(app, today.iso)?.views == 5)
            #expect(try await Self.day(app, today.iso)?.visitors == 3)
            // Each instance reads the site-wide figures back after its own flush: the first one
            // sees the second's visitors on its next run (at most 30 s later).
            #expect(first.snapshot.figures.today == 2)
            #expect(second.snapshot.figures.today == 3)
            #expect(try await Self.flush(app, clock, counter: first) == VisitorFlush.Outcome())
            #expect(first.snapshot.figures.today == 3)
            let mostRead = try await VisitorStatistics(db: app.db).mostRead(in: FiscalYear.containing(now), limit: 10)
            #expect(mostRead.first?.number == 3)
            #expect(mostRead.first?.views == 3)
            // Nothing pending is written twice.
            #expect(try await Self.flush(app, clock, counter: second) == VisitorFlush.Outcome())
        }
    }

    @Test func anInstanceThatCountedBeforeKnowingTheSaltTakesTheSharedOne() async throws {
        try await withPrakat { app, _, clock in
            try await Self.flush(app, clock)
            let late = VisitorCounter()
            late.record(address: "203.0.113.7", userAgent: Self.firefox, path: "/", at: clock.now())
            try await Self.flush(app, clock, counter: late)
            let today = CalendarDate.bangkok(containing: clock.now()).iso
            #expect(try await Self.count(app, VisitorTables.salts, day: today) == 1)
            #expect(late.saltDays.contains(today))
            // From now on the same person is the same hash on both instances.
            app.visitors.record(address: "203.0.113.7", userAgent: Self.firefox, path: "/", at: clock.now())
            late.record(address: "203.0.113.7", userAgent: Self.firefox, path: "/", at: clock.now())
            try await Self.flush(app, clock)
            try await Self.flush(app, clock, counter: late)
            #expect(try await Self.day(app, today)?.views == 3)
            // The first hash was made with the late instance's own salt (before it knew the shared one).
            #expect(try await Self.day(app, today)?.visitors == 2)
        }
    }

    @Test func saltAndHashesAreDestroyedAfterTheDayAndNoAddressIsStored() async throws {
        try await withPrakat { app, _, clock in
            let address = "203.0.113.77"
            // 23:59 in Bangkok.
            let today = CalendarDate.bangkok(containing: clock.now())
            clock.set(today.endInBangkok.addingTimeInterval(-60))
            app.visitors.record(address: address, userAgent: Self.firefox, path: "/", at: clock.now())
            try await Self.flush(app, clock)
            #expect(try await Self.count(app, VisitorTables.hashes, day: today.iso) == 1)
            #expect(try await Self.count(app, VisitorTables.salts, day: today.iso) == 1)
            #expect(try await Self.count(app, VisitorTables.salts, day: today.adding(days: 1).iso) == 1)

            // A page view in the last second, written just after midnight: still within the grace.
            clock.advance(by: 59)
            app.visitors.record(address: "203.0.113.78", userAgent: Self.firefox, path: "/", at: clock.now())
            clock.advance(by: 30)
            try await Self.flush(app, clock)
            #expect(try await Self.day(app, today.iso)?.visitors == 2)
            #expect(try await Self.count(app, VisitorTables.hashes, day: today.iso) == 2)

            // Past the grace: the day's hashes and salt are gone, its count stays.
            clock.advance(by: VisitorFlush.grace)
            let outcome = try await Self.flush(app, clock)
            #expect(outcome.purgedHashes == 2)
            #expect(try await Self.count(app, VisitorTables.hashes, day: today.iso) == 0)
            #expect(try await Self.count(app, VisitorTables.salts, day: today.iso) == 0)
            #expect(!app.visitors.saltDays.contains(today.iso))
            #expect(try await Self.day(app, today.iso)?.visitors == 2)
            #expect(try await Self.day(app, today.iso)?.views == 2)

            // A late hash of the finished day is dropped, its page view still counts.
            app.visitors.putBack(VisitorCounter.Pending(pageViews: [today.iso: 1], hashes: [today.iso: ["ab"]], itemViews: [:]))
            #expect(try await Self.flush(app, clock).droppedHashes == 1)
            #expect(try await Self.day(app, today.iso)?.views == 3)
            #expect(try await Self.count(app, VisitorTables.hashes, day: today.iso) == 0)

            // No address or user agent anywhere in the statistics, in any column.
            app.visitors.record(address: address, userAgent: Self.firefox, path: "/p/1", at: clock.now())
            try await Self.flush(app, clock)
            let sql = try #require(app.db as? any SQLDatabase)
            for table in [VisitorTables.days, VisitorTables.hashes, VisitorTables.salts, VisitorTables.itemViews] {
                for row in try await sql.select().column("*").from(table).all() {
                    for column in row.allColumns {
                        let value = (try? row.decode(column: column, as: String.self)) ?? ""
                        #expect(!value.contains("203.0.113"), "\(table).\(column)")
                        #expect(!value.contains("Firefox"), "\(table).\(column)")
                        let plain = VisitorHash.hash(salt: [], address: address, userAgent: Self.firefox)
                        #expect(value != plain, "\(table).\(column) holds an unsalted hash")
                    }
                }
            }
        }
    }

    @Test func theFooterOfACachedPageIsAtMostSixtySecondsBehind() async throws {
        try await withPrakat { app, _, clock in
            try await Self.flush(app, clock)
            let first = try await visitor(app, "/")
            #expect(first.text.contains("<dt>ผู้เข้าชมวันนี้</dt><dd>0</dd>"))
            for n in 1...3 { app.visitors.record(address: "198.51.100.\(n)", userAgent: Self.chrome, path: "/", at: clock.now()) }
            // Until the next flush the cached page stands (and the count is not yet written).
            #expect(try await visitor(app, "/").text == first.text)
            clock.advance(by: 30)
            try await Self.flush(app, clock)
            let later = try await visitor(app, "/")
            #expect(later.text.contains("<dt>ผู้เข้าชมวันนี้</dt><dd>3</dd>"))
            #expect(later.text.contains("<dt>ทั้งหมด</dt><dd>3</dd>"))
            // The footer links to the statistics and to the survey, carrying the page.
            #expect(later.text.contains("href=\"/stats\""))
            #expect(later.text.contains("href=\"/satisfaction?page=/\""))
        }
    }

    @Test func apiShapeAndStaleness() async throws {
        try await withPrakat { app, _, clock in
            app.visitors.record(address: "198.51.100.1", userAgent: Self.chrome, path: "/", at: clock.now())
            try await Self.flush(app, clock)
            let response = try await APIClient(app: app).call(.GET, "/api/v1/stats/visitors")
            #expect(response.status == .ok)
            let json = try response.json()
            #expect(Set(json.keys) == ["today", "month", "fiscalYear", "total", "pageViewsToday", "updatedAt"])
            #expect(json["today"] as? Int == 1)
            #expect(json["pageViewsToday"] as? Int == 1)
            #expect(json["updatedAt"] as? String == "2026-02-09T03:00:00Z")
            // Without the job for a minute, the API reads the database itself.
            clock.advance(by: 61)
            let fresh = try await APIClient(app: app).call(.GET, "/api/v1/stats/visitors").json()
            #expect(fresh["updatedAt"] as? String == "2026-02-09T03:01:01Z")
        }
    }

    @Test func statisticsPageShowsMonthsMostReadAndIsLinkedFromItsCategory() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ประกาศผลการคัดเลือก & ทดสอบ")
            for n in 1...4 { app.visitors.record(address: "198.51.100.\(n)", userAgent: Self.chrome, path: item.path, at: clock.now()) }
            try await Self.flush(app, clock)
            let page = try await visitor(app, "/stats")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>สถิติผู้เข้าชมและความพึงพอใจ</h1>"))
            #expect(page.text.contains("<svg viewBox="))
            #expect(page.text.contains("<th scope=\"row\">กุมภาพันธ์ 2569</th><td class=\"num\">4</td><td class=\"num\">4</td>"))
            #expect(page.text.contains("href=\"\(item.path)\">ประกาศผลการคัดเลือก &amp; ทดสอบ</a>"))
            #expect(try await visitor(app, "/stats?fiscalYear=2568").text.contains(VisitorsText.noItems))
            for bad in ["abc", "0", "2569.5", "99999999999999999999999", "%3Cscript%3E"] {
                let refused = try await visitor(app, "/stats?fiscalYear=\(bad)")
                #expect(refused.status == .unprocessableEntity, "\(bad)")
                #expect(refused.text.contains(VisitorsText.fiscalYearInvalid))
                #expect(!refused.text.contains("<script>"))
            }
            let category = try await visitor(app, "/c/statistics-satisfaction")
            #expect(category.status == .ok)
            #expect(category.text.contains("href=\"/stats\">\(VisitorsText.linkFromCategory)"))
            #expect(!(try await visitor(app, "/c/news").text.contains(VisitorsText.linkFromCategory)))
            #expect(try await visitor(app, "/sitemap/pages.xml").text.contains("/stats</loc>"))
        }
    }
}
