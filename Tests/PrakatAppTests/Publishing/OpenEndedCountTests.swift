import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import PrakatApp

/// Issue 14 §3: SQLite counts a listing from each category's open-ended items, kept by triggers
/// (`AddOpenEndedCounts`), instead of walking every entry. Whatever is written to `publications`
/// — an item scheduled, given an end or an urgent deadline, withdrawn, moved, deleted — the
/// count must be the one a plain count of the live items gives, at any moment.
@Suite("Open-ended counts: a listing's count without walking it")
struct OpenEndedCountTests {
    @Test func everyWriteKeepsTheCountsTrue() async throws {
        try await withPrakat { app, _, clock in
            _ = try await installDefaultCategories(app)
            _ = try await BulkItems(app: app, seed: 41).generate(count: 240, attachments: false) { _ in }
            let categories = try await SiteCategory.query(on: app.db).all().map { try $0.requireID() }
            let now = clock.now()
            let day: TimeInterval = 86_400
            try await expectTrueCounts(app, categories, "as generated")

            // Every kind of write, each to a few items of its own.
            let all = try await Publication.query(on: app.db).sort(\.$number).all()
            try #require(all.count == 240)
            func numbers(_ slice: Range<Int>) -> [Int] { all[slice].map(\.number) }
            func update(_ slice: Range<Int>, _ change: (QueryBuilder<Publication>) -> QueryBuilder<Publication>) async throws {
                try await change(Publication.query(on: app.db).filter(\.$number ~~ numbers(slice))).update()
            }
            try await update(0..<10) { $0.set(\.$expireAt, to: now.addingTimeInterval(5 * day)) }  // will end
            try await update(10..<20) { $0.set(\.$expireAt, to: now.addingTimeInterval(-5 * day)) }  // ended
            try await update(20..<30) { $0.set(\.$urgentDeadline, to: now.addingTimeInterval(3 * day)) }  // will lapse
            try await update(30..<40) { $0.set(\.$urgentDeadline, to: now.addingTimeInterval(-3 * day)) }  // lapsed
            try await update(40..<50) { $0.set(\.$withdrawnAt, to: now) }  // withdrawn
            try await update(50..<60) { $0.set(\.$publishAt, to: now.addingTimeInterval(2 * day)) }  // not started
            try await update(60..<65) {  // not started, and will end
                $0.set(\.$publishAt, to: now.addingTimeInterval(2 * day)).set(\.$expireAt, to: now.addingTimeInterval(9 * day))
            }
            try await update(65..<70) {  // both an end and a deadline
                $0.set(\.$expireAt, to: now.addingTimeInterval(8 * day)).set(\.$urgentDeadline, to: now.addingTimeInterval(4 * day))
            }
            try await update(70..<80) { $0.set(\.$categoryID, to: categories[0]) }  // moved
            try await update(80..<85) { $0.set(\.$categoryID, to: categories[1]).set(\.$withdrawnAt, to: now) }  // moved while withdrawn
            try await expectTrueCounts(app, categories, "after the writes")

            // Taken back: an end removed, a withdrawal undone, a deadline removed.
            try await update(0..<5) { $0.set(\.$expireAt, to: nil) }
            try await update(40..<45) { $0.set(\.$withdrawnAt, to: nil) }
            try await update(20..<25) { $0.set(\.$urgentDeadline, to: nil) }
            // Written without a change to any counted column, and rewritten to the same values.
            try await update(100..<110) { $0.set(\.$title, to: "ทบทวนชื่อเรื่อง") }
            try await update(110..<120) { $0.set(\.$withdrawnAt, to: nil).set(\.$expireAt, to: nil) }
            // Deleted (what a test or a repair may do; nothing in the server deletes an item).
            try await Publication.query(on: app.db).filter(\.$number ~~ numbers(120..<126)).delete()
            try await Publication.query(on: app.db).filter(\.$number ~~ numbers(0..<2)).delete()
            try await expectTrueCounts(app, categories, "after taking back and deleting")

            for offset in [-30 * day, 1 * day, 2.5 * day, 3.5 * day, 4.5 * day, 6 * day, 10 * day, 400 * day] {
                try await expectTrueCounts(app, categories, "at now + \(offset / day) days", at: now.addingTimeInterval(offset))
            }
        }
    }

