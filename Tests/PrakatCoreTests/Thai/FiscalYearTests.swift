import Foundation
import Testing

@testable import PrakatCore

private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

@Suite("FiscalYear")
struct FiscalYearTests {
    @Test(arguments: [
        ("2025-09-30", 2568),
        ("2025-10-01", 2569),
        ("2025-12-31", 2569),
        ("2026-01-01", 2569),
        ("2026-02-09", 2569),  // seed 1's form
        ("2026-09-30", 2569),
        ("2026-10-01", 2570),
        ("2024-12-11", 2568),  // seed 1's memo, reported in "ประจำปีงบประมาณ ๒๕๖๘"
        ("2020-10-01", 2564),  // seed 2's fiscal year
        ("2021-09-30", 2564),
        ("2024-02-29", 2567)
    ])
    func containsDate(iso: String, beYear: Int) {
        #expect(FiscalYear.containing(day(iso)) == FiscalYear(beYear: beYear))
        #expect(FiscalYear(beYear: beYear).contains(day(iso)))
    }

    @Test(arguments: [
        ("2026-09-30T16:59:00Z", 2569),  // 23:59 on 30 Sep in Bangkok
        ("2026-09-30T16:59:59Z", 2569),
        ("2026-09-30T17:00:00Z", 2570),  // 00:00 on 1 Oct in Bangkok
        ("2026-09-30T23:00:00Z", 2570),
        ("2025-09-30T17:00:00Z", 2569),
        ("2025-09-30T16:59:59Z", 2568)
    ])
    func containsInstantByBangkokDay(instant: String, beYear: Int) {
        #expect(FiscalYear.containing(utc(instant)).beYear == beYear)
    }

    @Test(arguments: [
        (2569, "2025-10-01", "2026-09-30"),
        (2564, "2020-10-01", "2021-09-30"),
        (2568, "2024-10-01", "2025-09-30")
    ])
    func bounds(beYear: Int, first: String, last: String) {
        let year = FiscalYear(beYear: beYear)
        #expect(year.firstDay == day(first))
        #expect(year.lastDay == day(last))
        #expect(year.endYear == beYear - 543)
        #expect(!year.contains(day(first).adding(days: -1)))
        #expect(!year.contains(day(last).adding(days: 1)))
    }

    @Test(arguments: [
        (2569, 1, "2025-10-01", "2025-12-31"),
        (2569, 2, "2026-01-01", "2026-03-31"),
        (2569, 3, "2026-04-01", "2026-06-30"),
        (2569, 4, "2026-07-01", "2026-09-30"),
        (2564, 1, "2020-10-01", "2020-12-31"),
        (2564, 2, "2021-01-01", "2021-03-31"),
        (2564, 3, "2021-04-01", "2021-06-30"),
        (2564, 4, "2021-07-01", "2021-09-30")
    ])
    func quarterBounds(beYear: Int, number: Int, first: String, last: String) throws {
        let quarter = try #require(FiscalQuarter(fiscalYear: FiscalYear(beYear: beYear), number: number))
        #expect(quarter.firstDay == day(first))
        #expect(quarter.lastDay == day(last))
        #expect(FiscalQuarter.containing(day(first)) == quarter)
        #expect(FiscalQuarter.containing(day(last)) == quarter)
        #expect(FiscalYear(beYear: beYear).quarters[number - 1] == quarter)
    }

    /// Seed 2's plan: activity 1 in Q1, activity 3 (June 2564) in Q3, activity 2 (August 2564) in Q4.
    @Test(arguments: [
        ("2020-11-15", 2564, 1),
        ("2021-06-15", 2564, 3),
        ("2021-08-20", 2564, 4),
        ("2026-02-09", 2569, 2),
        ("2024-12-11", 2568, 1)
    ])
    func quarterOfDate(iso: String, beYear: Int, number: Int) {
        let year = FiscalYear(beYear: beYear)
        #expect(year.quarter(of: day(iso))?.number == number)
        #expect(FiscalQuarter.containing(day(iso)).fiscalYear == year)
        #expect(year.next.quarter(of: day(iso)) == nil)
        #expect(year.previous.quarter(of: day(iso)) == nil)
    }

    @Test func quarterOfInstant() {
        #expect(FiscalQuarter.containing(utc("2026-09-30T16:59:00Z")).description == "FY2569-Q4")
        #expect(FiscalQuarter.containing(utc("2026-09-30T17:00:00Z")).description == "FY2570-Q1")
    }

