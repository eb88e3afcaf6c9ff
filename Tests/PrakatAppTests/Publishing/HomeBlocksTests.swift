import Fluent
import Foundation
import SQLKit
import Testing

@testable import PrakatApp

/// The home page reads its blocks in one statement (`PublicItems.newest(inEach:limit:)`): each
/// block must hold exactly what the listing query for its categories would give.
@Suite("Publishing: the home page's blocks")
struct HomeBlocksTests {
    @Test func eachBlockHoldsWhatItsListingQueryGives() async throws {
        try await withPrakat { app, _, clock in
            _ = try await BulkItems(app: app, seed: 23).generate(count: 160, attachments: false) { _ in }
            let sql = try #require(app.db as? any SQLDatabase)
            // A moment a month back, so that later items are not yet public; then items of every
            // kind the public may not see, and many items published at the same moment.
            let now = clock.now().addingTimeInterval(-30 * 86_400)
            let tie = Date(timeIntervalSince1970: (now.timeIntervalSince1970 - 3_600).rounded())
            try await sql.raw("UPDATE publications SET withdrawn_at = \(bind: tie) WHERE number % 7 = 0").run()
            try await sql.raw("UPDATE publications SET urgent_deadline = \(bind: tie) WHERE number % 11 = 0").run()
            try await sql.raw("UPDATE publications SET urgent_deadline = \(bind: now.addingTimeInterval(3_600)) WHERE number % 13 = 0 AND number % 11 <> 0").run()
            try await sql.raw("UPDATE publications SET expire_at = \(bind: now) WHERE number % 17 = 0").run()
            try await sql.raw("UPDATE publications SET publish_at = \(bind: tie) WHERE number % 4 = 0").run()

            let categories = try await ListedCategory.all(on: app.db)
            let news = try #require(categories.first { $0.slug == "news" })
            let groups: [[UUID]] =
                [[news.id], PublicSiteRoutes.subtree(news, in: categories), categories.map(\.id)]
                + categories.prefix(6).map { [$0.id] } + [[], [UUID()]]
            let items = PublicItems(db: app.db, now: now)
            for limit in [1, 5, 40] {
                let blocks = try await items.newest(inEach: groups, limit: limit)
                #expect(blocks.count == groups.count)
                for (group, rows) in zip(groups, blocks) {
                    let expected = try await items.rows(
                        of: items.live().filter(\.$categoryID ~~ group).sort(\.$publishAt, .descending).sort(\.$number, .descending).limit(limit))
                    #expect(rows.map(\.number) == expected.map(\.number), "limit \(limit), \(group.count) categories")
                    #expect(rows.map(\.id) == expected.map(\.id))
                    #expect(rows.map(\.title) == expected.map(\.title))
                }
            }
            // The blocks are not empty by accident, and what is hidden is really there to hide.
            let all = try await items.newest(inEach: [categories.map(\.id)], limit: 1_000)[0]
            #expect(all.count > 40)
            #expect(all.allSatisfy { $0.number % 7 != 0 && $0.number % 11 != 0 && $0.number % 17 != 0 && $0.publishAt <= now })
            #expect(all.contains { $0.number % 13 == 0 }, "an urgent item before its deadline is shown")
            #expect(all.filter { abs($0.publishAt.timeIntervalSince(tie)) < 0.001 }.count > 5, "ties in time are ordered by number")
        }
    }
}
