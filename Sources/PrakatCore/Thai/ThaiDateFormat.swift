import Foundation

/// Thai month names as printed on official documents, index 0 = January.
///
/// Kept as explicit tables instead of asking `DateFormatter`: ICU data differs between
/// platforms and versions, and printed documents must come out byte-for-byte the same.
public enum ThaiMonthNames {
    public static let full: [String] = [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"
    ]

    public static let abbreviated: [String] = [
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."
    ]

    /// Full name of `month` (1…12).
    public static func full(_ month: Int) -> String { full[month - 1] }

    /// Abbreviated name of `month` (1…12), with its dots.
    public static func abbreviated(_ month: Int) -> String { abbreviated[month - 1] }
}

/// Buddhist Era years: Thai documents count years from 543 BCE.
public enum BuddhistEra {
    /// BE = CE + 543 (for the whole year: Thailand has started the BE year on 1 January since 1941).
    public static let offset = 543

    public static func year(fromChristian year: Int) -> Int { year + offset }
    public static func christianYear(fromBuddhist year: Int) -> Int { year - offset }
}

extension CalendarDate {
    /// The year in the Buddhist Era, e.g. 2569 for 2026.
    public var buddhistYear: Int { BuddhistEra.year(fromChristian: year) }
}

/// Formats dates the Thai way, with Buddhist Era years:
///
/// | style  | `.thai` digits          | `.arabic` digits       |
/// |--------|-------------------------|------------------------|
/// | long   | ๙ กุมภาพันธ์ ๒๕๖๙          | 9 กุมภาพันธ์ 2569        |
/// | short  | ๙ ก.พ. ๒๕๖๙              | 9 ก.พ. 2569             |
///
/// With `showsTime`, an instant gets the Bangkok wall-clock time appended: `9 ก.พ. 2569 14:30 น.`
/// (24-hour clock, two-digit hours and minutes, "น." for นาฬิกา).
/// Instants are always shown in Asia/Bangkok, whatever the server's time zone.
public struct ThaiDateFormat: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        /// Full month name: ๙ กุมภาพันธ์ ๒๕๖๙
        case long
        /// Abbreviated month: ๙ ก.พ. ๒๕๖๙
        case short
    }

    public var style: Style
    public var digits: ThaiDigitStyle
    /// Appends `HH:mm น.` when formatting an instant; ignored for a `CalendarDate`.
    public var showsTime: Bool

    public init(style: Style = .long, digits: ThaiDigitStyle = .thai, showsTime: Bool = false) {
        self.style = style
        self.digits = digits
        self.showsTime = showsTime
    }

    public func string(from date: CalendarDate) -> String {
        let month =
            switch style {
            case .long: ThaiMonthNames.full(date.month)
            case .short: ThaiMonthNames.abbreviated(date.month)
            }
        return digits.apply("\(date.day) \(month) \(date.buddhistYear)")
    }

    public func string(from instant: Date) -> String {
        let day = string(from: CalendarDate.bangkok(containing: instant))
        return showsTime ? "\(day) \(Self.time(instant, digits: digits))" : day
    }

    /// Bangkok wall-clock time of `instant` as `14:30 น.`.
    public static func time(_ instant: Date, digits: ThaiDigitStyle = .thai) -> String {
        let parts = Bangkok.calendar.dateComponents([.hour, .minute], from: instant)
        let hour = (parts.hour ?? 0).zeroPadded(2)
        let minute = (parts.minute ?? 0).zeroPadded(2)
        return digits.apply("\(hour):\(minute) น.")
    }

    // MARK: Shorthands

    /// `๙ กุมภาพันธ์ ๒๕๖๙`
    public static func long(_ date: CalendarDate, digits: ThaiDigitStyle = .thai) -> String {
        ThaiDateFormat(style: .long, digits: digits).string(from: date)
    }

    /// `๙ ก.พ. ๒๕๖๙`
    public static func short(_ date: CalendarDate, digits: ThaiDigitStyle = .thai) -> String {
        ThaiDateFormat(style: .short, digits: digits).string(from: date)
    }

    /// `๙ กุมภาพันธ์ ๒๕๖๙` (Bangkok day), optionally followed by `๑๔:๓๐ น.`
    public static func long(_ instant: Date, digits: ThaiDigitStyle = .thai, showsTime: Bool = false) -> String {
        ThaiDateFormat(style: .long, digits: digits, showsTime: showsTime).string(from: instant)
    }

    /// `๙ ก.พ. ๒๕๖๙` (Bangkok day), optionally followed by `๑๔:๓๐ น.`
    public static func short(_ instant: Date, digits: ThaiDigitStyle = .thai, showsTime: Bool = false) -> String {
        ThaiDateFormat(style: .short, digits: digits, showsTime: showsTime).string(from: instant)
    }
}
