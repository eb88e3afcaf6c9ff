import Fluent
import Foundation
import NIOConcurrencyHelpers
import PrakatCore
import SQLKit

/// The one place that decides what the public may see (the API contract: "An item is public only while
/// publishAt ≤ now < expireAt and not withdrawn … whatever the background jobs have or have
/// not done yet"). Pages, attachments, listings, search, feeds, the sitemap and the API all ask here.
struct PublicItems: Sendable {
    let db: any Database
    let now: Date

    /// Items inside their period, not withdrawn, and not an urgent item whose approval lapsed.
    func live() -> QueryBuilder<Publication> {
        Publication.query(on: db)
            .filter(\.$publishAt <= now)
            .filter(\.$withdrawnAt == nil)
            .group(.or) { $0.filter(\.$expireAt == nil).filter(\.$expireAt > now) }
            .group(.or) { $0.filter(\.$urgentDeadline == nil).filter(\.$urgentDeadline > now) }
    }

    /// Items past their period in categories that keep a dated archive.
    func archived(categoryIDs: [UUID]) -> QueryBuilder<Publication> {
        Publication.query(on: db)
            .filter(\.$expireAt <= now)
            .filter(\.$withdrawnAt == nil)
            .filter(\.$categoryID ~~ categoryIDs)
            .group(.or) { $0.filter(\.$urgentDeadline == nil).filter(\.$urgentDeadline > now) }
    }

    /// `live()` or `archived(categoryIDs:)` as one SQL condition on `publications`, for queries
    /// that rank in SQL (search): the same rules, kept beside them.
    func readableCondition(archiveCategoryIDs: [UUID]) -> SQLQueryString {
        readableCondition(archiveCategories: archiveCategoryIDs.isEmpty ? nil : "\(binds: archiveCategoryIDs)")
    }

    /// The same, with the archive categories read by the statement itself: one query fewer for
    /// search, which asks for them on every request.
    func readableCondition() -> SQLQueryString {
        readableCondition(
            archiveCategories: "SELECT id FROM \(ident: SiteCategory.schema) WHERE expired_policy = \(bind: ExpiredPolicy.archive.rawValue)")
    }

    /// `archiveCategories`: what goes inside `category_id IN (…)`, nil for no archive category;
    /// `publishedBy`: live items published by then (before `now`) only, as the one upper bound on
    /// the publish time (see `liveRows(in:after:limit:)`).
    private func readableCondition(archiveCategories: SQLQueryString?, publishedBy bound: Date? = nil) -> SQLQueryString {
        var readable: SQLQueryString = "(publish_at <= \(bind: min(now, bound ?? now)) AND (expire_at IS NULL OR expire_at > \(bind: now)))"
        if let archiveCategories {
            readable = "(" + readable + " OR (expire_at <= \(bind: now) AND category_id IN (" + archiveCategories + ")))"
        }
        return "withdrawn_at IS NULL AND (urgent_deadline IS NULL OR urgent_deadline > \(bind: now)) AND " + readable
    }

