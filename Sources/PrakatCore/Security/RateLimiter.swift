import Foundation

/// A token bucket per key (a client address): `limit` requests at once, refilled evenly over
/// `window` — written as GCRA, so each key costs one timestamp (the "theoretical arrival time").
/// Pure and clock-free: the caller passes the time, so it is tested with explicit times.
/// Memory is bounded: beyond `maximumKeys`, keys whose bucket is full again go first, then the
/// least recently used quarter.
public struct RateLimiter: Sendable {
    public enum Decision: Equatable, Sendable {
        case allowed(remaining: Int)
        /// Whole seconds until one more request would be allowed (1 … window).
        case limited(retryAfter: Int)
    }

    public let limit: Int
    public let window: TimeInterval
    public let maximumKeys: Int
    private var arrivals: [String: Date] = [:]

    public init(limit: Int, window: TimeInterval = 60, maximumKeys: Int = 10_000) {
        precondition(limit > 0 && window > 0 && maximumKeys > 0)
        self.limit = limit
        self.window = window
        self.maximumKeys = maximumKeys
    }

    public var keyCount: Int { arrivals.count }
    /// Time one request "costs".
    private var interval: TimeInterval { window / Double(limit) }

    public mutating func attempt(_ key: String, at now: Date) -> Decision {
        let theoretical = max(arrivals[key] ?? now, now)
        let allowedFrom = theoretical.addingTimeInterval(-(window - interval))
        if now < allowedFrom {
            let wait = min(allowedFrom.timeIntervalSince(now), window)
            return .limited(retryAfter: max(1, Int(wait.rounded(.up))))
        }
        let next = theoretical.addingTimeInterval(interval)
        if arrivals[key] == nil, arrivals.count >= maximumKeys { evict(at: now) }
        arrivals[key] = next
        let remaining = (now.addingTimeInterval(window).timeIntervalSince(next) / interval).rounded(.down)
        return .allowed(remaining: max(0, Int(remaining)))
    }

    /// GCRA's rule for a bucket kept elsewhere (the shared table on PostgreSQL): with the
    /// stored theoretical arrival time, whether a request at `now` passes and what to store.
    public static func next(theoretical stored: Date?, at now: Date, limit: Int, window: TimeInterval) -> (decision: Decision, store: Date?) {
        let interval = window / Double(limit)
        let theoretical = max(stored ?? now, now)
        let allowedFrom = theoretical.addingTimeInterval(-(window - interval))
        if now < allowedFrom {
            return (.limited(retryAfter: max(1, Int(min(allowedFrom.timeIntervalSince(now), window).rounded(.up)))), nil)
        }
        let next = theoretical.addingTimeInterval(interval)
        let remaining = (now.addingTimeInterval(window).timeIntervalSince(next) / interval).rounded(.down)
        return (.allowed(remaining: max(0, Int(remaining))), next)
    }

    mutating func evict(at now: Date) {
        arrivals = arrivals.filter { $0.value > now }
        if arrivals.count >= maximumKeys {
            let oldest = arrivals.sorted { $0.value < $1.value }.prefix(max(1, maximumKeys / 4)).map(\.key)
            for key in oldest { arrivals[key] = nil }
        }
    }
}
