import Fluent
import Foundation

/// One line of the audit trail. Rows are only ever inserted.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "address") var address: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @OptionalField(key: "entity_id") var entityID: String?
    @OptionalField(key: "reason") var reason: String?
    /// Canonical JSON (sorted keys), hashed exactly as stored.
    @Field(key: "details") var details: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    /// What the hash covers, in a fixed order. Time is hashed in whole milliseconds because
    /// that is what both databases give back unchanged.
    var chainFields: [String] {
        [
            String(sequence),
            String(AuditEntry.milliseconds(at)),
            actorID?.uuidString ?? "",
            actorName,
            address,
            action,
            entityType,
            entityID ?? "",
            reason ?? "",
            details
        ]
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}

struct CreateAuditEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("sequence", .int64, .required)
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("address", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string)
            .field("reason", .string)
            .field("details", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            // Two writers that both read the same head cannot both append: the second insert fails.
            .unique(on: "sequence")
            .create()
        try await SQLIndex.create(on: database, name: "audit_entries_entity", table: AuditEntry.schema, columns: ["entity_type", "entity_id"])
        try await SQLIndex.create(on: database, name: "audit_entries_actor", table: AuditEntry.schema, columns: ["actor_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}
