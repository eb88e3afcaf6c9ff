import Fluent
import Vapor

/// The public shell's own pages: the privacy and accessibility statements, health checks and
/// the OpenAPI document.
enum SiteRoute: TypedRoute {
    case privacy
    case accessibility
    case health
    case readiness
    case openAPI

    static let examples: [SiteRoute] = [.privacy, .accessibility, .health, .readiness, .openAPI]

    var method: HTTPMethod { .GET }

    var segments: [RouteSegment] {
        switch self {
        case .privacy: [.constant("privacy")]
        case .accessibility: [.constant("accessibility")]
        case .health: [.constant("healthz")]
        case .readiness: [.constant("readyz")]
        case .openAPI: [.constant("api"), .constant("v1"), .constant("openapi.json")]
        }
    }

    var policy: AccessPolicy { .everyone }

    static func parse(_ template: SiteRoute, _ parameters: RouteParameters) -> SiteRoute? { template }
}

enum SiteRoutes {
    static func register(_ routes: any RoutesBuilder) {
        routes.register(SiteRoute.self) { req, route in
            switch route {
            case .privacy: try await req.render("Site/privacy", title: SiteText.privacyTitle, EmptyBody())
            case .accessibility: try await req.render("Site/accessibility", title: SiteText.accessibilityTitle, EmptyBody())
            case .health: HealthStatus(status: "ok")
            case .readiness: try await readiness(req)
            case .openAPI: try openAPIDocument(req)
            }
        }
    }

    static func readiness(_ req: Request) async throws -> Response {
        do {
            _ = try await Agency.query(on: req.db).count()
            return try await HealthStatus(status: "ok").encodeResponse(for: req)
        } catch {
            req.logger.warning("readiness check failed: \(error)")
            return try await HealthStatus(status: "database unavailable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    /// The OpenAPI 3.1 document (`Resources/openapi.json`), kept beside the code and checked by
    /// a test against the registered API routes so it cannot drift.
    static func openAPIDocument(_ req: Request) throws -> Response {
        let path = (req.application.prakat.resourcesDirectory as NSString).appendingPathComponent("openapi.json")
        guard let data = FileManager.default.contents(atPath: path) else { throw PrakatError.notFound() }
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    struct HealthStatus: Content {
        var status: String
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
