import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Issue 14 §2 and §6: a change drops exactly the cached pages that show it, on this instance at
/// commit and on other instances through `site_changes`; cached pages are answered before the
/// middleware chain with the same headers, log line and visitor count as any other answer.
@Suite("Public page cache: exact invalidation and the fast path")
struct PublicPageCacheTests {
    static func cached(_ app: Application, _ path: String) -> Bool {
        app.pageCache.get("http " + path, visitorGeneration: app.visitors.snapshot.generation, now: app.clock.now()) != nil
    }

    @Test func publishingDropsItsListingsAndLeavesOtherPagesCached() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let news = try await room.publish("news", title: "ข่าวการรณรงค์ฉีดวัคซีนป้องกันไข้หวัดใหญ่")
            let alert = try await room.publish("alerts", title: "ประกาศเตือนภัยคลื่นความร้อน", expireAt: clock.now().addingTimeInterval(30 * 86_400))
            let pages = [news.path, alert.path, "/c/news", "/c/alerts", "/", "/feed.rss", "/sitemap.xml"]
            for path in pages { #expect(try await visitor(app, path).status == .ok, "\(path)") }
            for path in pages { #expect(Self.cached(app, path), "\(path) is cached after a visit") }

            let second = try await room.publish("news", title: "ข่าวการอบรมอาสาสมัครสาธารณสุข")
            // What shows the new item is rendered again…
            for path in ["/c/news", "/", "/feed.rss", "/sitemap.xml"] { #expect(!Self.cached(app, path), "\(path) shows the new item") }
            #expect(try await visitor(app, "/c/news").text.contains(second.path))
            // …what does not stays as it was.
            for path in [news.path, alert.path, "/c/alerts"] { #expect(Self.cached(app, path), "\(path) does not show the new item") }
        }
    }

    @Test func renamingAUnitDropsItsItemsPages() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ประกาศรับสมัครอาสาสมัคร")
            #expect(try await visitor(app, item.path).text.contains(fixtures.unit.nameTh))
            #expect(Self.cached(app, item.path))
            let unit = try #require(try await OrgUnit.find(fixtures.unit.id, on: app.db))
            let input = AccountService.UnitInput(slug: unit.slug, nameTh: "กลุ่มงานที่เปลี่ยนชื่อแล้ว", nameEn: nil, headUserID: unit.headUserID?.uuidString)
            _ = try await AccountService(application: app, db: app.db).updateUnit(unit, input, actor: .system("test"))
            #expect(!Self.cached(app, item.path))
            #expect(try await visitor(app, item.path).text.contains("กลุ่มงานที่เปลี่ยนชื่อแล้ว"))
        }
    }

    @Test func anotherInstancesChangeIsReadFromTheDatabase() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ข่าวจากอีกเครื่องหนึ่ง")
            try await app.siteVersion.pollRemote(app.db)  // the first look only notes where the log stands
            _ = try await visitor(app, item.path)
            _ = try await visitor(app, "/c/alerts")
            #expect(Self.cached(app, item.path))
            // Another instance behind the same database revises the item.
            let row = SiteChangeRow()
            row.instance = "another-instance"
            row.tags = SiteChange.publication(number: item.number, categories: []).encoded
            row.at = clock.now()
            try await row.create(on: app.db)
            #expect(Self.cached(app, item.path), "not before this instance looks")
            try await app.siteVersion.pollRemote(app.db)
            #expect(!Self.cached(app, item.path))
            #expect(Self.cached(app, "/c/alerts"), "a page the change does not touch stays")
        }
    }

    @Test func aRenderThatRacesAChangeIsNotKept() async throws {
        try await withPrakat { _, _, _ in
            let cache = PublicPageCache()
            let page = RenderedPage(
                body: ByteBuffer(string: "old"), contentType: "text/html", status: .ok, lastModified: Date(), validUntil: nil, etag: "\"x\"",
                tags: [SiteTag.item(1)], visitorGeneration: 0, servedEarly: true, countsVisit: true)
            let before = cache.sequence
            cache.invalidate([SiteTag.item(1)])  // a change commits while the page renders
            cache.put("http /p/1", page, renderedAt: before)
            #expect(cache.get("http /p/1", visitorGeneration: 0, now: Date()) == nil)
            cache.put("http /p/1", page, renderedAt: cache.sequence)
            #expect(cache.get("http /p/1", visitorGeneration: 0, now: Date()) != nil)
            #expect(cache.get("http /p/1", visitorGeneration: 1, now: Date()) == nil, "new visitor figures in the footer")
        }
    }

    @Test func theCacheStaysWithinItsMemory() async throws {
        let cache = PublicPageCache(maxBytes: 1 << 20)
        let body = ByteBuffer(repeating: 0x61, count: 20_000)
        for number in 1...500 {
            let page = RenderedPage(
                body: body, contentType: "text/html", status: .ok, lastModified: Date(), validUntil: nil, etag: "\"\(number)\"",
                tags: [SiteTag.item(number)], visitorGeneration: 0, servedEarly: true, countsVisit: true)
            cache.put("http /p/\(number)", page, renderedAt: cache.sequence)
        }
        #expect(cache.bytes <= 1 << 20)
        #expect(cache.get("http /p/500", visitorGeneration: 0, now: Date()) != nil, "the newest page is kept")
        #expect(cache.get("http /p/1", visitorGeneration: 0, now: Date()) == nil, "the oldest went first")
    }

    @Test func theFastPathKeepsHeadersLogAndConditionalGets() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ประกาศผลการคัดเลือกพนักงานราชการ")
            let first = try await visitor(app, item.path)
            let second = try await visitor(app, item.path)
            #expect(Self.cached(app, item.path))
            #expect(second.text == first.text)
            for name in ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "ETag", "Cache-Control"] {
                #expect(second.headers.first(name: name) == first.headers.first(name: name), "\(name)")
                #expect(second.headers.first(name: name) != nil, "\(name)")
            }
            let etag = try #require(second.headers.first(name: .eTag))
            #expect(try await visitor(app, item.path, headers: ["If-None-Match": etag]).status == .notModified)
            // The traffic log has a line for every answer, the cached ones included.
            let day = TrafficLog.day(of: clock.now())
            let path = (app.prakat.trafficLogDirectory as NSString).appendingPathComponent("\(day).jsonl")
            var lines = 0
            for _ in 0..<200 {
                lines = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").filter { $0.contains("\"path\":\"\(item.path)\"") }.count ?? 0
                if lines >= 3 { break }
                try await Task.sleep(for: .milliseconds(10))  // the log line is written just after the answer
            }
            #expect(lines >= 3)
            // Signed-in people never get the cached copy.
            let browser = Browser(app)
            try await browser.signIn(fixtures.staff.username)
            let signedIn = try await browser.request(.GET, item.path)
            #expect(signedIn.headers.first(name: .cacheControl) == "private, no-cache", "\(signedIn.headers)")
        }
    }
}
