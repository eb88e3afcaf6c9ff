import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import PrakatApp

/// PostgreSQL's search (walk of the newest items, then the gram index) must find exactly what
/// a plain scan of the text finds, newest first, whichever way it takes. Runs in the PostgreSQL
/// pass; on SQLite the FTS5 table answers instead.
@Suite("Publishing: PostgreSQL's search index")
struct PostgresSearchIndexTests {
    /// What the index must answer: every term somewhere in the title, text or file names.
    static func plainScan(_ terms: [String], on sql: any SQLDatabase, limit: Int, among: SQLQueryString? = nil) async throws -> [Int] {
        var contains = terms.map { term -> SQLQueryString in
            "(strpos(search_title, \(bind: term)) > 0 OR strpos(search_body, \(bind: term)) > 0 OR strpos(search_files, \(bind: term)) > 0)"
        }.joined(separator: " AND ")
        if let among { contains = contains + " AND " + among }
        let rows = try await sql.raw("SELECT number FROM publications WHERE \(contains) ORDER BY number DESC LIMIT \(literal: limit)").all()
        return try rows.map { try $0.decode(column: "number", as: Int.self) }
    }

    static let ways: [(name: String, steps: PostgresSearchIndex.Steps)] = [
        ("as configured", PostgresSearchIndex.Steps()),
        ("walk only, a row at a time", PostgresSearchIndex.Steps(walkRows: 1, minimumWalkShare: 0, confirmRows: 1)),
        ("gram index after one short step", PostgresSearchIndex.Steps(walkRows: 7, minimumWalkShare: 2, confirmRows: 5)),
        ("a few steps, then the index", PostgresSearchIndex.Steps(walkRows: 10, minimumWalkShare: 0.5, confirmRows: 3)),
        ("windows sized by the share seen", PostgresSearchIndex.Steps(walkRows: 12, smallestWindow: 1, minimumWalkShare: 0.05, confirmRows: 2)),
        (
            "windows in pairs",
            PostgresSearchIndex.Steps(walkRows: 4, smallestWindow: 1, minimumWalkShare: 0, confirmRows: 2, pairedWindows: true, pairedWhileRunning: .max)
        ),
        ("one window at a time", PostgresSearchIndex.Steps(walkRows: 4, smallestWindow: 1, minimumWalkShare: 0, confirmRows: 2, pairedWindows: false)),
        (
            "one window at a time, other searches running",
            PostgresSearchIndex.Steps(walkRows: 4, smallestWindow: 1, minimumWalkShare: 0, confirmRows: 2, pairedWindows: true, pairedWhileRunning: 0)
        ),
        (
            "windows in halves",
            PostgresSearchIndex.Steps(walkRows: 7, smallestWindow: 1, minimumWalkShare: 0, confirmRows: 2, halvedRows: 2, pairedWhileRunning: .max)
        ),
        (
            "a halved window, then the index's batches in halves",
            PostgresSearchIndex.Steps(walkRows: 9, minimumWalkShare: 2, confirmRows: 5, pairedWindows: true, halvedRows: 3, pairedWhileRunning: .max)
        ),
        (
            "the index's batches in pairs, other searches running",
            PostgresSearchIndex.Steps(walkRows: 9, minimumWalkShare: 2, confirmRows: 5, pairedWindows: true, halvedRows: 3, pairedWhileRunning: 0)
        )
    ]

    /// A long term's bits and grams: at most so many, the first and the last among them, in order.
    @Test func spreadKeepsTheEndsAndTheOrder() {
        #expect(PostgresSearchIndex.spread([7, 8, 9], atMost: 5) == [7, 8, 9])
        #expect(PostgresSearchIndex.spread(Array(0..<23), atMost: 5) == [0, 5, 11, 16, 22])
        #expect(PostgresSearchIndex.spread(Array(0..<6), atMost: 5) == [0, 1, 2, 3, 5])
        #expect(PostgresSearchIndex.spread([4, 5], atMost: 1) == [4])
        #expect(PostgresSearchIndex.spread([4, 5], atMost: 0) == [])
    }

