import Foundation
import Testing

@testable import PrakatCore

/// Seed 2's numbers (โครงการสัมมนา … ประจำปีงบประมาณ พ.ศ. 2564): §5 total, the four
/// activities of §11 with activity 4's six sub-items, and the target groups of §4.
enum SeedTwoNumbers {
    static let fy = FiscalYear(beYear: 2564)

    static func executives() -> TargetCategory {
        TargetCategory(
            name: "ผู้บริหารของสำนักงานเลขาธิการสภาผู้แทนราษฎร",
            members: [
                TargetMember(name: "เลขาธิการสภาผู้แทนราษฎร", count: 1),
                TargetMember(name: "รองเลขาธิการสภาผู้แทนราษฎร", count: 8),
                TargetMember(name: "ข้าราชการที่ดำรงตำแหน่งที่ปรึกษา", count: 9),
                TargetMember(name: "ผู้อำนวยการสำนัก", count: 22),
                TargetMember(name: "ผู้บังคับบัญชาในกลุ่ม/กลุ่มงานขึ้นตรง", count: 143)
            ])
    }

    static func seminarGroup(_ activity: Int) -> TargetGroup {
        TargetGroup(
            activity: activity, description: "บุคลากรสำนักงานเลขาธิการสภาผู้แทนราษฎร", statedTotal: 330,
            categories: [
                executives(),
                TargetCategory(name: "บุคลากรที่ได้รับการแต่งตั้งเป็นคณะทำงาน", count: 120),
                TargetCategory(name: "ข้าราชการสำนักนโยบายและแผน", count: 27)
            ])
    }

    static var document: ProjectDocument {
        let subItems = [("CSR", 200_000), ("Green office", 400_000), ("นวัตกรรม", 400_000), ("Strong", 300_000), ("KM", 200_000), ("BCM", 200_000)]
        var doc = ProjectDocument(title: "โครงการสัมมนา", fiscalYear: fy)
        doc.activities = [
            Activity(number: 1, title: "การเสริมสร้างความรู้", budget: Baht(baht: 400_000)),
            Activity(number: 2, title: "การเร่งรัดดำเนินการ", budget: Baht(baht: 350_000)),
            Activity(number: 3, title: "การจัดสรรรางวัล", budget: Baht(baht: 50_000)),
            Activity(
                number: 4, title: "กิจกรรมขับเคลื่อน", budget: Baht(baht: 1_700_000),
                subItems: subItems.map { SubItem(name: $0.0, budget: Baht(baht: Int64($0.1))) })
        ]
        doc.budgetByYear =
            [2561, 2562, 2563].map { BudgetYear(fiscalYear: FiscalYear(beYear: $0)) }
            + [BudgetYear(fiscalYear: fy, inBudget: Baht(baht: 2_500_000), total: Baht(baht: 2_500_000))]
        doc.outputTargets = [
            OutputTarget(activity: 1, unit: "ตัวชี้วัด", plans: [YearPlan(fiscalYear: fy, plan: 13)]),
            OutputTarget(activity: 2, unit: "ตัวชี้วัด", plans: [YearPlan(fiscalYear: fy, plan: 13)]),
            OutputTarget(activity: 3, unit: "โล่รางวัล", plans: [YearPlan(fiscalYear: fy, plan: 12)]),
            OutputTarget(activity: 4, unit: "ตัวชี้วัด", plans: [YearPlan(fiscalYear: fy, plan: 6)])
        ]
        doc.quarterPlan =
            [
                QuarterPlanRow(activity: 1, fiscalYear: fy, quarter: 2, output: 13, budget: Baht(baht: 400_000)),
                QuarterPlanRow(activity: 2, fiscalYear: fy, quarter: 4, output: 13, budget: Baht(baht: 350_000)),
                QuarterPlanRow(activity: 3, fiscalYear: fy, quarter: 3, output: 12, budget: Baht(baht: 50_000)),
                QuarterPlanRow(activity: 4, fiscalYear: fy, quarter: 4, output: 6, budget: Baht(baht: 1_700_000))
            ] + subItems.indices.map { QuarterPlanRow(activity: 4, subItem: $0 + 1, fiscalYear: fy, quarter: 4, budget: Baht(baht: Int64(subItems[$0].1))) }
        doc.targetGroups = [
            seminarGroup(1), seminarGroup(2),
            TargetGroup(
                activity: 3, description: "บุคลากรของสำนักงานเลขาธิการสภาผู้แทนราษฎร", statedTotal: 130,
                categories: [
                    TargetCategory(
                        name: "หน่วยงานที่มีผลการปฏิบัติราชการดีเด่น",
                        members: [
                            TargetMember(name: "น้ำหนักรวมมากกว่า 5 คะแนน", count: 15),
                            TargetMember(name: "น้ำหนักรวมระหว่าง 1 - 5 คะแนน", count: 15),
                            TargetMember(name: "หน่วยงานที่ให้การส่งเสริม สนับสนุน", count: 25)
                        ]),
                    TargetCategory(name: "ผู้บริหาร", count: 45),
                    TargetCategory(name: "ข้าราชการสำนักนโยบายและแผน และสำนักงานเลขานุการ ก.ร.", count: 30)
                ]),
            TargetGroup(activity: 4, description: "ผู้บริหาร และบุคลากรที่ได้รับการแต่งตั้ง")
        ]
        doc.indicators = [
            Indicator(
                kind: .quantitative, description: "จำนวนผู้เข้าร่วมสัมมนาไม่น้อยกว่าร้อยละ 80", comparator: .atLeast, target: 80, unit: "ร้อยละ",
                source: .attendance(activities: [1, 2])),
            Indicator(
                kind: .quantitative, description: "ผู้เข้าร่วมสัมมนาไม่น้อยกว่าร้อยละ 80 มีความรู้ ความเข้าใจ", comparator: .atLeast, target: 80,
                unit: "ร้อยละ", source: .questionnaire(activity: 1, question: 1, minScore: 4)),
            Indicator(
                kind: .qualitative, description: "ร้อยละความสำเร็จในการเร่งรัดติดตามผล", details: ["รายงานผล", "ข้อเสนอ", "รายงานผลการประเมิน"],
                comparator: .atLeast, target: 80, unit: "ร้อยละ"),
            Indicator(
                kind: .qualitative, description: "ความสำเร็จของการบรรลุตามเป้าหมาย",
                subIndicators: [
                    Indicator(kind: .qualitative, description: "ร้อยละความสำเร็จตามแผนปฏิบัติราชการ", comparator: .atLeast, target: 80, unit: "ร้อยละ"),
                    Indicator(kind: .qualitative, description: "ร้อยละความสำเร็จของการประเมินผลลัพธ์", comparator: .atLeast, target: 80, unit: "ร้อยละ")
                ])
        ]
        return doc
    }
}

