import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// An item is public only inside its period and until withdrawn, enforced when serving (the API contract);
/// the expiry job only records what already happened. The clock is frozen and moved, never slept on.
@Suite("Publishing: schedule, expiry, withdrawal and the urgent path")
struct PublishingScheduleTests {
    /// Where the public could find an item, and whether it is there.
    static func places(_ app: Application, _ item: Newsroom.Published, slug: String, term: String) async throws -> [String: Bool] {
        let link = "\(item.path)\""
        let xmlLink = "\(item.path)<"
        var found: [String: Bool] = [:]
        found["category page"] = try await visitor(app, "/c/\(slug)").text.contains(link)
        found["search"] = try await visitor(app, "/search?q=\(percentEncoded(term))").text.contains(link)
        found["RSS"] = try await visitor(app, "/feed.rss").text.contains(xmlLink)
        found["category Atom"] = try await visitor(app, "/c/\(slug)/feed.atom").text.contains("\(item.path)\"")
        // The index names the file of items; the file lists the item while it is public.
        let index = try await visitor(app, "/sitemap.xml").text
        #expect(index.contains("/sitemap/items-1.xml</loc>"))
        found["sitemap"] = try await visitor(app, "/sitemap/items-1.xml").text.contains(xmlLink)
        let api = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications")
        found["API"] = api.text.contains(item.publicationID.uuidString)
        let apiSearch = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications?q=\(percentEncoded(term))")
        found["API search"] = apiSearch.text.contains(item.publicationID.uuidString)
        return found
    }

    static func expectEverywhere(_ found: [String: Bool], _ visible: Bool, _ comment: Comment? = nil) {
        for (place, present) in found.sorted(by: { $0.key < $1.key }) {
            #expect(present == visible, "\(place) \(visible ? "should" : "should not") list it. \(comment?.rawValue ?? "")")
        }
    }

    @Test func aScheduledItemIsHiddenEverywhereUntilItsStartThenAppearsDespiteCachedPages() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ประกาศวันหยุดเทศกาลตรุษจีนล่วงหน้า")
            try await room.act("submit", id, by: room.staff)
            try await room.act("approve", id, by: room.head)
            let start = clock.now().addingTimeInterval(86_400)
            let response = try await room.act("publish", id, by: room.uploader, ["publishAt": rfc3339(start)])
            #expect(response.status == .ok)
            #expect(try response.json()["state"] as? String == "scheduled")
            let publicationID = try #require(UUID(uuidString: try response.json()["publicationId"] as? String ?? ""))
            let item = Newsroom.Published(requestID: id, publicationID: publicationID, number: 1)

            #expect(try await visitor(app, item.path).status == .notFound)
            Self.expectEverywhere(try await Self.places(app, item, slug: "news", term: "ตรุษจีน"), false, "before the start")
            #expect(!(try await visitor(app, "/").text.contains(item.path + "\"")))
            let shown = try await room.staff.call(.GET, "/api/v1/requests/\(id.lowercased)")
            #expect(try shown.json()["state"] as? String == "scheduled")

