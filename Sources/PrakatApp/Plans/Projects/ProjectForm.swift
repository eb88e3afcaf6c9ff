import Foundation
import PrakatCore

/// The project edit form: a flat set of named fields that a person fills without JSON.
/// Lists are one item per line; structured rows (sub-items, target groups, authors) are
/// "name | number" lines. The form round-trips: document → fields → document is lossless for
/// everything the form shows.
struct ProjectForm {
    var values: [String: String]

    static let blankActivityRows = 2
    static let blankIndicatorRows = 2
    static let blankExpenseRows = 2
    static let blankBudgetRows = 1
    /// The "+ เพิ่ม…" buttons' values and the row counts they raise.
    static let rowCountKeys = ["activity": "activityRows", "indicator": "indicatorRows", "expense": "expenseRows", "budget": "budgetRows"]

    subscript(_ key: String) -> String { values[key] ?? "" }

    init(values: [String: String]) { self.values = values }

    /// A new project's empty form.
    static func blank(fiscalYear: Int) -> ProjectForm {
        var form = ProjectForm(document: ProjectDocument(title: "", fiscalYear: FiscalYear(beYear: fiscalYear)), unitID: nil, strategyID: nil)
        form.values["budgetRows"] = "1"
        form.values["by0-year"] = String(fiscalYear)
        return form
    }

    var fiscalYearValue: Int? { Int(ThaiDigits.toArabic(self["fiscalYear"]).trimmingCharacters(in: .whitespaces)) }

    /// The years whose quarter cells the form shows (the project's duration).
    var years: [Int] {
        let fy = fiscalYearValue ?? 0
        let start = Int(self["startYear"]) ?? fy
        let end = Int(self["endYear"]) ?? fy
        // Ranges first: `end - start` of two arbitrary integers could overflow.
        guard FiscalYear.inputBEYears.contains(start), FiscalYear.inputBEYears.contains(end), start <= end, end - start < 10 else {
            return FiscalYear.inputBEYears.contains(fy) ? [fy] : []
        }
        return Array(start...end)
    }

    /// How many rows of a repeating group the form shows: 0–200 whatever was sent.
    func rows(_ key: String, blank: Int) -> Int { max(0, min(200, Int(self[key]) ?? blank)) }

    // MARK: Document → form

