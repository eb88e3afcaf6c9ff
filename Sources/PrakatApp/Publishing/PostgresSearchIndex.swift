import Fluent
import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// PostgreSQL's side of public search. `pg_trgm` served `LIKE '%…%'` but was slow at 100,000
/// items (p50 86 ms, p99 0.8 s): its trigram test lets through most rows for common Thai
/// syllables, and every row it lets through was checked by `LIKE` on compressed text (25 µs a
/// row). Two things replace it:
///
/// - `publication_search_text`: each item's title, text and file names in one uncompressed
///   column, next to its number, kept by a trigger, coded one byte per Thai letter
///   (`CodePostgresSearchText`). Finding a term in it costs about 1.5 µs a row, so walking the newest
///   items finds common words at once. The row also holds a copy of what says whether the item
///   may be read now (`copiedColumns`), so a search reads nothing else.
/// - A GIN index of every item's grams (`prakat_search_grams`) on a narrow copy of that table
///   (`publication_search_grams`, its text kept out of line: `CompactPostgresSearchGrams`), for
///   rarer words: it names the items that may hold a word, and the text table says which really
///   do. A word of six letters or more is looked up by its six-letter grams, which name almost
///   only the items holding it; a shorter one by its trigrams. Trigrams alone named most items
///   for a word made of common syllables (`นการปร`: 79,000 items for 6,000 holding it).
///
/// Both answer the newest matches first and stop at `limit`. Their statements run as prepared
/// statements of their connection (`PreparedStatements`), their values bound.
enum PostgresSearchIndex {
    static let textTable = "publication_search_text"
    static let gramTable = "publication_search_grams"
    /// The GIN index of the gram table (`AddPostgresSearchGrams.createGramIndex`).
    static let gramIndex = "publication_search_grams_index"

    /// How the search moves between its two ways; tests make each way happen on a few items.
    struct Steps: Sendable {
        /// Rows read per step of the walk from the newest item (at most).
        var walkRows = 2_000
        /// The fewest rows a later step reads when fewer would be enough (a step costs about 0.5 ms
        /// to plan and send whatever its size).
        var smallestWindow = 200
        /// Below this share of matching rows the walk would read too far: the gram index takes over.
        var minimumWalkShare = 0.1
        /// Items the gram index named, checked against their text per query.
        var confirmRows = 1_000
        /// Whether steps go two at once on two connections: two full windows when what is left
        /// needs more than one, and any window or batch of `halvedRows` rows or more as two halves.
        var pairedWindows = true
        /// The fewest rows a window (or a batch of named items) has to be read as two halves at
        /// once: each half costs a statement (about 0.5 ms), so small ones go whole.
        var halvedRows = 800
        /// Steps go two at once only while at most this many searches run in this process (half
        /// its cores): two at once shortens a search while a core would be idle, but each extra
        /// statement is work that every other search waits for when all cores are busy (two
        /// cores, four clients at once: p95 about a tenth lower when they go one at a time).
        var pairedWhileRunning = max(1, System.coreCount / 2)
    }

    /// Searches running in this process now (`Steps.pairedWhileRunning`).
    private static let running = NIOLockedValueBox(0)

    /// At most `count` of `values`, spread from the first to the last: a long term's bits or
    /// grams spread over it let through almost only what holds it, and each one more costs.
    static func spread<Value>(_ values: [Value], atMost count: Int) -> [Value] {
        guard values.count > count else { return values }
        guard count > 1 else { return Array(values.prefix(count)) }
        return (0..<count).map { values[$0 * (values.count - 1) / (count - 1)] }
    }

    /// The grams a term is looked up by in the gram index, at most: five spread over a long term
    /// named the same items as all of them (the benchmark's sixty longest terms), and the lookup
    /// costs by the gram (a 23-letter term: 18 grams 9–12 ms, 4 grams 4.4 ms).
    static let gramsPerTerm = 5

