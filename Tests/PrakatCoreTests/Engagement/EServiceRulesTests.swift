import Foundation
import PrakatCore
import Testing

@Suite("e-Service rules: codes, secrets, working days, who may do what, statistics")
struct EServiceRulesTests {
    @Test func trackingCodesAreFourDigitsAHyphenAndSix() {
        #expect(TrackingCode(fiscalYear: 2570, number: 123)?.description == "2570-000123")
        #expect(TrackingCode(parsing: "2570-000123") == TrackingCode(fiscalYear: 2570, number: 123))
        for bad in ["2570-00012", "2570000123", "๒๕๗๐-๐๐๐๑๒๓", "2570-00012a", "1000-000001", "2570-000000", "", " 2570-000123", "2570-0000123"] {
            #expect(TrackingCode(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func secretsAreRandomHashedAndComparedForgivingly() {
        let secret = ServiceSecret.generate()
        #expect(secret.count == ServiceSecret.length)
        #expect(ServiceSecret.generate() != secret)
        let stored = ServiceSecret.hash(secret)
        #expect(stored != secret && stored.count == 64)
        #expect(ServiceSecret.matches(secret, storedHash: stored))
        #expect(ServiceSecret.matches(secret.lowercased(), storedHash: stored))
        #expect(ServiceSecret.matches(String(secret.prefix(8)) + "-" + String(secret.dropFirst(8)), storedHash: stored))
        #expect(!ServiceSecret.matches(nil, storedHash: stored))
        #expect(!ServiceSecret.matches("", storedHash: stored))
        #expect(!ServiceSecret.matches(String(repeating: "A", count: 65), storedHash: stored))
        #expect(!ServiceSecret.matches(String(secret.dropLast()) + "Z", storedHash: stored) || secret.hasSuffix("Z"))
    }

    @Test func dueDatesCountWorkingDaysAfterTheDayOfArrival() throws {
        let holidays = Set(DefaultPublicHolidays.days.compactMap { CalendarDate(iso: $0.iso) })
        let calendar = WorkingDayCalendar(holidays: holidays)
        func due(_ arrival: String, _ days: Int) throws -> String {
            let instant = try #require(ISO8601DateFormatter().date(from: arrival))
            return CalendarDate.bangkok(containing: calendar.due(after: instant, workingDays: days).addingTimeInterval(-1)).iso
        }
        // Friday evening: Monday is the first working day.
        #expect(try due("2026-11-27T12:00:00Z", 1) == "2026-11-30")
        // Saturday 23:30 Bangkok is still Saturday; Sunday 00:30 Bangkok is Saturday 17:30 UTC.
        #expect(try due("2026-11-28T17:30:00Z", 1) == "2026-11-30")
        // Songkran: 13–15 April 2026 (Monday–Wednesday) are skipped.
        #expect(try due("2026-04-10T03:00:00Z", 1) == "2026-04-16")
        // Out-of-range day counts are clamped, never trap.
        #expect(try due("2026-11-27T12:00:00Z", 0) == "2026-11-30")
        _ = try due("2026-11-27T12:00:00Z", Int.max)
        #expect(calendar.isWorkingDay(try #require(CalendarDate(iso: "2026-12-09"))))
        #expect(!calendar.isWorkingDay(try #require(CalendarDate(iso: "2026-12-10"))))
        #expect(!calendar.isWorkingDay(try #require(CalendarDate(iso: "2026-12-12"))))
    }

    @Test func theDeskTriagesUnitsAnswerAndConfidentialTypesStayWithTheNamed() {
        let unit = UUID(), otherUnit = UUID()
        let desk = ServiceDeskActor(userID: UUID(), roles: [.serviceDesk], unitID: otherUnit)
        let member = ServiceDeskActor(userID: UUID(), roles: [.staff], unitID: unit)
        let outsider = ServiceDeskActor(userID: UUID(), roles: [.staff], unitID: otherUnit)
        let auditor = ServiceDeskActor(userID: UUID(), roles: [.auditor], unitID: unit)
        let named = ServiceDeskActor(userID: UUID(), roles: [.staff], unitID: otherUnit)
        let open = ServiceRequestFacts(state: .assigned, confidential: false, namedPeople: [], unitID: unit, assigneeID: nil)
        #expect(ServiceDeskRules.denial(.assign, by: desk, on: open) == nil)
        #expect(ServiceDeskRules.denial(.reply, by: member, on: open) == nil)
        #expect(ServiceDeskRules.denial(.assign, by: member, on: open) == .notAllowed)
        #expect(ServiceDeskRules.denial(.view, by: outsider, on: open) == .hidden)
        #expect(ServiceDeskRules.denial(.view, by: auditor, on: open) == nil)
        #expect(ServiceDeskRules.denial(.reply, by: auditor, on: open) == .notAllowed)
        var closed = open
        closed.state = .closed
        #expect(ServiceDeskRules.denial(.reply, by: member, on: closed) == .closed)
        #expect(ServiceDeskRules.denial(.reopen, by: desk, on: closed) == nil)
        #expect(ServiceDeskRules.denial(.reopen, by: desk, on: open) == .notClosed)
        let secret = ServiceRequestFacts(state: .received, confidential: true, namedPeople: [named.userID], unitID: unit, assigneeID: nil)
        for actor in [desk, member, auditor, outsider] { #expect(ServiceDeskRules.denial(.view, by: actor, on: secret) == .hidden) }
        #expect(ServiceDeskRules.denial(.assign, by: named, on: secret) == nil)
        #expect(ServiceDeskRules.denial(.publishAsQuestion, by: named, on: secret) == .confidential)
    }

    @Test func statesFollowTheSteps() {
        #expect(ServiceDeskRules.state(after: .assigned, from: .received, hasUnit: true) == .assigned)
        #expect(ServiceDeskRules.state(after: .publicReply, from: .assigned, hasUnit: true) == .answered)
        #expect(ServiceDeskRules.state(after: .citizenInfo, from: .answered, hasUnit: true) == .inProgress)
        #expect(ServiceDeskRules.state(after: .internalNote, from: .answered, hasUnit: true) == .answered)
        #expect(ServiceDeskRules.state(after: .reopened, from: .closed, hasUnit: false) == .received)
    }

    @Test func statisticsCountByTypeStateChannelAndMonth() throws {
        let year = FiscalYear(beYear: 2570)
        func at(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }
        let records = [
            ServiceRequestRecord(
                typeKey: "a", state: .closed, channel: .web, submittedAt: try at("2026-10-05T03:00:00Z"), dueAt: try at("2026-10-10T17:00:00Z"),
                closedAt: try at("2026-10-07T03:00:00Z")),
            ServiceRequestRecord(
                typeKey: "a", state: .closed, channel: .api, submittedAt: try at("2026-11-01T03:00:00Z"), dueAt: try at("2026-11-02T17:00:00Z"),
                closedAt: try at("2026-11-05T03:00:00Z")),
            ServiceRequestRecord(
                typeKey: "b", state: .received, channel: .web, submittedAt: try at("2026-11-20T03:00:00Z"), dueAt: try at("2026-11-25T17:00:00Z"), closedAt: nil),
            // Outside the half: not counted.
            ServiceRequestRecord(typeKey: "a", state: .received, channel: .web, submittedAt: try at("2027-05-01T03:00:00Z"), dueAt: try at("2027-05-05T17:00:00Z"), closedAt: nil)
        ]
        let stats = ServiceStatistics.compute(records, typeKeys: ["a", "b", "c"], days: year.firstHalf, now: try at("2026-12-01T00:00:00Z"))
        #expect(stats.total == 3)
        #expect(stats.byType.map(\.count) == [2, 1, 0])
        #expect(stats.byState.first { $0.key == "closed" }?.count == 2)
        #expect(stats.byChannel.map(\.count) == [2, 1])
        #expect(stats.byMonth.count == 6)
        #expect(stats.byMonth.map(\.received) == [1, 2, 0, 0, 0, 0])
        #expect(stats.closed == 2 && stats.closedOnTime == 1 && stats.onTimeRate == 0.5)
        #expect(stats.averageDays == 3)
        #expect(stats.overdue == 1)
    }
}
