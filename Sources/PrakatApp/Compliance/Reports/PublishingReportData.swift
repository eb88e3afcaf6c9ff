import Fluent
import Foundation
import PrakatCore
import Vapor

/// The annual publishing report of one fiscal year, counted from `publication_requests`,
/// `request_events` and `publications` by `PublishingReportRules` (nothing is stored).
struct AnnualPublishingReport: Sendable {
    var report: PublishingReport
    var unitNames: [String: String]
    var categoryNames: [String: String]

    func unitName(_ key: String) -> String { unitNames[key] ?? PublishingReportText.unknownUnit }
    func categoryName(_ key: String) -> String { categoryNames[key] ?? PublishingReportText.unknownCategory }

    /// Every request made by the moment the report is judged at, with its history up to then.
    static func load(_ fiscalYear: FiscalYear, on db: any Database, now: Date, urgentApprovalHours: Int) async throws -> AnnualPublishingReport {
        let asOf = min(now, fiscalYear.lastDay.endInBangkok)
        let requests = try await PublicationRequest.query(on: db).filter(\.$createdAt <= asOf).all()
        let events = try await RequestEvent.query(on: db).filter(\.$at <= asOf).all()
        let eventsByRequest = Dictionary(grouping: events, by: \.requestID)
        let current = try await Publication.query(on: db).all().reduce(into: [UUID: UUID]()) { map, publication in
            if let id = publication.id { map[id] = publication.currentRequestID }
        }
        let records: [PublishingReportRecord] = requests.compactMap { request in
            guard let id = request.id else { return nil }
            let history = (eventsByRequest[id] ?? []).compactMap { event -> PublishingReportEvent? in
                guard let action = RequestAction(rawValue: event.action), let from = RequestState(rawValue: event.fromState), let to = RequestState(rawValue: event.toState)
                else { return nil }
                return PublishingReportEvent(action, at: event.at, from: from, to: to)
            }
            let superseded = request.publicationID.flatMap { current[$0] }.map { $0 != id } ?? false
            return PublishingReportRecord(
                id: id, title: request.title, unitKey: request.$unit.id.lowercased, categoryKey: request.$category.id.lowercased, urgent: request.urgent,
                expireAt: request.expireAt, superseded: superseded, events: history)
        }
        let report = PublishingReportRules.compute(records, fiscalYear: fiscalYear, now: now, urgentApprovalHours: urgentApprovalHours)
        let units = try await OrgUnit.query(on: db).all().reduce(into: [String: String]()) { map, unit in
            if let id = unit.id { map[id.lowercased] = unit.nameTh }
        }
        let categories = try await SiteCategory.query(on: db).all().reduce(into: [String: String]()) { map, category in
            if let id = category.id { map[id.lowercased] = category.nameTh }
        }
        return AnnualPublishingReport(report: report, unitNames: units, categoryNames: categories)
    }
}

extension Request {
    func annualPublishingReport(_ fiscalYear: FiscalYear) async throws -> AnnualPublishingReport {
        try await AnnualPublishingReport.load(fiscalYear, on: db, now: clock.now(), urgentApprovalHours: application.prakat.urgentApprovalHours)
    }

    /// `?fiscalYear=` once, a Buddhist Era year 2500–2700; the current fiscal year when absent.
    /// A repeated or empty value is 400, a value that is not such a year 422.
    func publishingReportYear() throws -> FiscalYear {
        guard let raw = try singleQueryValue("fiscalYear") else { return FiscalYear.containing(clock.now()) }
        guard let year = Int(raw), PublishingReportRoute.years.contains(year) else {
            throw PrakatError.validation([.init(field: "fiscalYear", message: PublishingReportText.yearInvalid)])
        }
        return FiscalYear(beYear: year)
    }
}