    init(document doc: ProjectDocument, unitID: UUID?, strategyID: UUID?) {
        var v: [String: String] = [:]
        func lines(_ items: [String]) -> String { items.joined(separator: "\n") }
        func decimal(_ d: Decimal?) -> String { d?.plainString ?? "" }
        func money(_ b: Baht?) -> String { b.map { $0.formatted } ?? "" }
        v["title"] = doc.title
        v["fiscalYear"] = String(doc.fiscalYear.beYear)
        v["startYear"] = String(doc.durations.startYear.beYear)
        v["endYear"] = String(doc.durations.endYear.beYear)
        v["unitId"] = unitID?.uuidString.lowercased() ?? ""
        v["strategyId"] = strategyID?.uuidString.lowercased() ?? ""
        v["rationale"] = doc.rationale.joined(separator: "\n\n")
        v["objectives"] = lines(doc.objectives)
        v["goals"] = lines(doc.goals)
        v["topics"] = lines(doc.topics)
        v["methods"] = lines(doc.methods)
        v["speakers"] = lines(doc.speakers)
        v["expectedResults"] = lines(doc.expectedResults)
        v["evaluationMethods"] = lines(doc.evaluationMethods)
        v["attachments"] = lines(doc.attachments)
        v["responsibleUnits"] = lines(doc.responsibleUnits)
        v["authors"] = lines(doc.authors.map { [$0.name, $0.position, $0.phone].joined(separator: " | ") })

        v["budgetRows"] = String(doc.budgetByYear.count + ProjectForm.blankBudgetRows)
        for (i, row) in doc.budgetByYear.enumerated() {
            v["by\(i)-year"] = String(row.fiscalYear.beYear)
            v["by\(i)-in"] = row.inBudget == .zero ? "" : money(row.inBudget)
            v["by\(i)-off"] = row.offBudget == .zero ? "" : money(row.offBudget)
            v["by\(i)-total"] = money(row.total)
        }

        v["activityRows"] = String(doc.activities.count + ProjectForm.blankActivityRows)
        for (i, activity) in doc.activities.enumerated() {
            let p = "a\(i)-"
            v[p + "number"] = String(activity.number)
            v[p + "title"] = activity.title
            v[p + "schedule"] = activity.schedule
            v[p + "start"] = activity.startDate?.iso ?? ""
            v[p + "end"] = activity.endDate?.iso ?? ""
            v[p + "days"] = decimal(activity.days)
            v[p + "from"] = activity.timeFrom ?? ""
            v[p + "to"] = activity.timeTo ?? ""
            v[p + "place"] = activity.place ?? ""
            v[p + "budget"] = money(activity.budget)
            v[p + "responsible"] = activity.responsibleUnit ?? ""
            v[p + "topics"] = lines(activity.topics)
            v[p + "methods"] = lines(activity.methods)
            v[p + "speakers"] = lines(activity.speakers)
            v[p + "subitems"] = lines(
                activity.subItems.enumerated().map { index, sub in
                    let quarters = doc.quarterRows(activity: activity.number, subItem: index + 1)
                    let quarter = quarters.count == 1 && quarters[0].fiscalYear == doc.fiscalYear && quarters[0].budget == sub.budget ? " | \(quarters[0].quarter)" : ""
                    return "\(sub.name) | \(sub.budget.formatted)\(quarter)"
                })
            if let target = doc.outputTargets.first(where: { $0.activity == activity.number }) {
                v[p + "unit"] = target.unit
                v[p + "work"] = target.work ?? ""
                for plan in target.plans { v[p + "plan-\(plan.fiscalYear.beYear)"] = plan.plan.plainString }
            }
            for row in doc.quarterRows(activity: activity.number) {
                v[p + "q\(row.quarter)-\(row.fiscalYear.beYear)-out"] = decimal(row.output)
                v[p + "q\(row.quarter)-\(row.fiscalYear.beYear)-budget"] = money(row.budget)
            }
            if let group = doc.targetGroups.first(where: { $0.activity == activity.number }) {
                v[p + "tdesc"] = group.description
                v[p + "ttotal"] = group.statedTotal.map(String.init) ?? ""
                v[p + "trows"] = lines(
                    group.categories.flatMap { category -> [String] in
                        var head = category.name + " | " + (category.count.map(String.init) ?? "")
                        if let note = category.note { head += " | " + note }
                        return [head] + category.members.map { "- \($0.name) | \($0.count)" + ($0.note.map { " | \($0)" } ?? "") }
                    })
            }
        }

        let flat = doc.indicators.enumerated().flatMap { index, indicator in
            [(indicator, nil as Int?)] + indicator.subIndicators.map { ($0, index) }
        }
        // Parents are referred to by their row number in the form (1-based).
        var rowOfIndicator: [Int: Int] = [:]
        var row = 0
        for (index, _) in doc.indicators.enumerated() {
            rowOfIndicator[index] = row + 1
            row += 1 + doc.indicators[index].subIndicators.count
        }
        v["indicatorRows"] = String(flat.count + ProjectForm.blankIndicatorRows)
        for (i, (indicator, parent)) in flat.enumerated() {
            let p = "i\(i)-"
            v[p + "kind"] = indicator.kind.rawValue
            v[p + "desc"] = indicator.description
            v[p + "details"] = lines(indicator.details)
            v[p + "cmp"] = indicator.comparator?.rawValue ?? ""
            v[p + "target"] = decimal(indicator.target)
            v[p + "unit"] = indicator.unit ?? ""
            v[p + "parent"] = parent.flatMap { rowOfIndicator[$0] }.map(String.init) ?? ""
            v[p + "source"] = indicator.source.kind
            switch indicator.source {
            case .entered: break
            case .attendance(let activities): v[p + "acts"] = activities.map(String.init).joined(separator: ",")
            case .questionnaire(let activity, let question, let minScore):
                v[p + "acts"] = String(activity)
                v[p + "question"] = String(question)
                v[p + "min"] = String(minScore)
            }
        }

        v["expenseRows"] = String(doc.expenseLines.count + ProjectForm.blankExpenseRows)
        for (i, line) in doc.expenseLines.enumerated() {
            let p = "e\(i)-"
            v[p + "cat"] = line.category
            v[p + "desc"] = line.description
            v[p + "amount"] = money(line.amount)
            v[p + "price"] = money(line.unitPrice)
            v[p + "qty"] = line.quantity.map(String.init) ?? ""
            v[p + "commit"] = line.commitment ?? ""
        }
        values = v
    }

    // MARK: Form → document

