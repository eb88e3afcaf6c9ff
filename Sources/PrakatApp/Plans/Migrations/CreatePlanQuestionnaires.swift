import Fluent

struct CreatePlanQuestionnaires: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanQuestionnaire.schema)
            .id()
            .field("project_id", .uuid, .required, .references(PlanProject.schema, .id, onDelete: .cascade))
            .field("activity", .int, .required)
            .field("title", .string, .required)
            .field("token", .string, .required)
            .field("questions", .string, .required)
            .field("pdpa_notice", .string, .required)
            .field("is_open", .bool, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime)
            .unique(on: "token")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanQuestionnaire.schema).delete()
    }
}
