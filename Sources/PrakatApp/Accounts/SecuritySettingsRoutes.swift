import Fluent
import Foundation
import PrakatCore
import Vapor

/// Administrator page: agency-wide security switches.
struct SecuritySettingsRoutes {

    struct Body: Encodable {
        struct Person: Encodable { var displayName: String; var username: String }
        var requireTwoFactor: Bool
        var withoutTwoFactor: [Person]
        var action: String
        var idleMinutes: Int
        var limits: RateLimitSettings
    }

    func page(_ req: Request) async throws -> Response {
        let settings = try await SecuritySettings.current(on: req.db)
        let guarded = try await User.query(on: req.db).filter(\.$isActive == true).all().filter { $0.hasAny(SecuritySettings.guardedRoles) }
        let enrolled = Set(try await UserTwoFactor.query(on: req.db).filter(\.$enabledAt != nil).all().map(\.$user.id))
        let without = guarded.filter { !enrolled.contains($0.id ?? UUID()) }.sorted { thaiOrder($0.displayName, $1.displayName) }
        return try await req.render(
            "Admin/security", title: AccountsText.securityTitle,
            Body(
                requireTwoFactor: settings.requireTwoFactorForAdmins,
                withoutTwoFactor: without.map { .init(displayName: $0.displayName, username: $0.username) },
                action: AccountsRoute.security.path, idleMinutes: req.application.prakat.sessionIdleMinutes,
                limits: req.application.prakat.rateLimits))
    }

    struct Form: Content { var requireTwoFactor: String? }

    func save(_ req: Request) async throws -> Response {
        let wanted = try req.content.decode(Form.self).requireTwoFactor != nil
        try await req.accounts.setTwoFactorRequiredForAdmins(wanted, actor: req.auditActor)
        return req.redirect(to: AccountsRoute.security.path, flash: Flash(kind: .success, text: AccountsText.securitySaved))
    }
}
