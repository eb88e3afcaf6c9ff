import Fluent
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// Moves one instance's counts into the database (every 30 s from `BackgroundJobs`; tests call
/// `run` with a moved `FixedClock`), then reads the site-wide figures back for the footer.
///
/// Every write adds (`page_views = page_views + n`), so instances never overwrite each other;
/// visitor hashes are inserted with ignore-on-conflict and only the rows actually inserted count
/// as new visitors, so a person seen by two instances is one visitor. Statistics are not
/// audited: they record no person's act, only sums.
struct VisitorFlush: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let counter: VisitorCounter

    /// After midnight, instances have this long to write the old day's hashes; then the day's
    /// hashes and salt are deleted and late hashes of it are dropped (its page views still count).
    static let grace: TimeInterval = 120
    static let interval: Int64 = 30
    private static let rowsPerStatement = 200

    struct Outcome: Sendable, Equatable {
        var pageViews = 0
        var newVisitors = 0
        var droppedHashes = 0
        var purgedHashes = 0
    }

    @discardableResult
    func run(now: Date) async throws -> Outcome {
        let today = CalendarDate.bangkok(containing: now)
        let pastGrace = now.timeIntervalSince(today.startInBangkok) >= Self.grace
        var outcome = Outcome()
        var pending = counter.takePending()
        if pastGrace {
            for (day, hashes) in pending.hashes where day < today.iso {
                outcome.droppedHashes += hashes.count
                pending.hashes[day] = nil
            }
        }
        // Today's salt and tomorrow's, made ahead so that every instance has it at midnight.
        let offers = [today, today.adding(days: 1)].filter { !counter.knowsSharedSalt(for: $0.iso) }.map {
            (day: $0.iso, salt: counter.localSalt(for: $0.iso) ?? VisitorHash.makeSalt())
        }
        let work = pending
        let result: (salts: [String: [UInt8]], outcome: Outcome)
        do {
            result = try await writer.write { tx in
                guard let sql = tx.db as? any SQLDatabase else { return ([:], Outcome()) }
                var salts: [String: [UInt8]] = [:]
                for offer in offers { salts[offer.day] = try await Self.sharedSalt(offer.day, offering: offer.salt, on: sql) }
                var written = Outcome()
                var newVisitors: [String: Int] = [:]
                for (day, hashes) in work.hashes {
                    let list = Array(hashes)
                    for start in stride(from: 0, to: list.count, by: Self.rowsPerStatement) {
                        let insert = sql.insert(into: VisitorTables.hashes).columns("day", "hash")
                        for hash in list[start..<min(start + Self.rowsPerStatement, list.count)] { insert.values(day, hash) }
                        let inserted = try await insert.ignoringConflicts(with: ["day", "hash"]).returning("hash").all()
                        newVisitors[day, default: 0] += inserted.count
                    }
                }
                for day in Set(work.pageViews.keys).union(newVisitors.keys) {
                    let views = work.pageViews[day] ?? 0
                    let visitors = newVisitors[day] ?? 0
                    try await sql.insert(into: VisitorTables.days).columns("day", "page_views", "unique_visitors").values(day, views, visitors)
                        .onConflict(with: ["day"]) {
                            $0.set(SQLIdentifier("page_views"), to: Self.sum("page_views", in: VisitorTables.days))
                                .set(SQLIdentifier("unique_visitors"), to: Self.sum("unique_visitors", in: VisitorTables.days))
                        }
                        .run()
                    written.pageViews += views
                    written.newVisitors += visitors
                }
                for (key, views) in work.itemViews {
                    try await sql.insert(into: VisitorTables.itemViews).columns("item_number", "month", "views").values(key.number, key.month, views)
                        .onConflict(with: ["item_number", "month"]) { $0.set(SQLIdentifier("views"), to: Self.sum("views", in: VisitorTables.itemViews)) }
                        .run()
                }
                if pastGrace {
                    // The day is over: fold nothing (the unique count is already in visitor_days),
                    // destroy its hashes and its salt.
                    let old = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(VisitorTables.hashes)
                        .where("day", .lessThan, today.iso).first()
                    written.purgedHashes = try old?.decode(column: "n", as: Int.self) ?? 0
                    try await sql.delete(from: VisitorTables.hashes).where("day", .lessThan, today.iso).run()
                    try await sql.delete(from: VisitorTables.salts).where("day", .lessThan, today.iso).run()
                }
                return (salts, written)
            }
        } catch {
            counter.putBack(pending)
            throw error
        }
        for (day, salt) in result.salts { counter.useSharedSalt(salt, for: day) }
        counter.forgetSalts(before: today.iso)
        outcome.pageViews = result.outcome.pageViews
        outcome.newVisitors = result.outcome.newVisitors
        outcome.purgedHashes = result.outcome.purgedHashes
        counter.publish(try await VisitorStatistics(db: db).figures(now: now), at: now)
        return outcome
    }

    /// `column + excluded.column`: an upsert that adds instead of replacing.
    private static func sum(_ column: String, in table: String) -> any SQLExpression {
        SQLBinaryExpression(SQLColumn(column, table: table), .add, SQLExcludedColumn(column))
    }

    /// The day's salt: ours if no instance stored one first, else theirs.
    private static func sharedSalt(_ day: String, offering salt: [UInt8], on sql: any SQLDatabase) async throws -> [UInt8] {
        try await sql.insert(into: VisitorTables.salts).columns("day", "salt").values(day, hex(salt)).ignoringConflicts(with: ["day"]).run()
        guard let row = try await sql.select().column("salt").from(VisitorTables.salts).where("day", .equal, day).first(),
            let stored = bytes(fromHex: try row.decode(column: "salt", as: String.self))
        else { return salt }
        return stored
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    static func bytes(fromHex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == VisitorHash.saltBytes * 2 else { return nil }
        var result: [UInt8] = []
        for index in stride(from: 0, to: utf8.count, by: 2) {
            guard let byte = UInt8(String(decoding: utf8[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            result.append(byte)
        }
        return result
    }
}

/// Reads of the statistics: the footer's figures, a fiscal year's months, the most read items.
/// The statements are the same on SQLite and PostgreSQL (sums cast to BIGINT, ISO day strings
/// compared as text).
struct VisitorStatistics: Sendable {
    let db: any Database

    func figures(now: Date) async throws -> VisitorFigures {
        guard let sql = db as? any SQLDatabase else { return .zero }
        let today = CalendarDate.bangkok(containing: now)
        let monthFirst = today.firstDayOfMonth.iso
        let monthEnd = VisitorCalendar.nextMonth(today).iso
        let year = FiscalYear.containing(today)
        let row = try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(CASE WHEN \(ident: "day") = \(bind: today.iso) THEN \(ident: "unique_visitors") ELSE 0 END), 0) AS BIGINT) AS \(ident: "today"),
            CAST(COALESCE(SUM(CASE WHEN \(ident: "day") = \(bind: today.iso) THEN \(ident: "page_views") ELSE 0 END), 0) AS BIGINT) AS \(ident: "views"),
            CAST(COALESCE(SUM(CASE WHEN \(ident: "day") >= \(bind: monthFirst) AND \(ident: "day") < \(bind: monthEnd) THEN \(ident: "unique_visitors") ELSE 0 END), 0) AS BIGINT) AS \(ident: "month"),
            CAST(COALESCE(SUM(CASE WHEN \(ident: "day") >= \(bind: year.firstDay.iso) AND \(ident: "day") <= \(bind: year.lastDay.iso) THEN \(ident: "unique_visitors") ELSE 0 END), 0) AS BIGINT) AS \(ident: "year"),
            CAST(COALESCE(SUM(\(ident: "unique_visitors")), 0) AS BIGINT) AS \(ident: "total")
            FROM \(ident: VisitorTables.days)
            """
        ).first()
        guard let row else { return .zero }
        return VisitorFigures(
            today: try row.decode(column: "today", as: Int.self), month: try row.decode(column: "month", as: Int.self),
            fiscalYear: try row.decode(column: "year", as: Int.self), total: try row.decode(column: "total", as: Int.self),
            pageViewsToday: try row.decode(column: "views", as: Int.self))
    }

    struct Month: Sendable, Hashable {
        var key: String
        var first: CalendarDate
        var pageViews: Int
        var visitors: Int
    }

    /// The twelve months of `year`, October first, with page views and visitors (each counted once a day).
    func months(of year: FiscalYear) async throws -> [Month] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.select().columns("day", "page_views", "unique_visitors").from(VisitorTables.days)
            .where("day", .greaterThanOrEqual, year.firstDay.iso).where("day", .lessThanOrEqual, year.lastDay.iso).all()
        var views: [String: Int] = [:]
        var visitors: [String: Int] = [:]
        for row in rows {
            let day = try row.decode(column: "day", as: String.self)
            let month = String(day.prefix(7))
            views[month, default: 0] += try row.decode(column: "page_views", as: Int.self)
            visitors[month, default: 0] += try row.decode(column: "unique_visitors", as: Int.self)
        }
        return VisitorCalendar.months(of: year).map { Month(key: $0.key, first: $0.first, pageViews: views[$0.key] ?? 0, visitors: visitors[$0.key] ?? 0) }
    }

    /// Item numbers by views in `year`, most read first.
    func mostRead(in year: FiscalYear, limit: Int) async throws -> [(number: Int, views: Int)] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let months = VisitorCalendar.months(of: year)
        guard let first = months.first?.key, let last = months.last?.key else { return [] }
        let rows = try await sql.raw(
            """
            SELECT \(ident: "item_number"), CAST(SUM(\(ident: "views")) AS BIGINT) AS \(ident: "total") FROM \(ident: VisitorTables.itemViews)
            WHERE \(ident: "month") >= \(bind: first) AND \(ident: "month") <= \(bind: last)
            GROUP BY \(ident: "item_number") ORDER BY \(ident: "total") DESC, \(ident: "item_number") LIMIT \(unsafeRaw: String(max(1, min(limit, 500))))
            """
        ).all()
        return try rows.map { (try $0.decode(column: "item_number", as: Int.self), try $0.decode(column: "total", as: Int.self)) }
    }
}
