import Foundation

/// A project proposal and monitoring plan (โครงการ) as one structured record: every section
/// 1–14 of seed 2, from which every table, check and report is computed, so nobody retypes
/// the same numbers into Word and spreadsheets again.
///
/// Field names are the API's (the API contract ("Plans", `Resources/openapi.json`)). Money is `Baht` (integer satang,
/// JSON decimal strings); counts of people are integers; planned outputs and indicator targets
/// are `Decimal` (0.5 วัน, ร้อยละ 80) — never floating point.
public struct ProjectDocument: Codable, Sendable, Hashable {
    public var title: String
    /// The action-plan year (แผนปฏิบัติราชการ) the project belongs to.
    public var fiscalYear: FiscalYear
    /// §1 หลักการและเหตุผล: paragraphs.
    public var rationale: [String]
    /// §2 วัตถุประสงค์
    public var objectives: [String]
    /// §3 ระยะเวลาดำเนินการ
    public var durations: ProjectDuration
    /// §4 เป้าหมายโครงการ (the statements before "กลุ่มเป้าหมาย").
    public var goals: [String]
    /// §4 กลุ่มเป้าหมาย, per activity.
    public var targetGroups: [TargetGroup]
    /// §4 activities with their schedule, place, budget and sub-items.
    public var activities: [Activity]
    /// §4 รายละเอียดกิจกรรม that apply to the project as a whole (seed 2 lists them once).
    public var topics: [String]
    public var methods: [String]
    public var speakers: [String]
    /// §5 งบประมาณโครงการ
    public var budgetByYear: [BudgetYear]
    /// §6 เป้าหมายการดำเนินโครงการ
    public var outputTargets: [OutputTarget]
    /// §7 ค่าใช้จ่าย by the expense category tree.
    public var expenseLines: [ExpenseLine]
    /// §8 ผลที่คาดว่าจะได้รับ
    public var expectedResults: [String]
    /// §9 ตัวชี้วัดโครงการ
    public var indicators: [Indicator]
    /// §10 การติดตามและประเมินผล
    public var evaluationMethods: [String]
    /// §11 แผนการดำเนินงาน: per activity (or sub-item) and quarter.
    public var quarterPlan: [QuarterPlanRow]
    /// §12 เอกสารแนบ
    public var attachments: [String]
    /// §13 ผู้เขียนโครงการ
    public var authors: [Author]
    /// §14 ผู้รับผิดชอบโครงการ
    public var responsibleUnits: [String]

    public init(
        title: String, fiscalYear: FiscalYear, rationale: [String] = [], objectives: [String] = [],
        durations: ProjectDuration? = nil, goals: [String] = [], targetGroups: [TargetGroup] = [],
        activities: [Activity] = [], topics: [String] = [], methods: [String] = [], speakers: [String] = [],
        budgetByYear: [BudgetYear] = [], outputTargets: [OutputTarget] = [], expenseLines: [ExpenseLine] = [],
        expectedResults: [String] = [], indicators: [Indicator] = [], evaluationMethods: [String] = [],
        quarterPlan: [QuarterPlanRow] = [], attachments: [String] = [], authors: [Author] = [],
        responsibleUnits: [String] = []
    ) {
        self.title = title
        self.fiscalYear = fiscalYear
        self.rationale = rationale
        self.objectives = objectives
        self.durations = durations ?? ProjectDuration(startYear: fiscalYear, endYear: fiscalYear)
        self.goals = goals
        self.targetGroups = targetGroups
        self.activities = activities
        self.topics = topics
        self.methods = methods
        self.speakers = speakers
        self.budgetByYear = budgetByYear
        self.outputTargets = outputTargets
        self.expenseLines = expenseLines
        self.expectedResults = expectedResults
        self.indicators = indicators
        self.evaluationMethods = evaluationMethods
        self.quarterPlan = quarterPlan
        self.attachments = attachments
        self.authors = authors
        self.responsibleUnits = responsibleUnits
    }

    private enum CodingKeys: String, CodingKey {
        case title, fiscalYear, rationale, objectives, durations, goals, targetGroups, activities, topics, methods, speakers
        case budgetByYear, outputTargets, expenseLines, expectedResults, indicators, evaluationMethods, quarterPlan
        case attachments, authors, responsibleUnits
    }

