import Fluent

struct CreatePlanFiscalYears: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanFiscalYear.schema)
            .id()
            .field("be_year", .int, .required)
            .field("plan_title", .string, .required)
            .field("expense_tree", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "be_year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanFiscalYear.schema).delete()
    }
}
