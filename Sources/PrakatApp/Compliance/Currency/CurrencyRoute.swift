import Foundation
import PrakatCore
import Vapor

/// The currency desk under `/staff/currency` (seed 1 §3.2–§3.3): webmasters and administrators.
enum CurrencyRoute: TypedRoute {
    case desk
    /// "Reviewed, still current" for a published item.
    case reviewed(UUID)
    /// Queue one external link for a check now.
    case recheck(UUID)
    /// Queue every external link for a check now.
    case recheckAll

    /// Who keeps the site current (seed 1 §3.2: the webmaster; administrators stand in).
    static let deskRoles: Set<Role> = [.webmaster, .administrator]

    static let exampleID = UUID(uuidString: "9b2e6f0c-4d1a-4c55-8a57-3e1f1a6c0b21") ?? UUID()
    static let examples: [CurrencyRoute] = [.desk, .reviewed(exampleID), .recheck(exampleID), .recheckAll]

    var method: HTTPMethod {
        switch self {
        case .desk: .GET
        case .reviewed, .recheck, .recheckAll: .POST
        }
    }

    var segments: [RouteSegment] {
        let desk: [RouteSegment] = [.constant("staff"), .constant("currency")]
        switch self {
        case .desk: return desk
        case .reviewed(let id): return desk + [.constant("publications"), .parameter("publicationID", id.lowercased), .constant("reviewed")]
        case .recheck(let id): return desk + [.constant("links"), .parameter("linkCheckID", id.lowercased), .constant("check")]
        case .recheckAll: return desk + [.constant("links"), .constant("check")]
        }
    }

    var policy: AccessPolicy { .roles(Self.deskRoles) }

    static func parse(_ template: CurrencyRoute, _ p: RouteParameters) -> CurrencyRoute? {
        switch template {
        case .desk, .recheckAll: template
        case .reviewed: p.uuid("publicationID").map(CurrencyRoute.reviewed)
        case .recheck: p.uuid("linkCheckID").map(CurrencyRoute.recheck)
        }
    }
}

extension CurrencyRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [
            StaffNavEntry(
                CurrencyRoute.desk, CurrencyText.navTitle, in: .compliance,
                counts: [
                    StaffCount(label: CurrencyText.countBroken, path: CurrencyRoute.desk.path + "#broken-links") { user, db in
                        guard user.hasAny(CurrencyRoute.deskRoles) else { return nil }
                        return try await CurrencyDesk.brokenLinks(on: db).count()
                    }
                ])
        ]
    }
}

/// `POST /api/v1/publications/{id}/reviewed`: the "reviewed, still current" stamp (204).
enum CurrencyAPIRoute: TypedRoute {
    case reviewed(UUID)

    static let examples: [CurrencyAPIRoute] = [.reviewed(CurrencyRoute.exampleID)]

    var method: HTTPMethod { .POST }

    var segments: [RouteSegment] {
        switch self {
        case .reviewed(let id): [.constant("api"), .constant("v1"), .constant("publications"), .parameter("id", id.lowercased), .constant("reviewed")]
        }
    }

    var policy: AccessPolicy { .roles(CurrencyRoute.deskRoles) }

    static func parse(_ template: CurrencyAPIRoute, _ p: RouteParameters) -> CurrencyAPIRoute? {
        p.uuid("id").map(CurrencyAPIRoute.reviewed)
    }
}
