import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Public shell")
struct PublicShellTests {
    @Test func homeShowsAgencyNavigationAndTheFooterPromises() async throws {
        try await withPrakat { app, _, _ in
            let response = try await Browser(app).request(.GET, "/")
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains(#"<html lang="th">"#))
            #expect(html.contains("สำนักงานสาธารณสุขจังหวัดชลบุรี"))
            #expect(html.contains(#"href="/c/news""#))
            #expect(html.contains("0 3828 5511"))
            // seed 1 §2.3: browsers and PDF readers in the footer.
            #expect(html.contains("Google Chrome 109"))
            #expect(html.contains("Adobe Acrobat Reader"))
            #expect(html.contains(#"href="/privacy""#))
            #expect(html.contains(#"href="/accessibility""#))
            #expect(html.contains(#"name="viewport""#))
            #expect(!html.contains("<script"))
        }
    }

    @Test func publicPagesSetNoCookiesForAnonymousVisitors() async throws {
        try await withPrakat { app, _, _ in
            for path in ["/", "/c/news", "/privacy", "/healthz", "/nothing"] {
                let response = try await Browser(app).request(.GET, path)
                #expect(response.headers[.setCookie].isEmpty, "\(path)")
            }
            let login = try await Browser(app).request(.GET, "/login")
            #expect(login.headers[.setCookie].contains { $0.hasPrefix("prakat_csrf=") })
        }
    }

    @Test func everyResponseCarriesSecurityHeaders() async throws {
        try await withPrakat { app, _, _ in
            for path in ["/", "/login", "/nothing", "/api/v1/me", "/healthz", "/css/prakat.css"] {
                let response = try await Browser(app).request(.GET, path)
                let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'"), "\(path)")
                #expect(!csp.contains("unsafe-inline"), "\(path)")
                #expect(csp.contains("frame-ancestors 'self'"), "\(path)")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") != nil, "\(path)")
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS without TLS: \(path)")
            }
        }
    }

    @Test func httpsSitesSendHSTSAndNoStoreWithCookies() async throws {
        try await withPrakat(httpsBaseURL: true) { app, _, _ in
            let home = try await Browser(app).request(.GET, "/")
            #expect(home.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            let login = try await Browser(app).request(.GET, "/login")
            #expect(login.headers.first(name: .cacheControl) == "no-store")
        }
    }

    @Test func errorPagesAreThaiWithTheRightStatus() async throws {
        try await withPrakat { app, _, _ in
            let missing = try await Browser(app).request(.GET, "/does/not/exist")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains(SupportText.notFoundTitle))
            #expect(missing.text.contains("กลับหน้าแรก"))
            let browser = Browser(app)
            try await browser.signIn("staff")
            let forbidden = try await browser.request(.GET, "/admin")
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.text.contains(SupportText.forbiddenTitle))
            let apiMissing = try await Browser(app).request(.GET, "/api/v1/nothing")
            #expect(apiMissing.status == .notFound)
            #expect(apiMissing.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test func anInternalErrorShowsAThaiPageAndNoInternals() async throws {
        try await withPrakat { app, _, _ in
            struct DatabaseExploded: Error, CustomStringConvertible { var description: String { "secret connection string postgres://u:p@db" } }
            app.routes.on(.GET, "boom", policy: .everyone) { _ -> String in throw DatabaseExploded() }
            app.routes.on(.GET, "api", "v1", "boom", policy: .everyone) { _ -> String in throw DatabaseExploded() }
            let page = try await Browser(app).request(.GET, "/boom")
            #expect(page.status == .internalServerError)
            #expect(page.text.contains(SupportText.serverErrorTitle))
            #expect(!page.text.contains("secret connection string"))
            let api = try await Browser(app).request(.GET, "/api/v1/boom")
            #expect(api.status == .internalServerError)
            #expect(try api.json()["title"] as? String == SupportText.serverErrorTitle)
            #expect(!api.text.contains("secret"))
        }
    }

    @Test func tooLargeFormsGetAThaiPage() async throws {
        try await withPrakat(environment: ["PRAKAT_MAX_UPLOAD_BYTES": "1024"]) { app, _, _ in
            let browser = Browser(app)
            let csrf = try await browser.csrf()
            let response = try await browser.request(.POST, "/login", form: ["_csrf": csrf, "username": String(repeating: "a", count: 1_200_000), "password": "x"])
            #expect(response.status == .payloadTooLarge)
            #expect(response.text.contains(SupportText.tooLargeTitle))
        }
    }

    @Test func healthAndReadiness() async throws {
        try await withPrakat { app, _, _ in
            let health = try await Browser(app).request(.GET, "/healthz")
            let ready = try await Browser(app).request(.GET, "/readyz")
            #expect(health.status == .ok)
            #expect(ready.status == .ok)
        }
    }

