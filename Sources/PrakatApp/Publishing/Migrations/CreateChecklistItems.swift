import Fluent

struct CreateChecklistItems: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ChecklistItem.schema)
            .id()
            .field("key", .string, .required)
            .field("framework", .string, .required)
            .field("fiscal_year", .int)
            .field("code", .string, .required)
            .field("title_th", .string, .required)
            .field("title_en", .string)
            .field("period", .string, .required)
            .field("position", .int, .required)
            .unique(on: "key")
            .create()
        try await database.schema(RequestChecklistTag.schema)
            .id()
            .field("request_id", .uuid, .required, .references(PublicationRequest.schema, .id))
            .field("checklist_item_id", .uuid, .required, .references(ChecklistItem.schema, .id))
            .unique(on: "request_id", "checklist_item_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RequestChecklistTag.schema).delete()
        try await database.schema(ChecklistItem.schema).delete()
    }
}
