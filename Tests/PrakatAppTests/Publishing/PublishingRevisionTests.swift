import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Publishing: revisions of a published item")
struct PublishingRevisionTests {
    @Test func aRevisionGoesThroughApprovalAgainAndReplacesTheContentUnderTheSameNumber() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(
                title: "ตารางให้บริการคลินิกเลิกบุหรี่", details: "เปิดให้บริการทุกวันอังคาร",
                attachment: ("ตารางคลินิก.pdf", TestFiles.pdf("ตาราง")))
            #expect(try await visitor(app, item.path).text.contains("ทุกวันอังคาร"))

            // Staff asks to change what is published: a new draft with the same content and files.
            let staff = Browser(app)
            try await staff.signIn("staff")
            let revised = try await staff.post("/staff/publications/\(item.publicationID.lowercased)/revise", [:])
            #expect(revised.status == .seeOther)
            #expect(revised.location?.hasSuffix("/edit") == true)
            let draftID = try #require(requestID(inLocation: revised.location))
            #expect(draftID != item.requestID)
            let draft = try await room.request(draftID)
            #expect(draft.state == .draft)
            #expect(draft.revision == 2)
            #expect(draft.publicationID == item.publicationID)
            #expect(draft.title == "ตารางให้บริการคลินิกเลิกบุหรี่")
            #expect(draft.details == "เปิดให้บริการทุกวันอังคาร")
            let files = try await Attachment.query(on: app.db).filter(\.$requestID == draftID).all()
            #expect(files.map(\.fileName) == ["ตารางคลินิก.pdf"])
            // Asking again gives the same open revision, not a second one.
            let again = try await staff.post("/staff/publications/\(item.publicationID.lowercased)/revise", [:])
            #expect(requestID(inLocation: again.location) == draftID)

            let form = try await staff.request(.GET, "/staff/requests/\(draftID.lowercased)/edit")
            #expect(form.text.contains("เปิดให้บริการทุกวันอังคาร"))
            let saved = try await staff.post(
                "/staff/requests/\(draftID.lowercased)/edit",
                [
                    "categoryId": room.categoryID("news").lowercased(), "title": "ตารางให้บริการคลินิกเลิกบุหรี่ (ปรับปรุง)",
                    "details": "เปิดให้บริการทุกวันพุธ", "version": String(try #require(form.formVersion))
                ])
            #expect(saved.status == .seeOther)
            // Until the revision is approved and published, the public still sees the first version.
            #expect(try await visitor(app, item.path).text.contains("ทุกวันอังคาร"))

            try await room.act("submit", draftID, by: room.staff)
            try await room.act("approve", draftID, by: room.head)
            let republished = try await room.publishApproved(draftID)
            #expect(republished.number == item.number)
            #expect(republished.publicationID == item.publicationID)

            let page = try await visitor(app, item.path)
            #expect(page.status == .ok)
            #expect(page.text.contains("ตารางให้บริการคลินิกเลิกบุหรี่ (ปรับปรุง)"))
            #expect(page.text.contains("ทุกวันพุธ"))
            #expect(!page.text.contains("ทุกวันอังคาร"))
            #expect(page.text.contains("ตารางคลินิก.pdf"))
            #expect(try await visitor(app, "/p/\(item.number + 1)").status == .notFound)
            #expect(try await Publication.query(on: app.db).count() == 1)

            // The history shows both revisions and every step of the second.
            let shown = try await room.staff.call(.GET, "/api/v1/requests/\(draftID.lowercased)")
            let history = try shown.json()["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["action"] as? String ?? "" } == ["revise", "edit", "submit", "approve", "publish"])
            #expect(try shown.json()["revision"] as? Int == 2)
            let requestPage = try await staff.request(.GET, "/staff/requests/\(draftID.lowercased)")
            #expect(requestPage.text.contains("ฉบับแก้ไขที่ 2"))
            #expect(requestPage.text.contains(#"href="/staff/requests/\#(item.requestID.lowercased)">ฉบับที่ 1</a>"#))
            #expect(requestPage.text.contains(#"href="/staff/requests/\#(draftID.lowercased)">ฉบับที่ 2</a>"#))
            #expect(requestPage.text.contains("(ฉบับที่แสดงอยู่)"))
        }
    }

    @Test func onlyStaffOfTheItemsUnitMayStartARevision() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ข่าวของกลุ่มงานสุขภาพดิจิทัล")
            try await makeUser(app, "outsider", roles: [.staff], unit: fixtures.otherUnit)
            let outsider = Browser(app)
            try await outsider.signIn("outsider")
            let refused = try await outsider.post("/staff/publications/\(item.publicationID.lowercased)/revise", [:])
            #expect(refused.status == .forbidden)
            let uploader = Browser(app)
            try await uploader.signIn("uploader")
            #expect(try await uploader.post("/staff/publications/\(item.publicationID.lowercased)/revise", [:]).status == .forbidden)
            #expect(try await PublicationRequest.query(on: app.db).count() == 1)
        }
    }
}
