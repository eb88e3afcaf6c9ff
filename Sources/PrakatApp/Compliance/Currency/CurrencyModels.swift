import Fluent
import Foundation
import PrakatCore
import SQLKit

/// The review interval of a category (`categories.review_interval_days`), read and written apart
/// from `SiteCategory`: a released migration reads that model, and a new field on it would ask
/// an older database for a column it does not have yet.
final class CurrencyCategoryInterval: Model, @unchecked Sendable {
    static let schema = SiteCategory.schema

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    /// Days after which an item with no end must be looked at again; nil: never stale.
    @OptionalField(key: "review_interval_days") var days: Int?

    init() {}

    /// Every category's interval by id.
    static func all(on db: any Database) async throws -> [UUID: Int] {
        var intervals: [UUID: Int] = [:]
        for row in try await query(on: db).all() {
            if let id = row.id, let days = row.days { intervals[id] = days }
        }
        return intervals
    }

    static func days(of categoryID: UUID, on db: any Database) async throws -> Int? {
        try await find(categoryID, on: db)?.days
    }

    /// Gives every category the default interval of its slug (`CurrencyRules.defaultInterval`).
    static func applyDefaults(on db: any Database) async throws {
        for category in try await query(on: db).all() {
            guard let id = category.id, let days = CurrencyRules.defaultInterval(forSlug: category.slug) else { continue }
            try await set(days, for: id, on: db)
        }
    }

    static func set(_ days: Int?, for categoryID: UUID, on db: any Database) async throws {
        try await query(on: db).filter(\.$id == categoryID).set(\.$days, to: days).update()
    }
}

/// The last "reviewed, still current" stamp of a published item (the audit trail keeps every one).
final class CurrencyReview: Model, @unchecked Sendable {
    static let schema = "currency_reviews"

    @ID(key: .id) var id: UUID?
    @Field(key: "publication_id") var publicationID: UUID
    @Field(key: "reviewed_at") var reviewedAt: Date
    @OptionalField(key: "reviewed_by") var reviewedBy: UUID?
    @Field(key: "reviewer_name") var reviewerName: String

    init() {}
}

/// One external link of a public item and what the checker last found.
final class LinkCheck: Model, @unchecked Sendable {
    static let schema = "link_checks"

    @ID(key: .id) var id: UUID?
    @Field(key: "publication_id") var publicationID: UUID
    @Field(key: "url") var url: String
    /// Lowercased host: requests are spaced per host.
    @Field(key: "host") var host: String
    @OptionalField(key: "status_code") var statusCode: Int?
    /// `LinkCheckRules.Failure` raw value; nil when the link works (or was never checked).
    @OptionalField(key: "failure") var failureRaw: String?
    @OptionalField(key: "checked_at") var checkedAt: Date?
    @Field(key: "consecutive_failures") var consecutiveFailures: Int
    /// Due for a check from this moment (a claim pushes it forward while the check runs).
    @Field(key: "next_check_at") var nextCheckAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var result: LinkCheckRules.Result? {
        guard checkedAt != nil else { return nil }
        return LinkCheckRules.Result(statusCode: statusCode, failure: failureRaw.flatMap(LinkCheckRules.Failure.init(rawValue:)))
    }
}

struct AddReviewIntervalToCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SiteCategory.schema).field("review_interval_days", .int).update()
        // Categories that exist get the interval of their slug (news-like ones none).
        try await CurrencyCategoryInterval.applyDefaults(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SiteCategory.schema).deleteField("review_interval_days").update()
    }
}

struct CreateCurrencyReviews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CurrencyReview.schema)
            .id()
            .field("publication_id", .uuid, .required, .references(Publication.schema, .id))
            .field("reviewed_at", .datetime, .required)
            .field("reviewed_by", .uuid)
            .field("reviewer_name", .string, .required)
            .unique(on: "publication_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CurrencyReview.schema).delete()
    }
}

struct CreateLinkChecks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LinkCheck.schema)
            .id()
            .field("publication_id", .uuid, .required, .references(Publication.schema, .id))
            .field("url", .string, .required)
            .field("host", .string, .required)
            .field("status_code", .int)
            .field("failure", .string)
            .field("checked_at", .datetime)
            .field("consecutive_failures", .int, .required)
            .field("next_check_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "publication_id", "url")
            .create()
        try await SQLIndex.create(on: database, name: "link_checks_due", table: LinkCheck.schema, columns: ["next_check_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LinkCheck.schema).delete()
    }
}
