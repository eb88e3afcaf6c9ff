import Fluent
import Foundation
import PrakatCore
import SQLKit

/// Issue 14 §3: every listing, feed and page description showed the start of each item's body
/// as plain text, parsing its Markdown while rendering (most of an uncached listing's time at
/// 100,000 items). The plain-text start is now kept with the item when it is published; items
/// published before this migration get theirs here, a batch at a time.
struct AddExcerptToPublications: AsyncMigration {
    static let batchSize = 500

    func prepare(on database: any Database) async throws {
        try await database.schema(Publication.schema).field("excerpt", .string, .required, .sql(.default(""))).update()
        try await Self.backfill(on: database)
    }

    /// Gives every item its stored excerpt, in batches by number (memory stays flat at any size).
    static func backfill(on database: any Database, batchSize: Int = Self.batchSize) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var after: Int?
        while true {
            var query = sql.select().columns("id", "number", "body").from(Publication.schema)
            if let after { query = query.where("number", .greaterThan, after) }
            let rows = try await query.orderBy("number").limit(batchSize).all()
            guard !rows.isEmpty else { break }
            let excerpts = try rows.map { row in
                (id: try row.decode(column: "id", as: UUID.self), excerpt: Markdown.storedExcerpt(try row.decode(column: "body", as: String.self)))
            }
            // One transaction per batch: SQLite would otherwise commit (and sync) every row.
            try await database.transaction { (tx: any Database) async throws -> Void in
                guard let sql = tx as? any SQLDatabase else { return }
                for (id, excerpt) in excerpts where !excerpt.isEmpty {
                    try await sql.update(Publication.schema).set("excerpt", to: excerpt).where("id", .equal, id).run()
                }
            }
            after = try rows.last?.decode(column: "number", as: Int.self)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Publication.schema).deleteField("excerpt").update()
    }
}
