import Foundation

/// Timestamps in the fixed English forms that feeds, sitemaps and HTTP headers require.
///
/// Computed with integer arithmetic from the Unix time (via `CalendarDate`), so the result never
/// depends on the machine's locale, time zone or ICU version. Fractions of a second are dropped.
public enum InternetDate {
    /// RFC 822 / RFC 1123 in GMT, as RSS 2.0 wants it (and HTTP's IMF-fixdate):
    /// `Mon, 09 Feb 2026 03:00:00 GMT`.
    public static func rfc822(_ date: Date) -> String {
        let t = Parts(date)
        return "\(weekdays[t.day.weekdayIndex]), \(t.day.day.zeroPadded(2)) \(months[t.day.month - 1]) "
            + "\(t.day.year.zeroPadded(4)) \(t.clock) GMT"
    }

    /// RFC 3339 in UTC, as Atom wants it and as sitemaps' W3C datetime allows:
    /// `2026-02-09T03:00:00Z`.
    public static func rfc3339(_ date: Date) -> String {
        let t = Parts(date)
        return "\(t.day.iso)T\(t.clock)Z"
    }

    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The UTC calendar day and `HH:mm:ss` of an instant.
    private struct Parts {
        let day: CalendarDate
        let clock: String

        init(_ date: Date) {
            // Clamp to the years CalendarDate supports instead of trapping on Date.distantFuture-like values.
            let first = CalendarDate(uncheckedYear: 1, month: 1, day: 1).ordinal
            let last = CalendarDate(uncheckedYear: 9999, month: 12, day: 31).ordinal
            let epoch = CalendarDate(uncheckedYear: 1970, month: 1, day: 1).ordinal
            let seconds = date.timeIntervalSince1970.rounded(.down)
            let lowest = Double(first - epoch) * 86_400
            let highest = Double(last - epoch + 1) * 86_400 - 1
            let clamped = Int(seconds.isNaN ? 0 : min(max(seconds, lowest), highest))
            let (days, secondOfDay) = clamped.floorDivided(by: 86_400)
            day = CalendarDate(ordinal: epoch + days)
            clock = "\((secondOfDay / 3600).zeroPadded(2)):\((secondOfDay / 60 % 60).zeroPadded(2)):\((secondOfDay % 60).zeroPadded(2))"
        }
    }
}

extension CalendarDate {
    /// 0 = Monday … 6 = Sunday. Day 1 of the proleptic Gregorian calendar (0001-01-01) was a Monday.
    var weekdayIndex: Int { (ordinal - 1) % 7 }
}

extension Int {
    /// Quotient rounded towards minus infinity and a remainder that is never negative.
    fileprivate func floorDivided(by divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = ((self % divisor) + divisor) % divisor
        return ((self - remainder) / divisor, remainder)
    }
}