    /// Lists may be left out of the JSON (a small project has no expense lines); `title` and
    /// `fiscalYear` may not.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let year = try c.decode(FiscalYear.self, forKey: .fiscalYear)
        self.init(
            title: try c.decode(String.self, forKey: .title),
            fiscalYear: year,
            rationale: try c.decodeIfPresent([String].self, forKey: .rationale) ?? [],
            objectives: try c.decodeIfPresent([String].self, forKey: .objectives) ?? [],
            durations: try c.decodeIfPresent(ProjectDuration.self, forKey: .durations),
            goals: try c.decodeIfPresent([String].self, forKey: .goals) ?? [],
            targetGroups: try c.decodeIfPresent([TargetGroup].self, forKey: .targetGroups) ?? [],
            activities: try c.decodeIfPresent([Activity].self, forKey: .activities) ?? [],
            topics: try c.decodeIfPresent([String].self, forKey: .topics) ?? [],
            methods: try c.decodeIfPresent([String].self, forKey: .methods) ?? [],
            speakers: try c.decodeIfPresent([String].self, forKey: .speakers) ?? [],
            budgetByYear: try c.decodeIfPresent([BudgetYear].self, forKey: .budgetByYear) ?? [],
            outputTargets: try c.decodeIfPresent([OutputTarget].self, forKey: .outputTargets) ?? [],
            expenseLines: try c.decodeIfPresent([ExpenseLine].self, forKey: .expenseLines) ?? [],
            expectedResults: try c.decodeIfPresent([String].self, forKey: .expectedResults) ?? [],
            indicators: try c.decodeIfPresent([Indicator].self, forKey: .indicators) ?? [],
            evaluationMethods: try c.decodeIfPresent([String].self, forKey: .evaluationMethods) ?? [],
            quarterPlan: try c.decodeIfPresent([QuarterPlanRow].self, forKey: .quarterPlan) ?? [],
            attachments: try c.decodeIfPresent([String].self, forKey: .attachments) ?? [],
            authors: try c.decodeIfPresent([Author].self, forKey: .authors) ?? [],
            responsibleUnits: try c.decodeIfPresent([String].self, forKey: .responsibleUnits) ?? [])
    }

    // MARK: Computed totals (checks, tables and reports all read these)

    /// The project's total: the sum of §5's yearly totals (in-budget + off-budget).
    public var totalBudget: Baht { budgetByYear.map(\.computedTotal).sum() }
    public var totalInBudget: Baht { budgetByYear.map(\.inBudget).sum() }
    public var totalOffBudget: Baht { budgetByYear.map(\.offBudget).sum() }
    /// The sum of the activities' budgets.
    public var activitiesTotal: Baht { activities.map(\.budget).sum() }
    public var expenseTotal: Baht { expenseLines.map(\.amount).sum() }

    public func activity(_ number: Int) -> Activity? { activities.first { $0.number == number } }

    /// Head count of an activity's target group: the stated total if given, else the rows' sum.
    public func targetCount(activity number: Int) -> Int? {
        let groups = targetGroups.filter { $0.activity == number }
        guard !groups.isEmpty else { return nil }
        let counts = groups.compactMap { $0.statedTotal ?? $0.computedTotal }
        return counts.isEmpty ? nil : counts.clampedSum
    }

    /// The fiscal years the tables show: the project's duration and every year named in §5/§6.
    public var tableYears: [FiscalYear] {
        var years = Set(durations.years)
        years.formUnion(budgetByYear.map(\.fiscalYear))
        years.formUnion(outputTargets.flatMap { $0.plans.map(\.fiscalYear) })
        return years.sorted()
    }

    /// Plan rows of an activity itself (not of its sub-items).
    public func quarterRows(activity number: Int, subItem: Int? = nil) -> [QuarterPlanRow] {
        quarterPlan.filter { $0.activity == number && $0.subItem == subItem }
    }

    /// Every indicator with its printed number: "1", "2", "2.1" … numbered within its kind,
    /// as seed 2 §9 numbers เชิงปริมาณ and เชิงคุณภาพ separately.
    public var numberedIndicators: [(path: String, indicator: Indicator, depth: Int)] {
        var result: [(String, Indicator, Int)] = []
        for kind in IndicatorKind.allCases {
            for (index, indicator) in indicators.enumerated() where indicator.kind == kind {
                let number = indicators[..<index].filter { $0.kind == kind }.count + 1
                let path = "\(kind.pathPrefix)\(number)"
                result.append((path, indicator, 0))
                for (subIndex, sub) in indicator.subIndicators.enumerated() {
                    result.append(("\(path).\(subIndex + 1)", sub, 1))
                }
            }
        }
        return result
    }
}

