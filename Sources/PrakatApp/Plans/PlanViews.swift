import Foundation
import PrakatCore

/// The project as printed in seed 2's layout (sections 1–14), every number already formatted.
/// Built without a database, so the print page renders in tests from a bare document.
struct DocView: Codable {
    struct Numbered: Codable { var n: String; var text: String }
    struct Member: Codable { var name: String; var count: String; var note: String }
    struct Category: Codable { var n: String; var name: String; var count: String; var note: String; var members: [Member] }
    struct Target: Codable { var description: String; var total: String; var categories: [Category] }
    struct ActivityView: Codable {
        var heading: String
        var details: String
        var target: Target?
        var topics: [Numbered]
        var methods: [String]
        var speakers: [Numbered]
    }
    struct BudgetRow: Codable { var year: String; var inBudget: String; var offBudget: String; var total: String }
    struct OutputRow: Codable { var title: String; var work: String; var unit: String; var plans: [String] }
    struct ExpenseRow: Codable { var number: String; var name: String; var depth: Int; var amount: String; var lines: [String] }
    struct IndicatorView: Codable { var n: String; var text: String; var target: String; var source: String; var details: [Numbered]; var subs: [IndicatorView] }
    struct QuarterRow: Codable { var title: String; var unit: String; var cells: [String]; var responsible: String; var isSub: Bool }

    var title: String
    /// Section headings by number: `h.s1` … `h.s14`.
    var h: [String: String]
    var rationale: [String]
    var objectives: [Numbered]
    var duration: String
    var goals: [Numbered]
    var activities: [ActivityView]
    var topics: [Numbered]
    var methods: [String]
    var speakers: [Numbered]
    var budgetRows: [BudgetRow]
    var budgetTotal: BudgetRow
    var totalFigures: String
    var totalWords: String
    var outputYears: [String]
    var outputRows: [OutputRow]
    var expenseTitle: String
    var expenseRows: [ExpenseRow]
    var expenseTotal: String
    var expectedResults: [Numbered]
    var quantitative: [IndicatorView]
    var qualitative: [IndicatorView]
    var evaluationMethods: [Numbered]
    var quarterTitle: String
    var quarterHeads: [String]
    var quarterRows: [QuarterRow]
    var quarterTotals: [String]
    var attachments: [Numbered]
    var authorNames: String
    var authorDetails: [String]
    var responsibleUnits: [String]

    static let sectionNames = [
        "หลักการและเหตุผล", "วัตถุประสงค์", "ระยะเวลาดำเนินการ", "เป้าหมายโครงการ", "งบประมาณโครงการ",
        "เป้าหมายการดำเนินโครงการ", "ค่าใช้จ่าย", "ผลที่คาดว่าจะได้รับ", "ตัวชี้วัดโครงการ", "การติดตามและประเมินผล",
        "แผนการดำเนินงาน/แผนกำกับติดตามประเมินผล", "เอกสารแนบ เพื่อใช้ประกอบการพิจารณา", "ผู้เขียนโครงการ", "ผู้รับผิดชอบโครงการ"
    ]

    /// Money in the seed's tables: whole baht without decimals when there are no satang,
    /// "-" for nothing.
    static func amount(_ b: Baht?) -> String {
        guard let b, b != .zero else { return "-" }
        return b.satangPart == 0 ? String(b.formatted.dropLast(3)) : b.formatted
    }

    /// 1,234 (counts of people, grouped like money).
    static func count(_ n: Int) -> String { String(Baht(baht: Int64(n)).formatted.dropLast(3)) }