    func archiveCategoryIDs() async throws -> [UUID] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { var id: UUID }
        return try await sql.select().column("id").from(SiteCategory.schema).where("expired_policy", .equal, ExpiredPolicy.archive.rawValue)
            .all(decoding: Row.self).map(\.id)
    }

    /// What the public may read at its URL: live, or archived by its category's rule.
    enum Readability {
        case live
        case archived
        case gone(PublicationStatus)
        case notYet
    }

    func readability(_ publication: Publication, category: SiteCategory?) -> Readability {
        switch publication.window.status(at: now) {
        case .live: return .live
        case .scheduled: return .notYet
        case .expired: return category?.expiredPolicy == .archive ? .archived : .gone(.expired)
        case let other: return .gone(other)
        }
    }

    /// The rows of a sorted, limited listing query, read in two steps: the numbers first (from the
    /// covering indexes, so sorting many matches never reads their text), then the page's rows.
    /// Measured at 100,000 items: 40 ms instead of 415 ms for page 500 of a large category.
    /// The page's rows are read as columns, not models (a reflection pass per row).
    func rows(of listing: QueryBuilder<Publication>) async throws -> [ListedPublication] {
        let numbers = try await Self.columns(listing.field(\.$number)) { try $0.decode("number", as: Int.self) }
        return try await ListedPublication.load(numbers: numbers, on: db)
    }

    /// Entries `range` of the live items of `categoryIDs` (a category and those below it; nil:
    /// every category), newest first. Deep pages of several categories on SQLite merge each
    /// category's own walk of the listing index: with `category_id IN (…)` SQLite sorts every
    /// entry before the page for an OFFSET (a category with ten below it, 34,758 entries: page 500
    /// 16 ms, merged 3.8 ms; page 50 3.4 ms, merged 1.2). Near the top its sort stops early (page 1:
    /// 0.1 ms, merged 0.35), and PostgreSQL walks its time index either way (planning a merge of
    /// eleven parts took 1.5-3 ms, all it would save).
    /// `mergeFrom`: the first entry read by merging (tests merge from the top).
    func liveRows(in categoryIDs: [UUID]?, range: Range<Int>, mergeFrom: Int = Self.mergeFromEntry) async throws -> [ListedPublication] {
        guard let sql = db as? any SQLDatabase, !range.isEmpty, categoryIDs?.isEmpty != true else { return [] }
        guard DatabaseDialect(db) == .sqlite, range.lowerBound >= mergeFrom, let categoryIDs, (2...Self.maxMergedCategories).contains(categoryIDs.count) else {
            let categories: SQLQueryString? = categoryIDs.map { "category_id IN (\(binds: $0))" }
            return try await newestLive(where: categories, range: range)
        }
        let live = readableCondition(archiveCategories: nil)
        let arms = categoryIDs.map { id -> SQLQueryString in
            "SELECT number, publish_at FROM \(ident: Publication.schema) WHERE category_id = \(bind: id) AND " + live
        }
        let query: SQLQueryString =
            arms.joined(separator: " UNION ALL ") + " ORDER BY publish_at DESC, number DESC LIMIT \(literal: range.count) OFFSET \(literal: range.lowerBound)"
        let numbers = try await sql.raw(query).all().map { try $0.decode(column: "number", as: Int.self) }
        return try await ListedPublication.load(numbers: numbers, on: db)
    }

    /// Up to `limit` live items of `categoryIDs` after `cursor` (keyset paging: published before
    /// it, or in its millisecond with a lower number), newest first, so page 500 costs what page 2
    /// does.
    func liveRows(in categoryIDs: [UUID], after cursor: ListingCursor, limit: Int) async throws -> [ListedPublication] {
        guard !categoryIDs.isEmpty, limit > 0 else { return [] }
        // Stored times keep milliseconds: "the same time" is the same millisecond.
        let (earliest, latest) = (cursor.publishAt.addingTimeInterval(-0.0005), cursor.publishAt.addingTimeInterval(0.0005))
        let after: SQLQueryString =
            "category_id IN (\(binds: categoryIDs)) AND (publish_at < \(bind: earliest) OR (publish_at >= \(bind: earliest) AND publish_at <= \(bind: latest) AND number < \(bind: cursor.number)))"
        // The cursor's time is also the one upper bound on the publish time: SQLite ranges the
        // index by the first of two (given `now` first, page 500 of a 22,000-item listing walked
        // every entry from the newest to the cursor, 146,558 VM steps instead of 1,573), and
        // without a bound outside the OR PostgreSQL walked its time index the same way (7 ms).
        return try await newestLive(where: after, publishedBy: latest, range: 0..<limit)
    }

    /// Entries `range` of the live items matching `condition` (nil: all), newest first, in one
    /// statement: their numbers from a covering index (so sorting many matches never reads their
    /// text; at 100,000 items 40 ms instead of 415 for page 500 of a large category), then those
    /// rows' columns. As two statements and a query builder reflecting over the model for every
    /// filter, they were a tenth of a deep page's CPU.
    private func newestLive(where condition: SQLQueryString?, publishedBy bound: Date? = nil, range: Range<Int>) async throws -> [ListedPublication] {
        guard let sql = db as? any SQLDatabase, !range.isEmpty else { return [] }
        let live = readableCondition(archiveCategories: nil, publishedBy: bound)
        let filter = condition.map { $0 + " AND " + live } ?? live
        let columns: SQLQueryString = "\(SQLList(ListedPublication.CodingKeys.allCases.map { SQLColumn($0.rawValue, table: "p") }))"
        let query: SQLQueryString =
            "SELECT " + columns + " FROM (SELECT number FROM \(ident: Publication.schema) WHERE " + filter
            + " ORDER BY publish_at DESC, number DESC LIMIT \(literal: range.count) OFFSET \(literal: range.lowerBound)) AS chosen JOIN \(ident: Publication.schema) AS p"
            + " ON p.number = chosen.number ORDER BY p.publish_at DESC, p.number DESC"
        return try await sql.raw(query).all(decoding: ListedPublication.self)
    }

    static let mergeFromEntry = 200
    /// A statement of one part per category: past this many, the sort.
    static let maxMergedCategories = 64

    /// How many live items each of `categoryIDs` holds (0 for those with none), in one statement.
    func liveCounts(in categoryIDs: [UUID]) async throws -> [UUID: Int] {
        guard !categoryIDs.isEmpty else { return [:] }
        guard let sql = db as? any SQLDatabase else {
            var counts: [UUID: Int] = [:]
            for id in Set(categoryIDs) { counts[id] = try await live().filter(\.$categoryID == id).count() }
            return counts
        }
        struct Row: Decodable {
            var category_id: UUID
            var items: Int
        }
        let query: SQLQueryString =
            DatabaseDialect(db) == .sqlite
            ? Self.liveCountsFromOpenEnded(in: categoryIDs, now: now)
            : "SELECT category_id, COUNT(id) AS items FROM \(ident: Publication.schema) WHERE category_id IN (\(binds: categoryIDs)) AND "
                + readableCondition(archiveCategories: nil) + " GROUP BY category_id"
        var counts = Dictionary(categoryIDs.map { ($0, 0) }, uniquingKeysWith: { first, _ in first })
        for row in try await sql.raw(query).all(decoding: Row.self) where counts[row.category_id] != nil { counts[row.category_id, default: 0] += row.items }
        return counts
    }

    /// How many live items `categoryIDs` hold together, nil: the whole site. SQLite adds up each
    /// category's count from its open-ended items (at 100,000 items, every live item: 1.1 ms
    /// instead of 25 ms walking them); PostgreSQL counts.
    func liveCount(in categoryIDs: [UUID]?) async throws -> Int {
        guard DatabaseDialect(db) == .sqlite else {
            let query = live()
            return try await (categoryIDs.map { query.filter(\.$categoryID ~~ $0) } ?? query).count()
        }
        if let categoryIDs { return try await liveCounts(in: categoryIDs).values.reduce(0, +) }
        let everyCategory = try await SiteCategory.query(on: db).all(\.$id).compactMap { $0 }
        return try await liveCounts(in: everyCategory).values.reduce(0, +)
    }

    /// SQLite's live counts without walking every entry (`AddOpenEndedCounts`): each category's
    /// open-ended items as the triggers keep them, less those not started yet, plus the live ones
    /// that will end or lapse — the last two from the entries after `now` only. One row per part
    /// and category, added up by the caller.
    private static func liveCountsFromOpenEnded(in categoryIDs: [UUID], now: Date) -> SQLQueryString {
        let categories: SQLQueryString = "category_id IN (\(binds: categoryIDs))"
        let publications: SQLQueryString = "\(ident: Publication.schema)"
        let parts: [SQLQueryString] = [
            "SELECT category_id, items FROM \(ident: AddOpenEndedCounts.table) WHERE " + categories,
            "SELECT category_id, -COUNT(*) AS items FROM " + publications + " WHERE " + categories + " AND publish_at > \(bind: now) AND "
                + AddOpenEndedCounts.openEnded() + " GROUP BY category_id",
            // The planner takes the broad listing index for these unless told (it cannot see how few
            // entries lie after `now`).
            "SELECT category_id, COUNT(*) AS items FROM " + publications + " INDEXED BY \(ident: AddOpenEndedCounts.endingIndex) WHERE " + categories
                + " AND withdrawn_at IS NULL AND expire_at > \(bind: now) AND publish_at <= \(bind: now)"
                + " AND (urgent_deadline IS NULL OR urgent_deadline > \(bind: now)) GROUP BY category_id",
            "SELECT category_id, COUNT(*) AS items FROM " + publications + " INDEXED BY \(ident: AddOpenEndedCounts.lapsingIndex) WHERE " + categories
                + " AND withdrawn_at IS NULL AND expire_at IS NULL AND urgent_deadline > \(bind: now) AND publish_at <= \(bind: now) GROUP BY category_id"
        ]
        return parts.joined(separator: " UNION ALL ")
    }

    /// The newest live items of each group of categories, at most `limit` a group, newest first
    /// (the home page's blocks), in one statement: each group's numbers from the covering listing
    /// index, then those rows' columns. Selecting the columns in the groups' own subqueries made
    /// SQLite read every matching row before sorting (home 8 ms → 39 ms at 100,000 items); as
    /// statements of their own, the two steps were eight statements and four query builders,
    /// each reflecting over the model, for 20 rows.
    func newest(inEach groups: [[UUID]], limit: Int) async throws -> [[ListedPublication]] {
        guard !groups.isEmpty, let sql = db as? any SQLDatabase else { return groups.map { _ in [] } }
        let columns: SQLQueryString = "\(SQLList(ListedPublication.CodingKeys.allCases.map { SQLColumn($0.rawValue, table: "p") }))"
        let live = readableCondition(archiveCategories: nil)
        // Each group's LIMIT inside its own subquery (SQLite allows ORDER BY and LIMIT in a
        // compound SELECT only at its end).
        let numbers = groups.enumerated().map { index, ids -> SQLQueryString in
            let categories: SQLQueryString = ids.isEmpty ? "NULL" : "\(binds: ids)"
            return "SELECT * FROM (SELECT \(literal: index) AS block, number FROM \(ident: Publication.schema) WHERE category_id IN ("
                + categories + ") AND " + live + " ORDER BY publish_at DESC, number DESC LIMIT \(literal: limit)) AS block\(unsafeRaw: String(index))"
        }
        let query: SQLQueryString =
            "SELECT chosen.block, " + columns + " FROM (" + numbers.joined(separator: " UNION ALL ")
            + ") AS chosen JOIN \(ident: Publication.schema) AS p ON p.number = chosen.number ORDER BY chosen.block, p.publish_at DESC, p.number DESC"
        var newest = groups.map { _ in [ListedPublication]() }
        for row in try await sql.raw(query).all() {
            let block = try row.decode(column: "block", as: Int.self)
            guard newest.indices.contains(block) else { continue }
            newest[block].append(try row.decode(model: ListedPublication.self))
        }
        return newest
    }

    /// Chosen columns of many rows without building models: Fluent fills a model by reflecting
    /// over all of its fields for every row (measured: most of the 6.6 s a 50,000-address
    /// sitemap file took). `read` gets each row's output and decodes what it needs by key.
    static func columns<Value: Sendable>(
        _ query: QueryBuilder<Publication>, _ read: @escaping @Sendable (any DatabaseOutput) throws -> Value
    ) async throws -> [Value] {
        let collected = NIOLockedValueBox<(values: [Value], error: (any Error)?)>(([], nil))
        try await query.run { output in
            let row = output.qualifiedSchema(space: nil, Publication.schema)
            do {
                let value = try read(row)
                collected.withLockedValue { $0.values.append(value) }
            } catch {
                collected.withLockedValue { if $0.error == nil { $0.error = error } }
            }
        }
        let (values, error) = collected.withLockedValue { ($0.values, $0.error) }
        if let error { throw error }
        return values
    }

    /// The next moment at which any item starts, ends or lapses: pages listing items are valid until then.
    func nextChange() async throws -> Date? {
        guard let sql = db as? any SQLDatabase else { return nil }
        // One statement, each moment from its index (a whole row, its body, is never read for a
        // date); every listing render asks, so three round trips were worth folding into one.
        func earliest(_ column: String) -> SQLQueryString {
            """
            (SELECT \(ident: column) FROM \(ident: Publication.schema) WHERE withdrawn_at IS NULL AND \(ident: column) > \(bind: now) \
            ORDER BY \(ident: column) LIMIT 1)
            """
        }
        struct Moments: Decodable {
            var starts: Date?
            var ends: Date?
            var lapses: Date?
        }
        let query: SQLQueryString =
            "SELECT " + earliest("publish_at") + " AS starts, " + earliest("expire_at") + " AS ends, " + earliest("urgent_deadline") + " AS lapses"
        // Prepared on PostgreSQL (`PreparedStatements`): its planning cost more than its run.
        guard let moments = try await PreparedStatements.first(query, on: sql)?.decode(model: Moments.self) else { return nil }
        return [moments.starts, moments.ends, moments.lapses].compactMap { $0 }.min()
    }

    /// The same moment for each of `categoryIDs` alone (absent: none of its items will start,
    /// end or lapse), in one statement over the indexes by category (`AddCategoryMomentIndexes`):
    /// a category's listing changes only at its own items' moments, so its count and pages
    /// need not lapse when an item elsewhere ends.
    func nextChanges(in categoryIDs: [UUID]) async throws -> [UUID: Date] {
        guard !categoryIDs.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Moment: Decodable {
            var category_id: UUID
            var at: Date?
        }
        let parts = ["publish_at", "expire_at", "urgent_deadline"].map { column -> SQLQueryString in
            """
            SELECT category_id, MIN(\(ident: column)) AS at FROM \(ident: Publication.schema) \
            WHERE category_id IN (\(binds: categoryIDs)) AND withdrawn_at IS NULL AND \(ident: column) > \(bind: now) GROUP BY category_id
            """
        }
        var moments: [UUID: Date] = [:]
        for row in try await sql.raw(parts.joined(separator: " UNION ALL ")).all(decoding: Moment.self) {
            guard let at = row.at else { continue }
            moments[row.category_id] = min(moments[row.category_id] ?? at, at)
        }
        return moments
    }

    /// The next moment an item of `categoryIDs` starts, ends or lapses (a listing, an archive or a
    /// feed of those categories changes then); nil categories: the whole site's (`nextChange()`).
    func nextChange(in categoryIDs: [UUID]?) async throws -> Date? {
        guard let categoryIDs else { return try await nextChange() }
        return try await nextChanges(in: categoryIDs).values.min()
    }
}

