import Fluent
import Foundation
import PrakatCore
import Vapor

/// Administrator pages: units, users and their roles. Auditors may read the audit trail.
struct AdminRoutes {

    // MARK: Dashboard

    struct DashboardBody: Encodable {
        var unitCount: Int
        var userCount: Int
        var unitsWithoutHead: [String]
        var webmasterCount: Int
        var webmasterShortage: Bool
        var auditEntries: Int
        /// Set when the system clock is not (known to be) synchronised (Operations/ClockSync).
        var clockWarning: String? = nil
    }

    func dashboard(_ req: Request) async throws -> Response {
        let units = try await OrgUnit.query(on: req.db).all()
        let users = try await User.query(on: req.db).filter(\.$isActive == true).all()
        let webmasters = users.filter { $0.has(.webmaster) }.count
        return try await req.render(
            "Admin/dashboard", title: AccountsText.adminTitle,
            DashboardBody(
                unitCount: units.count, userCount: users.count,
                unitsWithoutHead: units.filter { $0.headUserID == nil }.map(\.nameTh).sorted(by: thaiOrder),
                webmasterCount: webmasters, webmasterShortage: webmasters < 2,
                auditEntries: try await AuditEntry.query(on: req.db).count(), clockWarning: req.application.clockSyncProbe.status().warning))
    }

    // MARK: Units

    struct UnitRow: Encodable {
        var slug: String
        var nameTh: String
        var headName: String?
        var memberCount: Int
        var path: String
    }

    func units(_ req: Request) async throws -> Response {
        let units = try await OrgUnit.query(on: req.db).all()
        let users = try await User.query(on: req.db).all()
        let byID = Dictionary(uniqueKeysWithValues: users.compactMap { user in user.id.map { ($0, user) } })
        let rows = try units.sorted { thaiOrder($0.nameTh, $1.nameTh) }.map { unit in
            UnitRow(
                slug: unit.slug, nameTh: unit.nameTh, headName: unit.headUserID.flatMap { byID[$0]?.displayName },
                memberCount: users.filter { $0.$unit.id == unit.id }.count, path: AccountsRoute.unit(try unit.requireID()).path)
        }
        return try await req.render("Admin/units", title: AccountsText.unitsTitle, UnitsBody(units: rows, newPath: AccountsRoute.unitNew.path))
    }

    struct UnitsBody: Encodable { var units: [UnitRow]; var newPath: String }

    struct UnitFormBody: Encodable {
        struct HeadOption: Encodable { var id: String; var label: String; var selected: Bool }
        var action: String
        var isNew: Bool
        var slug: String
        var nameTh: String
        var nameEn: String
        var heads: [HeadOption]
        var headMissing: Bool
        var errors: FormErrors
    }

    struct UnitForm: Content {
        var slug: String?
        var nameTh: String?
        var nameEn: String?
        var headUserId: String?
    }

    private func unitForm(_ req: Request, unit: OrgUnit?, form: UnitForm?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let selectedHead = form?.headUserId ?? unit?.headUserID?.uuidString.lowercased() ?? ""
        let candidates = try await User.query(on: req.db).filter(\.$isActive == true).all().filter { $0.has(.unitHead) }
        let heads = candidates.sorted { thaiOrder($0.displayName, $1.displayName) }.map { user in
            UnitFormBody.HeadOption(
                id: user.id!.uuidString.lowercased(), label: "\(user.displayName) (\(user.position))",
                selected: user.id!.uuidString.lowercased() == selectedHead.lowercased())
        }
        let action = try unit.map { AccountsRoute.unit(try $0.requireID()).path } ?? AccountsRoute.units.path
        let body = UnitFormBody(
            action: action, isNew: unit == nil, slug: form?.slug ?? unit?.slug ?? "",
            nameTh: form?.nameTh ?? unit?.nameTh ?? "", nameEn: form?.nameEn ?? unit?.nameEn ?? "",
            heads: heads, headMissing: selectedHead.isEmpty, errors: errors)
        return try await req.render("Admin/unit-form", title: unit == nil ? AccountsText.newUnitTitle : AccountsText.editUnitTitle, body, status: status)
    }

    func newUnit(_ req: Request) async throws -> Response {
        try await unitForm(req, unit: nil, form: nil, errors: FormErrors())
    }

    func createUnit(_ req: Request) async throws -> Response {
        let form = try req.content.decode(UnitForm.self)
        let input = AccountService.UnitInput(slug: form.slug ?? "", nameTh: form.nameTh ?? "", nameEn: form.nameEn, headUserID: form.headUserId)
        switch try await req.accounts.createUnit(input, actor: req.auditActor) {
        case .failure(let errors): return try await unitForm(req, unit: nil, form: form, errors: errors, status: .unprocessableEntity)
        case .success: return req.redirect(to: AccountsRoute.units.path, flash: Flash(kind: .success, text: AccountsText.unitCreated))
        }
    }

