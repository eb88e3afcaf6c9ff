import Fluent
import SQLKit

/// Category rules for publishing (issue 3 §1). One column per ALTER, as SQLite adds one at a time.
struct AddPublishingRulesToCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let columns: [(String, DatabaseSchema.DataType, DatabaseSchema.FieldConstraint?)] = [
            ("requires_source", .bool, .sql(.default(false))),
            ("requires_source_date", .bool, .sql(.default(false))),
            ("requires_expiry", .bool, .sql(.default(false))),
            ("default_days", .int, nil),
            ("expired_policy", .string, .sql(.default("remove")))
        ]
        for (name, type, constraint) in columns {
            if let constraint {
                try await database.schema(SiteCategory.schema).field(FieldKey(stringLiteral: name), type, .required, constraint).update()
            } else {
                try await database.schema(SiteCategory.schema).field(FieldKey(stringLiteral: name), type).update()
            }
        }
        // Categories created before this migration get the defaults of their slug.
        for category in try await SiteCategory.query(on: database).all() {
            category.apply(DefaultCategories.rules(for: category.slug))
            try await category.save(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["requires_source", "requires_source_date", "requires_expiry", "default_days", "expired_policy"] {
            try await database.schema(SiteCategory.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}
