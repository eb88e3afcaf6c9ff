import Foundation

/// How often a checklist item needs fresh evidence (the `period` of `oit-checklist.json`).
public enum ChecklistPeriod: String, CaseIterable, Sendable, Codable, Hashable {
    /// A public item must exist now (e.g. the complaint channels, MOIT 9).
    case current
    /// One item published in the fiscal year (e.g. the annual procurement plan).
    case fiscalYear = "fiscal-year"
    /// One item in each half of the fiscal year, by each half's deadline (6- and 12-month reports).
    case halfYear = "half-year"
    /// One item in each month of the fiscal year up to now (e.g. MOIT 5's procurement summaries).
    case monthly

    public var thaiName: String {
        switch self {
        case .current: "เป็นปัจจุบัน"
        case .fiscalYear: "ปีงบประมาณละครั้ง"
        case .halfYear: "รอบ 6 เดือน"
        case .monthly: "รายเดือน"
        }
    }

    /// The period words an import accepts: the English words of the JSON format and their Thai names.
    public static func parse(_ word: String) -> ChecklistPeriod? {
        let trimmed = word.trimmingCharacters(in: .whitespaces)
        if let period = ChecklistPeriod(rawValue: trimmed.lowercased()) { return period }
        return allCases.first { $0.thaiName == trimmed }
    }
}

/// Where an item stands for its fiscal year, computed from the evidence and today's date.
public enum ChecklistStatus: String, CaseIterable, Sendable, Codable, Hashable {
    /// Nothing yet, and no deadline has passed or is near.
    case missing
    /// Everything due so far has its evidence.
    case present
    /// A deadline passed without its evidence (or a `current` item's evidence is no longer public).
    case stale
    /// The open window's deadline is within `ChecklistStatusRule.dueSoonDays` and its evidence is not there yet.
    case dueSoon

    public var thaiName: String {
        switch self {
        case .missing: "ยังไม่มีหลักฐาน"
        case .present: "ครบถ้วน"
        case .stale: "เลยกำหนด / ไม่เป็นปัจจุบัน"
        case .dueSoon: "ใกล้ถึงกำหนด"
        }
    }
}

/// A span in which one piece of evidence must be published, and its deadline.
public struct ChecklistWindow: Sendable, Hashable {
    public var opens: CalendarDate
    public var due: CalendarDate

    public init(opens: CalendarDate, due: CalendarDate) {
        self.opens = opens
        self.due = due
    }
}

/// One publication serving as evidence: the Bangkok day it was published and whether it is public now.
public struct ChecklistEvidenceFact: Sendable, Hashable {
    public var publishedOn: CalendarDate
    public var isPublicNow: Bool

    public init(publishedOn: CalendarDate, isPublicNow: Bool) {
        self.publishedOn = publishedOn
        self.isPublicNow = isPublicNow
    }
}

public struct ChecklistEvaluation: Sendable, Hashable {
    public var status: ChecklistStatus
    /// The deadline that matters now: the one missed (stale), the one near (dueSoon) or the next one.
    public var dueAt: CalendarDate?
    /// Windows that have their evidence, of all windows (nil for `current` items without due dates).
    public var coveredWindows: Int
    public var windows: Int
}

/// The status rule of a checklist item (documented in docs/compliance.md).
public enum ChecklistStatusRule {
    /// How many days before a deadline an item without its evidence is `dueSoon` (and reminders
    /// go out): 30, and 7 for monthly items (else they would be "due soon" all month long).
    public static func dueSoonDays(_ period: ChecklistPeriod) -> Int { period == .monthly ? 7 : 30 }

    /// The windows an item must fill in its fiscal year. `dueDates` replace the default deadlines
    /// (the end of the year, the end of each half) in order; monthly items are due at each month's end.
    public static func windows(_ period: ChecklistPeriod, in year: FiscalYear, dueDates: [CalendarDate]) -> [ChecklistWindow] {
        switch period {
        case .current:
            return dueDates.map { ChecklistWindow(opens: year.firstDay, due: $0) }
        case .fiscalYear:
            return [ChecklistWindow(opens: year.firstDay, due: dueDates.first ?? year.lastDay)]
        case .halfYear:
            let first = ChecklistWindow(opens: year.firstDay, due: dueDates.first ?? year.firstHalf.upperBound)
            let second = ChecklistWindow(opens: year.secondHalf.lowerBound, due: dueDates.dropFirst().first ?? year.lastDay)
            return [first, second]
        case .monthly:
            return (0..<12).map { offset in
                let start = year.firstDay.addingMonths(offset)
                return ChecklistWindow(opens: start, due: start.lastDayOfMonth)
            }
        }
    }