    @Test func everyWayFindsWhatAPlainScanFinds() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 11).generate(count: 90, attachments: true) { _ in }
            // Runs of ten numbers with gaps of three between them (a failed insert leaves a gap):
            // paired windows are split at a number, and must neither skip nor repeat an item near a gap.
            try await sql.raw("UPDATE publications SET number = 1000 + number + 3 * (number / 10)").run()
            // Latin, digits and characters outside Thai and ASCII share trigram codes: the text decides.
            try await sql.raw(
                "UPDATE publications SET search_body = search_body || ' covid-19 漢字かな ๒๕๖๙' WHERE number % 7 = 0"
            ).run()
            // A long word is looked up by a few of its grams (`gramsPerTerm`): items holding
            // pieces of it that overlap are named too, and their text must turn them away.
            try await sql.raw(
                "UPDATE publications SET search_body = search_body || ' กรุงรัตนโกสินทร์มหินทรายุธยา' WHERE number % 5 = 0"
            ).run()
            try await sql.raw(
                "UPDATE publications SET search_body = search_body || ' กรุงรัตนโกสินทร์มหินทรา กรุงรัตนโกสินทร์ มหินทรายุธยา' WHERE number % 5 = 1"
            ).run()
            let file = try #require(try await Attachment.query(on: app.db).first())
            let termSets: [[String]] = [
                ["ประกาศ"], ["ร้าง"], ["สาธารณ", "ประชุม"], ["covid-19"], ["漢字か"], ["๒๕๖"], ["ยังไม่มีใครเขียนคำนี้"],
                ["กรุงรัตนโกสินทร์มหินทรายุธยา"], ["รัตนโกสินทร์มหินทรายุ", "ประกาศ"],
                [String(PublicationSearch.normalise(file.fileName).prefix(8))]
            ]
            for terms in termSets {
                for limit in [1, 5, 200] {
                    let expected = try await Self.plainScan(terms, on: sql, limit: limit)
                    // A condition on the item (search passes what the public may read) is applied in every way too.
                    let among: SQLQueryString = "number % 3 <> 1"
                    let expectedAmong = try await Self.plainScan(terms, on: sql, limit: limit, among: among)
                    for way in Self.ways {
                        let found = try await PostgresSearchIndex.candidates(terms, on: sql, limit: limit, steps: way.steps)
                        #expect(found == expected, "\(terms) limit \(limit), \(way.name)")
                        let foundAmong = try await PostgresSearchIndex.candidates(terms, on: sql, limit: limit, among: among, steps: way.steps)
                        #expect(foundAmong == expectedAmong, "\(terms) limit \(limit), \(way.name), among")
                    }
                }
            }
            let common = try await Self.plainScan(["ประกาศ"], on: sql, limit: 200)
            #expect(common.count > 5, "the generated items hold a common word (else this test proves little)")
        }
    }

    /// Each match carries its item's id, publish time and title score (packed into bytes by the
    /// step's query, read back by `Step.matches`), whichever way found it.
    @Test func eachMatchCarriesItsIdPublishTimeAndTitleScore() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 5).generate(count: 40, attachments: false) { _ in }
            struct Row: Decodable {
                var number: Int
                var id: UUID
                var publish_at: Date
                var search_title: String
            }
            let rows = try await sql.raw("SELECT number, id, publish_at, search_title FROM publications").all(decoding: Row.self)
            let byNumber = Dictionary(uniqueKeysWithValues: rows.map { ($0.number, $0) })
            let weights = PublicationSearch.titleWeights
            for terms in [["ประกาศ"], ["สาธารณ", "ประชุม"], ["การ"]] {
                for way in Self.ways {
                    let found = try await PostgresSearchIndex.matches(terms, on: sql, limit: 200, steps: way.steps)
                    #expect(!found.isEmpty, "\(terms) \(way.name)")
                    for match in found {
                        let row = try #require(byNumber[match.number])
                        #expect(match.id == row.id)
                        #expect(abs(match.publishAt.timeIntervalSince(row.publish_at)) < 0.000_001, "\(match.publishAt) \(row.publish_at)")
                        let score = terms.map { term -> Int in
                            guard let range = row.search_title.range(of: term) else { return weights.elsewhere }
                            return range.lowerBound == row.search_title.startIndex ? weights.start : weights.inTitle
                        }.reduce(0, +)
                        #expect(match.score == score, "\(terms) in \(row.search_title)")
                    }
                }
            }
        }
    }

    /// A title score at the title's edges: a term that is the whole title or ends it is in the
    /// title; one cut by the title's end, or found only after it, is elsewhere (the score comes
    /// from where the term is first found in the coded text, which starts with the title).
    @Test func aTitleScoreHoldsAtTheTitlesEdges() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 19).generate(count: 10, attachments: false) { _ in }
            // Titles with characters of several bytes (curly quotes, a dash: three bytes each,
            // coded as they are) end later in bytes than in characters: counted in characters,
            // item 9's body hit would end within its title.
            let items: [(number: Int, title: String, body: String, score: Int)] = [
                (1, "ประชุมใหญ่", "ไม่มี", 150), (2, "วาระการประชุม", "ไม่มี", 100), (3, "ข่าวประชุ", "ม ประชุมสามัญ", 10), (4, "ประชุม", "ประชุม", 150),
                (5, "เรื่องอื่น", "ประชุม", 10), (6, "ab ประชุม", "", 100), (7, "ประชุ", "มประชุม", 10), (8, "“ข่าว” – ประชุม", "ไม่มี", 100),
                (9, "“ข่าว” “สั้น”", "ประชุม", 10)
            ]
            for item in items {
                try await sql.raw(
                    "UPDATE publications SET search_title = \(bind: item.title), search_body = \(bind: item.body), search_files = '' WHERE number = \(bind: item.number)"
                ).run()
            }
            try await sql.raw("UPDATE publications SET search_title = 'อื่น', search_body = 'อื่น', search_files = '' WHERE number = 10").run()
            for way in Self.ways {
                let found = try await PostgresSearchIndex.matches(["ประชุม"], on: sql, limit: 20, steps: way.steps)
                #expect(found.map(\.number) == [9, 8, 7, 6, 5, 4, 3, 2, 1], "\(way.name)")
                for item in items {
                    #expect(found.first { $0.number == item.number }?.score == item.score, "\(item.title) | \(item.body), \(way.name)")
                }
                let two = try await PostgresSearchIndex.matches(["ประชุม", "วาระ"], on: sql, limit: 20, steps: way.steps)
                #expect(two.map(\.number) == [2] && two.first?.score == 250, "\(way.name)")
            }
        }
    }

    /// A step's statement is planned once for all values after PostgreSQL has run it five times:
    /// its binds must cost no more in a generic plan than in a plan for the values at hand (a
    /// signature bit bound as `integer` was cast to `bigint` per row in the generic plan only, and
    /// every step was planned anew, 0.2 ms each).
    @Test func aStepIsPlannedOnceForAllValues() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase, let postgres = app.db as? any PostgresDatabase
            else { return }
            _ = try await BulkItems(app: app, seed: 17).generate(count: 400, attachments: false) { _ in }
            try await sql.raw("ANALYZE").run()
            struct Plans: Decodable {
                var generic_plans: Int
                var custom_plans: Int
            }
            // Four long terms no item holds (eight bits each tested per row) and a readability
            // condition, as public search passes. A first window of a hundred rows, a quarter of the
            // table, as the newest 2,000 are of 100,000 (a window near the end of the table is
            // estimated smaller for the values at hand than for any, which decides alone); then
            // the gram index, which names none.
            let terms = ["กรุงรัตนโกสินทร์", "ประชาสัมพันธ์จังหวัด", "มหินทรายุธยามหาดิลก", "อมรพิมานอวตารสถิต"]
            let steps = PostgresSearchIndex.Steps(walkRows: 100, pairedWindows: false)
            let plans = try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    for _ in 0..<8 {
                        _ = try await PostgresSearchIndex.matches(
                            terms, on: sql, limit: 1_000, among: "withdrawn_at IS NULL AND publish_at <= \(bind: Date())", steps: steps, through: connection)
                    }
                    return try await connection.sql().raw("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%get_bit%'")
                        .all(decoding: Plans.self)
                }
            }.get()
            #expect(plans.count == 1)
            for plan in plans {
                #expect(plan.custom_plans + plan.generic_plans == 8)
                // PostgreSQL plans a statement for its values five times before it compares.
                #expect(plan.custom_plans == 5, "planned anew at every run: \(plan)")
            }
        }
    }

    /// The packed bytes of a step: big-endian number, id, microseconds since 2000 (before it too)
    /// and score; a short remainder is ignored.
    @Test func aStepsBytesAreReadAsMatches() throws {
        func bytes(_ number: Int64, _ id: UUID, _ microseconds: Int64, _ score: Int32) -> [UInt8] {
            var out: [UInt8] = []
            withUnsafeBytes(of: number.bigEndian) { out += $0 }
            withUnsafeBytes(of: id.uuid) { out += $0 }
            withUnsafeBytes(of: microseconds.bigEndian) { out += $0 }
            withUnsafeBytes(of: score.bigEndian) { out += $0 }
            return out
        }
        let first = UUID()
        let second = UUID()
        let packed = bytes(7, first, 1_500_000, 150) + bytes(12, second, -86_400_000_000, 10) + [1, 2, 3]
        let step = PostgresSearchIndex.Step(lowest: 7, walked: 20, hits: Data(packed))
        let epoch = Date(timeIntervalSince1970: 946_684_800)
        #expect(
            step.matches == [
                PostgresSearchIndex.Match(number: 12, id: second, publishAt: epoch.addingTimeInterval(-86_400), score: 10),
                PostgresSearchIndex.Match(number: 7, id: first, publishAt: epoch.addingTimeInterval(1.5), score: 150)
            ])
        #expect(PostgresSearchIndex.Step(lowest: nil, walked: 0, hits: nil).matches.isEmpty)
        #expect(PostgresSearchIndex.Step(lowest: 1, walked: 1, hits: Data([1, 2])).matches.isEmpty)
    }

    /// The gram index's numbers come as 8 big-endian bytes each in no order, and are read newest first.
    @Test func theNamedNumbersAreReadNewestFirst() {
        func bytes(_ numbers: [Int64]) -> Data {
            var out = Data()
            for number in numbers { withUnsafeBytes(of: number.bigEndian) { out.append(contentsOf: $0) } }
            return out
        }
        #expect(PostgresSearchIndex.numbers(bytes([3, 70_000, 12, 1 << 40])) == [1 << 40, 70_000, 12, 3])
        #expect(PostgresSearchIndex.numbers(Data()).isEmpty)
        // A short remainder is not a number.
        #expect(PostgresSearchIndex.numbers(bytes([5]) + Data([1, 2, 3])) == [5])
    }

    /// JIT compiling took 0.3–0.5 s for the trigram query (its functions are declared costly):
    /// Prakat's sessions start with it off.
    @Test func sessionsRunWithoutJIT() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            let jit = try await sql.raw("SHOW jit").first()?.decode(column: "jit", as: String.self)
            #expect(jit == "off")
        }
    }

    @Test func theTextTableFollowsEveryChange() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 12).generate(count: 12, attachments: false) { _ in }
            let onlyIndex = PostgresSearchIndex.Steps(walkRows: 1, minimumWalkShare: 2, confirmRows: 4)
            for steps in [PostgresSearchIndex.Steps(), onlyIndex] {
                #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10, steps: steps) == [])
            }
            try await sql.raw("UPDATE publications SET search_title = 'ประวัติกรุงศรีอโยธยา' WHERE number IN (3, 9)").run()
            for steps in [PostgresSearchIndex.Steps(), onlyIndex] {
                #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10, steps: steps) == [9, 3])
            }
            // A number that changes and a row that goes take their text with them.
            try await sql.raw("UPDATE publications SET number = 1000 WHERE number = 3").run()
            try await sql.raw("DELETE FROM publications WHERE number = 9").run()
            for steps in [PostgresSearchIndex.Steps(), onlyIndex] {
                #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10, steps: steps) == [1000])
            }
            for table in [PostgresSearchIndex.textTable, PostgresSearchIndex.gramTable] {
                let rows = try await sql.raw("SELECT count(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
                #expect(rows == 11, "\(table)")
            }
        }
    }

    /// A word of six letters or more is looked up by its six-letter grams: an item holding each of
    /// its trigrams, but not side by side, is not named (with trigrams alone it was, and most
    /// items are for a word made of common syllables).
    @Test func longWordsAreLookedUpByTheirSixLetterGrams() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 13).generate(count: 6, attachments: false) { _ in }
            try await sql.raw("UPDATE publications SET search_title = 'ข่าว ' || number, search_body = 'สุขภาพดี', search_files = ''").run()
            try await sql.raw("UPDATE publications SET search_body = 'ในการประชุมครั้งนี้' WHERE number = 2").run()
            try await sql.raw("UPDATE publications SET search_body = 'นกา การ ารป รปร' WHERE number = 4").run()
            func named(_ term: String) async throws -> [Int] {
                try await sql.raw(
                    """
                    SELECT number FROM \(ident: PostgresSearchIndex.gramTable) \
                    WHERE prakat_search_grams(text) @> prakat_query_grams(\(bind: term)) ORDER BY number
                    """
                ).all().map { try $0.decode(column: "number", as: Int.self) }
            }
            #expect(try await named("นการปร") == [2])
            #expect(try await named("นการประชุมครั้ง") == [2])
            // Shorter words by their trigrams: both items are named, the text decides.
            #expect(try await named("การป") == [2, 4])
            let onlyIndex = PostgresSearchIndex.Steps(walkRows: 1, minimumWalkShare: 2, confirmRows: 4)
            #expect(try await PostgresSearchIndex.candidates(["การป"], on: sql, limit: 10, steps: onlyIndex) == [2])
        }
    }

    /// The text table holds a code of the text: a term is found in the coded text exactly where it
    /// is in the text, whatever the characters (Thai, ASCII, others, side by side).
    @Test func codedTextFindsWhatTheTextHolds() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            let letters = Array("กขคงาำิีุู่้็์เแโไะัๅ๐๙ฯaAzZ09 -_/.\n漢字かな€é😀")
            var generator = SystemRandomNumberGenerator()
            var pairs: [(text: String, term: String)] = []
            for _ in 0..<300 {
                let text = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in letters.randomElement(using: &generator) ?? "ก" })
                let characters = Array(text)
                var term = String((0..<Int.random(in: 1...4, using: &generator)).map { _ in letters.randomElement(using: &generator) ?? "ก" })
                if !characters.isEmpty, Bool.random(using: &generator) {
                    // Half of the terms are pieces of their text, so both answers are asked.
                    let start = Int.random(in: 0..<characters.count, using: &generator)
                    term = String(characters[start..<min(characters.count, start + Int.random(in: 1...5, using: &generator))])
                }
                pairs.append((text, term))
            }
            for pair in pairs {
                struct Row: Decodable {
                    var plain: Bool
                    var coded: Bool
                }
                let row = try await sql.raw(
                    """
                    SELECT strpos(\(bind: pair.text), \(bind: pair.term)) > 0 AS plain, \
                    strpos(prakat_search_code(\(bind: pair.text)), prakat_search_code(\(bind: pair.term))) > 0 AS coded
                    """
                ).first(decoding: Row.self)
                #expect(row?.plain == row?.coded, "\(pair.term.debugDescription) in \(pair.text.debugDescription)")
            }
        }
    }

    /// A term's code, signature bits and grams are computed by the server (`PostgresSearchIndex.Term`)
    /// as the database computes them for items; a difference would lose matches. Letters of every
    /// kind: Thai and the unassigned ends of its block, ASCII with control characters, two-, three-
    /// and four-byte UTF-8, terms of every length around the three- and six-letter marks.
    @Test func aTermIsDescribedAsTheDatabaseDescribesIt() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            let letters = Array("กขคงาำิีุู่้็์เแโไะัๅ๐๙ฯaAzZ09 -_/.\n\t\u{1}\u{7F}漢字かな€é😀\u{0E7F}\u{0E00}\u{0E5B}\u{0E5C}\u{0E80}\u{0DFF}ÿĀ{|}~".unicodeScalars)
            var generator = SystemRandomNumberGenerator()
            var terms = ["a", "ab", "abc", "abcde", "abcdef", "กำ", "กํา", "การ", "ประชุม", "ข้อมูลข่าวสาร", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส", "COVID-19 ๒๕๖๙"]
            for _ in 0..<300 {
                var scalars = String.UnicodeScalarView()
                for _ in 0..<Int.random(in: 1...12, using: &generator) {
                    // Mostly the letters above, sometimes any scalar at all (NUL aside: text cannot hold it).
                    let any = UInt32.random(in: 1...0x10FFFF, using: &generator)
                    let scalar = Bool.random(using: &generator) ? Unicode.Scalar(any) : letters.randomElement(using: &generator)
                    scalars.append(scalar ?? "ก")
                }
                terms.append(String(scalars))
            }
            for term in terms {
                struct Row: Decodable {
                    var code: String
                    var bits: [Int32]
                    var grams: [Int32]
                }
                let row = try #require(
                    try await sql.raw(
                        """
                        SELECT prakat_search_code(\(bind: term)) AS code, prakat_search_signature_bits(prakat_search_code(\(bind: term))) AS bits, \
                        prakat_query_grams(\(bind: term)) AS grams
                        """
                    ).first(decoding: Row.self))
                let described = PostgresSearchIndex.Term(term)
                var seen = Set<Int32>()
                #expect(described.coded.unicodeScalars.elementsEqual(row.code.unicodeScalars), "code of \(term.debugDescription)")
                #expect(described.bits == row.bits.map(Int.init), "bits of \(term.debugDescription)")
                #expect(described.grams == row.grams.filter { seen.insert($0).inserted }, "grams of \(term.debugDescription)")
            }
        }
    }

    /// The PL/pgSQL code and grams (`SpeedUpPostgresSearchFunctions`) give what the SQL ones
    /// they replaced gave, so neither the text table nor the gram index needed rebuilding: the
    /// same code, the same set of grams.
    @Test func thePLpgSQLFunctionsGiveWhatTheSQLOnesGave() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: app.db) else { return }
            try await sql.raw(CodePostgresSearchText.codeFunction(named: "\(ident: schema).sql_search_code")).run()
            try await sql.raw(AddPostgresSearchGrams.gramsFunction(named: "\(ident: schema).sql_search_grams")).run()
            let letters = Array("กขคงาำิีุู่้็์เแโไะัๅ๐๙ฯaAzZ09 -_/.\n\t漢字かな€é😀\u{0E7F}\u{0E00}\u{0E5C}{|}~")
            var generator = SystemRandomNumberGenerator()
            var texts = ["a", "ab", "abc", "abcde", "abcdef", "กำ", "ข้อมูลข่าวสาร", String(repeating: "ประกาศ ABC ๑๒๓ ", count: 400)]
            for _ in 0..<300 {
                texts.append(String((0..<Int.random(in: 1...60, using: &generator)).map { _ in letters.randomElement(using: &generator) ?? "ก" }))
            }
            for text in texts {
                struct Row: Decodable {
                    var sameCode: Bool
                    var sameGrams: Bool
                }
                let row = try await sql.raw(
                    """
                    SELECT prakat_search_code(\(bind: text)) = sql_search_code(\(bind: text)) AS "sameCode", \
                    (SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}') FROM unnest(prakat_search_grams(\(bind: text))) AS g) \
                      = sql_search_grams(\(bind: text)) AS "sameGrams"
                    """
                ).first(decoding: Row.self)
                #expect(row?.sameCode == true, "code of \(text.prefix(40).debugDescription)")
                #expect(row?.sameGrams == true, "grams of \(text.prefix(40).debugDescription)")
            }
        }
    }

    /// A save that sets the searched columns to what they were leaves both copies as they were
    /// (their grams are the costly part of publishing); a real change rewrites them.
    @Test func anUnchangedSaveLeavesTheCopiesAlone() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 14).generate(count: 3, attachments: false) { _ in }
            func versions() async throws -> [String] {
                var found: [String] = []
                for table in [PostgresSearchIndex.textTable, PostgresSearchIndex.gramTable] {
                    let row = try await sql.raw("SELECT xmin::text AS version FROM \(ident: table) WHERE number = 2").first()
                    found.append(try row?.decode(column: "version", as: String.self) ?? "none")
                }
                return found
            }
            let before = try await versions()
            try await sql.raw(
                "UPDATE publications SET search_title = search_title, search_body = search_body, search_files = search_files, title = title WHERE number = 2"
            ).run()
            #expect(try await versions() == before)
            try await sql.raw("UPDATE publications SET search_body = search_body || ' ปลาทูแม่กลอง' WHERE number = 2").run()
            let after = try await versions()
            #expect(after[0] != before[0] && after[1] != before[1])
            #expect(try await PostgresSearchIndex.candidates(["ปลาทูแม่กลอง"], on: sql, limit: 10) == [2])
        }
    }
}

