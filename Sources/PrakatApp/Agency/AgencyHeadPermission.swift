import Fluent
import Foundation
import PrakatCore
import Vapor

/// The agency's setting "the head of agency's permission is required" (seed 1's memo: the unit
/// head's approval goes up to the head of agency, who writes อนุญาต / ไม่อนุญาต). When on, a
/// request the unit head approves waits for a person holding the `agencyHead` role, or only for
/// the one such person the setting names, before it can be published.
struct AgencyHeadPermission: Sendable, Equatable {
    var required: Bool
    var delegateID: UUID?

    static let off = AgencyHeadPermission(required: false, delegateID: nil)

    /// The setting as it stands in the one `agencies` row (off before setup).
    static func current(on db: any Database) async throws -> AgencyHeadPermission {
        guard let agency = try await Agency.query(on: db).first() else { return .off }
        return AgencyHeadPermission(required: agency.headPermissionRequired ?? false, delegateID: agency.headPermissionDelegateID)
    }
}

/// Two columns on `agencies`: the switch and the named delegate (a user id, not a foreign key:
/// users are deactivated, never deleted).
struct AddAgencyHeadPermission: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Agency.schema).field("head_permission_required", .bool).update()
        try await database.schema(Agency.schema).field("head_permission_delegate_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Agency.schema).deleteField("head_permission_delegate_id").update()
        try await database.schema(Agency.schema).deleteField("head_permission_required").update()
    }
}

extension AgencyService {
    /// Switches the head of agency's step on or off and names (or clears) the delegate. The
    /// delegate must be an active account holding the `agencyHead` role. Requests already
    /// waiting keep waiting when the step is switched off: the head still decides them.
    func savePermission(_ permission: AgencyHeadPermission, actor: AuditActor) async throws {
        if let id = permission.delegateID {
            let user = try await User.find(id, on: db)
            guard let user, user.isActive, user.has(.agencyHead) else {
                var errors = FormErrors()
                errors.add("delegateId", AgencyText.delegateInvalid)
                throw AgencyError.invalid(errors)
            }
        }
        try await writer.write { tx in
            guard let agency = try await Agency.query(on: tx.db).first() else {
                var errors = FormErrors()
                errors.add("required", AgencyText.permissionNeedsSetup)
                throw AgencyError.invalid(errors)
            }
            agency.headPermissionRequired = permission.required
            agency.headPermissionDelegateID = permission.delegateID
            try await agency.save(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .agencyHeadPermissionChanged, entityType: "agency", entityID: agency.id?.lowercased,
                    details: ["required": String(permission.required), "delegate": permission.delegateID?.lowercased ?? ""]),
                by: actor, in: tx)
        }
    }
}

/// The setting's page (`/admin/agency/permission`).
struct AgencyPermissionPages {
    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct FormBody: Encodable {
        var action: String
        var required: Bool
        var delegates: [Option]
        var error: String?
        var note: String
    }

    func body(_ req: Request, _ permission: AgencyHeadPermission, error: String? = nil) async throws -> FormBody {
        let heads = try await User.query(on: req.db).filter(\.$isActive == true).sort(\.$displayName).all().filter { $0.has(.agencyHead) }
        let anyone = Option(value: "", label: AgencyText.anyAgencyHead, selected: permission.delegateID == nil)
        return FormBody(
            action: AgencyRoute.savePermission.path, required: permission.required,
            delegates: [anyone]
                + heads.compactMap { user in
                    user.id.map { Option(value: $0.lowercased, label: "\(user.displayName) (\(user.position))", selected: $0 == permission.delegateID) }
                },
            error: error, note: AgencyText.permissionNote)
    }

    func page(_ req: Request) async throws -> Response {
        try await req.render("Agency/permission", title: AgencyText.permissionTitle, body(req, try await AgencyHeadPermission.current(on: req.db)))
    }

    struct Form: Content {
        var required: String?
        var delegateId: String?
    }

    func save(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(Form.self)) ?? Form()
        var permission = AgencyHeadPermission(required: form.required == "1", delegateID: nil)
        if let raw = form.delegateId, !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else {
                return try await req.render(
                    "Agency/permission", title: AgencyText.permissionTitle, body(req, permission, error: AgencyText.delegateInvalid), status: .unprocessableEntity)
            }
            permission.delegateID = id
        }
        do {
            try await req.agency.savePermission(permission, actor: req.auditActor)
        } catch AgencyError.invalid(let errors) {
            return try await req.render(
                "Agency/permission", title: AgencyText.permissionTitle, body(req, permission, error: errors.list.first), status: .unprocessableEntity)
        }
        return req.redirect(to: AgencyRoute.permission.path, flash: Flash(kind: .success, text: AgencyText.permissionSaved))
    }
}