    public static func evaluate(
        _ period: ChecklistPeriod, in year: FiscalYear, dueDates: [CalendarDate], evidence: [ChecklistEvidenceFact], today: CalendarDate
    ) -> ChecklistEvaluation {
        let windows = windows(period, in: year, dueDates: dueDates)
        if period == .current {
            return evaluateCurrent(windows: windows, evidence: evidence, today: today)
        }
        // Each piece of evidence fills one window: the earliest open window it falls in, so one
        // report published in an overlap of two windows never counts twice.
        var covered = Array(repeating: false, count: windows.count)
        for fact in evidence.sorted(by: { $0.publishedOn < $1.publishedOn }) {
            if let index = windows.indices.first(where: { !covered[$0] && windows[$0].opens <= fact.publishedOn && fact.publishedOn <= windows[$0].due }) {
                covered[index] = true
            }
        }
        let coveredCount = covered.filter { $0 }.count
        let inYear = evidence.contains { year.firstDay <= $0.publishedOn && $0.publishedOn <= (windows.map(\.due).max() ?? year.lastDay) }
        if let missed = windows.indices.first(where: { !covered[$0] && windows[$0].due < today }) {
            return ChecklistEvaluation(status: .stale, dueAt: windows[missed].due, coveredWindows: coveredCount, windows: windows.count)
        }
        let next = windows.indices.first { !covered[$0] && windows[$0].due >= today }
        if let next, windows[next].opens <= today, today.distance(to: windows[next].due) <= dueSoonDays(period) {
            return ChecklistEvaluation(status: .dueSoon, dueAt: windows[next].due, coveredWindows: coveredCount, windows: windows.count)
        }
        return ChecklistEvaluation(
            status: inYear ? .present : .missing, dueAt: next.map { windows[$0].due }, coveredWindows: coveredCount, windows: windows.count)
    }

    private static func evaluateCurrent(windows: [ChecklistWindow], evidence: [ChecklistEvidenceFact], today: CalendarDate) -> ChecklistEvaluation {
        let live = evidence.contains(where: \.isPublicNow)
        let count = windows.count
        if live { return ChecklistEvaluation(status: .present, dueAt: nil, coveredWindows: count, windows: count) }
        if let missed = windows.first(where: { $0.due < today }) {
            return ChecklistEvaluation(status: .stale, dueAt: missed.due, coveredWindows: 0, windows: count)
        }
        if let next = windows.first(where: { $0.due >= today }), today.distance(to: next.due) <= dueSoonDays(.current) {
            return ChecklistEvaluation(status: .dueSoon, dueAt: next.due, coveredWindows: 0, windows: count)
        }
        return ChecklistEvaluation(
            status: evidence.isEmpty ? .missing : .stale, dueAt: windows.first { $0.due >= today }?.due, coveredWindows: 0, windows: count)
    }
}

/// The way integrations name an item: `MOPH-MOIT/2570/MOIT5` (framework, fiscal year, code).
public struct ChecklistItemReference: Sendable, Hashable, CustomStringConvertible {
    public var framework: String
    public var fiscalYear: Int
    public var code: String

    public init(framework: String, fiscalYear: Int, code: String) {
        self.framework = framework
        self.fiscalYear = fiscalYear
        self.code = code
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, ChecklistText.isValidFramework(parts[0]), ChecklistText.isValidCode(parts[2]),
            parts[1].count == 4, let year = Int(parts[1]), FiscalYear.inputBEYears.contains(year)
        else { return nil }
        self.init(framework: parts[0], fiscalYear: year, code: parts[2])
    }

    public var description: String { "\(framework)/\(fiscalYear)/\(code)" }
}

/// The shapes of a framework name and an item code: what a URL segment and a spreadsheet cell can hold safely.
public enum ChecklistText {
    /// Fiscal years a checklist may be for (the range: 2500–2700 BE).
    public static let fiscalYears: ClosedRange<Int> = 2500...2700

    /// `MOPH-MOIT`, `NACC-OIT`: letters, digits and dashes, 2–40 characters.
    public static func isValidFramework(_ text: String) -> Bool {
        (2...40).contains(text.count) && text.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == "-" }
            && !text.hasPrefix("-")
    }

    /// `MOIT5`, `O12`, `MOIT5.1`: letters, digits, dot, dash; 1–20 characters, starting with a letter or digit.
    public static func isValidCode(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isASCIIAlphanumeric(first), text.count <= 20 else { return false }
        return text.unicodeScalars.allSatisfy { isASCIIAlphanumeric($0) || $0 == "-" || $0 == "." }
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// Codes in their natural order: MOIT2 before MOIT10.
    public static func naturalOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.compare(rhs, options: [.numeric, .caseInsensitive]) == .orderedAscending
    }
}

extension CalendarDate {
    /// The first day of the month `months` after this date's month.
    func addingMonths(_ months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        return CalendarDate(uncheckedYear: index / 12, month: index % 12 + 1, day: 1)
    }
}
