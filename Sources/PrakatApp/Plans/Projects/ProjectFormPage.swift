import Foundation
import PrakatCore

/// The project form's page model: every field of the seed 2 project document, in rows that
/// grow one at a time without JavaScript, with the messages of what could not be read.
enum ProjectFormPage {
    struct Option: Encodable { var value: String; var label: String; var selected: Bool }
    struct Field: Encodable { var name: String; var value: String; var label: String; var error: String? }
    struct QuarterField: Encodable { var year: Int; var quarter: Int; var output: Field; var budget: Field }

    struct ActivityRow: Encodable {
        var index: Int
        var row: Int
        var fields: [String: Field]
        var quarters: [QuarterField]
        var plans: [Field]
        var errors: [String]
    }

    struct IndicatorRow: Encodable {
        var index: Int
        var row: Int
        var fields: [String: Field]
        var kinds: [Option]
        var comparators: [Option]
        var sources: [Option]
        var errors: [String]
    }

    struct ExpenseRowForm: Encodable {
        var index: Int
        var fields: [String: Field]
        var categories: [Option]
        var commitments: [Option]
        var errors: [String]
    }

    struct BudgetRowForm: Encodable { var index: Int; var fields: [String: Field]; var errors: [String] }

    struct FormBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var action: String
        var cancel: String
        var isNew: Bool
        var general: [String: Field]
        var units: [Option]
        var unitFixed: String?
        var strategies: [Option]
        var budgetRows: [BudgetRowForm]
        var activities: [ActivityRow]
        var indicators: [IndicatorRow]
        var expenses: [ExpenseRowForm]
        var counts: [String: Int]
        var errorList: [String]
        var hasErrors: Bool
    }

    static let generalFields: [(String, String)] = [
        ("title", "ชื่อโครงการ"), ("fiscalYear", "ปีงบประมาณ (พ.ศ.)"), ("startYear", "ปีเริ่มต้น (พ.ศ.)"), ("endYear", "ปีสิ้นสุด (พ.ศ.)"),
        ("rationale", "1. หลักการและเหตุผล (เว้นบรรทัดระหว่างย่อหน้า)"), ("objectives", "2. วัตถุประสงค์ (บรรทัดละข้อ)"),
        ("goals", "4. เป้าหมายโครงการ (บรรทัดละข้อ)"), ("topics", "หัวข้อการบรรยาย/การอภิปราย ของโครงการ (บรรทัดละข้อ)"),
        ("methods", "วิธีดำเนินการ (บรรทัดละข้อ)"), ("speakers", "วิทยากร (บรรทัดละคน)"), ("expectedResults", "8. ผลที่คาดว่าจะได้รับ (บรรทัดละข้อ)"),
        ("evaluationMethods", "10. การติดตามและประเมินผล (บรรทัดละข้อ)"), ("attachments", "12. เอกสารแนบ (บรรทัดละรายการ)"),
        ("authors", "13. ผู้เขียนโครงการ: ชื่อ | ตำแหน่ง | โทรศัพท์ (บรรทัดละคน)"), ("responsibleUnits", "14. ผู้รับผิดชอบโครงการ (บรรทัดละหน่วยงาน)")
    ]

    static let activityFields: [(String, String)] = [
        ("number", "ลำดับ"), ("title", "ชื่อกิจกรรม"), ("schedule", "ช่วงเวลา (ตามที่เขียนในโครงการ)"), ("start", "วันเริ่ม"), ("end", "วันสิ้นสุด"),
        ("days", "จำนวนวัน"), ("from", "เวลาเริ่ม"), ("to", "เวลาสิ้นสุด"), ("place", "สถานที่"), ("budget", "งบประมาณกิจกรรม (บาท)"),
        ("responsible", "ผู้รับผิดชอบ"), ("subitems", "รายการย่อย: ชื่อ | จำนวนเงิน | ไตรมาส (บรรทัดละรายการ)"),
        ("topics", "หัวข้อ (บรรทัดละข้อ)"), ("methods", "วิธีดำเนินการ"), ("speakers", "วิทยากร"), ("unit", "หน่วยนับผลผลิต"), ("work", "งานที่ทำ"),
        ("tdesc", "กลุ่มเป้าหมาย"), ("ttotal", "จำนวนรวม (คน)"), ("trows", "รายกลุ่ม: ชื่อ | จำนวน; บรรทัดที่ขึ้นต้นด้วย - เป็นรายละเอียดของกลุ่มก่อนหน้า")
    ]

    static let indicatorFields: [(String, String)] = [
        ("desc", "ตัวชี้วัด"), ("details", "ผลผลิตที่ต้องมี (บรรทัดละข้อ)"), ("target", "ค่าเป้าหมาย"), ("unit", "หน่วย (เช่น ร้อยละ)"),
        ("acts", "กิจกรรมที่ใช้ (เช่น 1,2)"), ("question", "ข้อคำถามที่"), ("min", "คะแนนขั้นต่ำ (1–5)"), ("parent", "เป็นตัวชี้วัดย่อยของแถวที่")
    ]

    static let expenseFields: [(String, String)] = [("desc", "รายการ"), ("amount", "จำนวนเงิน (บาท)"), ("price", "ราคาต่อหน่วย"), ("qty", "จำนวนหน่วย")]

    static func body(
        _ form: ProjectForm, errors: FormErrors, extra: [String], action: String, cancel: String, isNew: Bool,
        units: [OrgUnit], unitFixed: String?, strategies: [PlanStrategy], tree: ExpenseCategoryTree
    ) -> FormBody {
        let messages = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(errors)) as? [String: String]) ?? [:]
        func field(_ name: String, _ label: String) -> Field { Field(name: name, value: form[name], label: label, error: messages[name]) }
        func fields(_ prefix: String, _ specs: [(String, String)]) -> [String: Field] {
            Dictionary(uniqueKeysWithValues: specs.map { ($0.0, field(prefix + $0.0, $0.1)) })
        }
        func rowErrors(_ prefix: String) -> [String] { messages.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }.map(\.value) }
        let years = form.years
        let activityCount = form.rows("activityRows", blank: ProjectForm.blankActivityRows)
        let indicatorCount = form.rows("indicatorRows", blank: ProjectForm.blankIndicatorRows)
        let expenseCount = form.rows("expenseRows", blank: ProjectForm.blankExpenseRows)
        let budgetCount = form.rows("budgetRows", blank: ProjectForm.blankBudgetRows)
        let activities = (0..<activityCount).map { i -> ActivityRow in
            let p = "a\(i)-"
            return ActivityRow(
                index: i, row: i + 1, fields: fields(p, activityFields),
                quarters: years.flatMap { y in
                    (1...4).map { q in
                        QuarterField(
                            year: y, quarter: q, output: field(p + "q\(q)-\(y)-out", "แผนผลผลิต ไตรมาส \(q)/\(y)"),
                            budget: field(p + "q\(q)-\(y)-budget", "งบ ไตรมาส \(q)/\(y)"))
                    }
                },
                plans: years.map { field(p + "plan-\($0)", "เป้าหมายปี \($0)") }, errors: rowErrors(p))
        }
        let indicators = (0..<indicatorCount).map { i -> IndicatorRow in
            let p = "i\(i)-"
            return IndicatorRow(
                index: i, row: i + 1, fields: fields(p, indicatorFields),
                kinds: IndicatorKind.allCases.map { Option(value: $0.rawValue, label: $0.thaiName, selected: form[p + "kind"] == $0.rawValue) },
                comparators: [Option(value: "", label: "—", selected: form[p + "cmp"].isEmpty)]
                    + IndicatorComparator.allCases.map { Option(value: $0.rawValue, label: "\($0.symbol) \($0.thaiName)", selected: form[p + "cmp"] == $0.rawValue) },
                sources: [("entered", "กรอกผลในรอบรายงาน"), ("attendance", "จากรายชื่อผู้เข้าร่วม"), ("questionnaire", "จากแบบสอบถาม")].map {
                    Option(value: $0.0, label: $0.1, selected: (form[p + "source"].isEmpty ? "entered" : form[p + "source"]) == $0.0)
                }, errors: rowErrors(p))
        }
        let expenses = (0..<expenseCount).map { i -> ExpenseRowForm in
            let p = "e\(i)-"
            let selected = form[p + "cat"]
            return ExpenseRowForm(
                index: i, fields: fields(p, expenseFields),
                categories: [Option(value: "", label: "— เลือกหมวด —", selected: selected.isEmpty)]
                    + tree.leaves.map { leaf in
                        let path = tree.lineage(of: leaf.code).map { "\($0.number) \($0.nameTh)" }.joined(separator: " › ")
                        return Option(value: leaf.code, label: path, selected: selected == leaf.code)
                    },
                commitments: [Option(value: "", label: "—", selected: form[p + "commit"].isEmpty)]
                    + Set(tree.flattened.flatMap { $0.category.commitments }).sorted { $0.code < $1.code }.map {
                        Option(value: $0.code, label: $0.nameTh, selected: form[p + "commit"] == $0.code)
                    }, errors: rowErrors(p))
        }
        let budgetRows = (0..<budgetCount).map { i -> BudgetRowForm in
            let p = "by\(i)-"
            return BudgetRowForm(
                index: i, fields: fields(p, [("year", "ปีงบประมาณ"), ("in", "เงินงบประมาณ"), ("off", "เงินนอกงบประมาณ"), ("total", "รวม (ถ้าระบุ)")]),
                errors: rowErrors(p))
        }
        let selectedUnit = form["unitId"]
        let selectedStrategy = form["strategyId"]
        return FormBody(
            action: action, cancel: cancel, isNew: isNew, general: Dictionary(uniqueKeysWithValues: generalFields.map { ($0.0, field($0.0, $0.1)) }),
            units: units.sorted { thaiOrder($0.nameTh, $1.nameTh) }.map {
                Option(value: $0.id!.uuidString.lowercased(), label: $0.nameTh, selected: $0.id!.uuidString.lowercased() == selectedUnit)
            },
            unitFixed: unitFixed,
            strategies: [Option(value: "", label: "— ไม่ระบุ —", selected: selectedStrategy.isEmpty)]
                + strategies.map { Option(value: $0.id!.uuidString.lowercased(), label: "\($0.code) \($0.nameTh)", selected: $0.id!.uuidString.lowercased() == selectedStrategy) },
            budgetRows: budgetRows, activities: activities, indicators: indicators, expenses: expenses,
            counts: ["activityRows": activityCount, "indicatorRows": indicatorCount, "expenseRows": expenseCount, "budgetRows": budgetCount],
            errorList: errors.list + extra, hasErrors: !errors.isEmpty || !extra.isEmpty)
    }
}
