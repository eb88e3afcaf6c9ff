import Fluent
import Foundation
import PrakatCore

/// One answer to the satisfaction survey, or the rating of a closed e-Service request.
final class SatisfactionResponse: Model, @unchecked Sendable {
    static let schema = "satisfaction_responses"

    @ID(key: .id) var id: UUID?
    /// 1…5.
    @Field(key: "score") var score: Int
    @OptionalField(key: "comment") var comment: String?
    /// The path the survey was opened from (`/c/news`).
    @OptionalField(key: "page") var page: String?
    @Field(key: "source") var sourceRaw: String
    /// The rated e-Service request; unique, so a request is rated once.
    @OptionalField(key: "eservice_request_id") var eserviceRequestID: UUID?
    /// The Buddhist-Era fiscal year of `createdAt` (Bangkok day).
    @Field(key: "fiscal_year") var fiscalYear: Int
    @Field(key: "created_at") var createdAt: Date
    /// `hidden` until a moderator publishes the comment.
    @Field(key: "comment_state") var commentStateRaw: String
    @OptionalField(key: "moderated_by") var moderatedBy: UUID?
    @OptionalField(key: "moderated_at") var moderatedAt: Date?

    init() {}

    var source: SatisfactionSource { SatisfactionSource(rawValue: sourceRaw) ?? .survey }
    var commentState: SatisfactionCommentState { SatisfactionCommentState(rawValue: commentStateRaw) ?? .hidden }
}

struct CreateSatisfactionResponses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SatisfactionResponse.schema)
            .id()
            .field("score", .int, .required)
            .field("comment", .string)
            .field("page", .string)
            .field("source", .string, .required)
            .field("eservice_request_id", .uuid)
            .field("fiscal_year", .int, .required)
            .field("created_at", .datetime, .required)
            .field("comment_state", .string, .required)
            .field("moderated_by", .uuid)
            .field("moderated_at", .datetime)
            .unique(on: "eservice_request_id")
            .create()
        try await SQLIndex.create(on: database, name: "satisfaction_responses_year", table: SatisfactionResponse.schema, columns: ["fiscal_year", "created_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SatisfactionResponse.schema).delete()
    }
}
