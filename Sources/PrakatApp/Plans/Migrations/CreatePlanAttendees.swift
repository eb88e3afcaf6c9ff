import Fluent

struct CreatePlanAttendees: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PlanAttendee.schema)
            .id()
            .field("project_id", .uuid, .required, .references(PlanProject.schema, .id, onDelete: .cascade))
            .field("activity", .int, .required)
            .field("name", .string, .required)
            .field("organisation", .string, .required)
            .field("position", .string, .required)
            .field("source", .string, .required)
            .field("present", .bool, .required)
            .field("recorded_by", .uuid)
            .field("recorded_at", .datetime, .required)
            .create()
        try await SQLIndex.create(on: database, name: "plan_attendees_activity", table: PlanAttendee.schema, columns: ["project_id", "activity"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanAttendee.schema).delete()
    }
}