    private func findUnit(_ req: Request, id: UUID) async throws -> OrgUnit {
        guard let unit = try await OrgUnit.find(id, on: req.db) else {
            throw PrakatError.notFound()
        }
        return unit
    }

    func editUnit(_ req: Request, id: UUID) async throws -> Response {
        try await unitForm(req, unit: try await findUnit(req, id: id), form: nil, errors: FormErrors())
    }

    func updateUnit(_ req: Request, id: UUID) async throws -> Response {
        let unit = try await findUnit(req, id: id)
        let form = try req.content.decode(UnitForm.self)
        let input = AccountService.UnitInput(slug: form.slug ?? "", nameTh: form.nameTh ?? "", nameEn: form.nameEn, headUserID: form.headUserId)
        switch try await req.accounts.updateUnit(unit, input, actor: req.auditActor) {
        case .failure(let errors): return try await unitForm(req, unit: unit, form: form, errors: errors, status: .unprocessableEntity)
        case .success: return req.redirect(to: AccountsRoute.units.path, flash: Flash(kind: .success, text: AccountsText.unitUpdated))
        }
    }

    // MARK: Users

    struct UserRow: Encodable {
        var username: String
        var displayName: String
        var position: String
        var unitName: String?
        var roles: [String]
        var isActive: Bool
        var mustChangePassword: Bool
        var path: String
    }

    func users(_ req: Request) async throws -> Response {
        let users = try await User.query(on: req.db).with(\.$unit).all()
        let rows = try users.sorted { thaiOrder($0.displayName, $1.displayName) }.map { user in
            UserRow(
                username: user.username, displayName: user.displayName, position: user.position, unitName: user.unit?.nameTh,
                roles: user.roles.sorted().map(\.thaiName), isActive: user.isActive, mustChangePassword: user.mustChangePassword,
                path: AccountsRoute.user(try user.requireID()).path)
        }
        return try await req.render("Admin/users", title: AccountsText.usersTitle, UsersBody(users: rows, newPath: AccountsRoute.userNew.path))
    }

    struct UsersBody: Encodable { var users: [UserRow]; var newPath: String }

    struct UserFormBody: Encodable {
        struct Option: Encodable { var value: String; var label: String; var selected: Bool }
        var action: String
        var isNew: Bool
        var username: String
        var displayName: String
        var position: String
        var email: String
        var isActive: Bool
        var units: [Option]
        var roles: [Option]
        var errors: FormErrors
        var minimumPasswordLength: Int
        /// Set when the user has two-factor sign-in, which an administrator may reset.
        var resetTwoFactorPath: String?
    }

    struct UserForm: Content {
        var username: String?
        var password: String?
        var displayName: String?
        var position: String?
        var email: String?
        var unitId: String?
        var roles: [String]?
        var isActive: String?
    }

