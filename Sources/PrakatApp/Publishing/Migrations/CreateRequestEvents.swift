import Fluent

struct CreateRequestEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RequestEvent.schema)
            .id()
            .field("request_id", .uuid, .required, .references(PublicationRequest.schema, .id))
            .field("action", .string, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .field("reason", .string)
            .field("from_state", .string, .required)
            .field("to_state", .string, .required)
            .create()
        try await SQLIndex.create(on: database, name: "request_events_request", table: RequestEvent.schema, columns: ["request_id", "at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RequestEvent.schema).delete()
    }
}
