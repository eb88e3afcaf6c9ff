import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Signing in and out through the pages")
struct SignInTests {
    @Test func signInSetsAHardenedSessionCookieAndLandsOnTheStaffPage() async throws {
        try await withPrakat { app, fixtures, _ in
            let browser = Browser(app)
            let response = try await browser.signIn("staff")
            #expect(response.status == .seeOther)
            #expect(response.location == "/staff")
            let cookie = response.headers[.setCookie].first { $0.hasPrefix("prakat_session=") } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            let page = try await browser.request(.GET, "/staff")
            #expect(page.status == .ok)
            #expect(page.text.contains(fixtures.staff.displayName))
            let stored = try await UserSession.query(on: app.db).all()
            #expect(stored.count == 1)
            // Only the hash is stored.
            #expect(stored[0].tokenHash != browser.cookies["prakat_session"])
        }
    }

    @Test func overHTTPSTheCookiesAreSecureAndHostPrefixed() async throws {
        try await withPrakat(httpsBaseURL: true) { app, _, _ in
            let browser = Browser(app)
            let response = try await browser.signIn("staff")
            let cookie = response.headers[.setCookie].first { $0.hasPrefix("__Host-prakat_session=") } ?? ""
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
        }
    }

    @Test func wrongPasswordAndUnknownNameGetTheSameThaiMessageAndKeepTheName() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            let wrong = try await browser.signIn("staff", password: "not-the-password")
            let unknown = try await browser.signIn("nobody-here", password: "not-the-password")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.text.contains(AccountsText.loginFailed))
            #expect(unknown.text.contains(AccountsText.loginFailed))
            #expect(wrong.text.contains(#"value="staff""#))
            #expect(browser.cookies["prakat_session"] == nil)
            let failures = try await AuditEntry.query(on: app.db).filter(\.$action == "login.failed").count()
            #expect(failures == 2)
        }
    }

    @Test func emptyFieldsAreExplainedInThai() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            let response = try await browser.post("/login", ["username": "", "password": ""])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains(AccountsText.usernameRequired))
        }
    }

    @Test func fiveFailuresLockTheAccountWithoutRevealingWhetherItExists() async throws {
        try await withPrakat { app, _, clock in
            let browser = Browser(app)
            for _ in 0..<5 {
                try await browser.signIn("staff", password: "wrong-password-x")
                try await browser.signIn("ghost", password: "wrong-password-x")
            }
            let real = try await browser.signIn("staff")
            let ghost = try await browser.signIn("ghost", password: "anything-at-all")
            #expect(real.status == .tooManyRequests)
            #expect(ghost.status == .tooManyRequests)
            #expect(real.text.contains(AccountsText.lockedOut))
            #expect(ghost.text.contains(AccountsText.lockedOut))
            // Another account from the same address is not locked yet (10 < 20 address failures).
            #expect(try await Browser(app).signIn("unithead").status == .seeOther)
            clock.advance(by: 15 * 60 + 1)
            #expect(try await browser.signIn("staff").status == .seeOther)
        }
    }

    @Test func aBurstOfParallelGuessesGetsNoMoreThanFiveTries() async throws {
        try await withPrakat { app, _, _ in
            let csrf = try await Browser(app).csrf()
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        let browser = Browser(app)
                        browser.cookies["prakat_csrf"] = csrf
                        return try await browser.request(.POST, "/login", form: ["_csrf": csrf, "username": "staff", "password": "guess-number-\(index)"]).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 25)
        }
    }

    @Test func whatThePersonTypedIsShownBackEscaped() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            let response = try await browser.post("/login", ["username": "<script>alert(1)</script>", "password": "x", "next": "/\"><script>alert(2)</script>"])
            #expect(!response.text.contains("<script>alert"))
            #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test func twentyFailuresFromOneAddressLockThatAddress() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            for index in 0..<20 { try await browser.signIn("someone\(index)", password: "wrong-password-x") }
            let response = try await browser.signIn("staff")
            #expect(response.status == .tooManyRequests)
            #expect(response.text.contains(AccountsText.lockedOut))
        }
    }

    @Test func aFormWithoutTheCSRFTokenIsRefusedAndNothingChanges() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            try await browser.request(.GET, "/login")
            let missing = try await browser.request(.POST, "/login", form: ["username": "staff", "password": Fixtures.password])
            #expect(missing.status == .forbidden)
            // The sign-in form comes back with the name (issue 15 §5), never the password.
            #expect(missing.text.contains(SupportText.formKeptAfterCSRF))
            #expect(!missing.text.contains(Fixtures.password))
            let wrong = try await browser.request(.POST, "/login", form: ["username": "staff", "password": Fixtures.password, "_csrf": String(repeating: "x", count: 43)])
            #expect(wrong.status == .forbidden)
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }

    @Test func signOutEndsTheSession() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            try await browser.signIn("staff")
            let response = try await browser.post("/logout", [:])
            #expect(response.status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            let after = try await browser.request(.GET, "/staff")
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "session.signed_out").count() == 1)
        }
    }

    @Test func nextParameterOnlyRedirectsWithinTheSite() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            let outside = try await browser.post("/login", ["username": "staff", "password": Fixtures.password, "next": "//evil.example/x"])
            #expect(outside.location == "/staff")
            let tabbed = try await Browser(app).post("/login", ["username": "staff", "password": Fixtures.password, "next": "/\t/evil.example/x"])
            #expect(tabbed.location == "/staff")
            let browser2 = Browser(app)
            let inside = try await browser2.post("/login", ["username": "staff", "password": Fixtures.password, "next": "/account/password"])
            #expect(inside.location == "/account/password")
        }
    }

    @Test func sessionsExpireAfterTheirLifetime() async throws {
        try await withPrakat { app, _, clock in
            let browser = Browser(app)
            try await browser.signIn("staff")
            clock.advance(by: SessionCookie.lifetime + 1)
            let response = try await browser.request(.GET, "/staff")
            #expect(response.status == .seeOther)
        }
    }
}

