import Foundation

/// How a published item stands at a given moment, from its period alone.
public enum PublicationStatus: String, Sendable, Codable, Hashable {
    /// Published with a start in the future.
    case scheduled
    case live
    /// Its period has ended (seed 1 §2.1.3 "นำออกเมื่อครบระยะเวลา").
    case expired
    case withdrawn
    /// Urgent, published before approval, and the approval did not come in time (seed 1 §2.8).
    case urgentLapsed

    public var thaiName: String {
        switch self {
        case .scheduled: "ตั้งเวลาเผยแพร่"
        case .live: "เผยแพร่อยู่"
        case .expired: "ครบกำหนดเผยแพร่"
        case .withdrawn: "ถอนการเผยแพร่"
        case .urgentLapsed: "นำออก (ไม่ได้รับอนุมัติภายในเวลา)"
        }
    }
}

/// The period in which an item is public: `publishAt ≤ now < expireAt`, not withdrawn, and, for
/// an urgent item still waiting for approval, before its approval deadline. Everything that
/// serves the public asks this (the API contract: "whatever the background jobs have or have not done yet").
public struct PublicationWindow: Sendable, Hashable {
    public var publishAt: Date
    public var expireAt: Date?
    public var withdrawnAt: Date?
    /// Set while an urgent item waits for approval after the fact; nil once approved.
    public var urgentDeadline: Date?

    public init(publishAt: Date, expireAt: Date?, withdrawnAt: Date? = nil, urgentDeadline: Date? = nil) {
        self.publishAt = publishAt
        self.expireAt = expireAt
        self.withdrawnAt = withdrawnAt
        self.urgentDeadline = urgentDeadline
    }

    public func status(at now: Date) -> PublicationStatus {
        if let withdrawnAt, withdrawnAt <= now { return .withdrawn }
        if let urgentDeadline, urgentDeadline <= now { return .urgentLapsed }
        if let expireAt, expireAt <= now { return .expired }
        if now < publishAt { return .scheduled }
        return .live
    }

    public func isPublic(at now: Date) -> Bool { status(at: now) == .live }

    /// The next moment after `now` at which `status` changes, if any: a rendered page that
    /// shows this item is valid until then.
    public func nextChange(after now: Date) -> Date? {
        [publishAt, expireAt, urgentDeadline, withdrawnAt].compactMap { $0 }.filter { $0 > now }.min()
    }
}

/// The publication period a request asks for, checked against its category's rules.
public struct PeriodRule: Sendable, Hashable {
    /// The category requires an end of publication (e.g. procurement notices, job postings).
    public var requiresExpiry: Bool
    /// Default length in days when none is given, if the category has one.
    public var defaultDays: Int?

    public init(requiresExpiry: Bool, defaultDays: Int?) {
        self.requiresExpiry = requiresExpiry
        self.defaultDays = defaultDays
    }

    public enum Violation: Sendable, Hashable, Error {
        case endBeforeStart
        case endInPast
        case endRequired

        public var message: String {
            switch self {
            case .endBeforeStart: "วันสิ้นสุดการเผยแพร่ต้องอยู่หลังวันเริ่มเผยแพร่"
            case .endInPast: "วันสิ้นสุดการเผยแพร่ผ่านมาแล้ว"
            case .endRequired: "หมวดนี้ต้องกำหนดวันสิ้นสุดการเผยแพร่"
            }
        }
    }

    /// The end to use: the one given, or the category's default counted from `start`.
    public func resolvedEnd(start: Date, requested: Date?) -> Date? {
        if let requested { return requested }
        guard let defaultDays, defaultDays > 0 else { return nil }
        return start.addingTimeInterval(Double(defaultDays) * 86_400)
    }

    public func violations(start: Date, end: Date?, now: Date) -> [Violation] {
        guard let end else { return requiresExpiry && defaultDays == nil ? [.endRequired] : [] }
        var found: [Violation] = []
        if end <= start { found.append(.endBeforeStart) }
        if end <= now { found.append(.endInPast) }
        return found
    }
}
