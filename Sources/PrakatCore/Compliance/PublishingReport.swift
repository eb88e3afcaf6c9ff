import Foundation

/// One step of a request's history, as the annual publishing report reads it.
public struct PublishingReportEvent: Sendable, Hashable {
    public var action: RequestAction
    public var at: Date
    public var fromState: RequestState
    public var toState: RequestState

    public init(_ action: RequestAction, at: Date, from fromState: RequestState, to toState: RequestState) {
        self.action = action
        self.at = at
        self.fromState = fromState
        self.toState = toState
    }
}

/// What the report needs to know of one publication request: where it belongs, its period and
/// its history (`request_events`). Nothing here is a stored counter.
public struct PublishingReportRecord: Sendable, Hashable {
    public var id: UUID
    public var title: String
    public var unitKey: String
    public var categoryKey: String
    public var urgent: Bool
    /// The end of the request's own publication period, if it has one.
    public var expireAt: Date?
    /// A later revision of the same item was published: this request's period no longer applies.
    public var superseded: Bool
    public var events: [PublishingReportEvent]

    public init(
        id: UUID, title: String, unitKey: String, categoryKey: String, urgent: Bool, expireAt: Date?, superseded: Bool = false, events: [PublishingReportEvent]
    ) {
        self.id = id
        self.title = title
        self.unitKey = unitKey
        self.categoryKey = categoryKey
        self.urgent = urgent
        self.expireAt = expireAt
        self.superseded = superseded
        self.events = events.sorted { $0.at < $1.at }
    }

    func first(_ action: RequestAction) -> PublishingReportEvent? { events.first { $0.action == action } }

    /// The state the request was in at `instant`: where its last step up to then led.
    func state(at instant: Date) -> (state: RequestState, since: Date)? {
        events.last { $0.at <= instant }.map { ($0.toState, $0.at) }
    }
}

/// The figures of one row (a unit, a category, or the whole agency).
public struct PublishingReportFigures: Sendable, Hashable, Codable {
    public var requests = 0
    public var approved = 0
    public var returned = 0
    public var rejected = 0
    public var published = 0
    public var takenDownOnTime = 0
    public var takenDownLate = 0
    public var urgentUses = 0
    public var openProblems = 0
    /// Sum of the days from first submission to publication over `published`.
    public var daysToPublishTotal: Double = 0

    public init() {}

    /// Mean days from first submission to the publish step, to one decimal; nil when nothing was published.
    public var averageDaysToPublish: Double? {
        published == 0 ? nil : (daysToPublishTotal / Double(published) * 10).rounded() / 10
    }

    static func + (lhs: Self, rhs: Self) -> Self {
        var sum = lhs
        sum.requests += rhs.requests
        sum.approved += rhs.approved
        sum.returned += rhs.returned
        sum.rejected += rhs.rejected
        sum.published += rhs.published
        sum.takenDownOnTime += rhs.takenDownOnTime
        sum.takenDownLate += rhs.takenDownLate
        sum.urgentUses += rhs.urgentUses
        sum.openProblems += rhs.openProblems
        sum.daysToPublishTotal += rhs.daysToPublishTotal
        return sum
    }
}

/// A problem the report lists by name (see `PublishingReportRules` for each definition).
public enum PublishingProblemKind: String, Sendable, Hashable, Codable, CaseIterable {
    case awaitingApproval
    case awaitingPermission
    case awaitingPublication
    case returnedNotResubmitted
    case urgentNotApproved
    case urgentLapsed
    case takedownNotRecorded

