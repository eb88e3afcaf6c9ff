import Foundation

/// A place where the document's numbers disagree with each other. Drafts may have them;
/// submitting for approval requires none (issue 5 §3 "Checks, not retyping").
public struct Mismatch: Codable, Sendable, Hashable {
    /// Machine name of the rule (`activities-total`, `subitems-total`, `quarters-total`, …).
    public var code: String
    /// The section of the printed project (1–14).
    public var section: Int
    /// Where, as a path into the JSON document (`activities[3].subItems`).
    public var location: String
    /// What is wrong, in Thai, naming the activity / year.
    public var message: String
    public var expected: String
    public var actual: String

    public init(code: String, section: Int, location: String, message: String, expected: String, actual: String) {
        self.code = code
        self.section = section
        self.location = location
        self.message = message
        self.expected = expected
        self.actual = actual
    }
}

/// Input that is refused outright, even in a draft: nothing of it is saved.
public struct ProjectInputError: Codable, Sendable, Hashable, Error {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

public enum ProjectChecks {
    // MARK: Refused input (bad input in issue 5)

    /// Everything that can never be right: references to missing activities, quarters outside
    /// the project's fiscal years, percentages over 100, a target group of zero, negative amounts.
    public static func validate(_ doc: ProjectDocument, tree: ExpenseCategoryTree = .standard) -> [ProjectInputError] {
        var errors: [ProjectInputError] = []
        func add(_ field: String, _ message: String) { errors.append(ProjectInputError(field: field, message: message)) }
        func nonNegative(_ amount: Baht, _ field: String, _ label: String) {
            if amount.satang < 0 { add(field, "\(label) ต้องไม่ติดลบ") }
        }

        let title = doc.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { add("title", "ต้องระบุชื่อโครงการ") }
        if title.count > 500 { add("title", "ชื่อโครงการยาวเกิน 500 ตัวอักษร") }
        if doc.durations.startYear > doc.durations.endYear {
            add("durations", "ปีเริ่มต้น (\(doc.durations.startYear.beYear)) ต้องไม่หลังปีสิ้นสุด (\(doc.durations.endYear.beYear))")
        } else if !doc.durations.contains(doc.fiscalYear) {
            add("fiscalYear", "ปีงบประมาณ \(doc.fiscalYear.beYear) ไม่อยู่ในระยะเวลาดำเนินการ \(doc.durations.startYear.beYear)–\(doc.durations.endYear.beYear)")
        }
        if doc.durations.yearCount > 10 { add("durations", "ระยะเวลาดำเนินการต้องไม่เกิน 10 ปี") }

        var numbers = Set<Int>()
        for (i, activity) in doc.activities.enumerated() {
            let field = "activities[\(i)]"
            if activity.number < 1 { add("\(field).number", "ลำดับกิจกรรมต้องเป็นจำนวนเต็มตั้งแต่ 1") }
            if !numbers.insert(activity.number).inserted { add("\(field).number", "ลำดับกิจกรรมที่ \(activity.number) ซ้ำ") }
            if activity.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { add("\(field).title", "ต้องระบุชื่อกิจกรรมที่ \(activity.number)") }
            nonNegative(activity.budget, "\(field).budget", "งบประมาณกิจกรรมที่ \(activity.number)")
            for (j, sub) in activity.subItems.enumerated() {
                nonNegative(sub.budget, "\(field).subItems[\(j)].budget", "งบประมาณรายการย่อย \(sub.name)")
                if sub.name.trimmingCharacters(in: .whitespaces).isEmpty { add("\(field).subItems[\(j)].name", "ต้องระบุชื่อรายการย่อยของกิจกรรมที่ \(activity.number)") }
            }
            if let days = activity.days, days < 0 { add("\(field).days", "จำนวนวันต้องไม่ติดลบ") }
            if let start = activity.startDate, let end = activity.endDate, end < start {
                add("\(field).endDate", "วันสิ้นสุดกิจกรรมที่ \(activity.number) อยู่ก่อนวันเริ่มต้น")
            }
            for (date, key) in [(activity.startDate, "startDate"), (activity.endDate, "endDate")] {
                if let date, !doc.durations.contains(FiscalYear.containing(date)) {
                    add("\(field).\(key)", "วันที่ของกิจกรรมที่ \(activity.number) อยู่นอกปีงบประมาณของโครงการ (\(doc.durations.startYear.beYear)–\(doc.durations.endYear.beYear))")
                }
            }
        }
        let known = Set(doc.activities.map(\.number))
        func activityExists(_ number: Int, _ field: String) {
            if !known.contains(number) { add(field, "ไม่มีกิจกรรมที่ \(number) ในโครงการ") }
        }

        for (i, group) in doc.targetGroups.enumerated() {
            let field = "targetGroups[\(i)]"
            activityExists(group.activity, "\(field).activity")
            if let total = group.statedTotal, total <= 0 {
                add("\(field).statedTotal", "จำนวนกลุ่มเป้าหมายของกิจกรรมที่ \(group.activity) ต้องมากกว่า 0 คน")
            }
            for (j, category) in group.categories.enumerated() {
                if let count = category.count, count <= 0 {
                    add("\(field).categories[\(j)].count", "จำนวน \(category.name) ต้องมากกว่า 0 คน")
                }
                for (k, member) in category.members.enumerated() where member.count <= 0 {
                    add("\(field).categories[\(j)].members[\(k)].count", "จำนวน \(member.name) ต้องมากกว่า 0 คน")
                }
            }
        }

        var years = Set<FiscalYear>()
        for (i, row) in doc.budgetByYear.enumerated() {
            if !years.insert(row.fiscalYear).inserted { add("budgetByYear[\(i)].fiscalYear", "ปี \(row.fiscalYear.beYear) ซ้ำในตารางงบประมาณ") }
            nonNegative(row.inBudget, "budgetByYear[\(i)].inBudget", "เงินงบประมาณปี \(row.fiscalYear.beYear)")
            nonNegative(row.offBudget, "budgetByYear[\(i)].offBudget", "เงินนอกงบประมาณปี \(row.fiscalYear.beYear)")
            if let total = row.total { nonNegative(total, "budgetByYear[\(i)].total", "รวมปี \(row.fiscalYear.beYear)") }
        }

        for (i, target) in doc.outputTargets.enumerated() {
            activityExists(target.activity, "outputTargets[\(i)].activity")
            if target.unit.trimmingCharacters(in: .whitespaces).isEmpty { add("outputTargets[\(i)].unit", "ต้องระบุหน่วยนับของกิจกรรมที่ \(target.activity)") }
            for (j, plan) in target.plans.enumerated() where plan.plan < 0 {
                add("outputTargets[\(i)].plans[\(j)].plan", "เป้าหมายต้องไม่ติดลบ")
            }
        }

        for (i, line) in doc.expenseLines.enumerated() {
            let field = "expenseLines[\(i)]"
            nonNegative(line.amount, "\(field).amount", "จำนวนเงิน")
            guard let category = tree.category(line.category) else {
                add("\(field).category", "ไม่มีหมวดค่าใช้จ่าย \"\(line.category)\"")
                continue
            }
            if !category.isLeaf { add("\(field).category", "เลือกหมวดย่อยของ \(category.number) \(category.nameTh)") }
            if let commitment = line.commitment {
                let allowed = tree.lineage(of: line.category).flatMap(\.commitments).map(\.code)
                if !allowed.contains(commitment) { add("\(field).commitment", "หมวด \(category.nameTh) ไม่มีภาระผูกพันแบบ \"\(commitment)\"") }
            }
            if let quantity = line.quantity, quantity <= 0 { add("\(field).quantity", "จำนวนหน่วยต้องมากกว่า 0") }
        }

        for (i, indicator) in doc.indicators.enumerated() {
            validate(indicator, field: "indicators[\(i)]", known: known, add: add)
            for (j, sub) in indicator.subIndicators.enumerated() {
                validate(sub, field: "indicators[\(i)].subIndicators[\(j)]", known: known, add: add)
                if !sub.subIndicators.isEmpty { add("indicators[\(i)].subIndicators[\(j)]", "ตัวชี้วัดย่อยซ้อนได้เพียงชั้นเดียว") }
            }
        }

        var planKeys = Set<String>()
        for (i, row) in doc.quarterPlan.enumerated() {
            let field = "quarterPlan[\(i)]"
            activityExists(row.activity, "\(field).activity")
            if !(1...4).contains(row.quarter) {
                add("\(field).quarter", "ไตรมาสต้องเป็น 1–4 (ระบุ \(row.quarter))")
            }
            if !doc.durations.contains(row.fiscalYear) {
                add(
                    "\(field).fiscalYear",
                    "ไตรมาสของกิจกรรมที่ \(row.activity) อยู่ในปีงบประมาณ \(row.fiscalYear.beYear) ซึ่งอยู่นอกระยะเวลาโครงการ (\(doc.durations.startYear.beYear)–\(doc.durations.endYear.beYear))"
                )
            }
            if let subItem = row.subItem, let activity = doc.activity(row.activity), !(1...max(1, activity.subItems.count)).contains(subItem) || activity.subItems.isEmpty {
                add("\(field).subItem", "กิจกรรมที่ \(row.activity) ไม่มีรายการย่อยที่ \(subItem)")
            }
            nonNegative(row.budget, "\(field).budget", "งบประมาณรายไตรมาส")
            if let output = row.output, output < 0 { add("\(field).output", "แผนผลผลิตต้องไม่ติดลบ") }
            let key = "\(row.activity)/\(row.subItem ?? 0)/\(row.fiscalYear.beYear)/\(row.quarter)"
            if !planKeys.insert(key).inserted {
                add(field, "กิจกรรมที่ \(row.activity) มีแผนไตรมาสที่ \(row.quarter)/\(row.fiscalYear.beYear) ซ้ำ")
            }
        }
        return errors
    }