/// §3: the fiscal years the project runs in.
public struct ProjectDuration: Codable, Sendable, Hashable {
    public var startYear: FiscalYear
    public var endYear: FiscalYear

    public init(startYear: FiscalYear, endYear: FiscalYear) {
        self.startYear = startYear
        self.endYear = endYear
    }

    /// Number of years (seed 2: "1 ปี").
    public var yearCount: Int { max(0, endYear.beYear - startYear.beYear + 1) }

    public var years: [FiscalYear] {
        guard startYear <= endYear else { return [] }
        return (startYear.beYear...endYear.beYear).map(FiscalYear.init(beYear:))
    }

    public func contains(_ year: FiscalYear) -> Bool { startYear <= year && year <= endYear }
}

/// §4 กลุ่มเป้าหมาย of one activity: "บุคลากร … จำนวน 330 คน ดังนี้" and its numbered rows.
public struct TargetGroup: Codable, Sendable, Hashable {
    /// The activity's number (กิจกรรมที่ n).
    public var activity: Int
    public var description: String
    /// The total the document states ("จำนวน 330 คน"); nil when it states none (seed 2 activity 4).
    public var statedTotal: Int?
    public var categories: [TargetCategory]

    public init(activity: Int, description: String, statedTotal: Int? = nil, categories: [TargetCategory] = []) {
        self.activity = activity
        self.description = description
        self.statedTotal = statedTotal
        self.categories = categories
    }

    /// Sum of the rows, or nil when no row has a count.
    public var computedTotal: Int? {
        let counts = categories.compactMap(\.computedCount)
        return counts.isEmpty ? nil : counts.clampedSum
    }

    private enum CodingKeys: String, CodingKey { case activity, description, statedTotal, categories }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activity = try c.decode(Int.self, forKey: .activity)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        statedTotal = try c.decodeIfPresent(Int.self, forKey: .statedTotal)
        categories = try c.decodeIfPresent([TargetCategory].self, forKey: .categories) ?? []
    }
}

/// One numbered row of a target group; may list members (ผู้บริหาร: เลขาธิการ 1 คน, …).
public struct TargetCategory: Codable, Sendable, Hashable {
    public var name: String
    /// The count the document states for the row itself, if any.
    public var count: Int?
    public var members: [TargetMember]
    /// Words after the row ("(หน่วยงานที่รับผิดชอบตัวชี้วัด…)"), printed as they are.
    public var note: String?

    public init(name: String, count: Int? = nil, members: [TargetMember] = [], note: String? = nil) {
        self.name = name
        self.count = count
        self.members = members
        self.note = note
    }

    /// The stated count, else the members' sum.
    public var computedCount: Int? {
        if let count { return count }
        return members.isEmpty ? nil : members.map(\.count).clampedSum
    }

    private enum CodingKeys: String, CodingKey { case name, count, members, note }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        members = try c.decodeIfPresent([TargetMember].self, forKey: .members) ?? []
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }
}

public struct TargetMember: Codable, Sendable, Hashable {
    public var name: String
    public var count: Int
    public var note: String?

    public init(name: String, count: Int, note: String? = nil) {
        self.name = name
        self.count = count
        self.note = note
    }
}

/// An activity (กิจกรรม) with when, where and how much.
public struct Activity: Codable, Sendable, Hashable {
    /// กิจกรรมที่ n, 1-based and unique in the project.
    public var number: Int
    public var title: String
    /// When, as the document says it ("จำนวน 1 วัน ในไตรมาสที่ 1").
    public var schedule: String
    /// Exact dates, when known; checked against the project's fiscal years.
    public var startDate: CalendarDate?
    public var endDate: CalendarDate?
    /// Length in days (0.5 for a morning).
    public var days: Decimal?
    /// "08.30" – "16.00"
    public var timeFrom: String?
    public var timeTo: String?
    public var place: String?
    public var topics: [String]
    public var methods: [String]
    public var speakers: [String]
    /// The activity's budget; must equal its quarters and its sub-items.
    public var budget: Baht
    public var subItems: [SubItem]
    /// ผู้รับผิดชอบ in §11.
    public var responsibleUnit: String?