    public var thaiName: String {
        switch self {
        case .awaitingApproval: "ส่งขออนุมัติแล้ว ยังไม่ได้รับการพิจารณาเกินกำหนด"
        case .awaitingPermission: "รอหัวหน้าส่วนราชการอนุญาตเกินกำหนด"
        case .awaitingPublication: "อนุมัติแล้ว ยังไม่ได้นำขึ้นเผยแพร่เกินกำหนด"
        case .returnedNotResubmitted: "ส่งกลับให้แก้ไขแล้ว ยังไม่ได้ส่งใหม่เกินกำหนด"
        case .urgentNotApproved: "เผยแพร่กรณีเร่งด่วนแล้ว ยังไม่ได้รับอนุมัติภายหลังเกินกำหนด"
        case .urgentLapsed: "เผยแพร่กรณีเร่งด่วน ไม่ได้รับอนุมัติภายหลัง จึงถูกนำออก"
        case .takedownNotRecorded: "ครบกำหนดระยะเวลาเผยแพร่แล้ว ยังไม่มีบันทึกการนำออก"
        }
    }
}

public struct PublishingProblem: Sendable, Hashable {
    public var requestID: UUID
    public var title: String
    public var unitKey: String
    public var categoryKey: String
    public var kind: PublishingProblemKind
    /// The moment the problem started (the step the request waits after, or the missed deadline).
    public var since: Date
    /// Whole days from `since` to the report's moment.
    public var days: Int
}

public struct PublishingReportRow: Sendable, Hashable {
    public var key: String
    public var figures: PublishingReportFigures
}

public struct PublishingReport: Sendable, Hashable {
    public var fiscalYear: FiscalYear
    /// The moment open problems are judged at: now, or the end of a fiscal year already over.
    public var asOf: Date
    public var byUnit: [PublishingReportRow]
    public var byCategory: [PublishingReportRow]
    public var totals: PublishingReportFigures
    public var problems: [PublishingProblem]
}

/// The counting rules of the annual publishing report (seed 1, item 4), from requests and their
/// history. Each figure is attributed to the request's unit and category and to the fiscal year
/// (Bangkok, October–September) of the moment named below:
///
/// - requests: requests first submitted in the year (a request returned and submitted again counts once);
/// - approved / rejected / published: requests approved by the unit head, rejected by them or refused
///   by the head of agency, given the publish step in the year (an urgent item approved after the
///   fact is approved when the head approves it);
/// - returned: return events in the year (one request returned twice counts two);
/// - urgent uses: publish steps in the year taken before approval (the urgent path, seed 1 §2.8);
/// - average days to publish: from the first submission to the publish step, over the year's publish steps;
/// - taken down on time / late: requests whose period ended (`expireAt`) in the year, by the end of
///   the period: on time when the expiry job recorded the take-down within `takedownGrace` of the
///   end; late when it was recorded later, or when a webmaster withdrew the item after its end. An
///   ended period with no record yet is an open problem, not a take-down. A request whose item
///   was replaced by a later revision has no take-down of its own.
/// - open problems, judged at `asOf` (now, or the year's end for a year that is over), for every
///   request submitted by then: waiting for approval, for the head of agency's permission,
///   approved and not published, returned and
///   not sent again, each for more than `staleDays`; an urgent item published and not approved
///   after the fact past its `urgentApprovalHours`; a period ended more than `takedownGrace` ago
///   with no take-down recorded; and every urgent item taken down in the year because its
///   approval never came (`urgentLapse`).
public enum PublishingReportRules {
    public static let staleDays = 7
    public static let takedownGrace: TimeInterval = 24 * 60 * 60