    private static func validate(_ indicator: Indicator, field: String, known: Set<Int>, add: (String, String) -> Void) {
        if indicator.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { add("\(field).description", "ต้องระบุตัวชี้วัด") }
        if (indicator.comparator == nil) != (indicator.target == nil) {
            add("\(field).target", "ต้องระบุทั้งเงื่อนไข (≥ ≤ = > <) และค่าเป้าหมาย หรือไม่ระบุทั้งคู่")
        }
        if let target = indicator.target {
            if target < 0 { add("\(field).target", "ค่าเป้าหมายต้องไม่ติดลบ") }
            if indicator.isPercentage && target > 100 { add("\(field).target", "ค่าเป้าหมายร้อยละต้องไม่เกิน 100 (ระบุ \(target.plainString))") }
        }
        switch indicator.source {
        case .entered: break
        case .attendance(let activities):
            if activities.isEmpty { add("\(field).source", "ต้องระบุกิจกรรมที่ใช้นับผู้เข้าร่วม") }
            for number in activities where !known.contains(number) { add("\(field).source", "ไม่มีกิจกรรมที่ \(number) ในโครงการ") }
        case .questionnaire(let activity, let question, let minScore):
            if !known.contains(activity) { add("\(field).source", "ไม่มีกิจกรรมที่ \(activity) ในโครงการ") }
            if question < 1 { add("\(field).source", "ข้อคำถามต้องเริ่มที่ 1") }
            if !(1...5).contains(minScore) { add("\(field).source", "คะแนนขั้นต่ำต้องเป็น 1–5") }
        }
    }

