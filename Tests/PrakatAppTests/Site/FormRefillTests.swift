import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Issue 15 §5: a form refused because its CSRF token or the session expired while someone typed
/// comes back with what they typed, a fresh token and a Thai message, and nothing is saved.
@Suite("Forms keep what was typed when the token or session expires")
struct FormRefillTests {
    static let staleToken = String(repeating: "x", count: 43)
    static let title = "ประกาศรับสมัครงาน ตำแหน่งนักวิชาการสาธารณสุข"
    static let details = "รายละเอียดยาวที่พิมพ์ไว้นานจนแบบฟอร์มหมดอายุ <b>ตัวหนา</b>"

    private func requestForm(_ app: Application) async throws -> [String: String] {
        let category = try #require(try await SiteCategory.query(on: app.db).filter(\.$slug == "news").first()?.requireID())
        return ["categoryId": category.uuidString, "title": Self.title, "details": Self.details]
    }

    /// The token a page gives its form.
    private func formToken(_ html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value="[^"]+""#, options: .regularExpression) else { return nil }
        return html[range].split(separator: "\"").dropFirst(3).first.map(String.init)
    }

    @Test func anExpiredTokenOnTheRequestFormKeepsTheTextAndASecondSendWorks() async throws {
        try await withPrakat { app, _, _ in
            let staff = Browser(app)
            try await staff.signIn("staff")
            var form = try await requestForm(app)
            form["_csrf"] = Self.staleToken
            let refused = try await staff.request(.POST, "/staff/requests", form: form)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains(SupportText.formKeptAfterCSRF))
            #expect(refused.text.contains(Self.title))
            #expect(refused.text.contains("&lt;b&gt;ตัวหนา&lt;/b&gt;"), "what was typed, escaped")
            #expect(try await PublicationRequest.query(on: app.db).count() == 0)

            let token = try #require(formToken(refused.text))
            #expect(token == staff.cookies["prakat_csrf"])
            form["_csrf"] = token
            let sent = try await staff.request(.POST, "/staff/requests", form: form)
            #expect(sent.status == .seeOther)
            #expect(try await PublicationRequest.query(on: app.db).count() == 1)
        }
    }

    @Test func aLostTokenCookieGetsANewOne() async throws {
        try await withPrakat { app, _, _ in
            let staff = Browser(app)
            try await staff.signIn("staff")
            staff.cookies["prakat_csrf"] = nil
            var form = try await requestForm(app)
            form["_csrf"] = Self.staleToken
            let refused = try await staff.request(.POST, "/staff/requests", form: form)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains(Self.title))
            let fresh = try #require(staff.cookies["prakat_csrf"])
            #expect(formToken(refused.text) == fresh)
        }
    }

    @Test func anExpiredSessionKeepsTheTextSavesNothingAndSignsNobodyIn() async throws {
        try await withPrakat { app, _, clock in
            let staff = Browser(app)
            try await staff.signIn("staff")
            let page = try await staff.request(.GET, "/staff/requests/new")
            var form = try await requestForm(app)
            form["_csrf"] = try #require(formToken(page.text))
            clock.advance(by: 31 * 60)
            let refused = try await staff.request(.POST, "/staff/requests", form: form)
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains(SupportText.formKeptAfterSessionExpired))
            #expect(refused.text.contains(Self.title))
            #expect(try await PublicationRequest.query(on: app.db).count() == 0)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            let after = try await staff.request(.GET, "/staff")
            #expect(after.status == .seeOther, "still signed out")
        }
    }

    @Test func theProjectAndRoundFormsKeepTheirText() async throws {
        try await withPrakat { app, _, _ in
            let planner = Browser(app)
            try await planner.signIn("planner")
            var form = smallProjectForm
            form["_csrf"] = Self.staleToken
            let refused = try await planner.request(.POST, PlansRoute.projectCreate.path, form: form)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains(SupportText.formKeptAfterCSRF))
            #expect(refused.text.contains("ผู้เข้าอบรมไม่น้อยกว่าร้อยละ 80"))
            #expect(try await PlanProject.query(on: app.db).count() == 0)
        }
    }

    @Test func signInKeepsTheNameButNeverThePassword() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            _ = try await browser.csrf()
            let refused = try await browser.request(.POST, "/login", form: ["username": "staff", "password": "secret-password-123", "_csrf": Self.staleToken])
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains(#"value="staff""#))
            #expect(!refused.text.contains("secret-password-123"))
            #expect(refused.text.contains(SupportText.formKeptAfterCSRF))
        }
    }

    @Test func aPostFromAnotherSiteGetsThePlainRefusal() async throws {
        try await withPrakat { app, _, _ in
            let staff = Browser(app)
            try await staff.signIn("staff")
            var form = try await requestForm(app)
            form["_csrf"] = Self.staleToken
            for headers: HTTPHeaders in [["Origin": "https://evil.example", "Host": "localhost"], ["Sec-Fetch-Site": "cross-site"]] {
                let refused = try await staff.request(.POST, "/staff/requests", form: form, headers: headers)
                #expect(refused.status == .forbidden)
                #expect(!refused.text.contains(Self.title))
                #expect(refused.text.contains(SupportText.csrfTitle))
            }
        }
    }
}