@Suite("Project checks")
struct ProjectChecksTests {
    @Test func seedTwoChecksClean() {
        let doc = SeedTwoNumbers.document
        #expect(ProjectChecks.validate(doc).isEmpty)
        #expect(ProjectChecks.check(doc).isEmpty)
        #expect(doc.totalBudget == Baht(baht: 2_500_000))
        #expect(doc.activitiesTotal == Baht(baht: 400_000) + Baht(baht: 350_000) + Baht(baht: 50_000) + Baht(baht: 1_700_000))
        #expect(doc.activity(4)!.subItems.map(\.budget).sum() == Baht(baht: 1_700_000))
        #expect(doc.targetCount(activity: 1) == 330)
        #expect(doc.targetCount(activity: 2) == 330)
        #expect(doc.targetGroups[0].computedTotal == 330)
        #expect(doc.targetGroups[0].categories[0].computedCount == 183)
        #expect(doc.targetCount(activity: 3) == 130)
        #expect(doc.targetGroups[2].computedTotal == 130)
        #expect(doc.targetCount(activity: 4) == nil)
    }

    @Test func totalsInWords() {
        let doc = SeedTwoNumbers.document
        #expect(BahtText.words(doc.totalBudget) == "สองล้านห้าแสนบาทถ้วน")
        #expect(BahtText.words(doc.activity(4)!.budget) == "หนึ่งล้านเจ็ดแสนบาทถ้วน")
        #expect(BahtText.words(doc.activity(2)!.budget) == "สามแสนห้าหมื่นบาทถ้วน")
    }

    @Test func activitiesNotAddingUpAreReportedWithExpectedAndActual() {
        var doc = SeedTwoNumbers.document
        doc.activities[2].budget = Baht(baht: 60_000)
        doc.quarterPlan[2].budget = Baht(baht: 60_000)
        let found = ProjectChecks.check(doc)
        #expect(found.map(\.code) == ["activities-total"])
        #expect(found[0].expected == "2,500,000.00")
        #expect(found[0].actual == "2,510,000.00")
        #expect(found[0].section == 5)
    }

    @Test func subItemsAndQuartersNotAddingUp() {
        var doc = SeedTwoNumbers.document
        doc.activities[3].subItems[0].budget = Baht(baht: 250_000)
        doc.quarterPlan[0].budget = Baht(baht: 390_000)
        let codes = Set(ProjectChecks.check(doc).map(\.code))
        #expect(codes == ["subitems-total", "quarters-total", "subitem-quarters-total"])
        let sub = ProjectChecks.check(doc).first { $0.code == "subitems-total" }!
        #expect(sub.location == "activities[3].subItems")
        #expect(sub.message.contains("กิจกรรมที่ 4"))
        #expect(sub.expected == "1,700,000.00" && sub.actual == "1,750,000.00")
    }

