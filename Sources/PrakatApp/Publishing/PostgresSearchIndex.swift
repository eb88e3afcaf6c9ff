import Fluent
import Foundation
import SQLKit

/// PostgreSQL's side of public search. `pg_trgm` served `LIKE '%…%'` but was slow at 100,000
/// items (p50 86 ms, p99 0.8 s): its trigram test lets through most rows for common Thai
/// syllables, and every row it lets through was checked by `LIKE` on compressed text (25 µs a
/// row). Two things replace it:
///
/// - `publication_search_text`: each item's title, text and file names in one uncompressed
///   column, next to its number, kept by a trigger, coded one byte per Thai letter
///   (`CodePostgresSearchText`). `strpos` on it costs about 1.5 µs a row, so walking the newest
///   items finds common words at once.
/// - A GIN index of every item's grams (`prakat_search_grams`) on a narrow copy of that table
///   (`publication_search_grams`, its text kept out of line), for rarer words: it names the items
///   that may hold a word, and the text table says which really do. A word of six letters or
///   more is looked up by its six-letter grams, which name almost only the items holding it;
///   a shorter one by its trigrams. Trigrams alone named most items for a word made of common
///   syllables (`นการปร`: 79,000 items for 6,000 holding it).
///
/// Both answer the newest matches first and stop at `limit`.
enum PostgresSearchIndex {
    static let textTable = "publication_search_text"
    static let gramTable = "publication_search_grams"

    /// How the search moves between its two ways; tests make each way happen on a few items.
    struct Steps: Sendable {
        /// Rows read per step of the walk from the newest item.
        var walkRows = 2_000
        /// Below this share of matching rows the walk would read too far: the gram index takes over.
        var minimumWalkShare = 0.1
        /// Items the gram index named, checked against their text per query.
        var confirmRows = 1_000
    }

    /// A matching item with what ranking it needs, read from its `publications` row in the same
    /// step that checked `among` (a separate ranking query read the same rows again: about 3 ms).
    struct Match: Sendable, Equatable {
        var number: Int
        var id: UUID
        var publishAt: Date
        var score: Int
    }

    /// Items whose title, text or file names contain every term (each of at least 3 characters),
    /// newest first, at most `limit`, with each one's id, publish time and `score` (an integer
    /// expression on the item's `publications` row, 0 when not given). `among` is a further
    /// condition on that row (the public search passes what may be read now), checked for
    /// matches only.
    static func matches(
        _ terms: [String], on sql: any SQLDatabase, limit: Int, among: SQLQueryString? = nil, score: SQLQueryString = "0",
        steps: Steps = Steps()
    ) async throws -> [Match] {
        guard !terms.isEmpty, limit > 0, steps.walkRows > 0, steps.confirmRows > 0 else { return [] }
        // The text table holds each item's text coded (`prakat_search_code`); a term is coded alike.
        let contains = terms.map { "strpos(w.text, prakat_search_code(\(bind: $0))) > 0" as SQLQueryString }.joined(separator: " AND ")
        // For rows whose text matches only (the text test gates the lookup: `OFFSET 0` keeps the
        // subquery apart, so the test runs once per row before the item is looked up), the item's
        // row if it also meets `among`.
        var item: SQLQueryString = "p.number = w.number"
        if let among { item = item + " AND " + among }
        func step(_ rows: SQLQueryString) async throws -> Step? {
            try await sql.raw(
                """
                SELECT min(w.number) AS lowest, count(*) AS walked, \
                array_agg(w.number) FILTER (WHERE h.id IS NOT NULL) AS hits, array_agg(h.id) FILTER (WHERE h.id IS NOT NULL) AS ids, \
                array_agg(h.publish_at) FILTER (WHERE h.id IS NOT NULL) AS times, array_agg(h.score) FILTER (WHERE h.id IS NOT NULL) AS scores \
                FROM (
                """ + rows
                    + """
                    ) AS w LEFT JOIN LATERAL (SELECT p.id, p.publish_at, (\(score))::bigint AS score \
                    FROM \(ident: Publication.schema) AS p WHERE \(contains) AND \(item) OFFSET 0) AS h ON true
                    """
            ).first(decoding: Step.self)
        }
        var found: [Match] = []
        var below = Int(Int64.max)
        // Common words: a window of the newest items at a time, while enough of them match.
        while true {
            guard
                let window = try await step(
                    "SELECT number, text FROM \(ident: textTable) WHERE number < \(bind: below) ORDER BY number DESC LIMIT \(literal: steps.walkRows)")
            else { return found }
            let hits = window.matches
            found += hits
            guard found.count < limit, window.walked == steps.walkRows, let lowest = window.lowest else { return Array(found.prefix(limit)) }
            below = lowest
            if Double(hits.count) / Double(window.walked) < steps.minimumWalkShare { break }
        }
        // Rarer words: the items holding all their grams, newest first, confirmed by their text.
        let grams = terms.map { "prakat_query_grams(\(bind: $0))" as SQLQueryString }.joined(separator: " || ")
        struct Possible: Decodable { var numbers: [Int]? }
        let possible = try await sql.raw("SELECT prakat_search_named(\(grams), \(bind: below)) AS numbers").first(decoding: Possible.self)?.numbers ?? []
        var start = 0
        while start < possible.count, found.count < limit {
            let numbers = Array(possible[start..<min(possible.count, start + steps.confirmRows)])
            found += try await step("SELECT number, text FROM \(ident: textTable) WHERE number = ANY(\(bind: numbers))")?.matches ?? []
            start += steps.confirmRows
        }
        return Array(found.prefix(limit))
    }