    // MARK: Mismatches (drafts may have them)

    public static func check(_ doc: ProjectDocument, tree: ExpenseCategoryTree = .standard) -> [Mismatch] {
        var found: [Mismatch] = []
        func money(_ b: Baht) -> String { b.formatted }

        // §5: each year's stated total, and money outside the project's years.
        for (i, row) in doc.budgetByYear.enumerated() {
            if let stated = row.total, stated != row.computedTotal {
                found.append(
                    Mismatch(
                        code: "budget-year-total", section: 5, location: "budgetByYear[\(i)].total",
                        message: "ปี \(row.fiscalYear.beYear): รวมที่ระบุไม่เท่ากับเงินงบประมาณ + เงินนอกงบประมาณ",
                        expected: money(row.computedTotal), actual: money(stated)))
            }
            if row.computedTotal != .zero, !doc.durations.contains(row.fiscalYear) {
                found.append(
                    Mismatch(
                        code: "budget-year-outside", section: 5, location: "budgetByYear[\(i)]",
                        message: "มีงบประมาณในปี \(row.fiscalYear.beYear) ซึ่งอยู่นอกระยะเวลาดำเนินการ",
                        expected: money(.zero), actual: money(row.computedTotal)))
            }
        }

        // §4/§11: activities add up to the project.
        if !doc.activities.isEmpty || doc.totalBudget != .zero, doc.activitiesTotal != doc.totalBudget {
            found.append(
                Mismatch(
                    code: "activities-total", section: 5, location: "activities",
                    message: "งบประมาณรวมทุกกิจกรรมไม่เท่ากับงบประมาณโครงการ (ข้อ 5 รวมทั้งสิ้น)",
                    expected: money(doc.totalBudget), actual: money(doc.activitiesTotal)))
        }

        for (i, activity) in doc.activities.enumerated() {
            let name = "กิจกรรมที่ \(activity.number)"
            // Sub-items add up to their activity.
            if !activity.subItems.isEmpty {
                let sum = activity.subItems.map(\.budget).sum()
                if sum != activity.budget {
                    found.append(
                        Mismatch(
                            code: "subitems-total", section: 11, location: "activities[\(i)].subItems",
                            message: "\(name): ผลรวมรายการย่อยไม่เท่ากับงบประมาณกิจกรรม",
                            expected: money(activity.budget), actual: money(sum)))
                }
            }
            // Quarters add up to their activity.
            let rows = doc.quarterRows(activity: activity.number)
            let quarterSum = rows.map(\.budget).sum()
            if rows.isEmpty {
                if activity.budget != .zero {
                    found.append(
                        Mismatch(
                            code: "quarters-missing", section: 11, location: "quarterPlan",
                            message: "\(name): ยังไม่ได้แบ่งงบประมาณรายไตรมาส (ข้อ 11)",
                            expected: money(activity.budget), actual: money(.zero)))
                }
            } else if quarterSum != activity.budget {
                found.append(
                    Mismatch(
                        code: "quarters-total", section: 11, location: "quarterPlan",
                        message: "\(name): งบประมาณรายไตรมาสรวมไม่เท่ากับงบประมาณกิจกรรม",
                        expected: money(activity.budget), actual: money(quarterSum)))
            }
            for (j, sub) in activity.subItems.enumerated() {
                let subRows = doc.quarterRows(activity: activity.number, subItem: j + 1)
                let subSum = subRows.map(\.budget).sum()
                if !subRows.isEmpty, subSum != sub.budget {
                    found.append(
                        Mismatch(
                            code: "subitem-quarters-total", section: 11, location: "quarterPlan",
                            message: "\(name) รายการ \(sub.name): งบประมาณรายไตรมาสรวมไม่เท่ากับงบประมาณรายการ",
                            expected: money(sub.budget), actual: money(subSum)))
                }
            }
            // Planned outputs per quarter add up to §6's plan for the year.
            if let target = doc.outputTargets.first(where: { $0.activity == activity.number }) {
                for plan in target.plans {
                    let planned = rows.filter { $0.fiscalYear == plan.fiscalYear }.compactMap(\.output)
                    guard !planned.isEmpty else { continue }
                    let sum = planned.reduce(Decimal(0), +)
                    if sum != plan.plan {
                        found.append(
                            Mismatch(
                                code: "quarters-output", section: 11, location: "quarterPlan",
                                message: "\(name) ปี \(plan.fiscalYear.beYear): แผนผลผลิตรายไตรมาสรวมไม่เท่ากับเป้าหมายข้อ 6",
                                expected: "\(plan.plan.plainString) \(target.unit)", actual: "\(sum.plainString) \(target.unit)"))
                    }
                }
            }
        }

        // §4: target-group rows add up to the stated totals.
        for (i, group) in doc.targetGroups.enumerated() {
            if let stated = group.statedTotal, let computed = group.computedTotal, stated != computed {
                found.append(
                    Mismatch(
                        code: "target-group-total", section: 4, location: "targetGroups[\(i)]",
                        message: "กลุ่มเป้าหมายกิจกรรมที่ \(group.activity): ผลรวมรายกลุ่มไม่เท่ากับจำนวนที่ระบุ",
                        expected: "\(stated) คน", actual: "\(computed) คน"))
            }
            for (j, category) in group.categories.enumerated() {
                if let count = category.count, !category.members.isEmpty {
                    let sum = category.members.map(\.count).clampedSum
                    if sum != count {
                        found.append(
                            Mismatch(
                                code: "target-category-total", section: 4, location: "targetGroups[\(i)].categories[\(j)]",
                                message: "กลุ่มเป้าหมายกิจกรรมที่ \(group.activity) \(category.name): ผลรวมรายชื่อตำแหน่งไม่เท่ากับจำนวนที่ระบุ",
                                expected: "\(count) คน", actual: "\(sum) คน"))
                    }
                }
            }
        }

        // §7: expense lines, when given, add up to the project and sit in the right price class.
        if !doc.expenseLines.isEmpty, doc.expenseTotal != doc.totalBudget {
            found.append(
                Mismatch(
                    code: "expenses-total", section: 7, location: "expenseLines",
                    message: "ค่าใช้จ่ายรวมทุกหมวด (ข้อ 7) ไม่เท่ากับงบประมาณโครงการ",
                    expected: money(doc.totalBudget), actual: money(doc.expenseTotal)))
        }
        for (i, line) in doc.expenseLines.enumerated() {
            guard let category = tree.category(line.category), let price = line.unitPrice else { continue }
            if let below = category.unitPriceBelow, price >= below {
                found.append(
                    Mismatch(
                        code: "expense-price-class", section: 7, location: "expenseLines[\(i)].unitPrice",
                        message: "\(line.description): ราคาต่อหน่วยไม่อยู่ในหมวด \(category.number) \(category.nameTh)",
                        expected: "ต่ำกว่า \(money(below))", actual: money(price)))
            }
            if let atLeast = category.unitPriceAtLeast, price < atLeast {
                found.append(
                    Mismatch(
                        code: "expense-price-class", section: 7, location: "expenseLines[\(i)].unitPrice",
                        message: "\(line.description): ราคาต่อหน่วยไม่อยู่ในหมวด \(category.number) \(category.nameTh)",
                        expected: "ตั้งแต่ \(money(atLeast))", actual: money(price)))
            }
            if let quantity = line.quantity, quantity > 0 {
                let (product, overflow) = price.satang.multipliedReportingOverflow(by: Int64(quantity))
                if overflow || product != line.amount.satang {
                    found.append(
                        Mismatch(
                            code: "expense-line-amount", section: 7, location: "expenseLines[\(i)].amount",
                            message: "\(line.description): จำนวนเงินไม่เท่ากับราคาต่อหน่วย × จำนวน",
                            expected: overflow ? "-" : money(Baht(satang: product)), actual: money(line.amount)))
                }
            }
        }
        return found
    }
}
