import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// The head of agency's permission (อนุญาต / ไม่อนุญาต) as an agency setting, and the request
/// form's phone and e-saraban number.
@Suite("Head of agency's permission")
struct AgencyHeadPermissionAppTests {
    func turnOn(_ app: Application, delegate: UUID? = nil) async throws -> TestingHTTPResponse {
        let admin = Browser(app)
        try await admin.signIn("administrator")
        var form = ["required": "1"]
        if let delegate { form["delegateId"] = delegate.lowercased }
        return try await admin.post(AgencyRoute.savePermission.path, form)
    }

    @Test func theApprovedRequestWaitsForTheHeadOfAgencyWhoPermits() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            #expect(try await turnOn(app).status == .seeOther)
            #expect(try await AgencyHeadPermission.current(on: app.db) == AgencyHeadPermission(required: true, delegateID: nil))
            let id = try await room.draft(title: "ประกาศรับสมัครงาน", fields: ["requesterPhone": "038 285 511 ต่อ 123", "esarabanNumber": "ชบ 0033.008/1234"])
            #expect(try await room.act("submit", id, by: room.staff).status == .ok)
            let approved = try await room.act("approve", id, by: room.head)
            #expect(approved.status == .ok)
            #expect(try await room.request(id).state == .awaitingPermission)
            // Nobody publishes before the permission.
            #expect(try await room.act("publish", id, by: room.uploader).status == .conflict)
            #expect(try await room.act("permit", id, by: room.head).status == .forbidden)
            // The head of agency sees it on the desk and in the shell's counts.
            let chiefBrowser = Browser(app)
            try await chiefBrowser.signIn("agencyhead")
            let desk = try await chiefBrowser.request(.GET, PublishingRoute.desk.path)
            #expect(desk.text.contains("inbox-permission") && desk.text.contains("ประกาศรับสมัครงาน"))
            let page = try await chiefBrowser.request(.GET, PublishingRoute.request(id).path)
            #expect(page.text.contains(PublishingRoute.requestAction(id, .permit).path) && page.text.contains(PublishingRoute.requestAction(id, .refuse).path))

            clock.advance(by: 3600)
            let chief = try await APIClient.signIn(app, "agencyhead")
            let permitted = try await room.act("permit", id, by: chief)
            #expect(permitted.status == .ok, "\(permitted.text)")
            let request = try await room.request(id)
            #expect(request.state == .approved && request.permitterID == fixtures.users[.agencyHead]?.id && request.permittedAt == clock.now())
            #expect(request.requesterPhone == "038 285 511 ต่อ 123" && request.esarabanNumber == "ชบ 0033.008/1234")
            #expect(try await room.act("permit", id, by: chief).status == .conflict)
            // The memo prints it as signed in the system, with the time; the e-saraban number is its ที่.
            try await chiefBrowser.signIn("agencyhead")
            let memo = try await chiefBrowser.request(.GET, PublishingRoute.printMemo(id).path)
            #expect(memo.text.contains("(✓) อนุญาต ( ) ไม่อนุญาต") && memo.text.contains("ลงนามในระบบ ") && memo.text.contains("ชบ ๐๐๓๓.๐๐๘/๑๒๓๔"))
            #expect(memo.status == .ok, "\(memo.status) \(memo.text.prefix(300))")
            let form = try await chiefBrowser.request(.GET, PublishingRoute.printForm(id).path)
            #expect(form.text.contains("โทร. ๐๓๘ ๒๘๕ ๕๑๑ ต่อ ๑๒๓"))
            _ = try await room.publishApproved(id)
            #expect(try await room.auditActions(for: id).contains(AuditAction.requestPermitted.rawValue))
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func theHeadOfAgencyRefusesWithAReasonAndANamedDelegateAloneDecides() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let delegate = try await makeUser(app, "deputy", roles: [.agencyHead], unit: nil, displayName: "นายรอง ผู้ได้รับมอบหมาย")
            // Only an account holding the role can be named.
            #expect(try await turnOn(app, delegate: try fixtures.staff.requireID()).status == .unprocessableEntity)
            #expect(try await turnOn(app, delegate: try delegate.requireID()).status == .seeOther)
            let id = try await room.draft(title: "ข่าวที่ไม่ควรเผยแพร่")
            try await room.act("submit", id, by: room.staff)
            try await room.act("approve", id, by: room.head)
            // The head of agency is not the named delegate now.
            #expect(try await room.act("refuse", id, by: try await APIClient.signIn(app, "agencyhead"), ["reason": "ไม่เหมาะสม"]).status == .forbidden)
            let deputy = try await APIClient.signIn(app, "deputy")
            #expect(try await room.act("refuse", id, by: deputy, ["reason": "  "]).status == .unprocessableEntity)
            #expect(try await room.act("refuse", id, by: deputy, ["reason": "ข้อมูลยังไม่ครบถ้วน"]).status == .ok)
            let request = try await room.request(id)
            #expect(request.state == .rejected && request.stateReason == "ข้อมูลยังไม่ครบถ้วน" && request.permitterID == delegate.id)
            let memo = try await Browser(app).request(.GET, PublishingRoute.printMemo(id).path)
            #expect(memo.status != .ok)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func urgentRequestsGoUpFirstAndTheSettingOffChangesNothing() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            // Off (the default): approval leads straight to publishing, as before.
            let plain = try await room.draft(title: "ข่าวปกติ")
            try await room.act("submit", plain, by: room.staff)
            try await room.act("approve", plain, by: room.head)
            #expect(try await room.request(plain).state == .approved)
            #expect(try await turnOn(app).status == .seeOther)
            let urgent = try await room.draft(title: "ประกาศเตือนภัยด่วน", fields: ["urgent": true])
            try await room.act("submit", urgent, by: room.staff)
            try await room.act("approve", urgent, by: room.head)
            #expect(try await room.request(urgent).state == .awaitingPermission)
            _ = try await room.publishApproved(urgent)
            #expect(try await room.request(urgent).state == .published)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func thePhoneAndTheDocumentNumberAreChecked() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let body: [String: Any] = [
                "categoryId": room.categoryID("news"), "title": "ทดสอบ", "details": "รายละเอียด", "requesterPhone": "12345",
                "esarabanNumber": String(repeating: "ก", count: 61)
            ]
            let refused = try await room.staff.send(.POST, "/api/v1/requests", body)
            #expect(refused.status == .unprocessableEntity)
            let fields = Set(try refused.fieldErrors().map(\.field))
            #expect(fields.contains("requesterPhone") && fields.contains("esarabanNumber"))
            // The page form keeps what was typed and says what is wrong in Thai.
            let browser = Browser(app)
            try await browser.signIn("staff")
            let page = try await browser.post(
                PublishingRoute.requestCreate.path,
                ["categoryId": room.categoryID("news"), "title": "ทดสอบ", "details": "รายละเอียด", "requesterPhone": "โทรหาฉัน", "esarabanNumber": "ชบ 1\n2"])
            #expect(page.status == .unprocessableEntity && page.text.contains(PublishingText.phoneInvalid) && page.text.contains(PublishingText.esarabanInvalid))
            #expect(page.text.contains("โทรหาฉัน"))
            try await expectAuditVocabulary(app.db)
        }
    }
}
