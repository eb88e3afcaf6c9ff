import Fluent

/// Leases of the jobs that run on one instance at a time (`JobLeases`).
struct CreateJobLeases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(JobLeases.schema)
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(JobLeases.schema).delete()
    }
}