extension PostgresSearchIndexTests {
    /// Rows whose copy in the text table differs from `publications` (or has no partner).
    static func differingCopies(on sql: any SQLDatabase) async throws -> Int {
        let columns = PostgresSearchIndex.copiedColumns
        let mine = columns.map { "p.\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
        let copied = columns.map { "t.\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
        let row = try await sql.raw(
            "SELECT count(*) AS n FROM publications AS p FULL JOIN \(ident: PostgresSearchIndex.textTable) AS t ON t.number = p.number "
                + "WHERE p.number IS NULL OR t.number IS NULL OR (" + mine + ") IS DISTINCT FROM (" + copied + ") "
                + "OR t.title_length <> octet_length(prakat_search_code(p.search_title)) "
                + "OR t.text <> prakat_search_code(prakat_search_text(p.search_title, p.search_body, p.search_files)) "
                + "OR t.signature IS DISTINCT FROM prakat_search_signature(t.text)"
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }

    /// The text table keeps a copy of what says whether an item may be read (the search reads
    /// nothing else): every change to those columns reaches it, in place, without rewriting the
    /// gram table; the public search follows.
    @Test func theCopiedColumnsFollowEveryChange() async throws {
        try await withPrakat { app, _, clock in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 15).generate(count: 20, attachments: false) { _ in }
            let word = "ปลาทูแม่กลอง"
            try await sql.raw("UPDATE publications SET search_body = search_body || \(bind: " " + word) WHERE number IN (4, 5)").run()
            #expect(try await Self.differingCopies(on: sql) == 0)
            let items = PublicItems(db: app.db, now: clock.now())
            func found() async throws -> [Int] {
                let ids = try await PublicationSearch.search(word, in: items, page: 1, perPage: 20).ids
                return try await Publication.query(on: app.db).filter(\.$id ~~ ids).all().map(\.number).sorted()
            }
            #expect(try await found() == [4, 5])
            func gramVersion() async throws -> String? {
                try await sql.raw("SELECT xmin::text AS v FROM \(ident: PostgresSearchIndex.gramTable) WHERE number = 4").first()?
                    .decode(column: "v", as: String.self)
            }
            let grams = try await gramVersion()
            let later = clock.now().addingTimeInterval(86_400)
            let other = SiteCategory(slug: "another", nameTh: "อีกหมวดหนึ่ง", nameEn: nil, clause: nil, position: 99)
            try await other.create(on: app.db)
            let archive = try await items.archiveCategoryIDs()
            for change: SQLQueryString in [
                "withdrawn_at = \(bind: clock.now())", "withdrawn_at = NULL", "publish_at = \(bind: later)",
                "publish_at = \(bind: clock.now().addingTimeInterval(-60))", "expire_at = \(bind: clock.now().addingTimeInterval(-1))",
                "expire_at = NULL", "urgent_deadline = \(bind: clock.now().addingTimeInterval(-1))", "urgent_deadline = NULL",
                "category_id = \(bind: try other.requireID())"
            ] {
                try await sql.raw("UPDATE publications SET " + change + " WHERE number = 4").run()
                #expect(try await Self.differingCopies(on: sql) == 0)
                let readable = try await sql.raw(
                    "SELECT count(*) AS n FROM publications WHERE number = 4 AND " + items.readableCondition(archiveCategoryIDs: archive)
                ).first()?.decode(column: "n", as: Int.self)
                #expect(try await found() == (readable == 1 ? [4, 5] : [5]))
            }
            #expect(try await gramVersion() == grams, "the gram table is left alone")
            try await sql.raw("UPDATE publications SET search_title = 'ABC ' || search_title WHERE number = 4").run()
            #expect(try await Self.differingCopies(on: sql) == 0)
        }
    }

    /// The migration copies what it must for the rows already there, and its revert gives the
    /// text table and trigger back as they were (the search then still works).
    @Test func theReadabilityCopyMigratesBothWays() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 16).generate(count: 15, attachments: false) { _ in }
            try await CountPostgresSearchTitlesInBytes().revert(on: app.db)
            try await CompactPostgresSearchGrams().revert(on: app.db)
            try await SignPostgresSearchText().revert(on: app.db)
            try await KeepReadabilityInPostgresSearchText().revert(on: app.db)
            let columns = try await sql.raw(
                "SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: PostgresSearchIndex.textTable)"
            ).first()?.decode(column: "n", as: Int.self)
            #expect(columns == 2)
            // Written while the old trigger runs: the migration must copy it too.
            try await sql.raw("UPDATE publications SET withdrawn_at = now(), search_title = 'กรุงศรีอโยธยา' WHERE number = 3").run()
            try await KeepReadabilityInPostgresSearchText().prepare(on: app.db)
            try await SignPostgresSearchText().prepare(on: app.db)
            try await CompactPostgresSearchGrams().prepare(on: app.db)
            try await CountPostgresSearchTitlesInBytes().prepare(on: app.db)
            #expect(try await Self.differingCopies(on: sql) == 0)
            try await sql.raw("UPDATE publications SET withdrawn_at = NULL WHERE number = 3").run()
            #expect(try await Self.differingCopies(on: sql) == 0)
            #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10) == [3])
        }
    }

    /// A row's signature has every bit of every piece of its text (so the walk's test before
    /// `strpos` never drops a match), whatever the characters; a term's bits are each given once.
    @Test func aSignatureHoldsTheBitsOfEveryPieceOfItsText() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            let letters = Array("กขคงาำิีุู่้็์เแโไะัๅ๐๙ฯaAzZ09 -_/.\n漢字かな€é😀")
            var generator = SystemRandomNumberGenerator()
            for round in 0..<300 {
                let characters = (0..<Int.random(in: 1...80, using: &generator)).map { _ in letters.randomElement(using: &generator) ?? "ก" }
                let start = Int.random(in: 0..<characters.count, using: &generator)
                let piece = String(characters[start..<min(characters.count, start + Int.random(in: 1...9, using: &generator))])
                struct Row: Decodable {
                    var held: Bool?
                    var bits: [Int32]
                }
                let row = try await sql.raw(
                    """
                    SELECT (SELECT bool_and(get_bit(prakat_search_signature(prakat_search_code(\(bind: String(characters)))), b) = 1) \
                    FROM unnest(prakat_search_signature_bits(prakat_search_code(\(bind: piece)))) AS b) AS held, \
                    prakat_search_signature_bits(prakat_search_code(\(bind: piece))) AS bits
                    """
                ).first(decoding: Row.self)
                let bits = try #require(row?.bits, "round \(round)")
                #expect(row?.held ?? true, "\(piece.debugDescription) in \(String(characters).debugDescription)")
                #expect(Set(bits).count == bits.count && bits.allSatisfy { (0..<Int32(PostgresSearchIndex.Signature.bits)).contains($0) })
            }
        }
    }

    /// The signature tells rows apart: on generated items, a word few of them hold has all its bits
    /// in few rows more than those (a signature with every bit set, or a hash of a trigram's
    /// last letters only, would let most rows through and this test would see it).
    @Test func aSignatureLetsThroughFewRowsWithoutTheTerm() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 17).generate(count: 60, attachments: false) { _ in }
            try await sql.raw("UPDATE publications SET search_body = search_body || ' ไข้เลือดออกระบาด' WHERE number % 10 = 0").run()
            struct Row: Decodable {
                var holding: Int
                var passing: Int
            }
            let row = try await sql.raw(
                """
                SELECT count(*) FILTER (WHERE strpos(t.text, prakat_search_code('ไข้เลือดออกระบาด')) > 0) AS holding, \
                count(*) FILTER (WHERE (SELECT bool_and(get_bit(t.signature, b) = 1) \
                FROM unnest(prakat_search_signature_bits(prakat_search_code('ไข้เลือดออกระบาด'))) AS b)) AS passing \
                FROM \(ident: PostgresSearchIndex.textTable) AS t
                """
            ).first(decoding: Row.self)
            #expect(row?.holding == 6)
            #expect((row?.passing ?? 60) <= 9, "\(String(describing: row))")
        }
    }

    @Test func aLongTermIsTestedByEightBitsSpreadOverIt() {
        typealias Signature = PostgresSearchIndex.Signature
        #expect(Signature.tested([]) == [])
        #expect(Signature.tested([5, 9, 1]) == [5, 9, 1])
        let many = Array(100..<120)
        let tested = Signature.tested(many)
        #expect(tested.count == Signature.testedPerTerm && tested.first == 100 && tested.last == 119 && Set(tested).count == tested.count)
    }

    /// The signatures' migration signs the rows already there, and its revert leaves the table and
    /// trigger as the readability copy had them (the search then still works).
    @Test func theSignaturesMigrateBothWays() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 18).generate(count: 15, attachments: false) { _ in }
            func columns() async throws -> [String] {
                try await sql.raw(
                    """
                    SELECT column_name AS name FROM information_schema.columns \
                    WHERE table_schema = current_schema() AND table_name = \(bind: PostgresSearchIndex.textTable) ORDER BY column_name
                    """
                ).all().map { try $0.decode(column: "name", as: String.self) }
            }
            #expect(try await columns().contains("signature"))
            try await CountPostgresSearchTitlesInBytes().revert(on: app.db)
            try await CompactPostgresSearchGrams().revert(on: app.db)
            try await SignPostgresSearchText().revert(on: app.db)
            #expect(try await !columns().contains("signature"))
            // Written while the readability copy's trigger runs; found without signatures by the
            // previous version's query (the table's other columns are as they were).
            try await sql.raw("UPDATE publications SET search_title = 'กรุงศรีอโยธยา' WHERE number = 3").run()
            let unsigned = try await sql.raw(
                "SELECT number FROM \(ident: PostgresSearchIndex.textTable) WHERE strpos(text, prakat_search_code('กรุงศรีอโยธยา')) > 0"
            ).all().map { try $0.decode(column: "number", as: Int.self) }
            #expect(unsigned == [3])
            try await SignPostgresSearchText().prepare(on: app.db)
            try await CompactPostgresSearchGrams().prepare(on: app.db)
            try await CountPostgresSearchTitlesInBytes().prepare(on: app.db)
            #expect(try await Self.differingCopies(on: sql) == 0)
            #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10) == [3])
            try await sql.raw("UPDATE publications SET search_body = search_body || ' กรุงศรีอโยธยา' WHERE number = 7").run()
            #expect(try await Self.differingCopies(on: sql) == 0)
            #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10) == [7, 3])
        }
    }
}

