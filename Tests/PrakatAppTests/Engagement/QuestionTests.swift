import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Public questions and answers (issue 12 §5): asked by anyone, held for moderation, answered and
/// published by the service desk or the webmaster, searchable and paged on `/questions` and the API.
@Suite("Public questions and answers")
struct QuestionTests {
    func moderator(_ app: Application, _ username: String = "servicedesk") async throws -> Browser {
        let browser = Browser(app)
        try await browser.signIn(username)
        return browser
    }

    @Test func aQuestionWaitsIsAnsweredPublishedFoundAndUnpublished() async throws {
        try await withPrakat { app, fixtures, clock in
            let asker = Asker(app, clock)
            let sent = try await asker.ask([
                "subject": "ขอใบรับรองแพทย์สำหรับสมัครงานได้ที่ไหน", "message": "ต้องการใบรับรองแพทย์\r\nใช้เอกสารอะไรบ้างคะ", "name": "สมศรี"
            ])
            #expect(sent.status == .seeOther)
            #expect(sent.location == QuestionsRoute.thanks.path)
            let thanks = try await asker.browser.request(.GET, QuestionsRoute.thanks.path)
            #expect(thanks.status == .ok && thanks.text.contains(QuestionsText.thanksText))
            let question = try #require(try await Question.query(on: app.db).first())
            let id = try question.requireID()
            #expect(question.state == .pending && question.source == .web)
            #expect(question.message == "ต้องการใบรับรองแพทย์\nใช้เอกสารอะไรบ้างคะ")
            #expect(question.askerName == "สมศรี")
            // Pending: not on the public page, not in the API, not in search.
            #expect(!(try await visitor(app, "/questions").text.contains("ใบรับรองแพทย์")))
            #expect(try await APIClient(app: app).call(.GET, "/api/v1/questions").json()["total"] as? Int == 0)

            // The service desk sees it waiting, with a count in the menu.
            let desk = try await moderator(app)
            let queue = try await desk.request(.GET, QuestionsRoute.queue(.pending).path)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("ขอใบรับรองแพทย์สำหรับสมัครงานได้ที่ไหน"))
            #expect(queue.text.contains(QuestionsText.navTitle))
            // The desk shows the waiting questions as a card.
            #expect(try await desk.request(.GET, "/staff").text.contains(QuestionsText.pendingCount))
            // Publishing without an answer is refused, and says why.
            let early = try await desk.post(QuestionsRoute.action(id, .publish).path, [:])
            #expect(early.status == .conflict)
            #expect(early.text.contains(QuestionsText.answerRequired))
            // The moderator removes the name and answers; then publishes.
            let saved = try await desk.post(
                QuestionsRoute.update(id).path,
                [
                    "subject": "ขอใบรับรองแพทย์สำหรับสมัครงานได้ที่ไหน", "message": "ต้องการใบรับรองแพทย์\r\nใช้เอกสารอะไรบ้างคะ", "name": "",
                    "answer": "ขอรับได้ที่โรงพยาบาลของรัฐทุกแห่ง\r\nใช้บัตรประจำตัวประชาชนฉบับจริง"
                ])
            #expect(saved.status == .seeOther)
            // Cached before publication: publishing must show it at once.
            #expect(!(try await visitor(app, "/questions").text.contains("โรงพยาบาลของรัฐ")))
            clock.advance(by: 60)
            #expect(try await desk.post(QuestionsRoute.action(id, .publish).path, [:]).status == .seeOther)
            let list = try await visitor(app, "/questions").text
            #expect(list.contains("ขอใบรับรองแพทย์สำหรับสมัครงานได้ที่ไหน"))
            #expect(list.contains("<p>ขอรับได้ที่โรงพยาบาลของรัฐทุกแห่ง</p>"))
            #expect(!list.contains("สมศรี"))
            // Thai substring search over subject, message and answer; every word must match.
            for query in ["ใบรับรอง", "เอกสาร", "โรงพยาบาลของรัฐ", "แพทย์ บัตรประจำตัว"] {
                #expect(try await visitor(app, QuestionsRoute.list(query).path).text.contains("ขอใบรับรองแพทย์สำหรับสมัครงาน"), "\(query)")
            }
            let none = try await visitor(app, QuestionsRoute.list("ภาษีที่ดิน").path).text
            #expect(!none.contains("ขอใบรับรองแพทย์สำหรับสมัครงาน") && none.contains("ไม่พบคำถามที่มีคำว่า"))
            // The API shows it, with the same search.
            let api = try await APIClient(app: app).call(.GET, "/api/v1/questions?q=" + Browser.encode("ใบรับรอง"))
            #expect(api.status == .ok)
            let items = try #require(try api.json()["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["id"] as? String == id.uuidString)
            #expect(items.first?["answer"] as? String == "ขอรับได้ที่โรงพยาบาลของรัฐทุกแห่ง\nใช้บัตรประจำตัวประชาชนฉบับจริง")
            #expect(items.first?["name"] is NSNull)
            #expect(items.first?["publishedAt"] as? String != nil)
            // Unpublished: gone from the page and the API, back in the queue.
            #expect(try await desk.post(QuestionsRoute.action(id, .unpublish).path, [:]).status == .seeOther)
            #expect(!(try await visitor(app, "/questions").text.contains("ขอใบรับรองแพทย์สำหรับสมัครงาน")))
            #expect(try await APIClient(app: app).call(.GET, "/api/v1/questions").json()["total"] as? Int == 0)
            #expect(try await Question.find(id, on: app.db)?.state == .pending)
            // Rejected: kept, never shown.
            #expect(try await desk.post(QuestionsRoute.action(id, .reject).path, [:]).status == .seeOther)
            #expect(try await desk.request(.GET, QuestionsRoute.queue(.rejected).path).text.contains("ขอใบรับรองแพทย์สำหรับสมัครงาน"))

            // Audited by ids and states only: no question text in the trail.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entityID == id.lowercased).sort(\.$sequence).all()
            #expect(
                entries.map(\.action) == [
                    "question.asked", "question.edited", "question.answered", "question.published", "question.unpublished", "question.rejected"
                ])
            #expect(entries.first?.address == "-")
            #expect(entries.dropFirst().allSatisfy { $0.actorID == fixtures.users[.serviceDesk]?.id })
            let trail = try await AuditEntry.query(on: app.db).all().map(\.details).joined()
            #expect(!trail.contains("ใบรับรอง") && !trail.contains("สมศรี"))
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func theListIsPagedNewestFirst() async throws {
        try await withPrakat { app, _, _ in
            let start = Date(timeIntervalSince1970: 1_770_606_000)
            for n in 1...25 {
                try await makeQuestion(
                    app, subject: "คำถามที่ \(n) เรื่องภาษี", message: "รายละเอียด \(n)", state: .published, answer: "คำตอบ \(n)",
                    at: start.addingTimeInterval(Double(n) * 60))
            }
            let first = try await visitor(app, "/questions").text
            #expect(first.contains("คำถามที่ 25 เรื่องภาษี") && !first.contains("คำถามที่ 5 เรื่องภาษี"))
            #expect(try #require(first.range(of: "คำถามที่ 25 ")).lowerBound < (try #require(first.range(of: "คำถามที่ 24 "))).lowerBound)
            #expect(first.contains(#"href="/questions?page=2""#))
            let second = try await visitor(app, "/questions?page=2").text
            #expect(second.contains("คำถามที่ 5 เรื่องภาษี") && !second.contains("คำถามที่ 25 "))
            let searched = try await visitor(app, "/questions?q=" + Browser.encode("ภาษี") + "&page=2").text
            #expect(searched.contains("คำถามที่ 1 เรื่องภาษี"))
            #expect(searched.contains(#"rel="prev""#) && searched.contains("page=1"))
            let api = try await APIClient(app: app).call(.GET, "/api/v1/questions?page=3&perPage=10").json()
            #expect(api["total"] as? Int == 25 && (api["items"] as? [Any])?.count == 5 && api["page"] as? Int == 3 && api["perPage"] as? Int == 10)
            for bad in ["page=0", "perPage=101", "page=x", "q=" + Browser.encode(String(repeating: "ก", count: 201))] {
                #expect(try await APIClient(app: app).call(.GET, "/api/v1/questions?" + bad).status == .badRequest, "\(bad.prefix(20))")
            }
        }
    }