    /// One step's rows: how many were read, the lowest number, and the matches, newest first.
    /// The four arrays are filled by one aggregate from the same rows, so they line up; they are
    /// sorted here rather than each in SQL (four sorts cost about 1.4 ms for a 2,000-row step).
    private struct Step: Decodable {
        var lowest: Int?
        var walked: Int
        var hits: [Int]?
        var ids: [UUID]?
        var times: [Date]?
        var scores: [Int]?

        var matches: [Match] {
            let hits = hits ?? []
            let ids = ids ?? []
            let times = times ?? []
            let scores = scores ?? []
            // The four arrays come from one aggregate over the same rows: equal lengths.
            return (0..<min(hits.count, ids.count, times.count, scores.count)).map {
                Match(number: hits[$0], id: ids[$0], publishAt: times[$0], score: scores[$0])
            }.sorted { $0.number > $1.number }
        }
    }

    /// `database` as SQL and the schema it works in, if it is PostgreSQL (the search's migrations
    /// name the schema in functions and triggers, which run for whoever writes).
    static func sqlAndSchema(of database: any Database) async throws -> (any SQLDatabase, String)? {
        guard let sql = database as? any SQLDatabase, DatabaseDialect(database) == .postgres else { return nil }
        struct Row: Decodable { var schema: String }
        guard let schema = try await sql.raw("SELECT current_schema() AS schema").first(decoding: Row.self)?.schema else { return nil }
        return (sql, schema)
    }

    /// The trigger function that keeps each copy's table holding every item's searched text
    /// (`number`, `text`), whoever writes a publication: `value` is what a row holds, made from
    /// `searched` (title, text and file names in one). It names the tables with the schema. An
    /// update that leaves the number and the searched columns as they were (a save that sets
    /// them again) leaves the copies alone: rewriting them costs about 3 ms an item (grams, GIN).
    static func keepCopies(_ copies: [(table: String, value: SQLQueryString)], schema: String, on sql: any SQLDatabase) async throws {
        var deletes: SQLQueryString = ""
        var inserts: SQLQueryString = ""
        for copy in copies {
            deletes = deletes + "DELETE FROM \(ident: schema).\(ident: copy.table) WHERE number = OLD.number;\n"
            inserts = inserts + "INSERT INTO \(ident: schema).\(ident: copy.table) (number, text) VALUES (NEW.number, " + copy.value + ");\n"
        }
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_publication_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE searched text;
            BEGIN
              IF TG_OP = 'UPDATE' AND OLD.number = NEW.number AND OLD.search_title IS NOT DISTINCT FROM NEW.search_title
                 AND OLD.search_body IS NOT DISTINCT FROM NEW.search_body AND OLD.search_files IS NOT DISTINCT FROM NEW.search_files THEN
                RETURN NULL;
              END IF;
              IF TG_OP IN ('DELETE', 'UPDATE') THEN
                \(deletes)
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') THEN
                searched := \(ident: schema).prakat_search_text(NEW.search_title, NEW.search_body, NEW.search_files);
                \(inserts)
              END IF;
              RETURN NULL;
            END
            $$
            """
        ).run()
    }
}