    /// Each text table row's signature (`SignPostgresSearchText`): 2,048 bits, one set for every
    /// trigram of the bytes of its coded text. A term's trigrams set bits a row holding it has too.
    enum Signature {
        static let bits = 2_048
        /// The bits a term is tested by, at most: for a long term, eight trigrams spread over it
        /// already let through almost only rows that hold it (each further test costs every row
        /// that gets that far).
        static let testedPerTerm = 8

        /// SQL: the bit `trigram` (its three bytes as one integer) sets. The top bits of a 32-bit
        /// multiplicative hash (Knuth's constant): its low bits depend on the trigram's low bits
        /// only, and a first try with them let through six rows in ten for words one in fifteen held.
        static func bit(_ trigram: SQLQueryString) -> SQLQueryString {
            "(((" + trigram + " * \(literal: Int(multiplier))) & 4294967295) >> \(literal: shift))::integer"
        }

        /// The same bit, computed in the server (`Term`).
        static func bit(ofTrigram trigram: UInt64) -> Int {
            Int(((trigram &* multiplier) & 0xFFFF_FFFF) >> UInt64(shift))
        }

        /// Knuth's constant, and how far the 32-bit product goes down to leave the bit's number.
        private static let multiplier: UInt64 = 2_654_435_761
        private static let shift = 32 - bits.trailingZeroBitCount

        /// At most `testedPerTerm` of a term's bits, spread from its first trigram to its last.
        static func tested(_ bits: [Int]) -> [Int] {
            spread(bits, atMost: testedPerTerm)
        }
    }

    /// A matching item with what ranking it needs, all read from its text table row.
    struct Match: Sendable, Equatable {
        var number: Int
        var id: UUID
        var publishAt: Date
        /// `PublicationSearch.titleWeights` summed over the terms.
        var score: Int
    }

