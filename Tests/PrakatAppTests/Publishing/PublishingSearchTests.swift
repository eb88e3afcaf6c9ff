import Fluent
import Foundation
import PrakatCore
import SQLKit
import Testing
import VaporTesting

@testable import PrakatApp

/// Thai is written without spaces between words: search must find `ชลบุรี` inside
/// `สำนักงานสาธารณสุขจังหวัดชลบุรี` and rank title hits first (issue 3 §6).
@Suite("Publishing: Thai-aware search")
struct PublishingSearchTests {
    struct Items {
        var titleHit: Newsroom.Published
        var bodyHit: Newsroom.Published
        var neither: Newsroom.Published
        var fileHit: Newsroom.Published
    }

    /// The title hit is published first, so newest-first alone would put it last.
    static func publish(_ room: Newsroom) async throws -> Items {
        let titleHit = try await room.publish(
            title: "ผลการดำเนินงานควบคุมโรคไข้เลือดออกจังหวัดชลบุรี",
            details: "สรุปผลการดำเนินงานประจำไตรมาส")
        room.clock.advance(by: 3600)
        let bodyHit = try await room.publish(
            title: "ประชุมคณะกรรมการพัฒนาคุณภาพบริการ",
            details: "สำนักงานสาธารณสุขจังหวัดชลบุรีจัดประชุมคณะกรรมการ ณ ห้องประชุมชั้น ๓")
        room.clock.advance(by: 3600)
        let neither = try await room.publish(
            title: "ประชุมเชิงปฏิบัติการจังหวัดระยอง",
            details: "สำนักงานสาธารณสุขจังหวัดระยองจัดประชุม")
        room.clock.advance(by: 3600)
        let fileHit = try await room.publish(
            title: "แผนปฏิบัติราชการ ประจำปีงบประมาณ ๒๕๖๙", details: "รายละเอียดตามไฟล์แนบ",
            attachment: ("แผนงานความร่วมมือสระแก้ว.pdf", TestFiles.pdf("แผน")))
        return Items(titleHit: titleHit, bodyHit: bodyHit, neither: neither, fileHit: fileHit)
    }

    static func position(of item: Newsroom.Published, in html: String) -> String.Index? {
        html.range(of: #"href="\#(item.path)""#)?.lowerBound
    }

    @Test func aWordInsideACompoundIsFoundAndTitleHitsRankFirst() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let items = try await Self.publish(room)
            let html = try await visitor(app, "/search?q=\(percentEncoded("ชลบุรี"))").text
            let title = try #require(Self.position(of: items.titleHit, in: html), "the title hit is found")
            let body = try #require(Self.position(of: items.bodyHit, in: html), "the body hit is found inside สำนักงานสาธารณสุขจังหวัดชลบุรี")
            #expect(title < body, "title hits rank above body hits")
            #expect(Self.position(of: items.neither, in: html) == nil)
            #expect(html.contains("พบ 2 รายการ"))
            #expect(!html.contains(PublishingText.searchLimitHint(PublicationSearch.candidateLimit)))

            let api = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?q=\(percentEncoded("ชลบุรี"))")
            let ids = (try api.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [items.titleHit.publicationID.uuidString, items.bodyHit.publicationID.uuidString])
            #expect(try api.json()["total"] as? Int == 2)
        }
    }

    @Test func everyWordOfAQueryMustMatchSomewhere() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let items = try await Self.publish(room)
            let html = try await visitor(app, "/search?q=\(percentEncoded("ชลบุรี ประชุม"))").text
            #expect(Self.position(of: items.bodyHit, in: html) != nil)
            #expect(Self.position(of: items.titleHit, in: html) == nil)
            #expect(Self.position(of: items.neither, in: html) == nil)
        }
    }

    @Test func attachmentNamesAreSearchable() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let items = try await Self.publish(room)
            let html = try await visitor(app, "/search?q=\(percentEncoded("สระแก้ว"))").text
            #expect(Self.position(of: items.fileHit, in: html) != nil)
            #expect(Self.position(of: items.titleHit, in: html) == nil)
        }
    }

    @Test func searchIgnoresCaseZeroWidthSpacesAndLikeWildcards() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "รายงาน COVID-19 สัปดาห์ที่ ๖", details: "ข้อมูลผู้ป่วยสะสม")
            for query in ["covid", "ผู้\u{200B}ป่วย", "COVID-19"] {
                let html = try await visitor(app, "/search?q=\(percentEncoded(query))").text
                #expect(Self.position(of: item, in: html) != nil, "\(query)")
            }
            let wildcard = try await visitor(app, "/search?q=\(percentEncoded("%"))").text
            #expect(Self.position(of: item, in: wildcard) == nil, "% is not a wildcard")
        }
    }
}

