import Fluent

struct CreatePublications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Publication.schema)
            .id()
            .field("number", .int, .required)
            .field("category_id", .uuid, .required, .references(SiteCategory.schema, .id))
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("current_request_id", .uuid, .required, .references(PublicationRequest.schema, .id))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("external_links", .string, .required)
            .field("source_name", .string)
            .field("source_date", .string)
            .field("publish_at", .datetime, .required)
            .field("expire_at", .datetime)
            .field("withdrawn_at", .datetime)
            .field("withdraw_reason", .string)
            .field("urgent_deadline", .datetime)
            .field("takedown_recorded_at", .datetime)
            .field("first_published_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("search_title", .string, .required)
            .field("search_body", .string, .required)
            .field("search_files", .string, .required)
            .unique(on: "number")
            .create()
        try await SQLIndex.create(on: database, name: "publications_category", table: Publication.schema, columns: ["category_id", "publish_at"])
        try await SQLIndex.create(on: database, name: "publications_publish_at", table: Publication.schema, columns: ["publish_at"])
        try await SQLIndex.create(on: database, name: "publications_expire_at", table: Publication.schema, columns: ["expire_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Publication.schema).delete()
    }
}
