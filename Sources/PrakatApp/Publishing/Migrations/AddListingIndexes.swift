import Fluent

/// Issue 14 §3: listings read only index entries. A public listing filters on the item's period
/// and withdrawal and sorts by publish time; with those columns in the index the database neither
/// reads the rows (whose long text comes before them) nor sorts more than it returns.
struct AddListingIndexes: AsyncMigration {
    static let byCategory = "publications_listing"
    static let byTime = "publications_recent"

    func prepare(on database: any Database) async throws {
        let visibility = ["number", "withdrawn_at", "expire_at", "urgent_deadline"]
        try await SQLIndex.create(on: database, name: Self.byCategory, table: Publication.schema, columns: ["category_id", "publish_at"] + visibility)
        try await SQLIndex.create(on: database, name: Self.byTime, table: Publication.schema, columns: ["publish_at"] + visibility + ["category_id"])
    }

    func revert(on database: any Database) async throws {
        for name in [Self.byCategory, Self.byTime] { try await SQLIndex.drop(on: database, name: name) }
    }
}
