import Fluent

struct CreatePlanResponses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanResponse.schema)
            .id()
            .field("questionnaire_id", .uuid, .required, .references(PlanQuestionnaire.schema, .id, onDelete: .cascade))
            .field("session_hash", .string, .required)
            .field("answers", .string, .required)
            .field("submitted_at", .datetime, .required)
            // One answer per link session, enforced by the database too (two tabs racing).
            .unique(on: "questionnaire_id", "session_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanResponse.schema).delete()
    }
}
