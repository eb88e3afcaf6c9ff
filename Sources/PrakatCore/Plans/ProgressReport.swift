import Foundation

/// The reporting rounds of issue 5 §4: quarterly (Q1–Q4, MOIT 2's quarterly action-plan
/// report) and the 6-, 9- and 12-month reports of seed 2 §9 (รอบ 6 เดือน, 9 เดือน และ 12 เดือน).
public enum RoundKind: String, Codable, Sendable, Hashable, CaseIterable {
    case q1, q2, q3, q4, m6, m9, m12

    public init?(parameter: String) {
        switch parameter.lowercased() {
        case "q1", "1": self = .q1
        case "q2", "2": self = .q2
        case "q3", "3": self = .q3
        case "q4", "4": self = .q4
        case "m6", "6": self = .m6
        case "m9", "9": self = .m9
        case "m12", "12": self = .m12
        default: return nil
        }
    }

    /// The quarters whose actuals the round reports (6 months = Q1 and Q2, cumulative).
    public var quarters: [Int] {
        switch self {
        case .q1: [1]
        case .q2: [2]
        case .q3: [3]
        case .q4: [4]
        case .m6: [1, 2]
        case .m9: [1, 2, 3]
        case .m12: [1, 2, 3, 4]
        }
    }

    /// The quarter the round ends in (for publication tags: MOIT items are filed per quarter).
    public var endQuarter: Int { quarters.last! }

    public var isQuarterly: Bool { quarters.count == 1 }

    public func label(digits: ThaiDigitStyle = .arabic) -> String {
        switch self {
        case .q1, .q2, .q3, .q4: digits.apply("ไตรมาสที่ \(endQuarter)")
        case .m6: ProgressRound.sixMonths.label(digits: digits)
        case .m9: ProgressRound.nineMonths.label(digits: digits)
        case .m12: ProgressRound.twelveMonths.label(digits: digits)
        }
    }

    /// The last day the round covers.
    public func cutoff(in year: FiscalYear) -> CalendarDate {
        year.monthsElapsedEnd(months: endQuarter * 3)
    }

    /// Days after the cut-off within which the report is due (a common internal deadline;
    /// the fiscal year's own deadline can be shorter).
    public static let defaultGraceDays = 15

    public func dueDate(in year: FiscalYear, graceDays: Int = RoundKind.defaultGraceDays) -> CalendarDate {
        cutoff(in: year).adding(days: graceDays)
    }
}

/// The state of a round: drafted, submitted, approved (then locked).
public enum RoundState: String, Codable, Sendable, Hashable, CaseIterable {
    case draft, submitted, approved

    public var thaiName: String {
        switch self {
        case .draft: "ร่าง"
        case .submitted: "รออนุมัติ"
        case .approved: "อนุมัติแล้ว (ล็อก)"
        }
    }
}

/// What happened in one quarter for one activity (or sub-item).
public struct ActualRow: Codable, Sendable, Hashable {
    public var activity: Int
    public var subItem: Int?
    public var quarter: Int
    public var output: Decimal?
    public var spent: Baht

    public init(activity: Int, subItem: Int? = nil, quarter: Int, output: Decimal? = nil, spent: Baht = .zero) {
        self.activity = activity
        self.subItem = subItem
        self.quarter = quarter
        self.output = output
        self.spent = spent
    }

    private enum CodingKeys: String, CodingKey { case activity, subItem, quarter, output, spent }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activity = try c.decode(Int.self, forKey: .activity)
        subItem = try c.decodeIfPresent(Int.self, forKey: .subItem)
        quarter = try c.decode(Int.self, forKey: .quarter)
        output = try c.decodeIfPresent(Decimal.self, forKey: .output)
        spent = try c.decodeIfPresent(Baht.self, forKey: .spent) ?? .zero
    }
}

/// An indicator value typed in a round (sources other than `entered` are computed).
public struct EnteredResult: Codable, Sendable, Hashable {
    public var path: String
    public var actual: Decimal
    public var note: String?

