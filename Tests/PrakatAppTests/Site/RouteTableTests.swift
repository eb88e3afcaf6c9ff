import Fluent
import Foundation
import PrakatCore
import Testing
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
            #expect(try await Browser(app).request(.GET, Link.login().path).status == .ok)
            let links: [Link] = [.home, .privacy, .accessibility, .passwordChange, .staffHome, .admin, .adminUnits, .adminUnitNew,
                                 .adminUnit(fixtures.unit.id!), .adminUsers, .adminUserNew, .adminUser(fixtures.staff.id!), .adminAudit,
                                 .category("news")]
            let browser = Browser(app)
            try await browser.signIn("administrator")
            for link in links {
                let response = try await browser.request(.GET, link.path)
                #expect(response.status == .ok, "\(link.path)")
            }
            #expect(Link.logout.path == "/logout")
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
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                let documented = paths[path]?[route.method.rawValue.lowercased()]
                #expect(documented != nil, "\(route.method) \(path) is missing from openapi.json")
            }
        }
    }

    @Test(arguments: ["/", "/a/b", "/login?next=/x"])
    func safeRedirects(_ target: String) { #expect(Link.isSafeRedirect(target)) }

    @Test(arguments: ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "/x\r\nSet-Cookie: a=b",
                      "/\t/evil.example/phish", "/ \u{0}//evil", "/a\\b", ""])
    func unsafeRedirects(_ target: String) { #expect(!Link.isSafeRedirect(target)) }
}
