import Foundation
import Testing

@testable import PrakatCore

@Suite("Indicators")
struct IndicatorTests {
    @Test func attendanceAndQuestionnaireFeedIndicators() {
        let doc = SeedTwoNumbers.document
        // 300 + 250 of 330 + 330 people came; 45 of 50 respondents rated question 1 at 4 or 5.
        let tally = LikertTally(counts: [1, 1, 3, 20, 25])
        let inputs = IndicatorInputs(attendance: [1: 300, 2: 250], likert: [1: [1: tally]], entered: ["L1": 85, "L2.1": 90, "L2.2": 70])
        let outcomes = IndicatorEvaluation.evaluate(doc, inputs: inputs)
        #expect(outcomes.map(\.path) == ["Q1", "Q2", "L1", "L2", "L2.1", "L2.2"])
        let attendance = outcomes[0]
        #expect(attendance.actual == Decimal(string: "83.33"))
        #expect(attendance.status == .pass)
        #expect(attendance.basis == "ผู้เข้าร่วม 550 จากกลุ่มเป้าหมาย 660 คน")
        #expect(outcomes[1].actual == 90)
        #expect(outcomes[1].status == .pass)
        #expect(outcomes[2].status == .pass)
        #expect(outcomes[3].status == .fail)  // one part (70 < 80) fails
        #expect(outcomes[5].status == .fail)
    }

    @Test func nothingMeasuredYetIsNotYetNotFail() {
        let outcomes = IndicatorEvaluation.evaluate(SeedTwoNumbers.document, inputs: IndicatorInputs())
        #expect(outcomes.allSatisfy { $0.status == .notYet })
    }

    @Test func onlyActivitiesWithAListCount() {
        let outcomes = IndicatorEvaluation.evaluate(SeedTwoNumbers.document, inputs: IndicatorInputs(attendance: [1: 297]))
        #expect(outcomes[0].actual == 90)
        #expect(outcomes[0].basis == "ผู้เข้าร่วม 297 จากกลุ่มเป้าหมาย 330 คน")
    }

    @Test func attendanceBelowTargetFails() {
        let outcomes = IndicatorEvaluation.evaluate(SeedTwoNumbers.document, inputs: IndicatorInputs(attendance: [1: 200, 2: 200]))
        #expect(outcomes[0].actual == Decimal(string: "60.61"))
        #expect(outcomes[0].status == .fail)
    }

    @Test(arguments: [
        (IndicatorComparator.atLeast, 80, 80, true), (.atLeast, 79, 80, false), (.atMost, 80, 80, true), (.atMost, 81, 80, false),
        (.equal, 13, 13, true), (.greaterThan, 80, 80, false), (.lessThan, 5, 6, true)
    ])
    func comparators(_ comparator: IndicatorComparator, _ actual: Int, _ target: Int, _ holds: Bool) {
        #expect(comparator.holds(Decimal(actual), Decimal(target)) == holds)
        #expect(IndicatorComparator(symbol: comparator.symbol) == comparator)
        #expect(IndicatorComparator(symbol: comparator.rawValue) == comparator)
    }

    @Test func likertAggregation() {
        let tally = LikertTally(scores: [5, 5, 4, 3, 4, 2, 5, 9, 0])
        #expect(tally.responses == 7)
        #expect(tally.counts == [0, 1, 1, 2, 3])
        #expect(tally.mean == Decimal(string: "4"))
        #expect(tally.percent(atLeast: 4) == Decimal(string: "71.43"))
        #expect(LikertTally.level(of: 4.0) == "มาก")
        #expect(LikertTally.level(of: Decimal(string: "4.21")!) == "มากที่สุด")
        #expect(LikertTally.level(of: Decimal(string: "1.8")!) == "น้อยที่สุด")
        #expect(LikertTally().mean == nil)
    }

    @Test func targetTextAndSourcesInJSON() throws {
        let indicator = Indicator(
            kind: .quantitative, description: "x", comparator: .atLeast, target: 80, unit: "ร้อยละ",
            source: .questionnaire(activity: 1, question: 2, minScore: 4))
        #expect(indicator.targetText == "≥ ร้อยละ 80")
        let json = String(decoding: try JSONEncoder().encode(indicator), as: UTF8.self)
        #expect(json.contains(#""comparator":">=""#))
        #expect(json.contains(#""kind":"questionnaire""#))
        #expect(try JSONDecoder().decode(Indicator.self, from: Data(json.utf8)) == indicator)
    }
}

@Suite("Progress rounds")
struct ProgressRoundTests {
    let fy = FiscalYear(beYear: 2564)

    @Test func roundsCoverTheirQuartersAndAreDue() {
        #expect(RoundKind.m6.quarters == [1, 2])
        #expect(RoundKind.m6.cutoff(in: fy).iso == "2021-03-31")
        #expect(RoundKind.q1.dueDate(in: fy).iso == "2021-01-15")
        #expect(RoundKind.m12.label() == "รอบ 12 เดือน")
        #expect(RoundKind(parameter: "6") == .m6)
        #expect(RoundKind(parameter: "Q3") == .q3)
        #expect(RoundKind(parameter: "7") == nil)
    }

    @Test func planVsActualForTheSixMonthRound() {
        let doc = SeedTwoNumbers.document
        let data = ProgressReportData(actuals: [ActualRow(activity: 1, quarter: 2, output: 13, spent: Baht(satang: 38_562_050))])
        #expect(data.validate(kind: .m6, document: doc).isEmpty)
        let report = PlanVsActual.compute(doc, data: data, round: .m6, fiscalYear: fy)
        #expect(report.plannedTotal == Baht(baht: 400_000))
        #expect(report.spentTotal == Baht(satang: 38_562_050))
        #expect(report.yearPlan == Baht(baht: 2_500_000))
        #expect(report.plannedByQuarter == [.zero, Baht(baht: 400_000), .zero, .zero])
        let first = report.rows.first { $0.activity == 1 }!
        #expect(first.spentPercent == Decimal(string: "96.41"))
        #expect(report.rows.filter { $0.activity == 4 }.count == 7)
    }

    @Test func roundInputIsChecked() {
        let doc = SeedTwoNumbers.document
        let data = ProgressReportData(
            actuals: [
                ActualRow(activity: 1, quarter: 3), ActualRow(activity: 9, quarter: 1),
                ActualRow(activity: 1, quarter: 1), ActualRow(activity: 1, quarter: 1)
            ],
            indicatorResults: [EnteredResult(path: "L1", actual: 101), EnteredResult(path: "Q9", actual: 1)])
        let fields = data.validate(kind: .m6, document: doc).map(\.field)
        #expect(fields == ["actuals[0].quarter", "actuals[1].activity", "actuals[3]", "indicatorResults[0].actual", "indicatorResults[1].path"])
    }

    @Test func lateness() {
        let today = CalendarDate(year: 2021, month: 4, day: 20)!
        #expect(RoundWorkflow.isLate(kind: .m6, fiscalYear: fy, submittedOn: nil, today: today))
        #expect(!RoundWorkflow.isLate(kind: .m6, fiscalYear: fy, submittedOn: CalendarDate(year: 2021, month: 4, day: 10), today: today))
        #expect(!RoundWorkflow.isLate(kind: .m9, fiscalYear: fy, submittedOn: nil, today: today))
    }
}
