import Foundation
import Testing

@testable import PrakatCore

@Suite("Mail retry schedule")
struct MailRetryScheduleTests {
    let id = UUID(uuidString: "0B4D9C1E-7F00-4A00-9000-0000000000FF") ?? UUID()

    @Test func delaysDoubleFromAMinuteUpToSixHoursWithinTheJitter() throws {
        let schedule = MailRetrySchedule.standard
        let nominal: [TimeInterval] = [60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600]
        for (index, expected) in nominal.enumerated() {
            let delay = try #require(schedule.delay(afterAttempt: index + 1, messageID: id))
            #expect(delay <= expected && delay > expected * 0.9, "attempt \(index + 1): \(delay)")
        }
    }

    @Test func itGivesUpAfterTheLastAttempt() {
        #expect(MailRetrySchedule.standard.delay(afterAttempt: 11, messageID: id) != nil)
        #expect(MailRetrySchedule.standard.delay(afterAttempt: 12, messageID: id) == nil)
        #expect(MailRetrySchedule.standard.delay(afterAttempt: Int.max, messageID: id) == nil)
        let short = MailRetrySchedule(maximumAttempts: 3)
        #expect(short.delay(afterAttempt: 2, messageID: id) != nil)
        #expect(short.delay(afterAttempt: 3, messageID: id) == nil)
    }

    @Test func jitterIsDeterministicAndSpreadsABatch() {
        let schedule = MailRetrySchedule.standard
        #expect(schedule.delay(afterAttempt: 3, messageID: id) == schedule.delay(afterAttempt: 3, messageID: id))
        let ids = (0..<50).map { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", $0)) ?? UUID() }
        let delays = Set(ids.compactMap { schedule.delay(afterAttempt: 4, messageID: $0) })
        #expect(delays.count > 40)
        #expect(delays.allSatisfy { $0 > 432 && $0 <= 480 })
        let noJitter = MailRetrySchedule(jitter: 0)
        #expect(noJitter.delay(afterAttempt: 1, messageID: id) == 60)
    }

    @Test func oddInputsNeitherTrapNorMisbehave() {
        let schedule = MailRetrySchedule(maximumAttempts: 1000)
        #expect(schedule.delay(afterAttempt: 0, messageID: id) == schedule.delay(afterAttempt: 1, messageID: id))
        #expect(schedule.delay(afterAttempt: -5, messageID: id) == schedule.delay(afterAttempt: 1, messageID: id))
        let late = schedule.delay(afterAttempt: 999, messageID: id) ?? 0
        #expect(late > 0 && late <= 6 * 3600)
        #expect(MailRetrySchedule(jitter: 7).delay(afterAttempt: 1, messageID: id) ?? -1 >= 0)
    }

    @Test func permanentFailuresAreNotRetried() {
        let schedule = MailRetrySchedule.standard
        #expect(schedule.next(afterAttempt: 1, failure: .permanent, messageID: id) == .giveUp)
        guard case .retry(let delay) = schedule.next(afterAttempt: 1, failure: .transient, messageID: id) else {
            Issue.record("a transient failure should be retried")
            return
        }
        #expect(delay > 54 && delay <= 60)
        #expect(schedule.next(afterAttempt: 12, failure: .transient, messageID: id) == .giveUp)
    }

    @Test func replyCodesAreClassifiedByTheirFirstDigit() {
        #expect(MailFailureKind.of(replyCode: 421) == .transient)
        #expect(MailFailureKind.of(replyCode: 450) == .transient)
        #expect(MailFailureKind.of(replyCode: 452) == .transient)
        #expect(MailFailureKind.of(replyCode: 550) == .permanent)
        #expect(MailFailureKind.of(replyCode: 552) == .permanent)
        #expect(MailFailureKind.of(replyCode: 554) == .permanent)
        #expect(MailFailureKind.of(replyCode: 250) == .transient)
    }
}
