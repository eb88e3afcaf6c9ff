import CompressNIO
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
        stored(app, path) != nil
    }

    static func stored(_ app: Application, _ path: String) -> RenderedPage? {
        app.pageCache.get("http " + path, visitorGeneration: app.visitors.snapshot.generation, now: app.clock.now())
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

    /// The home page's banners and links show on the home page only, questions on the Q&A pages
    /// only: changing either leaves item and category pages cached. The agency's profile is in
    /// every page's frame: every page goes.
    @Test func showcaseQuestionAndAgencyChangesDropThePagesThatShowThem() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish("news", title: "ข่าวการรณรงค์ล้างมือเจ็ดขั้นตอน")
            let question = try await makeQuestion(app, subject: "ฉีดวัคซีนได้ที่ไหน", state: .published, answer: "ที่โรงพยาบาลส่งเสริมสุขภาพตำบล")
            let pages = [item.path, "/c/news", "/", "/questions"]
            for path in pages { #expect(try await visitor(app, path).status == .ok, "\(path)") }
            for path in pages { #expect(Self.cached(app, path), "\(path) is cached after a visit") }

            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let link = try await webmaster.post(HomeContentRoute.create(.quickLink).path, ["title": "ร้องเรียนออนไลน์", "link": "/c/e-service"])
            #expect(link.status == .seeOther)
            #expect(!Self.cached(app, "/"))
            for path in [item.path, "/c/news", "/questions"] { #expect(Self.cached(app, path), "\(path) does not show the home page's links") }
            #expect(try await visitor(app, "/").text.contains("ร้องเรียนออนไลน์"))

            let desk = Browser(app)
            try await desk.signIn("servicedesk")
            let edited = try await desk.post(
                QuestionsRoute.update(try question.requireID()).path,
                ["subject": "ฉีดวัคซีนไข้หวัดใหญ่ได้ที่ไหน", "message": question.message, "name": "", "answer": "ที่โรงพยาบาลส่งเสริมสุขภาพตำบลทุกแห่ง"])
            #expect(edited.status == .seeOther)
            #expect(!Self.cached(app, "/questions"))
            for path in [item.path, "/c/news", "/"] { #expect(Self.cached(app, path), "\(path) does not show questions") }
            #expect(try await visitor(app, "/questions").text.contains("ฉีดวัคซีนไข้หวัดใหญ่ได้ที่ไหน"))

            let admin = Browser(app)
            try await admin.signIn("administrator")
            var profile = AgencyProfileTests.complete
            profile["nameTh"] = "สำนักงานสาธารณสุขจังหวัดที่เปลี่ยนชื่อแล้ว"
            #expect(try await AgencyProfileTests.postSetup(admin, profile).status == .seeOther)
            for path in pages { #expect(!Self.cached(app, path), "\(path) shows the agency's name") }
            for path in pages { #expect(try await visitor(app, path).text.contains("สำนักงานสาธารณสุขจังหวัดที่เปลี่ยนชื่อแล้ว"), "\(path)") }
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

    /// A change to other pages during a render does not stop the render from being kept; a change
    /// to one of its own tags, or to everything, does.
    @Test func onlyAChangeToWhatAPageShowsStopsItsRenderBeingKept() {
        let cache = PublicPageCache()
        func page(_ tags: Set<String>) -> RenderedPage {
            RenderedPage(
                body: ByteBuffer(string: "x"), contentType: "text/html", status: .ok, lastModified: Date(), validUntil: nil, etag: "\"x\"",
                tags: tags, visitorGeneration: 0, servedEarly: true, countsVisit: true)
        }
        var before = cache.sequence
        cache.invalidate([SiteTag.item(2)])
        cache.put("http /", page([SiteTag.home, SiteTag.item(1)]), renderedAt: before)
        #expect(cache.get("http /", visitorGeneration: 0, now: Date()) != nil, "item 2 is not on the page")
        before = cache.sequence
        cache.invalidate([SiteTag.home])
        cache.put("http /", page([SiteTag.home]), renderedAt: before)
        #expect(cache.get("http /", visitorGeneration: 0, now: Date()) == nil, "the home page changed while it rendered")
        before = cache.sequence
        cache.removeAll()
        cache.put("http /a", page([SiteTag.item(9)]), renderedAt: before)
        #expect(cache.get("http /a", visitorGeneration: 0, now: Date()) == nil, "everything changed")
    }

    /// Requests for a page being rendered wait for that render and are answered from it.
    @Test func aPageIsRenderedOnceForRequestsThatArriveTogether() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            _ = try await room.publish(title: "ประกาศรับสมัครอาสาสมัครสาธารณสุข")
            app.pageCache.removeAll()
            let before = app.pageCache.renderCount
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 { group.addTask { try await visitor(app, "/c/news").status } }
                for try await status in group { #expect(status == .ok) }
            }
            #expect(Self.cached(app, "/c/news"))
            // Those that came while it rendered waited for it; those after it were hits.
            #expect(app.pageCache.renderCount - before == 1)
        }
        let cache = PublicPageCache()
        #expect(cache.beginRender("k"))
        #expect(!cache.beginRender("k"))
        let waited = Task { await cache.waitForRender("k") }
        try await Task.sleep(for: .milliseconds(20))
        cache.endRender("k")
        await waited.value
        #expect(cache.beginRender("k"), "free again once the render ended")
        cache.endRender("k")
        await cache.waitForRender("nobody renders this")  // returns at once
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
            for name in ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "ETag", "Cache-Control", "Vary"] {
                #expect(second.headers.first(name: name) != nil, "\(name)")
            }
            // The cached answer carries exactly the headers the rendered one did (made with the page).
            let sorted = { (headers: HTTPHeaders) in headers.map { "\($0.name.lowercased()): \($0.value)" }.sorted() }
            #expect(sorted(second.headers) == sorted(first.headers))
            #expect(try await visitor(app, item.path, headers: ["X-Forwarded-Proto": "https"]).headers.first(name: "Strict-Transport-Security") == nil)
            // It is counted under its own route label.
            #expect(String(decoding: app.metrics.text(), as: UTF8.self).contains(#"route="\#(CachedPageResponder.metricsRoute)""#))
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

    /// §9: a cached page is compressed once, for the first client that takes gzip, and sent so
    /// to such clients from then on — through the real server, whose own compressor must not
    /// compress it again. A page only plain clients asked for is kept without a gzip copy.
    @Test func cachedPagesAreSentGzippedFromTheirCompressedCopy() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ประกาศรายชื่อผู้มีสิทธิ์สอบคัดเลือก")
            let server = try app.testing(method: .running(port: 0))
            func get(_ path: String, _ headers: HTTPHeaders) async throws -> TestingHTTPResponse {
                try await server.performTest(request: TestingHTTPRequest(method: .GET, url: URI(string: path), headers: headers, body: ByteBuffer()))
            }
            for path in [item.path, "/", "/feed.rss"] {
                let plain = try await get(path, [:])
                #expect(plain.status == .ok)
                #expect(plain.headers.first(name: .contentEncoding) == nil, "\(path) plain unless asked")
                #expect(Self.cached(app, path))
                #expect(Self.stored(app, path)?.gzipBody == nil, "\(path): no gzip copy before a client takes gzip")
                let plainBytes = app.pageCache.bytes
                for round in 1...2 {  // the page was rendered by the first request; these come from the cache
                    let zipped = try await get(path, ["Accept-Encoding": "br;q=1, gzip;q=0.8"])
                    #expect(zipped.status == .ok)
                    #expect(zipped.headers.first(name: .contentEncoding) == "gzip", "\(path) round \(round)")
                    #expect(zipped.headers.first(name: .vary) == "Accept-Encoding")
                    #expect(zipped.headers.first(name: .eTag) == plain.headers.first(name: .eTag))
                    #expect(zipped.headers.first(name: "x-vapor-response-compression") == nil)
                    var body = zipped.body
                    let unzipped = try body.decompress(with: .gzip())
                    #expect(String(buffer: unzipped) == plain.body.string, "\(path): one gzip layer, the same page")
                    // Made by the first gzip request and kept with the page (counted in the cache's bytes).
                    let kept = try #require(Self.stored(app, path)?.gzipBody)
                    #expect(kept == zipped.body)
                    #expect(app.pageCache.bytes == plainBytes + kept.readableBytes, "\(path) round \(round)")
                }
                #expect(try await get(path, ["Accept-Encoding": "gzip;q=0"]).headers.first(name: .contentEncoding) == nil)
            }
            // A page first asked for by a client that takes gzip is compressed as it is rendered.
            let first = try await get("/sitemap.xml", ["Accept-Encoding": "gzip"])
            #expect(first.headers.first(name: .contentEncoding) == "gzip")
            #expect(try #require(Self.stored(app, "/sitemap.xml")?.gzipBody) == first.body)
        }
    }
}

/// Issue 14 §5: listing by state counts and pages in the database, not in memory.
@Suite("Publishing API: items by state")
struct PublicationsByStateTests {
    @Test func eachStateListsItsOwnItems() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let live = try await room.publish(title: "ข่าวที่เผยแพร่อยู่")
            let scheduled = try await room.publish(title: "ข่าวที่ตั้งเวลาไว้", publishAt: clock.now().addingTimeInterval(86_400))
            let ending = try await room.publish("alerts", title: "ประกาศที่จะหมดอายุ", expireAt: clock.now().addingTimeInterval(3_600))
            let withdrawn = try await room.publish(title: "ข่าวที่ถอนออก")
            let desk = Browser(app)
            try await desk.signIn("webmaster")
            let form = try await desk.request(.GET, "/staff/requests/\(withdrawn.requestID.lowercased)")
            let pulled = try await desk.post(
                "/staff/requests/\(withdrawn.requestID.lowercased)/withdraw", ["version": String(try #require(form.formVersion)), "reason": "ข้อมูลไม่ถูกต้อง"])
            try #require(pulled.status == .seeOther, "withdraw: \(pulled.status)")
            clock.advance(by: 7_200)
            let webmaster = try await APIClient.signIn(app, "webmaster")
            func numbers(_ state: String) async throws -> [Int] {
                let page = try await webmaster.call(.GET, "/api/v1/publications?state=\(state)")
                return (try page.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? Int }
            }
            #expect(try await numbers("live") == [live.number])
            #expect(try await numbers("scheduled") == [scheduled.number])
            #expect(try await numbers("expired") == [ending.number])
            #expect(try await numbers("withdrawn") == [withdrawn.number])
            #expect(try await numbers("urgentLapsed") == [])
            // A page past the end is empty and still counts; the last page is not.
            for (page, shown) in [(1, 1), (2, 0), (1_000_000, 0)] {
                let json = try await webmaster.call(.GET, "/api/v1/publications?state=expired&perPage=1&page=\(page)").json()
                #expect((json["items"] as? [Any])?.count == shown && json["total"] as? Int == 1, "page \(page)")
            }
        }
    }
}

/// The agency and the categories every page's frame shows are read once per change to every
/// page, not by each page; the cache keeps them exactly as long as the pages themselves.
@Suite("Public page cache: the site's frame")
struct SiteFrameCacheTests {
    static func frame(_ name: String, _ categories: [ListedCategory] = []) -> SiteFrame {
        var agency = AgencyProfile.notConfigured
        agency.nameTh = name
        return SiteFrame(agency: agency, categories: categories)
    }

    @Test func aFrameReadAcrossAChangeToEveryPageIsNotKept() {
        let cache = PublicPageCache()
        var before = cache.sequence
        cache.invalidate(SiteChange.frame.tags)  // the agency is saved while a page reads the frame
        cache.keepFrame(Self.frame("เก่า"), readAt: before)
        #expect(cache.frame == nil)
        cache.keepFrame(Self.frame("ใหม่"), readAt: cache.sequence)
        #expect(cache.frame?.agency.nameTh == "ใหม่")
        before = cache.sequence
        cache.invalidate(SiteChange.publication(number: 1, categories: []).tags)
        cache.invalidate(SiteChange.homeShowcase.tags)
        #expect(cache.frame?.agency.nameTh == "ใหม่", "items and the home page's links are not in the frame")
        cache.keepFrame(Self.frame("อ่านระหว่างเผยแพร่"), readAt: before)
        #expect(cache.frame?.agency.nameTh == "อ่านระหว่างเผยแพร่", "a publish during the read does not stop it being kept")
        cache.invalidate(SiteChange.frame.tags)
        #expect(cache.frame == nil)
    }

    /// Saved through the app, on this instance or another, the agency's name and a category's
    /// name in the menu show at once on public pages and on the staff's; publishing keeps the frame.
    @Test func theFrameIsKeptUntilTheAgencyOrACategoryIsSaved() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            _ = try await visitor(app, "/")
            let kept = try #require(app.pageCache.frame, "the first page keeps the frame")
            #expect(kept.navigation.contains { $0.path == "/c/news" })
            _ = try await room.publish("news", title: "ข่าวที่ไม่เปลี่ยนกรอบของหน้า")
            #expect(app.pageCache.frame != nil, "an item is not in the frame")

            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let news = try #require(room.categories["news"])
            let renamed = try await webmaster.post(
                "/staff/categories/\(news.id!.lowercased)", PublishingCategoryTests.form(news, ["nameTh": "ข่าวสารของหน่วยงานที่เปลี่ยนชื่อ"]))
            #expect(renamed.status == .seeOther)
            #expect(app.pageCache.frame == nil)
            #expect(try await visitor(app, "/c/alerts").text.contains("ข่าวสารของหน่วยงานที่เปลี่ยนชื่อ"))
            #expect(try await webmaster.request(.GET, "/staff/categories").text.contains("ข่าวสารของหน่วยงานที่เปลี่ยนชื่อ"))

            // Another instance behind the same database saves the agency.
            try await app.siteVersion.pollRemote(app.db)  // the first look only notes where the log stands
            _ = try await visitor(app, "/c/alerts?again")
            #expect(app.pageCache.frame != nil)
            try await Agency.query(on: app.db).set(\.$nameTh, to: "สำนักงานที่อีกเครื่องเปลี่ยนชื่อ").update()
            let row = SiteChangeRow()
            row.instance = "another-instance"
            row.tags = SiteChange.frame.encoded
            row.at = clock.now()
            try await row.create(on: app.db)
            try await app.siteVersion.pollRemote(app.db)
            #expect(app.pageCache.frame == nil)
            #expect(try await visitor(app, "/c/alerts?after-the-change").text.contains("สำนักงานที่อีกเครื่องเปลี่ยนชื่อ"))
        }
    }
}

/// Issue 14 §3: a listing's "next" link carries where the next page starts.
@Suite("Public listings: keyset paging")
struct ListingKeysetTests {
    static func itemPaths(_ html: String) -> [String] {
        html.matches(of: #/class="item-title" href="(/p/\d+)"|href="(/p/\d+)" class="item-title"/#).map { String($0.output.1 ?? $0.output.2 ?? "") }
    }

    @Test func followingNextGivesTheSamePageAsItsNumber() async throws {
        try await withPrakat { app, _, _ in
            _ = try await installDefaultCategories(app)
            _ = try await BulkItems(app: app, seed: 11).generate(count: 400, attachments: false) { _ in }
            var best: (String, Int)?
            for category in try await SiteCategory.query(on: app.db).all() where category.parentID == nil {
                let html = try await visitor(app, "/c/\(category.slug)").text
                let pages = Int(html.firstMatch(of: #/หน้า 1 จาก (\d+)/#)?.output.1 ?? "1") ?? 1
                if pages > (best?.1 ?? 1) { best = (category.slug, pages) }
            }
            let (slug, pages) = try #require(best, "a category with more than one page")
            #expect(pages >= 2)
            var html = try await visitor(app, "/c/\(slug)").text
            for page in 2...min(pages, 4) {
                let next = try #require(html.firstMatch(of: #/href="([^"]+)" rel="next"/#)?.output.1, "page \(page - 1) links to the next")
                let link = String(next).replacingOccurrences(of: "&amp;", with: "&")
                #expect(link.contains("page=\(page)&after="))
                let byCursor = try await visitor(app, link).text
                let byNumber = try await visitor(app, "/c/\(slug)?page=\(page)").text
                #expect(!Self.itemPaths(byCursor).isEmpty)
                #expect(Self.itemPaths(byCursor) == Self.itemPaths(byNumber), "page \(page)")
                html = byCursor
            }
            // A cursor nobody could have made is ignored, not an error.
            #expect(try await visitor(app, "/c/\(slug)?page=2&after=nan_x").status == .ok)
        }
    }

    /// The cursor's time bounds the publish time only below `now`: one made up in the future
    /// shows what is live after it, never an item that is not published yet.
    @Test func aCursorInTheFutureShowsNoScheduledItem() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let live = try await room.publish("news", title: "ข่าวที่เผยแพร่แล้วสำหรับตัวชี้ตำแหน่ง")
            let scheduled = try await room.publish("news", title: "ข่าวที่ตั้งเวลาเผยแพร่ไว้ล่วงหน้า", publishAt: clock.now().addingTimeInterval(3 * 86_400))
            let future = clock.now().addingTimeInterval(30 * 86_400).timeIntervalSince1970
            let shown = Self.itemPaths(try await visitor(app, "/c/news?page=2&after=\(future)_999999").text)
            #expect(shown.contains(live.path))
            #expect(!shown.contains(scheduled.path))
            // The same millisecond as an item: only the numbers below the cursor's follow it.
            let publication = try #require(try await Publication.find(live.publicationID, on: app.db))
            let atLive = "after=\(publication.publishAt.timeIntervalSince1970)_"
            #expect(Self.itemPaths(try await visitor(app, "/c/news?page=2&\(atLive)\(live.number + 1)").text).contains(live.path))
            #expect(!Self.itemPaths(try await visitor(app, "/c/news?page=2&\(atLive)\(live.number)").text).contains(live.path))
        }
    }
}

@Suite("Cached pages: the request's path and query read once")
struct RequestTargetTests {
    @Test(
        arguments: [
            ("/p/12", "/p/12", nil),
            ("/search?q=%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7&page=2", "/search", "q=%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7&page=2"),
            ("/c/news?", "/c/news", ""),
            ("/a;b/c?x=1?y", "/a;b/c", "x=1?y"),
            ("/p/1#top", "/p/1", nil),
            ("http://example.go.th/p/3?x=1", "/p/3", "x=1")
        ] as [(String, String, String?)])
    func splitsLikeVaporsURI(raw: String, path: String, query: String?) {
        let url = URI(string: raw)
        let target = RequestTarget(url)
        #expect(target.string == url.string)
        #expect(target.path == url.path)
        #expect(target.query == url.query)
        #expect(target.path == path)
        #expect(target.query == query)
    }
}

/// Every page of a category shows its count; the count is kept like a page: until a change to one
/// of the category's listings, or the next moment an item of the listing starts or ends.
@Suite("Listing counts: kept for every page of a category, dropped exactly")
struct ListingCountTests {
    static func total(_ html: String) -> Int? {
        html.firstMatch(of: #/หน้า \d+ จาก \d+ \(([\d,]+) รายการ\)/#).flatMap { Int($0.output.1.replacingOccurrences(of: ",", with: "")) }
    }

    /// 400 generated items; the top-level category that lists most of them, and how many.
    static func largestCategory(_ app: Application, seed: UInt64, items: Int = 400) async throws -> (SiteCategory, Int) {
        _ = try await installDefaultCategories(app)
        _ = try await BulkItems(app: app, seed: seed).generate(count: items, attachments: false) { _ in }
        var best: (SiteCategory, Int)?
        for category in try await SiteCategory.query(on: app.db).all() where category.parentID == nil {
            let total = Self.total(try await visitor(app, "/c/\(category.slug)").text) ?? 0
            if total > (best?.1 ?? 0) { best = (category, total) }
        }
        return try #require(best, "a category with more than one page")
    }

    @Test func aCountIsKeptUntilItsListingChangesOrTimeMovesPastIt() async throws {
        try await withPrakat { app, _, clock in
            let (category, before) = try await Self.largestCategory(app, seed: 11)
            let path = "/c/\(category.slug)"
            func shown(_ variant: Int) async throws -> Int? { Self.total(try await visitor(app, "\(path)?v=\(variant)").text) }
            // Items withdrawn behind the cache's back (no change recorded): other pages of the
            // category still show the count kept, so none of them counted again.
            let children = try await SiteCategory.query(on: app.db).filter(\.$parentID == category.requireID()).all()
            let ids = try [category.requireID()] + children.map { try $0.requireID() }
            let listed = try await PublicItems(db: app.db, now: clock.now()).live().filter(\.$categoryID ~~ ids).limit(3).all()
            try #require(listed.count == 3)
            func withdraw(_ item: Publication) async throws {
                try await Publication.query(on: app.db).filter(\.$number == item.number).set(\.$withdrawnAt, to: clock.now()).update()
            }
            try await withdraw(listed[0])
            #expect(try await shown(1) == before)
            // A change to another category's listing leaves the count.
            let other = try #require(try await SiteCategory.query(on: app.db).filter(\.$id !~ ids).first())
            app.pageCache.invalidate([SiteTag.list(try other.requireID())])
            #expect(try await shown(2) == before)
            // A change to the withdrawn item's listing counts again.
            app.pageCache.invalidate([SiteTag.list(listed[0].categoryID)])
            #expect(try await shown(3) == before - 1)
            // Kept until the next moment an item of the listing starts or ends, and not a moment
            // longer: then the category of that item is counted again (the others' items have no
            // moment yet, and their counts stand).
            let moments = try await PublicItems(db: app.db, now: clock.now()).nextChanges(in: ids)
            let (changing, next) = try #require(moments.min { $0.value < $1.value }, "generated items end in the future")
            let others = try await PublicItems(db: app.db, now: clock.now()).live().filter(\.$categoryID == changing).all()
                .filter { $0.publishAt != next && $0.expireAt != next }
            try #require(others.count >= 2)
            try await withdraw(others[0])
            try await withdraw(others[1])
            clock.set(next.addingTimeInterval(-0.001))
            #expect(try await shown(4) == before - 1, "still kept just before")
            clock.set(next)
            let recounted = try await shown(5)
            app.pageCache.invalidate([SiteTag.everything])
            let truth = try await shown(6)
            #expect(recounted == truth)
            #expect(recounted != before - 1, "two more items withdrawn, at most one item started or ended")
        }
    }

    /// A change to every page's frame (the agency's profile, a category's name) renders every page
    /// again but keeps what the listings hold: the next deep page does not count its listing from
    /// nothing. A change to items in every category (`prakat generate`) counts again.
    @Test func theAgencyOrACategoryChangedKeepsTheCounts() async throws {
        try await withPrakat { app, _, clock in
            let (category, before) = try await Self.largestCategory(app, seed: 14)
            let path = "/c/\(category.slug)"
            let ids = try await ListingTreeTests.subtree(app, category)
            // Withdrawn behind the cache's back: a count made again shows it.
            let item = try #require(try await PublicItems(db: app.db, now: clock.now()).live().filter(\.$categoryID ~~ ids).first())
            try await Publication.query(on: app.db).filter(\.$number == item.number).set(\.$withdrawnAt, to: clock.now()).update()
            let admin = Browser(app)
            try await admin.signIn("administrator")
            var profile = AgencyProfileTests.complete
            profile["nameTh"] = "สำนักงานสาธารณสุขจังหวัดที่เปลี่ยนชื่อแล้ว"
            #expect(try await AgencyProfileTests.postSetup(admin, profile).status == .seeOther)
            #expect(!PublicPageCacheTests.cached(app, path))
            let page = try await visitor(app, path).text
            #expect(page.contains("สำนักงานสาธารณสุขจังหวัดที่เปลี่ยนชื่อแล้ว"))
            #expect(Self.total(page) == before, "the count is kept")

            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let renamed = try await webmaster.post(
                PublishingRoute.categoryUpdate(try category.requireID()).path,
                ["nameTh": "หมวดที่เปลี่ยนชื่อแล้ว", "position": String(category.position), "expiredPolicy": category.expiredPolicyRaw, "parentId": ""])
            #expect(renamed.status == .seeOther)
            #expect(!PublicPageCacheTests.cached(app, path))
            let renamedPage = try await visitor(app, path).text
            #expect(renamedPage.contains("หมวดที่เปลี่ยนชื่อแล้ว"))
            #expect(Self.total(renamedPage) == before, "the count is kept")

            app.pageCache.invalidate(SiteChange.everything.tags)
            #expect(Self.total(try await visitor(app, "\(path)?v=1").text) == before - 1)
        }
    }

    /// An item of another category ending leaves a listing's cached pages and its count as they
    /// are; the listing's own next moment drops them, as the site's next moment did before.
    @Test func aListingLapsesAtItsOwnItemsMomentsOnly() async throws {
        try await withPrakat { app, _, clock in
            let (category, before) = try await Self.largestCategory(app, seed: 13)
            let path = "/c/\(category.slug)"
            let ids = try await ListingTreeTests.subtree(app, category)
            let start = clock.now()
            let items = PublicItems(db: app.db, now: start)
            let generated = try await items.nextChanges(in: ids).values.min() ?? .distantFuture
            try #require(generated > start.addingTimeInterval(600), "room for two moments first")
            // An item elsewhere ends in a minute (the site's next moment), one of the listing's in five.
            let elsewhere = try #require(try await items.live().filter(\.$categoryID !~ ids).first())
            let first = try #require(try await items.live().filter(\.$categoryID ~~ ids).sort(\.$number).first())
            let ending = try await items.live().filter(\.$categoryID == first.categoryID).sort(\.$number).limit(2).all()
            try #require(ending.count == 2)
            let (end, own) = (start.addingTimeInterval(60), start.addingTimeInterval(300))
            // As an edit of their periods would: the new moments, and their listings dropped.
            for (item, at) in [(elsewhere, end), (ending[0], own)] {
                try await Publication.query(on: app.db).filter(\.$number == item.number).set(\.$expireAt, to: at).update()
                app.pageCache.invalidate(SiteChange.publication(number: item.number, categories: [item.categoryID]).tags)
            }
            #expect(try await items.nextChange() == end)
            #expect(try await items.nextChanges(in: ids).values.min() == own)
            #expect(Self.total(try await visitor(app, path).text) == before)
            #expect(Self.total(try await visitor(app, "\(path)?page=2").text) == before)
            let categoryFeed = PublicRoute.feed(category.slug, .rss).path
            let siteFeed = PublicRoute.feed(nil, .rss).path
            for feed in [categoryFeed, siteFeed] { #expect(try await visitor(app, feed).status == .ok) }
            #expect(PublicPageCacheTests.cached(app, path) && PublicPageCacheTests.cached(app, categoryFeed) && PublicPageCacheTests.cached(app, siteFeed))
            // Another item of that category withdrawn behind the cache's back shows whether it counted again.
            try await Publication.query(on: app.db).filter(\.$number == ending[1].number).set(\.$withdrawnAt, to: start).update()
            clock.set(end)
            #expect(PublicPageCacheTests.cached(app, path), "the page outlives another category's moment")
            #expect(PublicPageCacheTests.cached(app, categoryFeed), "so does the category's feed")
            #expect(!PublicPageCacheTests.cached(app, siteFeed), "the site's feed lists every category: it lapses")
            #expect(Self.total(try await visitor(app, "\(path)?page=3").text) == before, "the count is kept")
            // At the listing's own moment its pages go and the count is made again.
            clock.set(own.addingTimeInterval(-0.001))
            #expect(PublicPageCacheTests.cached(app, path))
            clock.set(own)
            #expect(!PublicPageCacheTests.cached(app, path) && !PublicPageCacheTests.cached(app, categoryFeed))
            #expect(Self.total(try await visitor(app, "\(path)?page=4").text) == before - 2, "one withdrawn, one ended")
        }
    }

    /// `?page=N` without a cursor starts where page N started when it or the page before it was
    /// rendered since the listing last changed, instead of stepping over (N - 1) × 20 entries.
    @Test func aPageStartsWhereItStartedUntilItsListingChanges() async throws {
        try await withPrakat { app, _, clock in
            let (category, total) = try await Self.largestCategory(app, seed: 12)
            try #require(total > 100, "five full pages")
            let path = "/c/\(category.slug)"
            func items(_ query: String) async throws -> [String] { ListingKeysetTests.itemPaths(try await visitor(app, "\(path)?\(query)").text) }
            let page3 = try await items("page=3")
            let page4 = try await items("page=4&v=0")
            #expect(page3.count == 20 && page4.count == 20)
            // The newest item leaves behind the cache's back: counted from the top, every page
            // would move up by one; started where they started, they do not.
            let newest = try #require(try await items("v=0").first.flatMap { Int($0.dropFirst(3)) })
            try await Publication.query(on: app.db).filter(\.$number == newest).set(\.$withdrawnAt, to: clock.now()).update()
            #expect(try await items("page=3&v=1") == page3)
            #expect(try await items("page=4&v=1") == page4)
            // A cursor made up in a URL is followed for that page but never kept for others.
            let made = "after=\(clock.now().addingTimeInterval(-400 * 86_400).timeIntervalSince1970)_999999"
            _ = try await items("page=5&\(made)")
            let page6 = try await items("page=6&v=1")
            // The listing changes: pages are counted from the top again, and show the change.
            let everyList = try await SiteCategory.query(on: app.db).all().map { SiteTag.list(try $0.requireID()) }
            app.pageCache.invalidate(Set(everyList))
            #expect(try await items("page=3&v=2") == Array(page3.dropFirst()) + [page4[0]])
            #expect(try await items("page=6&v=2") == page6, "page 6 was counted from the top, not started after the made-up cursor's page")
        }
    }

    /// The API's listing of every live item (or one category's) keeps its count the same way.
    @Test func theAPIsCountIsKeptUntilAPublishOrTheNextChangeInTime() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let first = try await room.publish("news", title: "ข่าวแรกของการทดสอบจำนวน")
            let second = try await room.publish("news", title: "ข่าวที่สองของการทดสอบจำนวน")
            _ = try await room.publish("alerts", title: "ประกาศที่จะครบกำหนด", expireAt: clock.now().addingTimeInterval(3 * 86_400))
            func total(_ query: String = "") async throws -> Int? {
                try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?perPage=1\(query)").json()["total"] as? Int
            }
            let news = "&categoryId=\(room.categoryID("news"))"
            #expect(try await total() == 3)
            #expect(try await total(news) == 2)
            // Both news items withdrawn behind the cache's back: the kept counts stand…
            for item in [first, second] {
                try await Publication.query(on: app.db).filter(\.$number == item.number).set(\.$withdrawnAt, to: clock.now()).update()
            }
            #expect(try await total() == 3)
            #expect(try await total(news) == 2)
            // …a publish in alerts drops the count of all items, not the news count…
            _ = try await room.publish("alerts", title: "ประกาศฉบับที่สอง")
            #expect(try await total() == 2)
            #expect(try await total(news) == 2)
            // …a publish in news drops that one.
            _ = try await room.publish("news", title: "ข่าวที่สามของการทดสอบจำนวน")
            #expect(try await total(news) == 1)
            #expect(try await total() == 3)
            // The first alert's period ends: counted again at that moment, with no change recorded.
            clock.advance(by: 3 * 86_400)
            #expect(try await total() == 2)
            // A category nobody made takes no place among the kept counts.
            func kept(_ id: UUID) -> Int? { KeptListing(app.pageCache, archive: false, ids: [id], tags: [], now: clock.now()).total }
            let madeUp = UUID()
            #expect(try await total("&categoryId=\(madeUp)") == 0)
            #expect(kept(madeUp) == nil)
            #expect(try await total(news) == 1)
            #expect(kept(try #require(UUID(uuidString: room.categoryID("news")))) == 1, "a real category's is kept")
        }
    }

    /// The whole site's next change (when an item starts or ends: home, search and the sitemap are
    /// true until then) is kept between changes: a change behind the cache's back is not seen, a
    /// publish or the moment passing is; a search page's validity follows it.
    @Test func theSitesNextChangeIsKeptUntilAnItemChangesOrItPasses() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let start = clock.now()
            let ending = try await room.publish("alerts", title: "ประกาศที่จะครบกำหนดเร็ว", expireAt: start.addingTimeInterval(3 * 86_400))
            _ = try await room.publish("alerts", title: "ประกาศที่จะครบกำหนดช้า", expireAt: start.addingTimeInterval(5 * 86_400))
            func kept() async throws -> Date? {
                try await PublicItems(db: app.db, now: clock.now()).nextChange(keptIn: app.pageCache)
            }
            func asked() async throws -> Date? { try await PublicItems(db: app.db, now: clock.now()).nextChange() }
            let first = try #require(try await kept())
            #expect(abs(first.timeIntervalSince(start.addingTimeInterval(3 * 86_400))) < 1)
            // Ended behind the cache's back: the kept moment stands…
            try await Publication.query(on: app.db).filter(\.$number == ending.number).set(\.$expireAt, to: start.addingTimeInterval(86_400)).update()
            #expect(try await kept() == first)
            #expect(try await asked() != first)
            // …a publish drops it…
            _ = try await room.publish("news", title: "ข่าวที่ทำให้เวลาถัดไปถูกอ่านใหม่")
            #expect(try await kept() == (try await asked()))
            #expect(abs((try await kept() ?? first).timeIntervalSince(start.addingTimeInterval(86_400))) < 1)
            // …and so does its moment passing: the next one is read then, with no change recorded.
            try await Publication.query(on: app.db).filter(\.$number == ending.number).set(\.$expireAt, to: start.addingTimeInterval(2 * 86_400)).update()
            clock.advance(by: 86_400 + 1)
            let next = try #require(try await kept())
            #expect(abs(next.timeIntervalSince(start.addingTimeInterval(2 * 86_400))) < 1)
            // The search page is cached until that moment.
            let search = "/search?q=" + ("ประกาศ".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            #expect(try await app.sendRequest(.GET, search).status == .ok)
            #expect(PublicPageCacheTests.stored(app, search)?.validUntil == next)
            // A moment read across a change is not kept.
            let before = app.pageCache.sequence
            app.pageCache.invalidate([SiteTag.home])
            app.pageCache.keepMoment("test", clock.now(), tags: [SiteTag.home], readAt: clock.now(), renderedAt: before)
            #expect(app.pageCache.keptMoment("test", now: clock.now()) == nil)
        }
    }

    @Test func aCountThatRacesAChangeIsNotKept() {
        let cache = PublicPageCache()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let tags: Set = [SiteTag.list(UUID())]
        let before = cache.sequence
        cache.invalidate(tags)  // a publish commits while the count runs
        cache.keepListingCount("live a", 41, tags: tags, countedAt: now, validUntil: nil, renderedAt: before)
        #expect(cache.listingCount("live a", now: now) == nil)
        cache.invalidate([SiteTag.list(UUID())])  // another category's change does not matter
        let after = cache.sequence
        cache.invalidate([SiteTag.item(7), SiteTag.home])
        cache.keepListingCount("live a", 42, tags: tags, countedAt: now, validUntil: now.addingTimeInterval(60), renderedAt: after)
        #expect(cache.listingCount("live a", now: now) == 42)
        #expect(cache.listingCount("live a", now: now.addingTimeInterval(-1)) == nil, "counted later than asked")
        #expect(cache.listingCount("live a", now: now.addingTimeInterval(60)) == nil, "past its validity")
        cache.keepListingCount("live a", 42, tags: tags, countedAt: now, validUntil: nil, renderedAt: cache.sequence)
        cache.invalidate([SiteTag.everything])
        #expect(cache.listingCount("live a", now: now) == nil)
    }
}

/// A category with categories below it is one listing: its pages read by offset merge each
/// category's walk of the listing index, and its count adds up its categories' own kept counts.
@Suite("Listings of a category tree: merged pages, counts per category")
struct ListingTreeTests {
    /// The live items of the largest top-level category's subtree, as Fluent sorts them.
    static func expected(_ app: Application, _ ids: [UUID], now: Date, range: Range<Int>) async throws -> [Int] {
        try await PublicItems(db: app.db, now: now).live().filter(\.$categoryID ~~ ids)
            .sort(\.$publishAt, .descending).sort(\.$number, .descending).range(range).all().map(\.number)
    }

    static func subtree(_ app: Application, _ category: SiteCategory) async throws -> [UUID] {
        let all = try await ListedCategory.all(on: app.db)
        let root = try #require(all.first { $0.id == category.id })
        return PublicSiteRoutes.subtree(root, in: all)
    }

    @Test func mergedPagesAreTheSortedListingsPages() async throws {
        try await withPrakat { app, _, clock in
            // Enough items that pages past the 10th (entry 200 on) are read by merging.
            let (category, generated) = try await ListingCountTests.largestCategory(app, seed: 21, items: 900)
            let ids = try await Self.subtree(app, category)
            try #require(ids.count > 1 && generated > PublicItems.mergeFromEntry + 60, "a category with categories below it, three pages past entry 200")
            // Items of different categories published in the same millisecond: the number decides.
            let tied = try await PublicItems(db: app.db, now: clock.now()).live().filter(\.$categoryID ~~ ids).sort(\.$publishAt, .descending).range(25..<31).all()
            for item in tied { try await Publication.query(on: app.db).filter(\.$number == item.number).set(\.$publishAt, to: tied[0].publishAt).update() }
            // Items that are not live stay out: one withdrawn, one not yet started.
            try await Publication.query(on: app.db).filter(\.$number == tied[1].number).set(\.$withdrawnAt, to: clock.now()).update()
            try await Publication.query(on: app.db).filter(\.$number == tied[2].number).set(\.$publishAt, to: clock.now().addingTimeInterval(3_600)).update()
            let items = PublicItems(db: app.db, now: clock.now())
            let total = try await items.live().filter(\.$categoryID ~~ ids).count()
            for range in [0..<20, 19..<40, 20..<40, 39..<60, 219..<240, (total - 25)..<(total + 5), (total + 20)..<(total + 40)] {
                let truth = try await Self.expected(app, ids, now: clock.now(), range: range)
                #expect(try await items.liveRows(in: ids, range: range, mergeFrom: 0).map(\.number) == truth, "entries \(range), merged")
                #expect(try await items.liveRows(in: ids, range: range).map(\.number) == truth, "entries \(range)")
            }
            // The pages a visitor asks for by number, with nothing kept: the same items.
            app.pageCache.invalidate([SiteTag.everything])
            for page in [2, 3, 11, 12, 13, (total + 19) / 20] {
                app.pageCache.invalidate(Set(ids.map(SiteTag.list)))
                let shown = ListingKeysetTests.itemPaths(try await visitor(app, "/c/\(category.slug)?page=\(page)").text)
                let truth = try await Self.expected(app, ids, now: clock.now(), range: ((page - 1) * 20)..<(page * 20)).map { "/p/\($0)" }
                #expect(shown == truth, "page \(page)")
            }
        }
    }

    /// Pages past the end are empty whether or not the count is kept (kept, no entry is read).
    @Test func pagesPastTheEndAreEmpty() async throws {
        try await withPrakat { app, _, clock in
            let (category, total) = try await ListingCountTests.largestCategory(app, seed: 23)
            let ids = try await Self.subtree(app, category)
            let pages = (total + 19) / 20
            let last = try await Self.expected(app, ids, now: clock.now(), range: ((pages - 1) * 20)..<total).map { "/p/\($0)" }
            for variant in 0..<2 {  // the first render counts, the second finds the count kept
                func shown(_ page: Int) async throws -> (items: [String], total: Int?) {
                    let html = try await visitor(app, "/c/\(category.slug)?page=\(page)&v=\(variant)").text
                    return (ListingKeysetTests.itemPaths(html), ListingCountTests.total(html))
                }
                if variant == 0 { app.pageCache.invalidate(Set(ids.map(SiteTag.list))) }
                for page in [pages + 1, pages + 2, 100_000] {
                    let past = try await shown(page)
                    #expect(past.items.isEmpty && past.total == total, "page \(page), render \(variant)")
                }
                #expect(try await shown(pages).items == last, "the last page, render \(variant)")
            }
            let api = APIClient.anonymous(app)
            let everything = try await PublicItems(db: app.db, now: clock.now()).live().count()
            for page in [(everything + 99) / 100 + 1, 1_000_000] {
                let json = try await api.call(.GET, "/api/v1/publications?perPage=100&page=\(page)").json()
                #expect((json["items"] as? [Any])?.isEmpty == true && json["total"] as? Int == everything, "API page \(page)")
            }
            let lastOfAPI = try await api.call(.GET, "/api/v1/publications?perPage=100&page=\((everything + 99) / 100)").json()
            #expect((lastOfAPI["items"] as? [Any])?.count == (everything - 1) % 100 + 1)
        }
    }

    @Test func aListingCountsOnlyTheCategoriesThatChanged() async throws {
        try await withPrakat { app, _, clock in
            let (category, before) = try await ListingCountTests.largestCategory(app, seed: 22)
            let ids = try await Self.subtree(app, category)
            let items = PublicItems(db: app.db, now: clock.now())
            // Counted per category in one statement: a category with none, a made-up one and a repeat are 0, 0 and once.
            let madeUp = UUID()
            let counts = try await items.liveCounts(in: ids + [madeUp, ids[0]])
            #expect(counts.count == ids.count + 1 && counts[madeUp] == 0)
            for id in ids { #expect(counts[id] == (try await items.live().filter(\.$categoryID == id).count())) }
            #expect(counts.values.reduce(0, +) == before)
            // Two categories of the tree each lose an item behind the cache's back.
            let path = "/c/\(category.slug)"
            func shown(_ variant: Int) async throws -> Int? { ListingCountTests.total(try await visitor(app, "\(path)?v=\(variant)").text) }
            #expect(try await shown(0) == before)
            let changed = try #require(ids.first { (counts[$0] ?? 0) > 0 })
            let untouched = try #require(ids.first { $0 != changed && (counts[$0] ?? 0) > 0 })
            for id in [changed, untouched] {
                let item = try #require(try await items.live().filter(\.$categoryID == id).first())
                try await Publication.query(on: app.db).filter(\.$number == item.number).set(\.$withdrawnAt, to: clock.now()).update()
            }
            // A change recorded for one of them: the listing counts that category again, and
            // adds the other's kept count (which does not know of its withdrawal yet).
            app.pageCache.invalidate([SiteTag.list(changed)])
            #expect(try await shown(1) == before - 1)
            func kept(_ id: UUID) -> Int? { KeptListing(app.pageCache, archive: false, ids: [id], tags: [], now: clock.now()).total }
            #expect(kept(changed) == (counts[changed] ?? 0) - 1)
            #expect(kept(untouched) == counts[untouched])
            // The API's count of that category is the same kept entry: it does not know of the withdrawal either.
            let api = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?perPage=1&categoryId=\(untouched)").json()
            #expect(api["total"] as? Int == counts[untouched])
            app.pageCache.invalidate([SiteTag.list(untouched)])
            #expect(try await shown(2) == before - 2)
        }
    }
}