    public init(
        number: Int, title: String, schedule: String = "", startDate: CalendarDate? = nil, endDate: CalendarDate? = nil,
        days: Decimal? = nil, timeFrom: String? = nil, timeTo: String? = nil, place: String? = nil,
        topics: [String] = [], methods: [String] = [], speakers: [String] = [], budget: Baht = .zero,
        subItems: [SubItem] = [], responsibleUnit: String? = nil
    ) {
        self.number = number
        self.title = title
        self.schedule = schedule
        self.startDate = startDate
        self.endDate = endDate
        self.days = days
        self.timeFrom = timeFrom
        self.timeTo = timeTo
        self.place = place
        self.topics = topics
        self.methods = methods
        self.speakers = speakers
        self.budget = budget
        self.subItems = subItems
        self.responsibleUnit = responsibleUnit
    }

    private enum CodingKeys: String, CodingKey {
        case number, title, schedule, startDate, endDate, days, timeFrom, timeTo, place, topics, methods, speakers, budget, subItems, responsibleUnit
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            number: try c.decode(Int.self, forKey: .number),
            title: try c.decode(String.self, forKey: .title),
            schedule: try c.decodeIfPresent(String.self, forKey: .schedule) ?? "",
            startDate: try c.decodeIfPresent(CalendarDate.self, forKey: .startDate),
            endDate: try c.decodeIfPresent(CalendarDate.self, forKey: .endDate),
            days: try c.decodeIfPresent(Decimal.self, forKey: .days),
            timeFrom: try c.decodeIfPresent(String.self, forKey: .timeFrom),
            timeTo: try c.decodeIfPresent(String.self, forKey: .timeTo),
            place: try c.decodeIfPresent(String.self, forKey: .place),
            topics: try c.decodeIfPresent([String].self, forKey: .topics) ?? [],
            methods: try c.decodeIfPresent([String].self, forKey: .methods) ?? [],
            speakers: try c.decodeIfPresent([String].self, forKey: .speakers) ?? [],
            budget: try c.decodeIfPresent(Baht.self, forKey: .budget) ?? .zero,
            subItems: try c.decodeIfPresent([SubItem].self, forKey: .subItems) ?? [],
            responsibleUnit: try c.decodeIfPresent(String.self, forKey: .responsibleUnit))
    }
}

/// A part of an activity with its own budget (seed 2 activity 4: CSR, Green office, …).
public struct SubItem: Codable, Sendable, Hashable {
    public var name: String
    public var budget: Baht

    public init(name: String, budget: Baht) {
        self.name = name
        self.budget = budget
    }
}

/// §5: one fiscal year's money.
public struct BudgetYear: Codable, Sendable, Hashable {
    public var fiscalYear: FiscalYear
    /// เงินงบประมาณ
    public var inBudget: Baht
    /// เงินนอกงบประมาณ
    public var offBudget: Baht
    /// รวม as the document states it; nil means "the sum".
    public var total: Baht?

    public init(fiscalYear: FiscalYear, inBudget: Baht = .zero, offBudget: Baht = .zero, total: Baht? = nil) {
        self.fiscalYear = fiscalYear
        self.inBudget = inBudget
        self.offBudget = offBudget
        self.total = total
    }

    public var computedTotal: Baht { inBudget + offBudget }

    private enum CodingKeys: String, CodingKey { case fiscalYear, inBudget, offBudget, total }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fiscalYear = try c.decode(FiscalYear.self, forKey: .fiscalYear)
        inBudget = try c.decodeIfPresent(Baht.self, forKey: .inBudget) ?? .zero
        offBudget = try c.decodeIfPresent(Baht.self, forKey: .offBudget) ?? .zero
        total = try c.decodeIfPresent(Baht.self, forKey: .total)
    }
}

/// §6: what a main activity produces, in which unit, planned per year.
public struct OutputTarget: Codable, Sendable, Hashable {
    public var activity: Int
    /// งานที่ทำ (often empty: the activity's title says it).
    public var work: String?
    /// หน่วยนับ: ตัวชี้วัด, โล่รางวัล, คน …
    public var unit: String
    public var plans: [YearPlan]

    public init(activity: Int, work: String? = nil, unit: String, plans: [YearPlan]) {
        self.activity = activity
        self.work = work
        self.unit = unit
        self.plans = plans
    }

