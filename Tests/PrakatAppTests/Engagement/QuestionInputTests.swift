import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Public questions under hostile or careless input: duplicates, bad text, script, floods, and
/// who may reach which page.
@Suite("Public questions: duplicates, bad input, permissions and floods")
struct QuestionInputTests {
    @Test func theSameQuestionTwiceIsToldItArrivedAndSavedOnce() async throws {
        try await withPrakat { app, _, clock in
            let asker = Asker(app, clock)
            #expect(try await asker.ask(["subject": "ทำบัตรประชาชนที่ไหน", "message": "ต้องนำเอกสารอะไรไปบ้าง"]).status == .seeOther)
            // ำ typed as ํ + า, other spaces and punctuation: the same question.
            let again = try await asker.ask(["subject": "ท\u{0E4D}\u{0E32}บัตรประชาชน ที่ไหน?", "message": "ต้องนำเอกสารอะไรไปบ้าง  "])
            #expect(again.status == .conflict)
            #expect(again.text.contains(QuestionsText.duplicate))
            #expect(again.text.contains(#"value="ท\#u{0E4D}\#u{0E32}บัตรประชาชน ที่ไหน?""#))
            let api = APIClient(app: app)
            let viaAPI = try await api.call(.POST, "/api/v1/questions", json: #"{"subject":"ทำบัตรประชาชนที่ไหน","message":"ต้องนำเอกสารอะไรไปบ้าง"}"#)
            #expect(viaAPI.status == .conflict)
            #expect((try viaAPI.json()["type"] as? String)?.hasSuffix("/duplicate") == true)
            #expect(try await Question.query(on: app.db).count() == 1)
            // Rejected questions and ones older than 30 days do not count.
            let first = try #require(try await Question.query(on: app.db).first())
            first.stateRaw = QuestionState.rejected.rawValue
            try await first.update(on: app.db)
            #expect(try await api.call(.POST, "/api/v1/questions", json: #"{"subject":"ทำบัตรประชาชนที่ไหน","message":"ต้องนำเอกสารอะไรไปบ้าง"}"#).status == .created)
            clock.advance(by: 31 * 86_400)
            let created = try await api.call(.POST, "/api/v1/questions", json: #"{"subject":"ทำบัตรประชาชนที่ไหน","message":"ต้องนำเอกสารอะไรไปบ้าง","name":null}"#)
            #expect(created.status == .created)
            #expect(try created.json()["state"] as? String == "pending")
            #expect(try await Question.query(on: app.db).count() == 3)
            let sources = try await Question.query(on: app.db).all().map(\.sourceRaw).sorted()
            #expect(sources == ["api", "api", "web"])
        }
    }

    @Test func badTextIsRefusedBesideItsFieldAndKept() async throws {
        try await withPrakat { app, _, clock in
            let asker = Asker(app, clock)
            let cases: [([String: String], [String])] = [
                ([:], ["subject", "message"]),
                (["subject": "   ", "message": "\r\n\t"], ["subject", "message"]),
                (["subject": String(repeating: "ก", count: 201), "message": "x"], ["subject"]),
                (["subject": "x", "message": String(repeating: "ข", count: 4001)], ["message"]),
                (["subject": "x", "message": "y", "name": String(repeating: "ค", count: 121)], ["name"]),
                (["subject": "หัวข้อ\nสองบรรทัด", "message": "y"], ["subject"]),
                (["subject": "x\u{0}", "message": "y\u{1B}[2J"], ["subject", "message"]),
                (["subject": "x", "message": "y", "name": "ชื่อ\u{202E}กลับด้าน"], ["name"])
            ]
            for (fields, wrong) in cases {
                let refused = try await asker.ask(fields)
                #expect(refused.status == .unprocessableEntity, "\(fields.keys.sorted()) \(wrong)")
                for field in wrong {
                    #expect(refused.text.contains(#"id="\#(field)-error""#), "\(field)")
                    // The summary links to the field.
                    #expect(refused.text.contains("href=\"#\(field)\""), "\(field)")
                }
            }
            // What was typed comes back (escaped).
            let kept = try await asker.ask(["subject": String(repeating: "ก", count: 201), "message": "ข้อความที่พิมพ์ไว้ <ยาว>"])
            #expect(kept.text.contains("ข้อความที่พิมพ์ไว้ &lt;ยาว&gt;</textarea>"))
            // Exactly at the limits is fine (Thai marks count as characters of their own).
            let full = try await asker.ask([
                "subject": String(repeating: "กิ", count: 100), "message": String(repeating: "ขี้", count: 1333) + "x", "name": String(repeating: "ง", count: 120)
            ])
            #expect(full.status == .seeOther)
            #expect(try await Question.query(on: app.db).count() == 1)
        }
    }

    /// Twenty malformed bodies: each a 4xx with a Thai problem, never a 500, nothing saved.
    @Test func malformedAPIBodiesAreRefusedWithProblems() async throws {
        try await withPrakat { app, _, _ in
            let api = APIClient(app: app)
            let bodies: [(String, String, HTTPStatus, String?)] = [
                ("", "application/json", .badRequest, nil),
                ("{", "application/json", .badRequest, nil),
                ("[]", "application/json", .unprocessableEntity, nil),
                ("null", "application/json", .unprocessableEntity, nil),
                (#""ถาม""#, "application/json", .unprocessableEntity, nil),
                ("{}", "application/json", .unprocessableEntity, "subject"),
                (#"{"subject":"x"}"#, "application/json", .unprocessableEntity, "message"),
                (#"{"subject":1,"message":"y"}"#, "application/json", .unprocessableEntity, "subject"),
                (#"{"subject":"x","message":["y"]}"#, "application/json", .unprocessableEntity, "message"),
                (#"{"subject":"x","message":"y","name":{"a":1}}"#, "application/json", .unprocessableEntity, "name"),
                (#"{"subject":null,"message":"y"}"#, "application/json", .unprocessableEntity, "subject"),
                (#"{"subject":"","message":""}"#, "application/json", .unprocessableEntity, "subject"),
                (#"{"subject":"x\u0000","message":"y"}"#, "application/json", .unprocessableEntity, "subject"),
                (#"{"subject":"x","message":"a\r\nb"}"#, "application/json", .unprocessableEntity, "message"),
                (#"{"subject":"\#(String(repeating: "ก", count: 201))","message":"y"}"#, "application/json", .unprocessableEntity, "subject"),
                (#"{"subject":"x","message":"\#(String(repeating: "ข", count: 4001))"}"#, "application/json", .unprocessableEntity, "message"),
                (#"{"subject":"x","message":"y","name":"\#(String(repeating: "ค", count: 121))"}"#, "application/json", .unprocessableEntity, "name"),
                (#"{"subject":"x","message":"y","name":1e400}"#, "application/json", .unprocessableEntity, nil),
                ("subject=x&message=y", "application/x-www-form-urlencoded", .unsupportedMediaType, nil),
                (#"{"subject":"x","message":"y"}"#, "text/plain", .unsupportedMediaType, nil)
            ]
            #expect(bodies.count == 20)
            for (body, type, status, field) in bodies {
                let response = try await api.call(
                    .POST, "/api/v1/questions", json: body.isEmpty ? nil : body, contentType: type, headers: body.isEmpty ? ["Content-Type": type] : [:])
                #expect(response.status == status, "\(body.prefix(40)) → \(response.status)")
                #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true, "\(body.prefix(40))")
                let problem = try response.json()
                #expect((problem["title"] as? String)?.isEmpty == false)
                if let field {
                    let errors = problem["errors"] as? [[String: String]] ?? []
                    #expect(errors.contains { $0["field"] == field && !($0["message"] ?? "").isEmpty }, "\(body.prefix(40)): \(errors)")
                }
            }
            #expect(try await Question.query(on: app.db).count() == 0)
        }
    }

    @Test func scriptInEveryFieldIsShownAsTextToStaffAndThePublic() async throws {
        try await withPrakat { app, _, clock in
            let script = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#
            let asker = Asker(app, clock)
            #expect(try await asker.ask(["subject": "หัวข้อ" + script, "message": "ข้อความ" + script, "name": "ชื่อ" + script]).status == .seeOther)
            let question = try #require(try await Question.query(on: app.db).first())
            let id = try question.requireID()
            let desk = Browser(app)
            try await desk.signIn("webmaster")
            for path in [QuestionsRoute.queue(.pending).path, QuestionsRoute.show(id).path] {
                let page = try await desk.request(.GET, path).text
                #expect(!page.contains("<script>alert") && !page.contains("<img src=x"), "\(path)")
                #expect(page.contains("&lt;script&gt;alert"), "\(path)")
            }
            let answered = try await desk.post(
                QuestionsRoute.update(id).path, ["subject": question.subject, "message": question.message, "name": question.askerName ?? "", "answer": "คำตอบ" + script])
            #expect(answered.status == .seeOther)
            #expect(try await desk.post(QuestionsRoute.action(id, .publish).path, [:]).status == .seeOther)
            let page = try await visitor(app, "/questions").text
            #expect(!page.contains("<script>alert") && !page.contains("<img src=x"))
            #expect(page.contains("หัวข้อ&lt;script&gt;") && page.contains("ชื่อ&lt;script&gt;") && page.contains("คำตอบ&lt;script&gt;"))
            // The API gives the text as text (JSON), for the caller to escape.
            let items = try await APIClient(app: app).call(.GET, "/api/v1/questions").json()["items"] as? [[String: Any]]
            #expect(items?.first?["subject"] as? String == "หัวข้อ" + script)
        }
    }

    /// Anonymous and every role, on every route: the public pages for everyone, moderation for
    /// the service desk and webmasters only.
    @Test func onlyTheServiceDeskAndWebmastersModerate() async throws {
        try await withPrakat { app, _, _ in
            let question = try await makeQuestion(app, answer: "คำตอบ")
            let id = try question.requireID()
            let anonymous = Browser(app)
            for path in [QuestionsRoute.list(nil).path, QuestionsRoute.ask.path, QuestionsRoute.thanks.path] {
                #expect(try await anonymous.request(.GET, path).status == .ok, "\(path)")
            }
            let staffGets = [QuestionsRoute.queue(.pending).path, QuestionsRoute.queue(.rejected).path, QuestionsRoute.show(id).path]
            let staffPosts = [QuestionsRoute.update(id).path] + QuestionAction.allCases.map { QuestionsRoute.action(id, $0).path }
            for path in staffGets { #expect(try await anonymous.request(.GET, path).status == .seeOther, "\(path)") }
            for path in staffPosts { #expect(try await anonymous.post(path, ["subject": "x", "message": "y"]).status.code >= 400, "\(path)") }
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.signIn(role.rawValue.lowercased())
                let allowed = QuestionsRoute.moderators.contains(role)
                for path in [QuestionsRoute.list(nil).path, QuestionsRoute.ask.path] {
                    #expect(try await browser.request(.GET, path).status == .ok, "\(role) \(path)")
                }
                for path in staffGets {
                    #expect(try await browser.request(.GET, path).status == (allowed ? .ok : .forbidden), "\(role) \(path)")
                }
                if !allowed {
                    for path in staffPosts { #expect(try await browser.post(path, ["subject": "x", "message": "y"]).status == .forbidden, "\(role) \(path)") }
                }
                let menu = try await browser.request(.GET, "/staff").text
                #expect(menu.contains(QuestionsText.navTitle) == allowed, "\(role) menu")
            }
            // Nothing changed by the refused posts.
            let after = try #require(try await Question.find(id, on: app.db))
            #expect(after.state == .pending && after.subject == question.subject)
            // The webmaster may moderate too.
            let web = Browser(app)
            try await web.signIn("webmaster")
            #expect(try await web.post(QuestionsRoute.action(id, .publish).path, [:]).status == .seeOther)
            #expect(try await Question.find(id, on: app.db)?.state == .published)
            // A question that does not exist is a 404 behind the policy.
            #expect(try await web.request(.GET, QuestionsRoute.show(UUID()).path).status == .notFound)
            #expect(try await web.post(QuestionsRoute.action(UUID(), .publish).path, [:]).status == .notFound)
            #expect(try await web.request(.GET, "/staff/questions/not-a-uuid").status == .notFound)
        }
    }

    @Test func aFloodFromOneAddressIsLimited() async throws {
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_FORMS": "3", "PRAKAT_RATE_LIMIT_SEARCH": "2"]) { app, _, clock in
            let asker = Asker(app, clock)
            for n in 0..<3 {
                #expect(try await asker.ask(["subject": "คำถามที่ \(n)", "message": "ข้อความ \(n)"], wait: 4).status == .seeOther)
            }
            let limited = try await asker.ask(["subject": "คำถามที่ 9", "message": "ข้อความ 9"], wait: 4)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") != nil)
            #expect(limited.text.contains(SupportText.tooManyRequestsTitle))
            let api = try await APIClient(app: app).call(.POST, "/api/v1/questions", json: #"{"subject":"ก","message":"ข"}"#)
            #expect(api.status == .tooManyRequests)
            #expect(try await Question.query(on: app.db).count() == 3)
            // Searching questions counts as a search; the plain list does not.
            let visitor = Browser(app)
            #expect(try await visitor.request(.GET, "/questions?q=a").status == .ok)
            #expect(try await visitor.request(.GET, "/api/v1/questions?q=a").status == .ok)
            #expect(try await visitor.request(.GET, "/questions?q=a").status == .tooManyRequests)
            #expect(try await visitor.request(.GET, "/questions").status == .ok)
            clock.advance(by: 60)
            #expect(try await asker.ask(["subject": "คำถามที่ 9", "message": "ข้อความ 9"]).status == .seeOther)
        }
    }

    @Test func anEServiceReplyBecomesOnePublishedQuestion() async throws {
        try await withPrakat { app, fixtures, clock in
            let requestID = UUID()
            let desk = try #require(fixtures.users[.serviceDesk]?.id)
            let id = try await QuestionService.publishFromServiceReply(
                requestID: requestID, subject: "ขอสำเนาผลตรวจสุขภาพ", question: "ขอสำเนาผลตรวจย้อนหลังได้ไหม", answer: "ได้ ติดต่อห้องเวชระเบียน",
                answeredBy: desk, at: clock.now(), on: app.db)
            let created = try #require(try await Question.find(id, on: app.db))
            #expect(created.state == .published && created.source == .eservice && created.eServiceRequestID == requestID && created.askerName == nil)
            #expect(created.publishedAt == clock.now())
            clock.advance(by: 3600)
            let again = try await QuestionService.publishFromServiceReply(
                requestID: requestID, subject: "ขอสำเนาผลตรวจสุขภาพย้อนหลัง", question: "ขอสำเนาผลตรวจย้อนหลังได้ไหม", answer: "ได้ ติดต่อห้องเวชระเบียน ชั้น 1",
                answeredBy: desk, at: clock.now(), on: app.db)
            #expect(again == id)
            #expect(try await Question.query(on: app.db).count() == 1)
            let updated = try #require(try await Question.find(id, on: app.db))
            #expect(updated.subject == "ขอสำเนาผลตรวจสุขภาพย้อนหลัง" && updated.answer == "ได้ ติดต่อห้องเวชระเบียน ชั้น 1")
            #expect(updated.answeredAt == clock.now() && updated.publishedAt == clock.now().addingTimeInterval(-3600))
            // Another request gets its own question.
            let other = try await QuestionService.publishFromServiceReply(
                requestID: UUID(), subject: "เรื่องอื่น", question: "ถาม", answer: "ตอบ", answeredBy: desk, at: clock.now(), on: app.db)
            #expect(other != id)
            // Bad text is a validation error naming the field.
            do {
                _ = try await QuestionService.publishFromServiceReply(
                    requestID: UUID(), subject: String(repeating: "ก", count: 201), question: "", answer: "x\u{0}", answeredBy: desk, at: clock.now(), on: app.db)
                Issue.record("expected a validation error")
            } catch let error as PrakatError {
                #expect(Set(error.fieldErrors.map(\.field)) == ["subject", "message", "answer"])
            }
            // Inside the caller's write transaction, as the e-Service pages will call it.
            let inTransaction = try await app.writer.write { tx in
                try await QuestionService.publishFromServiceReply(
                    requestID: requestID, subject: "ขอสำเนาผลตรวจสุขภาพ", question: "ถาม", answer: "ตอบ", answeredBy: desk, at: clock.now(), on: tx.db)
            }
            #expect(inTransaction == id)
            #expect(try await visitor(app, "/questions").text.contains("ขอสำเนาผลตรวจสุขภาพ"))
        }
    }

    @Test func theEServiceCategoryAndTheSitemapLeadToTheQuestions() async throws {
        try await withPrakat { app, _, _ in
            _ = try await installDefaultCategories(app)
            let eService = try await visitor(app, "/c/e-service").text
            #expect(eService.contains(#"href="/questions""#) && eService.contains(#"href="/questions/ask""#))
            #expect(!(try await visitor(app, "/c/news").text.contains(#"href="/questions/ask""#)))
            #expect(try await visitor(app, "/sitemap/pages.xml").text.contains("/questions</loc>"))
        }
    }

    @Test func everyQuestionRouteRoundTrips() async throws {
        try await withPrakat { app, _, _ in
            let pages = try RouteTableTests.roundTrip(QuestionsRoute.self, app)
            let api = try RouteTableTests.roundTrip(QuestionsAPIRoute.self, app)
            #expect(pages == QuestionsRoute.examples.count && api == QuestionsAPIRoute.examples.count)
        }
    }
}
