import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Citizens' e-Service requests and complaints (issue 12 §1–§4): filing with a code and a secret,
/// the status page, the desk's steps, confidential types, due dates, overdue notices, statistics.
@Suite("e-Service: requests, complaints and the service desk")
struct EServiceTests {
    struct Filed {
        var code: String
        var secret: String
        var id: UUID
    }

    /// A citizen files a request of `slug` through the public form; returns what the receipt shows.
    static func file(
        _ app: Application, _ slug: String = "complaint", fields: [String: String] = [:], photo: Bool = true, citizen: Browser? = nil
    ) async throws -> Filed {
        let browser = citizen ?? Browser(app)
        var form = ["subject": "ไฟส่องสว่างหน้า รพ.สต. ดับ", "message": "ไฟดับมาสามคืนแล้ว ผู้ป่วยเดินลำบาก", "consent": "1", "field1": "รพ.สต.บ้านสวน"]
        form.merge(fields) { $1 }
        let response =
            photo
            ? try await browser.upload(EServiceRoute.submit(slug).path, fileName: "ภาพถ่าย.png", data: PhotoTests.photo(width: 64, height: 48, shade: 40), fields: form)
            : try await browser.post(EServiceRoute.submit(slug).path, form)
        // Filed: a redirect to the receipt (a GET: reloading it files nothing again).
        try #require(response.status == .seeOther, "\(response.status): \(response.text.prefix(2000))")
        #expect(response.headers.first(name: .cacheControl) == "no-store")
        let location = try #require(response.headers.first(name: .location))
        #expect(location.hasPrefix("/eservice/track/") && location.contains("/receipt?secret="))
        let receipt = try await browser.request(.GET, location)
        try #require(receipt.status == .ok, "\(receipt.status): \(receipt.text.prefix(2000))")
        #expect(receipt.headers.first(name: .cacheControl) == "no-store")
        #expect(receipt.headers.first(name: "Referrer-Policy") == "no-referrer")
        let codes = receipt.text.components(separatedBy: #"class="receipt-code">"#).dropFirst().map { String($0.prefix { $0 != "<" }) }
        try #require(codes.count == 2)
        #expect(location == EServicePublicPages.receiptPath(code: codes[0], secret: codes[1]))
        let stored = try #require(try await ServiceRequest.query(on: app.db).filter(\.$trackingCode == codes[0]).first())
        return Filed(code: codes[0], secret: codes[1], id: try stored.requireID())
    }

    static func status(_ app: Application, _ filed: Filed, secret: String? = nil) async throws -> TestingHTTPResponse {
        try await visitor(app, EServicePublicPages.statusPath(code: filed.code, secret: secret ?? filed.secret))
    }

    func signedIn(_ app: Application, _ username: String) async throws -> Browser {
        let browser = Browser(app)
        try await browser.signIn(username)
        return browser
    }

    @Test func aComplaintGoesFromTheCitizenThroughTheDeskAndBackToTheCitizen() async throws {
        try await withPrakat { app, fixtures, clock in
            let filed = try await Self.file(app)
            #expect(filed.code.hasPrefix("\(FiscalYear.containing(clock.now()).beYear)-"))
            #expect(try await ServiceFile.query(on: app.db).filter(\.$requestID == filed.id).count() == 1)
            // The status page with the secret; a wrong secret and a made-up code answer alike.
            let status = try await Self.status(app, filed)
            #expect(status.status == .ok)
            #expect(status.text.contains(ServiceRequestState.received.thaiName))
            #expect(status.headers.first(name: "Referrer-Policy") == "no-referrer")
            let wrong = try await Self.status(app, filed, secret: "AAAAAAAAAAAAAAAA")
            let madeUp = try await visitor(app, EServicePublicPages.statusPath(code: "2570-999999", secret: filed.secret))
            #expect(wrong.status == .notFound && madeUp.status == .notFound)
            #expect(!wrong.text.contains("ไฟส่องสว่าง") && wrong.text.contains(EServiceText.notFound) && madeUp.text.contains(EServiceText.notFound))
            #expect(try await visitor(app, EServiceRoute.status(filed.code).path).status == .notFound)

            // The desk sees it, assigns it to the unit; the unit's people are told.
            let desk = try await signedIn(app, "servicedesk")
            #expect(try await desk.request(.GET, EServiceRoute.desk.path).text.contains(filed.code))
            let unitID = try fixtures.unit.requireID()
            let assigned = try await desk.post(EServiceRoute.step(filed.id, .assign).path, ["unitId": unitID.lowercased])
            #expect(assigned.status == .seeOther)
            let staffID = try #require(fixtures.users[.staff]?.id)
            let notices = try await StaffNotification.query(on: app.db).filter(\.$userID == staffID).filter(\.$kind == NotificationKind.serviceAssigned.rawValue).all()
            #expect(notices.count == 1)
            #expect(notices.first?.subject.contains(filed.code) == true && notices.first?.subject.contains("ไฟส่องสว่าง") == false)

            // The unit notes internally and replies publicly; the citizen sees only the reply.
            let staff = try await signedIn(app, "staff")
            #expect(try await staff.post(EServiceRoute.step(filed.id, .reply).path, ["message": "บันทึกภายใน: ช่างคือคุณสมศักดิ์", "visibility": "internal"]).status == .seeOther)
            #expect(
                try await staff.post(EServiceRoute.step(filed.id, .reply).path, ["message": "ได้ประสานช่างไฟฟ้าแล้ว <b>ซ่อมภายในสัปดาห์นี้</b>", "visibility": "public"]).status == .seeOther
            )
            let answered = try await Self.status(app, filed)
            #expect(answered.text.contains("ได้ประสานช่างไฟฟ้าแล้ว &lt;b&gt;ซ่อมภายในสัปดาห์นี้&lt;/b&gt;"))
            #expect(!answered.text.contains("ช่างคือคุณสมศักดิ์"))
            #expect(answered.text.contains(ServiceRequestState.answered.thaiName))

            // The citizen adds information (it reopens the work), cannot rate before closing.
            let citizen = Browser(app)
            let added = try await citizen.post(EServiceRoute.addInformation(filed.code).path, ["secret": filed.secret, "message": "ไฟดับอีกดวงที่ลานจอดรถ"])
            #expect(added.status == .seeOther)
            #expect(try await ServiceRequest.find(filed.id, on: app.db)?.state == .inProgress)
            let early = try await citizen.post(EServiceRoute.rate(filed.code).path, ["secret": filed.secret, "score": "5"])
            #expect(early.status == .conflict && early.text.contains(EServiceText.notClosedYet))

            // Closed with an outcome; the citizen rates once.
            #expect(try await staff.post(EServiceRoute.step(filed.id, .close).path, ["outcome": ""]).status == .unprocessableEntity)
            #expect(try await staff.post(EServiceRoute.step(filed.id, .close).path, ["outcome": "ซ่อมไฟครบทุกดวงแล้ว"]).status == .seeOther)
            let closed = try await Self.status(app, filed)
            #expect(closed.text.contains("ซ่อมไฟครบทุกดวงแล้ว") && closed.text.contains(#"action="\#(EServiceRoute.rate(filed.code).path)""#))
            for bad in ["0", "6", "five", "", "4.5"] {
                let refused = try await citizen.post(EServiceRoute.rate(filed.code).path, ["secret": filed.secret, "score": bad])
                #expect(refused.status == .unprocessableEntity, "score \(bad)")
                #expect(refused.text.contains(EServiceText.scoreInvalid))
            }
            #expect(try await citizen.post(EServiceRoute.rate(filed.code).path, ["secret": "WRONG", "score": "5"]).status == .notFound)
            #expect(try await citizen.post(EServiceRoute.rate(filed.code).path, ["secret": filed.secret, "score": "5", "comment": "รวดเร็วมาก"]).status == .seeOther)
            let again = try await citizen.post(EServiceRoute.rate(filed.code).path, ["secret": filed.secret, "score": "1"])
            #expect(again.status == .conflict)
            #expect(try await ServiceRequest.find(filed.id, on: app.db)?.ratedAt != nil)
            // The rating counts in the satisfaction results; its comment is not public.
            let rating = try #require(try await SatisfactionResponse.query(on: app.db).filter(\.$eserviceRequestID == filed.id).first())
            #expect(rating.score == 5 && rating.comment == "รวดเร็วมาก")
            let results = try await APIClient.anonymous(app).call(.GET, "/api/v1/satisfaction").json()
            #expect(results["count"] as? Int == 1)
            // Closed: no more information; the desk may reopen.
            #expect(try await citizen.post(EServiceRoute.addInformation(filed.code).path, ["secret": filed.secret, "message": "เพิ่ม"]).status == .conflict)
            #expect(try await staff.post(EServiceRoute.step(filed.id, .reopen).path, [:]).status == .seeOther)
            #expect(try await ServiceRequest.find(filed.id, on: app.db)?.state == .closed)
            #expect(try await desk.post(EServiceRoute.step(filed.id, .reopen).path, [:]).status == .seeOther)
            #expect(try await ServiceRequest.find(filed.id, on: app.db)?.state == .inProgress)

            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityID == filed.id.lowercased).sort(\.$sequence).all().map(\.action)
            #expect(
                actions
                    == [
                        AuditAction.serviceRequestSubmitted, .serviceRequestAssigned, .serviceRequestNoted, .serviceRequestReplied, .serviceRequestInfoAdded,
                        .serviceRequestClosed, .serviceRequestRated, .serviceRequestReopened
                    ].map(\.rawValue))
            // The secret is a credential: never in the audit trail, never stored in clear.
            let trail = try await AuditEntry.query(on: app.db).all().map { "\($0.details) \($0.reason ?? "")" }.joined()
            #expect(!trail.contains(filed.secret))
            #expect(try await ServiceRequest.find(filed.id, on: app.db)?.secretHash != filed.secret)
        }
    }

    /// The form's POST answered with the receipt itself: a citizen who reloaded it was asked to
    /// send the form again, and a second request was filed. The receipt is now its own address.
    @Test func reloadingTheReceiptFilesNothingAgainAndItNeedsTheSecret() async throws {
        try await withPrakat { app, _, _ in
            let filed = try await Self.file(app, photo: false)
            let path = EServicePublicPages.receiptPath(code: filed.code, secret: filed.secret)
            for _ in 0..<2 {
                let again = try await visitor(app, path)
                #expect(again.status == .ok && again.text.contains(filed.secret))
            }
            #expect(try await ServiceRequest.query(on: app.db).count() == 1)
            // Without its secret, or with another, it is the status page's "not found" and shows nothing of it.
            for wrong in [EServiceRoute.receipt(filed.code).path, EServicePublicPages.receiptPath(code: filed.code, secret: "ABCD-EFGH")] {
                let refused = try await visitor(app, wrong)
                #expect(refused.status == .notFound && !refused.text.contains(filed.secret))
            }
        }
    }

    @Test func badSubmissionsAreRefusedBesideTheirFieldsAndKeepWhatWasTyped() async throws {
        try await withPrakat { app, _, _ in
            let citizen = Browser(app)
            let path = EServiceRoute.submit("complaint").path
            let noConsent = try await citizen.post(path, ["subject": "หัวเรื่อง <script>alert(1)</script>", "message": "รายละเอียด"])
            #expect(noConsent.status == .unprocessableEntity)
            #expect(noConsent.text.contains(#"id="consent-error""#))
            #expect(noConsent.text.contains("หัวเรื่อง &lt;script&gt;alert(1)&lt;/script&gt;") && !noConsent.text.contains("<script>alert(1)"))
            let empty = try await citizen.post(path, ["consent": "1"])
            #expect(empty.text.contains(#"id="subject-error""#) && empty.text.contains(#"id="message-error""#))
            let long = try await citizen.post(path, ["subject": String(repeating: "ก", count: 201), "message": "ข", "consent": "1"])
            #expect(long.status == .unprocessableEntity && long.text.contains(#"id="subject-error""#))
            let control = try await citizen.post(path, ["subject": "หัวเรื่อง\u{7}", "message": "ข", "consent": "1", "email": "ไม่ใช่อีเมล", "phone": "12"])
            #expect(control.text.contains(#"id="subject-error""#) && control.text.contains(#"id="email-error""#) && control.text.contains(#"id="phone-error""#))
            // A type that needs a name and a way to answer.
            let named = try await citizen.post(EServiceRoute.submit("official-information").path, ["subject": "ขอสำเนา", "message": "ขอสำเนาสัญญา", "consent": "1"])
            #expect(named.text.contains(#"id="name-error""#) && named.text.contains(#"id="phone-error""#) && named.text.contains(#"id="field1-error""#))
            // A program renamed as a photo is refused by content; nothing is saved.
            let program = try await citizen.upload(
                path, fileName: "ภาพ.png", data: TestFiles.windowsProgram, fields: ["subject": "หัวเรื่อง", "message": "ข", "consent": "1"])
            #expect(program.status == .unprocessableEntity && program.text.contains(#"id="file-error""#) && program.text.contains("กรุณาเลือกไฟล์แนบอีกครั้ง"))
            #expect(try await ServiceRequest.query(on: app.db).count() == 0)
            // A type that does not exist, or is closed for new requests.
            #expect(try await citizen.post(EServiceRoute.submit("no-such-type").path, ["consent": "1"]).status == .notFound)
        }
    }

    @Test func confidentialComplaintsAreSeenOnlyByThePeopleTheAgencyNamed() async throws {
        try await withPrakat { app, fixtures, _ in
            let type = try #require(try await ServiceType.query(on: app.db).filter(\.$slug == "corruption").first())
            let auditorID = try #require(fixtures.users[.auditor]?.id)
            try await ServiceTypePerson(typeID: try type.requireID(), userID: auditorID).create(on: app.db)
            let filed = try await Self.file(app, "corruption", fields: ["subject": "เรียกรับเงินค่าอำนวยความสะดวก"], photo: false)
            for username in ["servicedesk", "staff", "unithead", "administrator", "webmaster"] {
                let browser = try await signedIn(app, username)
                #expect(try await browser.request(.GET, EServiceRoute.request(filed.id).path).status == .notFound, "\(username)")
                #expect(!(try await browser.request(.GET, EServiceRoute.desk.path).text.contains(filed.code)), "\(username)")
                #expect(try await browser.post(EServiceRoute.step(filed.id, .reply).path, ["message": "x"]).status == .notFound, "\(username)")
            }
            let named = try await signedIn(app, "auditor")
            #expect(try await named.request(.GET, EServiceRoute.desk.path).text.contains(filed.code))
            #expect(try await named.request(.GET, EServiceRoute.request(filed.id).path).text.contains("เรียกรับเงิน"))
            // Only the named people were told, and the notice does not carry the citizen's words.
            let told = try await StaffNotification.query(on: app.db).all()
            #expect(Set(told.map(\.userID)) == [auditorID])
            #expect(told.allSatisfy { !$0.subject.contains("เรียกรับเงิน") })
            // Assigning it to someone not named is refused.
            let refused = try await named.post(
                EServiceRoute.step(filed.id, .assign).path, ["unitId": try fixtures.unit.requireID().lowercased, "userId": try #require(fixtures.users[.staff]?.id).lowercased])
            #expect(refused.status == .unprocessableEntity && refused.text.contains(EServiceText.assigneeNotNamed))
            // The API list follows the same rule.
            let desk = try await APIClient.signIn(app, "servicedesk")
            #expect(!(try await desk.call(.GET, "/api/v1/eservice/requests").text.contains(filed.code)))
            let auditor = try await APIClient.signIn(app, "auditor")
            #expect(try await auditor.call(.GET, "/api/v1/eservice/requests").text.contains(filed.code))
        }
    }

    @Test func dueDatesCountWorkingDaysAndOverdueRequestsAreFlaggedAndTold() async throws {
        try await withPrakat { app, fixtures, clock in
            // Thursday 3 December 2026, 10:00 Bangkok: 5 working days (4, 8, 9, 11, 14) skip the
            // weekends, the 7th (the substitute for Father's Day) and the 10th (Constitution Day).
            clock.set(try #require(RFC3339.parse("2026-12-03T10:00:00+07:00")))
            let filed = try await Self.file(app, "question", photo: false)
            let request = try #require(try await ServiceRequest.find(filed.id, on: app.db))
            #expect(CalendarDate.bangkok(containing: request.dueAt.addingTimeInterval(-1)).iso == "2026-12-14")
            // An administrator adds a holiday: later requests count it.
            let admin = try await signedIn(app, "administrator")
            #expect(try await admin.post(EServiceRoute.holidayAdd.path, ["day": "11/12/2569", "name": "วันหยุดพิเศษ"]).status == .seeOther)
            #expect(try await admin.post(EServiceRoute.holidayAdd.path, ["day": "2026-12-11", "name": "ซ้ำ"]).status == .unprocessableEntity)
            #expect(try await admin.post(EServiceRoute.holidayAdd.path, ["day": "31/02/2569", "name": "ไม่มีวันนี้"]).status == .unprocessableEntity)
            let later = try await Self.file(app, "question", photo: false)
            let laterDue = try #require(try await ServiceRequest.find(later.id, on: app.db)?.dueAt)
            #expect(CalendarDate.bangkok(containing: laterDue.addingTimeInterval(-1)).iso == "2026-12-15")

            // Past due: the reminder job flags it once and tells the desk.
            clock.set(request.dueAt.addingTimeInterval(3600))
            let job = ReminderJob(db: app.db, writer: app.writer, notifier: app.notifier)
            #expect(try await job.run(now: clock.now()).notices >= 1)
            #expect(try await job.run(now: clock.now()).notices == 0)
            let deskID = try #require(fixtures.users[.serviceDesk]?.id)
            #expect(try await StaffNotification.query(on: app.db).filter(\.$userID == deskID).filter(\.$kind == NotificationKind.serviceOverdue.rawValue).count() == 1)
            let deskUser = try #require(fixtures.users[.serviceDesk])
            #expect(try await ServiceDeskCounts.overdue(for: deskUser, on: app.db) == 1)
            let list = try await signedIn(app, "servicedesk").request(.GET, EServiceRoute.desk.path + "?overdue=1")
            #expect(list.text.contains(filed.code) && !list.text.contains(later.code))
        }
    }

    @Test func theAPIFilesTracksAndWorksRequests() async throws {
        try await withPrakat { app, fixtures, _ in
            let anonymous = APIClient.anonymous(app)
            let types = try await anonymous.call(.GET, "/api/v1/eservice/types").json()
            let items = try #require(types["items"] as? [[String: Any]])
            #expect(items.count == 5)
            let question = try #require(items.first { $0["slug"] as? String == "question" }?["id"] as? String)
            let filed = try await anonymous.send(
                .POST, "/api/v1/eservice/requests", ["typeId": question, "subject": "เวลาเปิดทำการ", "message": "เปิดวันเสาร์ไหม", "consent": true])
            #expect(filed.status == .created)
            let receipt = try filed.json()
            let code = try #require(receipt["trackingCode"] as? String)
            let secret = try #require(receipt["secret"] as? String)
            #expect((receipt["statusUrl"] as? String)?.contains("secret=\(secret)") == true)
            #expect(try await anonymous.call(.GET, "/api/v1/eservice/requests/\(code)").status == .notFound)
            #expect(try await anonymous.call(.GET, "/api/v1/eservice/requests/\(code)?secret=nope").status == .notFound)
            // An empty secret is not holding it (found by schemathesis: it was a 400).
            #expect(try await anonymous.call(.GET, "/api/v1/eservice/requests/\(code)?secret=").status == .notFound)
            #expect(try await anonymous.call(.GET, "/api/v1/eservice/requests/2494-245500?secret=").status == .notFound)
            let noConsent = try await anonymous.send(.POST, "/api/v1/eservice/requests", ["typeId": question, "subject": "ก", "message": "ข", "consent": false])
            #expect(noConsent.status == .unprocessableEntity && noConsent.text.contains("consent"))
            #expect(try await anonymous.call(.POST, "/api/v1/eservice/requests", json: "{not json").status == .badRequest)
            // A multipart body without any part is not multipart (RFC 2046 needs one): 400, not a 500.
            let empty = try await anonymous.call(.POST, "/api/v1/eservice/requests", json: "--b0undary--\r\n", contentType: "multipart/form-data; boundary=b0undary")
            #expect(empty.status == .badRequest)
            #expect(try await anonymous.call(.GET, "/api/v1/eservice/requests").status == .unauthorized)

            let desk = try await APIClient.signIn(app, "servicedesk")
            let list = try await desk.call(.GET, "/api/v1/eservice/requests?state=received").json()
            let row = try #require((list["items"] as? [[String: Any]])?.first)
            let id = try #require(row["id"] as? String)
            #expect(try await desk.call(.GET, "/api/v1/eservice/requests?state=done").status == .badRequest)
            let unit = try fixtures.unit.requireID().lowercased
            #expect(try await desk.send(.POST, "/api/v1/eservice/requests/\(id)/assign", ["unitId": unit]).status == .ok)
            _ = try await makeUser(app, "outsider", roles: [.staff], unit: fixtures.otherUnit)
            let outsider = try await APIClient.signIn(app, "outsider")
            #expect(try await outsider.send(.POST, "/api/v1/eservice/requests/\(id)/reply", ["message": "x", "public": true]).status == .notFound)
            let staff = try await APIClient.signIn(app, "staff")
            #expect(try await staff.send(.POST, "/api/v1/eservice/requests/\(id)/reply", ["message": "เปิดวันเสาร์ 8:30–12:00", "public": true]).status == .created)
            #expect(try await staff.send(.POST, "/api/v1/eservice/requests/\(id)/assign", ["unitId": unit]).status == .forbidden)
            let closed = try await staff.send(.POST, "/api/v1/eservice/requests/\(id)/close", ["outcome": "ตอบคำถามแล้ว"])
            let closedState = try closed.json()["state"] as? String
            #expect(closed.status == .ok && closedState == "closed")
            #expect(try await staff.send(.POST, "/api/v1/eservice/requests/\(id)/close", ["outcome": "อีกครั้ง"]).status == .conflict)

            let status = try await anonymous.call(.GET, "/api/v1/eservice/requests/\(code)?secret=\(secret)").json()
            #expect(status["state"] as? String == "closed")
            #expect((status["replies"] as? [[String: Any]])?.first?["message"] as? String == "เปิดวันเสาร์ 8:30–12:00")
            for bad in [0, 6] {
                #expect(try await anonymous.send(.POST, "/api/v1/eservice/requests/\(code)/rating", ["secret": secret, "score": bad]).status == .unprocessableEntity)
            }
            #expect(try await anonymous.call(.POST, "/api/v1/eservice/requests/\(code)/rating", json: #"{"secret":"\#(secret)","score":"five"}"#).status == .unprocessableEntity)
            #expect(try await anonymous.send(.POST, "/api/v1/eservice/requests/\(code)/rating", ["secret": secret, "score": 4]).status == .created)
            #expect(try await anonymous.send(.POST, "/api/v1/eservice/requests/\(code)/rating", ["secret": secret, "score": 4]).status == .conflict)

            let stats = try await anonymous.call(.GET, "/api/v1/eservice/stats").json()
            #expect(stats["total"] as? Int == 1)
            #expect(stats["onTimeRate"] as? Double == 1)
            #expect(((stats["byChannel"] as? [[String: Any]])?.first { $0["key"] as? String == "api" }?["count"] as? Int) == 1)
            #expect(try await anonymous.call(.GET, "/api/v1/eservice/stats?fiscalYear=3000").status == .badRequest)
        }
    }

    @Test func statisticsArePublicPrintableExportableAndSentToPublishing() async throws {
        try await withPrakat { app, _, _ in
            _ = try await Self.file(app, photo: false)
            let page = try await visitor(app, EServiceRoute.stats.path)
            #expect(page.status == .ok && page.text.contains(EServiceText.statsTitle))
            #expect(!page.text.contains("ไฟส่องสว่าง"))
            #expect(try await visitor(app, EServiceRoute.stats.path + "?fiscalYear=abc").status == .badRequest)
            #expect(try await visitor(app, EServiceRoute.statsPrint.path).status == .ok)
            let csv = try await visitor(app, EServiceRoute.statsCSV.path)
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("เรื่องที่ได้รับ,1"))
            // A staff member sends the report to publishing once (filed under §1.9, tagged MOIT10);
            // a second press opens the same request.
            try await SiteCategory(slug: "e-service", nameTh: "บริการออนไลน์ (e-Service)", nameEn: "e-Service", clause: "1.9", position: 9).create(on: app.db)
            let staff = try await signedIn(app, "staff")
            let sent = try await staff.post(EServiceRoute.statsPublish.path, ["fiscalYear": "", "half": ""])
            #expect(sent.status == .seeOther && sent.location?.hasPrefix(PublishingRoute.requests.path + "/") == true, "\(sent.location ?? "")")
            let request = try #require(try await PublicationRequest.query(on: app.db).first())
            #expect(request.title.contains("สถิติเรื่องร้องเรียน"))
            let tagged = try await RequestChecklistTag.query(on: app.db).filter(\.$requestID == request.requireID()).all().map(\.checklistItemID)
            let codes = try await ChecklistItem.query(on: app.db).filter(\.$id ~~ tagged).all().map(\.code)
            #expect(codes.contains("MOIT10"))
            let again = try await staff.post(EServiceRoute.statsPublish.path, ["fiscalYear": "", "half": ""])
            #expect(again.location == sent.location)
            #expect(try await signedIn(app, "servicedesk").post(EServiceRoute.statsPublish.path, [:]).status == .forbidden)
        }
    }

    @Test func administratorsKeepTheCatalogue() async throws {
        try await withPrakat { app, fixtures, _ in
            let admin = try await signedIn(app, "administrator")
            let bad = try await admin.post(EServiceRoute.typeCreate.path, ["slug": "Bad Slug", "name": "", "days": "0", "confidential": "1"])
            #expect(bad.status == .unprocessableEntity)
            for field in ["slug", "name", "days", "people"] { #expect(bad.text.contains(#"id="\#(field)-error""#), "\(field)") }
            let taken = try await admin.post(EServiceRoute.typeCreate.path, ["slug": "complaint", "name": "ซ้ำ", "days": "5"])
            #expect(taken.text.contains(EServiceText.slugTaken))
            let made = try await admin.post(
                EServiceRoute.typeCreate.path,
                ["slug": "vaccine", "name": "ขอรับวัคซีน", "days": "3", "fields": "วันที่สะดวก*\nสถานที่", "unitId": try fixtures.unit.requireID().lowercased, "active": "1"])
            #expect(made.status == .seeOther)
            let form = try await visitor(app, EServiceRoute.form("vaccine").path)
            #expect(form.text.contains("วันที่สะดวก") && form.text.contains(#"name="field2""#))
            // Its requests go straight to its unit.
            let filed = try await Self.file(app, "vaccine", fields: ["field1": "15 ธ.ค.", "name": "นายสมหมาย ใจงาม", "phone": "081-234-5678"], photo: false)
            let request = try #require(try await ServiceRequest.find(filed.id, on: app.db))
            #expect(request.unitID == fixtures.unit.id && request.state == .assigned)
            #expect(try await signedIn(app, "servicedesk").request(.GET, EServiceRoute.types.path).status == .forbidden)
        }
    }

    @Test func aFloodFromOneAddressIsSlowedDown() async throws {
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_FORMS": "3", "PRAKAT_RATE_LIMIT_SEARCH": "3"]) { app, _, _ in
            let citizen = Browser(app)
            let path = EServiceRoute.submit("question").path
            var statuses: [HTTPStatus] = []
            for _ in 0..<4 { statuses.append(try await citizen.post(path, ["subject": "ถาม", "message": "ถาม", "consent": "1"]).status) }
            #expect(statuses.last == .tooManyRequests, "\(statuses)")
            let api = APIClient.anonymous(app)
            #expect(
                try await api.send(.POST, "/api/v1/eservice/requests", ["typeId": UUID().uuidString, "subject": "ก", "message": "ข", "consent": true]).status == .tooManyRequests)
            // Guessing secrets is limited like search.
            var lookups: [HTTPStatus] = []
            for guess in 0..<4 { lookups.append(try await citizen.request(.GET, EServicePublicPages.statusPath(code: "2570-000001", secret: "GUESS\(guess)")).status) }
            #expect(lookups == [.notFound, .notFound, .notFound, .tooManyRequests])
        }
    }

    /// The XSS corpus in every field a citizen or the desk types, read back on every page that
    /// shows it: the citizen's status page, the desk's list and request page, the API.
    @Test func markupInEveryFieldIsShownAsText() async throws {
        try await withPrakat { app, _, _ in
            let staff = try await signedIn(app, "servicedesk")
            for (index, payload) in AttackCorpus.xss.enumerated() where index % 3 == 0 {
                let filed = try await Self.file(
                    app, fields: ["subject": "ร้องเรียน \(payload)", "message": payload, "field1": payload, "field2": payload, "name": payload, "email": ""],
                    photo: false)
                #expect(try await staff.post(EServiceRoute.step(filed.id, .reply).path, ["message": payload, "visibility": "public"]).status == .seeOther)
                #expect(try await staff.post(EServiceRoute.step(filed.id, .close).path, ["outcome": payload]).status == .seeOther)
                for page in [
                    try await Self.status(app, filed), try await staff.request(.GET, EServiceRoute.request(filed.id).path),
                    try await staff.request(.GET, EServiceRoute.desk.path)
                ] {
                    #expect(AttackXSSTests.dangers(page.text).isEmpty, "\(payload): \(AttackXSSTests.dangers(page.text))")
                }
            }
        }
    }

    @Test func aPublicReplyBecomesAPublicQuestionAndAnswerWithOneAction() async throws {
        try await withPrakat { app, _, _ in
            let filed = try await Self.file(
                app, "question", fields: ["subject": "คลินิกวัคซีนเปิดวันเสาร์ไหม", "message": "อยากพาลูกไปฉีดวัคซีนวันเสาร์", "name": "นางสาวใจดี มีสุข"], photo: false)
            let desk = try await signedIn(app, "servicedesk")
            #expect(try await desk.post(EServiceRoute.step(filed.id, .reply).path, ["message": "เปิดทุกวันเสาร์แรกของเดือน 8:30–12:00 น.", "visibility": "public"]).status == .seeOther)
            let page = try await desk.request(.GET, EServiceRoute.request(filed.id).path)
            let reply = try #require(try await ServiceEvent.query(on: app.db).filter(\.$requestID == filed.id).filter(\.$kindRaw == "publicReply").first())
            let action = EServiceRoute.publishReply(filed.id, try reply.requireID()).path
            #expect(page.text.contains(#"action="\#(action)""#))
            let published = try await desk.post(action, [:])
            #expect(published.status == .seeOther && published.location?.hasPrefix("/staff/questions/") == true)
            let list = try await visitor(app, "/questions")
            #expect(list.text.contains("คลินิกวัคซีนเปิดวันเสาร์ไหม") && list.text.contains("เปิดทุกวันเสาร์แรกของเดือน"))
            #expect(!list.text.contains("นางสาวใจดี"))
            // Once: the button is gone and a second post changes nothing.
            #expect(!(try await desk.request(.GET, EServiceRoute.request(filed.id).path).text.contains(#"action="\#(action)""#)))
            #expect(try await Question.query(on: app.db).count() == 1)
            // Staff of a unit cannot publish; a confidential complaint never can.
            let staff = try await signedIn(app, "staff")
            #expect(try await staff.post(action, [:]).status == .notFound)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityID == filed.id.lowercased).all().map(\.action)
            #expect(actions.contains(AuditAction.serviceReplyPublishedAsQuestion.rawValue))
        }
    }
}
