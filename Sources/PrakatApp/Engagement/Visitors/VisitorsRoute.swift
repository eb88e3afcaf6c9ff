import Foundation
import LeafKit
import PrakatCore
import Vapor

/// The public statistics page (seed 1 §1.10): `/stats?fiscalYear=2569`.
enum VisitorsRoute: TypedRoute {
    /// The fiscal year as typed in the query (checked by the page: a bad one is a 422 naming it).
    case stats(String?)

    static let examples: [VisitorsRoute] = [.stats(nil), .stats("2569")]
    /// Seed 1's category "สถิติผู้เข้าชมและความพึงพอใจ" (`DefaultCategories`), whose page links here.
    static let categoryClause = "1.10"

    var method: HTTPMethod { .GET }
    var segments: [RouteSegment] { [.constant("stats")] }
    var policy: AccessPolicy { .everyone }

    var query: [URLQueryItem] {
        if case .stats(let year?) = self { return [URLQueryItem(name: "fiscalYear", value: year)] }
        return []
    }

    static func parse(_ template: VisitorsRoute, _ p: RouteParameters) -> VisitorsRoute? {
        .stats(p.queryValue("fiscalYear"))
    }
}

/// `GET /api/v1/stats/visitors`: the footer's figures as JSON.
enum VisitorsAPIRoute: TypedRoute {
    case visitors

    static let examples: [VisitorsAPIRoute] = [.visitors]
    var method: HTTPMethod { .GET }
    var segments: [RouteSegment] { [.constant("api"), .constant("v1"), .constant("stats"), .constant("visitors")] }
    var policy: AccessPolicy { .everyone }
    static func parse(_ template: VisitorsAPIRoute, _ p: RouteParameters) -> VisitorsAPIRoute? { template }
}

/// The footer's figures, formatted (`site.visitors`).
struct VisitorFooter: Encodable {
    var today: String
    var month: String
    var fiscalYear: String
    var total: String

    init(_ snapshot: VisitorSnapshot) {
        today = VisitorFigures.grouped(snapshot.figures.today)
        month = VisitorFigures.grouped(snapshot.figures.month)
        fiscalYear = VisitorFigures.grouped(snapshot.figures.fiscalYear)
        total = VisitorFigures.grouped(snapshot.figures.total)
    }
}

// In every public page's footer, built for Leaf directly (`LeafFields`).
extension VisitorFooter: LeafDataRepresentable {
    var leafData: LeafData {
        var fields = LeafFields(capacity: 4)
        fields("today", today)
        fields("month", month)
        fields("fiscalYear", fiscalYear)
        fields("total", total)
        return fields.leafData
    }
}