extension PostgresSearchIndexTests {
    /// Every gram table row goes through TOAST, a short text too (padded), so the table is a page
    /// of small rows where texts kept in their rows took several; the grams the padding adds
    /// change nothing the search finds, and the trigger pads what it writes. The revert leaves the
    /// search working.
    @Test func theGramTableKeepsShortTextsOutOfItsRows() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 19).generate(count: 30, attachments: false) { _ in }
            let table = PostgresSearchIndex.gramTable
            struct Sizes: Decodable {
                var pages: Int
                var inRow: Int
                var shortest: Int
            }
            func sizes() async throws -> Sizes? {
                // A text TOAST did not touch is stored as it is: its size is its length and a header.
                try await sql.raw(
                    """
                    SELECT pg_relation_size(\(bind: table)::regclass) / current_setting('block_size')::integer AS pages, \
                    count(*) FILTER (WHERE pg_column_size(text) > octet_length(text)) AS "inRow", \
                    min(octet_length(text)) AS shortest FROM \(ident: table)
                    """
                ).first(decoding: Sizes.self)
            }
            try await CountPostgresSearchTitlesInBytes().revert(on: app.db)
            try await CompactPostgresSearchGrams().revert(on: app.db)
            // About 1.3 KB of text an item, under the 2 KB past which PostgreSQL moves values out of a row.
            try await sql.raw("UPDATE publications SET search_body = left(search_body, 400) || ' ปลาทูแม่กลอง', search_files = ''").run()
            try await sql.raw("UPDATE publications SET search_body = search_body || ' กรุงศรีอโยธยา' WHERE number = 5").run()
            let unpadded = try #require(try await sizes())
            #expect(unpadded.inRow == 30 && unpadded.pages >= 4)
            try await CompactPostgresSearchGrams().prepare(on: app.db)
            try await CountPostgresSearchTitlesInBytes().prepare(on: app.db)
            let size = try await CompactPostgresSearchGrams.paddedSize(on: sql)
            let padded = try #require(try await sizes())
            #expect(padded.inRow == 0 && padded.pages == 1 && padded.shortest >= size)
            #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10) == [5])
            #expect(try await PostgresSearchIndex.candidates(["ปลาทูแม่กลอง"], on: sql, limit: 40) == Array((1...30).reversed()))
            // Written by the trigger: padded too.
            try await sql.raw("UPDATE publications SET search_title = 'กรุงศรีอโยธยา' WHERE number = 9").run()
            let written = try #require(try await sizes())
            #expect(written.inRow == 0 && written.shortest >= size)
            let gramsOnly = PostgresSearchIndex.Steps(walkRows: 1, minimumWalkShare: 2)
            #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10, steps: gramsOnly) == [9, 5])
            try await CountPostgresSearchTitlesInBytes().revert(on: app.db)
            try await CompactPostgresSearchGrams().revert(on: app.db)
            try await sql.raw("UPDATE publications SET search_title = 'กรุงศรีอโยธยา' WHERE number = 12").run()
            #expect(try await PostgresSearchIndex.candidates(["กรุงศรีอโยธยา"], on: sql, limit: 10, steps: gramsOnly) == [12, 9, 5])
            #expect(try await Self.differingCopies(on: sql) == 0)
        }
    }
}