    public init(path: String, actual: Decimal, note: String? = nil) {
        self.path = path
        self.actual = actual
        self.note = note
    }
}

/// The body of a progress report.
public struct ProgressReportData: Codable, Sendable, Hashable {
    public var actuals: [ActualRow]
    public var indicatorResults: [EnteredResult]
    /// ปัญหาและอุปสรรค
    public var problems: [String]
    /// ข้อเสนอแนะ
    public var suggestions: [String]
    /// ผลการดำเนินงานโดยสรุป
    public var summary: String

    public init(actuals: [ActualRow] = [], indicatorResults: [EnteredResult] = [], problems: [String] = [], suggestions: [String] = [], summary: String = "") {
        self.actuals = actuals
        self.indicatorResults = indicatorResults
        self.problems = problems
        self.suggestions = suggestions
        self.summary = summary
    }

    private enum CodingKeys: String, CodingKey { case actuals, indicatorResults, problems, suggestions, summary }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        actuals = try c.decodeIfPresent([ActualRow].self, forKey: .actuals) ?? []
        indicatorResults = try c.decodeIfPresent([EnteredResult].self, forKey: .indicatorResults) ?? []
        problems = try c.decodeIfPresent([String].self, forKey: .problems) ?? []
        suggestions = try c.decodeIfPresent([String].self, forKey: .suggestions) ?? []
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
    }

    public var entered: [String: Decimal] {
        Dictionary(indicatorResults.map { ($0.path, $0.actual) }, uniquingKeysWith: { $1 })
    }

    /// Refused input: quarters the round does not cover, unknown activities and indicators,
    /// negative amounts, percentages over 100.
    public func validate(kind: RoundKind, document: ProjectDocument) -> [ProjectInputError] {
        var errors: [ProjectInputError] = []
        var seen = Set<String>()
        for (i, row) in actuals.enumerated() {
            let field = "actuals[\(i)]"
            guard let activity = document.activity(row.activity) else {
                errors.append(.init(field: "\(field).activity", message: "ไม่มีกิจกรรมที่ \(row.activity) ในโครงการ"))
                continue
            }
            if !kind.quarters.contains(row.quarter) {
                errors.append(
                    .init(field: "\(field).quarter", message: "\(kind.label()) รายงานได้เฉพาะไตรมาสที่ \(kind.quarters.map(String.init).joined(separator: ", ")) (ระบุ \(row.quarter))")
                )
            }
            if let sub = row.subItem, !(1...max(1, activity.subItems.count)).contains(sub) || activity.subItems.isEmpty {
                errors.append(.init(field: "\(field).subItem", message: "กิจกรรมที่ \(row.activity) ไม่มีรายการย่อยที่ \(sub)"))
            }
            if row.spent.satang < 0 { errors.append(.init(field: "\(field).spent", message: "ผลการใช้จ่ายต้องไม่ติดลบ")) }
            if let output = row.output, output < 0 { errors.append(.init(field: "\(field).output", message: "ผลผลิตต้องไม่ติดลบ")) }
            if !seen.insert("\(row.activity)/\(row.subItem ?? 0)/\(row.quarter)").inserted {
                errors.append(.init(field: field, message: "กิจกรรมที่ \(row.activity) ไตรมาสที่ \(row.quarter) ซ้ำ"))
            }
        }
        let indicators = Dictionary(document.numberedIndicators.map { ($0.path, $0.indicator) }, uniquingKeysWith: { a, _ in a })
        for (i, result) in indicatorResults.enumerated() {
            let field = "indicatorResults[\(i)]"
            guard let indicator = indicators[result.path] else {
                errors.append(.init(field: "\(field).path", message: "ไม่มีตัวชี้วัด \(result.path)"))
                continue
            }
            if result.actual < 0 { errors.append(.init(field: "\(field).actual", message: "ผลต้องไม่ติดลบ")) }
            if indicator.isPercentage && result.actual > 100 {
                errors.append(.init(field: "\(field).actual", message: "ผลร้อยละต้องไม่เกิน 100 (ระบุ \(result.actual.plainString))"))
            }
        }
        return errors
    }
}