/// Issue 14 §4: the trigram index keeps what search did before it.
@Suite("Publishing: indexed search")
struct IndexedSearchTests {
    /// The byte-level substring test (the link checker's) says what `String.contains` says on
    /// normalised Thai text.
    @Test func byteSearchFindsTermsAsContainsDoes() {
        let title = PublicationSearch.normalise("ประกาศสำนักงานสาธารณสุขจังหวัดชลบุรี เรื่อง รับสมัคร ABC")
        for term in ["ชลบุรี", "ประกาศ", "abc", "สมัคร", "ชลบุรีx", "", "ี", "จังหวัดชลบุรี เรื่อง", String(repeating: "ก", count: 300)] {
            #expect(ByteSearch.contains(title, term) == (term.isEmpty || title.contains(term)), "\(term)")
        }
    }

    /// A title starting with a term ranks above a title holding it, which ranks above a hit
    /// elsewhere; each term adds its weight; ties go to the newest.
    @Test func titleHitsRankByWhereTheTermStands() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            var published: [String: Newsroom.Published] = [:]
            for (name, title, details) in [
                ("older body", "รายงานประจำเดือน", "ผลการตรวจวัดคุณภาพน้ำบริโภค"), ("holds", "รายงานผลคุณภาพน้ำบริโภค", "รายละเอียด"),
                ("starts", "คุณภาพน้ำบริโภคในโรงเรียน", "รายละเอียด"), ("both terms", "รายงานคุณภาพน้ำบริโภคตำบลบางพระ", "รายละเอียด"),
                ("newer body", "ข่าวประชาสัมพันธ์", "ตรวจคุณภาพน้ำบริโภคที่ตำบลบางพระ")
            ] {
                published[name] = try await room.publish(title: title, details: details)
                clock.advance(by: 60)
            }
            func order(_ query: String) async throws -> [String] {
                let api = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?q=\(percentEncoded(query))")
                let ids = (try api.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                return ids.map { id in published.first { $0.value.publicationID.uuidString == id }?.key ?? id }
            }
            #expect(try await order("คุณภาพน้ำบริโภค") == ["starts", "both terms", "holds", "newer body", "older body"])
            // 100 + 100 for both terms in the title beats 150 + 10.
            #expect(try await order("คุณภาพน้ำบริโภค บางพระ") == ["both terms", "newer body"])
        }
    }

    /// The newest 1,000 matches the public may read are ranked and counted: thousands of newer
    /// matches that are withdrawn do not hide an older live one, and do not count.
    @Test func unreadableMatchesDoNotCrowdOutReadableOnes() async throws {
        try await withPrakat { app, _, clock in
            // More than twice the limit: an over-fetch of the newest matches would not find it either.
            let count = 2 * PublicationSearch.candidateLimit + 1
            _ = try await BulkItems(app: app, seed: 11).generate(count: count, attachments: false) { _ in }
            let sql = try #require(app.db as? any SQLDatabase)
            let word = PublicationSearch.normalise("ตะเกียงเจ้าพายุ")
            let past = clock.now().addingTimeInterval(-86_400)
            // Every item holds the word. While all may be read, the page says the count reached the
            // limit ("at least", grouped) and how to narrow it.
            try await sql.raw("UPDATE publications SET search_title = search_title || \(bind: " " + word)").run()
            let everyone = try await visitor(app, "/search?q=\(percentEncoded("ตะเกียงเจ้าพายุ"))").text
            #expect(everyone.contains("พบอย่างน้อย 1,000 รายการสำหรับ"))
            #expect(everyone.contains(PublishingText.searchLimitHint(PublicationSearch.candidateLimit)))
            // Then all but the oldest are withdrawn, and the oldest is live.
            try await sql.raw("UPDATE publications SET withdrawn_at = \(bind: past)").run()
            try await sql.raw(
                """
                UPDATE publications SET withdrawn_at = NULL, publish_at = \(bind: past), expire_at = NULL, urgent_deadline = NULL \
                WHERE number = 1
                """
            ).run()
            let oldest = try #require(try await Publication.query(on: app.db).filter(\.$number == 1).first())
            let api = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?q=\(percentEncoded("ตะเกียงเจ้าพายุ"))")
            let json = try api.json()
            #expect((json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [oldest.id?.uuidString])
            #expect(json["total"] as? Int == 1)
            // Short terms go through titles: the same rule.
            let short = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?q=\(percentEncoded(String(word.prefix(2))))")
            #expect(try short.json()["total"] as? Int == 1)
        }
    }

    @Test func sara_amTypedEitherWayIsFoundAndShortQueriesSearchTitles() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            // Stored with ํ + า typed as two characters; searched with ำ, and the other way round.
            let decomposed = try await room.publish(title: "ประกาศรับสมัครพนักงานท\u{0E4D}\u{0E32}ความสะอาด", details: "ยื่นใบสมัครได้ที่กลุ่มงานบริหารทั่วไป")
            let composed = try await room.publish(title: "คู่มือการปฏิบัติงาน", details: "การจัดทำแผนปฏิบัติราชการประจำปี")
            let one = try await visitor(app, "/search?q=\(percentEncoded("ทำความสะอาด"))").text
            #expect(one.contains(decomposed.path))
            let other = try await visitor(app, "/search?q=\(percentEncoded("จัดท\u{0E4D}\u{0E32}แผน"))").text
            #expect(other.contains(composed.path))

            // Two characters: too short for trigrams, so titles only, and the page says so.
            let short = try await visitor(app, "/search?q=\(percentEncoded("คู่"))").text
            #expect(short.contains(composed.path))
            let shortInBody = try await visitor(app, "/search?q=\(percentEncoded("ยื"))").text
            #expect(!shortInBody.contains(decomposed.path), "a short word only in the text is not searched for")
            #expect(shortInBody.contains("ค้นเฉพาะในชื่อเรื่อง"))
            // A short word beside a long one narrows the long one's matches anywhere in the item.
            let mixed = try await visitor(app, "/search?q=\(percentEncoded("ประกาศรับสมัคร ยื"))").text
            #expect(mixed.contains(decomposed.path))
        }
    }

    /// Search shows what the public may read: live items, and ended ones only where their category
    /// keeps a dated archive; never scheduled, withdrawn or lapsed ones.
    @Test func endedItemsAreFoundOnlyWhereTheirCategoryKeepsAnArchive() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let jobs = try #require(try await SiteCategory.find(room.categories["jobs"]?.id, on: app.db))
            jobs.expiredPolicyRaw = ExpiredPolicy.archive.rawValue
            try await jobs.save(on: app.db)
            let end = clock.now().addingTimeInterval(86_400)
            let archived = try await room.publish("jobs", title: "รับสมัครพนักงานขับรถยนต์ส่วนกลาง", expireAt: end)
            clock.advance(by: 60)
            let gone = try await room.publish("news", title: "ข่าวพนักงานขับรถยนต์ดีเด่น", expireAt: end)
            clock.advance(by: 60)
            let live = try await room.publish("news", title: "อบรมพนักงานขับรถยนต์ปลอดภัย")
            func found() async throws -> [String] {
                let api = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?q=\(percentEncoded("ขับรถยนต์"))")
                return (try api.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            let before = try await found()
            #expect(before == [live, gone, archived].map(\.publicationID.uuidString), "\(before)")
            clock.set(end)
            let after = try await found()
            #expect(after == [live, archived].map(\.publicationID.uuidString), "\(after) archived \(archived.publicationID)")
        }
    }

    /// Pages of results follow one ranking (title start, title, elsewhere; then newest), without
    /// gaps or repeats, and a page past the last is empty with the same total: on PostgreSQL the
    /// ranking is done on what the search's steps return, on SQLite in SQL.
    @Test func pagesOfResultsFollowOneRankingWithoutGapsOrRepeats() async throws {
        try await withPrakat { app, _, clock in
            _ = try await BulkItems(app: app, seed: 9).generate(count: 120, attachments: false) { _ in }
            let sql = try #require(app.db as? any SQLDatabase)
            let term = PublicationSearch.normalise("ตะเกียงเจ้าพายุ")
            // Spread over titles (at the start, inside) and text, with equal publish times to tie.
            try await sql.raw("UPDATE publications SET search_title = \(bind: term + " ") || search_title WHERE number % 5 = 0").run()
            // ASCII before it in some titles: coded, each of its letters takes two bytes.
            try await sql.raw("UPDATE publications SET search_title = search_title || \(bind: " " + term) WHERE number % 5 = 1").run()
            try await sql.raw("UPDATE publications SET search_title = 'covid-19 ' || search_title WHERE number % 3 = 0").run()
            try await sql.raw("UPDATE publications SET search_body = search_body || \(bind: " " + term) WHERE number % 5 IN (2, 3)").run()
            try await sql.raw("UPDATE publications SET publish_at = \(bind: clock.now().addingTimeInterval(-7_200)) WHERE number % 4 = 0").run()
            let items = PublicItems(db: app.db, now: clock.now())
            struct Row: Decodable {
                var id: UUID
                var number: Int
                var publish_at: Date
                var search_title: String
            }
            let readable = items.readableCondition(archiveCategoryIDs: try await items.archiveCategoryIDs())
            let position: SQLQueryString = DatabaseDialect(app.db) == .sqlite ? "instr" : "strpos"
            let rows = try await sql.raw(
                "SELECT id, number, publish_at, search_title FROM publications WHERE (" + position + "(search_title, \(bind: term)) > 0 OR "
                    + position + "(search_body, \(bind: term)) > 0) AND " + readable
            ).all(decoding: Row.self)
            func score(_ row: Row) -> Int { row.search_title.hasPrefix(term) ? 150 : row.search_title.contains(term) ? 100 : 10 }
            let expected = rows.sorted { (score($0), $0.publish_at, $0.number) > (score($1), $1.publish_at, $1.number) }.map(\.id)
            #expect(expected.count > 40, "enough matches for several pages")
            var seen: [UUID] = []
            for page in 1...8 {
                let result = try await PublicationSearch.search(term, in: items, page: page, perPage: 7)
                #expect(result.total == expected.count)
                seen += result.ids
            }
            #expect(seen == Array(expected.prefix(56)))
            let past = try await PublicationSearch.search(term, in: items, page: 100, perPage: 7)
            #expect(past.ids.isEmpty)
            #expect(past.total == expected.count)
        }
    }

    @Test func generatedItemsAreFoundAndRealContentIsNeverFilled() async throws {
        try await withPrakat { app, fixtures, clock in
            let outcome = try await BulkItems(app: app, seed: 7).generate(count: 120, attachments: true) { _ in }
            #expect(outcome.items == 120)
            #expect(outcome.attachments > 0)
            #expect(try await BulkItems.realContent(on: app.db) == nil, "generated items are not real content: it may run again")
            let numbers = try await Publication.query(on: app.db).sort(\.$number).all().map(\.number)
            #expect(numbers == Array(1...120))
            let found = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?q=\(percentEncoded("ประกาศ"))")
            #expect((try found.json()["total"] as? Int ?? 0) > 0)
            let file = try #require(try await Attachment.query(on: app.db).first())
            let byName = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?q=\(percentEncoded(String(file.fileName.prefix(12))))")
            #expect((try byName.json()["total"] as? Int ?? 0) > 0, "attachment names are searched")

            let room = try await Newsroom.open(app, fixtures, clock)
            _ = try await room.draft(title: "คำขอจริงของหน่วยงาน")
            #expect(try await BulkItems.realContent(on: app.db) != nil)
        }
    }
}
