import Foundation
import PrakatCore
import Vapor

/// Every page of the Accounts feature: sign-in, password, two-factor, sessions and the
/// administrators' pages for units, users, security settings and the audit trail.
enum AccountsRoute: TypedRoute {
    // Sign-in and password
    case login(next: String? = nil)
    case loginSubmit
    case logout
    case passwordChange
    case passwordChangeSubmit
    // Two-factor sign-in
    case loginCode
    case loginCodeSubmit
    case twoFactor
    case twoFactorEnable
    case twoFactorRecoveryCodes
    case twoFactorDisable
    // Sessions
    case sessions
    case sessionsEndOthers
    case sessionEnd(UUID)
    // Administration
    case admin
    case units
    case unitNew
    case unitCreate
    case unit(UUID)
    case unitUpdate(UUID)
    case users
    case userNew
    case userCreate
    case user(UUID)
    case userUpdate(UUID)
    case userResetTwoFactor(UUID)
    case audit(page: Int? = nil, verify: Bool = false)
    case security
    case securitySave

    static let examples: [AccountsRoute] = {
        let id = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()
        return [
            .login(), .login(next: "/staff"), .loginSubmit, .logout, .passwordChange, .passwordChangeSubmit,
            .loginCode, .loginCodeSubmit, .twoFactor, .twoFactorEnable, .twoFactorRecoveryCodes, .twoFactorDisable,
            .sessions, .sessionsEndOthers, .sessionEnd(id),
            .admin, .units, .unitNew, .unitCreate, .unit(id), .unitUpdate(id), .users, .userNew, .userCreate, .user(id),
            .userUpdate(id), .userResetTwoFactor(id), .audit(), .audit(page: 2), .audit(verify: true), .security, .securitySave
        ]
    }()

    var method: HTTPMethod {
        switch self {
        case .login, .passwordChange, .loginCode, .twoFactor, .sessions, .admin, .units, .unitNew, .unit, .users, .userNew, .user,
            .audit, .security:
            .GET
        case .loginSubmit, .logout, .passwordChangeSubmit, .loginCodeSubmit, .twoFactorEnable, .twoFactorRecoveryCodes, .twoFactorDisable,
            .sessionsEndOthers, .sessionEnd, .unitCreate, .unitUpdate, .userCreate, .userUpdate, .userResetTwoFactor, .securitySave:
            .POST
        }
    }

    var segments: [RouteSegment] {
        switch self {
        case .login, .loginSubmit: [.constant("login")]
        case .logout: [.constant("logout")]
        case .passwordChange, .passwordChangeSubmit: [.constant("account"), .constant("password")]
        case .loginCode, .loginCodeSubmit: [.constant("login"), .constant("two-factor")]
        case .twoFactor: [.constant("account"), .constant("two-factor")]
        case .twoFactorEnable: [.constant("account"), .constant("two-factor"), .constant("enable")]
        case .twoFactorRecoveryCodes: [.constant("account"), .constant("two-factor"), .constant("recovery-codes")]
        case .twoFactorDisable: [.constant("account"), .constant("two-factor"), .constant("disable")]
        case .sessions: [.constant("account"), .constant("sessions")]
        case .sessionsEndOthers: [.constant("account"), .constant("sessions"), .constant("end-others")]
        case .sessionEnd(let id): [.constant("account"), .constant("sessions"), .parameter("sessionID", id.lowercased), .constant("end")]
        case .admin: [.constant("admin")]
        case .units, .unitCreate: [.constant("admin"), .constant("units")]
        case .unitNew: [.constant("admin"), .constant("units"), .constant("new")]
        case .unit(let id), .unitUpdate(let id): [.constant("admin"), .constant("units"), .parameter("unitID", id.lowercased)]
        case .users, .userCreate: [.constant("admin"), .constant("users")]
        case .userNew: [.constant("admin"), .constant("users"), .constant("new")]
        case .user(let id), .userUpdate(let id): [.constant("admin"), .constant("users"), .parameter("userID", id.lowercased)]
        case .userResetTwoFactor(let id): [.constant("admin"), .constant("users"), .parameter("userID", id.lowercased), .constant("reset-two-factor")]
        case .audit: [.constant("admin"), .constant("audit")]
        case .security, .securitySave: [.constant("admin"), .constant("security")]
        }
    }

    var query: [URLQueryItem] {
        switch self {
        case .login(let next):
            // Only a safe local path different from the home page is worth carrying.
            guard let next, Link.isSafeRedirect(next), next != "/" else { return [] }
            return [URLQueryItem(name: "next", value: next)]
        case .audit(let page, let verify):
            return (verify ? [URLQueryItem(name: "verify", value: "1")] : []) + (page.map { [URLQueryItem(name: "page", value: String($0))] } ?? [])
        default:
            return []
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .login, .loginSubmit, .loginCode, .loginCodeSubmit: .everyone
        case .logout, .passwordChange, .passwordChangeSubmit, .twoFactor, .twoFactorEnable, .twoFactorRecoveryCodes, .twoFactorDisable,
            .sessions, .sessionsEndOthers, .sessionEnd:
            .signedIn
        case .audit: .roles([.administrator, .auditor])
        case .admin, .units, .unitNew, .unitCreate, .unit, .unitUpdate, .users, .userNew, .userCreate, .user, .userUpdate,
            .userResetTwoFactor, .security, .securitySave:
            .administrator()
        }
    }

    var options: RouteOptions {
        switch self {
        case .loginSubmit: RouteOptions(keepsTypedText: true)
        case .logout, .passwordChange, .passwordChangeSubmit: RouteOptions(allowsPendingPasswordChange: true)
        case .twoFactor, .twoFactorEnable: RouteOptions(allowsPendingTwoFactor: true)
        default: .none
        }
    }