/// Plan against actual for one round, per activity and quarter (API `…/report?round=6`).
public struct PlanVsActual: Codable, Sendable, Hashable {
    public struct Cell: Codable, Sendable, Hashable {
        public var quarter: Int
        public var plannedOutput: Decimal?
        public var plannedBudget: Baht
        public var actualOutput: Decimal?
        public var spent: Baht
    }

    public struct Row: Codable, Sendable, Hashable {
        public var activity: Int
        public var subItem: Int?
        public var title: String
        public var unit: String
        public var quarters: [Cell]
        public var plannedBudget: Baht
        public var spent: Baht
        /// Spent as a percentage of the plan for the quarters reported (two decimals).
        public var spentPercent: Decimal?
    }

    public var fiscalYear: FiscalYear
    public var round: RoundKind
    public var rows: [Row]
    public var plannedByQuarter: [Baht]
    public var spentByQuarter: [Baht]
    public var plannedTotal: Baht
    public var spentTotal: Baht
    /// The whole year's plan (all four quarters).
    public var yearPlan: Baht

    public static func compute(_ document: ProjectDocument, data: ProgressReportData, round: RoundKind, fiscalYear: FiscalYear) -> PlanVsActual {
        var rows: [Row] = []
        var plannedByQuarter = [Baht](repeating: .zero, count: 4)
        var spentByQuarter = [Baht](repeating: .zero, count: 4)
        for activity in document.activities.sorted(by: { $0.number < $1.number }) {
            let unit = document.outputTargets.first { $0.activity == activity.number }?.unit ?? ""
            let targets: [(Int?, String)] = [(nil, activity.title)] + activity.subItems.enumerated().map { ($0.offset + 1, $0.element.name) }
            for (subItem, title) in targets {
                let plan = document.quarterPlan.filter { $0.activity == activity.number && $0.subItem == subItem && $0.fiscalYear == fiscalYear }
                let actual = data.actuals.filter { $0.activity == activity.number && $0.subItem == subItem }
                if subItem != nil && plan.isEmpty && actual.isEmpty { continue }
                let cells = round.quarters.map { q -> Cell in
                    let p = plan.filter { $0.quarter == q }
                    let a = actual.filter { $0.quarter == q }
                    return Cell(
                        quarter: q, plannedOutput: p.compactMap(\.output).sumOrNil, plannedBudget: p.map(\.budget).sum(),
                        actualOutput: a.compactMap(\.output).sumOrNil, spent: a.map(\.spent).sum())
                }
                let planned = cells.map(\.plannedBudget).sum()
                let spent = cells.map(\.spent).sum()
                if subItem == nil {
                    for cell in cells {
                        plannedByQuarter[cell.quarter - 1] = plannedByQuarter[cell.quarter - 1] + cell.plannedBudget
                        spentByQuarter[cell.quarter - 1] = spentByQuarter[cell.quarter - 1] + cell.spent
                    }
                }
                rows.append(
                    Row(
                        activity: activity.number, subItem: subItem, title: title, unit: subItem == nil ? unit : "",
                        quarters: cells, plannedBudget: planned, spent: spent,
                        spentPercent: planned.satang > 0 ? (Decimal(spent.satang) * 100).divided(by: Decimal(planned.satang), scale: 2) : nil))
            }
        }
        let yearPlan = document.quarterPlan.filter { $0.fiscalYear == fiscalYear && $0.subItem == nil }.map(\.budget).sum()
        return PlanVsActual(
            fiscalYear: fiscalYear, round: round, rows: rows, plannedByQuarter: plannedByQuarter, spentByQuarter: spentByQuarter,
            plannedTotal: round.quarters.map { plannedByQuarter[$0 - 1] }.sum(),
            spentTotal: round.quarters.map { spentByQuarter[$0 - 1] }.sum(), yearPlan: yearPlan)
    }
}

extension Array where Element == Decimal {
    var sumOrNil: Decimal? { isEmpty ? nil : reduce(0, +) }
}