    @Test func targetGroupRowsAgainstStatedTotal() {
        var doc = SeedTwoNumbers.document
        doc.targetGroups[1].categories[2].count = 28
        let found = ProjectChecks.check(doc)
        #expect(found.map(\.code) == ["target-group-total"])
        #expect(found[0].expected == "330 คน" && found[0].actual == "331 คน")
    }

    @Test func budgetYearTotalsAndOutputs() {
        var doc = SeedTwoNumbers.document
        doc.budgetByYear[3].total = Baht(baht: 2_400_000)
        doc.budgetByYear[0].inBudget = Baht(baht: 1)
        doc.quarterPlan[1].output = 12
        let codes = ProjectChecks.check(doc).map(\.code).sorted()
        #expect(codes == ["activities-total", "budget-year-outside", "budget-year-total", "quarters-output"])
    }

    @Test func expenseLinesMustAddUpAndSitInTheirPriceClass() {
        var doc = SeedTwoNumbers.document
        doc.expenseLines = [
            ExpenseLine(category: "operating.services", description: "ค่าเช่าสถานที่", amount: Baht(baht: 1_000_000)),
            ExpenseLine(
                category: "investment.equipment.under1m", description: "เครื่องฉาย", amount: Baht(baht: 1_200_000),
                unitPrice: Baht(baht: 1_200_000), quantity: 1, commitment: "contract")
        ]
        let found = ProjectChecks.check(doc)
        #expect(found.map(\.code) == ["expenses-total", "expense-price-class"])
        doc.expenseLines[1].category = "investment.equipment.over1m"
        doc.expenseLines[0].amount = Baht(baht: 1_300_000)
        #expect(ProjectChecks.check(doc).isEmpty)
        let totals = ExpenseCategoryTree.standard.totals(doc.expenseLines)
        #expect(totals["operating"] == Baht(baht: 1_300_000))
        #expect(totals["investment.equipment"] == Baht(baht: 1_200_000))
    }

    @Test func badInputIsRefusedWithThaiMessages() {
        var doc = SeedTwoNumbers.document
        doc.quarterPlan[0].quarter = 5
        doc.quarterPlan[1].fiscalYear = FiscalYear(beYear: 2565)
        doc.indicators[0].target = 120
        doc.targetGroups[0].statedTotal = 0
        doc.targetGroups[1].categories[1].count = 0
        doc.expenseLines = [ExpenseLine(category: "operating", amount: .zero), ExpenseLine(category: "nope", amount: .zero)]
        doc.indicators[1].source = .questionnaire(activity: 9, question: 1, minScore: 4)
        let errors = ProjectChecks.validate(doc)
        let fields = errors.map(\.field)
        #expect(fields.contains("quarterPlan[0].quarter"))
        #expect(fields.contains("quarterPlan[1].fiscalYear"))
        #expect(fields.contains("indicators[0].target"))
        #expect(fields.contains("targetGroups[0].statedTotal"))
        #expect(fields.contains("targetGroups[1].categories[1].count"))
        #expect(fields.contains("expenseLines[0].category"))
        #expect(fields.contains("expenseLines[1].category"))
        #expect(fields.contains("indicators[1].source"))
        #expect(errors.first { $0.field == "indicators[0].target" }!.message == "ค่าเป้าหมายร้อยละต้องไม่เกิน 100 (ระบุ 120)")
        #expect(errors.first { $0.field == "quarterPlan[0].quarter" }!.message.contains("1–4"))
    }

    @Test func jsonUsesDecimalStringsForMoneyAndRoundTrips() throws {
        let doc = SeedTwoNumbers.document
        let data = try JSONEncoder().encode(doc)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"budget\":\"1700000.00\""))
        #expect(text.contains("\"inBudget\":\"2500000.00\""))
        let back = try JSONDecoder().decode(ProjectDocument.self, from: data)
        #expect(back == doc)
    }

    @Test func negativeOrNonNumericMoneyDoesNotDecode() {
        for amount in ["\"-5.00\"", "\"abc\"", "12.5", "\"1.234\""] {
            let json = #"{"title":"x","fiscalYear":2569,"activities":[{"number":1,"title":"a","budget":\#(amount)}]}"#
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(ProjectDocument.self, from: Data(json.utf8)) }
        }
    }

    @Test func minimalDocumentDecodes() throws {
        let json = #"{"title":"โครงการเล็ก","fiscalYear":2569}"#
        let doc = try JSONDecoder().decode(ProjectDocument.self, from: Data(json.utf8))
        #expect(doc.durations.years == [FiscalYear(beYear: 2569)])
        #expect(ProjectChecks.check(doc).isEmpty)
    }
}
