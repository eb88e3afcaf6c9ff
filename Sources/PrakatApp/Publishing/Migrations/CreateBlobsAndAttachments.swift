import Fluent

struct CreateBlobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Blob.schema)
            .field("sha256", .string, .identifier(auto: false))
            .field("size", .int, .required)
            .field("data", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Blob.schema).delete()
    }
}

struct CreateAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Attachment.schema)
            .id()
            .field("request_id", .uuid, .required, .references(PublicationRequest.schema, .id))
            .field("file_name", .string, .required)
            .field("kind", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required, .references(Blob.schema, "sha256"))
            .field("archive_entries", .string, .required)
            .field("position", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await SQLIndex.create(on: database, name: "attachments_request", table: Attachment.schema, columns: ["request_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Attachment.schema).delete()
    }
}
