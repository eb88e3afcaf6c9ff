import Foundation
import NIOConcurrencyHelpers

/// Time is injected so tests can freeze it and move it forward (expiry, lockouts, day seals)
/// instead of sleeping.
public protocol PrakatClock: Sendable {
    func now() -> Date
}

public struct SystemClock: PrakatClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until told to move.
public final class FixedClock: PrakatClock, @unchecked Sendable {
    private let current: NIOLockedValueBox<Date>
    public init(_ start: Date) { current = .init(start) }
    public func now() -> Date { current.withLockedValue { $0 } }
    public func advance(by seconds: TimeInterval) { current.withLockedValue { $0.addTimeInterval(seconds) } }
    public func set(_ date: Date) { current.withLockedValue { $0 = date } }
}
