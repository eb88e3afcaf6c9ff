import Foundation

/// A Thai government fiscal year (ปีงบประมาณ): 1 October – 30 September, named by the
/// Buddhist-Era year in which it ends. FY 2569 = 2025-10-01 … 2026-09-30.
///
/// Budgets, ITA checklists and progress reports are all filed per fiscal year, so this type,
/// not a calendar year, is the key for them.
public struct FiscalYear: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The Buddhist-Era year the fiscal year ends in, e.g. 2569.
    public let beYear: Int

    /// Years whose first and last days are representable as `CalendarDate`s
    /// with Buddhist-Era names; a wider range than any real use.
    public static let supportedBEYears: ClosedRange<Int> = 2400...9999

    /// The fiscal years a form or the API may name (พ.ศ. 2400–2700); everything derived from
    /// them (first and last days, quarters, rounds, neighbours) stays inside `supportedBEYears`.
    public static let inputBEYears: ClosedRange<Int> = 2400...2700

    /// Traps outside `supportedBEYears` (a programming error); use `init?(validatingBEYear:)` for input.
    public init(beYear: Int) {
        precondition(Self.supportedBEYears.contains(beYear), "Fiscal year \(beYear) out of range")
        self.beYear = beYear
    }

    /// For untrusted input: nil outside `supportedBEYears`.
    public init?(validatingBEYear beYear: Int) {
        guard Self.supportedBEYears.contains(beYear) else { return nil }
        self.beYear = beYear
    }

    /// The fiscal year containing `date`: October–December belong to the next year's budget.
    public static func containing(_ date: CalendarDate) -> FiscalYear {
        let endYear = date.month >= 10 ? date.year + 1 : date.year
        return FiscalYear(beYear: BuddhistEra.year(fromChristian: endYear))
    }

    /// The fiscal year of the Bangkok day containing `instant`
    /// (30 Sep 2026 23:59 in Bangkok = 16:59Z is still FY 2569; 17:00Z is FY 2570).
    public static func containing(_ instant: Date) -> FiscalYear {
        containing(CalendarDate.bangkok(containing: instant))
    }

    /// The Christian-Era year the fiscal year ends in (2026 for FY 2569).
    public var endYear: Int { BuddhistEra.christianYear(fromBuddhist: beYear) }

    /// 1 October of the previous calendar year.
    public var firstDay: CalendarDate { CalendarDate(uncheckedYear: endYear - 1, month: 10, day: 1) }

    /// 30 September.
    public var lastDay: CalendarDate { CalendarDate(uncheckedYear: endYear, month: 9, day: 30) }

    public func contains(_ date: CalendarDate) -> Bool { (firstDay...lastDay).contains(date) }

    public var previous: FiscalYear { FiscalYear(beYear: beYear - 1) }
    public var next: FiscalYear { FiscalYear(beYear: beYear + 1) }

    /// Q1 … Q4 in order.
    public var quarters: [FiscalQuarter] {
        (1...4).map { FiscalQuarter(uncheckedFiscalYear: self, number: $0) }
    }

    /// The quarter of this fiscal year containing `date`, or nil if `date` is in another year.
    public func quarter(of date: CalendarDate) -> FiscalQuarter? {
        contains(date) ? FiscalQuarter.containing(date) : nil
    }

    /// The last day of the `months`-th month of the fiscal year, the cut-off of a progress
    /// report "รอบ 6/9/12 เดือน": FY 2569 → 6: 2026-03-31, 9: 2026-06-30, 12: 2026-09-30.
    /// Any 1…12 works (3 = end of Q1); traps otherwise.
    public func monthsElapsedEnd(months: Int) -> CalendarDate {
        precondition((1...12).contains(months), "A fiscal year has 12 months, not \(months)")
        let monthIndex = 9 + months - 1  // 0-based months counted from January of `endYear - 1`
        let first = CalendarDate(uncheckedYear: endYear - 1 + monthIndex / 12, month: monthIndex % 12 + 1, day: 1)
        return first.lastDayOfMonth
    }

    /// The first half (Q1 + Q2, October – March), reported in the 6-month round.
    public var firstHalf: ClosedRange<CalendarDate> { firstDay...monthsElapsedEnd(months: 6) }

    /// The second half (Q3 + Q4, April – September).
    public var secondHalf: ClosedRange<CalendarDate> { monthsElapsedEnd(months: 6).adding(days: 1)...lastDay }

    /// `ปีงบประมาณ พ.ศ. ๒๕๖๙`
    public func label(digits: ThaiDigitStyle = .thai) -> String {
        digits.apply("ปีงบประมาณ พ.ศ. \(beYear)")
    }

    public var description: String { "FY\(beYear)" }

    public static func < (lhs: FiscalYear, rhs: FiscalYear) -> Bool { lhs.beYear < rhs.beYear }
}

