/// Escaping for HTML text and double- or single-quoted attribute values.
public enum HTMLEscaping {
    /// Replaces `& < > " '` with entities (as Leaf's `#(…)` does); everything else, Thai
    /// included, is left as it is. The five are ASCII, and an ASCII byte never occurs inside a
    /// multi-byte UTF-8 sequence, so a byte scan finds exactly those scalars (a quote carrying a
    /// combining mark included); text without them, as most Thai text is, is returned unchanged.
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { entity(for: $0, apostrophe: apostrophe) != nil }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 64)
        for byte in s.utf8 {
            if let entity = entity(for: byte, apostrophe: apostrophe) { entity.withUTF8Buffer { out.append(contentsOf: $0) } } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let apostrophe: StaticString = "&#39;"

    /// The entity for one of `& < > " '` (the apostrophe's is `&#39;` in HTML, `&apos;` in XML),
    /// nil for any other byte. Shared by HTML and XML escaping, which both scan bytes.
    static func entity(for byte: UInt8, apostrophe: StaticString) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): apostrophe
        default: nil
        }
    }
}

extension String {
    /// Every scalar that has an entry in `replacements` replaced by it, the others kept when
    /// `keeps` allows. Works on Unicode scalars, not `Character`s: a quote followed by a
    /// combining mark (`"\u{301}`) is one `Character` that is not equal to `"`, yet a browser
    /// or XML parser still sees the quote and would end the attribute there.
    func replacingScalars(_ replacements: [Unicode.Scalar: String], keeping keeps: (Unicode.Scalar) -> Bool = { _ in true }) -> String {
        var result = String.UnicodeScalarView()
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let replacement = replacements[scalar] {
                result.append(contentsOf: replacement.unicodeScalars)
            } else if keeps(scalar) {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
