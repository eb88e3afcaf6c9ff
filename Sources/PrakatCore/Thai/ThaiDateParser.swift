/// Why a typed date was not accepted.
public enum ThaiDateParseError: Error, Sendable, Hashable {
    /// Nothing but spaces.
    case empty
    /// Not one of the accepted shapes (see `ThaiDateParser`).
    case unrecognizedFormat
    /// A word in the month position that is not a Thai month name.
    case unknownMonth(String)
    /// A year that is neither Buddhist (≥ 2400), Christian (1900…2399) nor two digits.
    case yearOutOfRange(Int)
    /// "พ.ศ." written before a Christian-Era year or "ค.ศ." before a Buddhist-Era one.
    case eraMismatch(year: Int)
    /// Well-formed but not a real date, e.g. 30 ก.พ. or 31/04 (year in Christian Era).
    case invalidDate(year: Int, month: Int, day: Int)
}

/// Reads dates the way Thai users type them.
///
/// Accepted, with Thai or Arabic digits, any amount of spacing, an optional leading "วันที่",
/// an optional "เดือน" before the month name and an optional "พ.ศ."/"ค.ศ." before the year:
///
/// - day, month name, year: `9 ก.พ. 2569`, `๙ กุมภาพันธ์ ๒๕๖๙`, `9 กพ 69`, `9 กุมภา 2569`,
///   `วันที่ ๑๑ เดือน ธันวาคม พ.ศ. ๒๕๖๗`;
/// - day/month/year (separator `/`, `-` or `.`): `09/02/2569`, `9/2/69`, `9-2-2026`;
/// - year first, when the first number has four digits: `2569-02-09`, `2026-02-09`.
///
/// Years, so that no date is ever shifted by 543 twice:
/// - four digits ≥ 2400 are Buddhist Era and converted (2569 → 2026);
/// - four digits 1900…2399 are Christian Era and kept (2026 → 2026);
/// - two digits are the short Buddhist year everybody writes on forms: 69 → 2569 → 2026
///   (so `9/2/26` means 2526 = 1983, never 2026);
/// - anything else is rejected rather than guessed.
public enum ThaiDateParser {
    /// The parsed date, or nil when `text` is not an acceptable date.
    public static func parse(_ text: String) -> CalendarDate? {
        try? parseOrThrow(text)
    }

    /// Like `parse`, but says why the text was rejected, for a helpful message.
    public static func parseOrThrow(_ text: String) throws(ThaiDateParseError) -> CalendarDate {
        guard var tokens = tokenize(ThaiDigits.toArabic(text)) else { throw .unrecognizedFormat }
        if tokens.isEmpty { throw .empty }

        // Strip the optional words, remembering an explicit era.
        var era: Era?
        tokens = tokens.compactMap { token in
            guard case .word(var word) = token else { return token }
            if let (marker, rest) = Era.split(word) {
                era = marker
                word = rest
            }
            if word.hasPrefix("เดือน") { word.removeFirst("เดือน".count) }
            return word.isEmpty || ignoredWords.contains(word) ? nil : .word(word)
        }
        tokens = mergingAdjacentWords(tokens)

        guard tokens.count == 3 else { throw .unrecognizedFormat }
        switch (tokens[0], tokens[1], tokens[2]) {
        case let (.number(day), .word(monthName), .number(year)):
            guard let month = monthsByName[monthName] else { throw .unknownMonth(monthName) }
            return try makeDate(year: year, month: month, day: day, era: era)
        case let (.number(first), .number(month), .number(last)) where first.digits.count == 4:
            return try makeDate(year: first, month: month.dayOrMonth, day: last, era: era)
        case let (.number(day), .number(month), .number(year)):
            return try makeDate(year: year, month: month.dayOrMonth, day: day, era: era)
        default:
            throw .unrecognizedFormat
        }
    }

    // MARK: - Tokens

    private struct Number: Equatable {
        let digits: Substring
        /// Nil for absurdly long digit runs instead of overflowing.
        var value: Int? { digits.count <= 5 ? Int(digits) : nil }
        /// Days and months are written with one or two digits.
        var dayOrMonth: Int? { digits.count <= 2 ? value : nil }
    }

