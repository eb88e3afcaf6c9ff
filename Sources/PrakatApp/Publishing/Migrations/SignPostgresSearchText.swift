import Fluent
import SQLKit

/// Each row of the PostgreSQL text table gets a signature: 2,048 bits, one set for every
/// trigram of its coded text's bytes (`PostgresSearchIndex.Signature`). The walk from the newest
/// items tests a term's bits before looking for the term in the text, so most rows that cannot
/// hold it cost a few `get_bit`s (about 0.1 µs) instead of a `strpos` over 1,300 bytes (1.2–2.5
/// µs). A bit set by another trigram only lets a row through to `strpos`, which decides; a row
/// holding the term always has every bit set, so nothing is missed. At 100,000 items the table
/// is copied once with its signatures, in about 40 s (PL/pgSQL, 0.4 ms a row).
struct SignPostgresSearchText: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let (_, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await database.transaction { database in
            guard let sql = database as? any SQLDatabase else { return }
            try await Self.createFunctions(schema: schema, on: sql)
            let table = PostgresSearchIndex.textTable
            let before = table + "_before"
            // A new table filled from the old one, as `KeepReadabilityInPostgresSearchText` did:
            // updating every row in place would leave as many dead rows, and the walk reads the
            // table in the order of its numbers. The old key is renamed first, so the new one can
            // take its name.
            try await sql.raw("ALTER TABLE \(ident: table) RENAME TO \(ident: before)").run()
            try await sql.raw("ALTER INDEX \(ident: Self.key) RENAME TO \(ident: before + "_by_number")").run()
            try await sql.raw(
                """
                CREATE TABLE \(ident: table) (number BIGINT NOT NULL, id UUID NOT NULL, category_id UUID NOT NULL, \
                publish_at TIMESTAMPTZ NOT NULL, expire_at TIMESTAMPTZ, withdrawn_at TIMESTAMPTZ, urgent_deadline TIMESTAMPTZ, \
                title_length INTEGER NOT NULL, signature BYTEA NOT NULL, text TEXT NOT NULL, \
                CONSTRAINT \(ident: Self.key) PRIMARY KEY (number)) WITH (toast_tuple_target = 8160)
                """
            ).run()
            let columns = (["number", "title_length", "text"] + PostgresSearchIndex.copiedColumns).map { "\(ident: $0)" as SQLQueryString }
                .joined(separator: ", ")
            try await sql.raw(
                "INSERT INTO \(ident: table) (signature, " + columns + ") SELECT \(ident: schema).prakat_search_signature(text), " + columns
                    + " FROM \(ident: before) ORDER BY number"
            ).run()
            try await sql.raw("DROP TABLE \(ident: before)").run()
            try await CodePostgresSearchText.keepCopies(coded: true, readability: true, signed: true, schema: schema, on: sql)
        }
    }

    func revert(on database: any Database) async throws {
        guard let (sql, schema) = try await PostgresSearchIndex.sqlAndSchema(of: database) else { return }
        try await CodePostgresSearchText.keepCopies(coded: true, readability: true, schema: schema, on: sql)
        try await sql.raw("ALTER TABLE \(ident: PostgresSearchIndex.textTable) DROP COLUMN IF EXISTS signature").run()
        for function in ["prakat_search_signature(text)", "prakat_search_signature_bits(text)"] {
            try await sql.raw("DROP FUNCTION IF EXISTS \(ident: schema).\(unsafeRaw: function)").run()
        }
    }

    /// The text table's key, as `KeepReadabilityInPostgresSearchText` named it.
    static let key = "publication_search_text_by_number"

    /// `prakat_search_signature(coded)`: a row's signature. `prakat_search_signature_bits(coded)`:
    /// the bits a term's trigrams set, each once, in the order the term holds them. Both hash a
    /// trigram the same way (`PostgresSearchIndex.Signature.bit`). One loop over the bytes, the
    /// last three kept in an integer; `set_bit` on a 256-byte value costs less than the loop.
    static func createFunctions(schema: String, on sql: any SQLDatabase) async throws {
        let setBit = eachTrigram("signature := set_bit(signature, bit_number, 1);")
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_search_signature(coded text) RETURNS bytea
            LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
            DECLARE
              signature bytea := decode(repeat('00', \(literal: PostgresSearchIndex.Signature.bits / 8)), 'hex');
            \(setBit)
              RETURN signature;
            END
            $$
            """
        ).run()
        let addBit = eachTrigram("IF NOT bit_number = ANY(found) THEN found := found || bit_number; END IF;")
        try await sql.raw(
            """
            CREATE OR REPLACE FUNCTION \(ident: schema).prakat_search_signature_bits(coded text) RETURNS integer[]
            LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
            DECLARE
              found integer[] := '{}';
            \(addBit)
              RETURN found;
            END
            $$
            """
        ).run()
    }

    /// The rest of the declarations and a loop running `body` with `bit_number`, the bit of each
    /// trigram of `coded`'s bytes (`PostgresSearchIndex.Signature.bit`): the last three bytes are
    /// kept in an integer.
    private static func eachTrigram(_ body: String) -> SQLQueryString {
        """
          bytes bytea := convert_to(coded, 'UTF8');
          trigram bigint := 0;
          bit_number integer;
        BEGIN
          FOR i IN 0 .. octet_length(bytes) - 1 LOOP
            trigram := ((trigram << 8) | get_byte(bytes, i)) & 16777215;
            IF i >= 2 THEN
              bit_number := \(PostgresSearchIndex.Signature.bit("trigram"));
              \(unsafeRaw: body)
            END IF;
          END LOOP;

        """
    }
}
