import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

@Suite("Route table")
struct RouteTableTests {
    @Test func everyRouteDeclaresAnAccessPolicy() async throws {
        try await withPrakat { app, _, _ in
            let undeclared = app.routes.all.filter { $0.userInfo[AccessPolicy.userInfoKey] as? AccessPolicy == nil }
            #expect(undeclared.isEmpty, "routes without a policy: \(undeclared.map { "\($0.method) \($0.path.string)" })")
            #expect(app.routes.all.count > 20)
        }
    }

    @Test func everyLinkPointsAtARegisteredRoute() async throws {
        try await withPrakat { app, fixtures, _ in
            #expect(try await Browser(app).request(.GET, AccountsRoute.login().path).status == .ok)
            let links: [PublishingRoute] = [.desk]
            let pages: [AccountsRoute] = [
                .passwordChange, .admin, .units, .unitNew, .unit(try fixtures.unit.requireID()), .users, .userNew,
                .user(try fixtures.staff.requireID()), .audit(), .audit(page: 1), .sessions, .twoFactor, .security
            ]
            let browser = Browser(app)
            try await browser.signIn("administrator")
            for path in links.map(\.path) + pages.map(\.path) + SiteRoute.examples.map(\.path) + [PublicRoute.home.path] {
                let response = try await browser.request(.GET, path)
                #expect(response.status == .ok, "\(path)")
            }
            #expect(AccountsRoute.logout.path == "/logout")
            #expect(try await browser.request(.GET, Link.stylesheet.path).status == .ok)
        }
    }

