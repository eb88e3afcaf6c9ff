import Foundation

/// Whether a failed send is worth trying again.
public enum MailFailureKind: String, Sendable, Hashable {
    /// The server or the network may do better later: a 4xx reply, a refused or dropped
    /// connection, a timeout, a TLS or protocol problem.
    case transient
    /// The server said no for good (5xx): the same message will be refused again.
    case permanent

    /// RFC 5321 §4.2.1: 4yz is "transient negative", 5yz "permanent negative". A reply that is
    /// neither where a refusal was expected (a server answering out of turn) is counted as
    /// transient: the retry limit ends it if it never mends.
    public static func of(replyCode code: Int) -> MailFailureKind {
        (500...599).contains(code) ? .permanent : .transient
    }
}

/// When a queued message is tried again after a failure: 1 minute after the first failed
/// attempt, then 2, 4, 8 … minutes, never more than 6 hours apart, and no more after
/// `maximumAttempts` attempts (12 by default: about 21 hours from the first try to the last,
/// long enough to ride out a night of server maintenance, short enough that a notification
/// is not delivered days late).
///
/// Each delay is shortened by up to `jitter` (10 %), by an amount derived from the message's id
/// and the attempt, so that a batch queued together does not come back at one instant — and
/// the schedule stays a pure function, the same in tests and after a restart.
public struct MailRetrySchedule: Sendable, Hashable {
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    public var maximumAttempts: Int
    /// The largest fraction of a delay that jitter takes off (0 … 1).
    public var jitter: Double

    public init(firstDelay: TimeInterval = 60, maximumDelay: TimeInterval = 6 * 3600, maximumAttempts: Int = 12, jitter: Double = 0.1) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
        self.jitter = jitter
    }

    public static let standard = MailRetrySchedule()

    /// Seconds to wait after failed attempt number `attempt` (1 = the first try failed), or
    /// nil when that was the last attempt allowed. Attempts below 1 count as 1.
    public func delay(afterAttempt attempt: Int, messageID: UUID) -> TimeInterval? {
        let attempt = max(1, attempt)
        guard attempt < maximumAttempts else { return nil }
        // 2^(attempt-1) minutes; the exponent is bounded so that no attempt count overflows.
        let doubled = firstDelay * pow(2, Double(min(attempt - 1, 60)))
        let delay = min(max(doubled, 0), maximumDelay)
        let fraction = Double(Self.hash(messageID, attempt) % 10_000) / 10_000
        return delay * (1 - min(max(jitter, 0), 1) * fraction)
    }

    /// What to do after a failed attempt: a permanent failure is never retried.
    public func next(afterAttempt attempt: Int, failure: MailFailureKind, messageID: UUID) -> Decision {
        guard failure == .transient, let delay = delay(afterAttempt: attempt, messageID: messageID) else { return .giveUp }
        return .retry(after: delay)
    }

    public enum Decision: Sendable, Hashable {
        case retry(after: TimeInterval)
        case giveUp
    }

    /// FNV-1a over the id's bytes and the attempt: stable across runs and machines.
    private static func hash(_ id: UUID, _ attempt: Int) -> UInt64 {
        let u = id.uuid
        return FNV1a.hash(
            [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
                + withUnsafeBytes(of: UInt64(truncatingIfNeeded: attempt).littleEndian, Array.init))
    }
}
