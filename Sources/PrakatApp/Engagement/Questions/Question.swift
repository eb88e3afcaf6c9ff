import Fluent
import Foundation
import PrakatCore

/// A question from the public (issue 12 §5): it waits for moderation, staff answer it, and once
/// published it is shown with its answer on `/questions`. The asker's address is never stored
/// (PDPA); the name only when the asker gave it and the moderator keeps it.
final class Question: Model, @unchecked Sendable {
    static let schema = "questions"

    @ID(key: .id) var id: UUID?
    @Field(key: "subject") var subject: String
    @Field(key: "message") var message: String
    @OptionalField(key: "asker_name") var askerName: String?
    @Field(key: "state") var stateRaw: String
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "source") var sourceRaw: String
    /// The e-Service request whose public reply this question is (at most one question each).
    @OptionalField(key: "eservice_request_id") var eServiceRequestID: UUID?
    /// `QuestionRules.contentKey` of the subject and message as received: duplicate detection.
    @Field(key: "content_key") var contentKey: String
    /// Subject, message and answer normalised like the site search (`PublicationSearch.normalise`),
    /// for substring search in Thai.
    @Field(key: "search_text") var searchText: String

    init() {}

    var state: QuestionState { QuestionState(rawValue: stateRaw) ?? .pending }
    var source: QuestionSource { QuestionSource(rawValue: sourceRaw) ?? .web }
    var hasAnswer: Bool { !(answer ?? "").isEmpty }

    /// Keeps the search column in step with the text.
    func refreshSearchText() {
        searchText = PublicationSearch.normalise([subject, message, answer ?? ""].joined(separator: " "))
    }
}

struct CreateQuestions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Question.schema)
            .id()
            .field("subject", .string, .required)
            .field("message", .string, .required)
            .field("asker_name", .string)
            .field("state", .string, .required)
            .field("answer", .string)
            .field("answered_by", .uuid)
            .field("answered_at", .datetime)
            .field("published_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("source", .string, .required)
            .field("eservice_request_id", .uuid)
            .field("content_key", .string, .required)
            .field("search_text", .string, .required)
            .unique(on: "eservice_request_id")
            .create()
        try await SQLIndex.create(on: database, name: "questions_state_published", table: Question.schema, columns: ["state", "published_at"])
        try await SQLIndex.create(on: database, name: "questions_content_key", table: Question.schema, columns: ["content_key", "created_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Question.schema).delete()
    }
}