    @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
        try await withPrakat { app, _, _ in
            let response = try await Browser(app).request(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try response.json()
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for route in app.routes.all where route.path.first == .constant("api") {
                let path =
                    "/"
                    + route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }.joined(separator: "/")
                let documented = paths[path]?[route.method.rawValue.lowercased()]
                #expect(documented != nil, "\(route.method) \(path) is missing from openapi.json")
            }
        }
    }

    /// Every typed route: its printed path is matched by the application's router to the
    /// pattern it registered, and parses back to the same value.
    @Test func everyTypedRouteRoundTrips() async throws {
        try await withPrakat { app, _, _ in
            var checked = 0
            checked += try Self.roundTrip(AccountsRoute.self, app)
            checked += try Self.roundTrip(AccountsAPIRoute.self, app)
            checked += try Self.roundTrip(SiteRoute.self, app)
            checked += try Self.roundTrip(PublicRoute.self, app)
            checked += try Self.roundTrip(PublishingRoute.self, app)
            checked += try Self.roundTrip(PublishingAPIRoute.self, app)
            checked += try Self.roundTrip(OperationsRoute.self, app)
            checked += try Self.roundTrip(PlansRoute.self, app)
            checked += try Self.roundTrip(PlansAPIRoute.self, app)
            checked += try Self.roundTrip(AgencyRoute.self, app)
            checked += try Self.roundTrip(AgencyAPIRoute.self, app)
            checked += try Self.roundTrip(NotificationsRoute.self, app)
            checked += try Self.roundTrip(HomeContentRoute.self, app)
            checked += try Self.roundTrip(EServiceRoute.self, app)
            checked += try Self.roundTrip(EServiceAPIRoute.self, app)
            checked += try Self.roundTrip(QuestionsRoute.self, app)
            checked += try Self.roundTrip(QuestionsAPIRoute.self, app)
            // Engagement (issue 12): visitors and satisfaction
            checked += try Self.roundTrip(VisitorsRoute.self, app)
            checked += try Self.roundTrip(VisitorsAPIRoute.self, app)
            checked += try Self.roundTrip(SatisfactionRoute.self, app)
            checked += try Self.roundTrip(SatisfactionAPIRoute.self, app)
            checked += try Self.roundTrip(ComplianceRoute.self, app)
            checked += try Self.roundTrip(ComplianceAPIRoute.self, app)
            // Compliance: the annual publishing report
            checked += try Self.roundTrip(PublishingReportRoute.self, app)
            checked += try Self.roundTrip(PublishingReportAPIRoute.self, app)
            // Compliance (ITA issue, point 6): the currency desk
            checked += try Self.roundTrip(CurrencyRoute.self, app)
            checked += try Self.roundTrip(CurrencyAPIRoute.self, app)
            // Operations: Prometheus metrics (issue 14 §10)
            checked += try Self.roundTrip(MetricsRoute.self, app)
            #expect(checked >= AccountsRoute.examples.count)
        }
    }

    /// Every route the server answers comes from a typed route enum: none is registered with
    /// a path written by hand.
    @Test func everyRegisteredRouteIsTyped() async throws {
        try await withPrakat { app, _, _ in
            func patterns<Route: TypedRoute>(_ type: Route.Type) -> [String] { Route.examples.map(\.patternDescription) }
            let typed = Set(
                [
                    patterns(AccountsRoute.self), patterns(AccountsAPIRoute.self), patterns(SiteRoute.self), patterns(PublicRoute.self),
                    patterns(PublishingRoute.self), patterns(PublishingAPIRoute.self), patterns(OperationsRoute.self), patterns(PlansRoute.self),
                    patterns(PlansAPIRoute.self), patterns(AgencyRoute.self), patterns(AgencyAPIRoute.self), patterns(NotificationsRoute.self),
                    patterns(HomeContentRoute.self),
                    // Engagement (issue 12)
                    patterns(EServiceRoute.self), patterns(EServiceAPIRoute.self), patterns(QuestionsRoute.self), patterns(QuestionsAPIRoute.self),
                    patterns(VisitorsRoute.self), patterns(VisitorsAPIRoute.self), patterns(SatisfactionRoute.self), patterns(SatisfactionAPIRoute.self),
                    // Compliance (issue 13)
                    patterns(ComplianceRoute.self), patterns(ComplianceAPIRoute.self),
                    // Compliance
                    patterns(PublishingReportRoute.self), patterns(PublishingReportAPIRoute.self),
                    // Compliance (ITA issue, point 6)
                    patterns(CurrencyRoute.self), patterns(CurrencyAPIRoute.self),
                    // Operations: Prometheus metrics (issue 14 §10)
                    patterns(MetricsRoute.self)
                ].joined())
            for route in app.routes.all {
                let description = "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
                #expect(typed.contains(description), "\(description) is registered outside a typed route enum")
            }
        }
    }

    static func roundTrip<Route: TypedRoute>(_ type: Route.Type, _ app: Application) throws -> Int {
        let router = TrieRouter(Route.self)
        for template in Route.examples {
            router.register(template, at: [.constant(template.method.rawValue)] + template.pattern)
            let registered = app.routes.all.contains { $0.method == template.method && $0.path == template.pattern }
            #expect(registered, "\(template.patternDescription) is not registered")
        }
        for example in Route.examples {
            let url = URI(string: example.path)
            var parameters = Parameters()
            let components = url.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            let template = try #require(router.route(path: [example.method.rawValue] + components, parameters: &parameters), "\(example.path)")
            let parsed = Route.parse(template, RouteParameters(values: parameters, query: url.query))
            #expect(parsed == example, "\(example.method) \(example.path) parsed as \(String(describing: parsed))")
        }
        return Route.examples.count
    }

    @Test(arguments: ["/", "/a/b", "/login?next=/x"])
    func safeRedirects(_ target: String) { #expect(Link.isSafeRedirect(target)) }

    @Test(arguments: [
        "//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/x\r\nSet-Cookie: a=b",
        "/\t/evil.example/phish", "/ \u{0}//evil", "/a\\b", ""
    ])
    func unsafeRedirects(_ target: String) { #expect(!Link.isSafeRedirect(target)) }
}