    public func plan(in year: FiscalYear) -> Decimal? { plans.first { $0.fiscalYear == year }?.plan }
}

public struct YearPlan: Codable, Sendable, Hashable {
    public var fiscalYear: FiscalYear
    public var plan: Decimal

    public init(fiscalYear: FiscalYear, plan: Decimal) {
        self.fiscalYear = fiscalYear
        self.plan = plan
    }
}

/// §7: an amount under a leaf of the expense category tree.
public struct ExpenseLine: Codable, Sendable, Hashable {
    /// A leaf code of `ExpenseCategoryTree` (`operating.services`, `investment.equipment.under1m` …).
    public var category: String
    public var description: String
    public var amount: Baht
    /// Price per unit, for equipment and construction whose category depends on it.
    public var unitPrice: Baht?
    public var quantity: Int?
    /// For equipment: a commitment code of the category (`contract`, `section23`, `other`).
    public var commitment: String?

    public init(category: String, description: String = "", amount: Baht, unitPrice: Baht? = nil, quantity: Int? = nil, commitment: String? = nil) {
        self.category = category
        self.description = description
        self.amount = amount
        self.unitPrice = unitPrice
        self.quantity = quantity
        self.commitment = commitment
    }

    private enum CodingKeys: String, CodingKey { case category, description, amount, unitPrice, quantity, commitment }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        category = try c.decode(String.self, forKey: .category)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        amount = try c.decode(Baht.self, forKey: .amount)
        unitPrice = try c.decodeIfPresent(Baht.self, forKey: .unitPrice)
        quantity = try c.decodeIfPresent(Int.self, forKey: .quantity)
        commitment = try c.decodeIfPresent(String.self, forKey: .commitment)
    }
}

/// §11: what an activity (or one of its sub-items) plans in one quarter.
public struct QuarterPlanRow: Codable, Sendable, Hashable {
    public var activity: Int
    /// 1-based index into the activity's `subItems`; nil for the activity's own row.
    public var subItem: Int?
    public var fiscalYear: FiscalYear
    /// 1…4 (Q1 = Oct–Dec).
    public var quarter: Int
    /// แผน: planned output in the activity's unit of count.
    public var output: Decimal?
    /// งบ
    public var budget: Baht

    public init(activity: Int, subItem: Int? = nil, fiscalYear: FiscalYear, quarter: Int, output: Decimal? = nil, budget: Baht = .zero) {
        self.activity = activity
        self.subItem = subItem
        self.fiscalYear = fiscalYear
        self.quarter = quarter
        self.output = output
        self.budget = budget
    }

    private enum CodingKeys: String, CodingKey { case activity, subItem, fiscalYear, quarter, output, budget }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activity = try c.decode(Int.self, forKey: .activity)
        subItem = try c.decodeIfPresent(Int.self, forKey: .subItem)
        fiscalYear = try c.decode(FiscalYear.self, forKey: .fiscalYear)
        quarter = try c.decode(Int.self, forKey: .quarter)
        output = try c.decodeIfPresent(Decimal.self, forKey: .output)
        budget = try c.decodeIfPresent(Baht.self, forKey: .budget) ?? .zero
    }
}

/// §13: who wrote the project.
public struct Author: Codable, Sendable, Hashable {
    public var name: String
    public var position: String
    public var phone: String

    public init(name: String, position: String = "", phone: String = "") {
        self.name = name
        self.position = position
        self.phone = phone
    }
}

extension Decimal {
    /// `13`, `0.5`, `81.25`: no grouping, no exponent, no trailing zeros.
    public var plainString: String {
        var value = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        return rounded.description
    }

    /// Parses what people type ("13", "0.5", "๘๐", "1,000"); nil for anything else.
    public init?(plain text: String) {
        let cleaned = ThaiDigits.toArabic(text).replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
            cleaned.filter({ $0 == "." }).count <= 1, let value = Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self = value
    }
}

extension Sequence where Element == Int {
    /// A sum of counts people typed: it stops at `Int.max` (or `.min`) instead of trapping, and
    /// the checks then report the total as not matching.
    public var clampedSum: Int {
        reduce(0) { total, next in
            let (sum, overflow) = total.addingReportingOverflow(next)
            return overflow ? (next > 0 ? .max : .min) : sum
        }
    }
}
