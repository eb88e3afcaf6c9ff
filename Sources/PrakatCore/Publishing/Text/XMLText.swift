/// Text for XML documents (feeds, sitemaps), safe in element content and attribute values.
public enum XMLText {
    /// Escapes `& < > " '` and drops what XML 1.0 does not allow at all (§2.2 `Char`):
    /// C0 controls other than tab, line feed and carriage return, and U+FFFE / U+FFFF.
    /// One stray control character pasted into a title would otherwise make the whole feed
    /// unreadable to a conforming parser. (Lone surrogates cannot occur in a Swift `String`.)
    ///
    /// A carriage return is written as `&#13;`: parsers turn a literal CR into LF, so this is
    /// the only way it survives the round trip.
    public static func escape(_ s: String) -> String {
        s.replacingScalars(entities, keeping: isAllowed)
    }

    private static let entities: [Unicode.Scalar: String] = [
        "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&apos;", "\r": "&#13;"
    ]

    /// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00...0x1F: false
        case 0xFFFE, 0xFFFF: false
        default: true
        }
    }
}
