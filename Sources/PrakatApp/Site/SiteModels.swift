import Fluent
import Foundation

/// A section of the public site (seed 1 §1.1–§1.10). Publishing adds its rules (source,
/// end of publication, archive) on top of this tree.
final class SiteCategory: Model, @unchecked Sendable {
    static let schema = "categories"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "parent_id") var parentID: UUID?
    /// Stable: URLs of items are built from it and submitted to the ITA.
    @Field(key: "slug") var slug: String
    @Field(key: "name_th") var nameTh: String
    @OptionalField(key: "name_en") var nameEn: String?
    /// The clause of seed 1 it comes from, e.g. "1.8".
    @OptionalField(key: "clause") var clause: String?
    @Field(key: "position") var position: Int
    @Field(key: "in_navigation") var inNavigation: Bool
    // Publishing rules (issue 3 §1), added by AddPublishingRulesToCategories.
    /// Items must name their source (seed 1 §1.2 laws, §1.3 knowledge).
    @Field(key: "requires_source") var requiresSource: Bool
    /// Items must also give the source's date (seed 1 §1.3 "แหล่งที่มาและวัน เวลา").
    @Field(key: "requires_source_date") var requiresSourceDate: Bool
    /// Items must have an end of publication (or get `defaultDays`).
    @Field(key: "requires_expiry") var requiresExpiry: Bool
    @OptionalField(key: "default_days") var defaultDays: Int?
    /// `ExpiredPolicy` raw value: what happens to an item at the end of its period.
    @Field(key: "expired_policy") var expiredPolicyRaw: String

    init() {}

    init(id: UUID? = nil, parentID: UUID? = nil, slug: String, nameTh: String, nameEn: String?, clause: String?, position: Int, inNavigation: Bool = true) {
        self.id = id
        self.parentID = parentID
        self.slug = slug
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.clause = clause
        self.position = position
        self.inNavigation = inNavigation
        self.requiresSource = false
        self.requiresSourceDate = false
        self.requiresExpiry = false
        self.defaultDays = nil
        self.expiredPolicyRaw = "remove"
    }
}

struct CreateCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SiteCategory.schema)
            .id()
            .field("parent_id", .uuid, .references(SiteCategory.schema, .id))
            .field("slug", .string, .required)
            .field("name_th", .string, .required)
            .field("name_en", .string)
            .field("clause", .string)
            .field("position", .int, .required)
            .field("in_navigation", .bool, .required)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SiteCategory.schema).delete()
    }
}