    /// Items whose title, text or file names contain every term, newest first, at most `limit`,
    /// with each one's id, publish time and title score. Terms of three characters or more are
    /// looked for through the gram index when the walk is slow; shorter ones only narrow what
    /// the others find (a query of short terms alone is the caller's: titles). `among` is a
    /// further condition on the text table's row — its number, `copiedColumns` (the public
    /// search passes what may be read now) — checked for text matches only. `connection` pins
    /// every statement to one connection (tests look at what it prepared and how it planned).
    static func matches(
        _ terms: [String], on sql: any SQLDatabase, limit: Int, among: SQLQueryString? = nil, steps: Steps = Steps(),
        through connection: PostgresConnection? = nil
    ) async throws -> [Match] {
        guard !terms.isEmpty, limit > 0, steps.walkRows > 0, steps.confirmRows > 0 else { return [] }
        running.withLockedValue { $0 += 1 }
        defer { running.withLockedValue { $0 -= 1 } }
        // Asked before each step: whether two go at once depends on how many searches run then.
        let pairing = { steps.pairedWindows && running.withLockedValue { $0 } <= steps.pairedWhileRunning }
        let indexed = terms.filter { $0.unicodeScalars.count >= PublicationSearch.indexedTermLength }
        // Every statement runs prepared (`PreparedStatements`): what varies from one search to
        // the next is bound, so that each shape of statement has one text. The text table holds
        // each item's text coded (`prakat_search_code`); a term is coded alike, here (`Term`): in
        // a generic plan a function of a bound value is not computed ahead but per row, so the
        // statements are given the coded terms. With them, each term's signature bits and coded
        // length in bytes, and the grams the gram index would be asked for.
        let described = terms.map(Term.init)
        let coded = described.map { "\(bind: $0.coded)" as SQLQueryString }
        let bits = described.map { Signature.tested($0.bits) }
        let lengths = described.map { $0.coded.utf8.count }
        // Each term's distinct grams in the order it holds them, at most `gramsPerTerm` (a term
        // too short for the index has none).
        let grams = described.flatMap { spread($0.grams, atMost: gramsPerTerm) }
        // A row's bits first (a few `get_bit`s); where it has them all, where each term is first
        // found in its text (0: nowhere) and whether it may be read. The bits are bound: the
        // statement's text depends on how many each term tests, not which (a bit two terms share
        // is tested twice, a second read of what the first brought into the cache). Bound as
        // `bigint`, `get_bit`'s own type: bound as `integer`, each was cast per row in a generic
        // plan and folded in a custom one, which then looked cheaper than the generic plan to
        // PostgreSQL, so every step was planned again (0.2 ms each, 6 % of its work per search).
        let tested = Array(bits.joined())
        let gate: SQLQueryString =
            tested.isEmpty ? "true" : tested.map { "get_bit(w.signature, \(bind: Int64($0))) = 1" as SQLQueryString }.joined(separator: " AND ")
        // Where a term is first found is counted in bytes: `strpos` counts characters, and for a
        // UTF-8 database it walks every character up to the match to count them (half its time on
        // a hit, 8 % of the machine's CPU under four clients). `split_part` finds the match the
        // same way and copies what comes before it; that copy's size is the byte offset. A text
        // without the term comes back whole: its size is the text's own, and the term is not there.
        let firstFound = coded.enumerated().map { index, term -> SQLQueryString in
            "CASE WHEN " + gate + " THEN coalesce(nullif(octet_length(split_part(w.text, " + term + ", 1)), octet_length(w.text)) + 1, 0) ELSE 0 END AS "
                + "\(ident: "at\(index)")"
        }
        let readable: SQLQueryString = among.map { ", CASE WHEN " + gate + " THEN (" + $0 + ") ELSE false END AS readable" } ?? ""
        let hit = (terms.indices.map { "w.\(ident: "at\($0)") > 0" as SQLQueryString } + (among == nil ? [] : ["w.readable"])).joined(separator: " AND ")
        // The title comes first in the coded text and ends at `title_length` (bytes): a term first
        // found at 1 starts the title; found where it ends within the title, it is in the title
        // (had the title held it, that would be where it is first found).
        let weights = PublicationSearch.titleWeights
        let score = terms.indices.map { index -> SQLQueryString in
            let at: SQLQueryString = "w.\(ident: "at\(index)")"
            return "CASE WHEN " + at + " = 1 THEN \(literal: weights.start) WHEN " + at + " <= w.title_length - \(bind: Int32(lengths[index] - 1)) THEN "
                + "\(literal: weights.inTitle) ELSE \(literal: weights.elsewhere) END"
        }.joined(separator: " + ")
        // One pass over the step's rows: the text searched once per row that has the terms' bits
        // (`OFFSET 0` keeps the subquery apart; pulled up, its text test would be repeated in the
        // aggregate), the rest for hits only (an aggregate's FILTER is checked before its argument
        // is computed). Each hit is packed as `Step.width` bytes (`Step.matches` reads them).
        let step = { @Sendable (rows: SQLQueryString) async throws -> Step? in
            try await PreparedStatements.first(
                """
                SELECT min(w.number) AS lowest, count(*) AS walked, \
                string_agg(int8send(w.number) || uuid_send(w.id) || timestamptz_send(w.publish_at) || int4send((\(score))::integer), \
                ''::bytea) FILTER (WHERE \(hit)) AS hits \
                FROM (SELECT w.number, w.id, w.publish_at, w.title_length, \(firstFound.joined(separator: ", "))\(readable) FROM (
                """ + rows + ") AS w OFFSET 0) AS w",
                on: sql, through: connection
            )?.decode(model: Step.self)
        }
        // Two steps at once, on two connections (the walk's later windows, the index's confirmations).
        let twoSteps = { @Sendable (first: SQLQueryString, second: SQLQueryString) async throws -> (Step?, Step?) in
            async let upper = step(first)
            async let lower = step(second)
            return try await (upper, lower)
        }
        var found: [Match] = []
        // The walk goes down from the newest number. Its first window is the newest rows, read
        // without it; only a first window in halves (split at a number) asks for it.
        var below = Int(Int64.max)
        var askedNewest = false
        // Common words: a window of the newest items at a time, while enough of them match.
        var rows = steps.walkRows
        var pairedFull = false
        var (walkedRows, walkedHits) = (0, 0)
        while true {
            let walked: Int
            let lowest: Int?
            let hits: [Match]
            // Two windows at once, on two connections: either two full ones (what is left needs
            // more than one; a word held by a tenth of the items needs four more windows after the
            // first, in pairs it waits for two) or one window in halves (its rows read in half the
            // time while the other core would be idle). The upper one is a range of numbers just
            // below the last window, so the two never overlap or skip an item, even across gaps
            // in the numbers; the lower one is the rows below it.
            var halved = !pairedFull && pairing() && rows >= steps.halvedRows
            if halved, below == Int(Int64.max), !askedNewest {
                askedNewest = true
                let newest = try await PreparedStatements.first("SELECT max(number) AS newest FROM \(ident: textTable)", on: sql, through: connection)?
                    .decode(column: "newest", as: Int?.self)
                guard let newest else { return found }
                if newest < Int(Int64.max) { below = newest + 1 }
            }
            halved = halved && below < Int(Int64.max)
            if pairedFull || halved {
                let (top, upperSize) = (below, pairedFull ? rows : rows / 2)
                let lowerSize = pairedFull ? rows : rows - upperSize
                let upperRows: SQLQueryString =
                    "SELECT * FROM \(ident: textTable) WHERE number < \(bind: top) AND number >= \(bind: top - upperSize)"
                let lowerRows: SQLQueryString =
                    "SELECT * FROM \(ident: textTable) WHERE number < \(bind: top - upperSize) ORDER BY number DESC LIMIT \(literal: lowerSize)"
                let (first, second) = try await twoSteps(upperRows, lowerRows)
                hits = (first?.matches ?? []) + (second?.matches ?? [])
                walked = (first?.walked ?? 0) + (second?.walked ?? 0)
                // Only the lower window says whether the table goes on.
                guard let second, second.walked == lowerSize, let end = second.lowest else {
                    found += hits
                    return Array(found.prefix(limit))
                }
                lowest = end
            } else {
                guard
                    let window = try await step(
                        "SELECT * FROM \(ident: textTable) WHERE number < \(bind: below) ORDER BY number DESC LIMIT \(literal: rows)")
                else { return found }
                hits = window.matches
                walked = window.walked
                lowest = window.walked == rows ? window.lowest : nil
            }
            found += hits
            (walkedRows, walkedHits) = (walkedRows + walked, walkedHits + hits.count)
            guard found.count < limit, let lowest else { return Array(found.prefix(limit)) }
            below = lowest
            let share = walked > 0 ? Double(hits.count) / Double(walked) : 0
            // Without a term the gram index knows, only the walk can find them.
            if !indexed.isEmpty, share < steps.minimumWalkShare { break }
            // The next window reads about what the rest needs at the share seen so far, a quarter
            // more so that one step usually does: a full window past the last match needed cost
            // 2.5 µs a row for nothing. When that is more than one full window, two go at once.
            let wanted = share > 0 ? Double(limit - found.count) / share * 1.25 : Double(steps.walkRows)
            pairedFull = pairing() && wanted > Double(steps.walkRows)
            // Rounded up to whole smallest windows: a window's size is part of its statement's
            // text (a bound limit would cost it its generic plan), so there are few of them.
            let smallest = max(1, steps.smallestWindow)
            let needed = Int(min(wanted, Double(steps.walkRows)).rounded(.up))
            rows = min(steps.walkRows, max(smallest, (needed + smallest - 1) / smallest * smallest))
        }
        // Rarer words: the items holding all their grams, newest first, confirmed by their text,
        // two batches at once (on two connections) when one is not expected to be enough.
        struct Possible: Decodable { var numbers: Data? }
        let packed = try await PreparedStatements.first("SELECT prakat_search_named_packed(\(bind: grams), \(bind: below)) AS numbers", on: sql, through: connection)?
            .decode(model: Possible.self).numbers
        let possible = Self.numbers(packed ?? Data())
        // How many of the named items hold the words: the share of the walked rows that did over
        // the share of items named (numbers are about as many as the items below them), then what
        // the batches confirm. It decides whether a second batch goes with the first.
        let namedShare = Double(possible.count) / Double(max(1, below))
        var precision = namedShare > 0 ? min(1, Double(walkedHits) / Double(max(1, walkedRows)) / namedShare) : 1
        var (confirmed, confirmedHits) = (0, 0)
        func named(_ numbers: ArraySlice<Int>) -> SQLQueryString {
            "SELECT * FROM \(ident: textTable) WHERE number = ANY(\(bind: Array(numbers)))"
        }
        func matchesOfTwo(_ first: SQLQueryString, _ second: SQLQueryString) async throws -> [Match] {
            let (a, b) = try await twoSteps(first, second)
            return (a?.matches ?? []) + (b?.matches ?? [])
        }
        while confirmed < possible.count, found.count < limit {
            let size = steps.confirmRows
            let first = possible[confirmed..<min(possible.count, confirmed + size)]
            let second = possible[min(possible.count, confirmed + size)..<min(possible.count, confirmed + 2 * size)]
            let hits: [Match]
            if pairing(), !second.isEmpty, Double(first.count) * precision < Double(limit - found.count) {
                hits = try await matchesOfTwo(named(first), named(second))
                confirmed += first.count + second.count
            } else if pairing(), first.count >= steps.halvedRows {
                // One batch in halves, at once.
                let half = first.startIndex + first.count / 2
                hits = try await matchesOfTwo(named(first[..<half]), named(first[half...]))
                confirmed += first.count
            } else {
                hits = try await step(named(first))?.matches ?? []
                confirmed += first.count
            }
            found += hits
            confirmedHits += hits.count
            precision = Double(confirmedHits) / Double(confirmed)
        }
        return Array(found.prefix(limit))
    }

