import Fluent
import Foundation
import PrakatCore
import Vapor

/// The cookie that carries a half-finished sign-in (password right, code still to come).
enum LoginChallengeCookie {
    static func name(secure: Bool) -> String { secure ? "__Host-prakat_login" : "prakat_login" }

    static func make(_ value: String, secure: Bool, maxAge: Int? = Int(LoginChallenge.lifetime)) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// The second sign-in step and the person's own two-factor page.
struct TwoFactorRoutes {

    // MARK: Sign-in, second step

    struct CodeBody: Encodable {
        var error: String?
    }

    struct CodeForm: Content {
        var code: String?
        var recoveryCode: String?
    }

    private func challenge(_ req: Request) async throws -> LoginChallenge? {
        let secure = req.isHTTPS
        guard let token = req.cookies[LoginChallengeCookie.name(secure: secure)]?.string, !token.isEmpty else { return nil }
        guard let challenge = try await LoginChallenge.query(on: req.db).filter(\.$tokenHash == SecretToken.hash(token)).with(\.$user).first(),
            challenge.expiresAt > req.clock.now(), challenge.user.isActive
        else { return nil }
        return challenge
    }

    private func backToLogin(_ req: Request) -> Response {
        let response = req.redirect(to: AccountsRoute.login().path, flash: Flash(kind: .error, text: AccountsText.twoFactorChallengeExpired))
        let secure = req.isHTTPS
        response.cookies[LoginChallengeCookie.name(secure: secure)] = LoginChallengeCookie.make("", secure: secure, maxAge: 0)
        return response
    }

