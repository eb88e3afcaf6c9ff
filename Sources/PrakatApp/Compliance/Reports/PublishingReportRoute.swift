import Foundation
import PrakatCore
import Vapor

/// The annual publishing report's staff pages (seed 1, item 4): the figures, the print page with
/// the memo to the head of agency (item 5), its PDF and CSV, and the button that sends it to publishing.
/// Each takes `?fiscalYear=` (Buddhist Era); without it, the current fiscal year.
enum PublishingReportRoute: TypedRoute {
    case report
    case print
    case pdf
    case csv
    case publish

    /// Who reads the report: the web master who prepares it, auditors, administrators and the head of agency.
    static let readers: Set<Role> = [.webmaster, .auditor, .administrator, .agencyHead]
    /// The fiscal years the report accepts.
    static let years: ClosedRange<Int> = 2500...2700

    static let examples: [PublishingReportRoute] = [.report, .print, .pdf, .csv, .publish]

    var method: HTTPMethod { self == .publish ? .POST : .GET }

    var segments: [RouteSegment] {
        let base: [RouteSegment] = [.constant("staff"), .constant("reports"), .constant("publishing")]
        switch self {
        case .report: return base
        case .print: return base + [.constant("print")]
        case .pdf: return base + [.constant("pdf")]
        case .csv: return base + [.constant("csv")]
        case .publish: return base + [.constant("publish")]
        }
    }

    var policy: AccessPolicy { .roles(Self.readers) }

    static func parse(_ template: PublishingReportRoute, _ p: RouteParameters) -> PublishingReportRoute? { template }

    func path(fiscalYear: Int) -> String { path + "?fiscalYear=\(fiscalYear)" }
}

extension PublishingReportRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [StaffNavEntry(PublishingReportRoute.report, PublishingReportText.navTitle, in: .compliance)]
    }
}

/// `GET /api/v1/reports/publishing?fiscalYear=` (the API contract's "Compliance (ITA)").
enum PublishingReportAPIRoute: TypedRoute {
    case report

    /// The contract: web master, auditor, head of agency.
    static let readers: Set<Role> = [.webmaster, .auditor, .agencyHead]
    static let examples: [PublishingReportAPIRoute] = [.report]

    var method: HTTPMethod { .GET }
    var segments: [RouteSegment] { [.constant("api"), .constant("v1"), .constant("reports"), .constant("publishing")] }
    var policy: AccessPolicy { .roles(Self.readers) }

    static func parse(_ template: PublishingReportAPIRoute, _ p: RouteParameters) -> PublishingReportAPIRoute? { template }
}
