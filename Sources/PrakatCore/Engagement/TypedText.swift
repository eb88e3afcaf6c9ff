import Foundation

/// What a person typed into a text field of a public form or the API (a question, a citizen's
/// request, a reply, a comment), as stored, or why it cannot be. One rule for every engagement
/// form, so that what `Resources/openapi.json` states holds for all of them.
public enum TypedText {
    public enum Problem: Error, Equatable, Sendable {
        case empty, tooLong(Int), controlCharacters
    }

    /// The text as stored, or why it cannot be. Forms post line breaks as CR LF: with
    /// `formLineBreaks` CR LF and a lone CR become LF first (the API takes the text as sent, so a CR
    /// there is a control character). Then, in this order, which is what `Resources/openapi.json`
    /// states: more than `limit` code points; a control character other than tab (and, when
    /// `multiline`, LF), a line or paragraph separator or a bidi override; nothing but whitespace.
    /// The text is stored trimmed, tabs as spaces.
    public static func clean(_ raw: String?, limit: Int, multiline: Bool, formLineBreaks: Bool = true) -> Result<String, Problem> {
        var value = raw ?? ""
        if formLineBreaks { value = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        if value.unicodeScalars.count > limit { return .failure(.tooLong(limit)) }
        if value.unicodeScalars.contains(where: { isRefused($0, multiline: multiline) }) { return .failure(.controlCharacters) }
        let trimmed = value.replacingOccurrences(of: "\t", with: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? .failure(.empty) : .success(trimmed)
    }

    static func isRefused(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        if scalar == "\t" || (multiline && scalar == "\n") { return false }
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value)
    }
}