    init(_ doc: ProjectDocument, tree: ExpenseCategoryTree = .standard, digits: ThaiDigitStyle = .arabic) {
        func numbered(_ items: [String], prefix: String) -> [Numbered] {
            items.enumerated().map { Numbered(n: "\(prefix)\($0.offset + 1)", text: $0.element) }
        }
        title = doc.title
        var headings = DocView.sectionNames.enumerated().map { "\($0.offset + 1). \($0.element)" }
        headings[6] = "7. ค่าใช้จ่ายประจำปีงบประมาณ พ.ศ. \(doc.fiscalYear.beYear) (แยกตามงบประมาณ)"
        headings[10] = "11. แผนการดำเนินงาน/แผนกำกับติดตามประเมินผล ประจำปี พ.ศ. \(doc.fiscalYear.beYear)"
        h = Dictionary(uniqueKeysWithValues: headings.enumerated().map { ("s\($0.offset + 1)", $0.element) })
        rationale = doc.rationale
        objectives = numbered(doc.objectives, prefix: "2.")
        duration = "\(doc.durations.yearCount) ปี เริ่มต้นปี \(doc.durations.startYear.beYear) สิ้นสุดปี \(doc.durations.endYear.beYear)"
        goals = numbered(doc.goals, prefix: "4.")
        activities = doc.activities.sorted { $0.number < $1.number }.map { activity in
            var details: [String] = []
            if !activity.schedule.isEmpty { details.append(activity.schedule) }
            if let start = activity.startDate {
                var when = ThaiDateFormat.long(start, digits: .arabic)
                if let end = activity.endDate, end != start { when += " – " + ThaiDateFormat.long(end, digits: .arabic) }
                details.append("วันที่ " + when)
            }
            if let from = activity.timeFrom, let to = activity.timeTo { details.append("ระหว่างเวลา \(from) – \(to) นาฬิกา") }
            if let place = activity.place { details.append("ณ \(place)") }
            let group = doc.targetGroups.first { $0.activity == activity.number }
            let target = group.map { group in
                Target(
                    description: group.description,
                    total: (group.statedTotal ?? group.computedTotal).map { "\(DocView.count($0)) คน" } ?? "",
                    categories: group.categories.enumerated().map { index, category in
                        Category(
                            n: "\(index + 1).", name: category.name, count: category.count.map { "\(DocView.count($0)) คน" } ?? "",
                            note: category.note ?? "",
                            members: category.members.map { Member(name: $0.name, count: "\(DocView.count($0.count)) คน", note: $0.note ?? "") })
                    })
            }
            return ActivityView(
                heading: "กิจกรรมที่ \(activity.number) \(activity.title)", details: details.joined(separator: " "), target: target,
                topics: numbered(activity.topics, prefix: ""), methods: activity.methods, speakers: numbered(activity.speakers, prefix: ""))
        }
        topics = numbered(doc.topics, prefix: "")
        methods = doc.methods
        speakers = numbered(doc.speakers, prefix: "")
        budgetRows = doc.budgetByYear.sorted { $0.fiscalYear < $1.fiscalYear }.map {
            BudgetRow(
                year: "ปี \($0.fiscalYear.beYear)", inBudget: DocView.amount($0.inBudget), offBudget: DocView.amount($0.offBudget),
                total: DocView.amount($0.total ?? $0.computedTotal))
        }
        budgetTotal = BudgetRow(
            year: "รวมทั้งสิ้น", inBudget: DocView.amount(doc.totalInBudget), offBudget: DocView.amount(doc.totalOffBudget),
            total: DocView.amount(doc.totalBudget))
        totalFigures = doc.totalBudget.formatted
        totalWords = BahtText.words(doc.totalBudget)
        let years = doc.tableYears
        outputYears = years.map { "ปี \($0.beYear)" }
        outputRows = doc.outputTargets.sorted { $0.activity < $1.activity }.map { target in
            OutputRow(
                title: "\(target.activity). " + (doc.activity(target.activity)?.title ?? ""), work: target.work ?? "", unit: target.unit,
                plans: years.map { target.plan(in: $0)?.plainString ?? "" })
        }
        expenseTitle = headings[6]
        let totals = tree.totals(doc.expenseLines)
        expenseRows = tree.flattened.map { category, depth in
            let lines = doc.expenseLines.filter { $0.category == category.code }.map { line -> String in
                var text = line.description.isEmpty ? "" : line.description + " "
                if let price = line.unitPrice, let quantity = line.quantity { text += "(\(price.formatted) × \(quantity)) " }
                if let commitment = line.commitment, let name = tree.lineage(of: line.category).flatMap(\.commitments).first(where: { $0.code == commitment })?.nameTh {
                    text += "[\(name)] "
                }
                return text + line.amount.formatted + " บาท"
            }
            return ExpenseRow(number: category.number, name: category.nameTh, depth: depth, amount: totals[category.code].map(\.formatted) ?? "-", lines: lines)
        }
        expenseTotal = doc.expenseLines.isEmpty ? "-" : doc.expenseTotal.formatted
        expectedResults = numbered(doc.expectedResults, prefix: "8.")
        func indicatorView(_ indicator: Indicator, n: String) -> IndicatorView {
            IndicatorView(
                n: n, text: indicator.description, target: indicator.targetText ?? "", source: indicator.source.thaiName,
                details: numbered(indicator.details, prefix: "").map { Numbered(n: $0.n + ")", text: $0.text) },
                subs: indicator.subIndicators.enumerated().map { indicatorView($0.element, n: "\($0.offset + 1))") })
        }
        quantitative = doc.indicators.filter { $0.kind == .quantitative }.enumerated().map { indicatorView($0.element, n: "\($0.offset + 1).") }
        qualitative = doc.indicators.filter { $0.kind == .qualitative }.enumerated().map { indicatorView($0.element, n: "\($0.offset + 1).") }
        evaluationMethods = numbered(doc.evaluationMethods, prefix: "10.")
        quarterTitle = "แผนการดำเนินงาน/แผนกำกับติดตามประเมินผล ประจำปี \(doc.fiscalYear.beYear)"
        quarterHeads = (1...4).map { "ไตรมาสที่ \($0)" }
        var rows: [QuarterRow] = []
        for activity in doc.activities.sorted(by: { $0.number < $1.number }) {
            func cells(_ subItem: Int?) -> [String] {
                (1...4).flatMap { q -> [String] in
                    let plan = doc.quarterPlan.filter { $0.activity == activity.number && $0.subItem == subItem && $0.fiscalYear == doc.fiscalYear && $0.quarter == q }
                    let output = plan.compactMap(\.output).reduce(Decimal(0), +)
                    return [plan.contains { $0.output != nil } ? output.plainString : "", plan.isEmpty ? "" : DocView.amount(plan.map(\.budget).sum())]
                }
            }
            rows.append(
                QuarterRow(
                    title: "\(activity.number). \(activity.title)",
                    unit: doc.outputTargets.first { $0.activity == activity.number }?.unit ?? "", cells: cells(nil),
                    responsible: activity.responsibleUnit ?? "", isSub: false))
            for (index, sub) in activity.subItems.enumerated() {
                rows.append(QuarterRow(title: "- \(sub.name)", unit: "", cells: cells(index + 1), responsible: "", isSub: true))
            }
        }
        quarterRows = rows
        quarterTotals = (1...4).flatMap { q -> [String] in
            ["", DocView.amount(doc.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear == doc.fiscalYear && $0.quarter == q }.map(\.budget).sum())]
        }
        attachments = numbered(doc.attachments, prefix: "12.")
        authorNames = doc.authors.enumerated().map { "\($0.offset + 1)) \($0.element.name)" }.joined(separator: " ")
        // Seed 2 §13 prints one position and phone for both authors; print each distinct one once.
        var details: [String] = []
        for author in doc.authors {
            let line = [author.position.isEmpty ? nil : "ตำแหน่ง \(author.position)", author.phone.isEmpty ? nil : "เบอร์โทรศัพท์ติดต่อ \(author.phone)"]
                .compactMap { $0 }.joined(separator: " ")
            if !line.isEmpty, !details.contains(line) { details.append(line) }
        }
        authorDetails = details
        responsibleUnits = doc.responsibleUnits
        if digits == .thai { self = DocView.thaiDigits(self) }
    }

    /// Every string with Thai digits (numbers in official print).
    static func thaiDigits<T: Codable>(_ value: T) -> T {
        guard let data = try? JSONEncoder().encode(value), let object = try? JSONSerialization.jsonObject(with: data) else { return value }
        func convert(_ any: Any) -> Any {
            switch any {
            case let s as String: return ThaiDigits.toThai(s)
            case let a as [Any]: return a.map(convert)
            case let d as [String: Any]: return d.mapValues(convert)
            default: return any
            }
        }
        guard let converted = try? JSONSerialization.data(withJSONObject: convert(object)),
            let back = try? JSONDecoder().decode(T.self, from: converted)
        else { return value }
        return back
    }
}

