/// Text for XML documents (feeds, sitemaps), safe in element content and attribute values.
public enum XMLText {
    /// Escapes `& < > " '` and drops what XML 1.0 does not allow at all (§2.2 `Char`):
    /// C0 controls other than tab, line feed and carriage return, and U+FFFE / U+FFFF.
    /// One stray control character pasted into a title would otherwise make the whole feed
    /// unreadable to a conforming parser. (Lone surrogates cannot occur in a Swift `String`.)
    ///
    /// A carriage return is written as `&#13;`: parsers turn a literal CR into LF, so this is
    /// the only way it survives the round trip.
    ///
    /// Read as bytes (an ASCII byte never occurs inside a multi-byte UTF-8 sequence, and 0xEF only
    /// starts one): scalar by scalar, through a dictionary, was a third of an uncached feed's CPU.
    /// Text with nothing to change, as most is, comes back as it is.
    public static func escape(_ s: String) -> String {
        let bytes = s.utf8
        guard bytes.contains(where: { $0 < 0x20 || $0 == 0xEF || HTMLEscaping.entity(for: $0, apostrophe: apostrophe) != nil }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index = bytes.index(after: index)
            if let entity = HTMLEscaping.entity(for: byte, apostrophe: apostrophe) {
                entity.withUTF8Buffer { out.append(contentsOf: $0) }
                continue
            }
            switch byte {
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            case 0x09, 0x0A: out.append(byte)
            case 0x00..<0x20: continue
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
                let next = bytes[index...].prefix(2)
                if next.count == 2, next.first == 0xBF, let last = next.last, last == 0xBE || last == 0xBF {
                    index = bytes.index(index, offsetBy: 2)
                } else {
                    out.append(byte)
                }
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let apostrophe: StaticString = "&apos;"

    /// What `escape` does, scalar by scalar: the specification its byte scan is tested against.
    static func escapedScalarByScalar(_ s: String) -> String {
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
