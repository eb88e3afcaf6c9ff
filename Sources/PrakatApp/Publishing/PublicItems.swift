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
        var readable: SQLQueryString = "(publish_at <= \(bind: now) AND (expire_at IS NULL OR expire_at > \(bind: now)))"
        if !archiveCategoryIDs.isEmpty {
            readable = "(" + readable + " OR (expire_at <= \(bind: now) AND category_id IN (\(binds: archiveCategoryIDs))))"
        }
        return "withdrawn_at IS NULL AND (urgent_deadline IS NULL OR urgent_deadline > \(bind: now)) AND " + readable
    }

    func archiveCategoryIDs() async throws -> [UUID] {
        try await SiteCategory.query(on: db).filter(\.$expiredPolicyRaw == ExpiredPolicy.archive.rawValue).all().compactMap(\.id)
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
    func rows(of listing: QueryBuilder<Publication>) async throws -> [Publication] {
        let numbers = try await Self.columns(listing.field(\.$number)) { try $0.decode("number", as: Int.self) }
        guard !numbers.isEmpty else { return [] }
        let rows = try await Publication.query(on: db).filter(\.$number ~~ numbers).all()
        let byNumber = Dictionary(rows.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        return numbers.compactMap { byNumber[$0] }
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
        // One column each, from the indexes: a whole row (its body) is not needed for a date.
        func earliest<Field: QueryableProperty>(_ field: KeyPath<Publication, Field>, after now: Field.Value) async throws -> Date?
        where Field.Model == Publication {
            guard let key = Publication.path(for: field).first else { return nil }
            return try await Self.columns(Publication.query(on: db).filter(\.$withdrawnAt == nil).filter(field > now).sort(field).field(field).limit(1)) {
                try $0.decode(key, as: Date.self)
            }.first
        }
        let starts = try await earliest(\.$publishAt, after: now)
        let ends = try await earliest(\.$expireAt, after: now)
        let lapses = try await earliest(\.$urgentDeadline, after: now)
        return [starts, ends, lapses].compactMap { $0 }.min()
    }
}

/// Thai-aware search over titles, bodies and attachment names. Thai is written without spaces
/// between words, so word-token indexes miss `ชลบุรี` inside `สำนักงานสาธารณสุขจังหวัดชลบุรี`;
/// Prakat matches substrings of normalised text through a trigram index
/// (`PublicationSearchIndex`), takes the newest matches, keeps those the public may read now
/// and ranks title hits first.
enum PublicationSearch {
    static let maxTerms = 8
    static let maxTermLength = 100
    /// The newest matches considered for ranking (as many as a person pages through, and more).
    static let candidateLimit = 1_000
    /// Trigram indexes need three characters; shorter terms are looked for in titles only.
    static let indexedTermLength = 3

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
        var items: [Publication]
        var total: Int
        /// Every term was shorter than the index needs, so only titles were searched.
        var titlesOnly = false
    }

    static func search(_ query: String, in items: PublicItems, page: Int, perPage: Int, categoryID: UUID? = nil) async throws -> Result {
        let terms = terms(query)
        guard !terms.isEmpty else { return Result(items: [], total: 0) }
        let indexed = terms.filter { $0.unicodeScalars.count >= indexedTermLength }
        let short = terms.filter { $0.unicodeScalars.count < indexedTermLength }
        // Over-fetch a little: some of the newest matches may be withdrawn, scheduled or gone.
        let numbers =
            indexed.isEmpty
            ? try await PublicationSearchIndex.titleCandidates(short, on: items.db, limit: candidateLimit * 2)
            : try await PublicationSearchIndex.candidates(indexed, on: items.db, limit: candidateLimit * 2)
        guard !numbers.isEmpty else { return Result(items: [], total: 0, titlesOnly: indexed.isEmpty) }
        guard let sql = items.db as? any SQLDatabase else { return Result(items: [], total: 0, titlesOnly: indexed.isEmpty) }
        let archiveIDs = try await items.archiveCategoryIDs()
        // Visibility and ranking are decided by the database over the candidates, so only one
        // page of ids comes back (decoding 2,000 rows' ranking columns cost more than the search).
        let position: SQLQueryString = DatabaseDialect(items.db) == .sqlite ? "instr" : "strpos"
        var conditions: [SQLQueryString] = ["number IN (\(binds: numbers))", items.readableCondition(archiveCategoryIDs: archiveIDs)]
        if let categoryID { conditions.append("category_id = \(bind: categoryID)") }
        if !indexed.isEmpty {
            for term in short {
                conditions.append(
                    "(" + position + "(search_title, \(bind: term)) > 0 OR " + position + "(search_body, \(bind: term)) > 0 OR " + position
                        + "(search_files, \(bind: term)) > 0)")
            }
        }
        // Title hits weigh most, more at the start of the title: per term 150, 100, else 10; ties
        // go to the newest. Titles and terms are normalised alike, so positions are compared as is.
        let score = terms.map { term -> SQLQueryString in
            "CASE WHEN " + position + "(search_title, \(bind: term)) = 1 THEN 150 WHEN " + position + "(search_title, \(bind: term)) > 0 THEN 100 ELSE 10 END"
        }.joined(separator: " + ")
        let filter = conditions.joined(separator: " AND ")
        let start = min(candidateLimit, max(0, (page - 1) * perPage))
        let count = min(perPage, candidateLimit - start)
        struct Ranked: Decodable {
            var id: UUID
            var total: Int
        }
        let ranked =
            count <= 0
            ? []
            : try await sql.raw(
                """
                SELECT id, count(*) OVER () AS total FROM \(ident: Publication.schema) WHERE \(filter) \
                ORDER BY \(score) DESC, publish_at DESC, number DESC LIMIT \(literal: count) OFFSET \(literal: start)
                """
            ).all(decoding: Ranked.self)
        var total = ranked.first?.total
        if total == nil {
            // A page past the last: the count alone.
            total = try await sql.raw("SELECT count(*) AS total FROM \(ident: Publication.schema) WHERE \(filter)").first()?.decode(column: "total", as: Int.self)
        }
        let pageIDs = ranked.map(\.id)
        let pageRows = pageIDs.isEmpty ? [] : try await Publication.query(on: items.db).filter(\.$id ~~ pageIDs).all()
        let byID = Dictionary(pageRows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
        return Result(items: pageIDs.compactMap { byID[$0] }, total: min(total ?? 0, candidateLimit), titlesOnly: indexed.isEmpty)
    }
}
