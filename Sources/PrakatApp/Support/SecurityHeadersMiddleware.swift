import Vapor

/// Refuses bodies over the configured limit before any work is done, whether they arrive
/// streamed (checked again by the route's collector) or already collected.
struct BodySizeLimitMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let limit = request.bodyLimit
        let declared = request.headers.first(name: .contentLength).flatMap(Int.init) ?? 0
        let collected = request.body.data?.readableBytes ?? 0
        if declared > limit || collected > limit {
            throw Abort(.payloadTooLarge)
        }
        return try await next.respond(to: request)
    }
}

/// Headers every response carries (issue "Public shell"): no inline script may run, nothing is
/// sniffed, framing only by ourselves, and HSTS whenever the request came over HTTPS (our own
/// TLS, a trusted proxy's `X-Forwarded-Proto: https`, or an https public URL: `Request.isHTTPS`).
struct SecurityHeadersMiddleware: AsyncMiddleware {

    static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'"
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        Self.apply(to: response, for: request)
        return response
    }

    static let strictTransportSecurity = "max-age=31536000; includeSubDomains"

    static let headers = [
        ("Content-Security-Policy", SecurityHeadersMiddleware.contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "SAMEORIGIN"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ("Cross-Origin-Opener-Policy", "same-origin")
    ]

    /// Also called by the cached-page fast path, which answers before this middleware runs.
    static func apply(to response: Response, for request: Request) {
        if let type = response.headers.contentType, CompressibleTypes.all.contains(type), !response.headers.contains(name: .vary) {
            response.headers.replaceOrAdd(name: .vary, value: "Accept-Encoding")
        }
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if request.isHTTPS {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: strictTransportSecurity)
        }
        // Signed-in pages are personal, and a page that sets a cookie (a CSRF token) must not be
        // handed to someone else by a shared cache.
        let personal = request.auth.has(User.self) || request.isAPI || response.headers.contains(name: .setCookie)
        if personal, !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
    }
}

/// What the server compresses when the client accepts gzip: text, not files that are compressed already.
enum CompressibleTypes {
    static let all: HTTPMediaTypeSet = [
        HTTPMediaType(type: "text", subType: "*"), .json, HTTPMediaType(type: "application", subType: "problem+json"), .xml,
        HTTPMediaType(type: "application", subType: "rss+xml"), HTTPMediaType(type: "application", subType: "atom+xml"),
        HTTPMediaType(type: "application", subType: "javascript"), HTTPMediaType(type: "application", subType: "manifest+json"), .svg
    ]
}

/// How large a request's body may be: the default (`PRAKAT_MAX_UPLOAD_BYTES` + 1 MiB), or for a
/// route taking several files at once (`RouteOptions.filesPerPost`) that many files at the
/// largest plus 1 MiB of text. The router has chosen the route before any middleware runs.
enum BodyLimit {
    static let filesPerPostKey = "prakat.filesPerPost"
    static let textAllowance = 1_048_576

    static func bytes(route: Route?, configuration: PrakatConfiguration) -> Int {
        guard let files = route?.userInfo[filesPerPostKey] as? Int, files > 1 else { return configuration.maxBodyBytes }
        let (product, overflow) = configuration.maxUploadBytes.multipliedReportingOverflow(by: files)
        return overflow ? configuration.maxBodyBytes : max(configuration.maxBodyBytes, product + textAllowance)
    }
}

extension Request {
    var bodyLimit: Int { BodyLimit.bytes(route: route, configuration: application.prakat) }
}
