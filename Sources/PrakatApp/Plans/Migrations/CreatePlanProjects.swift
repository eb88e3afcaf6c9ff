import Fluent

struct CreatePlanProjects: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanProject.schema)
            .id()
            .field("be_year", .int, .required)
            .field("unit_id", .uuid, .required, .references(OrgUnit.schema, .id))
            .field("strategy_id", .uuid, .references(PlanStrategy.schema, .id))
            .field("title", .string, .required)
            .field("state", .string, .required)
            .field("document", .string, .required)
            .field("total_satang", .int64, .required)
            .field("mismatch_count", .int, .required)
            .field("created_by", .uuid, .required)
            .field("submitted_by", .uuid)
            .field("submitted_at", .datetime)
            .field("approved_by", .uuid)
            .field("approved_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await SQLIndex.create(on: database, name: "plan_projects_year", table: PlanProject.schema, columns: ["be_year", "state"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanProject.schema).delete()
    }
}