@Suite("Changing passwords")
struct PasswordChangeTests {
    @Test func aPasswordSetBySomeoneElseMustBeChangedBeforeAnythingElse() async throws {
        try await withPrakat { app, fixtures, _ in
            fixtures.staff.mustChangePassword = true
            try await fixtures.staff.update(on: app.db)
            let browser = Browser(app)
            let signIn = try await browser.signIn("staff")
            #expect(signIn.location == "/account/password")
            let blocked = try await browser.request(.GET, "/staff")
            #expect(blocked.status == .seeOther)
            #expect(blocked.location == "/account/password")
            // The public site stays readable.
            #expect(try await browser.request(.GET, "/").status == .ok)

            let form = try await browser.request(.GET, "/account/password")
            #expect(form.text.contains("กรุณาตั้งรหัสผ่านใหม่"))
            let changed = try await browser.post(
                "/account/password",
                [
                    "currentPassword": Fixtures.password, "newPassword": "a much longer passphrase", "confirmPassword": "a much longer passphrase"
                ])
            #expect(changed.status == .seeOther)
            #expect(try await browser.request(.GET, "/staff").status == .ok)
            let user = try #require(try await User.find(fixtures.staff.id, on: app.db))
            #expect(user.mustChangePassword == false)
            #expect(try Bcrypt.verify("a much longer passphrase", created: user.passwordHash))
        }
    }

    @Test func badNewPasswordsAreExplainedBesideTheirFields() async throws {
        try await withPrakat { app, fixtures, _ in
            let browser = Browser(app)
            try await browser.signIn("staff")
            let response = try await browser.post(
                "/account/password",
                [
                    "currentPassword": "wrong-current-one", "newPassword": "short", "confirmPassword": "different"
                ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains(AccountsText.currentPasswordWrong))
            #expect(response.text.contains(AccountsText.passwordsDoNotMatch))
            #expect(response.text.contains(#"id="newPassword-error">\#(AccountsText.describe(.tooShort(minimum: 10)))"#))
            let user = try #require(try await User.find(fixtures.staff.id, on: app.db))
            #expect(try Bcrypt.verify(Fixtures.password, created: user.passwordHash))
        }
    }
}
