import Vapor

/// CSRF protection for every form (double-submit token): a random value in an HttpOnly,
/// SameSite cookie must come back in the form's `_csrf` field. Another site can make a browser
/// send the cookie, but cannot read it to put it in the form. API calls use bearer tokens
/// instead and ignore cookies, so they are exempt.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"
    static let headerName = "X-CSRF-Token"

    static func cookieName(secure: Bool) -> String { secure ? "__Host-prakat_csrf" : "prakat_csrf" }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.isAPI { return try await next.respond(to: request) }
        let secure = request.isHTTPS
        let name = CSRFMiddleware.cookieName(secure: secure)
        let existing = (request.cookies[name]?.string).flatMap { $0.count >= 32 ? $0 : nil }
        let token = existing ?? SecretToken.make()
        request.storage[CSRFTokenKey.self] = token

        // No route, no handler: the router answers 404 or 405 and nothing reads the form.
        if ![.GET, .HEAD, .OPTIONS].contains(request.method), request.route != nil {
            if request.body.data == nil {
                _ = try await request.body.collect(max: request.bodyLimit).get()
            }
            let sent =
                request.headers.first(name: CSRFMiddleware.headerName)
                ?? (try? request.content.get(String.self, at: CSRFMiddleware.fieldName))
            guard let existing, let sent, SecretToken.constantTimeEquals(existing, sent) else {
                // The handler never runs; the form comes back with what was typed (FormRefill).
                guard let refilled = await request.refilledForm(.csrf) else {
                    throw PrakatError(status: .forbidden, kind: "csrf", title: SupportText.csrfTitle, detail: SupportText.csrfDetail)
                }
                return withCookie(refilled, request: request, existing: existing, token: token, name: name, secure: secure)
            }
        }

        return withCookie(try await next.respond(to: request), request: request, existing: existing, token: token, name: name, secure: secure)
    }

    private func withCookie(_ response: Response, request: Request, existing: String?, token: String, name: String, secure: Bool) -> Response {
        // Only pages that show a form hand out a token; other pages stay cookie-free and cacheable.
        if (existing == nil && request.storage[CSRFIssuedKey.self] == true) || request.storage[CSRFRotateKey.self] == true {
            let value = request.storage[CSRFTokenKey.self] ?? token
            response.cookies[name] = HTTPCookies.Value(string: value, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

struct CSRFTokenKey: StorageKey { typealias Value = String }
struct CSRFRotateKey: StorageKey { typealias Value = Bool }
struct CSRFIssuedKey: StorageKey { typealias Value = Bool }

extension Request {
    /// The token to put in a form. Reading it means the response carries the cookie.
    var csrfToken: String {
        storage[CSRFIssuedKey.self] = true
        return storage[CSRFTokenKey.self] ?? ""
    }

    /// A new token after sign-in, so a token seen before cannot be reused by someone else.
    func rotateCSRFToken() {
        storage[CSRFTokenKey.self] = SecretToken.make()
        storage[CSRFRotateKey.self] = true
    }
}
