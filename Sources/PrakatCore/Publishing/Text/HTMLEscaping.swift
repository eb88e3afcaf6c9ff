/// Escaping for HTML text and double- or single-quoted attribute values.
public enum HTMLEscaping {
    /// Replaces `& < > " '` with entities; everything else, Thai included, is left as it is.
    public static func escape(_ s: String) -> String {
        s.replacingScalars(entities)
    }

    private static let entities: [Unicode.Scalar: String] = [
        "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"
    ]
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
