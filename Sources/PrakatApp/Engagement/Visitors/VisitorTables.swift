import Fluent
import Foundation
import SQLKit

/// The visitor statistics' tables. No address, no user agent and no unsalted hash is ever stored:
///
/// - `visitor_days(day, page_views, unique_visitors)`: one row per Bangkok day, added to by every
///   instance's flush;
/// - `visitor_hashes(day, hash)`: the day's salted visitor hashes, unique per day across
///   instances; deleted with the salt once the day is over;
/// - `visitor_salts(day, salt)`: the day's random salt, the same for every instance;
/// - `item_views(item_number, month, views)`: page views of each item page per month.
enum VisitorTables {
    static let days = "visitor_days"
    static let hashes = "visitor_hashes"
    static let salts = "visitor_salts"
    static let itemViews = "item_views"
}

struct CreateVisitorTables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitorTables.days)
            .field("day", .string, .required)
            .field("page_views", .int64, .required)
            .field("unique_visitors", .int64, .required)
            .unique(on: "day")
            .create()
        try await database.schema(VisitorTables.hashes)
            .field("day", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "day", "hash")
            .create()
        try await database.schema(VisitorTables.salts)
            .field("day", .string, .required)
            .field("salt", .string, .required)
            .unique(on: "day")
            .create()
        try await database.schema(VisitorTables.itemViews)
            .field("item_number", .int64, .required)
            .field("month", .string, .required)
            .field("views", .int64, .required)
            .unique(on: "item_number", "month")
            .create()
        try await SQLIndex.create(on: database, name: "item_views_month", table: VisitorTables.itemViews, columns: ["month"])
    }

    func revert(on database: any Database) async throws {
        for table in [VisitorTables.itemViews, VisitorTables.salts, VisitorTables.hashes, VisitorTables.days] {
            try await database.schema(table).delete()
        }
    }
}
