import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

@Suite("Compliance: the currency desk")
struct CurrencyDeskTests {
    static let day: TimeInterval = 86_400

    @Test func onlyWebmastersAndAdministratorsOpenTheDesk() async throws {
        try await withPrakat { app, _, _ in
            let allowed: Set<Role> = [.webmaster, .administrator]
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.signIn(role.rawValue.lowercased())
                let page = try await browser.request(.GET, CurrencyRoute.desk.path)
                #expect(page.status == (allowed.contains(role) ? .ok : .forbidden), "\(role)")
                let post = try await browser.post(CurrencyRoute.recheckAll.path, [:])
                #expect(post.status == (allowed.contains(role) ? .seeOther : .forbidden), "\(role)")
                let api = try await APIClient.signIn(app, role.rawValue.lowercased())
                let stamp = try await api.call(.POST, CurrencyAPIRoute.reviewed(UUID()).path)
                #expect(stamp.status == (allowed.contains(role) ? .notFound : .forbidden), "\(role)")
            }
            let anonymous = try await Browser(app).request(.GET, CurrencyRoute.desk.path)
            #expect(anonymous.status != .ok)
            #expect(try await APIClient.anonymous(app).call(.POST, CurrencyAPIRoute.reviewed(UUID()).path).status == .unauthorized)
            // The menu shows the desk to the people who may open it.
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            #expect(try await webmaster.request(.GET, PublishingRoute.desk.path).text.contains("href=\"\(CurrencyRoute.desk.path)\""))
            let staff = Browser(app)
            try await staff.signIn("staff")
            #expect(!(try await staff.request(.GET, PublishingRoute.desk.path).text.contains(CurrencyRoute.desk.path)))
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func itemsEndingSoonAndStaleItemsWithTheReviewedStamp() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            try await CurrencyCategoryInterval.applyDefaults(on: app.db)
            let now = clock.now()
            let week = try await room.publish("jobs", title: "ประกาศรับสมัครพนักงานขับรถ", expireAt: now.addingTimeInterval(3 * Self.day))
            let month = try await room.publish("jobs", title: "ประกาศรับสมัครนักวิชาการ", expireAt: now.addingTimeInterval(20 * Self.day))
            _ = try await room.publish("jobs", title: "ประกาศรับสมัครที่ยังอีกนาน", expireAt: now.addingTimeInterval(60 * Self.day))
            let history = try await room.publish("history", title: "ประวัติความเป็นมาของสำนักงาน")
            let duties = try await room.publish("duties", title: "อำนาจหน้าที่ของสำนักงาน")
            let fresh = try await room.publish("structure", title: "โครงสร้างที่เพิ่งปรับ")
            // Published 400 days ago (the history and duties pages), against a 365-day interval.
            for id in [history.publicationID, duties.publicationID] {
                let item = try #require(try await Publication.find(id, on: app.db))
                item.publishAt = now.addingTimeInterval(-400 * Self.day)
                item.updatedAt = now.addingTimeInterval(-400 * Self.day)
                item.firstPublishedAt = item.publishAt
                try await item.update(on: app.db)
            }

            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let page = try await webmaster.request(.GET, CurrencyRoute.desk.path)
            #expect(page.status == .ok)
            let text = page.text
            let weekSection = try #require(text.range(of: CurrencyText.endingWithin(.week)))
            let monthSection = try #require(text.range(of: CurrencyText.endingWithin(.month)))
            let staleSection = try #require(text.range(of: CurrencyText.staleHeading))
            let weekRange = weekSection.upperBound..<monthSection.lowerBound
            #expect(text[weekRange].contains("ประกาศรับสมัครพนักงานขับรถ"))
            #expect(!text[weekRange].contains("ประกาศรับสมัครนักวิชาการ"))
            #expect(text[monthSection.upperBound..<staleSection.lowerBound].contains("ประกาศรับสมัครนักวิชาการ"))
            #expect(!text.contains("ประกาศรับสมัครที่ยังอีกนาน"))
            // Thai Buddhist-Era dates, links to the request page and the public page.
            #expect(text.contains(ThaiDateFormat.short(now.addingTimeInterval(3 * Self.day), digits: .arabic)))
            #expect(text.contains("2569"))
            #expect(text.contains("href=\"\(PublishingRoute.request(week.requestID).path)\""))
            #expect(text.contains("href=\"\(PublicRoute.item(month.number).path)\""))
            let stale = text[staleSection.upperBound...]
            #expect(stale.contains("ประวัติความเป็นมาของสำนักงาน"))
            #expect(stale.contains("อำนาจหน้าที่ของสำนักงาน"))
            #expect(stale.contains(CurrencyText.overdue(35)))
            #expect(!text.contains("โครงสร้างที่เพิ่งปรับ"))
            #expect(!stale.contains("ประกาศรับสมัคร"))

            // "Reviewed, still current" from the page: audited, and the item leaves the list.
            let stamped = try await webmaster.post(CurrencyRoute.reviewed(history.publicationID).path, [:])
            #expect(stamped.status == .seeOther)
            #expect(stamped.location == CurrencyRoute.desk.path)
            let after = try await webmaster.request(.GET, CurrencyRoute.desk.path).text
            #expect(after.contains(CurrencyText.reviewed))
            #expect(!after.contains("ประวัติความเป็นมาของสำนักงาน"))
            #expect(after.contains("อำนาจหน้าที่ของสำนักงาน"))
            let review = try #require(try await CurrencyReview.query(on: app.db).filter(\.$publicationID == history.publicationID).first())
            #expect(review.reviewedAt == now)
            #expect(review.reviewedBy == fixtures.users[.webmaster]?.id)
            #expect(try await room.auditActions(for: history.publicationID).contains(AuditAction.publicationReviewedCurrent.rawValue))
            // Without the form's token: refused, nothing stamped.
            let forged = try await webmaster.request(.POST, CurrencyRoute.reviewed(duties.publicationID).path, form: [:])
            #expect(forged.status == .forbidden)

            // The API stamp: 204; an unknown item 404; an item not public now 409; a bad id 404.
            let api = room.webmaster
            #expect(try await api.call(.POST, CurrencyAPIRoute.reviewed(duties.publicationID).path).status == .noContent)
            #expect(try await CurrencyDesk.stale(on: app.db, now: now).isEmpty)
            let unknown = try await api.call(.POST, CurrencyAPIRoute.reviewed(UUID()).path)
            #expect(unknown.status == .notFound)
            #expect(unknown.isProblemJSON)
            let ended = try #require(try await Publication.find(fresh.publicationID, on: app.db))
            ended.withdrawnAt = now
            try await ended.update(on: app.db)
            let refused = try await api.call(.POST, CurrencyAPIRoute.reviewed(fresh.publicationID).path)
            #expect(refused.status == .conflict)
            #expect(refused.isProblemJSON)
            #expect(try await api.call(.POST, "/api/v1/publications/not-an-id/reviewed").status == .notFound)
            #expect(try await webmaster.post(CurrencyRoute.reviewed(UUID()).path, [:]).status == .notFound)
            let notPublic = try await webmaster.post(CurrencyRoute.reviewed(fresh.publicationID).path, [:])
            #expect(notPublic.status == .seeOther)

            // A year on, the stamp has aged past the interval: the item is due again.
            clock.advance(by: 366 * Self.day)
            #expect(try await CurrencyDesk.stale(on: app.db, now: clock.now()).map(\.publication.id).contains(history.publicationID))
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func theReviewIntervalIsEditedWithTheCategory() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let history = try #require(room.categories["history"]?.id)
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let form = try await webmaster.request(.GET, PublishingRoute.category(history).path)
            #expect(form.text.contains("name=\"reviewIntervalDays\""))
            func save(_ days: String) async throws -> TestingHTTPResponse {
                try await webmaster.post(
                    PublishingRoute.categoryUpdate(history).path,
                    ["nameTh": "ประวัติความเป็นมา", "position": "101", "expiredPolicy": "remove", "reviewIntervalDays": days, "parentId": ""])
            }
            for bad in ["0", "abc", "3651", "-5", "99999999999999999999999"] {
                let refused = try await save(bad)
                #expect(refused.status == .unprocessableEntity, "\(bad)")
                #expect(refused.text.contains(CurrencyRules.IntervalProblem.outOfRange.message))
            }
            #expect(try await save("180").status == .seeOther)
            #expect(try await CurrencyCategoryInterval.days(of: history, on: app.db) == 180)
            #expect(try await webmaster.request(.GET, PublishingRoute.categories.path).text.contains(CurrencyText.reviewEvery(180)))
            #expect(try await save("").status == .seeOther)
            #expect(try await CurrencyCategoryInterval.days(of: history, on: app.db) == nil)
            // A new category starts with a year.
            #expect(
                try await webmaster.request(.GET, PublishingRoute.categoryNew.path).text.contains(
                    "name=\"reviewIntervalDays\" type=\"number\" min=\"1\" max=\"3650\" value=\"365\""))
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func theDefaultTreeGetsItsIntervals() async throws {
        try await withPrakat { app, _, _ in
            try await SiteCategory.query(on: app.db).delete()
            try await app.writer.write { tx in _ = try await DefaultCategories.createIfEmpty(in: tx, audit: app.audit, actor: .system("test")) }
            let intervals = try await CurrencyCategoryInterval.query(on: app.db).all()
            let bySlug = Dictionary(uniqueKeysWithValues: intervals.map { ($0.slug, $0.days) })
            #expect(bySlug["history"] == 365)
            #expect(bySlug["laws"] == 365)
            #expect(bySlug["news"] == .some(nil))
            #expect(bySlug["jobs"] == .some(nil))
        }
    }

