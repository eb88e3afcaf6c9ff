/// Escaping for HTML text and double- or single-quoted attribute values.
public enum HTMLEscaping {
    /// Replaces `& < > " '` with entities (as Leaf's `#(…)` does); everything else, Thai
    /// included, is left as it is. The five are ASCII, and an ASCII byte never occurs inside a
    /// multi-byte UTF-8 sequence, so a byte scan finds exactly those scalars (a quote carrying a
    /// combining mark included); text without them, as most Thai text is, is returned unchanged.
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: needsEntity) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 64)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEntity(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
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