    /// The document, or the reasons it cannot be read (keyed by form field, Thai).
    func document() -> (ProjectDocument?, FormErrors) {
        var errors = FormErrors()
        func text(_ key: String) -> String { self[key].trimmingCharacters(in: .whitespacesAndNewlines) }
        func optional(_ key: String) -> String? { let t = text(key); return t.isEmpty ? nil : t }
        func lines(_ key: String) -> [String] {
            self[key].split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        func money(_ key: String, _ label: String, required: Bool = false) -> Baht? {
            let t = text(key)
            if t.isEmpty && !required { return nil }
            do { return try Baht.parseInput(t) } catch { errors.add(key, PlansText.moneyError(error, label: label)); return nil }
        }
        func moneyText(_ t: String, _ key: String, _ label: String) -> Baht? {
            do { return try Baht.parseInput(t) } catch { errors.add(key, PlansText.moneyError(error, label: label)); return nil }
        }
        func decimal(_ key: String, _ label: String) -> Decimal? {
            let t = text(key)
            if t.isEmpty { return nil }
            guard let d = Decimal(plain: t) else { errors.add(key, "\(label): ต้องเป็นตัวเลข"); return nil }
            return d
        }
        func integer(_ key: String, _ label: String) -> Int? {
            let t = ThaiDigits.toArabic(text(key)).replacingOccurrences(of: ",", with: "")
            if t.isEmpty { return nil }
            guard let n = Int(t) else { errors.add(key, "\(label): ต้องเป็นจำนวนเต็ม"); return nil }
            return n
        }
        func year(_ key: String, _ label: String) -> FiscalYear? {
            guard let n = integer(key, label) else { return nil }
            guard FiscalYear.inputBEYears.contains(n), let year = FiscalYear(validatingBEYear: n) else {
                errors.add(key, "\(label): ระบุปี พ.ศ. เช่น 2569")
                return nil
            }
            return year
        }
        func date(_ key: String, _ label: String) -> CalendarDate? {
            let t = text(key)
            if t.isEmpty { return nil }
            if let d = CalendarDate.parseInput(t) { return d }
            errors.add(key, "\(label): วันที่ไม่ถูกต้อง (เช่น 15 ม.ค. 2569 ปี พ.ศ. 2443–2742)")
            return nil
        }

        if text("title").isEmpty { errors.add("title", "ต้องระบุชื่อโครงการ") }
        guard let fiscalYear = year("fiscalYear", "ปีงบประมาณ") else {
            if text("fiscalYear").isEmpty { errors.add("fiscalYear", "ต้องระบุปีงบประมาณ") }
            return (nil, errors)
        }
        let start = year("startYear", "ปีเริ่มต้น") ?? fiscalYear
        let end = year("endYear", "ปีสิ้นสุด") ?? fiscalYear
        var doc = ProjectDocument(title: text("title"), fiscalYear: fiscalYear, durations: ProjectDuration(startYear: start, endYear: end))
        doc.rationale = self["rationale"].components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        doc.objectives = lines("objectives")
        doc.goals = lines("goals")
        doc.topics = lines("topics")
        doc.methods = lines("methods")
        doc.speakers = lines("speakers")
        doc.expectedResults = lines("expectedResults")
        doc.evaluationMethods = lines("evaluationMethods")
        doc.attachments = lines("attachments")
        doc.responsibleUnits = lines("responsibleUnits")
        doc.authors = lines("authors").map { line in
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return Author(name: parts[0], position: parts.count > 1 ? parts[1] : "", phone: parts.count > 2 ? parts[2] : "")
        }

        for i in 0..<rows("budgetRows", blank: 0) {
            let p = "by\(i)-"
            if [p + "year", p + "in", p + "off", p + "total"].allSatisfy({ text($0).isEmpty }) { continue }
            guard let rowYear = year(p + "year", "ปีงบประมาณของแถวงบประมาณ") else {
                if text(p + "year").isEmpty { errors.add(p + "year", "ระบุปีงบประมาณของแถวงบประมาณ") }
                continue
            }
            let label = "ปี \(rowYear.beYear)"
            doc.budgetByYear.append(
                BudgetYear(
                    fiscalYear: rowYear, inBudget: money(p + "in", "เงินงบประมาณ\(label)") ?? .zero,
                    offBudget: money(p + "off", "เงินนอกงบประมาณ\(label)") ?? .zero,
                    total: money(p + "total", "รวม\(label)")))
        }

        let years = ProjectDuration(startYear: start, endYear: end).years
        for i in 0..<rows("activityRows", blank: 0) {
            let p = "a\(i)-"
            let keys =
                [
                    "number", "title", "schedule", "start", "end", "days", "from", "to", "place", "budget", "responsible", "subitems",
                    "topics", "methods", "speakers", "unit", "work", "tdesc", "ttotal", "trows"
                ].map { p + $0 }
                + years.flatMap { y in (1...4).flatMap { q in [p + "q\(q)-\(y.beYear)-out", p + "q\(q)-\(y.beYear)-budget"] } + [p + "plan-\(y.beYear)"] }
            if keys.allSatisfy({ text($0).isEmpty }) { continue }
            let number = integer(p + "number", "ลำดับกิจกรรม") ?? (doc.activities.map(\.number).max() ?? 0) + 1
            let name = "กิจกรรมที่ \(number)"
            if text(p + "title").isEmpty { errors.add(p + "title", "\(name): ต้องระบุชื่อกิจกรรม") }
            var activity = Activity(
                number: number, title: text(p + "title"), schedule: text(p + "schedule"),
                startDate: date(p + "start", "\(name) วันเริ่ม"), endDate: date(p + "end", "\(name) วันสิ้นสุด"),
                days: decimal(p + "days", "\(name) จำนวนวัน"), timeFrom: optional(p + "from"), timeTo: optional(p + "to"),
                place: optional(p + "place"), topics: lines(p + "topics"), methods: lines(p + "methods"), speakers: lines(p + "speakers"),
                budget: money(p + "budget", "\(name) งบประมาณ") ?? .zero, responsibleUnit: optional(p + "responsible"))
            for (index, line) in lines(p + "subitems").enumerated() {
                let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count >= 2 else {
                    errors.add(p + "subitems", "\(name) รายการย่อยบรรทัดที่ \(index + 1): เขียนเป็น ชื่อ | จำนวนเงิน | ไตรมาส")
                    continue
                }
                guard let amount = moneyText(parts[1], p + "subitems", "\(name) รายการย่อย \(parts[0])") else { continue }
                activity.subItems.append(SubItem(name: parts[0], budget: amount))
                if parts.count >= 3, !parts[2].isEmpty {
                    guard let quarter = Int(ThaiDigits.toArabic(parts[2])) else {
                        errors.add(p + "subitems", "\(name) รายการย่อย \(parts[0]): ไตรมาสต้องเป็นตัวเลข 1–4")
                        continue
                    }
                    doc.quarterPlan.append(QuarterPlanRow(activity: number, subItem: activity.subItems.count, fiscalYear: fiscalYear, quarter: quarter, budget: amount))
                }
            }
            let plans = years.compactMap { y in decimal(p + "plan-\(y.beYear)", "\(name) เป้าหมายปี \(y.beYear)").map { YearPlan(fiscalYear: y, plan: $0) } }
            if let unit = optional(p + "unit") {
                doc.outputTargets.append(OutputTarget(activity: number, work: optional(p + "work"), unit: unit, plans: plans))
            } else if !plans.isEmpty {
                errors.add(p + "unit", "\(name): ต้องระบุหน่วยนับของเป้าหมาย")
            }
            for y in years {
                for q in 1...4 {
                    let output = decimal(p + "q\(q)-\(y.beYear)-out", "\(name) แผนไตรมาส \(q)")
                    let budget = money(p + "q\(q)-\(y.beYear)-budget", "\(name) งบไตรมาส \(q)/\(y.beYear)")
                    if output != nil || budget != nil {
                        doc.quarterPlan.append(QuarterPlanRow(activity: number, fiscalYear: y, quarter: q, output: output, budget: budget ?? .zero))
                    }
                }
            }
            let groupRows = lines(p + "trows")
            if optional(p + "tdesc") != nil || optional(p + "ttotal") != nil || !groupRows.isEmpty {
                var group = TargetGroup(activity: number, description: text(p + "tdesc"), statedTotal: integer(p + "ttotal", "\(name) จำนวนกลุ่มเป้าหมาย"))
                for (index, line) in groupRows.enumerated() {
                    let isMember = line.hasPrefix("-")
                    let parts = (isMember ? String(line.dropFirst()) : line).split(separator: "|", omittingEmptySubsequences: false)
                        .map { $0.trimmingCharacters(in: .whitespaces) }
                    let countText = parts.count > 1 ? ThaiDigits.toArabic(parts[1]).replacingOccurrences(of: ",", with: "") : ""
                    let count = Int(countText)
                    if !countText.isEmpty && count == nil {
                        errors.add(p + "trows", "\(name) กลุ่มเป้าหมายบรรทัดที่ \(index + 1): จำนวนต้องเป็นจำนวนเต็ม")
                        continue
                    }
                    let note = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
                    if isMember {
                        guard let count else {
                            errors.add(p + "trows", "\(name) กลุ่มเป้าหมายบรรทัดที่ \(index + 1): ต้องระบุจำนวนคน")
                            continue
                        }
                        if group.categories.isEmpty { group.categories.append(TargetCategory(name: "")) }
                        group.categories[group.categories.count - 1].members.append(TargetMember(name: parts[0], count: count, note: note))
                    } else {
                        group.categories.append(TargetCategory(name: parts[0], count: count, note: note))
                    }
                }
                doc.targetGroups.append(group)
            }
            doc.activities.append(activity)
        }

        var parents: [Int: Int] = [:]  // form row → index in doc.indicators
        for i in 0..<rows("indicatorRows", blank: 0) {
            let p = "i\(i)-"
            if [p + "desc", p + "target", p + "unit", p + "details"].allSatisfy({ text($0).isEmpty }) { continue }
            let label = "ตัวชี้วัดแถวที่ \(i + 1)"
            let kind = IndicatorKind(rawValue: text(p + "kind")) ?? .quantitative
            var comparator: IndicatorComparator? = nil
            if let symbol = optional(p + "cmp") {
                comparator = IndicatorComparator(symbol: symbol)
                if comparator == nil { errors.add(p + "cmp", "\(label): เงื่อนไขต้องเป็น ≥ ≤ = > หรือ <") }
            }
            let acts = text(p + "acts").split(whereSeparator: { $0 == "," || $0 == " " }).map { Int(ThaiDigits.toArabic(String($0))) }
            if acts.contains(nil) { errors.add(p + "acts", "\(label): ระบุลำดับกิจกรรมเป็นตัวเลขคั่นด้วยจุลภาค เช่น 1,2") }
            let source: IndicatorSource
            switch text(p + "source") {
            case "attendance": source = .attendance(activities: acts.compactMap { $0 })
            case "questionnaire":
                source = .questionnaire(
                    activity: acts.compactMap { $0 }.first ?? 0, question: integer(p + "question", "\(label) ข้อคำถาม") ?? 1,
                    minScore: integer(p + "min", "\(label) คะแนนขั้นต่ำ") ?? 4)
            default: source = .entered
            }
            let indicator = Indicator(
                kind: kind, description: text(p + "desc"), details: lines(p + "details"), comparator: comparator,
                target: decimal(p + "target", "\(label) ค่าเป้าหมาย"), unit: optional(p + "unit"), source: source)
            if let parentRow = integer(p + "parent", "\(label) ตัวชี้วัดหลัก") {
                guard let parentIndex = parents[parentRow - 1] else {
                    errors.add(p + "parent", "\(label): ตัวชี้วัดหลักต้องเป็นแถวก่อนหน้าที่ไม่ใช่ตัวชี้วัดย่อย")
                    continue
                }
                doc.indicators[parentIndex].subIndicators.append(indicator)
            } else {
                parents[i] = doc.indicators.count
                doc.indicators.append(indicator)
            }
        }

        for i in 0..<rows("expenseRows", blank: 0) {
            let p = "e\(i)-"
            if [p + "cat", p + "desc", p + "amount", p + "price", p + "qty"].allSatisfy({ text($0).isEmpty }) { continue }
            if text(p + "cat").isEmpty { errors.add(p + "cat", "ค่าใช้จ่ายแถวที่ \(i + 1): เลือกหมวด") }
            doc.expenseLines.append(
                ExpenseLine(
                    category: text(p + "cat"), description: text(p + "desc"),
                    amount: money(p + "amount", "ค่าใช้จ่ายแถวที่ \(i + 1)", required: true) ?? .zero,
                    unitPrice: money(p + "price", "ราคาต่อหน่วยแถวที่ \(i + 1)"),
                    quantity: integer(p + "qty", "จำนวนหน่วยแถวที่ \(i + 1)"), commitment: optional(p + "commit")))
        }
        return (errors.isEmpty ? doc : nil, errors)
    }
}