    @Test func completenessOnAnEmptySiteAndOnceItemsArePublished() async throws {
        try await withPrakat { app, fixtures, clock in
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            // No agency profile, no items: everything missing, nothing breaks. Only §1.9 (the
            // e-Services every install opens) and §1.10 (built in) are met.
            try await Agency.query(on: app.db).delete()
            let empty = try await webmaster.request(.GET, CurrencyRoute.desk.path)
            #expect(empty.status == .ok)
            #expect(empty.text.contains(CurrencyText.completenessSummary(present: 2, total: 10)))
            #expect(empty.text.contains(CurrencyText.completenessSummary(present: 0, total: 4)))
            #expect(empty.text.contains(CurrencyText.completenessSummary(present: 0, total: 8)))
            #expect(empty.text.contains(SiteCompleteness.ContactField.email.thaiName))
            #expect(empty.text.contains("มาตรา ๗ (๑)"))
            #expect(empty.text.contains(CurrencyText.noneStale))
            #expect(empty.text.contains(CurrencyText.noneBroken))

            let room = try await Newsroom.open(app, fixtures, clock)
            _ = try await room.publish("history", title: "ประวัติความเป็นมา")
            _ = try await room.publish("laws", title: "ระเบียบว่าด้วยข้อมูลข่าวสาร", fields: ["sourceName": "ราชกิจจานุเบกษา"])
            let facts = try await CurrencyDesk.completenessFacts(on: app.db, now: clock.now(), agency: .notConfigured)
            #expect(facts.clausesWithItems == ["1.1", "1.2"])
            #expect(facts.slugsWithItems == ["history", "about", "laws"])
            let page = try await webmaster.request(.GET, CurrencyRoute.desk.path)
            #expect(page.text.contains(CurrencyText.completenessSummary(present: 4, total: 10)))
            #expect(page.text.contains(CurrencyText.completenessSummary(present: 1, total: 4)))
            #expect(page.text.contains(CurrencyText.addTo("“อำนาจหน้าที่” หรือ “ข้อมูลหน่วยงาน”")))
            #expect(page.text.contains("href=\"\(PublishingRoute.requestNew.path)\""))
            try await expectAuditVocabulary(app.db)
        }
    }
}