    func codeForm(_ req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: PublishingRoute.desk.path) }
        guard try await challenge(req) != nil else { return backToLogin(req) }
        return try await req.render("Accounts/login-code", title: AccountsText.twoFactorLoginTitle, CodeBody(), withForm: true)
    }

    func submitCode(_ req: Request) async throws -> Response {
        guard let challenge = try await challenge(req) else { return backToLogin(req) }
        let form = try req.content.decode(CodeForm.self)
        let typed = [form.code, form.recoveryCode].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty } ?? ""
        func again(_ message: String, status: HTTPResponseStatus) async throws -> Response {
            try await req.render("Accounts/login-code", title: AccountsText.twoFactorLoginTitle, CodeBody(error: message), status: status, withForm: true)
        }
        if typed.isEmpty { return try await again(AccountsText.twoFactorCodeRequired, status: .unprocessableEntity) }
        let user = challenge.user
        switch try await req.accounts.completeSignIn(user, code: String(typed.prefix(64)), actor: req.auditActor, channel: "web") {
        case .invalid, .secondFactorRequired:
            return try await again(AccountsText.twoFactorCodeWrong, status: .unauthorized)
        case .locked:
            try await challenge.delete(on: req.db)
            let response = try await req.render(
                "Accounts/login", title: AccountsText.loginTitle,
                AccountRoutes.LoginBody(username: user.username, error: AccountsText.lockedOut),
                status: .tooManyRequests, withForm: true)
            response.headers.replaceOrAdd(name: "Retry-After", value: "900")
            return response
        case .success:
            try await challenge.delete(on: req.db)
            let response = try await AccountRoutes.startSession(req, user: user, next: challenge.nextPath)
            let secure = req.isHTTPS
            response.cookies[LoginChallengeCookie.name(secure: secure)] = LoginChallengeCookie.make("", secure: secure, maxAge: 0)
            return response
        }
    }

    // MARK: The person's two-factor page

    struct PageBody: Encodable {
        var enabled: Bool
        var required: Bool
        var enabledAt: String?
        var remainingCodes: Int
        var secretGroups: String?
        var uri: String?
        var qrSVG: String?
        var recoveryCodes: [String]
        var errors: FormErrors
    }

    private func render(
        _ req: Request, user: User, recoveryCodes: [String]? = nil, errors: FormErrors = FormErrors(),
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let accounts = req.accounts
        var body = PageBody(
            enabled: false, required: try await accounts.mustEnrolTwoFactor(user), remainingCodes: 0,
            recoveryCodes: recoveryCodes ?? [], errors: errors)
        if let row = try await accounts.twoFactor(of: user), row.isEnabled {
            body.enabled = true
            body.enabledAt = row.enabledAt.map { ThaiDateFormat.short($0, digits: .arabic, showsTime: true) }
            body.remainingCodes = try await accounts.remainingRecoveryCodes(of: user)
        } else {
            let pending = try await accounts.pendingEnrolment(for: user)
            // The name the authenticator app shows: the agency's, or the site's host before setup.
            let agency = await req.agencyProfile()
            let issuer = agency.configured ? (agency.shortName ?? agency.nameTh) : (URL(string: req.publicBaseURL)?.host ?? AgencyText.agencyWord)
            let secret = pending.secret(accounts.twoFactorKeyring.keys(toOpen: pending.storedSecret)) ?? ""
            let uri = OneTimePassword.provisioningURI(secret: Base32.decode(secret) ?? [], account: user.username, issuer: issuer)
            body.secretGroups = stride(from: 0, to: secret.count, by: 4).map { offset -> String in
                let start = secret.index(secret.startIndex, offsetBy: offset)
                return String(secret[start..<(secret.index(start, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
            }.joined(separator: " ")
            body.uri = uri
            body.qrSVG = await req.application.qrCodes
                .svg(for: uri, label: AccountsText.twoFactorQRLabel, on: req.application)
        }
        let response = try await req.render("Accounts/two-factor", title: AccountsText.twoFactorTitle, body, status: status)
        // The secret and recovery codes must not stay in any cache.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func page(_ req: Request) async throws -> Response {
        try await render(req, user: try req.requireUser())
    }

    struct CodeOnlyForm: Content { var code: String? }

    func enable(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        if try await req.accounts.hasTwoFactor(user) { return req.redirect(to: AccountsRoute.twoFactor.path) }
        let code = try req.content.decode(CodeOnlyForm.self).code ?? ""
        guard let codes = try await req.accounts.confirmEnrolment(of: user, code: String(code.prefix(64)), actor: req.auditActor) else {
            var errors = FormErrors()
            errors.add("code", code.isEmpty ? AccountsText.twoFactorCodeRequired : AccountsText.twoFactorCodeWrong)
            return try await render(req, user: user, errors: errors, status: .unprocessableEntity)
        }
        return try await render(req, user: user, recoveryCodes: codes)
    }

    func regenerate(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard try await req.accounts.hasTwoFactor(user) else { return req.redirect(to: AccountsRoute.twoFactor.path) }
        let code = try req.content.decode(CodeOnlyForm.self).code ?? ""
        guard let codes = try await req.accounts.regenerateRecoveryCodes(of: user, code: String(code.prefix(64)), actor: req.auditActor) else {
            var errors = FormErrors()
            errors.add("regenerateCode", code.isEmpty ? AccountsText.twoFactorCodeRequired : AccountsText.twoFactorCodeWrong)
            return try await render(req, user: user, errors: errors, status: .unprocessableEntity)
        }
        return try await render(req, user: user, recoveryCodes: codes)
    }

    struct DisableForm: Content {
        var password: String?
        var code: String?
    }

    func disable(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard try await req.accounts.hasTwoFactor(user) else { return req.redirect(to: AccountsRoute.twoFactor.path) }
        let form = try req.content.decode(DisableForm.self)
        if user.hasAny(SecuritySettings.guardedRoles), try await SecuritySettings.current(on: req.db).requireTwoFactorForAdmins {
            var refused = FormErrors()
            refused.add("disableCode", AccountsText.twoFactorCannotDisable)
            return try await render(req, user: user, errors: refused, status: .unprocessableEntity)
        }
        let errors = try await req.accounts.disableTwoFactor(
            of: user, password: form.password ?? "", code: String((form.code ?? "").prefix(64)),
            actor: req.auditActor)
        guard errors.isEmpty else {
            var shown = FormErrors()
            for error in errors.fieldErrors { shown.add(error.field == "password" ? "disablePassword" : "disableCode", error.message) }
            return try await render(req, user: user, errors: shown, status: .unprocessableEntity)
        }
        return req.redirect(to: AccountsRoute.twoFactor.path, flash: Flash(kind: .info, text: AccountsText.twoFactorDisabled))
    }
}
