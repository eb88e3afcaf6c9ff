/// What a search term is looked for by in PostgreSQL's search tables, computed here as the
/// database computes it for every item (`prakat_search_code`, `prakat_search_signature_bits`,
/// `prakat_query_grams`). The search asked the database for them in a statement of their own
/// before its first step: a round trip per search (about 0.3 ms of the database's time and as
/// much of the server's). The functions stay in the database, which codes the items with them;
/// a test holds both sides to the same answers.
extension PostgresSearchIndex {
    struct Term: Sendable {
        /// The term as the text table holds its items' text (`code(_:)`).
        var coded: String
        /// The signature bits its coded bytes' trigrams set, each once, in the order it holds them.
        var bits: [Int]
        /// The grams the gram index is asked for, each once, in the order the term holds them.
        var grams: [Int32]

        init(_ term: String) {
            coded = Self.code(term)
            bits = Self.signatureBits(ofCoded: coded)
            grams = Self.queryGrams(term)
        }

        /// `prakat_search_code`: a Thai letter or mark (U+0E01–U+0E5B) one byte (0x20–0x7A), an
        /// ASCII character two (0x01–0x08, then 0x10–0x1F), anything else as it is.
        static func code(_ term: String) -> String {
            var coded = String.UnicodeScalarView()
            for scalar in term.unicodeScalars {
                let value = scalar.value
                if (0x0E01...0x0E5B).contains(value) {
                    coded.append(Unicode.Scalar(UInt8(value - 3_553)))
                } else if value < 128 {
                    coded.append(Unicode.Scalar(UInt8(1 + value / 16)))
                    coded.append(Unicode.Scalar(UInt8(16 + value % 16)))
                } else {
                    coded.append(scalar)
                }
            }
            return String(coded)
        }

        /// `prakat_search_signature_bits`: for each three bytes in a row of the coded UTF-8, its
        /// bit (`Signature.bit`).
        static func signatureBits(ofCoded coded: String) -> [Int] {
            var (trigram, seen, found) = (UInt64(0), Set<Int>(), [Int]())
            for (index, byte) in coded.utf8.enumerated() {
                trigram = ((trigram << 8) | UInt64(byte)) & 0xFF_FFFF
                guard index >= 2 else { continue }
                let bit = Signature.bit(ofTrigram: trigram)
                if seen.insert(bit).inserted { found.append(bit) }
            }
            return found
        }

        /// `prakat_query_grams`: a term of six letters or more by its six-letter grams, a shorter
        /// one by its trigrams (`prakat_search_grams` makes both for an item).
        static func queryGrams(_ term: String) -> [Int32] {
            let codes = term.unicodeScalars.map { scalar -> UInt32 in
                let value = scalar.value
                if (0x0E00...0x0E7F).contains(value) { return value - 0x0E00 }
                return value < 128 ? 128 + value : 256 + value % 256
            }
            guard codes.count >= 3 else { return [] }
            let trigrams = (0..<(codes.count - 2)).map { Int64((codes[$0] << 18) | (codes[$0 + 1] << 9) | codes[$0 + 2]) }
            let grams: [Int32]
            if codes.count >= 6 {
                grams = (0..<(trigrams.count - 3)).map { index in
                    let hash = Int64(Int32(bitPattern: Self.hashInt8(trigrams[index] << 27 | trigrams[index + 3])) & Int32.max)
                    return Int32(134_217_728 + hash % 2_013_265_920)
                }
            } else {
                grams = trigrams.map { Int32($0) }
            }
            var seen = Set<Int32>()
            return grams.filter { seen.insert($0).inserted }
        }

        /// PostgreSQL's `hashint8`: the high half folded into the low one, then `hash_uint32`
        /// (Bob Jenkins' final mix), as its hash indexes compute it.
        static func hashInt8(_ value: Int64) -> UInt32 {
            let high = UInt32(truncatingIfNeeded: value >> 32)
            let low = UInt32(truncatingIfNeeded: value) ^ (value >= 0 ? high : ~high)
            var a: UInt32 = 0x9E37_79B9 &+ 4 &+ 3_923_095
            var (b, c) = (a, a)
            a = a &+ low
            // Its `final(a, b, c)`: each step mixes one word into another, rotated.
            func mix(_ x: inout UInt32, _ y: UInt32, rotatedBy k: UInt32) {
                x ^= y
                x = x &- ((y << k) | (y >> (32 - k)))
            }
            mix(&c, b, rotatedBy: 14)
            mix(&a, c, rotatedBy: 11)
            mix(&b, a, rotatedBy: 25)
            mix(&c, b, rotatedBy: 16)
            mix(&a, c, rotatedBy: 4)
            mix(&b, a, rotatedBy: 14)
            mix(&c, b, rotatedBy: 24)
            return c
        }
    }
}
