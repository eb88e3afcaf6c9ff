import Foundation
import Testing

@testable import PrakatCore

private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

@Suite("ThaiDateFormat")
struct ThaiDateFormatTests {
    struct Case: Sendable, CustomStringConvertible {
        let iso: String
        let long: String
        let short: String
        var description: String { iso }
    }

    static let cases: [Case] = [
        // Seed 1: the form's date and the memo's date.
        Case(iso: "2026-02-09", long: "9 กุมภาพันธ์ 2569", short: "9 ก.พ. 2569"),
        Case(iso: "2024-12-11", long: "11 ธันวาคม 2567", short: "11 ธ.ค. 2567"),
        // Seed 2: FY 2564 runs 1 Oct 2563 – 30 Sep 2564.
        Case(iso: "2020-10-01", long: "1 ตุลาคม 2563", short: "1 ต.ค. 2563"),
        Case(iso: "2021-09-30", long: "30 กันยายน 2564", short: "30 ก.ย. 2564"),
        Case(iso: "2021-06-15", long: "15 มิถุนายน 2564", short: "15 มิ.ย. 2564"),
        Case(iso: "2021-08-20", long: "20 สิงหาคม 2564", short: "20 ส.ค. 2564"),
        // Every other month.
        Case(iso: "2026-01-01", long: "1 มกราคม 2569", short: "1 ม.ค. 2569"),
        Case(iso: "2026-03-31", long: "31 มีนาคม 2569", short: "31 มี.ค. 2569"),
        Case(iso: "2026-04-13", long: "13 เมษายน 2569", short: "13 เม.ย. 2569"),
        Case(iso: "2026-05-04", long: "4 พฤษภาคม 2569", short: "4 พ.ค. 2569"),
        Case(iso: "2026-07-28", long: "28 กรกฎาคม 2569", short: "28 ก.ค. 2569"),
        Case(iso: "2025-11-30", long: "30 พฤศจิกายน 2568", short: "30 พ.ย. 2568"),
        Case(iso: "2024-02-29", long: "29 กุมภาพันธ์ 2567", short: "29 ก.พ. 2567"),
        Case(iso: "1997-09-27", long: "27 กันยายน 2540", short: "27 ก.ย. 2540")  // Official Information Act year
    ]

    @Test(arguments: cases)
    func formatsCalendarDates(c: Case) {
        let date = day(c.iso)
        #expect(ThaiDateFormat.long(date, digits: .arabic) == c.long)
        #expect(ThaiDateFormat.short(date, digits: .arabic) == c.short)
        #expect(ThaiDateFormat.long(date, digits: .thai) == ThaiDigits.toThai(c.long))
        #expect(ThaiDateFormat.short(date) == ThaiDigits.toThai(c.short))
    }

    @Test func seedDatesInThaiDigits() {
        #expect(ThaiDateFormat.long(day("2026-02-09")) == "๙ กุมภาพันธ์ ๒๕๖๙")
        #expect(ThaiDateFormat.long(day("2024-12-11")) == "๑๑ ธันวาคม ๒๕๖๗")
        #expect(ThaiDateFormat.short(day("2026-02-09")) == "๙ ก.พ. ๒๕๖๙")
    }

    @Test(arguments: [
        ("2026-02-09T07:30:00Z", ThaiDateFormat(style: .short, digits: .arabic, showsTime: true), "9 ก.พ. 2569 14:30 น."),
        ("2026-02-09T07:30:00Z", ThaiDateFormat(style: .short, digits: .thai, showsTime: true), "๙ ก.พ. ๒๕๖๙ ๑๔:๓๐ น."),
        ("2026-02-09T07:30:00Z", ThaiDateFormat(style: .long, digits: .arabic, showsTime: true), "9 กุมภาพันธ์ 2569 14:30 น."),
        ("2026-02-09T07:30:00Z", ThaiDateFormat(style: .long, digits: .arabic, showsTime: false), "9 กุมภาพันธ์ 2569"),
        // Just after midnight in Bangkok is still the previous day in UTC.
        ("2026-02-08T17:05:00Z", ThaiDateFormat(style: .short, digits: .arabic, showsTime: true), "9 ก.พ. 2569 00:05 น."),
        ("2026-09-30T16:59:00Z", ThaiDateFormat(style: .short, digits: .arabic, showsTime: true), "30 ก.ย. 2569 23:59 น."),
        ("2026-09-30T17:00:00Z", ThaiDateFormat(style: .short, digits: .arabic, showsTime: true), "1 ต.ค. 2569 00:00 น."),
        ("2024-12-11T02:09:59Z", ThaiDateFormat(style: .long, digits: .thai, showsTime: true), "๑๑ ธันวาคม ๒๕๖๗ ๐๙:๐๙ น.")
    ])
    func formatsInstantsInBangkok(instant: String, format: ThaiDateFormat, expected: String) {
        #expect(format.string(from: utc(instant)) == expected)
    }

    @Test func shorthandsForInstants() {
        let instant = utc("2026-02-09T07:30:00Z")
        #expect(ThaiDateFormat.long(instant) == "๙ กุมภาพันธ์ ๒๕๖๙")
        #expect(ThaiDateFormat.short(instant, digits: .arabic, showsTime: true) == "9 ก.พ. 2569 14:30 น.")
        #expect(ThaiDateFormat.time(instant, digits: .arabic) == "14:30 น.")
        #expect(ThaiDateFormat().string(from: day("2026-02-09")) == "๙ กุมภาพันธ์ ๒๕๖๙")
    }

    @Test func monthTablesAreComplete() {
        #expect(ThaiMonthNames.full.count == 12)
        #expect(ThaiMonthNames.abbreviated.count == 12)
        #expect(Set(ThaiMonthNames.full).count == 12)
        #expect(Set(ThaiMonthNames.abbreviated).count == 12)
        #expect(ThaiMonthNames.abbreviated.allSatisfy { $0.hasSuffix(".") })
    }

    @Test func buddhistEra() {
        #expect(day("2026-02-09").buddhistYear == 2569)
        #expect(BuddhistEra.year(fromChristian: 1997) == 2540)
        #expect(BuddhistEra.christianYear(fromBuddhist: 2564) == 2021)
    }
}
