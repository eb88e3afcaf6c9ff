import Foundation
import PrakatCore
import Testing

/// The annual publishing report's figures against a set counted by hand (fiscal year 2570:
/// 1 October 2026 – 30 September 2027, Bangkok).
@Suite("Annual publishing report rules")
struct PublishingReportTests {
    /// A moment in Bangkok (hour and minute local).
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 10, _ minute: Int = 0) -> Date {
        let date = CalendarDate(year: year, month: month, day: day) ?? CalendarDate.bangkok(containing: Date(timeIntervalSince1970: 0))
        return date.startInBangkok.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    static func event(_ action: RequestAction, _ date: Date, _ from: RequestState, _ to: RequestState) -> PublishingReportEvent {
        PublishingReportEvent(action, at: date, from: from, to: to)
    }

    static func record(
        _ name: String, unit: String, category: String, urgent: Bool = false, expireAt: Date? = nil, superseded: Bool = false, _ events: [PublishingReportEvent]
    ) -> PublishingReportRecord {
        PublishingReportRecord(id: UUID(), title: name, unitKey: unit, categoryKey: category, urgent: urgent, expireAt: expireAt, superseded: superseded, events: events)
    }

    /// The hand-counted set; the comment on each says what it adds to FY 2570.
    static var records: [PublishingReportRecord] {
        [
            // A: submitted and approved in FY 2569, published in 2570 (7 days), taken down on time.
            record(
                "A", unit: "u1", category: "news", expireAt: at(2026, 12, 1, 0),
                [
                    event(.submit, at(2026, 9, 25), .draft, .submitted), event(.approve, at(2026, 9, 28), .submitted, .approved),
                    event(.publish, at(2026, 10, 2), .approved, .published), event(.expire, at(2026, 12, 1, 0, 1), .published, .expired)
                ]),
            // B: returned twice, published after 10 days, the take-down recorded 5 days late.
            record(
                "B", unit: "u1", category: "news", expireAt: at(2027, 1, 31, 0),
                [
                    event(.create, at(2026, 10, 30), .draft, .draft), event(.submit, at(2026, 11, 1), .draft, .submitted),
                    event(.returnToAuthor, at(2026, 11, 3), .submitted, .returned), event(.submit, at(2026, 11, 5), .returned, .submitted),
                    event(.returnToAuthor, at(2026, 11, 6), .submitted, .returned), event(.submit, at(2026, 11, 8), .returned, .submitted),
                    event(.approve, at(2026, 11, 9), .submitted, .approved), event(.publish, at(2026, 11, 11), .approved, .published),
                    event(.expire, at(2027, 2, 5), .published, .expired)
                ]),
            // C: rejected.
            record(
                "C", unit: "u1", category: "procure",
                [event(.submit, at(2027, 1, 10), .draft, .submitted), event(.reject, at(2027, 1, 12), .submitted, .rejected)]),
            // D: urgent, published 2 hours after submission, approved after the fact, withdrawn after its end (late).
            record(
                "D", unit: "u2", category: "news", urgent: true, expireAt: at(2027, 6, 1, 0),
                [
                    event(.submit, at(2027, 3, 1), .draft, .submitted), event(.publish, at(2027, 3, 1, 12), .submitted, .published),
                    event(.approve, at(2027, 3, 2), .published, .published), event(.withdraw, at(2027, 6, 3), .published, .withdrawn)
                ]),
            // E: urgent, published after 1 hour, never approved: lapsed (a problem).
            record(
                "E", unit: "u2", category: "procure", urgent: true,
                [
                    event(.submit, at(2027, 4, 1), .draft, .submitted), event(.publish, at(2027, 4, 1, 11), .submitted, .published),
                    event(.urgentLapse, at(2027, 4, 4, 11), .published, .withdrawn)
                ]),
            // F: still waiting for approval at the year's end (a problem); approved in FY 2571.
            record(
                "F", unit: "u2", category: "procure",
                [event(.submit, at(2027, 9, 1), .draft, .submitted), event(.approve, at(2027, 10, 5), .submitted, .approved)]),
            // G: approved 3 days before the year's end: not yet a problem.
            record(
                "G", unit: "u1", category: "news",
                [event(.submit, at(2027, 9, 25), .draft, .submitted), event(.approve, at(2027, 9, 27), .submitted, .approved)]),
            // H: a draft never submitted: nothing.
            record("H", unit: "u1", category: "news", [event(.create, at(2027, 2, 1), .draft, .draft)]),
            // I: approved in May and never published (a problem).
            record(
                "I", unit: "u2", category: "news",
                [event(.submit, at(2027, 5, 1), .draft, .submitted), event(.approve, at(2027, 5, 2), .submitted, .approved)]),
            // J: published after 7 days; its period ended 1 August with no take-down recorded (a problem).
            record(
                "J", unit: "u1", category: "procure", expireAt: at(2027, 8, 1, 0),
                [
                    event(.submit, at(2027, 1, 25), .draft, .submitted), event(.approve, at(2027, 1, 28), .submitted, .approved),
                    event(.publish, at(2027, 2, 1), .approved, .published)
                ]),
            // K: published after 2 days, later replaced by a revision: no take-down of its own.
            record(
                "K", unit: "u2", category: "news", expireAt: at(2027, 3, 1, 0), superseded: true,
                [
                    event(.submit, at(2026, 12, 1), .draft, .submitted), event(.approve, at(2026, 12, 2), .submitted, .approved),
                    event(.publish, at(2026, 12, 3), .approved, .published)
                ])
        ]
    }

    static func figures(
        requests: Int, approved: Int, returned: Int, rejected: Int, published: Int, onTime: Int, late: Int, urgent: Int, problems: Int
    ) -> PublishingReportFigures {
        var f = PublishingReportFigures()
        f.requests = requests
        f.approved = approved
        f.returned = returned
        f.rejected = rejected
        f.published = published
        f.takenDownOnTime = onTime
        f.takenDownLate = late
        f.urgentUses = urgent
        f.openProblems = problems
        return f
    }

    /// The figures without the running sum of days, which is checked through the average.
    static func counts(_ f: PublishingReportFigures) -> PublishingReportFigures {
        var copy = f
        copy.daysToPublishTotal = 0
        return copy
    }

    let report = PublishingReportRules.compute(records, fiscalYear: FiscalYear(beYear: 2570), now: at(2027, 11, 15), urgentApprovalHours: 72)

    @Test func perUnit() throws {
        let u1 = try #require(report.byUnit.first { $0.key == "u1" }).figures
        let u2 = try #require(report.byUnit.first { $0.key == "u2" }).figures
        #expect(Self.counts(u1) == Self.figures(requests: 4, approved: 3, returned: 2, rejected: 1, published: 3, onTime: 1, late: 1, urgent: 0, problems: 1))
        #expect(u1.averageDaysToPublish == 8.0)
        #expect(Self.counts(u2) == Self.figures(requests: 5, approved: 3, returned: 0, rejected: 0, published: 3, onTime: 0, late: 1, urgent: 2, problems: 3))
        // (2 h + 1 h + 2 days) / 3
        #expect(u2.averageDaysToPublish == 0.7)
    }

    @Test func perCategoryAndTotals() throws {
        let news = try #require(report.byCategory.first { $0.key == "news" }).figures
        let procure = try #require(report.byCategory.first { $0.key == "procure" }).figures
        #expect(Self.counts(news) == Self.figures(requests: 5, approved: 5, returned: 2, rejected: 0, published: 4, onTime: 1, late: 2, urgent: 1, problems: 1))
        #expect(news.averageDaysToPublish == 4.8)
        #expect(Self.counts(procure) == Self.figures(requests: 4, approved: 1, returned: 0, rejected: 1, published: 2, onTime: 0, late: 0, urgent: 1, problems: 3))
        #expect(procure.averageDaysToPublish == 3.5)
        #expect(
            Self.counts(report.totals) == Self.figures(requests: 9, approved: 6, returned: 2, rejected: 1, published: 6, onTime: 1, late: 2, urgent: 2, problems: 4))
        #expect(report.totals.averageDaysToPublish == 4.4)
    }

    @Test func openProblemsAreNamedAndJudgedAtTheYearsEnd() {
        #expect(report.asOf == FiscalYear(beYear: 2570).lastDay.endInBangkok)
        let named = Dictionary(grouping: report.problems, by: \.title).mapValues { $0.map(\.kind) }
        #expect(named["E"] == [.urgentLapsed])
        #expect(named["F"] == [.awaitingApproval])
        #expect(named["I"] == [.awaitingPublication])
        #expect(named["J"] == [.takedownNotRecorded])
        #expect(report.problems.count == 4)
        #expect(report.problems.first { $0.title == "F" }?.days == 29)
    }

    @Test func theRequestOverTheBoundaryCountsInTheYearOfEachStep() {
        let earlier = PublishingReportRules.compute(Self.records, fiscalYear: FiscalYear(beYear: 2569), now: Self.at(2027, 11, 15), urgentApprovalHours: 72)
        #expect(Self.counts(earlier.totals) == Self.figures(requests: 1, approved: 1, returned: 0, rejected: 0, published: 0, onTime: 0, late: 0, urgent: 0, problems: 0))
        let later = PublishingReportRules.compute(Self.records, fiscalYear: FiscalYear(beYear: 2571), now: Self.at(2027, 11, 15), urgentApprovalHours: 72)
        #expect(later.totals.approved == 1)
        #expect(later.totals.requests == 0)
    }

    @Test func openProblemsNowForTheCurrentYear() {
        // In the middle of FY 2570 (10 March 2027): D was approved after the fact in time, while
        // an urgent item published on 5 March and not approved by 10 March is past its 72 hours.
        let late = Self.record(
            "L", unit: "u1", category: "news", urgent: true,
            [Self.event(.submit, Self.at(2027, 3, 5), .draft, .submitted), Self.event(.publish, Self.at(2027, 3, 5, 11), .submitted, .published)])
        let report = PublishingReportRules.compute(Self.records + [late], fiscalYear: FiscalYear(beYear: 2570), now: Self.at(2027, 3, 10), urgentApprovalHours: 72)
        #expect(report.asOf == Self.at(2027, 3, 10))
        #expect(report.problems.contains { $0.title == "L" && $0.kind == .urgentNotApproved })
        #expect(!report.problems.contains { $0.title == "D" })
        // Steps after "now" do not count.
        #expect(report.totals.published == 6)
    }
}