    private func userForm(_ req: Request, user: User?, form: UserForm?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let units = try await OrgUnit.query(on: req.db).all().sorted { thaiOrder($0.nameTh, $1.nameTh) }
        let selectedUnit = (form?.unitId ?? user?.$unit.id?.uuidString ?? "").lowercased()
        let selectedRoles = form.map { Set($0.roles ?? []) } ?? Set(user?.roles.map(\.rawValue) ?? [])
        var resetTwoFactorPath: String?
        if let user, try await req.accounts.hasTwoFactor(user) { resetTwoFactorPath = AccountsRoute.userResetTwoFactor(try user.requireID()).path }
        let body = UserFormBody(
            action: try user.map { AccountsRoute.user(try $0.requireID()).path } ?? AccountsRoute.users.path,
            isNew: user == nil,
            username: form?.username ?? user?.username ?? "",
            displayName: form?.displayName ?? user?.displayName ?? "",
            position: form?.position ?? user?.position ?? "",
            email: form?.email ?? user?.email ?? "",
            isActive: form.map { $0.isActive != nil } ?? user?.isActive ?? true,
            units: units.map { .init(value: $0.id!.uuidString.lowercased(), label: $0.nameTh, selected: $0.id!.uuidString.lowercased() == selectedUnit) },
            roles: Role.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: selectedRoles.contains($0.rawValue)) },
            errors: errors,
            minimumPasswordLength: PasswordPolicy().minimumLength,
            resetTwoFactorPath: resetTwoFactorPath)
        return try await req.render("Admin/user-form", title: user == nil ? AccountsText.newUserTitle : AccountsText.editUserTitle, body, status: status)
    }

    func newUser(_ req: Request) async throws -> Response {
        try await userForm(req, user: nil, form: nil, errors: FormErrors())
    }

    func createUser(_ req: Request) async throws -> Response {
        let form = try req.content.decode(UserForm.self)
        let input = AccountService.UserInput(
            username: form.username ?? "", password: form.password, displayName: form.displayName ?? "",
            position: form.position ?? "", unitID: form.unitId, roleNames: form.roles ?? [], email: form.email)
        switch try await req.accounts.createUser(input, actor: req.auditActor) {
        case .failure(let errors):
            var kept = form
            kept.password = nil
            return try await userForm(req, user: nil, form: kept, errors: errors, status: .unprocessableEntity)
        case .success:
            return req.redirect(to: AccountsRoute.users.path, flash: Flash(kind: .success, text: AccountsText.userCreated))
        }
    }

    private func findUser(_ req: Request, id: UUID) async throws -> User {
        guard let user = try await User.find(id, on: req.db) else {
            throw PrakatError.notFound()
        }
        return user
    }

    func editUser(_ req: Request, id: UUID) async throws -> Response {
        try await userForm(req, user: try await findUser(req, id: id), form: nil, errors: FormErrors())
    }

    func updateUser(_ req: Request, id: UUID) async throws -> Response {
        let user = try await findUser(req, id: id)
        let form = try req.content.decode(UserForm.self)
        let input = AccountService.UserInput(
            username: user.username, password: form.password, displayName: form.displayName ?? "",
            position: form.position ?? "", unitID: form.unitId, roleNames: form.roles ?? [],
            isActive: form.isActive != nil, email: form.email)
        switch try await req.accounts.updateUser(user, input, actor: req.auditActor) {
        case .failure(let errors):
            var kept = form
            kept.password = nil
            return try await userForm(req, user: user, form: kept, errors: errors, status: .unprocessableEntity)
        case .success:
            return req.redirect(to: AccountsRoute.users.path, flash: Flash(kind: .success, text: AccountsText.userUpdated))
        }
    }

    /// For a lost phone without recovery codes: the person signs in with the password alone
    /// and enrols again. Their other sessions end, in case the phone was stolen while signed in.
    func resetTwoFactor(_ req: Request, id: UUID) async throws -> Response {
        let user = try await findUser(req, id: id)
        let userID = try user.requireID()
        try await req.accounts.resetTwoFactor(of: user, keeping: req.storage[CurrentSessionKey.self]?.id, actor: req.auditActor)
        return req.redirect(to: AccountsRoute.user(userID).path, flash: Flash(kind: .success, text: AccountsText.twoFactorReset))
    }

    // MARK: Audit

    struct AuditRow: Encodable {
        var sequence: Int64
        var at: String
        var actor: String
        var address: String
        /// The action's current name; an entry written under an earlier name shows that too.
        var action: String
        var actionName: String
        var storedAs: String?
        var entity: String
        var reason: String?
        var details: String
    }

    func audit(_ req: Request, page: Int?, verify: Bool) async throws -> Response {
        let paging = try PageRequest(req, defaultPerPage: 50, maxPerPage: 200)
        let total = try await AuditEntry.query(on: req.db).count()
        let entries = try await AuditEntry.query(on: req.db).sort(\.$sequence, .descending)
            .range(paging.offset..<(paging.offset + paging.perPage)).all()
        // Walking the whole chain reads every row: done when asked, not on every page view.
        let verification = verify ? try await AuditTrail.verify(on: req.db) : nil
        let status: String?
        switch verification {
        case .intact(let count): status = "ห่วงโซ่แฮชครบถ้วน ตรวจแล้ว \(count) รายการ"
        case .broken(let link, let checked): status = "พบความผิดปกติที่รายการลำดับ \(link.sequence) (\(link)) — \(checked) รายการก่อนหน้าถูกต้อง"
        case nil: status = nil
        }
        let rows = entries.map { entry in
            AuditRow(
                sequence: entry.sequence, at: ThaiDateFormat.short(entry.at, digits: .arabic, showsTime: true), actor: entry.actorName,
                address: entry.address, action: AuditAction.named(entry.action)?.rawValue ?? entry.action,
                actionName: AuditAction.named(entry.action)?.thaiName ?? "",
                storedAs: AuditAction(rawValue: entry.action) == nil ? entry.action : nil,
                entity: [entry.entityType, entry.entityID ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
                reason: entry.reason, details: entry.details == "{}" ? "" : entry.details)
        }
        let pages = max(1, (total + paging.perPage - 1) / paging.perPage)
        let intact: Bool = { if case .broken = verification { return false } else { return true } }()
        return try await req.render(
            "Admin/audit", title: AccountsText.auditTitle,
            AuditBody(
                rows: rows, status: status, intact: intact, verifyPath: AccountsRoute.audit(verify: true).path, page: paging.page, pages: pages,
                previous: paging.page > 1 ? AccountsRoute.audit(page: paging.page - 1).path : nil,
                next: paging.page < pages ? AccountsRoute.audit(page: paging.page + 1).path : nil))
    }

    struct AuditBody: Encodable {
        var rows: [AuditRow]; var status: String?; var intact: Bool; var verifyPath: String
        var page: Int; var pages: Int; var previous: String?; var next: String?
    }
}

/// Thai dictionary order (plain `<` sorts by code point, which is wrong for Thai).
@Sendable func thaiOrder(_ a: String, _ b: String) -> Bool {
    a.compare(b, options: [], range: nil, locale: Locale(identifier: "th_TH")) == .orderedAscending
}
