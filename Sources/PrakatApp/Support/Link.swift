import Foundation

/// Every path the server links or redirects to, in one place. Routes are registered with the
/// same path strings (see `Link.registeredPattern` and RouteTableTests), so no view writes a URL by hand.
enum Link: Hashable {
    case home
    case privacy
    case accessibility
    case category(String)
    case login(next: String? = nil)
    case logout
    case passwordChange
    case staffHome
    case admin
    case adminUnits
    case adminUnitNew
    case adminUnit(UUID)
    case adminUsers
    case adminUserNew
    case adminUser(UUID)
    case adminAudit
    case stylesheet
    // Hardening (issue 4)
    case loginCode
    case twoFactor
    case twoFactorEnable
    case twoFactorRecoveryCodes
    case twoFactorDisable
    case accountSessions
    case accountSessionsEndOthers
    case accountSessionEnd(UUID)
    case adminSecurity
    case adminUserResetTwoFactor(UUID)

    var path: String {
        switch self {
        case .home: "/"
        case .privacy: "/privacy"
        case .accessibility: "/accessibility"
        case .category(let slug): "/c/" + (slug.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? slug)
        case .login(let next):
            if let next, Link.isSafeRedirect(next), next != "/" {
                "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "/")
            } else {
                "/login"
            }
        case .logout: "/logout"
        case .passwordChange: "/account/password"
        case .staffHome: "/staff"
        case .admin: "/admin"
        case .adminUnits: "/admin/units"
        case .adminUnitNew: "/admin/units/new"
        case .adminUnit(let id): "/admin/units/\(id.uuidString.lowercased())"
        case .adminUsers: "/admin/users"
        case .adminUserNew: "/admin/users/new"
        case .adminUser(let id): "/admin/users/\(id.uuidString.lowercased())"
        case .adminAudit: "/admin/audit"
        case .stylesheet: "/css/prakat.css"
        case .loginCode: "/login/two-factor"
        case .twoFactor: "/account/two-factor"
        case .twoFactorEnable: "/account/two-factor/enable"
        case .twoFactorRecoveryCodes: "/account/two-factor/recovery-codes"
        case .twoFactorDisable: "/account/two-factor/disable"
        case .accountSessions: "/account/sessions"
        case .accountSessionsEndOthers: "/account/sessions/end-others"
        case .accountSessionEnd(let id): "/account/sessions/\(id.uuidString.lowercased())/end"
        case .adminSecurity: "/admin/security"
        case .adminUserResetTwoFactor(let id): "/admin/users/\(id.uuidString.lowercased())/reset-two-factor"
        }
    }

    /// Only local absolute paths may be used after sign-in; anything else could send a person
    /// to another site (open redirect).
    /// Browsers drop tabs and newlines and read `\` as `/`, so `/<TAB>/evil.example` would
    /// leave the site: any control character or backslash is refused outright.
    static func isSafeRedirect(_ target: String) -> Bool {
        guard target.hasPrefix("/"), !target.hasPrefix("//"), target.count <= 2000 else { return false }
        if target.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) { return false }
        guard let components = URLComponents(string: target), components.scheme == nil, components.host == nil else { return false }
        return true
    }
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?#")
        return set
    }()
}