    /// An item published through the workflow lands in its category's count at once.
    @Test func aPublishedItemIsCountedAndAWithdrawnOneIsNot() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let news = try #require(try await SiteCategory.query(on: app.db).filter(\.$slug == "news").first()).requireID()
            let before = try await PublicItems(db: app.db, now: clock.now()).liveCounts(in: [news])[news]
            let published = try await room.publish("news", title: "ข่าวการรณรงค์ป้องกันโรคไข้เลือดออก")
            _ = try await room.publish("news", title: "ประกาศรับสมัครอาสาสมัคร", expireAt: clock.now().addingTimeInterval(30 * 86_400))
            #expect(try await PublicItems(db: app.db, now: clock.now()).liveCounts(in: [news])[news] == (before ?? 0) + 2)
            try await Publication.query(on: app.db).filter(\.$number == published.number).set(\.$withdrawnAt, to: clock.now()).update()
            #expect(try await PublicItems(db: app.db, now: clock.now()).liveCounts(in: [news])[news] == (before ?? 0) + 1)
            try await expectTrueCounts(app, [news], "after the workflow")
        }
    }

    /// Derived data checked at every start: counts altered and a trigger dropped by hand are made
    /// again, and a true table is left as it is.
    @Test func aStartMakesWrongCountsAgain() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .sqlite, let sql = app.db as? any SQLDatabase else { return }
            _ = try await installDefaultCategories(app)
            _ = try await BulkItems(app: app, seed: 43).generate(count: 60, attachments: false) { _ in }
            let categories = try await SiteCategory.query(on: app.db).all().map { try $0.requireID() }
            #expect(try await AddOpenEndedCounts.verify(app.db, logger: app.logger) == false, "true counts are left alone")
            try await sql.raw("UPDATE open_ended_counts SET items = items + 5").run()
            #expect(try await AddOpenEndedCounts.verify(app.db, logger: app.logger))
            try await expectTrueCounts(app, categories, "after altered counts were made again")
            // A dropped trigger is created again: the next write is counted.
            try await sql.raw("DROP TRIGGER publications_open_ended_update").run()
            #expect(try await AddOpenEndedCounts.verify(app.db, logger: app.logger))
            let item = try #require(try await Publication.query(on: app.db).filter(\.$withdrawnAt == nil).filter(\.$expireAt == nil).first())
            try await Publication.query(on: app.db).filter(\.$number == item.number).set(\.$withdrawnAt, to: app.clock.now()).update()
            try await expectTrueCounts(app, categories, "after a write with the trigger made again")
            #expect(try await AddOpenEndedCounts.verify(app.db, logger: app.logger) == false)
        }
    }

    /// `liveCounts` against a plain count of each category's live items, `liveCount` against one
    /// of the whole site's, and on SQLite the table
    /// the triggers keep against a plain count of the open-ended items.
    private func expectTrueCounts(
        _ app: Application, _ categories: [UUID], _ when: String, at moment: Date? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let items = PublicItems(db: app.db, now: moment ?? app.clock.now())
        let counts = try await items.liveCounts(in: categories)
        for id in categories {
            let plain = try await items.live().filter(\.$categoryID == id).count()
            #expect(counts[id] == plain, "\(when): category \(id)", sourceLocation: sourceLocation)
        }
        // The whole site's, as the API counts it.
        let everything = try await items.live().count()
        #expect(try await items.liveCount(in: nil) == everything, "\(when): every live item", sourceLocation: sourceLocation)
        guard DatabaseDialect(app.db) == .sqlite, let sql = app.db as? any SQLDatabase else { return }
        struct Row: Decodable, Equatable {
            var category_id: String
            var items: Int
        }
        let kept = try await sql.raw("SELECT category_id, items FROM open_ended_counts WHERE items <> 0 ORDER BY category_id").all(decoding: Row.self)
        let plain = try await sql.raw(
            """
            SELECT category_id, COUNT(*) AS items FROM publications WHERE withdrawn_at IS NULL AND expire_at IS NULL AND urgent_deadline IS NULL \
            GROUP BY category_id ORDER BY category_id
            """
        ).all(decoding: Row.self)
        #expect(kept == plain, "\(when): the open-ended counts the triggers keep", sourceLocation: sourceLocation)
    }
}