    private enum Token: Equatable {
        case number(Number)
        /// Letters with dots and inner spaces removed: "ก.พ." → "กพ".
        case word(String)
    }

    private enum Era {
        case buddhist, christian

        /// Finds "พศ"/"คศ" (dots already removed) as a word or glued to the end of the
        /// month name ("ธันวาคมพ.ศ."), returning the era and what precedes the marker.
        static func split(_ word: String) -> (Era, String)? {
            for (marker, era) in [("พศ", Era.buddhist), ("คศ", Era.christian)] where word.hasSuffix(marker) {
                return (era, String(word.dropLast(marker.count)))
            }
            return nil
        }
    }

    /// Words users add around a date that carry no information.
    private static let ignoredWords: Set<String> = ["วันที่", "ที่", "วัน", "เดือน", "ปี", "ณ"]

    /// Splits into digit runs and letter runs. Spaces (including the zero-width space that Thai
    /// word processors insert between words), `/`, `-`, `,` separate tokens; a dot
    /// separates numbers ("9.2.2569") but belongs to a word ("ก.พ."), where it is dropped.
    /// Any other symbol makes the whole text unrecognisable (nil).
    private static func tokenize(_ text: String) -> [Token]? {
        var tokens: [Token] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isASCII, character.isNumber {
                let end = text[index...].firstIndex { !($0.isASCII && $0.isNumber) } ?? text.endIndex
                tokens.append(.number(Number(digits: text[index..<end])))
                index = end
            } else if character.isLetter {
                let end = text[index...].firstIndex { !($0.isLetter || $0 == ".") } ?? text.endIndex
                let word = text[index..<end].filter { $0 != "." }
                tokens.append(.word(String(word)))
                index = end
            } else if character.isWhitespace || "/-.,\u{200B}\u{FEFF}".contains(character) {
                index = text.index(after: index)
            } else {
                return nil
            }
        }
        return tokens
    }

    /// "ก. พ." arrives as two words; month names never contain spaces, so join them.
    private static func mergingAdjacentWords(_ tokens: [Token]) -> [Token] {
        var merged: [Token] = []
        for token in tokens {
            if case .word(let next) = token, case .word(let previous)? = merged.last {
                merged[merged.count - 1] = .word(previous + next)
            } else {
                merged.append(token)
            }
        }
        return merged
    }

    // MARK: - Months

    /// Full names, abbreviations without dots and the clipped forms used in speech
    /// ("กุมภา", "ธันวา"), all mapped to month numbers.
    private static let monthsByName: [String: Int] = {
        let clipped = [
            "มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา",
            "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา"
        ]
        var table: [String: Int] = [:]
        for month in 1...12 {
            table[ThaiMonthNames.full(month)] = month
            table[ThaiMonthNames.abbreviated(month).filter { $0 != "." }] = month
            table[clipped[month - 1]] = month
        }
        return table
    }()

    // MARK: - Years

    private static func makeDate(
        year: Number, month: Int?, day: Number, era: Era?
    )
        throws(ThaiDateParseError) -> CalendarDate
    {
        guard let month, let day = day.dayOrMonth else { throw .unrecognizedFormat }
        let christianYear = try christianYear(year, era: era)
        guard let date = CalendarDate(year: christianYear, month: month, day: day) else {
            throw .invalidDate(year: christianYear, month: month, day: day)
        }
        return date
    }

    /// The one place where the era is decided (see the type's documentation).
    private static func christianYear(_ year: Number, era: Era?) throws(ThaiDateParseError) -> Int {
        guard let value = year.value else { throw .unrecognizedFormat }
        switch year.digits.count {
        case 2:
            if era == .christian { throw .eraMismatch(year: value) }
            return BuddhistEra.christianYear(fromBuddhist: 2500 + value)
        case 4 where value >= 2400:
            if era == .christian { throw .eraMismatch(year: value) }
            return BuddhistEra.christianYear(fromBuddhist: value)
        case 4 where value >= 1900:
            if era == .buddhist { throw .eraMismatch(year: value) }
            return value
        default:
            throw .yearOutOfRange(value)
        }
    }
}