/// Encoded as the bare Buddhist-Era number (`2569`), the way people name it.
extension FiscalYear: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Int.self)
        // Decoded values come from the API and from forms: only the years people may name.
        guard FiscalYear.inputBEYears.contains(value), let year = FiscalYear(validatingBEYear: value) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Fiscal year \(value) out of range \(FiscalYear.inputBEYears)")
        }
        self = year
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(beYear)
    }
}

/// A quarter of a fiscal year: Q1 = Oct–Dec, Q2 = Jan–Mar, Q3 = Apr–Jun, Q4 = Jul–Sep.
public struct FiscalQuarter: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let fiscalYear: FiscalYear
    /// 1…4
    public let number: Int

    public init?(fiscalYear: FiscalYear, number: Int) {
        guard (1...4).contains(number) else { return nil }
        self.init(uncheckedFiscalYear: fiscalYear, number: number)
    }

    init(uncheckedFiscalYear fiscalYear: FiscalYear, number: Int) {
        self.fiscalYear = fiscalYear
        self.number = number
    }

    public static func containing(_ date: CalendarDate) -> FiscalQuarter {
        // October → 0, …, September → 11; three months per quarter.
        let monthInFiscalYear = (date.month + 2) % 12
        return FiscalQuarter(uncheckedFiscalYear: .containing(date), number: monthInFiscalYear / 3 + 1)
    }

    /// The quarter of the Bangkok day containing `instant`.
    public static func containing(_ instant: Date) -> FiscalQuarter {
        containing(CalendarDate.bangkok(containing: instant))
    }

    public var firstDay: CalendarDate {
        fiscalYear.monthsElapsedEnd(months: 3 * (number - 1) + 1).firstDayOfMonth
    }

    public var lastDay: CalendarDate { fiscalYear.monthsElapsedEnd(months: 3 * number) }

    public func contains(_ date: CalendarDate) -> Bool { (firstDay...lastDay).contains(date) }

    /// `ไตรมาสที่ ๑/๒๕๖๙`
    public func label(digits: ThaiDigitStyle = .thai) -> String {
        digits.apply("ไตรมาสที่ \(number)/\(fiscalYear.beYear)")
    }

    public var description: String { "FY\(fiscalYear.beYear)-Q\(number)" }

    public static func < (lhs: FiscalQuarter, rhs: FiscalQuarter) -> Bool {
        (lhs.fiscalYear.beYear, lhs.number) < (rhs.fiscalYear.beYear, rhs.number)
    }
}

/// Encoded as `{"fiscalYear": 2569, "number": 1}`, validated on decoding.
extension FiscalQuarter: Codable {
    private enum CodingKeys: String, CodingKey { case fiscalYear, number }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let year = try container.decode(FiscalYear.self, forKey: .fiscalYear)
        let number = try container.decode(Int.self, forKey: .number)
        guard let quarter = FiscalQuarter(fiscalYear: year, number: number) else {
            throw DecodingError.dataCorruptedError(forKey: .number, in: container, debugDescription: "Quarter must be 1…4")
        }
        self = quarter
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fiscalYear, forKey: .fiscalYear)
        try container.encode(number, forKey: .number)
    }
}

/// The progress-report rounds of a project (รอบ 6, 9 และ 12 เดือน), counted from 1 October.
public enum ProgressRound: Int, Sendable, Hashable, Codable, CaseIterable {
    case sixMonths = 6
    case nineMonths = 9
    case twelveMonths = 12

    /// The last day covered by this round's report.
    public func cutoff(in fiscalYear: FiscalYear) -> CalendarDate {
        fiscalYear.monthsElapsedEnd(months: rawValue)
    }

    /// `รอบ ๖ เดือน`
    public func label(digits: ThaiDigitStyle = .thai) -> String {
        digits.apply("รอบ \(rawValue) เดือน")
    }
}
