import Fluent
import Vapor

/// The public shell: home, the privacy and accessibility statements, health checks.
struct SiteRoutes {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "", policy: .everyone, use: home)
        routes.on(.GET, "privacy", policy: .everyone) { req in
            try await req.render("Site/privacy", title: SiteText.privacyTitle, EmptyBody())
        }
        routes.on(.GET, "accessibility", policy: .everyone) { req in
            try await req.render("Site/accessibility", title: SiteText.accessibilityTitle, EmptyBody())
        }
        routes.on(.GET, "c", ":slug", policy: .everyone, use: category)
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

    struct HomeBody: Encodable {
        struct Section: Encodable {
            var nameTh: String
            var clause: String?
            var path: String
            var children: [SiteContext.NavItem]
        }
        var sections: [Section]
    }

    func home(_ req: Request) async throws -> Response {
        let categories = try await SiteCategory.query(on: req.db).sort(\.$position).all()
        let roots = categories.filter { $0.parentID == nil }
        let sections = roots.map { root in
            HomeBody.Section(
                nameTh: root.nameTh,
                clause: root.clause,
                path: Link.category(root.slug).path,
                children: categories.filter { $0.parentID == root.id }.map { .init(nameTh: $0.nameTh, path: Link.category($0.slug).path) }
            )
        }
        return try await req.render("Site/home", title: SiteText.homeTitle, HomeBody(sections: sections))
    }

    struct CategoryBody: Encodable {
        var nameTh: String
        var nameEn: String?
        var clause: String?
        var parent: SiteContext.NavItem?
        var children: [SiteContext.NavItem]
    }

    /// Lists a category's sub-sections; publishing fills it with items.
    func category(_ req: Request) async throws -> Response {
        guard let slug = req.parameters.get("slug"),
              let category = try await SiteCategory.query(on: req.db).filter(\.$slug == slug).first()
        else { throw PrakatError.notFound() }
        let children = try await SiteCategory.query(on: req.db).filter(\.$parentID == category.id).sort(\.$position).all()
        let parent = try await category.parentID.asyncMap { try await SiteCategory.find($0, on: req.db) } ?? nil
        let body = CategoryBody(
            nameTh: category.nameTh, nameEn: category.nameEn, clause: category.clause,
            parent: parent.map { .init(nameTh: $0.nameTh, path: Link.category($0.slug).path) },
            children: children.map { .init(nameTh: $0.nameTh, path: Link.category($0.slug).path) }
        )
        return try await req.render("Site/category", title: category.nameTh, body)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
