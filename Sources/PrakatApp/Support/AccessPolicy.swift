import PrakatCore
import Vapor

/// Who may call a route. Every route declares one when it is registered (`on(_:_:policy:use:)`);
/// a route without one is refused at run time and fails the policy test.
enum AccessPolicy: Sendable, CustomStringConvertible {
    /// Anyone, signed in or not.
    case everyone
    /// Any signed-in account.
    case signedIn
    /// Signed-in accounts holding at least one of these roles.
    case roles(Set<Role>)

    static let userInfoKey = "prakat.policy"
    /// Routes a person with a password set by someone else may still use (change it, sign out).
    static let passwordChangeKey = "prakat.allowsPendingPasswordChange"
    /// Routes an administrator or webmaster who must enrol in two-factor sign-in may still use.
    static let twoFactorEnrolmentKey = "prakat.allowsPendingTwoFactor"

    var description: String {
        switch self {
        case .everyone: "everyone"
        case .signedIn: "signed in"
        case .roles(let roles): roles.sorted().map(\.rawValue).joined(separator: "|")
        }
    }

    func permits(_ user: User?) -> Bool {
        switch self {
        case .everyone: true
        case .signedIn: user != nil
        case .roles(let roles): user?.hasAny(roles) ?? false
        }
    }

    static func administrator() -> AccessPolicy { .roles([.administrator]) }
}

extension RoutesBuilder {
    /// The only way Prakat registers a route: the policy is part of the registration.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod,
        _ path: PathComponent...,
        policy: AccessPolicy,
        allowsPendingPasswordChange: Bool = false,
        allowsPendingTwoFactor: Bool = false,
        body: HTTPBodyStreamStrategy = .collect,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(
            method, path, policy: policy, allowsPendingPasswordChange: allowsPendingPasswordChange,
            allowsPendingTwoFactor: allowsPendingTwoFactor, body: body, use: closure)
    }
}

extension Request {
    var isAPI: Bool { url.path == "/api" || url.path.hasPrefix("/api/") }
    var routePolicy: AccessPolicy? { route?.userInfo[AccessPolicy.userInfoKey] as? AccessPolicy }
}

/// Enforces each route's declared policy after authentication has run.
struct AccessPolicyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = request.route else { return try await next.respond(to: request) }
        guard let policy = request.routePolicy else {
            // Fail closed: a route someone forgot to classify is not served.
            request.logger.error("route \(route.method) \(route.path.string) has no access policy")
            throw PrakatError.forbidden()
        }
        let user = request.auth.get(User.self)
        if let user, user.mustChangePassword, route.userInfo[AccessPolicy.passwordChangeKey] as? Bool != true, !isPublicPage(policy, request) {
            if request.isAPI {
                throw PrakatError(
                    status: .forbidden, kind: "password-change-required",
                    title: SupportText.passwordChangeRequiredTitle, detail: SupportText.passwordChangeRequiredDetail)
            }
            return request.redirect(to: AccountsRoute.passwordChange.path)
        }
        if let user, route.userInfo[AccessPolicy.passwordChangeKey] as? Bool != true, route.userInfo[AccessPolicy.twoFactorEnrolmentKey] as? Bool != true,
            !isPublicPage(policy, request), try await request.accounts.mustEnrolTwoFactor(user)
        {
            if request.isAPI {
                throw PrakatError(
                    status: .forbidden, kind: "two-factor-required",
                    title: SupportText.twoFactorRequiredTitle, detail: SupportText.twoFactorRequiredDetail)
            }
            return request.redirect(to: AccountsRoute.twoFactor.path)
        }
        guard policy.permits(user) else {
            if user == nil {
                if request.isAPI { throw PrakatError.unauthorized() }
                if request.method == .GET {
                    return request.redirect(to: AccountsRoute.login(next: request.url.path).path)
                }
                // The session ended while they typed: the form again, with what they typed.
                if request.storage[ExpiredSessionUserKey.self] != nil, let refilled = await request.refilledForm(.sessionExpired) { return refilled }
                throw PrakatError.unauthorized()
            }
            throw PrakatError.forbidden()
        }
        return try await next.respond(to: request)
    }

    /// The public site stays readable for someone who has not changed their password yet.
    private func isPublicPage(_ policy: AccessPolicy, _ request: Request) -> Bool {
        if case .everyone = policy, !request.isAPI { return true }
        return false
    }
}