            clock.advance(by: 86_400 + 1)
            let page = try await visitor(app, item.path)
            #expect(page.status == .ok)
            #expect(page.text.contains("ประกาศวันหยุดเทศกาลตรุษจีนล่วงหน้า"))
            #expect(page.text.contains("10 กุมภาพันธ์ 2569"))
            Self.expectEverywhere(try await Self.places(app, item, slug: "news", term: "ตรุษจีน"), true, "after the start")
            #expect(try await visitor(app, "/").text.contains(item.path + "\""))
            // Tokens expire with time too: sign in again after moving the clock.
            let later = try await APIClient.signIn(app, "staff").call(.GET, "/api/v1/requests/\(id.lowercased)")
            #expect(try later.json()["state"] as? String == "published")
        }
    }

    @Test func anExpiredItemIsGoneEverywhereBeforeTheJobRunsAndTheJobRecordsItOnce() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let end = clock.now().addingTimeInterval(2 * 86_400)
            let item = try await room.publish(
                "jobs", title: "ประกาศรับสมัครพนักงานราชการ ตำแหน่งนักวิชาการสาธารณสุข",
                attachment: ("ประกาศรับสมัคร.pdf", TestFiles.pdf()), expireAt: end)
            let file = try #require(try await Attachment.query(on: app.db).filter(\.$requestID == item.requestID).first())
            let filePath = "\(item.path)/files/\(file.id!.lowercased)"
            // Pages rendered now are cached; none may outlive the end of the period.
            #expect(try await visitor(app, item.path).status == .ok)
            #expect(try await visitor(app, filePath).status == .ok)
            Self.expectEverywhere(try await Self.places(app, item, slug: "jobs", term: "พนักงานราชการ"), true, "inside the period")

            clock.set(end)
            let gone = try await visitor(app, item.path)
            #expect(gone.status == .gone)
            #expect(gone.text.contains(PublishingText.expiredNotice))
            #expect(try await visitor(app, filePath).status == .gone)
            Self.expectEverywhere(try await Self.places(app, item, slug: "jobs", term: "พนักงานราชการ"), false, "after the end, before the job")
            #expect(try await room.request(item.requestID).state == .published, "the job has not run yet")

            let outcome = try await ExpiryJob(app: app).run()
            #expect(outcome == ExpiryJob.Outcome(expired: 1, lapsed: 0))
            #expect(try await room.request(item.requestID).state == .expired)
            #expect(try await room.auditActions(for: item.requestID).filter { $0 == "request.expired" }.count == 1)
            let events = try await RequestEvent.query(on: app.db).filter(\.$requestID == item.requestID).filter(\.$action == "expire").count()
            #expect(events == 1)

            let entries = try await AuditEntry.query(on: app.db).count()
            clock.advance(by: 3600)
            #expect(try await ExpiryJob(app: app).run() == ExpiryJob.Outcome())
            #expect(try await AuditEntry.query(on: app.db).count() == entries)
            #expect(try await visitor(app, item.path).status == .gone)
            let verification = try await AuditTrail.verify(on: app.db)
            guard case .intact = verification else { Issue.record("audit chain broken: \(verification)"); return }
        }
    }

    @Test func anExpiredProcurementNoticeStaysReadableInTheDatedArchive() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let end = clock.now().addingTimeInterval(86_400)
            let item = try await room.publish(
                "procurement", title: "ประกาศประกวดราคาจ้างปรับปรุงอาคารผู้ป่วยนอก",
                attachment: ("ประกาศประกวดราคา.pdf", TestFiles.pdf()), expireAt: end)
            let file = try #require(try await Attachment.query(on: app.db).filter(\.$requestID == item.requestID).first())
            let archiveBefore = try await visitor(app, "/c/procurement/archive")
            #expect(archiveBefore.status == .ok)
            #expect(!archiveBefore.text.contains(item.path + "\""))

            clock.advance(by: 86_400 + 60)
            let page = try await visitor(app, item.path)
            #expect(page.status == .ok)
            #expect(page.text.contains(PublishingText.archivedNotice))
            #expect(try await visitor(app, "\(item.path)/files/\(file.id!.lowercased)").status == .ok)
            let archive = try await visitor(app, "/c/procurement/archive")
            #expect(archive.text.contains(item.path + "\""))
            #expect(archive.text.contains("2569"))
            #expect(!(try await visitor(app, "/c/procurement").text.contains(item.path + "\"")))
            #expect(!(try await visitor(app, "/feed.rss").text.contains(item.path + "<")))
            #expect(try await visitor(app, "/c/jobs/archive").status == .notFound, "jobs leave public view instead")

            #expect(try await ExpiryJob(app: app).run() == ExpiryJob.Outcome(expired: 1, lapsed: 0))
            #expect(try await visitor(app, item.path).status == .ok)
        }
    }

    @Test func aWithdrawnItemAnswers410AndSaysWhy() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ข่าวที่มีข้อมูลคลาดเคลื่อน", attachment: ("ข่าว.pdf", TestFiles.pdf()))
            let file = try #require(try await Attachment.query(on: app.db).filter(\.$requestID == item.requestID).first())
            #expect(try await visitor(app, item.path).status == .ok)

            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let page = try await webmaster.request(.GET, "/staff/requests/\(item.requestID.lowercased)")
            let reason = "ตัวเลขในข่าวไม่ตรงกับรายงานฉบับจริง จะเผยแพร่ใหม่หลังตรวจสอบ"
            let withdrawn = try await webmaster.post(
                "/staff/requests/\(item.requestID.lowercased)/withdraw",
                ["version": String(try #require(page.formVersion)), "reason": reason])
            #expect(withdrawn.status == .seeOther)

            let gone = try await visitor(app, item.path)
            #expect(gone.status == .gone)
            #expect(gone.text.contains(PublishingText.withdrawnNotice))
            #expect(gone.text.contains(reason))
            #expect(try await visitor(app, "\(item.path)/files/\(file.id!.lowercased)").status == .gone)
            Self.expectEverywhere(try await Self.places(app, item, slug: "news", term: "คลาดเคลื่อน"), false)
            #expect(try await room.request(item.requestID).state == .withdrawn)
            #expect(try await room.auditActions(for: item.requestID).last == "request.withdrawn")
            // Already recorded: the job has nothing to add.
            #expect(try await ExpiryJob(app: app).run() == ExpiryJob.Outcome())
        }
    }

    @Test func anUrgentItemGoesUpBeforeApprovalAndComesDownWhenApprovalIsLate() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft("alerts", title: "แจ้งเตือนด่วน งดใช้น้ำประปาบริเวณอาคาร ๒", fields: ["urgent": true])
            try await room.act("submit", id, by: room.staff)
            let item = try await room.publishApproved(id)
            let page = try await visitor(app, item.path)
            #expect(page.status == .ok)
            #expect(page.text.contains("เผยแพร่กรณีเร่งด่วน"))
            let listed = try await APIClient.anonymous(app).call(.GET, "/api/v1/publications")
            #expect((try listed.json()["items"] as? [[String: Any]])?.first?["urgent"] as? Bool == true)
            let head = Browser(app)
            try await head.signIn("unithead")
            #expect(try await head.request(.GET, "/staff").text.contains("แจ้งเตือนด่วน งดใช้น้ำประปา"))

            clock.advance(by: Double(app.prakat.urgentApprovalHours) * 3600 + 1)
            let gone = try await visitor(app, item.path)
            #expect(gone.status == .gone)
            #expect(gone.text.contains(PublishingText.urgentLapsedNotice))
            Self.expectEverywhere(try await Self.places(app, item, slug: "alerts", term: "น้ำประปา"), false, "after the approval deadline")

            #expect(try await ExpiryJob(app: app).run() == ExpiryJob.Outcome(expired: 0, lapsed: 1))
            #expect(try await room.request(id).state == .withdrawn)
            #expect(try await room.auditActions(for: id).last == "request.urgent_lapsed")
            #expect(try await ExpiryJob(app: app).run() == ExpiryJob.Outcome())
            #expect(try await room.act("approve", id, by: try await APIClient.signIn(app, "unithead")).status == .conflict)
            #expect(try await visitor(app, item.path).status == .gone)
        }
    }

    @Test func approvingAnUrgentItemInTimeKeepsItUpPastTheDeadline() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft("alerts", title: "แจ้งเตือนโรคไข้เลือดออกระบาด", fields: ["urgent": true])
            try await room.act("submit", id, by: room.staff)
            let item = try await room.publishApproved(id)
            clock.advance(by: 24 * 3600)
            let approved = try await room.act("approve", id, by: try await APIClient.signIn(app, "unithead"))
            #expect(approved.status == .ok)
            #expect(try approved.json()["state"] as? String == "published")

            clock.advance(by: Double(app.prakat.urgentApprovalHours) * 3600)
            let page = try await visitor(app, item.path)
            #expect(page.status == .ok)
            #expect(!page.text.contains("เผยแพร่กรณีเร่งด่วน"))
            #expect(try await ExpiryJob(app: app).run() == ExpiryJob.Outcome())
            #expect(try await room.request(id).state == .published)
        }
    }

    @Test func approvingAnUrgentItemAfterItsDeadlineDoesNotBringItBack() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft("alerts", title: "แจ้งเตือนงดจ่ายไฟฟ้าชั่วคราว", fields: ["urgent": true])
            try await room.act("submit", id, by: room.staff)
            let item = try await room.publishApproved(id)
            clock.advance(by: Double(app.prakat.urgentApprovalHours) * 3600 + 60)
            #expect(try await visitor(app, item.path).status == .gone)
            // The job has not run yet; the answer must be the same as after it.
            let late = try await room.act("approve", id, by: try await APIClient.signIn(app, "unithead"))
            #expect(late.status == .conflict)
            #expect(try await visitor(app, item.path).status == .gone)
            #expect(try await ExpiryJob(app: app).run() == ExpiryJob.Outcome(expired: 0, lapsed: 1))
        }
    }
}