    @Test func botsAreAnsweredLikePeopleButNothingIsSaved() async throws {
        try await withPrakat { app, _, clock in
            let asker = Asker(app, clock)
            let fields = ["subject": "ซื้อยาลดน้ำหนักราคาถูก", "message": "คลิกลิงก์"]
            // The honeypot filled; sent at once; no time; a forged time.
            var honeypot = fields
            honeypot["website"] = "https://spam.example"
            let sent1 = try await asker.ask(honeypot)
            #expect(sent1.location == QuestionsRoute.thanks.path)
            let sent2 = try await asker.ask(fields, wait: 0)
            #expect(sent2.location == QuestionsRoute.thanks.path)
            let sent3 = try await asker.ask(fields, wait: 2)
            #expect(sent3.location == QuestionsRoute.thanks.path)
            let sent4 = try await asker.browser.post(QuestionsRoute.submit.path, fields)
            #expect(sent4.location == QuestionsRoute.thanks.path)
            var forged = fields
            forged["issuedAt"] = "v1.1770000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            let sent5 = try await asker.ask(forged)
            #expect(sent5.location == QuestionsRoute.thanks.path)
            #expect(try await Question.query(on: app.db).count() == 0)
            // A person who waited is saved.
            let sent6 = try await asker.ask(fields)
            #expect(sent6.location == QuestionsRoute.thanks.path)
            #expect(try await Question.query(on: app.db).count() == 1)
        }
    }

