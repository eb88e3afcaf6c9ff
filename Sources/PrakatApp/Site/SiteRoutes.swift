import Fluent
import Vapor

/// The public shell: home, the privacy and accessibility statements, health checks.
struct SiteRoutes {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "privacy", policy: .everyone) { req in
            try await req.render("Site/privacy", title: SiteText.privacyTitle, EmptyBody())
        }
        routes.on(.GET, "accessibility", policy: .everyone) { req in
            try await req.render("Site/accessibility", title: SiteText.accessibilityTitle, EmptyBody())
        }
        routes.on(.GET, "healthz", policy: .everyone) { _ in
            HealthStatus(status: "ok")
        }
        routes.on(.GET, "readyz", policy: .everyone) { req async throws -> Response in
            do {
                _ = try await Agency.query(on: req.db).count()
                return try await HealthStatus(status: "ok").encodeResponse(for: req)
            } catch {
                req.logger.warning("readiness check failed: \(error)")
                return try await HealthStatus(status: "database unavailable").encodeResponse(status: .serviceUnavailable, for: req)
            }
        }
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
