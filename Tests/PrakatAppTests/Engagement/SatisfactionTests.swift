import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

@Suite("Satisfaction")
struct SatisfactionTests {
    static let script = "<script>alert(1)</script>"

    @Test func surveyFromAPageToThanksAndIntoTheResults() async throws {
        try await withPrakat { app, _, _ in
            let person = Browser(app)
            let form = try await person.request(.GET, "/satisfaction?page=%2Fc%2Fnews")
            #expect(form.status == .ok)
            #expect(form.text.contains("<input type=\"hidden\" name=\"page\" value=\"/c/news\">"))
            #expect(form.text.contains("5 มากที่สุด"))
            #expect(form.text.contains("1 น้อยที่สุด"))
            let sent = try await person.post("/satisfaction", ["score": "4", "comment": "ดีมาก " + Self.script, "page": "/c/news", "website": ""])
            #expect(sent.status == .seeOther)
            #expect(sent.location == "/satisfaction/thanks?page=/c/news")
            let thanks = try await person.request(.GET, sent.location ?? "")
            #expect(thanks.status == .ok)
            #expect(thanks.text.contains("href=\"/c/news\""))
            let stored = try #require(try await SatisfactionResponse.query(on: app.db).first())
            #expect(stored.score == 4)
            #expect(stored.comment == "ดีมาก " + Self.script)
            #expect(stored.page == "/c/news")
            #expect(stored.fiscalYear == 2569)
            #expect(stored.commentState == .hidden)
            #expect(stored.source == .survey)

            let results = try await APIClient(app: app).call(.GET, "/api/v1/satisfaction?fiscalYear=2569").json()
            #expect(results["count"] as? Int == 1)
            #expect(results["average"] as? Double == 4)
            #expect((results["distribution"] as? [String: Int]) == ["1": 0, "2": 0, "3": 0, "4": 1, "5": 0])
            // Comments are never public until a moderator publishes them.
            let stats = try await Browser(app).request(.GET, "/stats")
            #expect(stats.text.contains("ผู้ประเมิน 1 คน คะแนนเฉลี่ย 4.0 จาก 5"))
            #expect(!stats.text.contains("ดีมาก"))
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func badSurveyInputIsRefusedInThaiKeepingWhatWasTyped() async throws {
        try await withPrakat { app, _, _ in
            let person = Browser(app)
            for score in ["0", "6", "five", "", "-1", "4.5", "99999999999999999999999"] {
                let response = try await person.post("/satisfaction", ["score": score, "comment": "ความเห็น " + Self.script, "page": "/c/news"])
                #expect(response.status == .unprocessableEntity, "\(score)")
                #expect(response.text.contains(score.isEmpty ? SatisfactionRules.Problem.scoreMissing.message : SatisfactionRules.Problem.scoreOutOfRange.message))
                #expect(response.text.contains("href=\"#score-5\""))
                #expect(response.text.contains("ความเห็น &lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!response.text.contains(Self.script))
            }
            let long = try await person.post("/satisfaction", ["score": "3", "comment": String(repeating: "ก", count: 1001)])
            #expect(long.status == .unprocessableEntity)
            #expect(long.text.contains(SatisfactionRules.Problem.commentTooLong.message))
            #expect(long.text.contains("value=\"3\" checked"))
            let control = try await person.post("/satisfaction", ["score": "3", "comment": "a\u{1}b"])
            #expect(control.status == .unprocessableEntity)
            // Another site as the page: refused, not turned into a link.
            let offsite = try await person.post("/satisfaction", ["score": "3", "page": "//evil.example"])
            #expect(offsite.status == .unprocessableEntity)
            #expect(!offsite.text.contains("evil.example\""))
            let missing = try await person.post("/satisfaction", [:])
            #expect(missing.status == .unprocessableEntity)
            // A robot that fills the hidden field is thanked, nothing is stored.
            let robot = try await person.post("/satisfaction", ["score": "5", "website": "https://spam.example"])
            #expect(robot.status == .seeOther)
            #expect(try await SatisfactionResponse.query(on: app.db).count() == 0)
            // A thank-you page never links to another site.
            let thanks = try await person.request(.GET, "/satisfaction/thanks?page=%2F%2Fevil.example")
            #expect(thanks.status == .ok)
            #expect(!thanks.text.contains("evil.example"))
        }
    }

    @Test func apiAcceptsGoodAnswersAndNamesTheFieldOfBadOnes() async throws {
        try await withPrakat { app, _, _ in
            let api = APIClient(app: app)
            let created = try await api.call(.POST, "/api/v1/satisfaction", json: #"{"score":5,"comment":"ดี","page":"/p/1"}"#)
            #expect(created.status == .created)
            #expect(try created.json()["fiscalYear"] as? Int == 2569)
            #expect(try await api.call(.POST, "/api/v1/satisfaction", json: #"{"score":1}"#).status == .created)
            #expect(try await api.call(.POST, "/api/v1/satisfaction", json: #"{"score":3,"comment":null,"page":null,"other":1}"#).status == .created)
            let bodies: [(String, String)] = [
                (#"{"score":0}"#, "score"), (#"{"score":6}"#, "score"), (#"{"score":"five"}"#, "score"), (#"{"score":4.5}"#, "score"),
                (#"{"score":null}"#, "score"), (#"{}"#, "score"), (#"{"score":true}"#, "score"), (#"{"score":99999999999999999999999}"#, "score"),
                (#"{"score":3,"comment":"\#(String(repeating: "ก", count: 1001))"}"#, "comment"), (#"{"score":3,"comment":5}"#, "comment"),
                (#"{"score":3,"page":"https://evil.example"}"#, "page"), (#"{"score":3,"page":"/a b"}"#, "page")
            ]
            for (body, field) in bodies {
                let refused = try await api.call(.POST, "/api/v1/satisfaction", json: body)
                #expect(refused.status == .unprocessableEntity, "\(body)")
                #expect(refused.headers.contentType?.description.contains("problem+json") == true)
                let errors = try refused.json()["errors"] as? [[String: String]] ?? []
                #expect(errors.contains { $0["field"] == field }, "\(body): \(refused.text)")
            }
            #expect(try await api.call(.POST, "/api/v1/satisfaction", json: "{\"score\":").status == .badRequest)
            #expect(try await api.call(.POST, "/api/v1/satisfaction", json: "[5]").status.code < 500)
            #expect(try await api.call(.POST, "/api/v1/satisfaction", json: "score=5", contentType: "application/x-www-form-urlencoded").status == .unsupportedMediaType)
            #expect(try await SatisfactionResponse.query(on: app.db).count() == 3)

            let results = try await api.call(.GET, "/api/v1/satisfaction").json()
            #expect(results["count"] as? Int == 3)
            #expect(results["average"] as? Double == 3)
            let empty = try await api.call(.GET, "/api/v1/satisfaction?fiscalYear=2570").json()
            #expect(empty["count"] as? Int == 0)
            #expect(empty["average"] == nil)
            for bad in ["abc", "1", "2701", "2569.0", "%3Cscript%3E"] {
                let refused = try await api.call(.GET, "/api/v1/satisfaction?fiscalYear=\(bad)")
                #expect(refused.status == .unprocessableEntity, "\(bad)")
                #expect((try refused.json()["errors"] as? [[String: String]])?.first?["field"] == "fiscalYear")
            }
        }
    }

    @Test func floodsFromOneAddressGet429() async throws {
        try await withPrakat(environment: ["PRAKAT_RATE_LIMIT_FORMS": "3"]) { app, _, clock in
            let person = Browser(app)
            for _ in 0..<3 {
                let sent = try await person.post("/satisfaction", ["score": "5"])
                #expect(sent.status == .seeOther)
            }
            #expect(try await person.post("/satisfaction", ["score": "5"]).status == .tooManyRequests)
            #expect(try await APIClient(app: app).call(.POST, "/api/v1/satisfaction", json: #"{"score":5}"#).status == .tooManyRequests)
            // Reading the survey is not limited.
            #expect(try await person.request(.GET, "/satisfaction").status == .ok)
            #expect(try await SatisfactionResponse.query(on: app.db).count() == 3)
            clock.advance(by: 60)
            #expect(try await person.post("/satisfaction", ["score": "5"]).status == .seeOther)
        }
    }

    @Test func eServiceRatingsAreRecordedOncePerRequest() async throws {
        try await withPrakat { app, _, clock in
            let request = UUID()
            #expect(try await SatisfactionService.recordServiceRating(requestID: request, score: 5, comment: " ตอบเร็ว ", at: clock.now(), on: app.db))
            #expect(try await SatisfactionService.recordServiceRating(requestID: request, score: 1, comment: nil, at: clock.now(), on: app.db) == false)
            #expect(try await SatisfactionService.recordServiceRating(requestID: UUID(), score: 3, comment: nil, at: clock.now(), on: app.db))
            for (score, comment, field) in [(0, nil, "score"), (6, nil, "score"), (3, String(repeating: "ก", count: 1001), "comment")] as [(Int, String?, String)] {
                do {
                    _ = try await SatisfactionService.recordServiceRating(requestID: UUID(), score: score, comment: comment, at: clock.now(), on: app.db)
                    Issue.record("\(score) was accepted")
                } catch let error as PrakatError {
                    #expect(error.fieldErrors.map(\.field) == [field])
                }
            }
            let rows = try await SatisfactionResponse.query(on: app.db).filter(\.$eserviceRequestID == request).all()
            #expect(rows.count == 1)
            #expect(rows.first?.score == 5)
            #expect(rows.first?.comment == "ตอบเร็ว")
            #expect(rows.first?.source == .eservice)
            // e-Service ratings are part of the year's results.
            let results = try await APIClient(app: app).call(.GET, "/api/v1/satisfaction").json()
            #expect(results["count"] as? Int == 2)
            #expect(results["average"] as? Double == 4)
        }
    }

    @Test func moderatorsPublishAndHideCommentsEscapedEverywhere() async throws {
        try await withPrakat { app, _, _ in
            let api = APIClient(app: app)
            let body = #"{"score":2,"comment":"=HYPERLINK(\"http://evil.example\") \#(Self.script)","page":"/c/news"}"#
            #expect(try await api.call(.POST, "/api/v1/satisfaction", json: body).status == .created)
            let response = try #require(try await SatisfactionResponse.query(on: app.db).first())
            let id = try #require(response.id)

            let desk = Browser(app)
            try await desk.signIn("servicedesk")
            let list = try await desk.request(.GET, "/staff/satisfaction")
            #expect(list.status == .ok)
            #expect(list.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!list.text.contains(Self.script))
            #expect(list.text.contains("/staff/satisfaction/responses/\(id.lowercased)/publish"))
            #expect(!(try await Browser(app).request(.GET, "/stats").text.contains("HYPERLINK")))

            let published = try await desk.post("/staff/satisfaction/responses/\(id.lowercased)/publish", [:])
            #expect(published.status == .seeOther)
            #expect(published.location == "/staff/satisfaction?fiscalYear=2569")
            let stats = try await Browser(app).request(.GET, "/stats")
            #expect(stats.text.contains("HYPERLINK"))
            #expect(stats.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!stats.text.contains(Self.script))

            let csv = try await desk.request(.GET, "/staff/satisfaction/export.csv?fiscalYear=2569")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(csv.headers.first(name: .contentDisposition)?.contains("satisfaction-2569.csv") == true)
            let bytes = Array(csv.body.readableBytesView)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\") <script>alert(1)</script>\""))
            #expect(text.contains(SatisfactionCommentState.published.thaiName))
            #expect(try await desk.request(.GET, "/staff/satisfaction/export.csv?fiscalYear=abc").status == .unprocessableEntity)
            #expect(try await desk.request(.GET, "/staff/satisfaction?fiscalYear=abc").status == .unprocessableEntity)

            #expect(try await desk.post("/staff/satisfaction/responses/\(id.lowercased)/hide", [:]).status == .seeOther)
            #expect(!(try await Browser(app).request(.GET, "/stats").text.contains("HYPERLINK")))
            #expect(try await desk.post("/staff/satisfaction/responses/\(UUID().lowercased)/hide", [:]).status == .notFound)
            #expect(try await desk.post("/staff/satisfaction/responses/not-a-uuid/hide", [:]).status == .notFound)

            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityID == id.lowercased).sort(\.$sequence).all().map(\.action)
            #expect(actions == ["satisfaction.submitted", "satisfaction.comment_published", "satisfaction.comment_hidden"])
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func onlyWebmastersAndTheServiceDeskModerate() async throws {
        try await withPrakat { app, _, _ in
            #expect(try await APIClient(app: app).call(.POST, "/api/v1/satisfaction", json: #"{"score":2,"comment":"x"}"#).status == .created)
            let id = try #require(try await SatisfactionResponse.query(on: app.db).first()?.id)
            let anonymous = Browser(app)
            let refusals: [HTTPResponseStatus] = [.seeOther, .unauthorized, .forbidden]
            #expect(refusals.contains(try await anonymous.request(.GET, "/staff/satisfaction").status))
            #expect(refusals.contains(try await anonymous.request(.GET, "/staff/satisfaction/export.csv").status))
            #expect(refusals.contains(try await anonymous.post("/staff/satisfaction/responses/\(id.lowercased)/publish", [:]).status))
            for role in Role.allCases {
                let person = Browser(app)
                try await person.signIn(role.rawValue.lowercased())
                let allowed = SatisfactionRoute.moderators.contains(role)
                let list = try await person.request(.GET, "/staff/satisfaction")
                let csv = try await person.request(.GET, "/staff/satisfaction/export.csv")
                let publish = try await person.post("/staff/satisfaction/responses/\(id.lowercased)/publish", [:])
                if allowed {
                    #expect(list.status == .ok, "\(role)")
                    #expect(csv.status == .ok, "\(role)")
                    #expect(publish.status == .seeOther, "\(role)")
                } else {
                    #expect(list.status == .forbidden, "\(role)")
                    #expect(csv.status == .forbidden, "\(role)")
                    #expect(publish.status == .forbidden, "\(role)")
                }
                #expect(list.text.contains(SatisfactionText.navTitle) == allowed, "\(role): menu entry")
            }
            // The published state stays as the last allowed moderator left it.
            #expect(try await SatisfactionResponse.find(id, on: app.db)?.commentState == .published)
        }
    }
}
