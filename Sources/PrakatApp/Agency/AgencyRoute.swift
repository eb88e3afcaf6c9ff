import Foundation
import PrakatCore
import Vapor

/// The agency profile's pages: the administrators' setup form, and the logo and theme the public
/// layout links to.
enum AgencyRoute: TypedRoute {
    case setup
    case saveSetup
    /// The current logo by its content hash: a new logo is a new address, cached for a year.
    case logo(String)
    /// The theme colour as a stylesheet (`/agency/theme/0b5d3b.css`); the inline style a
    /// `<style>` element would need is not allowed by the site's CSP.
    case theme(String)
    /// The head of agency's permission step: on or off, and who decides.
    case permission
    case savePermission

    static let examples: [AgencyRoute] = [.setup, .saveSetup, .logo(String(repeating: "ab", count: 32)), .theme("0b5d3b"), .permission, .savePermission]

    var method: HTTPMethod { self == .saveSetup || self == .savePermission ? .POST : .GET }

    var segments: [RouteSegment] {
        switch self {
        case .setup, .saveSetup: [.constant("admin"), .constant("agency")]
        case .permission, .savePermission: [.constant("admin"), .constant("agency"), .constant("permission")]
        case .logo(let sha): [.constant("agency"), .constant("logo"), .parameter("sha256", sha)]
        case .theme(let hex): [.constant("agency"), .constant("theme"), .parameter("colour", hex + ".css")]
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .setup, .saveSetup, .permission, .savePermission: .administrator()
        case .logo, .theme: .everyone
        }
    }

    /// The form carries the logo: the body may be as large as an upload plus the fields.
    var options: RouteOptions {
        self == .saveSetup ? RouteOptions(body: .collect(maxSize: nil)) : .none
    }

    static func parse(_ template: AgencyRoute, _ p: RouteParameters) -> AgencyRoute? {
        switch template {
        case .setup, .saveSetup, .permission, .savePermission: return template
        case .logo:
            guard let sha = p.string("sha256"), sha.utf8.count == 64, sha.utf8.allSatisfy(\.isLowercaseHexDigit) else { return nil }
            return .logo(sha)
        case .theme:
            guard let file = p.string("colour"), file.hasSuffix(".css") else { return nil }
            let hex = String(file.dropLast(4)).lowercased()
            guard hex.utf8.count == 6, hex.utf8.allSatisfy(\.isLowercaseHexDigit) else { return nil }
            return .theme(hex)
        }
    }
}

/// `/api/v1/agency` (the API contract, "Agency").
enum AgencyAPIRoute: TypedRoute {
    case read
    case update
    case replaceLogo

    static let examples: [AgencyAPIRoute] = [.read, .update, .replaceLogo]

    var method: HTTPMethod {
        switch self {
        case .read: .GET
        case .update: .PATCH
        case .replaceLogo: .PUT
        }
    }

    var segments: [RouteSegment] {
        let agency: [RouteSegment] = [.constant("api"), .constant("v1"), .constant("agency")]
        return self == .replaceLogo ? agency + [.constant("logo")] : agency
    }

    var policy: AccessPolicy { self == .read ? .everyone : .administrator() }

    var options: RouteOptions { self == .replaceLogo ? RouteOptions(body: .collect(maxSize: nil)) : .none }

    static func parse(_ template: AgencyAPIRoute, _ p: RouteParameters) -> AgencyAPIRoute? { template }
}

extension UInt8 {
    fileprivate var isLowercaseHexDigit: Bool { (0x30...0x39).contains(self) || (0x61...0x66).contains(self) }
}

extension AgencyRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [
            StaffNavEntry(AgencyRoute.setup, AgencyText.navProfile, in: .administration),
            StaffNavEntry(AgencyRoute.permission, AgencyText.permissionTitle, in: .administration)
        ]
    }
}
