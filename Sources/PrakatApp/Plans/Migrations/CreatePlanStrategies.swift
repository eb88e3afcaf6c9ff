import Fluent

struct CreatePlanStrategies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanStrategy.schema)
            .id()
            .field("be_year", .int, .required)
            .field("code", .string, .required)
            .field("name_th", .string, .required)
            .field("position", .int, .required)
            .unique(on: "be_year", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanStrategy.schema).delete()
    }
}
