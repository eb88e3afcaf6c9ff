import Vapor

/// Keeping what someone typed when their form is refused for reasons that are not theirs to fix
/// by retyping (issue 15 §5): the CSRF token has expired or the session ended while they wrote.
///
/// A form route opts in with `.keepsTypedText { req in … }`: a closure that renders the same form
/// again from the posted values, the way a validation error does, and never saves. When the
/// CSRF check fails, or a signed-in-only POST arrives with a session that has just expired, the
/// middleware calls that closure instead of the route's handler — so the handler, which saves,
/// never runs for such a post — with a fresh token in the page and a Thai message on top.
/// Multipart posts and the API are never refilled. Forms without a closure keep the plain error.
struct FormRefill: Sendable {
    enum Reason: Sendable { case csrf, sessionExpired }

    static let userInfoKey = "prakat.formRefill"
    let render: @Sendable (Request) async throws -> Response
}

/// The user whose idle or expired session the request carried (set by `SessionAuthenticator`
/// when it ends the session); only ever used to render a refilled form, never to act.
struct ExpiredSessionUserKey: StorageKey { typealias Value = User }
/// The message a refilled form shows in place of a flash.
struct FormNoticeKey: StorageKey { typealias Value = Flash }

extension Route {
    @discardableResult
    func keepsTypedText(_ render: @escaping @Sendable (Request) async throws -> Response) -> Route {
        userInfo[FormRefill.userInfoKey] = FormRefill(render: render)
        return self
    }
}

extension Request {
    /// The form again with what was posted, or nil when this request cannot have that (no
    /// closure on the route, not a url-encoded form, or nobody the form may be shown to).
    func refilledForm(_ reason: FormRefill.Reason) async -> Response? {
        guard !isAPI, method == .POST, let refill = route?.userInfo[FormRefill.userInfoKey] as? FormRefill,
            headers.contentType == .urlEncodedForm, let policy = routePolicy, isSameOriginPost
        else { return nil }
        var reason = reason
        var signedInForRefill = false
        if !policy.permits(nil) {
            // Signed-in forms are shown again only to someone the route admits: the person
            // signed in, or the one whose session this request's cookie had just ended.
            guard let user = auth.get(User.self) ?? storage[ExpiredSessionUserKey.self], user.isActive, !user.mustChangePassword,
                policy.permits(user)
            else { return nil }
            if auth.get(User.self) == nil {
                auth.login(user)
                signedInForRefill = true
                reason = .sessionExpired
            }
        }
        storage[FormNoticeKey.self] = Flash(kind: .error, text: reason == .csrf ? SupportText.formKeptAfterCSRF : SupportText.formKeptAfterSessionExpired)
        defer { if signedInForRefill { auth.logout(User.self) } }
        do {
            let response = try await refill.render(self)
            response.status = reason == .csrf ? .forbidden : .unauthorized
            return response
        } catch {
            logger.warning("could not show the form again after \(reason): \(String(describing: type(of: error)))")
            return nil
        }
    }

    /// A refused post from another site must not come back as a ready-filled form one click
    /// from being sent: browsers say where a form post came from (`Sec-Fetch-Site`, `Origin`).
    private var isSameOriginPost: Bool {
        if let site = headers.first(name: "Sec-Fetch-Site"), site != "same-origin" { return false }
        guard let origin = headers.first(name: .origin) else { return true }
        guard let originHost = URL(string: origin)?.host?.lowercased(), let host = headers.first(name: .host)?.lowercased() else { return false }
        let hostOnly = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.split(separator: ":").first ?? "")
        return originHost == hostOnly || originHost == "[" + hostOnly + "]"
    }
}