/// A progress round's report as printed and shown.
struct RoundView: Codable {
    struct Row: Codable { var title: String; var unit: String; var cells: [String]; var planned: String; var spent: String; var percent: String; var isSub: Bool }
    struct IndicatorRow: Codable {
        var path: String; var text: String; var target: String; var actual: String; var status: String; var statusClass: String; var basis: String; var depth: Int
    }

    var title: String
    /// Section headings `h.s1` … `h.s4` (so Thai digits reach them too).
    var h: [String: String] = ["s1": "1. ผลการดำเนินงานและการใช้จ่ายงบประมาณ", "s2": "2. ผลตามตัวชี้วัด", "s3": "3. ปัญหาและอุปสรรค", "s4": "4. ข้อเสนอแนะ"]
    var projectTitle: String
    var period: String
    var state: String
    var quarterHeads: [String]
    var rows: [Row]
    var totals: [String]
    var plannedTotal: String
    var spentTotal: String
    var spentPercent: String
    var yearPlan: String
    var spentWords: String
    var indicators: [IndicatorRow]
    var summary: String
    var problems: [String]
    var suggestions: [String]

    init(
        project doc: ProjectDocument, kind: RoundKind, year: FiscalYear, data: ProgressReportData, outcomes: [IndicatorOutcome], state: RoundState?,
        digits: ThaiDigitStyle = .arabic
    ) {
        let report = PlanVsActual.compute(doc, data: data, round: kind, fiscalYear: year)
        func decimal(_ d: Decimal?) -> String { d?.plainString ?? "" }
        title = "รายงานผลการดำเนินงาน \(kind.label()) ประจำปีงบประมาณ พ.ศ. \(year.beYear)"
        projectTitle = doc.title
        period =
            "ตั้งแต่ \(ThaiDateFormat.long(kind.isQuarterly ? year.quarters[kind.endQuarter - 1].firstDay : year.firstDay, digits: .arabic)) ถึง \(ThaiDateFormat.long(kind.cutoff(in: year), digits: .arabic))"
        self.state = state?.thaiName ?? "ยังไม่ได้บันทึก"
        quarterHeads = kind.quarters.map { "ไตรมาสที่ \($0)" }
        rows = report.rows.map { row in
            Row(
                title: row.subItem == nil ? "\(row.activity). \(row.title)" : "- \(row.title)", unit: row.unit,
                cells: row.quarters.flatMap { [decimal($0.plannedOutput), decimal($0.actualOutput), DocView.amount($0.plannedBudget), DocView.amount($0.spent)] },
                planned: DocView.amount(row.plannedBudget), spent: DocView.amount(row.spent), percent: row.spentPercent.map { $0.plainString } ?? "-",
                isSub: row.subItem != nil)
        }
        totals = kind.quarters.flatMap { ["", "", DocView.amount(report.plannedByQuarter[$0 - 1]), DocView.amount(report.spentByQuarter[$0 - 1])] }
        plannedTotal = report.plannedTotal.formatted
        spentTotal = report.spentTotal.formatted
        spentPercent = report.yearPlan.satang > 0 ? (Decimal(report.spentTotal.satang) * 100).divided(by: Decimal(report.yearPlan.satang), scale: 2).plainString : "-"
        yearPlan = report.yearPlan.formatted
        spentWords = BahtText.words(report.spentTotal)
        indicators = outcomes.map { outcome in
            IndicatorRow(
                path: PlanCharts.displayPath(outcome.path), text: outcome.description, target: outcome.targetText ?? "-",
                actual: outcome.actual.map { $0.plainString } ?? "-", status: outcome.status.thaiName,
                statusClass: outcome.status.rawValue, basis: outcome.basis, depth: outcome.depth)
        }
        summary = data.summary
        problems = data.problems
        suggestions = data.suggestions
        if digits == .thai { self = DocView.thaiDigits(self) }
    }
}

/// Shapes for the inline SVG charts, drawn from these numbers by the project, round and print templates.
struct ChartView: Encodable {
    var width: Int
    var height: Int
    var title: String
    var rects: [Chart.Rect]
    var texts: [Chart.Text]
    var lines: [Chart.Line]

    init(_ chart: Chart) {
        width = chart.width
        height = chart.height
        title = chart.title
        rects = chart.rects
        texts = chart.texts
        lines = chart.lines
    }
}
