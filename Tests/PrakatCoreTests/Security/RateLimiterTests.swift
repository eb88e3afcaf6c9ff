import Foundation
import Testing

@testable import PrakatCore

@Suite("Rate limiter (token bucket)")
struct RateLimiterTests {
    let start = Date(timeIntervalSince1970: 1_770_606_000)

    @Test func theLimitIsAllowedThenRefusedWithRetryAfter() {
        var limiter = RateLimiter(limit: 10, window: 60)
        for index in 0..<10 {
            #expect(limiter.attempt("1.2.3.4", at: start) == .allowed(remaining: 9 - index))
        }
        #expect(limiter.attempt("1.2.3.4", at: start) == .limited(retryAfter: 6))
        // Another address has its own bucket.
        #expect(limiter.attempt("5.6.7.8", at: start) == .allowed(remaining: 9))
    }

    @Test func tokensComeBackEvenlyAndFullyAfterTheWindow() {
        var limiter = RateLimiter(limit: 10, window: 60)
        for _ in 0..<10 { _ = limiter.attempt("a", at: start) }
        #expect(limiter.attempt("a", at: start.addingTimeInterval(5)) == .limited(retryAfter: 1))
        #expect(limiter.attempt("a", at: start.addingTimeInterval(6)) == .allowed(remaining: 0))
        #expect(limiter.attempt("a", at: start.addingTimeInterval(7)) == .limited(retryAfter: 5))
        let later = start.addingTimeInterval(6 + 60)
        #expect(limiter.attempt("a", at: later) == .allowed(remaining: 9))
    }

    @Test func refusedAttemptsDoNotDigTheHoleDeeper() {
        var limiter = RateLimiter(limit: 2, window: 60)
        _ = limiter.attempt("a", at: start)
        _ = limiter.attempt("a", at: start)
        for _ in 0..<100 { _ = limiter.attempt("a", at: start) }
        #expect(limiter.attempt("a", at: start.addingTimeInterval(30)) == .allowed(remaining: 0))
    }

    @Test func aClockGoingBackwardsGivesNothingAway() {
        var limiter = RateLimiter(limit: 1, window: 60)
        _ = limiter.attempt("a", at: start)
        #expect(limiter.attempt("a", at: start.addingTimeInterval(-3600)) == .limited(retryAfter: 60))
    }

    @Test func memoryIsBoundedByEvictingIdleThenOldestKeys() {
        var limiter = RateLimiter(limit: 5, window: 60, maximumKeys: 100)
        for index in 0..<100 { _ = limiter.attempt("k\(index)", at: start) }
        #expect(limiter.keyCount == 100)
        // A minute later every bucket is full again: all of them may go.
        _ = limiter.attempt("new", at: start.addingTimeInterval(61))
        #expect(limiter.keyCount == 1)
        for index in 0..<500 { _ = limiter.attempt("busy\(index)", at: start.addingTimeInterval(62)) }
        #expect(limiter.keyCount <= 100)
    }
}
