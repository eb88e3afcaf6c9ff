import Foundation

/// The currency rules of seed 1 §3.2: the webmaster checks that every published item is still
/// current, takes down what reached its end, and looks again at items that have no end.
public enum CurrencyRules {
    /// The two look-ahead windows of the desk: ending within 7 days, and within 30 days.
    public enum EndingWindow: Int, CaseIterable, Sendable, Comparable {
        case week = 7
        case month = 30

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The window an item ending at `expireAt` falls in (nil: no end, already ended, or further away).
    public static func window(expireAt: Date?, now: Date) -> EndingWindow? {
        guard let expireAt, expireAt > now else { return nil }
        let seconds = expireAt.timeIntervalSince(now)
        return EndingWindow.allCases.first { seconds <= Double($0.rawValue) * 86_400 }
    }

    /// Review intervals a webmaster may set, in days (blank means the category is never stale).
    public static let intervalRange = 1...3650

    /// The interval a default category starts with: news-like categories (short-lived by nature,
    /// they carry an end of publication or simply age) never become stale; reference pages
    /// (about the agency, laws, manuals, OIA information) are looked at again once a year.
    public static func defaultInterval(forSlug slug: String) -> Int? {
        switch slug {
        case "news", "activities", "alerts", "announcements", "jobs", "procurement", "procurement-results": nil
        case "statistics-satisfaction", "e-service": nil
        // Plans and budgets change with the fiscal year (OIA §9(3)); statistics go out of date quickly.
        case "action-plan", "projects-budget", "performance-reports", "statistics": 365
        default: 365
        }
    }

    /// When an item with no end was last looked at: its publication, its last revision or the
    /// last "still current" stamp, whichever is latest.
    public static func lastTouched(publishedAt: Date, updatedAt: Date, reviewedAt: Date?) -> Date {
        max(publishedAt, updatedAt, reviewedAt ?? .distantPast)
    }

    /// Whole days an evergreen item is overdue for review (nil: not due, or the category has no interval).
    public static func overdueDays(lastTouched: Date, intervalDays: Int?, now: Date) -> Int? {
        guard let intervalDays, intervalRange.contains(intervalDays) else { return nil }
        let due = lastTouched.addingTimeInterval(Double(intervalDays) * 86_400)
        guard due <= now else { return nil }
        return Int(now.timeIntervalSince(due) / 86_400)
    }

    /// A review interval as typed on the category form: blank is none; otherwise whole days in range.
    public static func parseInterval(_ text: String?) -> Result<Int?, IntervalProblem> {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .success(nil) }
        guard trimmed.count <= 5, trimmed.allSatisfy(\.isASCII), let days = Int(trimmed), intervalRange.contains(days) else {
            return .failure(.outOfRange)
        }
        return .success(days)
    }

    public enum IntervalProblem: Error, Sendable, Equatable {
        case outOfRange
        public var message: String { "รอบการทบทวนต้องเป็นจำนวนวัน 1–3650 (เว้นว่าง = ไม่ต้องทบทวน)" }
    }
}
