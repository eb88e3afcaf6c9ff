/// Substring tests on UTF-8 bytes, for hot paths where String's Unicode-aware search costs too
/// much and both sides are normalised already (search titles and terms) or the pattern is ASCII
/// ("http" in a body). A match may start inside a grapheme cluster, as the search index's do.
public enum ByteSearch {
    /// `text` holds `part`; with `ignoringASCIICase`, ASCII letters match in either case.
    public static func contains(_ text: String, _ part: String, ignoringASCIICase: Bool = false) -> Bool {
        var text = text
        var part = part
        return text.withUTF8 { haystack in
            part.withUTF8 { needle in
                guard !needle.isEmpty else { return true }
                guard needle.count <= haystack.count else { return false }
                func same(_ a: UInt8, _ b: UInt8) -> Bool { ignoringASCIICase ? folded(a) == folded(b) : a == b }
                for start in 0...(haystack.count - needle.count) where same(haystack[start], needle[0]) {
                    var offset = 1
                    while offset < needle.count, same(haystack[start + offset], needle[offset]) { offset += 1 }
                    if offset == needle.count { return true }
                }
                return false
            }
        }
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 0x20 : byte
    }
}
