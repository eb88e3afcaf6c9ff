import Fluent
import Foundation

struct CreateSiteState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SiteState.schema)
            .field("id", .string, .identifier(auto: false))
            .field("content_version", .int, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let state = SiteState()
        state.id = SiteState.singletonID
        state.contentVersion = 1
        state.updatedAt = Date()
        try await state.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SiteState.schema).delete()
    }
}