/// What a listing shows of an item. A page of search results reads these as columns
/// (`ListedPublication`); Fluent fills a whole model by reflection, a millisecond per page.
protocol ListablePublication {
    var number: Int { get }
    var title: String { get }
    var publishAt: Date { get }
    var excerpt: String { get }
    var categoryID: UUID { get }
    var currentRequestID: UUID { get }
    var urgentDeadline: Date? { get }
    var window: PublicationWindow { get }
}

extension Publication: ListablePublication {}

struct ListedPublication: ListablePublication, Decodable {
    var id: UUID
    var number: Int
    var title: String
    var publishAt: Date
    var expireAt: Date?
    var withdrawnAt: Date?
    var urgentDeadline: Date?
    var excerpt: String
    var categoryID: UUID
    var currentRequestID: UUID
    var updatedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, number, title, excerpt
        case publishAt = "publish_at"
        case expireAt = "expire_at"
        case withdrawnAt = "withdrawn_at"
        case urgentDeadline = "urgent_deadline"
        case categoryID = "category_id"
        case currentRequestID = "current_request_id"
        case updatedAt = "updated_at"
    }

    var window: PublicationWindow {
        PublicationWindow(publishAt: publishAt, expireAt: expireAt, withdrawnAt: withdrawnAt, urgentDeadline: urgentDeadline)
    }

    /// The rows of these items, in the order of `ids`.
    static func load(_ ids: [UUID], on db: any Database) async throws -> [ListedPublication] {
        try await load(where: .id, in: ids, on: db).ordered(by: ids) { $0.id }
    }

    /// The rows of these items, in the order of `numbers`.
    static func load(numbers: [Int], on db: any Database) async throws -> [ListedPublication] {
        try await load(where: .number, in: numbers, on: db).ordered(by: numbers) { $0.number }
    }

    /// On PostgreSQL one prepared statement whatever the count: unnamed, parsing and planning it
    /// cost about as much as running it (0.2 of 0.45 ms for a search page's twenty rows).
    private static func load(where key: CodingKeys, in values: [some Encodable & Sendable], on db: any Database) async throws -> [ListedPublication] {
        guard !values.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        let columns: SQLQueryString = "\(SQLList(CodingKeys.allCases.map { SQLColumn($0.rawValue) }))"
        return try await PreparedStatements.all(
            "SELECT " + columns + " FROM \(ident: Publication.schema) WHERE " + .oneOf("\(ident: key.rawValue)", values, on: db), on: sql
        ).map { try $0.decode(model: ListedPublication.self) }
    }
}

