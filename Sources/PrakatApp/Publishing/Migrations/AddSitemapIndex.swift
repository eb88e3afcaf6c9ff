import Fluent

/// A sitemap file lists up to 50,000 items with their last change: with `updated_at` beside the
/// visibility columns the database reads index entries only, not each item's row past its long
/// text (measured with SQLite at 100,000 items: 0.95 s → 11 ms for 20,000 rows).
struct AddSitemapIndex: AsyncMigration {
    static let name = "publications_sitemap"

    func prepare(on database: any Database) async throws {
        try await SQLIndex.create(
            on: database, name: Self.name, table: Publication.schema,
            columns: ["number", "withdrawn_at", "publish_at", "expire_at", "urgent_deadline", "category_id", "updated_at"])
    }

    func revert(on database: any Database) async throws {
        try await SQLIndex.drop(on: database, name: Self.name)
    }
}
