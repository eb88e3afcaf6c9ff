import Foundation
import PrakatCore
import Vapor

/// The satisfaction survey (from every public page), its thank-you page, and the moderators'
/// pages under `/staff/satisfaction`.
enum SatisfactionRoute: TypedRoute {
    /// `?page=/c/news`: the page the survey was opened from (checked by the page, not here).
    case survey(String?)
    case submit
    case thanks(String?)
    /// `?fiscalYear=2569`, as typed.
    case responses(String?)
    case export(String?)
    case publish(UUID)
    case hide(UUID)

    static let exampleID = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()
    static let examples: [SatisfactionRoute] = [
        .survey(nil), .survey("/c/news"), .submit, .thanks(nil), .thanks("/p/12"), .responses(nil), .responses("2569"), .export(nil), .export("2569"),
        .publish(exampleID), .hide(exampleID)
    ]

    /// The survey's link from the page at `url` (path and query): the survey's own pages link to it plainly.
    static func surveyLink(from url: String) -> SatisfactionRoute {
        guard SatisfactionRules.isSitePath(url), !url.hasPrefix("/satisfaction") else { return .survey(nil) }
        return .survey(url)
    }

    var method: HTTPMethod {
        switch self {
        case .survey, .thanks, .responses, .export: .GET
        case .submit, .publish, .hide: .POST
        }
    }

    var segments: [RouteSegment] {
        let staff: [RouteSegment] = [.constant("staff"), .constant("satisfaction")]
        switch self {
        case .survey, .submit: return [.constant("satisfaction")]
        case .thanks: return [.constant("satisfaction"), .constant("thanks")]
        case .responses: return staff
        case .export: return staff + [.constant("export.csv")]
        case .publish(let id): return staff + [.constant("responses"), .parameter("responseID", id.lowercased), .constant("publish")]
        case .hide(let id): return staff + [.constant("responses"), .parameter("responseID", id.lowercased), .constant("hide")]
        }
    }

    var query: [URLQueryItem] {
        switch self {
        case .survey(let page?), .thanks(let page?): [URLQueryItem(name: "page", value: page)]
        case .responses(let year?), .export(let year?): [URLQueryItem(name: "fiscalYear", value: year)]
        default: []
        }
    }

    /// Moderators: the webmaster and the e-Service desk.
    static let moderators: Set<Role> = [.webmaster, .serviceDesk]

    var policy: AccessPolicy {
        switch self {
        case .survey, .submit, .thanks: .everyone
        case .responses, .export, .publish, .hide: .roles(Self.moderators)
        }
    }

    static func parse(_ template: SatisfactionRoute, _ p: RouteParameters) -> SatisfactionRoute? {
        switch template {
        case .survey: .survey(p.queryValue("page"))
        case .submit: .submit
        case .thanks: .thanks(p.queryValue("page"))
        case .responses: .responses(p.queryValue("fiscalYear"))
        case .export: .export(p.queryValue("fiscalYear"))
        case .publish: p.uuid("responseID").map(SatisfactionRoute.publish)
        case .hide: p.uuid("responseID").map(SatisfactionRoute.hide)
        }
    }
}

extension SatisfactionRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [StaffNavEntry(SatisfactionRoute.responses(nil), SatisfactionText.navTitle, in: .statistics)]
    }
}

/// `POST /api/v1/satisfaction` and `GET /api/v1/satisfaction?fiscalYear=2569`.
enum SatisfactionAPIRoute: TypedRoute {
    case submit
    case results

    static let examples: [SatisfactionAPIRoute] = [.submit, .results]

    var method: HTTPMethod {
        switch self {
        case .submit: .POST
        case .results: .GET
        }
    }

    var segments: [RouteSegment] { [.constant("api"), .constant("v1"), .constant("satisfaction")] }
    var policy: AccessPolicy { .everyone }
    static func parse(_ template: SatisfactionAPIRoute, _ p: RouteParameters) -> SatisfactionAPIRoute? { template }
}