extension PostgresSearchIndexTests {
    /// The title's length is kept in bytes (the search compares a byte offset with it): the
    /// migration recounts the rows already there, a title of several-byte characters included,
    /// and the trigger counts what it writes; the revert gives characters back.
    @Test func titleLengthsAreCountedInBytesBothWays() async throws {
        try await withPrakat { app, _, _ in
            guard DatabaseDialect(app.db) == .postgres, let sql = app.db as? any SQLDatabase else { return }
            _ = try await BulkItems(app: app, seed: 23).generate(count: 12, attachments: false) { _ in }
            let title = "“ข่าว” – ประชุม"
            func lengths() async throws -> [Int] {
                try await sql.raw("SELECT title_length FROM \(ident: PostgresSearchIndex.textTable) WHERE number IN (3, 5) ORDER BY number").all()
                    .map { try $0.decode(column: "title_length", as: Int.self) }
            }
            func score() async throws -> Int? {
                try await PostgresSearchIndex.matches(["ประชุม"], on: sql, limit: 20).first { $0.number == 3 }?.score
            }
            try await sql.raw("UPDATE publications SET search_title = \(bind: title) WHERE number = 3").run()
            // Coded: a Thai letter one byte, an ASCII space two, a quote or dash its three UTF-8 bytes.
            let (characters, bytes) = (title.unicodeScalars.count + 2, 10 + 2 * 2 + 3 * 3)
            #expect(try await lengths().first == bytes)
            #expect(try await score() == PublicationSearch.titleWeights.inTitle)
            try await CountPostgresSearchTitlesInBytes().revert(on: app.db)
            #expect(try await lengths().first == characters)
            // Written while characters are counted: recounted by the migration.
            try await sql.raw("UPDATE publications SET search_title = \(bind: title) WHERE number = 5").run()
            #expect(try await lengths() == [characters, characters])
            try await CountPostgresSearchTitlesInBytes().prepare(on: app.db)
            #expect(try await lengths() == [bytes, bytes])
            #expect(try await Self.differingCopies(on: sql) == 0)
            #expect(try await score() == PublicationSearch.titleWeights.inTitle)
        }
    }
}

extension PostgresSearchIndex {
    /// The numbers `matches` finds, newest first: what the tests compare with a plain scan.
    static func candidates(
        _ terms: [String], on sql: any SQLDatabase, limit: Int, among: SQLQueryString? = nil, steps: Steps = Steps()
    ) async throws -> [Int] {
        try await matches(terms, on: sql, limit: limit, among: among, steps: steps).map(\.number)
    }
}
