import Foundation

/// Header fields as RFC 5322 and RFC 2047 want them, built so that no input can end a field
/// early: every control character (CR and LF among them) becomes a space before anything
/// else happens, and text that is not plain ASCII is carried in encoded-words, which hold
/// only base64.
enum MIMEHeader {
    /// RFC 2047 §2: an encoded-word is at most 75 characters.
    static let maximumEncodedWordLength = 75
    /// RFC 2047 §2: a line of a field that holds encoded-words is at most 76 characters.
    static let maximumEncodedLineLength = 76
    /// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters.
    static let maximumLineLength = 78

    /// One field, folded: `Name: value` with continuation lines that start with a space,
    /// joined with CRLF (no CRLF at the end).
    static func field(_ name: String, text: String) -> String {
        let clean = sanitized(text)
        let prefix = name + ":"
        if needsEncoding(clean) {
            return fold(prefix: prefix, tokens: encodedWords(clean, firstLineBudget: maximumEncodedLineLength - prefix.count - 1), limit: maximumEncodedLineLength)
        }
        return fold(prefix: prefix, tokens: clean.split(separator: " ").map(String.init), limit: maximumLineLength)
    }

    /// `Name: display name <address>`, or `Name: address` without a display name.
    static func field(_ name: String, address: EmailAddress, displayName: String?) -> String {
        let prefix = name + ":"
        let display = displayName.map(sanitized) ?? ""
        guard !display.isEmpty else { return prefix + " " + address.value }
        let bracketed = "<" + address.value + ">"
        // Plain words (letters, digits, spaces) may stand as they are; anything else would need
        // quoting rules, so it is encoded instead.
        if !needsEncoding(display), display.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") }) {
            return fold(prefix: prefix, tokens: display.split(separator: " ").map(String.init) + [bracketed], limit: maximumLineLength)
        }
        let words = encodedWords(display, firstLineBudget: maximumEncodedLineLength - prefix.count - 1)
        return fold(prefix: prefix, tokens: words + [bracketed], limit: maximumEncodedLineLength)
    }

    /// Control characters (C0, DEL, C1, and the line and paragraph separators U+2028/U+2029)
    /// become spaces; runs of spaces become one; the ends are trimmed.
    static func sanitized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let isSpace = scalar == " " || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
            if isSpace {
                if !lastWasSpace { scalars.append(" ") }
            } else {
                scalars.append(scalar)
            }
            lastWasSpace = isSpace
        }
        var result = String(scalars)
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// Plain ASCII text stays readable in the header; anything else, text that would read as
    /// an encoded-word itself ("=?"), and words too long to fold are encoded.
    static func needsEncoding(_ text: String) -> Bool {
        !text.allSatisfy(\.isASCII) || text.contains("=?")
            || text.split(separator: " ").contains { $0.count > maximumLineLength - 20 }
    }

    /// `=?UTF-8?B?…?=` words covering `text`, each at most 75 characters (the first at most
    /// `firstLineBudget`, so that it fits after the field name). Words end only between
    /// characters (grapheme clusters), so a Thai consonant keeps its vowel and tone marks even
    /// in a reader that decodes each word on its own; a cluster too long for one word is split
    /// between Unicode scalars, never inside a UTF-8 sequence.
    static func encodedWords(_ text: String, firstLineBudget: Int) -> [String] {
        let overhead = "=?UTF-8?B?".count + "?=".count
        func byteBudget(_ length: Int) -> Int { max(3, (length - overhead) / 4 * 3) }
        var words: [String] = []
        var current: [UInt8] = []
        var budget = byteBudget(min(firstLineBudget, maximumEncodedWordLength))
        func flush() {
            guard !current.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(current).base64EncodedString() + "?=")
            current = []
            budget = byteBudget(maximumEncodedWordLength)
        }
        func append(_ bytes: [UInt8]) {
            if current.count + bytes.count > budget { flush() }
            current += bytes
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count <= byteBudget(maximumEncodedWordLength) {
                append(bytes)
            } else {
                for scalar in character.unicodeScalars { append(Array(String(scalar).utf8)) }
            }
        }
        flush()
        return words
    }

    /// `prefix token token …`, a new line (starting with a space) before a token that would
    /// make the line longer than `limit`. A token longer than the limit stands on a line alone.
    static func fold(prefix: String, tokens: [String], limit: Int) -> String {
        var lines: [String] = []
        var line = prefix
        var lineHasToken = false
        for token in tokens {
            if lineHasToken, line.count + 1 + token.count > limit {
                lines.append(line)
                line = " " + token
            } else {
                line += " " + token
            }
            lineHasToken = true
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }
}
