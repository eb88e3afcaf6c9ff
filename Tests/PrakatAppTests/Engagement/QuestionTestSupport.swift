import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// A visitor filling in the public question form the way a person does: open the form, wait,
/// send it with the signed time the form carried.
struct Asker {
    let app: Application
    let clock: FixedClock
    let browser: Browser

    init(_ app: Application, _ clock: FixedClock) {
        self.app = app
        self.clock = clock
        browser = Browser(app)
    }

    /// The form's signed issue time.
    func openForm() async throws -> String {
        let form = try await browser.request(.GET, QuestionsRoute.ask.path)
        try #require(form.status == .ok)
        let tag = try #require(HTMLTags.scan(form.text).first { tag in tag.name == "input" && tag.attributes.contains { $0 == ("name", "issuedAt") } })
        return try #require(tag.attributes.first { $0.name == "value" }?.value)
    }

    /// Opens the form, waits `wait` seconds on the test clock, sends `fields`.
    @discardableResult
    func ask(_ fields: [String: String], wait: TimeInterval = 5) async throws -> TestingHTTPResponse {
        let issued = try await openForm()
        clock.advance(by: wait)
        var form = fields
        if form["issuedAt"] == nil { form["issuedAt"] = issued }
        return try await browser.post(QuestionsRoute.submit.path, form)
    }
}

/// A question straight into the database, in `state`, for tests that start past the asking.
@discardableResult
func makeQuestion(
    _ app: Application, subject: String = "ขอใบรับรองแพทย์ได้ที่ไหน", message: String = "ต้องใช้เอกสารอะไรบ้าง", name: String? = nil, state: QuestionState = .pending,
    answer: String? = nil, at: Date = Date(timeIntervalSince1970: 1_770_606_000), id: UUID = UUID()
) async throws -> Question {
    let question = Question()
    question.id = id
    question.subject = subject
    question.message = message
    question.askerName = name
    question.stateRaw = state.rawValue
    question.answer = answer
    question.answeredAt = answer == nil ? nil : at
    question.publishedAt = state == .published ? at : nil
    question.createdAt = at
    question.updatedAt = at
    question.sourceRaw = QuestionSource.web.rawValue
    question.contentKey = QuestionRules.contentKey(subject: subject, message: message)
    question.refreshSearchText()
    try await question.create(on: app.db)
    return question
}

extension AttackWorld {
    /// The attack world's question: pending, so every moderation route reaches its handler.
    static let questionID = UUID(uuidString: "0f0e0d0c-0b0a-4908-8706-050403020100") ?? UUID()
}

/// Gives the attack world a question to moderate.
func makeAttackQuestion(_ app: Application) async throws {
    try await makeQuestion(app, subject: "คำถามสำหรับทดสอบการโจมตี", message: "รายละเอียด", answer: "คำตอบ", id: AttackWorld.questionID)
}