/// Thai-aware search over titles, bodies and attachment names. Thai is written without spaces
/// between words, so word-token indexes miss `ชลบุรี` inside `สำนักงานสาธารณสุขจังหวัดชลบุรี`;
/// Prakat matches substrings of normalised text through a trigram index
/// (`PublicationSearchIndex`), takes the newest matches the public may read now and ranks title
/// hits first.
enum PublicationSearch {
    static let maxTerms = 8
    static let maxTermLength = 100
    /// The newest readable matches ranked and counted (as many as a person pages through, and more).
    static let candidateLimit = 1_000
    /// Trigram indexes need three characters; shorter terms are looked for in titles only.
    static let indexedTermLength = 3
    /// What a term adds to a match's score: title hits weigh most, more at the start of the title.
    static let titleWeights = (start: 150, inTitle: 100, elsewhere: 10)

    /// NFC, lower case, ำ as one character, zero-width characters removed and whitespace
    /// collapsed: what is stored and what queries are compared with.
    static func normalise(_ text: String) -> String {
        let composed = text.precomposedStringWithCanonicalMapping.lowercased()
        var out = ""
        out.reserveCapacity(composed.utf8.count)
        var lastWasSpace = true
        // ํ + า (U+0E4D U+0E32) looks exactly like ำ (U+0E33) and people type both.
        var pendingNikhahit = false
        for scalar in composed.unicodeScalars {
            if pendingNikhahit {
                pendingNikhahit = false
                if scalar == "\u{0E32}" {
                    out.unicodeScalars.append("\u{0E33}")
                    lastWasSpace = false
                    continue
                }
                out.unicodeScalars.append("\u{0E4D}")
                lastWasSpace = false
            }
            if ["\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{00AD}"].contains(scalar) { continue }
            if scalar == "\u{0E4D}" {
                pendingNikhahit = true
            } else if CharacterSet.whitespacesAndNewlines.contains(scalar) || CharacterSet.controlCharacters.contains(scalar) {
                if !lastWasSpace { out.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        if pendingNikhahit { out.unicodeScalars.append("\u{0E4D}") }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// The words of a query: every one must match somewhere. LIKE wildcards and double quotes
    /// are dropped, since people do not mean them (and the index's query language would).
    static func terms(_ query: String) -> [String] {
        var seen = Set<String>()
        return normalise(query)
            .replacingOccurrences(of: "%", with: " ").replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "\\", with: " ")
            .replacingOccurrences(of: "\"", with: " ")
            .split(separator: " ")
            .map { String($0.prefix(maxTermLength)) }
            .filter { seen.insert($0).inserted }
            .prefix(maxTerms)
            .map { $0 }
    }

    struct Result {
        /// One page of matches, best first.
        var ids: [UUID]
        var total: Int
        /// Every term was shorter than the index needs, so only titles were searched.
        var titlesOnly = false
    }

    static func search(_ query: String, in items: PublicItems, page: Int, perPage: Int, categoryID: UUID? = nil) async throws -> Result {
        let terms = terms(query)
        guard !terms.isEmpty, let sql = items.db as? any SQLDatabase else { return Result(ids: [], total: 0) }
        let indexed = terms.filter { $0.unicodeScalars.count >= indexedTermLength }
        let short = terms.filter { $0.unicodeScalars.count < indexedTermLength }
        let dialect = DatabaseDialect(items.db)
        let position: SQLQueryString = dialect == .sqlite ? "instr" : "strpos"
        // What a candidate must be besides matching: readable now, in the asked category, and
        // holding the short terms too (the index only knows terms of three characters or more).
        var conditions: [SQLQueryString] = [items.readableCondition()]
        if let categoryID { conditions.append("category_id = \(bind: categoryID)") }
        // The page asked for, within the ranked candidates.
        let start = min(candidateLimit, max(0, (page - 1) * perPage))
        let count = max(0, min(perPage, candidateLimit - start))
        if !indexed.isEmpty, dialect == .postgres {
            // The text table holds a copy of what says whether an item may be read, and looks for
            // short terms in the same text as the others.
            let found = try await PostgresSearchIndex.matches(terms, on: sql, limit: candidateLimit, among: conditions.joined(separator: " AND "))
            // The order of `run`'s ORDER BY below (SQLite): score, then newest.
            let ranked = found.sorted { ($0.score, $0.publishAt, $0.number) > ($1.score, $1.publishAt, $1.number) }
            return Result(ids: ranked.dropFirst(start).prefix(count).map(\.id), total: found.count)
        }
        if !indexed.isEmpty {
            for term in short {
                conditions.append(
                    "(" + position + "(p.search_title, \(bind: term)) > 0 OR " + position + "(p.search_body, \(bind: term)) > 0 OR " + position
                        + "(p.search_files, \(bind: term)) > 0)")
            }
        }
        let filter = conditions.joined(separator: " AND ")
        // Title hits weigh most, more at the start of the title (`titleWeights`, per term); ties
        // go to the newest. Titles and terms are normalised alike, so positions are compared as is.
        // Scored as the candidates are read: carrying each candidate's title to a ranking step
        // instead cost a copy of 1,000 titles into a temporary table per search.
        let score = terms.map { term -> SQLQueryString in
            "CASE " + position
                + "(p.search_title, \(bind: term)) WHEN 0 THEN \(literal: titleWeights.elsewhere) WHEN 1 THEN \(literal: titleWeights.start) ELSE \(literal: titleWeights.inTitle) END"
        }.joined(separator: " + ")
        let columns: SQLQueryString = "p.id, p.number, p.publish_at, " + score + " AS score"
        // The newest readable matches, at most `candidateLimit`: the set that is ranked and counted.
        // Terms too short for the index are looked for in titles (a narrow index, newest first).
        func inTitles(_ words: [String]) -> SQLQueryString {
            "SELECT " + columns + " FROM \(ident: Publication.schema) AS p WHERE "
                + words.map { "p.search_title LIKE \(bind: "%" + $0 + "%")" as SQLQueryString }.joined(separator: " AND ")
                + " AND " + filter + " ORDER BY p.number DESC LIMIT \(literal: candidateLimit)"
        }
        var candidates = inTitles(terms)
        if !indexed.isEmpty {
            // One statement: FTS5 names the newest matches, the covering index says which are readable.
            let table = PublicationSearchIndex.table
            candidates =
                "SELECT " + columns + " FROM \(ident: table) CROSS JOIN \(ident: Publication.schema) AS p ON p.number = \(ident: table).rowid "
                + "WHERE \(ident: table) MATCH \(bind: PublicationSearchIndex.match(indexed)) AND " + filter
                + " ORDER BY \(ident: table).rowid DESC LIMIT \(literal: candidateLimit)"
        }
        struct Ranked: Decodable {
            var id: UUID
            var total: Int
        }
        func run(_ candidates: SQLQueryString) async throws -> (ids: [UUID], total: Int) {
            let ranked =
                count <= 0
                ? []
                : try await sql.raw(
                    "SELECT id, count(*) OVER () AS total FROM (" + candidates + ") AS candidates "
                        + "ORDER BY score DESC, publish_at DESC, number DESC LIMIT \(literal: count) OFFSET \(literal: start)"
                ).all(decoding: Ranked.self)
            if let first = ranked.first { return (ranked.map(\.id), first.total) }
            // A page past the last: the count alone.
            let total = try await sql.raw("SELECT count(*) AS total FROM (" + candidates + ") AS candidates").first()?
                .decode(column: "total", as: Int.self)
            return ([], total ?? 0)
        }
        var ranked: (ids: [UUID], total: Int)
        do {
            ranked = try await run(candidates)
        } catch  where dialect == .sqlite && !indexed.isEmpty {
            // Input FTS5's query parser still refuses (none known: quotes are dropped from terms)
            // is looked for in titles rather than answered with an error.
            items.db.logger.warning("search index refused a query; titles searched instead: \(String(describing: error).prefix(200))")
            ranked = try await run(inTitles(terms))
        }
        return Result(ids: ranked.ids, total: min(ranked.total, candidateLimit), titlesOnly: indexed.isEmpty)
    }
}

extension Array {
    /// These rows in the order of `keys` (an SQL `IN` answers in any order); a key without a row
    /// is skipped, a second row for a key ignored.
    func ordered<Key: Hashable>(by keys: [Key], key: (Element) -> Key?) -> [Element] {
        let byKey = Dictionary(compactMap { row in key(row).map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
        return keys.compactMap { byKey[$0] }
    }
}
