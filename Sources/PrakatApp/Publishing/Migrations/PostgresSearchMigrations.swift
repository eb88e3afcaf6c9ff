import Fluent
import SQLKit

/// Replaces the `pg_trgm` indexes with a text table and a trigram index (see `PostgresSearchIndex`;
/// PostgreSQL only, SQLite keeps its FTS5 table). At 100,000 items the index takes about 1.5
/// minutes to build, once.
struct AddPostgresSearchText: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // The trigger runs for whoever writes a publication: it names its table with the schema.
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        let table = PostgresSearchIndex.textTable
        // A character's code in 9 bits: Thai letters and marks (U+0E00–U+0E7F) and ASCII each keep
        // their own; anything else shares a code with others (the text check settles those).
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_trigrams(content text) RETURNS integer[]
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
              SELECT coalesce(array_agg(DISTINCT (c[i] << 18) | (c[i + 1] << 9) | c[i + 2]), '{}')
              FROM (SELECT array_agg(CASE WHEN o BETWEEN 3584 AND 3711 THEN o - 3584 WHEN o < 128 THEN 128 + o ELSE 256 + o % 256 END ORDER BY n) AS c
                    FROM (SELECT ascii(ch) AS o, n FROM regexp_split_to_table(content, '') WITH ORDINALITY AS letters(ch, n)) AS codes) AS coded,
                   generate_series(1, coalesce(array_length(c, 1), 0) - 2) AS i
            $$
            """
        ).run()
        // What is searched, in one place: the text table's rows and the trigram index are built from it.
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_search_text(title text, body text, files text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
              SELECT coalesce(title, '') || chr(10) || coalesce(body, '') || chr(10) || coalesce(files, '')
            $$
            """
        ).run()
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_search_trigrams(title text, body text, files text) RETURNS integer[]
            LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 AS $$
              SELECT \(ident: schema).prakat_trigrams(\(ident: schema).prakat_search_text(title, body, files))
            $$
            """
        ).run()
        // Kept uncompressed in its row up to a page: checking text is then a plain byte search.
        try await sql.raw(
            "CREATE TABLE IF NOT EXISTS \(ident: table) (number BIGINT PRIMARY KEY, text TEXT NOT NULL) WITH (toast_tuple_target = 8160)"
        ).run()
        try await PostgresSearchIndex.keepCopies([(table, "searched")], schema: schema, on: sql)
        try await sql.raw("DROP TRIGGER IF EXISTS publications_search_text ON \(ident: Publication.schema)").run()
        try await sql.raw(
            """
            CREATE TRIGGER publications_search_text AFTER INSERT OR DELETE OR UPDATE OF number, search_title, search_body, search_files
            ON \(ident: Publication.schema) FOR EACH ROW EXECUTE FUNCTION \(ident: schema).prakat_publication_search_text()
            """
        ).run()
        try await sql.raw("DELETE FROM \(ident: table)").run()
        try await sql.raw(
            """
            INSERT INTO \(ident: table) (number, text) \
            SELECT number, \(ident: schema).prakat_search_text(search_title, search_body, search_files) FROM \(ident: Publication.schema)
            """
        ).run()
        try await sql.raw(
            """
            CREATE INDEX IF NOT EXISTS publications_search_trigrams ON \(ident: Publication.schema) \
            USING gin (\(ident: schema).prakat_search_trigrams(search_title, search_body, search_files))
            """
        ).run()
        for column in ["search_title", "search_body", "search_files"] {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: "publications_trgm_" + column)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, DatabaseDialect(database) == .postgres else { return }
        try await sql.raw("DROP INDEX IF EXISTS publications_search_trigrams").run()
        try await sql.raw("DROP TRIGGER IF EXISTS publications_search_text ON \(ident: Publication.schema)").run()
        try await sql.raw("DROP TABLE IF EXISTS \(ident: PostgresSearchIndex.textTable)").run()
        for function in [
            "prakat_publication_search_text()", "prakat_search_trigrams(text, text, text)", "prakat_search_text(text, text, text)", "prakat_trigrams(text)"
        ] {
            try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: function)").run()
        }
        // CreatePublicationSearchIndex's pg_trgm indexes, as that migration left them.
        let extensionSchema = try await CreatePublicationSearchIndex.trigramSchema(sql)
        for column in ["search_title", "search_body", "search_files"] {
            try await sql.raw(
                "CREATE INDEX IF NOT EXISTS \(ident: "publications_trgm_" + column) ON \(ident: Publication.schema) USING gin (\(ident: column) \(ident: extensionSchema).gin_trgm_ops)"
            ).run()
        }
    }
}

/// The gram index on a narrow copy of the text table (see `PostgresSearchIndex`), in place of the
/// trigram index on `publications`, whose wide rows cost 3–4 µs each to visit. At 100,000 items
/// the copy and the index take about 4–5 minutes to build, once; the index is about 240 MB.
struct AddPostgresSearchGrams: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await sql.raw(Self.gramsFunction(named: "\(ident: schema).prakat_search_grams")).run()
        // What a search term asks of the index: its six-letter grams if it has six letters, else its trigrams.
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_query_grams(term text) RETURNS integer[]
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
              SELECT coalesce(array_agg(g), '{}') FROM unnest(\(ident: schema).prakat_search_grams(term)) AS g
              WHERE (char_length(term) >= 6) = (g >= 134217728)
            $$
            """
        ).run()
        let table = PostgresSearchIndex.gramTable
        // Rows of a few dozen bytes (the text goes out of line, compressed): a search visits
        // thousands of them, and that costs by the page. Only texts over about 2 KB went out of
        // line; `CompactPostgresSearchGrams` pads the others so that they do too.
        try await sql.raw(
            "CREATE TABLE IF NOT EXISTS \(ident: table) (number BIGINT PRIMARY KEY, text TEXT NOT NULL) WITH (toast_tuple_target = 128)"
        ).run()
        try await PostgresSearchIndex.keepCopies([(PostgresSearchIndex.textTable, "searched"), (table, "searched")], schema: schema, on: sql)
        try await sql.raw("DELETE FROM \(ident: table)").run()
        try await sql.raw("INSERT INTO \(ident: table) (number, text) SELECT number, text FROM \(ident: PostgresSearchIndex.textTable)").run()
        try await Self.createGramIndex(schema: schema, on: sql)
        // The items holding all of `wanted`, below `below`, newest first. Only the GIN index may
        // answer: a plan that computed grams row by row would take minutes (it looked cheaper to
        // the planner for a trigram most items hold), so sequential scans are off here and the
        // number is tested after the index, not through the primary key.
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_search_named(wanted integer[], below bigint) RETURNS bigint[]
            LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off AS $$
              SELECT array_agg(number ORDER BY number DESC) FILTER (WHERE number < below)
              FROM \(ident: schema).\(ident: table) WHERE \(ident: schema).prakat_search_grams(text) @> wanted
            $$
            """
        ).run()
        try await sql.raw("DROP INDEX IF EXISTS publications_search_trigrams").run()
    }

    /// The GIN index of the gram table's grams (`PostgresSearchIndex.gramIndex`), built over the
    /// rows already there. Its one query plan needs no statistics of the grams: without them
    /// `ANALYZE` does not compute the grams of 30,000 sampled rows (about a minute of one core at
    /// 100,000 items).
    static func createGramIndex(schema: String, on sql: any SQLDatabase) async throws {
        let index = PostgresSearchIndex.gramIndex
        try await sql.raw(
            "CREATE INDEX IF NOT EXISTS \(ident: index) ON \(ident: PostgresSearchIndex.gramTable) USING gin (\(ident: schema).prakat_search_grams(text))"
        ).run()
        try await sql.raw("ALTER INDEX \(ident: index) ALTER COLUMN 1 SET STATISTICS 0").run()
    }

    func revert(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await PostgresSearchIndex.keepCopies([(PostgresSearchIndex.textTable, "searched")], schema: schema, on: sql)
        try await sql.raw("DROP TABLE IF EXISTS \(ident: PostgresSearchIndex.gramTable)").run()
        for function in ["prakat_search_named(integer[], bigint)", "prakat_query_grams(text)", "prakat_search_grams(text)"] {
            try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: function)").run()
        }
        // AddPostgresSearchText's index, as that migration left it.
        try await sql.raw(
            """
            CREATE INDEX IF NOT EXISTS publications_search_trigrams ON \(ident: Publication.schema) \
            USING gin (\(ident: schema).prakat_search_trigrams(search_title, search_body, search_files))
            """
        ).run()
    }

    /// An item's grams, as this migration defined them (in SQL; `SpeedUpPostgresSearchFunctions`
    /// computes the same in PL/pgSQL): its trigrams (three 9-bit letter codes, as
    /// `prakat_trigrams`, below 2^27) and, for every six letters in a row, a hash of their two
    /// trigrams (2^27 and up). `hashint8` is the one PostgreSQL's hash indexes are built with, so
    /// it stays the same.
    static func gramsFunction(named name: SQLQueryString) -> SQLQueryString {
        "CREATE OR REPLACE FUNCTION " + name
            + """
            (content text) RETURNS integer[]
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
              WITH coded AS (
                SELECT array_agg(CASE WHEN o BETWEEN 3584 AND 3711 THEN o - 3584 WHEN o < 128 THEN 128 + o ELSE 256 + o % 256 END ORDER BY n) AS c
                FROM regexp_split_to_table(content, '') WITH ORDINALITY AS letters(ch, n), ascii(ch) AS o),
              tri AS (
                SELECT array_agg((c[i] << 18) | (c[i + 1] << 9) | c[i + 2] ORDER BY i) AS t
                FROM coded, generate_series(1, coalesce(array_length(c, 1), 0) - 2) AS i)
              SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
                SELECT unnest(t) AS g FROM tri
                UNION ALL
                SELECT (134217728 + (hashint8((t[i]::bigint << 27) | t[i + 3]) & 2147483647) % 2013265920)::integer
                FROM tri, generate_series(1, coalesce(array_length(t, 1), 0) - 3) AS i
              ) AS grams
            $$
            """
    }
}

/// The text table's rows coded one byte per Thai letter (`prakat_search_code`), a third of their
/// UTF-8 size: the walk and the confirmations run `strpos` over them 1.3–1.4× faster. The code
/// keeps substrings: Thai letters and marks (U+0E01–U+0E5B) become single bytes 0x20–0x7A, an
/// ASCII character two bytes (0x01–0x08, then 0x10–0x1F), anything else stays as it is in UTF-8
/// (bytes 0x80 and up). No character's code starts inside another's, so a coded term is found in a
/// coded text exactly where the term is in the text. At 100,000 items coding takes about 1.5–2
/// minutes, once.
struct CodePostgresSearchText: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await sql.raw(Self.codeFunction(named: "\(ident: schema).prakat_search_code")).run()
        try await refill(coded: true, schema: schema, on: sql)
    }

    func revert(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await refill(coded: false, schema: schema, on: sql)
        try await sql.raw("DROP FUNCTION IF EXISTS prakat_search_code(text)").run()
    }

    /// The code as this migration defined it (in SQL; `SpeedUpPostgresSearchFunctions` computes
    /// the same in PL/pgSQL).
    static func codeFunction(named name: SQLQueryString) -> SQLQueryString {
        "CREATE OR REPLACE FUNCTION " + name
            + """
            (content text) RETURNS text
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
              SELECT coalesce(string_agg(CASE WHEN o BETWEEN 3585 AND 3675 THEN chr(o - 3553)
                                              WHEN o < 128 THEN chr(1 + o / 16) || chr(16 + o % 16)
                                              ELSE ch END, '' ORDER BY n), '')
              FROM regexp_split_to_table(content, '') WITH ORDINALITY AS letters(ch, n), ascii(ch) AS o
            $$
            """
    }

    /// The trigger and the text table's rows, coded or plain.
    private func refill(coded: Bool, schema: String, on sql: any SQLDatabase) async throws {
        let table = PostgresSearchIndex.textTable
        try await Self.keepCopies(coded: coded, schema: schema, on: sql)
        // Emptied whole rather than row by row: 100,000 dead rows would stay until a vacuum.
        try await sql.raw("TRUNCATE \(ident: table)").run()
        let searched: SQLQueryString = "\(ident: schema).prakat_search_text(search_title, search_body, search_files)"
        try await sql.raw(
            "INSERT INTO \(ident: table) (number, text) SELECT number, " + Self.textRow(searched, coded: coded, schema: schema) + " FROM \(ident: Publication.schema)"
        ).run()
    }

    /// A text table row's value made from `searched`: one spelling for the trigger and the rows already there.
    static func textRow(_ searched: SQLQueryString, coded: Bool, schema: String) -> SQLQueryString {
        coded ? "\(ident: schema).prakat_search_code(" + searched + ")" : searched
    }

    /// The trigger keeping both copies: the text table coded (or plain), the gram table plain;
    /// with `readability`, the text table with its copy of `PostgresSearchIndex.copiedColumns`;
    /// with `padded`, the gram table's text padded to `padded` bytes (`CompactPostgresSearchGrams`);
    /// with `titleInBytes`, the title's length in bytes (`CountPostgresSearchTitlesInBytes`).
    static func keepCopies(
        coded: Bool, readability: Bool = false, signed: Bool = false, padded: Int? = nil, titleInBytes: Bool = false, schema: String,
        on sql: any SQLDatabase
    ) async throws {
        let gramRow = padded.map { CompactPostgresSearchGrams.padding("searched", to: $0) } ?? "searched"
        try await PostgresSearchIndex.keepCopies(
            [(PostgresSearchIndex.textTable, textRow("searched", coded: coded, schema: schema)), (PostgresSearchIndex.gramTable, gramRow)],
            readability: readability, signed: signed, titleInBytes: titleInBytes, schema: schema, on: sql)
    }
}

/// The code and the grams computed in PL/pgSQL, a loop over the text's letters, instead of SQL's
/// row per letter: for a 1,300-letter item coding 1.1 → 0.4 ms, grams 2.3 → 0.9 ms; the trigger's
/// whole work at publish time (with the GIN index's own insert) about 5 → 3.3 ms an item, which
/// counts against read throughput while items are published. Instant to apply. Same results, so nothing is rebuilt: the code is the
/// same text; the grams come unsorted and repeated where the SQL gave each once, and a GIN index
/// keeps each key of a row once, so the index holds the same keys (and `@>` means the same).
/// The trigger now also leaves both copies alone when an update leaves the searched text as it was.
struct SpeedUpPostgresSearchFunctions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        // The letter codes are those of `CodePostgresSearchText.codeFunction` and
        // `AddPostgresSearchGrams.gramsFunction`; the loops keep the work linear in the text's
        // length (an array of pieces joined once, not a string grown letter by letter).
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_search_code(content text) RETURNS text
            LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
            DECLARE
              pieces text[] := '{}';
              letter text;
              o integer;
              k integer := 0;
            BEGIN
              FOREACH letter IN ARRAY string_to_array(content, NULL) LOOP
                o := ascii(letter);
                k := k + 1;
                pieces[k] := CASE WHEN o BETWEEN 3585 AND 3675 THEN chr(o - 3553)
                                  WHEN o < 128 THEN chr(1 + o / 16) || chr(16 + o % 16)
                                  ELSE letter END;
              END LOOP;
              RETURN array_to_string(pieces, '');
            END
            $$
            """
        ).run()
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_search_grams(content text) RETURNS integer[]
            LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
            DECLARE
              codes integer[] := '{}';
              grams integer[] := '{}';
              letter text;
              o integer;
              n integer := 0;
              k integer := 0;
            BEGIN
              FOREACH letter IN ARRAY string_to_array(content, NULL) LOOP
                o := ascii(letter);
                n := n + 1;
                codes[n] := CASE WHEN o BETWEEN 3584 AND 3711 THEN o - 3584 WHEN o < 128 THEN 128 + o ELSE 256 + o % 256 END;
              END LOOP;
              FOR i IN 1 .. n - 2 LOOP
                k := k + 1;
                grams[k] := (codes[i] << 18) | (codes[i + 1] << 9) | codes[i + 2];
              END LOOP;
              FOR i IN 1 .. n - 5 LOOP
                k := k + 1;
                grams[k] := (134217728 + (hashint8((grams[i]::bigint << 27) | grams[i + 3]) & 2147483647) % 2013265920)::integer;
              END LOOP;
              RETURN grams;
            END
            $$
            """
        ).run()
        try await CodePostgresSearchText.keepCopies(coded: true, schema: schema, on: sql)
    }

    func revert(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await sql.raw(CodePostgresSearchText.codeFunction(named: "\(ident: schema).prakat_search_code")).run()
        try await sql.raw(AddPostgresSearchGrams.gramsFunction(named: "\(ident: schema).prakat_search_grams")).run()
    }
}

/// The text table keeps a copy of what says whether an item may be read now (and its id and
/// publish time), so a search reads that table alone: looking each matching item up in
/// `publications` cost about 2.5 µs a match, most of a 2,000-row step for a common word
/// (5.6 ms a step against 1.1 ms without). The copy is kept by the same trigger, in the same
/// transaction as the change. At 100,000 items the table is copied once, in about 9 s (the
/// coded text is copied, not coded again).
struct KeepReadabilityInPostgresSearchText: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let (_, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            let table = PostgresSearchIndex.textTable
            let before = table + "_before"
            // A new table filled from the old one rather than its rows updated in place, which would
            // leave as many dead rows until a vacuum. Fixed-width columns first, the text last.
            try await sql.raw("ALTER TABLE \(ident: table) RENAME TO \(ident: before)").run()
            try await sql.raw(
                """
                CREATE TABLE \(ident: table) (number BIGINT NOT NULL, id UUID NOT NULL, category_id UUID NOT NULL, \
                publish_at TIMESTAMPTZ NOT NULL, expire_at TIMESTAMPTZ, withdrawn_at TIMESTAMPTZ, urgent_deadline TIMESTAMPTZ, \
                title_length INTEGER NOT NULL, text TEXT NOT NULL, CONSTRAINT publication_search_text_by_number PRIMARY KEY (number)) \
                WITH (toast_tuple_target = 8160)
                """
            ).run()
            let copied = PostgresSearchIndex.copiedColumns
            try await sql.raw(
                "INSERT INTO \(ident: table) (number, text, title_length, " + copied.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
                    + ") SELECT b.number, b.text, " + PostgresSearchIndex.titleLength("p.search_title", schema: schema) + ", "
                    + copied.map { "p.\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
                    + " FROM \(ident: before) AS b JOIN \(ident: Publication.schema) AS p ON p.number = b.number"
            ).run()
            try await sql.raw("DROP TABLE \(ident: before)").run()
            try await CodePostgresSearchText.keepCopies(coded: true, readability: true, schema: schema, on: sql)
            try await Self.trigger(updateOf: Self.searchedColumns + copied, on: sql, schema: schema)
        }
    }

    func revert(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await CodePostgresSearchText.keepCopies(coded: true, schema: schema, on: sql)
        try await Self.trigger(updateOf: Self.searchedColumns, on: sql, schema: schema)
        let table = PostgresSearchIndex.textTable
        for column in PostgresSearchIndex.copiedColumns + ["title_length"] {
            try await sql.raw("ALTER TABLE \(ident: table) DROP COLUMN IF EXISTS \(ident: column)").run()
        }
        // The key's name as the table first had it: a later prepare names its new table's key anew.
        try await sql.raw("ALTER TABLE \(ident: table) RENAME CONSTRAINT publication_search_text_by_number TO publication_search_text_pkey").run()
    }

    /// The columns whose update rewrites an item's searched text (the trigger's list before this migration).
    private static let searchedColumns = ["number", "search_title", "search_body", "search_files"]

    /// The trigger on `publications`, run for inserts, deletes and updates of `columns`.
    private static func trigger(updateOf columns: [String], on sql: any SQLDatabase, schema: String) async throws {
        try await sql.raw("DROP TRIGGER IF EXISTS publications_search_text ON \(ident: Publication.schema)").run()
        try await sql.raw(
            "CREATE TRIGGER publications_search_text AFTER INSERT OR DELETE OR UPDATE OF "
                + columns.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
                + " ON \(ident: Publication.schema) FOR EACH ROW EXECUTE FUNCTION \(ident: schema).prakat_publication_search_text()"
        ).run()
    }
}

/// The gram index's answer as bytes, unsorted: `prakat_search_named_packed` gives the numbers of
/// the items holding all of `wanted` below `below` as 8 big-endian bytes each, in the order the
/// index's bitmap reads them. The array it replaces was sorted in the database and decoded element
/// by element in the server: for a word whose trigrams name 19,000 items, the sort and the
/// aggregate were a fifth of the lookup. The server sorts the numbers (`PostgresSearchIndex.numbers`).
struct PackPostgresSearchNames: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        // Only the GIN index may answer, as for the function it replaces (`AddPostgresSearchGrams`).
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_search_named_packed(wanted integer[], below bigint) RETURNS bytea
            LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off AS $$
              SELECT coalesce(string_agg(int8send(number), ''::bytea) FILTER (WHERE number < below), ''::bytea)
              FROM \(ident: schema).\(ident: PostgresSearchIndex.gramTable) WHERE \(ident: schema).prakat_search_grams(text) @> wanted
            $$
            """
        ).run()
        // `prakat_search_named` stays: instances of the previous version on the same database still
        // call it until they are upgraded in turn.
    }

    func revert(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await sql.raw("DROP FUNCTION IF EXISTS \(ident: schema).prakat_search_named_packed(integer[], bigint)").run()
    }
}
