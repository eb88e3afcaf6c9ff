import Foundation
import Testing

@testable import PrakatCore

private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

@Suite("CalendarDate")
struct CalendarDateTests {
    @Test(arguments: [
        (2026, 2, 9), (2024, 2, 29), (2000, 2, 29), (2025, 12, 31), (2026, 4, 30), (1, 1, 1), (9999, 12, 31)
    ])
    func acceptsRealDates(year: Int, month: Int, day: Int) throws {
        let date = try #require(CalendarDate(year: year, month: month, day: day))
        #expect((date.year, date.month, date.day) == (year, month, day))
    }

    @Test(arguments: [
        (2025, 2, 30), (2025, 2, 29), (1900, 2, 29), (2026, 4, 31), (2026, 13, 1), (2026, 0, 1),
        (2026, 1, 0), (2026, 1, 32), (0, 1, 1), (10000, 1, 1)
    ])
    func rejectsImpossibleDates(year: Int, month: Int, day: Int) {
        #expect(CalendarDate(year: year, month: month, day: day) == nil)
    }

    @Test(arguments: ["2026-02-09", "2024-12-11", "0001-01-01", "9999-12-31", "2024-02-29"])
    func isoRoundTrips(text: String) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.iso == text)
        #expect(date.description == text)
    }

    @Test(arguments: ["2026-2-9", "2026/02/09", "20260209", " 2026-02-09", "2026-02-30", "๒๐๒๖-๐๒-๐๙", "", "2026-02-09T00:00"])
    func isoIsStrict(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test(arguments: [
        ("2026-02-09", 1, "2026-02-10"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2025-02-28", 1, "2025-03-01"),
        ("1900-02-28", 1, "1900-03-01"),
        ("2000-02-28", 1, "2000-02-29"),
        ("2025-12-31", 1, "2026-01-01"),
        ("2026-01-01", -1, "2025-12-31"),
        ("2026-02-09", 365, "2027-02-09"),
        ("2024-12-11", 425, "2026-02-09"),  // the seed's memo date to its form date
        ("2025-10-01", 364, "2026-09-30"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2026-02-09", 0, "2026-02-09"),
        ("0001-01-01", 3_652_058, "9999-12-31")
    ])
    func addsDays(start: String, days: Int, expected: String) {
        #expect(day(start).adding(days: days) == day(expected))
        #expect(day(start).distance(to: day(expected)) == days)
    }

    /// Integer day arithmetic agrees with Foundation's Gregorian calendar over two centuries.
    @Test func dayArithmeticMatchesFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let origin = day("1900-01-01")
        let originInstant = calendar.date(from: DateComponents(year: 1900, month: 1, day: 1))!
        for offset in stride(from: 0, through: 73_000, by: 13) {
            let instant = calendar.date(byAdding: .day, value: offset, to: originInstant)!
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            #expect(origin.adding(days: offset) == CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!))
        }
    }

    @Test func ordersChronologically() {
        let dates = ["2026-02-09", "2024-12-11", "2025-10-01", "2025-09-30", "2026-01-31"].map(day)
        #expect(dates.sorted().map(\.iso) == ["2024-12-11", "2025-09-30", "2025-10-01", "2026-01-31", "2026-02-09"])
        #expect(day("2025-12-31") < day("2026-01-01"))
        #expect(Array(day("2024-02-27")...day("2024-03-01")).count == 4)
    }

    @Test func monthBounds() {
        #expect(day("2024-02-10").lastDayOfMonth == day("2024-02-29"))
        #expect(day("2025-02-10").lastDayOfMonth == day("2025-02-28"))
        #expect(day("2025-02-10").firstDayOfMonth == day("2025-02-01"))
    }

    @Test func codableAsISOString() throws {
        let data = try JSONEncoder().encode([day("2026-02-09")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-02-09"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [day("2026-02-09")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2025-02-30"]"#.utf8))
        }
    }

    @Test(arguments: [
        ("2026-02-08T17:00:00Z", "2026-02-09"),
        ("2026-02-08T16:59:59Z", "2026-02-08"),
        ("2026-02-09T07:30:00Z", "2026-02-09"),
        ("2026-09-30T16:59:59Z", "2026-09-30"),
        ("2026-09-30T17:00:00Z", "2026-10-01"),
        ("2025-12-31T17:00:00Z", "2026-01-01")
    ])
    func bangkokDayOfInstant(instant: String, expected: String) {
        #expect(CalendarDate.bangkok(containing: utc(instant)) == day(expected))
    }

    @Test(arguments: ["2026-02-09", "2024-12-11", "2025-10-01", "2024-02-29", "1970-01-01"])
    func bangkokDayBoundsAreUTCPlus7(iso: String) {
        let date = day(iso)
        let midnightUTC = Double(day("1970-01-01").distance(to: date)) * 86_400
        #expect(date.startInBangkok == Date(timeIntervalSince1970: midnightUTC - 7 * 3600))
        #expect(date.endInBangkok.timeIntervalSince(date.startInBangkok) == 86_400)
        #expect(CalendarDate.bangkok(containing: date.startInBangkok) == date)
        #expect(CalendarDate.bangkok(containing: date.endInBangkok.addingTimeInterval(-0.001)) == date)
        #expect(CalendarDate.bangkok(containing: date.endInBangkok) == date.adding(days: 1))
    }

    @Test func bangkokSettingsArePinned() {
        #expect(Bangkok.timeZone.secondsFromGMT(for: utc("2026-06-01T00:00:00Z")) == 7 * 3600)
        #expect(Bangkok.calendar.timeZone == Bangkok.timeZone)
        #expect(Bangkok.calendar.identifier == .gregorian)
        #expect(day("2026-02-09").startInBangkok == utc("2026-02-08T17:00:00Z"))
        #expect(day("2026-09-30").endInBangkok == utc("2026-09-30T17:00:00Z"))
    }
}
