import Fluent
import Foundation
import PrakatCore
import Vapor

/// the API contract ("Accounts", `Resources/openapi.json`).
struct AccountsAPI {
    static let tokenLifetime: TimeInterval = 8 * 3600

    struct TokenRequest: Decodable {
        var username: String?
        var password: String?
        var otp: String?
    }

    struct TokenUser: Content {
        var id: UUID
        var username: String
        var roles: [String]
    }

    struct TokenResponse: Content {
        var token: String
        var expiresAt: Date
        var mustChangePassword: Bool
        var user: TokenUser
    }

    func issueToken(_ req: Request) async throws -> Response {
        let body = try req.decodeJSON(TokenRequest.self)
        var errors: [Problem.FieldError] = []
        if (body.username ?? "").trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.init(field: "username", message: AccountsText.usernameRequired)) }
        if (body.password ?? "").isEmpty { errors.append(.init(field: "password", message: AccountsText.passwordRequired)) }
        guard errors.isEmpty, let username = body.username, let password = body.password else { throw PrakatError.validation(errors) }

        let locked = PrakatError(
            status: .tooManyRequests, kind: "locked-out", title: SupportText.tooManyRequestsTitle, detail: AccountsText.lockedOut,
            headers: ["Retry-After": "900"])
        switch try await req.accounts.signIn(username: username, password: password, actor: req.auditActor, channel: "api") {
        case .invalid:
            throw PrakatError(status: .unauthorized, kind: "invalid-credentials", title: AccountsText.loginFailed, detail: AccountsText.loginFailed)
        case .locked:
            throw locked
        case .success(let user):
            return try await issue(for: user, req)
        case .secondFactorRequired(let user):
            // The same request carries the code: an API client has no second page to show.
            let otp = (body.otp ?? "").trimmingCharacters(in: .whitespaces)
            guard !otp.isEmpty else {
                throw PrakatError(
                    status: .unauthorized, kind: "otp-required", title: AccountsText.twoFactorLoginTitle, detail: AccountsText.otpRequired,
                    fieldErrors: [.init(field: "otp", message: AccountsText.otpRequired)])
            }
            switch try await req.accounts.completeSignIn(user, code: String(otp.prefix(64)), actor: req.auditActor, channel: "api") {
            case .success: return try await issue(for: user, req)
            case .locked: throw locked
            case .invalid, .secondFactorRequired:
                throw PrakatError(
                    status: .unauthorized, kind: "invalid-otp", title: AccountsText.twoFactorLoginTitle, detail: AccountsText.twoFactorCodeWrong,
                    fieldErrors: [.init(field: "otp", message: AccountsText.twoFactorCodeWrong)])
            }
        }
    }

    private func issue(for user: User, _ req: Request) async throws -> Response {
        let token = SecretToken.make()
        let now = req.clock.now()
        let expires = now.addingTimeInterval(AccountsAPI.tokenLifetime)
        try await APIToken(tokenHash: SecretToken.hash(token), userID: user.requireID(), createdAt: now, expiresAt: expires).create(on: req.db)
        let response = TokenResponse(
            token: token, expiresAt: expires, mustChangePassword: user.mustChangePassword,
            user: TokenUser(id: try user.requireID(), username: user.username, roles: user.roles.sorted().map(\.rawValue)))
        return try await response.encodeResponse(status: .ok, for: req)
    }

    func revokeToken(_ req: Request) async throws -> HTTPStatus {
        guard let token = req.storage[CurrentTokenKey.self] else { throw PrakatError.unauthorized() }
        token.revokedAt = req.clock.now()
        try await token.update(on: req.db)
        return .noContent
    }

    struct MeResponse: Content {
        var id: UUID
        var username: String
        var displayName: String
        var position: String
        var unitId: UUID?
        var roles: [String]
        var mustChangePassword: Bool
    }

    static func describe(_ user: User) throws -> MeResponse {
        MeResponse(
            id: try user.requireID(), username: user.username, displayName: user.displayName, position: user.position,
            unitId: user.$unit.id, roles: user.roles.sorted().map(\.rawValue), mustChangePassword: user.mustChangePassword)
    }

    func me(_ req: Request) async throws -> MeResponse {
        try AccountsAPI.describe(try req.requireUser())
    }

    struct PasswordRequest: Decodable {
        var currentPassword: String?
        var newPassword: String?
    }

    func changePassword(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireUser()
        let body = try req.decodeJSON(PasswordRequest.self)
        let errors = try await req.accounts.changePassword(
            of: user, current: body.currentPassword ?? "", new: body.newPassword ?? "",
            confirmation: nil, actor: req.auditActor,
            keepingToken: req.storage[CurrentTokenKey.self]?.id)
        if !errors.isEmpty { throw PrakatError.validation(errors.fieldErrors) }
        return .noContent
    }

    struct UnitResponse: Content {
        var id: UUID
        var slug: String
        var nameTh: String
        var nameEn: String?
        var headUserId: UUID?
    }

    static func describe(_ unit: OrgUnit) throws -> UnitResponse {
        UnitResponse(id: try unit.requireID(), slug: unit.slug, nameTh: unit.nameTh, nameEn: unit.nameEn, headUserId: unit.headUserID)
    }

    func listUnits(_ req: Request) async throws -> Page<UnitResponse> {
        let paging = try PageRequest(req)
        let total = try await OrgUnit.query(on: req.db).count()
        let units = try await OrgUnit.query(on: req.db).sort(\.$slug).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return Page(items: try units.map(AccountsAPI.describe), page: paging.page, perPage: paging.perPage, total: total)
    }

    struct UnitRequest: Decodable {
        var slug: String?
        var nameTh: String?
        var nameEn: String?
        var headUserId: String?
    }

    func createUnit(_ req: Request) async throws -> Response {
        let body = try req.decodeJSON(UnitRequest.self)
        let input = AccountService.UnitInput(slug: body.slug ?? "", nameTh: body.nameTh ?? "", nameEn: body.nameEn, headUserID: body.headUserId)
        switch try await req.accounts.createUnit(input, actor: req.auditActor) {
        case .failure(let errors):
            if errors.fieldErrors.contains(where: { $0.message == AccountsText.slugTaken }) {
                throw PrakatError(
                    status: .conflict, kind: "duplicate-slug", title: SupportText.conflictTitle,
                    detail: AccountsText.slugTaken, fieldErrors: errors.fieldErrors)
            }
            throw PrakatError.validation(errors.fieldErrors)
        case .success(let unit): return try await AccountsAPI.describe(unit).encodeResponse(status: .created, for: req)
        }
    }

    func updateUnit(_ req: Request, id: UUID) async throws -> UnitResponse {
        guard let unit = try await OrgUnit.find(id, on: req.db) else {
            throw PrakatError.notFound()
        }
        // PATCH: what is absent stays as it was; an explicit null head removes the head.
        let raw = try req.decodeJSON([String: JSONValue].self)
        let body = try req.decodeJSON(UnitRequest.self)
        var headUserID = unit.headUserID?.uuidString
        if let head = raw["headUserId"] { headUserID = head.stringValue }
        let input = AccountService.UnitInput(
            slug: body.slug ?? unit.slug, nameTh: body.nameTh ?? unit.nameTh,
            nameEn: raw["nameEn"] != nil ? body.nameEn : unit.nameEn, headUserID: headUserID)
        switch try await req.accounts.updateUnit(unit, input, actor: req.auditActor) {
        case .failure(let errors): throw PrakatError.validation(errors.fieldErrors)
        case .success(let unit): return try AccountsAPI.describe(unit)
        }
    }

    func listUsers(_ req: Request) async throws -> Page<MeResponse> {
        let paging = try PageRequest(req)
        let total = try await User.query(on: req.db).count()
        let users = try await User.query(on: req.db).sort(\.$username).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return Page(items: try users.map(AccountsAPI.describe), page: paging.page, perPage: paging.perPage, total: total)
    }

    struct UserRequest: Decodable {
        var username: String?
        var password: String?
        var displayName: String?
        var position: String?
        var unitId: String?
        var roles: [String]?
    }

    func createUser(_ req: Request) async throws -> Response {
        let body = try req.decodeJSON(UserRequest.self)
        let input = AccountService.UserInput(
            username: body.username ?? "", password: body.password, displayName: body.displayName ?? "",
            position: body.position ?? "", unitID: body.unitId, roleNames: body.roles ?? [])
        switch try await req.accounts.createUser(input, actor: req.auditActor) {
        case .failure(let errors):
            if errors.fieldErrors.contains(where: { $0.message == AccountsText.usernameTaken }) {
                throw PrakatError(
                    status: .conflict, kind: "duplicate-username", title: SupportText.conflictTitle,
                    detail: AccountsText.usernameTaken, fieldErrors: errors.fieldErrors)
            }
            throw PrakatError.validation(errors.fieldErrors)
        case .success(let user):
            return try await AccountsAPI.describe(user).encodeResponse(status: .created, for: req)
        }
    }
}

/// Just enough of JSON to tell "absent" from "null" in a PATCH body.
enum JSONValue: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
