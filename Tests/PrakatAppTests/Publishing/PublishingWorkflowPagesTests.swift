import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

@Suite("Publishing: the workflow through the staff pages")
struct PublishingWorkflowPagesTests {
    @Test func staffSubmitsWithAPDFTheHeadApprovesTheUploaderPublishesAndAVisitorDownloadsIt() async throws {
        try await withPrakat { app, fixtures, _ in
            let categories = try await installDefaultCategories(app)
            let newsID = try #require(categories["news"]?.id)
            let title = "ประชาสัมพันธ์การรับวัคซีนไข้หวัดใหญ่ ประจำปี ๒๕๖๙"
            let fileName = "รายงานผลการดำเนินงาน ไตรมาส ๒.pdf"
            let pdf = TestFiles.pdf(title)

            // Staff: draft, attach, submit.
            let staff = Browser(app)
            try await staff.signIn("staff")
            let created = try await staff.post(
                "/staff/requests",
                [
                    "categoryId": newsID.lowercased, "title": title, "details": "สำนักงานสาธารณสุขจังหวัดชลบุรีขอเชิญประชาชนรับวัคซีน",
                    "externalLinks": "https://ddc.moph.go.th/", "note": "ขอเผยแพร่ภายในสัปดาห์นี้"
                ])
            #expect(created.status == .seeOther)
            let id = try #require(requestID(inLocation: created.location))
            let attached = try await staff.upload("/staff/requests/\(id.lowercased)/attachments", fileName: fileName, data: pdf)
            #expect(attached.status == .seeOther)
            let draftPage = try await staff.request(.GET, "/staff/requests/\(id.lowercased)")
            #expect(draftPage.text.contains(fileName))
            #expect(draftPage.text.contains(PublishingText.attached))
            let submitted = try await staff.post("/staff/requests/\(id.lowercased)/submit", ["version": String(try #require(draftPage.formVersion))])
            #expect(submitted.status == .seeOther)
            let afterSubmit = try await PublicationRequest.find(id, on: app.db)
            #expect(afterSubmit?.state == .submitted)
            #expect(afterSubmit?.approverID == fixtures.head.id)

            // The head finds it in their inbox and approves.
            let head = Browser(app)
            try await head.signIn("unithead")
            let desk = try await head.request(.GET, "/staff")
            #expect(desk.text.contains(title))
            let headPage = try await head.request(.GET, "/staff/requests/\(id.lowercased)")
            #expect(headPage.text.contains(RequestAction.approve.thaiName))
            let approved = try await head.post("/staff/requests/\(id.lowercased)/approve", ["version": String(try #require(headPage.formVersion))])
            #expect(approved.status == .seeOther)
            let approvedPage = try await head.request(.GET, "/staff/requests/\(id.lowercased)")
            #expect(approvedPage.text.contains(PublishingText.done(RequestAction.approve.thaiName)))

            // The uploader publishes now.
            let uploader = Browser(app)
            try await uploader.signIn("uploader")
            let uploaderDesk = try await uploader.request(.GET, "/staff")
            #expect(uploaderDesk.text.contains(title))
            let uploaderPage = try await uploader.request(.GET, "/staff/requests/\(id.lowercased)")
            let published = try await uploader.post("/staff/requests/\(id.lowercased)/publish", ["version": String(try #require(uploaderPage.formVersion))])
            #expect(published.status == .seeOther)
            let request = try #require(try await PublicationRequest.find(id, on: app.db))
            #expect(request.state == .published)
            let publication = try #require(try await Publication.find(try #require(request.publicationID), on: app.db))

            // A visitor reads the item and downloads the file.
            let item = try await visitor(app, "/p/\(publication.number)")
            #expect(item.status == .ok)
            #expect(item.text.contains(title))
            #expect(item.text.contains("9 กุมภาพันธ์ 2569"))
            #expect(item.text.contains(fixtures.unit.nameTh))
            let attachment = try #require(try await Attachment.query(on: app.db).filter(\.$requestID == id).first())
            let filePath = "/p/\(publication.number)/files/\(attachment.id!.lowercased)"
            #expect(item.text.contains(#"href="\#(filePath)""#))
            #expect(item.text.contains(fileName))
            let download = try await visitor(app, filePath)
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            let disposition = download.headers.first(name: .contentDisposition) ?? ""
            #expect(disposition.contains("filename*=UTF-8''" + rfc5987(fileName)))
            #expect(disposition.contains("%E0%B8%A3"))  // ร
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(download.bytes == pdf)

            // Every step is in the history and the audit trail, and the chain is intact.
            let events = try await RequestEvent.query(on: app.db).filter(\.$requestID == id).sort(\.$at).all()
            #expect(events.map(\.action) == ["create", "submit", "approve", "publish"])
            #expect(events.map(\.actorID) == [fixtures.staff.id, fixtures.staff.id, fixtures.head.id, fixtures.users[.uploader]?.id])
            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityID == id.lowercased).sort(\.$sequence).all().map(\.action)
            #expect(actions == ["request.created", "request.attachment_added", "request.submitted", "request.approved", "request.published"])
            let verification = try await AuditTrail.verify(on: app.db)
            guard case .intact = verification else { Issue.record("audit chain broken: \(verification)"); return }
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func aReturnedRequestShowsTheReasonAndCanBeCorrectedAndResubmitted() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวที่ต้องแก้ไข")
            try await room.act("submit", id, by: room.staff)
            let head = Browser(app)
            try await head.signIn("unithead")
            let page = try await head.request(.GET, "/staff/requests/\(id.lowercased)")
            let reason = "กรุณาแนบภาพกิจกรรมประกอบข่าว"
            let returned = try await head.post("/staff/requests/\(id.lowercased)/return", ["version": String(try #require(page.formVersion)), "reason": reason])
            #expect(returned.status == .seeOther)
            #expect(try await room.request(id).state == .returned)

            let staff = Browser(app)
            try await staff.signIn("staff")
            let desk = try await staff.request(.GET, "/staff")
            #expect(desk.text.contains("ข่าวที่ต้องแก้ไข"))
            let mine = try await staff.request(.GET, "/staff/requests/\(id.lowercased)")
            #expect(mine.text.contains(reason))
            let edited = try await staff.post(
                "/staff/requests/\(id.lowercased)/edit",
                [
                    "categoryId": room.categoryID("news").lowercased(), "title": "ข่าวที่แก้ไขแล้ว", "details": "แนบภาพเรียบร้อย",
                    "version": String(try #require(mine.formVersion))
                ])
            #expect(edited.status == .seeOther)
            let again = try await staff.request(.GET, "/staff/requests/\(id.lowercased)")
            let resubmitted = try await staff.post("/staff/requests/\(id.lowercased)/submit", ["version": String(try #require(again.formVersion))])
            #expect(resubmitted.status == .seeOther)
            let request = try await room.request(id)
            #expect(request.state == .submitted)
            #expect(request.title == "ข่าวที่แก้ไขแล้ว")
            let history = try await RequestEvent.query(on: app.db).filter(\.$requestID == id).sort(\.$at).all()
            #expect(history.map(\.action) == ["create", "submit", "return", "edit", "submit"])
            #expect(history[2].reason == reason)
        }
    }

    @Test func aStaleEditFormAnswers409WithTheThaiMessageAndKeepsWhatWasTyped() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "หัวข้อเดิม")
            let staff = Browser(app)
            try await staff.signIn("staff")
            let form = try await staff.request(.GET, "/staff/requests/\(id.lowercased)/edit")
            let version = try #require(form.formVersion)
            // Meanwhile the same request changes elsewhere (a file attached from another tab).
            let other = try await room.staff.upload("/api/v1/requests/\(id.lowercased)/attachments", fileName: "a.pdf", data: TestFiles.pdf())
            #expect(other.status == .created)

            let typed = "หัวข้อที่พิมพ์ใหม่ ไม่ควรหายไป"
            let stale = try await staff.post(
                "/staff/requests/\(id.lowercased)/edit",
                [
                    "categoryId": room.categoryID("news").lowercased(), "title": typed, "details": "รายละเอียดที่พิมพ์ใหม่", "version": String(version)
                ])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains(PublishingText.staleVersion))
            #expect(stale.text.contains(typed))
            #expect(stale.text.contains("รายละเอียดที่พิมพ์ใหม่"))
            // The page now carries the newer version, so a second save goes through knowingly.
            #expect(stale.formVersion == version + 1)
            #expect(try await room.request(id).title == "หัวข้อเดิม")
            let second = try await staff.post(
                "/staff/requests/\(id.lowercased)/edit",
                [
                    "categoryId": room.categoryID("news").lowercased(), "title": typed, "details": "รายละเอียดที่พิมพ์ใหม่", "version": String(version + 1)
                ])
            #expect(second.status == .seeOther)
            #expect(try await room.request(id).title == typed)
        }
    }

    @Test func theActionPagesRefuseEveryoneElseAndChangeNothing() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวที่รออนุมัติ")
            try await room.act("submit", id, by: room.staff)
            let version = try await room.request(id).version
            let attempts: [(String, String, HTTPStatus)] = [
                ("staff", "approve", .forbidden), ("uploader", "approve", .forbidden), ("webmaster", "reject", .forbidden),
                ("planner", "publish", .forbidden), ("administrator", "withdraw", .forbidden), ("auditor", "return", .forbidden),
                ("unithead", "publish", .forbidden), ("uploader", "withdraw", .forbidden)
            ]
            for (username, action, status) in attempts {
                let browser = Browser(app)
                try await browser.signIn(username)
                let response = try await browser.post("/staff/requests/\(id.lowercased)/\(action)", ["version": String(version), "reason": "เหตุผล"])
                #expect(response.status == status, "\(username) \(action): \(response.status)")
                #expect(response.text.contains(SupportText.forbiddenTitle), "\(username) \(action)")
            }
            // Someone who may act but cannot see the request gets 404, like the API.
            try await makeUser(app, "otherhead", roles: [.unitHead], unit: fixtures.otherUnit)
            let otherHead = Browser(app)
            try await otherHead.signIn("otherhead")
            #expect(try await otherHead.post("/staff/requests/\(id.lowercased)/approve", ["version": String(version)]).status == .notFound)
            #expect(try await otherHead.request(.GET, "/staff/requests/\(id.lowercased)").status == .notFound)
            let anonymous = Browser(app)
            #expect(try await anonymous.post("/staff/requests/\(id.lowercased)/approve", ["version": String(version)]).status == .unauthorized)
            let request = try await room.request(id)
            #expect(request.state == .submitted)
            #expect(request.version == version)
        }
    }

    @Test func aStaleApproveButtonDoesNothingAndSaysWhy() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวสองหน้าต่าง")
            try await room.act("submit", id, by: room.staff)
            let head = Browser(app)
            try await head.signIn("unithead")
            let page = try await head.request(.GET, "/staff/requests/\(id.lowercased)")
            let version = try #require(page.formVersion)
            let first = try await head.post("/staff/requests/\(id.lowercased)/approve", ["version": String(version)])
            #expect(first.status == .seeOther)
            let second = try await head.post("/staff/requests/\(id.lowercased)/reject", ["version": String(version), "reason": "ซ้ำ"])
            #expect(second.status == .seeOther)
            let shown = try await head.request(.GET, "/staff/requests/\(id.lowercased)")
            #expect(shown.text.contains(PublishingText.staleVersion))
            #expect(try await room.request(id).state == .approved)
        }
    }
}

/// RFC 5987 attr-chars kept, every other byte of the UTF-8 name percent-encoded.
func rfc5987(_ name: String) -> String {
    let keep = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
    return name.utf8.map { keep.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
}
