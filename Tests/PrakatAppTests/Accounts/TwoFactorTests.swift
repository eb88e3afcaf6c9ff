import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// The code an authenticator app would show for this user at `date`.
func authenticatorCode(_ app: Application, _ user: User, at date: Date) async throws -> String {
    let row = try #require(try await UserTwoFactor.query(on: app.db).filter(\.$user.$id == user.id!).first())
    let secret = try #require(row.secret(app.twoFactorKeys))
    return OneTimePassword(secret: try #require(Base32.decode(secret))).code(at: date)
}

/// The recovery codes a page shows.
func recoveryCodes(in html: String) -> [String] {
    html.matches(of: #/<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>/#).map { String($0.1) }
}

/// Signs `username` in with a browser, enrols them and returns the browser and the recovery codes.
/// The clock moves one step on, so the code used to enrol is not the next one expected.
@discardableResult
func enrolTwoFactor(_ app: Application, _ user: User, clock: FixedClock) async throws -> (Browser, [String]) {
    let browser = Browser(app)
    try await browser.signIn(user.username)
    let page = try await browser.request(.GET, "/account/two-factor")
    #expect(page.status == .ok)
    let code = try await authenticatorCode(app, user, at: clock.now())
    let confirmed = try await browser.post("/account/two-factor/enable", ["code": code])
    #expect(confirmed.status == .ok)
    let codes = recoveryCodes(in: confirmed.text)
    clock.advance(by: 30)
    return (browser, codes)
}

@Suite("Two-factor sign-in")
struct TwoFactorTests {
    @Test func enrolmentShowsTheSecretTheURIAndAQRCodeThenTenRecoveryCodesOnce() async throws {
        try await withPrakat { app, fixtures, clock in
            let browser = Browser(app)
            try await browser.signIn("staff")
            let page = try await browser.request(.GET, "/account/two-factor")
            #expect(page.status == .ok)
            #expect(page.headers.first(name: .cacheControl) == "no-store")
            let row = try #require(try await UserTwoFactor.query(on: app.db).filter(\.$user.$id == fixtures.staff.id!).first())
            #expect(row.enabledAt == nil)
            let secret = try #require(row.secret(app.twoFactorKeys))
            #expect(Base32.decode(secret)?.count == 20)
            #expect(page.text.contains(String(secret.prefix(4)) + " "))
            // Issuer is the agency's Thai name, percent-encoded.
            #expect(page.text.contains("otpauth://totp/" + OneTimePassword.percentEncode("สำนักงานสาธารณสุขจังหวัดชลบุรี") + ":staff?secret=" + secret))
            #expect(page.text.contains(#"autocomplete="one-time-code""#))
            #expect(page.text.contains(#"inputmode="numeric""#))
            if app.prakat.qrencodePath != nil {
                #expect(page.text.contains(#"<svg xmlns="http://www.w3.org/2000/svg""#))
                #expect(!page.text.contains("Created with qrencode"))
            }
            // A reload shows the same secret: the phone may already have scanned it.
            _ = try await browser.request(.GET, "/account/two-factor")
            #expect(try await UserTwoFactor.query(on: app.db).filter(\.$user.$id == fixtures.staff.id!).first()?.storedSecret == row.storedSecret)

            let wrong = try await browser.post("/account/two-factor/enable", ["code": "000000"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains(AccountsText.twoFactorCodeWrong))
            let code = OneTimePassword(secret: try #require(Base32.decode(secret))).code(at: clock.now())
            let confirmed = try await browser.post("/account/two-factor/enable", ["code": code])
            #expect(confirmed.status == .ok)
            let codes = recoveryCodes(in: confirmed.text)
            #expect(codes.count == 10)
            let stored = try await RecoveryCode.query(on: app.db).filter(\.$user.$id == fixtures.staff.id!).all()
            #expect(stored.count == 10)
            #expect(Set(stored.map(\.codeHash)) == Set(codes.map(RecoveryCodes.hash)))
            // Shown once: the page no longer lists them.
            let again = try await browser.request(.GET, "/account/two-factor")
            #expect(!again.text.contains(codes[0]))
            #expect(again.text.contains("10 รหัส"))
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.contains("two_factor.enabled"))
            #expect(actions.contains("two_factor.code_failed"))
        }
    }

    @Test func signInAsksForTheCodeAndMakesNoSessionUntilItIsRight() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let sessionsBefore = try await UserSession.query(on: app.db).count()
            let browser = Browser(app)
            let password = try await browser.signIn("staff")
            #expect(password.status == .seeOther)
            #expect(password.location == "/login/two-factor")
            #expect(browser.cookies["prakat_session"] == nil)
            #expect(browser.cookies["prakat_login"] != nil)
            #expect(try await UserSession.query(on: app.db).count() == sessionsBefore)
            #expect(try await browser.request(.GET, "/staff").status == .seeOther)

            let form = try await browser.request(.GET, "/login/two-factor")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"autocomplete="one-time-code""#))
            #expect(form.text.contains(#"inputmode="numeric""#))
            #expect(form.text.contains(#"<label for="code">"#))

            let wrong = try await browser.post("/login/two-factor", ["code": "123456"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains(AccountsText.twoFactorCodeWrong))
            #expect(try await UserSession.query(on: app.db).count() == sessionsBefore)

            let code = try await authenticatorCode(app, fixtures.staff, at: clock.now())
            let right = try await browser.post("/login/two-factor", ["code": code])
            #expect(right.status == .seeOther)
            #expect(right.location == "/staff")
            #expect(browser.cookies["prakat_session"] != nil)
            #expect(browser.cookies["prakat_login"] == nil)
            #expect(try await browser.request(.GET, "/staff").status == .ok)
            #expect(try await LoginChallenge.query(on: app.db).count() == 0)

            // The same code a second time (another browser, same 30 seconds): refused.
            let replay = Browser(app)
            try await replay.signIn("staff")
            let reused = try await replay.post("/login/two-factor", ["code": code])
            #expect(reused.status == .unauthorized)
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.contains("login.password_accepted"))
            #expect(actions.filter { $0 == "two_factor.code_failed" }.count == 2)
        }
    }

    @Test func codesFromTheNeighbouringStepsWorkButOlderOnesHaveExpired() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            clock.advance(by: 60)
            let old = try await authenticatorCode(app, fixtures.staff, at: clock.now().addingTimeInterval(-60))
            let previous = try await authenticatorCode(app, fixtures.staff, at: clock.now().addingTimeInterval(-30))
            let browser = Browser(app)
            try await browser.signIn("staff")
            if old != previous {
                #expect(try await browser.post("/login/two-factor", ["code": old]).status == .unauthorized)
            }
            #expect(try await browser.post("/login/two-factor", ["code": previous]).status == .seeOther)
        }
    }

    @Test func aRecoveryCodeSignsInOnceAndIsAudited() async throws {
        try await withPrakat { app, fixtures, clock in
            let (_, codes) = try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let browser = Browser(app)
            try await browser.signIn("staff")
            let used = try await browser.post("/login/two-factor", ["recoveryCode": codes[3].uppercased()])
            #expect(used.status == .seeOther)
            #expect(browser.cookies["prakat_session"] != nil)
            let again = Browser(app)
            try await again.signIn("staff")
            #expect(try await again.post("/login/two-factor", ["recoveryCode": codes[3]]).status == .unauthorized)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "two_factor.recovery_code_used").first())
            #expect(entry.details.contains("\"remaining\":\"9\""))
        }
    }

    @Test func wrongCodesCountTowardTheSignInLockout() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let browser = Browser(app)
            try await browser.signIn("staff")
            for _ in 0..<5 {
                #expect(try await browser.post("/login/two-factor", ["code": "000001"]).status == .unauthorized)
            }
            let code = try await authenticatorCode(app, fixtures.staff, at: clock.now())
            let locked = try await browser.post("/login/two-factor", ["code": code])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains(AccountsText.lockedOut))
            // Knowing the password does not reset the count.
            #expect(try await Browser(app).signIn("staff").status == .tooManyRequests)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login.locked").count() == 1)
            clock.advance(by: 15 * 60 + 1)
            let later = Browser(app)
            #expect(try await later.signIn("staff").location == "/login/two-factor")
            let fresh = try await authenticatorCode(app, fixtures.staff, at: clock.now())
            #expect(try await later.post("/login/two-factor", ["code": fresh]).status == .seeOther)
        }
    }

    @Test func theCodeStepExpiresAndNeedsItsCSRFToken() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let browser = Browser(app)
            try await browser.signIn("staff")
            let noToken = try await browser.request(.POST, "/login/two-factor", form: ["code": "123456"])
            #expect(noToken.status == .forbidden)
            clock.advance(by: LoginChallenge.lifetime + 1)
            let code = try await authenticatorCode(app, fixtures.staff, at: clock.now())
            let late = try await browser.post("/login/two-factor", ["code": code])
            #expect(late.status == .seeOther)
            #expect(late.location == "/login")
            #expect(browser.cookies["prakat_session"] == nil)
            // Without a pending sign-in there is nothing to type a code into.
            #expect(try await Browser(app).request(.GET, "/login/two-factor").location == "/login")
        }
    }

    @Test func aMalformedStoredSecretFailsClosed() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let row = try #require(try await UserTwoFactor.query(on: app.db).filter(\.$user.$id == fixtures.staff.id!).first())
            row.storedSecret = "not base32 at all!"
            try await row.update(on: app.db)
            let browser = Browser(app)
            try await browser.signIn("staff")
            #expect(try await browser.post("/login/two-factor", ["code": "123456"]).status == .unauthorized)
            #expect(browser.cookies["prakat_session"] == nil)
        }
    }

    @Test func switchingOffNeedsThePasswordAndACode() async throws {
        try await withPrakat { app, fixtures, clock in
            let (browser, codes) = try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let code = try await authenticatorCode(app, fixtures.staff, at: clock.now())
            let wrongPassword = try await browser.post("/account/two-factor/disable", ["password": "not-my-password", "code": code])
            #expect(wrongPassword.status == .unprocessableEntity)
            #expect(wrongPassword.text.contains(AccountsText.currentPasswordWrong))
            let wrongCode = try await browser.post("/account/two-factor/disable", ["password": Fixtures.password, "code": "999999"])
            #expect(wrongCode.status == .unprocessableEntity)
            #expect(wrongCode.text.contains(AccountsText.twoFactorCodeWrong))
            let off = try await browser.post("/account/two-factor/disable", ["password": Fixtures.password, "code": codes[0]])
            #expect(off.status == .seeOther)
            #expect(try await UserTwoFactor.query(on: app.db).filter(\.$enabledAt != nil).count() == 0)
            #expect(try await RecoveryCode.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "two_factor.disabled").count() == 1)
            #expect(try await Browser(app).signIn("staff").location == "/staff")
        }
    }

    @Test func newRecoveryCodesReplaceTheOldOnes() async throws {
        try await withPrakat { app, fixtures, clock in
            let (browser, old) = try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            #expect(try await browser.post("/account/two-factor/recovery-codes", ["code": "000000"]).status == .unprocessableEntity)
            let code = try await authenticatorCode(app, fixtures.staff, at: clock.now())
            let fresh = try await browser.post("/account/two-factor/recovery-codes", ["code": code])
            #expect(fresh.status == .ok)
            let codes = recoveryCodes(in: fresh.text)
            #expect(codes.count == 10)
            #expect(Set(codes).isDisjoint(with: old))
            let signIn = Browser(app)
            try await signIn.signIn("staff")
            #expect(try await signIn.post("/login/two-factor", ["recoveryCode": old[0]]).status == .unauthorized)
            #expect(try await signIn.post("/login/two-factor", ["recoveryCode": codes[0]]).status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "two_factor.recovery_codes_regenerated").count() == 1)
        }
    }

    @Test func theAgencyCanRequireTwoFactorForAdministratorsAndWebmasters() async throws {
        try await withPrakat { app, fixtures, clock in
            let admin = Browser(app)
            try await admin.signIn("administrator")
            let settings = try await admin.request(.GET, "/admin/security")
            #expect(settings.status == .ok)
            #expect(settings.text.contains("webmaster"))
            let saved = try await admin.post("/admin/security", ["requireTwoFactor": "1"])
            #expect(saved.status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "security.settings_changed").count() == 1)
            // The administrator who switched it on is held to it on the next page too.
            #expect(try await admin.request(.GET, "/admin").location == "/account/two-factor")

            let webmaster = Browser(app)
            let signedIn = try await webmaster.signIn("webmaster")
            #expect(signedIn.location == "/account/two-factor")
            #expect(try await webmaster.request(.GET, "/staff").location == "/account/two-factor")
            #expect(try await webmaster.request(.GET, "/account/two-factor").status == .ok)
            // The public site stays readable, and signing out still works.
            #expect(try await webmaster.request(.GET, "/").status == .ok)
            let api = try await APIClient.signIn(app, "webmaster")
            let me = try await api.call(.GET, "/api/v1/me")
            #expect(me.status == .forbidden)
            #expect(try me.json()["type"] as? String == "https://prakat.go.th/problems/two-factor-required")

            // Staff are not affected.
            #expect(try await Browser(app).signIn("staff").location == "/staff")

            let code = try await authenticatorCode(app, fixtures.users[.webmaster]!, at: clock.now())
            #expect(try await webmaster.post("/account/two-factor/enable", ["code": code]).status == .ok)
            #expect(try await webmaster.request(.GET, "/staff").status == .ok)
            // While required, it cannot be switched off.
            clock.advance(by: 30)
            let next = try await authenticatorCode(app, fixtures.users[.webmaster]!, at: clock.now())
            let refused = try await webmaster.post("/account/two-factor/disable", ["password": Fixtures.password, "code": next])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains(AccountsText.twoFactorCannotDisable))
        }
    }

    @Test func onlyAdministratorsChangeSecuritySettingsAndOnlySignedInPeopleEnrol() async throws {
        try await withPrakat { app, _, _ in
            for role in Role.allCases where role != .administrator {
                let browser = Browser(app)
                try await browser.signIn(role.rawValue.lowercased())
                #expect(try await browser.request(.GET, "/admin/security").status == .forbidden, "\(role)")
                #expect(try await browser.post("/admin/security", ["requireTwoFactor": "1"]).status == .forbidden, "\(role)")
            }
            #expect(try await SecuritySettings.query(on: app.db).count() == 0)
            let anonymous = Browser(app)
            #expect(try await anonymous.request(.GET, "/account/two-factor").location?.hasPrefix("/login") == true)
            #expect(try await anonymous.post("/account/two-factor/enable", ["code": "123456"]).status == .unauthorized)
            let admin = Browser(app)
            try await admin.signIn("administrator")
            #expect(try await admin.request(.POST, "/admin/security", form: ["requireTwoFactor": "1"]).status == .forbidden)
        }
    }

    @Test func anAPITokenNeedsTheOTPWhenTheAccountHasTwoFactor() async throws {
        try await withPrakat { app, fixtures, clock in
            try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let client = APIClient(app: app)
            let missing = try await client.call(.POST, "/api/v1/auth/token", json: #"{"username":"staff","password":"\#(Fixtures.password)"}"#)
            #expect(missing.status == .unauthorized)
            #expect(try missing.json()["type"] as? String == "https://prakat.go.th/problems/otp-required")
            let wrong = try await client.call(.POST, "/api/v1/auth/token", json: #"{"username":"staff","password":"\#(Fixtures.password)","otp":"000000"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(try wrong.json()["type"] as? String == "https://prakat.go.th/problems/invalid-otp")
            let code = try await authenticatorCode(app, fixtures.staff, at: clock.now())
            let right = try await client.call(.POST, "/api/v1/auth/token", json: #"{"username":"staff","password":"\#(Fixtures.password)","otp":"\#(code)"}"#)
            #expect(right.status == .ok)
            #expect(try right.json()["token"] as? String != nil)
            // A wrong password with a right code is still a wrong password.
            clock.advance(by: 30)
            let next = try await authenticatorCode(app, fixtures.staff, at: clock.now())
            let badPassword = try await client.call(.POST, "/api/v1/auth/token", json: #"{"username":"staff","password":"nope-nope-nope","otp":"\#(next)"}"#)
            #expect(badPassword.status == .unauthorized)
        }
    }
}

@Suite("Two-factor reset by an administrator")
struct TwoFactorResetTests {
    @Test func anAdministratorResetsALostPhoneAndOthersCannot() async throws {
        try await withPrakat { app, fixtures, clock in
            let (staffBrowser, _) = try await enrolTwoFactor(app, fixtures.staff, clock: clock)
            let path = AccountsRoute.userResetTwoFactor(fixtures.staff.id!).path
            let head = Browser(app)
            try await head.signIn("unithead")
            #expect(try await head.post(path, [:]).status == .forbidden)
            let admin = Browser(app)
            try await admin.signIn("administrator")
            let form = try await admin.request(.GET, AccountsRoute.user(fixtures.staff.id!).path)
            #expect(form.text.contains(path))
            #expect(try await admin.request(.POST, path, form: [:]).status == .forbidden)
            #expect(try await admin.post(path, [:]).status == .seeOther)
            #expect(try await UserTwoFactor.query(on: app.db).count() == 0)
            #expect(try await staffBrowser.request(.GET, "/staff").status == .seeOther)
            #expect(try await Browser(app).signIn("staff").location == "/staff")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "two_factor.reset").count() == 1)
        }
    }
}
