import Foundation

/// Timestamps in the fixed English forms that feeds, sitemaps and HTTP headers require: the one
/// place Prakat writes or reads them.
///
/// Computed with integer arithmetic from the Unix time (via `CalendarDate`), so the result never
/// depends on the machine's locale, time zone or ICU version. Fractions of a second are dropped.
public enum InternetDate {
    /// RFC 822 / RFC 1123 in GMT, as RSS 2.0 wants it, and HTTP's IMF-fixdate (`Last-Modified`):
    /// `Mon, 09 Feb 2026 03:00:00 GMT`.
    public static func rfc822(_ date: Date) -> String {
        let t = Parts(date)
        return "\(weekdays[t.day.weekdayIndex]), \(t.day.day.zeroPadded(2)) \(months[t.day.month - 1]) "
            + "\(t.day.year.zeroPadded(4)) \(t.clock) GMT"
    }

    /// The years an HTTP date from a request may name; anything else is no date at all.
    public static let httpYears: ClosedRange<Int> = 1900...9999

    /// An IMF-fixdate from a request header (`If-Modified-Since`), or nil. Every number is
    /// range-checked and the instant is computed here, so no header value reaches Foundation's
    /// calendar. The weekday and zone name are not checked: the numbers say the instant.
    public static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3]), httpYears.contains(year),
            let date = CalendarDate(year: year, month: month + 1, day: day)
        else { return nil }
        let time = parts[4].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard time.count == 3, let hour = time[0], let minute = time[1], let second = time[2],
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let epoch = CalendarDate(uncheckedYear: 1970, month: 1, day: 1).ordinal
        let seconds = (date.ordinal - epoch) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// RFC 3339 in UTC, as Atom wants it and as sitemaps' W3C datetime allows:
    /// `2026-02-09T03:00:00Z`.
    public static func rfc3339(_ date: Date) -> String {
        let t = Parts(date)
        return "\(t.day.iso)T\(t.clock)Z"
    }

    /// RFC 3339 in UTC with milliseconds, cut (not rounded) as Foundation's ISO 8601 style cuts
    /// them (the traffic log's time):
    /// `2026-02-09T03:00:00.123Z`. Written here, not by a formatter: it runs for every request.
    public static func rfc3339Milliseconds(_ date: Date) -> String {
        // Counted from 2001 as Date keeps it, so the cut falls where Foundation's does.
        let reference = date.timeIntervalSinceReferenceDate
        guard reference.isFinite else { return rfc3339(date) }
        let whole = reference.rounded(.down)
        let fraction = ((reference - whole) * 1000).rounded(.down)
        let t = Parts(Date(timeIntervalSinceReferenceDate: whole))
        let shown = fraction >= 0 && fraction < 1000 ? Int(fraction) : 0
        return "\(t.day.iso)T\(t.clock).\(shown.zeroPadded(3))Z"
    }

    /// The UTC calendar day of an instant, `2026-02-09`.
    public static func utcDay(_ date: Date) -> String {
        Parts(date).day.iso
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
