import Foundation

/// Thai government holidays an install starts with (the Cabinet's announced calendar, with
/// substitute days where a holiday falls on a weekend). They are data: administrators add the
/// special days the Cabinet announces each year and the lunar days of later years.
public enum DefaultPublicHolidays {
    public static let days: [(iso: String, name: String)] = [
        ("2026-01-01", "วันขึ้นปีใหม่"),
        ("2026-03-03", "วันมาฆบูชา"),
        ("2026-04-06", "วันจักรี"),
        ("2026-04-13", "วันสงกรานต์"),
        ("2026-04-14", "วันสงกรานต์"),
        ("2026-04-15", "วันสงกรานต์"),
        ("2026-05-01", "วันแรงงานแห่งชาติ"),
        ("2026-05-04", "วันฉัตรมงคล"),
        ("2026-06-01", "ชดเชยวันวิสาขบูชา"),
        ("2026-06-03", "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี"),
        ("2026-07-28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว"),
        ("2026-07-29", "วันอาสาฬหบูชา"),
        ("2026-07-30", "วันเข้าพรรษา"),
        ("2026-08-12", "วันแม่แห่งชาติ"),
        ("2026-10-13", "วันนวมินทรมหาราช"),
        ("2026-10-23", "วันปิยมหาราช"),
        ("2026-12-07", "ชดเชยวันพ่อแห่งชาติ"),
        ("2026-12-10", "วันรัฐธรรมนูญ"),
        ("2026-12-31", "วันสิ้นปี"),
        ("2027-01-01", "วันขึ้นปีใหม่"),
        ("2027-04-06", "วันจักรี"),
        ("2027-04-13", "วันสงกรานต์"),
        ("2027-04-14", "วันสงกรานต์"),
        ("2027-04-15", "วันสงกรานต์"),
        ("2027-05-03", "ชดเชยวันแรงงานแห่งชาติ"),
        ("2027-05-04", "วันฉัตรมงคล"),
        ("2027-06-03", "วันเฉลิมพระชนมพรรษาสมเด็จพระราชินี"),
        ("2027-07-28", "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว"),
        ("2027-08-12", "วันแม่แห่งชาติ"),
        ("2027-10-13", "วันนวมินทรมหาราช"),
        ("2027-10-25", "ชดเชยวันปิยมหาราช"),
        ("2027-12-06", "ชดเชยวันพ่อแห่งชาติ"),
        ("2027-12-10", "วันรัฐธรรมนูญ"),
        ("2027-12-31", "วันสิ้นปี")
    ]
}

/// One request as the statistics see it: no names, no text.
public struct ServiceRequestRecord: Sendable {
    public var typeKey: String
    public var state: ServiceRequestState
    public var channel: ServiceChannel
    public var submittedAt: Date
    public var dueAt: Date
    public var closedAt: Date?

    public init(typeKey: String, state: ServiceRequestState, channel: ServiceChannel, submittedAt: Date, dueAt: Date, closedAt: Date?) {
        self.typeKey = typeKey
        self.state = state
        self.channel = channel
        self.submittedAt = submittedAt
        self.dueAt = dueAt
        self.closedAt = closedAt
    }
}

/// Figures of a fiscal year or one of its halves (MOIT 10): counts per type, state, channel and
/// month, the share closed by the due time, and the average days from arrival to closing.
public struct ServiceStatistics: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        public var key: String
        public var count: Int
    }

    public struct Month: Sendable, Equatable {
        /// The month's first day.
        public var month: CalendarDate
        public var received: Int
        public var closed: Int
        public var closedOnTime: Int
    }

    public var total: Int
    public var byType: [Count]
    public var byState: [Count]
    public var byChannel: [Count]
    public var byMonth: [Month]
    public var closed: Int
    public var closedOnTime: Int
    /// Open requests past their due time at `now`.
    public var overdue: Int
    /// Closed on time ÷ closed, nil when nothing has closed.
    public var onTimeRate: Double?
    /// Mean days (to one decimal) from arrival to closing, nil when nothing has closed.
    public var averageDays: Double?

    /// `records` are the requests that arrived within `days`; `typeKeys` fixes the order (and
    /// lists types with no requests as 0).
    public static func compute(_ records: [ServiceRequestRecord], typeKeys: [String], days: ClosedRange<CalendarDate>, now: Date) -> ServiceStatistics {
        let inRange = records.filter { days.contains(CalendarDate.bangkok(containing: $0.submittedAt)) }
        func counts<K: Hashable>(_ keys: [K], _ key: (ServiceRequestRecord) -> K, name: (K) -> String) -> [Count] {
            keys.map { k in Count(key: name(k), count: inRange.filter { key($0) == k }.count) }
        }
        let extraTypes = Set(inRange.map(\.typeKey)).subtracting(typeKeys).sorted()
        let closed = inRange.filter { $0.state == .closed && $0.closedAt != nil }
        let onTime = closed.filter { ($0.closedAt ?? .distantFuture) <= $0.dueAt }
        var months: [Month] = []
        var month = days.lowerBound.firstDayOfMonth
        while month <= days.upperBound {
            let range = month...month.lastDayOfMonth
            let arrived = inRange.filter { range.contains(CalendarDate.bangkok(containing: $0.submittedAt)) }
            let closedThen = closed.filter { $0.closedAt.map { range.contains(CalendarDate.bangkok(containing: $0)) } ?? false }
            months.append(
                Month(month: month, received: arrived.count, closed: closedThen.count, closedOnTime: closedThen.filter { ($0.closedAt ?? .distantFuture) <= $0.dueAt }.count))
            month = month.lastDayOfMonth.adding(days: 1)
        }
        let totalDays = closed.reduce(0.0) { $0 + max(0, ($1.closedAt ?? $1.submittedAt).timeIntervalSince($1.submittedAt)) / 86_400 }
        return ServiceStatistics(
            total: inRange.count,
            byType: counts(typeKeys + extraTypes, \.typeKey, name: { $0 }),
            byState: counts(ServiceRequestState.allCases, \.state, name: \.rawValue),
            byChannel: counts(ServiceChannel.allCases, \.channel, name: \.rawValue),
            byMonth: months, closed: closed.count, closedOnTime: onTime.count,
            overdue: inRange.filter { $0.state != .closed && $0.dueAt < now }.count,
            onTimeRate: closed.isEmpty ? nil : Double(onTime.count) / Double(closed.count),
            averageDays: closed.isEmpty ? nil : (totalDays / Double(closed.count) * 10).rounded() / 10)
    }
}