    public static func compute(_ records: [PublishingReportRecord], fiscalYear: FiscalYear, now: Date, urgentApprovalHours: Int) -> PublishingReport {
        let yearEnd = fiscalYear.lastDay.endInBangkok
        let asOf = min(now, yearEnd)
        func inYear(_ instant: Date) -> Bool { FiscalYear.containing(instant) == fiscalYear && instant <= now }
        var byUnit: [String: PublishingReportFigures] = [:]
        var byCategory: [String: PublishingReportFigures] = [:]
        var problems: [PublishingProblem] = []
        for record in records {
            var figures = PublishingReportFigures()
            let firstSubmit = record.first(.submit)
            if let firstSubmit, inYear(firstSubmit.at) { figures.requests = 1 }
            if let approve = record.first(.approve), inYear(approve.at) { figures.approved = 1 }
            if let reject = record.events.first(where: { $0.action == .reject || $0.action == .refuse }), inYear(reject.at) { figures.rejected = 1 }
            figures.returned = record.events.filter { $0.action == .returnToAuthor && inYear($0.at) }.count
            if let publish = record.first(.publish), inYear(publish.at) {
                figures.published = 1
                if publish.fromState == .submitted { figures.urgentUses = 1 }
                if let firstSubmit { figures.daysToPublishTotal = max(0, publish.at.timeIntervalSince(firstSubmit.at)) / 86_400 }
            }
            if !record.superseded, let end = record.expireAt, inYear(end), record.first(.publish).map({ $0.at < end }) ?? false {
                let takedown = record.events.first { ($0.action == .expire || $0.action == .withdraw || $0.action == .reject) && $0.at >= end }
                if let takedown {
                    if takedown.action == .expire, takedown.at.timeIntervalSince(end) <= takedownGrace { figures.takenDownOnTime = 1 } else { figures.takenDownLate = 1 }
                }
            }
            let found = openProblems(record, asOf: asOf, inYear: inYear, urgentApprovalHours: urgentApprovalHours)
            figures.openProblems = found.count
            problems += found
            byUnit[record.unitKey, default: PublishingReportFigures()] = byUnit[record.unitKey, default: PublishingReportFigures()] + figures
            byCategory[record.categoryKey, default: PublishingReportFigures()] = byCategory[record.categoryKey, default: PublishingReportFigures()] + figures
        }
        let totals = byUnit.values.reduce(PublishingReportFigures(), +)
        return PublishingReport(
            fiscalYear: fiscalYear, asOf: asOf,
            byUnit: byUnit.map { PublishingReportRow(key: $0.key, figures: $0.value) }.sorted { $0.key < $1.key },
            byCategory: byCategory.map { PublishingReportRow(key: $0.key, figures: $0.value) }.sorted { $0.key < $1.key },
            totals: totals,
            problems: problems.sorted { ($0.since, $0.requestID.uuidString) < ($1.since, $1.requestID.uuidString) })
    }

    static func openProblems(_ record: PublishingReportRecord, asOf: Date, inYear: (Date) -> Bool, urgentApprovalHours: Int) -> [PublishingProblem] {
        func problem(_ kind: PublishingProblemKind, since: Date) -> PublishingProblem {
            PublishingProblem(
                requestID: record.id, title: record.title, unitKey: record.unitKey, categoryKey: record.categoryKey, kind: kind, since: since,
                days: max(0, Int(asOf.timeIntervalSince(since) / 86_400)))
        }
        var found: [PublishingProblem] = []
        for lapse in record.events where lapse.action == .urgentLapse && inYear(lapse.at) {
            found.append(problem(.urgentLapsed, since: lapse.at))
        }
        guard let (state, since) = record.state(at: asOf), record.first(.submit).map({ $0.at <= asOf }) ?? false else { return found }
        let stale = TimeInterval(staleDays) * 86_400
        let waited = asOf.timeIntervalSince(since)
        switch state {
        case .submitted where waited > stale: found.append(problem(.awaitingApproval, since: since))
        case .awaitingPermission where waited > stale: found.append(problem(.awaitingPermission, since: since))
        case .approved where waited > stale: found.append(problem(.awaitingPublication, since: since))
        case .returned where waited > stale: found.append(problem(.returnedNotResubmitted, since: since))
        case .published:
            let approved = record.events.contains { $0.action == .approve && $0.at <= asOf }
            if let publish = record.first(.publish), publish.fromState == .submitted, !approved {
                let deadline = publish.at.addingTimeInterval(TimeInterval(urgentApprovalHours) * 3_600)
                if deadline < asOf { found.append(problem(.urgentNotApproved, since: deadline)) }
            }
            if !record.superseded, let end = record.expireAt, end.addingTimeInterval(takedownGrace) < asOf {
                found.append(problem(.takedownNotRecorded, since: end))
            }
        default: break
        }
        return found
    }
}