    @Test(arguments: [2564, 2567, 2568, 2569, 2570])
    func quartersTileTheYear(beYear: Int) {
        let year = FiscalYear(beYear: beYear)
        let quarters = year.quarters
        #expect(quarters.map(\.number) == [1, 2, 3, 4])
        #expect(quarters.first?.firstDay == year.firstDay)
        #expect(quarters.last?.lastDay == year.lastDay)
        for (earlier, later) in zip(quarters, quarters.dropFirst()) {
            #expect(earlier.lastDay.adding(days: 1) == later.firstDay)
            #expect(earlier < later)
        }
        let days = year.firstDay.distance(to: year.lastDay) + 1
        #expect(days == (CalendarDate.isLeapYear(year.endYear) ? 366 : 365))
        #expect(Array(year.firstDay...year.lastDay).allSatisfy { year.quarter(of: $0) != nil })
    }

    @Test(arguments: [
        (2569, 6, "2026-03-31"),
        (2569, 9, "2026-06-30"),
        (2569, 12, "2026-09-30"),
        (2569, 1, "2025-10-31"),
        (2569, 3, "2025-12-31"),
        (2569, 5, "2026-02-28"),
        (2567, 5, "2024-02-29"),
        (2564, 6, "2021-03-31"),
        (2564, 10, "2021-07-31")  // seed 2 reviews "รอบ 10 เดือน"
    ])
    func monthsElapsedEnd(beYear: Int, months: Int, expected: String) {
        #expect(FiscalYear(beYear: beYear).monthsElapsedEnd(months: months) == day(expected))
    }

    @Test func progressRoundsAndHalves() {
        let year = FiscalYear(beYear: 2569)
        #expect(ProgressRound.allCases.map { $0.cutoff(in: year).iso } == ["2026-03-31", "2026-06-30", "2026-09-30"])
        #expect(ProgressRound.sixMonths.label() == "รอบ ๖ เดือน")
        #expect(year.firstHalf == day("2025-10-01")...day("2026-03-31"))
        #expect(year.secondHalf == day("2026-04-01")...day("2026-09-30"))
        #expect(year.firstHalf.lowerBound == year.quarters[0].firstDay)
        #expect(year.firstHalf.upperBound == year.quarters[1].lastDay)
    }

    @Test func labels() throws {
        let quarter = try #require(FiscalQuarter(fiscalYear: FiscalYear(beYear: 2569), number: 1))
        #expect(quarter.label(digits: .arabic) == "ไตรมาสที่ 1/2569")
        #expect(quarter.label() == "ไตรมาสที่ ๑/๒๕๖๙")
        #expect(FiscalYear(beYear: 2564).label() == "ปีงบประมาณ พ.ศ. ๒๕๖๔")
        #expect(FiscalYear(beYear: 2564).label(digits: .arabic) == "ปีงบประมาณ พ.ศ. 2564")
        #expect(FiscalYear(beYear: 2569).description == "FY2569")
    }

    @Test func validation() {
        #expect(FiscalQuarter(fiscalYear: FiscalYear(beYear: 2569), number: 0) == nil)
        #expect(FiscalQuarter(fiscalYear: FiscalYear(beYear: 2569), number: 5) == nil)
        #expect(FiscalYear(validatingBEYear: 2026) == nil)  // a Christian-Era year by mistake
        #expect(FiscalYear(validatingBEYear: 2569) == FiscalYear(beYear: 2569))
        #expect(FiscalYear(beYear: 2568) < FiscalYear(beYear: 2569))
        #expect(FiscalYear(beYear: 2569).next == FiscalYear(beYear: 2570))
    }

    @Test func codable() throws {
        let quarter = try #require(FiscalQuarter(fiscalYear: FiscalYear(beYear: 2569), number: 3))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(FiscalYear(beYear: 2569)), as: UTF8.self) == "2569")
        let data = try encoder.encode(quarter)
        #expect(String(decoding: data, as: UTF8.self) == #"{"fiscalYear":2569,"number":3}"#)
        #expect(try JSONDecoder().decode(FiscalQuarter.self, from: data) == quarter)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FiscalQuarter.self, from: Data(#"{"fiscalYear":2569,"number":5}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(FiscalYear.self, from: Data("2026".utf8))
        }
    }
}
