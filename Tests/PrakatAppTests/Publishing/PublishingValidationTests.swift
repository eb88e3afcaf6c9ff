import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Publishing: the request form's rules, with Thai messages")
struct PublishingValidationTests {
    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var slug = "news"
        var title = "ประกาศรับสมัครอาสาสมัครสาธารณสุข"
        var links: [String] = []
        var sourceName: String?
        var sourceDate: String?
        var publishInHours: Double?
        var expireInHours: Double?
        /// Makes the category require an end of publication without a default length.
        var expiryRequiredWithoutDefault = false
        var field: String
        var message: String
        var testDescription: String { name }
    }

    static let cases: [BadInput] = [
        BadInput(name: "empty title", title: "   ", field: "title", message: TitleViolation.empty.message),
        BadInput(
            name: "161 Thai graphemes", title: String(repeating: "ที่", count: 161), field: "title",
            message: TitleViolation.tooLong(count: 161, max: 160).message),
        BadInput(
            name: "three lines", title: "บรรทัดที่หนึ่ง\nบรรทัดที่สอง\nบรรทัดที่สาม", field: "title",
            message: TitleViolation.tooManyLines(count: 3, max: 2).message),
        BadInput(name: "javascript: link", links: ["javascript:alert(1)"], field: "externalLinks", message: PublishingText.linkInvalid("javascript:alert(1)")),
        BadInput(
            name: "ftp link", links: ["https://www.moph.go.th/", "ftp://files.example.org/a.pdf"], field: "externalLinks",
            message: PublishingText.linkInvalid("ftp://files.example.org/a.pdf")),
        BadInput(name: "law without its source", slug: "laws", field: "sourceName", message: PublishingText.sourceRequired),
        BadInput(
            name: "article without the source's date", slug: "articles", sourceName: "กรมควบคุมโรค", field: "sourceDate",
            message: PublishingText.sourceDateRequired),
        BadInput(name: "end before start", publishInHours: 48, expireInHours: 24, field: "expireAt", message: PeriodRule.Violation.endBeforeStart.message),
        BadInput(
            name: "no end where the category needs one", slug: "jobs", expiryRequiredWithoutDefault: true, field: "expireAt",
            message: PeriodRule.Violation.endRequired.message)
    ]

    @Test(arguments: cases)
    func aBrokenRuleAnswers422WithTheFieldAndSavesNothing(_ input: BadInput) async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            if input.expiryRequiredWithoutDefault, let category = room.categories[input.slug] {
                category.requiresExpiry = true
                category.defaultDays = nil
                try await category.update(on: app.db)
            }
            var body: [String: Any] = ["categoryId": room.categoryID(input.slug), "title": input.title, "details": "รายละเอียด", "externalLinks": input.links]
            if let sourceName = input.sourceName { body["sourceName"] = sourceName }
            if let sourceDate = input.sourceDate { body["sourceDate"] = sourceDate }
            if let hours = input.publishInHours { body["publishAt"] = rfc3339(clock.now().addingTimeInterval(hours * 3600)) }
            if let hours = input.expireInHours { body["expireAt"] = rfc3339(clock.now().addingTimeInterval(hours * 3600)) }
            let response = try await room.staff.send(.POST, "/api/v1/requests", body)
            #expect(response.status == .unprocessableEntity)
            #expect(response.isProblemJSON)
            let errors = try response.fieldErrors()
            #expect(errors.contains { $0.field == input.field && $0.message == input.message }, "\(errors)")
            #expect(try await PublicationRequest.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "request.created").count() == 0)
        }
    }

    @Test func aTitleOf160GraphemesOnTwoLinesIsAccepted() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let title = String(repeating: "ที่", count: 80) + "\n" + String(repeating: "น้ำ", count: 79)
            let id = try await room.draft(title: title)
            #expect(try await room.request(id).title == title)
        }
    }

    @Test func theWebFormShowsEachMessageBesideItsFieldAndKeepsWhatWasTyped() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let staff = Browser(app)
            try await staff.signIn("staff")
            let response = try await staff.post(
                "/staff/requests",
                [
                    "categoryId": room.categoryID("laws").lowercased(), "title": "", "details": "รายละเอียดที่พิมพ์ไว้แล้ว",
                    "externalLinks": "javascript:alert(1)\nhttps://www.moph.go.th/"
                ])
            #expect(response.status == .unprocessableEntity)
            let html = response.text
            #expect(html.contains(#"id="title-error">\#(TitleViolation.empty.message)"#))
            #expect(html.contains(#"id="sourceName-error">\#(PublishingText.sourceRequired)"#))
            #expect(html.contains(#"id="links-error">"#))
            #expect(html.contains("รายละเอียดที่พิมพ์ไว้แล้ว"))
            #expect(html.contains("https://www.moph.go.th/"))
            #expect(try await PublicationRequest.query(on: app.db).count() == 0)
        }
    }

    @Test func anUnknownCategoryOrAMalformedDateIsRefusedNamingTheField() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let unknown = try await room.staff.send(.POST, "/api/v1/requests", ["categoryId": UUID().uuidString, "title": "หัวข้อ", "details": "รายละเอียด"])
            #expect(unknown.status == .unprocessableEntity)
            #expect(try unknown.fieldErrors().map(\.field) == ["categoryId"])
            let badDate = try await room.staff.send(
                .POST, "/api/v1/requests",
                [
                    "categoryId": room.categoryID("news"), "title": "หัวข้อ", "details": "รายละเอียด",
                    "expireAt": "พรุ่งนี้"
                ])
            #expect(badDate.status == .unprocessableEntity)
            #expect(try badDate.fieldErrors().first?.field == "expireAt")
            #expect(try await PublicationRequest.query(on: app.db).count() == 0)
        }
    }
}
