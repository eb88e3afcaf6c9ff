import Fluent

struct CreatePlanRounds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRound.schema)
            .id()
            .field("project_id", .uuid, .required, .references(PlanProject.schema, .id, onDelete: .cascade))
            .field("be_year", .int, .required)
            .field("kind", .string, .required)
            .field("state", .string, .required)
            .field("data", .string, .required)
            .field("submitted_by", .uuid)
            .field("submitted_at", .datetime)
            .field("approved_by", .uuid)
            .field("approved_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "project_id", "be_year", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRound.schema).delete()
    }
}

/// An approved report remembers the publication request made from it (issue 5 §6).
struct AddPublicationRequestToPlanRounds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanRound.schema).field("publication_request_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanRound.schema).deleteField("publication_request_id").update()
    }
}
