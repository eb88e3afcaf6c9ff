import Fluent

/// Issue 14 §3: listings read only index entries. A public listing filters on the item's period
/// and withdrawal and sorts by publish time; with those columns in the index the database neither
/// reads the rows (whose long text comes before them) nor sorts more than it returns.
struct AddListingIndexes: AsyncMigration {
    static let byCategory = "publications_listing"
    static let byTime = "publications_recent"
    /// The next moment an item ends or an urgent item lapses (`PublicItems.nextChange`, asked by
    /// every listing): without these the database read every row to find it (measured: 300 ms
    /// at 100,000 items).
    static let byExpiry = "publications_expiry"
    static let byUrgentDeadline = "publications_urgent"
    /// Search ranks up to 2,000 hits by title and date: read from here, not from the rows.
    static let forSearch = "publications_search_rank"

    func prepare(on database: any Database) async throws {
        // `id` too: Fluent counts `COUNT(id)`, which would otherwise read every row.
        let visibility = ["number", "withdrawn_at", "expire_at", "urgent_deadline", "id"]
        try await SQLIndex.create(on: database, name: Self.byCategory, table: Publication.schema, columns: ["category_id", "publish_at"] + visibility)
        try await SQLIndex.create(on: database, name: Self.byTime, table: Publication.schema, columns: ["publish_at"] + visibility + ["category_id"])
        try await SQLIndex.create(on: database, name: Self.byExpiry, table: Publication.schema, columns: ["expire_at", "withdrawn_at"])
        try await SQLIndex.create(on: database, name: Self.byUrgentDeadline, table: Publication.schema, columns: ["urgent_deadline", "withdrawn_at"])
        try await SQLIndex.create(
            on: database, name: Self.forSearch, table: Publication.schema,
            columns: ["number", "withdrawn_at", "publish_at", "expire_at", "urgent_deadline", "category_id", "id", "search_title"])
    }

    func revert(on database: any Database) async throws {
        for name in [Self.byCategory, Self.byTime, Self.byExpiry, Self.byUrgentDeadline, Self.forSearch] { try await SQLIndex.drop(on: database, name: name) }
    }
}
