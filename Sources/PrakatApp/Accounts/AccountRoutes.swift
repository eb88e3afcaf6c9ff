import Fluent
import Foundation
import PrakatCore
import Vapor

/// Sign-in, sign-out, password change and the staff landing page.
struct AccountRoutes {

    struct LoginBody: Encodable {
        var username: String = ""
        var next: String = ""
        var error: String?
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    func loginForm(_ req: Request, next: String?) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: PublishingRoute.desk.path) }
        let next = next.flatMap { Link.isSafeRedirect($0) ? $0 : nil } ?? ""
        return try await req.render("Accounts/login", title: AccountsText.loginTitle, LoginBody(next: next), withForm: true)
    }

    /// The sign-in page again after an expired form: the name comes back, the password never does.
    func refillLogin(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let next = form.next.flatMap { Link.isSafeRedirect($0) ? $0 : nil } ?? ""
        return try await req.render(
            "Accounts/login", title: AccountsText.loginTitle,
            LoginBody(username: String(username.prefix(80)), next: next), withForm: true)
    }

    func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form.password ?? ""
        let next = form.next.flatMap { Link.isSafeRedirect($0) ? $0 : nil } ?? ""
        func again(_ message: String, status: HTTPResponseStatus) async throws -> Response {
            try await req.render(
                "Accounts/login", title: AccountsText.loginTitle,
                LoginBody(username: String(username.prefix(80)), next: next, error: message), status: status, withForm: true)
        }
        if username.isEmpty { return try await again(AccountsText.usernameRequired, status: .unprocessableEntity) }
        if password.isEmpty { return try await again(AccountsText.passwordRequired, status: .unprocessableEntity) }

        switch try await req.accounts.signIn(username: username, password: password, actor: req.auditActor, channel: "web") {
        case .invalid:
            return try await again(AccountsText.loginFailed, status: .unauthorized)
        case .locked:
            return try await again(AccountsText.lockedOut, status: .tooManyRequests)
        case .success(let user):
            return try await AccountRoutes.startSession(req, user: user, next: next)
        case .secondFactorRequired(let user):
            let token = SecretToken.make()
            let challenge = LoginChallenge(tokenHash: SecretToken.hash(token), userID: try user.requireID(), nextPath: next, now: req.clock.now())
            try await challenge.create(on: req.db)
            let response = req.redirect(to: AccountsRoute.loginCode.path, redirectType: .normal)
            let secure = req.isHTTPS
            response.cookies[LoginChallengeCookie.name(secure: secure)] = LoginChallengeCookie.make(token, secure: secure)
            return response
        }
    }

    /// A new browser session after every factor was right: cookie, CSRF token rotated, and the
    /// first page (password change, two-factor enrolment when required, or where they were going).
    static func startSession(_ req: Request, user: User, next: String) async throws -> Response {
        let token = SecretToken.make()
        let now = req.clock.now()
        let session = UserSession(
            tokenHash: SecretToken.hash(token), userID: try user.requireID(), now: now,
            expiresAt: now.addingTimeInterval(SessionCookie.lifetime),
            address: req.clientAddress.ip, userAgent: req.headers.first(name: .userAgent) ?? "")
        try await session.create(on: req.db)
        req.auth.login(user)
        req.rotateCSRFToken()
        let destination: String
        if user.mustChangePassword {
            destination = AccountsRoute.passwordChange.path
        } else if try await req.accounts.mustEnrolTwoFactor(user) {
            destination = AccountsRoute.twoFactor.path
        } else {
            destination = next.isEmpty ? PublishingRoute.desk.path : next
        }
        let response = req.redirect(to: destination, flash: Flash(kind: .success, text: AccountsText.welcome))
        let secure = req.isHTTPS
        response.cookies[SessionCookie.name(secure: secure)] = SessionCookie.make(token, secure: secure, maxAge: nil)
        return response
    }

    func logout(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        if let session = req.storage[CurrentSessionKey.self] {
            try await req.accounts.signOut(session, user: user.id, actor: req.auditActor)
        }
        req.auth.logout(User.self)
        let response = req.redirect(to: PublicRoute.home.path, flash: Flash(kind: .info, text: AccountsText.loggedOut))
        let secure = req.isHTTPS
        response.cookies[SessionCookie.name(secure: secure)] = SessionCookie.make("", secure: secure, maxAge: 0)
        return response
    }

    struct PasswordBody: Encodable {
        var forced: Bool
        var errors: FormErrors
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?
    }

    func passwordForm(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        return try await req.render(
            "Accounts/password", title: AccountsText.passwordChangeTitle,
            PasswordBody(forced: user.mustChangePassword, errors: FormErrors()))
    }

    func changePassword(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(PasswordForm.self)
        let errors = try await req.accounts.changePassword(
            of: user, current: form.currentPassword ?? "", new: form.newPassword ?? "",
            confirmation: form.confirmPassword ?? "", actor: req.auditActor,
            keepingSession: req.storage[CurrentSessionKey.self]?.id)
        guard errors.isEmpty else {
            return try await req.render(
                "Accounts/password", title: AccountsText.passwordChangeTitle,
                PasswordBody(forced: user.mustChangePassword, errors: errors), status: .unprocessableEntity)
        }
        return req.redirect(to: PublishingRoute.desk.path, flash: Flash(kind: .success, text: AccountsText.passwordChanged))
    }
}
