import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Sessions: idle expiry, password change, the sessions page")
struct SessionTests {
    @Test func aSessionEndsAfterThirtyIdleMinutesButNotWhileInUse() async throws {
        try await withPrakat { app, _, clock in
            #expect(app.prakat.sessionIdleMinutes == 30)
            let browser = Browser(app)
            try await browser.signIn("staff")
            for _ in 0..<4 {
                clock.advance(by: 29 * 60)
                #expect(try await browser.request(.GET, "/staff").status == .ok)
            }
            clock.advance(by: 30 * 60)
            let idle = try await browser.request(.GET, "/staff")
            #expect(idle.status == .seeOther)
            #expect(idle.location?.hasPrefix("/login") == true)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            // Turning the clock back does not bring it back.
            clock.advance(by: -40 * 60)
            #expect(try await browser.request(.GET, "/staff").status == .seeOther)
        }
    }

    @Test func theIdleLimitIsASetting() async throws {
        try await withPrakat(environment: ["PRAKAT_SESSION_IDLE_MINUTES": "5"]) { app, _, clock in
            let browser = Browser(app)
            try await browser.signIn("staff")
            clock.advance(by: 4 * 60)
            #expect(try await browser.request(.GET, "/staff").status == .ok)
            clock.advance(by: 4 * 60)
            #expect(try await browser.request(.GET, "/staff").status == .ok)
            clock.advance(by: 5 * 60 + 1)
            #expect(try await browser.request(.GET, "/staff").status == .seeOther)
        }
        #expect(throws: PrakatConfiguration.Problem.self) {
            _ = try PrakatConfiguration.fromEnvironment(["PRAKAT_SESSION_IDLE_MINUTES": "0"])
        }
    }

    @Test func changingThePasswordEndsEveryOtherSessionOfThatPerson() async throws {
        try await withPrakat { app, _, _ in
            let here = Browser(app), there = Browser(app), colleague = Browser(app)
            try await here.signIn("staff")
            try await there.signIn("staff")
            try await colleague.signIn("unithead")
            let changed = try await here.post(
                "/account/password",
                [
                    "currentPassword": Fixtures.password, "newPassword": "a-brand-new-passphrase",
                    "confirmPassword": "a-brand-new-passphrase"
                ])
            #expect(changed.status == .seeOther)
            #expect(try await here.request(.GET, "/staff").status == .ok)
            #expect(try await there.request(.GET, "/staff").status == .seeOther)
            #expect(try await colleague.request(.GET, "/staff").status == .ok)
        }
    }

    @Test func theSessionsPageListsSessionsAndEndsOthers() async throws {
        try await withPrakat { app, fixtures, clock in
            let here = Browser(app), phone = Browser(app), laptop = Browser(app), other = Browser(app)
            try await here.request(.GET, "/login", headers: ["User-Agent": "Firefox desk"])
            try await here.post("/login", ["username": "staff", "password": Fixtures.password])
            try await phone.request(.GET, "/login")
            try await phone.request(
                .POST, "/login", form: ["username": "staff", "password": Fixtures.password, "_csrf": phone.cookies["prakat_csrf"] ?? ""],
                headers: ["User-Agent": "<script>alert(1)</script> Phone"])
            try await laptop.signIn("staff")
            try await other.signIn("unithead")
            clock.advance(by: 60)

            let page = try await here.request(.GET, "/account/sessions")
            #expect(page.status == .ok)
            #expect(page.text.contains("อุปกรณ์นี้"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; Phone"))
            #expect(!page.text.contains("<script>alert(1)"))
            let ends = page.text.matches(of: #/action="(/account/sessions/[0-9a-f-]{36}/end)"/#).map { String($0.1) }
            #expect(ends.count == 2)

            // Someone else's session cannot be ended from here.
            let othersSession = try #require(try await UserSession.query(on: app.db).filter(\.$user.$id == fixtures.head.id!).first())
            #expect(try await here.post(AccountsRoute.sessionEnd(othersSession.id!).path, [:]).status == .notFound)
            #expect(try await here.request(.POST, ends[0], form: [:]).status == .forbidden)

            let phoneSession = try #require(try await UserSession.query(on: app.db).filter(\.$userAgent == "<script>alert(1)</script> Phone").first())
            let ended = try await here.post(AccountsRoute.sessionEnd(phoneSession.id!).path, [:])
            #expect(ended.status == .seeOther)
            #expect(try await phone.request(.GET, "/staff").status == .seeOther)
            #expect(try await laptop.request(.GET, "/staff").status == .ok)

            let all = try await here.post("/account/sessions/end-others", [:])
            #expect(all.status == .seeOther)
            #expect(try await laptop.request(.GET, "/staff").status == .seeOther)
            #expect(try await here.request(.GET, "/staff").status == .ok)
            #expect(try await other.request(.GET, "/staff").status == .ok)
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.contains("session.ended"))
            #expect(actions.contains("session.ended_others"))
            #expect(try await Browser(app).request(.GET, "/account/sessions").location?.hasPrefix("/login") == true)
        }
    }
}
