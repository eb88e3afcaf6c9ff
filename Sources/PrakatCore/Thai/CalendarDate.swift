import Foundation

/// A civil date in the proleptic Gregorian calendar (no time, no time zone).
///
/// Deadlines, fiscal years and "published on" dates are days, not instants; keeping them as a
/// separate type stops a UTC `Date` from silently landing on the wrong Bangkok day.
/// Years are Christian Era; the Buddhist Era only appears when formatting (`ThaiDateFormat`).
public struct CalendarDate: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Four-digit years only, so that `iso` is always exactly `YYYY-MM-DD`.
    public static let supportedYears: ClosedRange<Int> = 1...9999

    /// Returns nil for dates that do not exist (2025-02-30, 2026-13-01, 2025-02-29 …).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (ASCII digits). For user input use `ThaiDateParser`.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let y = Self.decimal(bytes[0..<4]), let m = Self.decimal(bytes[5..<7]),
            let d = Self.decimal(bytes[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DD`, the storage and API form.
    public var iso: String {
        "\(year.zeroPadded(4))-\(month.zeroPadded(2))-\(day.zeroPadded(2))"
    }

    public var description: String { iso }

    /// The date `days` days later (earlier when negative).
    /// Traps when leaving `supportedYears`, like integer overflow: that is a programming error.
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(ordinal: ordinal + days)
    }

    /// The first day of this date's month.
    public var firstDayOfMonth: CalendarDate { CalendarDate(uncheckedYear: year, month: month, day: 1) }

    /// The last day of this date's month (28, 29, 30 or 31).
    public var lastDayOfMonth: CalendarDate {
        CalendarDate(uncheckedYear: year, month: month, day: Self.daysInMonth(year: year, month: month))
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: Day arithmetic

    /// Memberwise init for values already known to be valid.
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Day number counted from 0001-01-01 = 1. Pure integer arithmetic, so date maths never
    /// depends on the process time zone or on Foundation's calendar tables.
    var ordinal: Int {
        let y = year - 1
        return 365 * y + y / 4 - y / 100 + y / 400 + Self.daysBefore(month: month, year: year) + day
    }

    init(ordinal: Int) {
        let first = CalendarDate(uncheckedYear: 1, month: 1, day: 1).ordinal
        let last = CalendarDate(uncheckedYear: 9999, month: 12, day: 31).ordinal
        precondition((first...last).contains(ordinal), "CalendarDate out of range 0001…9999")
        // 146097 days per 400 years: the estimate is at most one year off either way.
        var year = max(1, min(9999, ordinal * 400 / 146_097))
        while year < 9999, Self.ordinalOfNewYear(year + 1) <= ordinal { year += 1 }
        while Self.ordinalOfNewYear(year) > ordinal { year -= 1 }
        var month = 12
        while CalendarDate(uncheckedYear: year, month: month, day: 1).ordinal > ordinal { month -= 1 }
        let day = ordinal - CalendarDate(uncheckedYear: year, month: month, day: 1).ordinal + 1
        self.init(uncheckedYear: year, month: month, day: day)
    }

    private static func ordinalOfNewYear(_ year: Int) -> Int {
        CalendarDate(uncheckedYear: year, month: 1, day: 1).ordinal
    }

    private static func daysBefore(month: Int, year: Int) -> Int {
        (1..<month).reduce(0) { $0 + daysInMonth(year: year, month: $1) }
    }

    private static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

extension CalendarDate: Comparable {
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Strideable so that `firstDay...lastDay` can be iterated day by day and
/// `a.distance(to: b)` counts days.
extension CalendarDate: Strideable {
    public func distance(to other: CalendarDate) -> Int { other.ordinal - ordinal }
    public func advanced(by n: Int) -> CalendarDate { adding(days: n) }
}

/// Encoded as the string `YYYY-MM-DD`, the same form as `iso`.
extension CalendarDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected a valid date as YYYY-MM-DD, got \"\(text)\"")
        }
        // Decoded values come from forms, the API and imports: keep them where date arithmetic is total.
        guard date.isWithinInputRange else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Dates must lie in \(CalendarDate.inputYears), got \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

// MARK: - What people may enter

extension CalendarDate {
    /// The years a form, the API or an import may name: 1900–2199 (พ.ศ. 2443–2742). Every date
    /// from outside is checked against this before any date arithmetic, so fiscal years,
    /// quarters and day counts of accepted input can never leave their ranges (and trap).
    public static let inputYears: ClosedRange<Int> = 1900...2199

    public var isWithinInputRange: Bool { Self.inputYears.contains(year) }

    /// What a person typed or an integration sent: `YYYY-MM-DD` or a Thai date
    /// (`ThaiDateParser`), kept only within `inputYears`.
    public static func parseInput(_ text: String) -> CalendarDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let date = CalendarDate(iso: trimmed) ?? ThaiDateParser.parse(trimmed), date.isWithinInputRange else { return nil }
        return date
    }

    /// The first and the exclusive last instant of `inputYears` in Bangkok.
    public static let inputInstants: Range<Date> =
        CalendarDate(uncheckedYear: inputYears.lowerBound, month: 1, day: 1)
        .startInBangkok..<CalendarDate(uncheckedYear: inputYears.upperBound + 1, month: 1, day: 1).startInBangkok
}

extension Date {
    /// Whether this instant falls in `CalendarDate.inputYears` (Bangkok time): check every
    /// timestamp that arrives in a request before deriving days or fiscal years from it.
    public var isWithinInputRange: Bool { CalendarDate.inputInstants.contains(self) }
}

// MARK: - Bangkok time

/// The agency's wall clock. Display and "end of day" rules use Bangkok time, never the server's
/// process time zone, so these are configured explicitly instead of using `.current`.
public enum Bangkok {
    /// Asia/Bangkok. Thailand has been UTC+7 without daylight saving since 1920, so the fixed
    /// offset is an exact fallback should the time-zone database be missing on a server.
    public static let timeZone: TimeZone =
        TimeZone(identifier: "Asia/Bangkok") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// A Gregorian calendar pinned to Bangkok and a POSIX locale (the locale must not matter,
    /// pinning it makes sure of that).
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.locale = Locale(identifier: "en_US_POSIX")
        return calendar
    }()
}

extension CalendarDate {
    /// The Bangkok calendar day that contains `instant`.
    public static func bangkok(containing instant: Date) -> CalendarDate {
        let parts = Bangkok.calendar.dateComponents([.year, .month, .day], from: instant)
        guard let year = parts.year, let month = parts.month, let day = parts.day,
            let date = CalendarDate(year: year, month: month, day: day)
        else { preconditionFailure("\(instant) is outside the supported calendar range") }
        return date
    }

    /// The instant 00:00 of this day in Bangkok (17:00 UTC on the previous day).
    public var startInBangkok: Date {
        let parts = DateComponents(year: year, month: month, day: day)
        guard let start = Bangkok.calendar.date(from: parts) else {
            preconditionFailure("Cannot convert \(iso) to an instant")
        }
        return start
    }

    /// The first instant *after* this day in Bangkok: use it as an exclusive upper bound
    /// (`instant < endInBangkok`), which has no "23:59:59.999" rounding gap.
    public var endInBangkok: Date { adding(days: 1).startInBangkok }
}

extension Int {
    /// Decimal digits, left-padded with zeros to `width`; locale-independent, unlike `String(format:)`.
    func zeroPadded(_ width: Int) -> String {
        let digits = String(magnitude)
        let padding = String(repeating: "0", count: Swift.max(0, width - digits.count))
        return (self < 0 ? "-" : "") + padding + digits
    }
}