    @Test func categoryPagesListTheirSections() async throws {
        try await withPrakat { app, _, _ in
            let response = try await Browser(app).request(.GET, "/c/news")
            #expect(response.status == .ok)
            #expect(response.text.contains("ข่าวประชาสัมพันธ์"))
            #expect(try await Browser(app).request(.GET, "/c/unknown").status == .notFound)
        }
    }

    @Test func userControlledTextIsEscapedEverywhereItShows() async throws {
        try await withPrakat { app, fixtures, _ in
            let payload = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#
            fixtures.unit.nameTh = payload
            try await fixtures.unit.update(on: app.db)
            fixtures.staff.displayName = payload
            try await fixtures.staff.update(on: app.db)
            let browser = Browser(app)
            try await browser.signIn("administrator")
            // Through a form too, so the payload also lands in an audit entry's details.
            let created = try await browser.post("/admin/units", ["slug": "xss", "nameTh": payload, "nameEn": payload])
            #expect(created.status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "unit.created").first()?.details.contains("<script>") == true)
            for path in [
                "/admin/units", "/admin/users", "/admin/users/\(fixtures.staff.id!.uuidString)", "/admin/audit", "/admin",
                "/admin/units/\(fixtures.unit.id!.uuidString)"
            ] {
                let html = try await browser.request(.GET, path).text
                #expect(!html.contains("<script>alert"), "\(path)")
                #expect(!html.contains("<img src=x"), "\(path)")
            }
            let staff = Browser(app)
            try await staff.signIn("staff")
            let page = try await staff.request(.GET, "/staff").text
            #expect(!page.contains("<script>alert"))
            #expect(page.contains("&lt;script&gt;"))
        }
    }
}

@Suite("Demo agency")
struct DemoSeedTests {
    @Test func firstStartCreatesTheChonburiAgencyWithOneUserPerRole() async throws {
        try await withPrakat { app, _, _ in
            // withPrakat adds test fixtures; seed into a clean slate of its own tables instead.
            try await User.query(on: app.db).delete()
            try await OrgUnit.query(on: app.db).delete()
            try await Agency.query(on: app.db).delete()
            try await SiteCategory.query(on: app.db).delete()
            let credentials = try await DemoSeeder(app: app).seed()
            let roles = Set(credentials.flatMap(\.roles))
            #expect(roles == Set(Role.allCases))
            #expect(Set(credentials.map(\.password)).count == credentials.count)
            #expect(credentials.allSatisfy { $0.password.count == 16 })
            let agency = try #require(try await Agency.query(on: app.db).first())
            #expect(agency.nameTh == "สำนักงานสาธารณสุขจังหวัดชลบุรี")
            let digital = try #require(try await OrgUnit.query(on: app.db).filter(\.$slug == "digital-health").first())
            #expect(digital.nameTh == "กลุ่มงานสุขภาพดิจิทัล")
            let head = try #require(try await User.find(digital.headUserID, on: app.db))
            #expect(head.displayName == "นายเดชา รักจรรยาบรรณ")
            #expect(try await SiteCategory.query(on: app.db).filter(\.$parentID == nil).count() == 10)
            let entries = try await AuditEntry.query(on: app.db).count()
            #expect(entries > 10)
            #expect(try await AuditTrail.verify(on: app.db) == .intact(entries: entries))
            let admin = try #require(credentials.first { $0.username == "admin" })
            let browser = Browser(app)
            let signIn = try await browser.signIn("admin", password: admin.password)
            #expect(signIn.location == "/account/password")
        }
    }
}

@Suite("An install without the demo")
struct InstallWithoutDemoTests {
    /// `PRAKAT_DEMO=0 prakat serve` or `prakat create-admin` on an empty database: the default
    /// tree of seed 1 §1.1–§1.10 is there, once, and a second start (or the demo) adds nothing.
    @Test func hasTheDefaultCategoryTreeOnceAndKeepsTheAgencysOwn() async throws {
        try await withPrakat { app, _, _ in
            try await SiteCategory.query(on: app.db).delete()
            try await prepareDatabase(app, seedDemo: false)
            let roots = try await SiteCategory.query(on: app.db).filter(\.$parentID == nil).all()
            #expect(roots.count == DefaultCategories.tree.count)
            #expect(Set(roots.map(\.slug)).isSuperset(of: ["about", "news", "e-service", "statistics-satisfaction"]))
            let total = try await SiteCategory.query(on: app.db).count()
            #expect(total == DefaultCategories.tree.reduce(0) { $0 + 1 + $1.children.count })

            // A webmaster renames one; restarting keeps the agency's tree as it is.
            let first = try #require(roots.first)
            first.nameTh = "หมวดของหน่วยงานเอง"
            try await first.update(on: app.db)
            try await prepareDatabase(app, seedDemo: false)
            #expect(try await SiteCategory.query(on: app.db).count() == total)
            #expect(try await SiteCategory.find(first.requireID(), on: app.db)?.nameTh == "หมวดของหน่วยงานเอง")
            let recorded = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.categoryTreeCreated.rawValue).count()
            #expect(recorded == 1)
        }
    }
}