    /// The gram index's numbers (8 big-endian bytes each, in no order), newest first.
    static func numbers(_ packed: Data) -> [Int] {
        var numbers: [Int] = []
        numbers.reserveCapacity(packed.count / 8)
        packed.withUnsafeBytes { raw in
            var offset = 0
            while offset + 8 <= raw.count {
                numbers.append(Int(Int64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))))
                offset += 8
            }
        }
        return numbers.sorted(by: >)
    }

    /// One step's rows: how many were read, the lowest number, and its matches as one `bytea` of
    /// `width` bytes each, in no order: the number (int8), the id (uuid), the publish time
    /// (timestamptz: microseconds since 2000-01-01, as PostgreSQL sends it) and the title score
    /// (int4), all big-endian. Returned as four arrays, PostgresNIO decoded every element through
    /// generic code (5 % of a search page's CPU); these bytes are read in one pass.
    struct Step: Decodable, Sendable {
        var lowest: Int?
        var walked: Int
        var hits: Data?

        static let width = 36
        /// PostgreSQL's epoch for timestamps.
        static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)

        /// The matches, newest first; a short remainder (none is sent) is ignored.
        var matches: [Match] {
            guard let hits, hits.count >= Self.width else { return [] }
            var found: [Match] = []
            found.reserveCapacity(hits.count / Self.width)
            hits.withUnsafeBytes { raw in
                var offset = 0
                while offset + Self.width <= raw.count {
                    let number = Int64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
                    let id = raw.loadUnaligned(fromByteOffset: offset + 8, as: uuid_t.self)
                    let microseconds = Int64(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 24, as: Int64.self))
                    let score = Int32(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 32, as: Int32.self))
                    found.append(
                        Match(
                            number: Int(number), id: UUID(uuid: id),
                            publishAt: Date(timeInterval: Double(microseconds) / 1_000_000, since: Self.postgresEpoch), score: Int(score)))
                    offset += Self.width
                }
            }
            return found.sorted { $0.number > $1.number }
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

    /// The columns of `publications` the text table keeps a copy of (`KeepReadabilityInPostgresSearchText`):
    /// what says whether an item may be read now and where it is listed, and its id and publish
    /// time for ranking. The search then reads the text table alone.
    static let copiedColumns = ["id", "category_id", "publish_at", "expire_at", "withdrawn_at", "urgent_deadline"]

    /// The trigger function that keeps each copy's table holding every item's searched text
    /// (`number`, `text`), whoever writes a publication: `value` is what a row holds, made from
    /// `searched` (title, text and file names in one). It names the tables with the schema. An
    /// update that leaves the number and the searched columns as they were (a save that sets
    /// them again) leaves the copies alone: rewriting them costs about 3 ms an item (grams, GIN).
    /// With `readability`, the text table's copy also keeps `copiedColumns` and the
    /// title's coded length (in bytes with `titleInBytes`), and an update of those alone updates
    /// them in place.
    static func keepCopies(
        _ copies: [(table: String, value: SQLQueryString)], readability: Bool = false, signed: Bool = false, titleInBytes: Bool = false,
        schema: String, on sql: any SQLDatabase
    ) async throws {
        var deletes: SQLQueryString = ""
        var inserts: SQLQueryString = ""
        for copy in copies {
            deletes = deletes + "DELETE FROM \(ident: schema).\(ident: copy.table) WHERE number = OLD.number;\n"
            if readability && copy.table == textTable {
                let columns = copiedColumns.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
                let values = copiedColumns.map { "NEW.\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
                // With `signed`, the row's signature is made from its text, which is computed once.
                let (signatureColumn, signature): (SQLQueryString, SQLQueryString) =
                    signed ? (", signature", ", \(ident: schema).prakat_search_signature(coded.text)") : ("", "")
                inserts =
                    inserts + "INSERT INTO \(ident: schema).\(ident: copy.table) (number, text" + signatureColumn + ", title_length, " + columns
                    + ") SELECT NEW.number, coded.text" + signature + ", " + titleLength("NEW.search_title", inBytes: titleInBytes, schema: schema) + ", " + values
                    + " FROM (SELECT " + copy.value + " AS text) AS coded;\n"
            } else {
                inserts = inserts + "INSERT INTO \(ident: schema).\(ident: copy.table) (number, text) VALUES (NEW.number, " + copy.value + ");\n"
            }
        }
        var unchanged: SQLQueryString = "RETURN NULL;"
        if readability, let text = copies.first(where: { $0.table == textTable })?.table {
            let changed = copiedColumns.map { "OLD.\(ident: $0) IS DISTINCT FROM NEW.\(ident: $0)" as SQLQueryString }.joined(separator: " OR ")
            let set = copiedColumns.map { "\(ident: $0) = NEW.\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
            unchanged = "IF " + changed + " THEN UPDATE \(ident: schema).\(ident: text) SET " + set + " WHERE number = NEW.number; END IF;\nRETURN NULL;"
        }
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_publication_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE searched text;
            BEGIN
              IF TG_OP = 'UPDATE' AND OLD.number = NEW.number AND OLD.search_title IS NOT DISTINCT FROM NEW.search_title
                 AND OLD.search_body IS NOT DISTINCT FROM NEW.search_body AND OLD.search_files IS NOT DISTINCT FROM NEW.search_files THEN
                \(unchanged)
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

    /// The coded length of a title: where the title ends in its item's coded text (the title
    /// comes first), so a term found at or before it is a title hit. In characters as first
    /// kept, in bytes since `CountPostgresSearchTitlesInBytes`.
    static func titleLength(_ title: SQLQueryString, inBytes: Bool = false, schema: String) -> SQLQueryString {
        (inBytes ? "octet_length" : "char_length") + "(\(ident: schema).prakat_search_code(coalesce(" + title + ", '')))"
    }
}