    @Test func aRefusedCSRFTokenGivesTheFormBackWithWhatWasTyped() async throws {
        try await withPrakat { app, _, clock in
            let asker = Asker(app, clock)
            let issued = try await asker.openForm()
            clock.advance(by: 10)
            let refused = try await asker.browser.request(
                .POST, QuestionsRoute.submit.path, form: ["subject": "หัวข้อที่พิมพ์ไว้", "message": "ข้อความยาวที่พิมพ์ไว้", "issuedAt": issued, "_csrf": "stale"])
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains(#"value="หัวข้อที่พิมพ์ไว้""#) && refused.text.contains(">ข้อความยาวที่พิมพ์ไว้</textarea>"))
            #expect(refused.text.contains(SupportText.formKeptAfterCSRF))
            #expect(try await Question.query(on: app.db).count() == 0)
        }
    }

    @Test func aFormShownBeforeAKeyRotationIsGivenBackNotThanked() async throws {
        try await withPrakat { app, _, clock in
            let asker = Asker(app, clock)
            let issued = try await asker.openForm()
            // `rotate-2fa-key` finished and the keyring was read again: the old key is gone.
            app.twoFactorKeys = SecretKeyring(current: .generate())
            clock.advance(by: 30)
            let fields = ["subject": "ถามก่อนเปลี่ยนกุญแจ", "message": "ข้อความที่พิมพ์ไว้ก่อนเปลี่ยนกุญแจ"]
            let refused = try await asker.browser.post(QuestionsRoute.submit.path, fields.merging(["issuedAt": issued]) { $1 })
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains(QuestionsText.formResend))
            #expect(refused.text.contains(#"value="ถามก่อนเปลี่ยนกุญแจ""#) && refused.text.contains(">ข้อความที่พิมพ์ไว้ก่อนเปลี่ยนกุญแจ</textarea>"))
            #expect(try await Question.query(on: app.db).count() == 0)
            // The page carries a time signed with the new key: sent again, it is saved.
            let fresh = try #require(HTMLTags.scan(refused.text).first { $0.name == "input" && $0.attributes.contains { $0 == ("name", "issuedAt") } })
            clock.advance(by: 10)
            let again = try await asker.browser.post(
                QuestionsRoute.submit.path, fields.merging(["issuedAt": fresh.attributes.first { $0.name == "value" }?.value ?? ""]) { $1 })
            #expect(again.location == QuestionsRoute.thanks.path)
            #expect(try await Question.query(on: app.db).count() == 1)
        }
    }

    @Test func aFormLeftOpenTooLongKeepsWhatWasTyped() async throws {
        try await withPrakat { app, _, clock in
            let asker = Asker(app, clock)
            let expired = try await asker.ask(["subject": "เปิดแบบฟอร์มทิ้งไว้", "message": "พิมพ์ไว้นานมาก"], wait: SpamTimeToken.maximumAge + 60)
            #expect(expired.status == .unprocessableEntity)
            #expect(expired.text.contains(QuestionsText.formExpired))
            #expect(expired.text.contains(#"value="เปิดแบบฟอร์มทิ้งไว้""#) && expired.text.contains(">พิมพ์ไว้นานมาก</textarea>"))
            #expect(try await Question.query(on: app.db).count() == 0)
            // The page carries a fresh time: sent again after a pause, it is saved.
            let fresh = try #require(HTMLTags.scan(expired.text).first { $0.name == "input" && $0.attributes.contains { $0 == ("name", "issuedAt") } })
            clock.advance(by: 10)
            let again = try await asker.browser.post(
                QuestionsRoute.submit.path,
                ["subject": "เปิดแบบฟอร์มทิ้งไว้", "message": "พิมพ์ไว้นานมาก", "issuedAt": fresh.attributes.first { $0.name == "value" }?.value ?? ""])
            #expect(again.location == QuestionsRoute.thanks.path)
            #expect(try await Question.query(on: app.db).count() == 1)
        }
    }
}