    static func parse(_ template: AccountsRoute, _ p: RouteParameters) -> AccountsRoute? {
        switch template {
        case .login: .login(next: p.queryValue("next"))
        case .audit: .audit(page: p.queryValue("page").flatMap { Int($0) }, verify: p.queryValue("verify") == "1")
        case .sessionEnd: p.uuid("sessionID").map(AccountsRoute.sessionEnd)
        case .unit: p.uuid("unitID").map(AccountsRoute.unit)
        case .unitUpdate: p.uuid("unitID").map(AccountsRoute.unitUpdate)
        case .user: p.uuid("userID").map(AccountsRoute.user)
        case .userUpdate: p.uuid("userID").map(AccountsRoute.userUpdate)
        case .userResetTwoFactor: p.uuid("userID").map(AccountsRoute.userResetTwoFactor)
        default: template
        }
    }
}

/// The Accounts pages: decode, authorise (by the route's policy), call, render.
enum AccountsPages {
    static func register(_ routes: any RoutesBuilder) {
        let accounts = AccountRoutes(), twoFactor = TwoFactorRoutes(), sessions = SessionRoutes()
        let admin = AdminRoutes(), security = SecuritySettingsRoutes()
        routes.register(
            AccountsRoute.self,
            refill: { req, route in
                guard case .loginSubmit = route else { throw PrakatError.notFound() }
                return try await accounts.refillLogin(req)
            }
        ) { req, route in
            switch route {
            case .login(let next): try await accounts.loginForm(req, next: next)
            case .loginSubmit: try await accounts.login(req)
            case .logout: try await accounts.logout(req)
            case .passwordChange: try await accounts.passwordForm(req)
            case .passwordChangeSubmit: try await accounts.changePassword(req)
            case .loginCode: try await twoFactor.codeForm(req)
            case .loginCodeSubmit: try await twoFactor.submitCode(req)
            case .twoFactor: try await twoFactor.page(req)
            case .twoFactorEnable: try await twoFactor.enable(req)
            case .twoFactorRecoveryCodes: try await twoFactor.regenerate(req)
            case .twoFactorDisable: try await twoFactor.disable(req)
            case .sessions: try await sessions.list(req)
            case .sessionsEndOthers: try await sessions.endOthers(req)
            case .sessionEnd(let id): try await sessions.end(req, id: id)
            case .admin: try await admin.dashboard(req)
            case .units: try await admin.units(req)
            case .unitNew: try await admin.newUnit(req)
            case .unitCreate: try await admin.createUnit(req)
            case .unit(let id): try await admin.editUnit(req, id: id)
            case .unitUpdate(let id): try await admin.updateUnit(req, id: id)
            case .users: try await admin.users(req)
            case .userNew: try await admin.newUser(req)
            case .userCreate: try await admin.createUser(req)
            case .user(let id): try await admin.editUser(req, id: id)
            case .userUpdate(let id): try await admin.updateUser(req, id: id)
            case .userResetTwoFactor(let id): try await admin.resetTwoFactor(req, id: id)
            case .audit(let page, let verify): try await admin.audit(req, page: page, verify: verify)
            case .security: try await security.page(req)
            case .securitySave: try await security.save(req)
            }
        }
    }
}

/// The Accounts part of the JSON API (`/api/v1`).
enum AccountsAPIRoute: TypedRoute {
    case issueToken
    case revokeToken
    case me
    case changePassword
    case units
    case unitCreate
    case unitUpdate(UUID)
    case users
    case userCreate

    static let examples: [AccountsAPIRoute] = [
        .issueToken, .revokeToken, .me, .changePassword, .units, .unitCreate,
        .unitUpdate(UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()), .users, .userCreate
    ]

    var method: HTTPMethod {
        switch self {
        case .issueToken, .changePassword, .unitCreate, .userCreate: .POST
        case .revokeToken: .DELETE
        case .me, .units, .users: .GET
        case .unitUpdate: .PATCH
        }
    }

    var segments: [RouteSegment] {
        let api: [RouteSegment] = [.constant("api"), .constant("v1")]
        switch self {
        case .issueToken, .revokeToken: return api + [.constant("auth"), .constant("token")]
        case .me: return api + [.constant("me")]
        case .changePassword: return api + [.constant("me"), .constant("password")]
        case .units, .unitCreate: return api + [.constant("units")]
        case .unitUpdate(let id): return api + [.constant("units"), .parameter("id", id.lowercased)]
        case .users, .userCreate: return api + [.constant("users")]
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .issueToken: .everyone
        case .revokeToken, .me, .changePassword, .units: .signedIn
        case .unitCreate, .unitUpdate, .users, .userCreate: .administrator()
        }
    }

    var options: RouteOptions {
        switch self {
        case .revokeToken, .changePassword: RouteOptions(allowsPendingPasswordChange: true)
        default: .none
        }
    }

    static func parse(_ template: AccountsAPIRoute, _ p: RouteParameters) -> AccountsAPIRoute? {
        switch template {
        case .unitUpdate: p.uuid("id").map(AccountsAPIRoute.unitUpdate)
        default: template
        }
    }
}

extension AccountsAPI {
    static func register(_ routes: any RoutesBuilder) {
        let api = AccountsAPI()
        routes.register(AccountsAPIRoute.self) { req, route in
            switch route {
            case .issueToken: try await api.issueToken(req)
            case .revokeToken: try await api.revokeToken(req)
            case .me: try await api.me(req)
            case .changePassword: try await api.changePassword(req)
            case .units: try await api.listUnits(req)
            case .unitCreate: try await api.createUnit(req)
            case .unitUpdate(let id): try await api.updateUnit(req, id: id)
            case .users: try await api.listUsers(req)
            case .userCreate: try await api.createUser(req)
            }
        }
    }
}
