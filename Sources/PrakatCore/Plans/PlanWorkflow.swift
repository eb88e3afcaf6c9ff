import Foundation

/// A project's life: drafted (may be inconsistent) → submitted (must be consistent) →
/// approved by the unit head or a planner → active (being carried out and reported on).
public enum ProjectState: String, Codable, Sendable, Hashable, CaseIterable {
    case draft, submitted, approved, active

    public var thaiName: String {
        switch self {
        case .draft: "ร่าง"
        case .submitted: "รออนุมัติ"
        case .approved: "อนุมัติแล้ว"
        case .active: "กำลังดำเนินการ"
        }
    }

    /// Approved projects are public (issue 5: "approved projects are public").
    public var isPublic: Bool { self == .approved || self == .active }
}

/// Who is acting, as far as the workflow rules care.
public struct PlanActor: Sendable, Hashable {
    public var userID: UUID
    public var roles: Set<Role>
    /// Heads the unit the project belongs to.
    public var headsProjectUnit: Bool
    /// Belongs to the unit the project belongs to.
    public var inProjectUnit: Bool

    public init(userID: UUID, roles: Set<Role>, headsProjectUnit: Bool, inProjectUnit: Bool) {
        self.userID = userID
        self.roles = roles
        self.headsProjectUnit = headsProjectUnit
        self.inProjectUnit = inProjectUnit
    }

    /// Planners edit any project; staff edit their own unit's.
    public var mayEdit: Bool { roles.contains(.planner) || (roles.contains(.staff) && inProjectUnit) }
    /// Planners, or the head of the project's unit.
    public var mayApprove: Bool { roles.contains(.planner) || (roles.contains(.unitHead) && headsProjectUnit) }
}

/// Why a step was refused; `conflict` maps to HTTP 409, `forbidden` to 403, `inconsistent` to 422.
public enum WorkflowError: Error, Sendable, Hashable {
    case conflict(String)
    case forbidden(String)
    case inconsistent(String)

    public var message: String {
        switch self {
        case .conflict(let m), .forbidden(let m), .inconsistent(let m): m
        }
    }
}

/// Who takes part in plans, by role. Route policies, inbox queries and the buttons a page
/// shows derive from these and from the actions' `permittedRoles`; the relation to one
/// project (its unit, its head) is checked by the workflow with `PlanActor`.
public enum PlanRoles {
    /// Roles that may read projects that are not public yet.
    public static let readers: Set<Role> = [.planner, .staff, .unitHead, .auditor, .administrator]
    /// Planners edit any project; staff their own unit's.
    public static let editors: Set<Role> = [.planner, .staff]
    /// Planners, or the head of the project's unit.
    public static let approvers: Set<Role> = [.planner, .unitHead]
}

/// A step of a project's workflow. Raw values are path segments and audit action suffixes.
public enum ProjectAction: String, Sendable, Codable, CaseIterable, Hashable {
    case submit, approve, `return`, activate

    /// Roles that may ask for the step at all (the route's policy); whether this person may
    /// take it on this project is `ProjectWorkflow.denial`.
    public var permittedRoles: Set<Role> {
        switch self {
        case .submit: PlanRoles.editors
        case .approve, .return: PlanRoles.approvers
        case .activate: PlanRoles.approvers.union(PlanRoles.editors)
        }
    }

    public var requiresReason: Bool { self == .return }
}

/// What the project rules need to know about one project.
public struct ProjectFacts: Sendable, Hashable {
    public var state: ProjectState
    /// Budget mismatches; nil when not checked (a page deciding which buttons to show).
    public var mismatches: Int?
    /// The actor created or submitted the project; nobody approves their own.
    public var ownWork: Bool

    public init(state: ProjectState, mismatches: Int? = nil, ownWork: Bool = false) {
        self.state = state
        self.mismatches = mismatches
        self.ownWork = ownWork
    }
}

public enum ProjectWorkflow {
    public static func edit(_ state: ProjectState, by actor: PlanActor) throws(WorkflowError) {
        guard actor.mayEdit else { throw .forbidden("แก้ไขได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ของหน่วยงานเจ้าของโครงการ") }
        guard state == .draft else { throw .conflict("แก้ไขได้เฉพาะโครงการที่เป็นร่าง (สถานะปัจจุบัน: \(state.thaiName))") }
    }

    /// nil when `actor` may take `action` on a project described by `facts`.
    public static func denial(_ action: ProjectAction, by actor: PlanActor, on facts: ProjectFacts) -> WorkflowError? {
        let state = facts.state
        guard !actor.roles.isDisjoint(with: action.permittedRoles) else { return .forbidden(forbiddenMessage(action)) }
        switch action {
        case .submit:
            guard actor.mayEdit else { return .forbidden(forbiddenMessage(action)) }
            guard state == .draft else { return .conflict("เสนอได้เฉพาะโครงการที่เป็นร่าง (สถานะปัจจุบัน: \(state.thaiName))") }
            if let mismatches = facts.mismatches, mismatches > 0 {
                return .inconsistent("ยังมียอดที่ไม่ตรงกัน \(mismatches) รายการ กรุณาแก้ไขก่อนเสนออนุมัติ")
            }
        case .approve:
            guard actor.mayApprove else { return .forbidden(forbiddenMessage(action)) }
            guard !facts.ownWork else { return .forbidden("ผู้จัดทำหรือผู้เสนอโครงการอนุมัติโครงการของตนเองไม่ได้") }
            guard state == .submitted else { return .conflict("อนุมัติได้เฉพาะโครงการที่รออนุมัติ (สถานะปัจจุบัน: \(state.thaiName))") }
        case .return:
            guard actor.mayApprove else { return .forbidden(forbiddenMessage(action)) }
            guard state == .submitted else { return .conflict("ส่งกลับได้เฉพาะโครงการที่รออนุมัติ (สถานะปัจจุบัน: \(state.thaiName))") }
        case .activate:
            guard actor.mayApprove || actor.mayEdit else { return .forbidden(forbiddenMessage(action)) }
            guard state == .approved else { return .conflict("เริ่มดำเนินการได้เฉพาะโครงการที่อนุมัติแล้ว (สถานะปัจจุบัน: \(state.thaiName))") }
        }
        return nil
    }

    /// The state `action` leads to, or why it is refused.
    public static func transition(_ action: ProjectAction, by actor: PlanActor, on facts: ProjectFacts) throws(WorkflowError) -> ProjectState {
        if let denial = denial(action, by: actor, on: facts) { throw denial }
        switch action {
        case .submit: return .submitted
        case .approve: return .approved
        case .return: return .draft
        case .activate: return .active
        }
    }

    /// The steps this person may take now: the buttons a project page shows.
    public static func available(to actor: PlanActor, on facts: ProjectFacts) -> [ProjectAction] {
        ProjectAction.allCases.filter { denial($0, by: actor, on: facts) == nil }
    }

    private static func forbiddenMessage(_ action: ProjectAction) -> String {
        switch action {
        case .submit: "เสนอได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ของหน่วยงานเจ้าของโครงการ"
        case .approve: "อนุมัติได้เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการ หรือนักวิเคราะห์นโยบายและแผน"
        case .return: "ส่งกลับได้เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการ หรือนักวิเคราะห์นโยบายและแผน"
        case .activate: "เริ่มดำเนินการได้เฉพาะผู้รับผิดชอบโครงการ"
        }
    }
}

/// A step of a progress round's workflow, in the same shape as `ProjectAction`.
public enum RoundAction: String, Sendable, Codable, CaseIterable, Hashable {
    case submit, approve, `return`

    public var permittedRoles: Set<Role> {
        switch self {
        case .submit: PlanRoles.editors
        case .approve, .return: PlanRoles.approvers
        }
    }

    public var requiresReason: Bool { self == .return }
}

/// What the round rules need to know about one round.
public struct RoundFacts: Sendable, Hashable {
    public var state: RoundState
    public var projectState: ProjectState
    public var submittedBySelf: Bool

    public init(state: RoundState, projectState: ProjectState, submittedBySelf: Bool = false) {
        self.state = state
        self.projectState = projectState
        self.submittedBySelf = submittedBySelf
    }
}

/// A progress round: drafted and submitted by the project's people, approved by the unit
/// head or a planner (not the submitter), then locked.
public enum RoundWorkflow {
    public static func edit(_ state: RoundState, project: ProjectState, by actor: PlanActor) throws(WorkflowError) {
        if let denial = editDenial(state, project: project, by: actor) { throw denial }
    }

    private static func editDenial(_ state: RoundState, project: ProjectState, by actor: PlanActor) -> WorkflowError? {
        guard actor.mayEdit else { return .forbidden("กรอกรายงานได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ของหน่วยงานเจ้าของโครงการ") }
        guard project.isPublic else { return .conflict("รายงานความก้าวหน้าได้เมื่อโครงการอนุมัติแล้ว") }
        guard state == .draft else { return .conflict("รายงานรอบนี้\(state == .approved ? "อนุมัติและล็อกแล้ว" : "ส่งแล้ว") แก้ไขไม่ได้") }
        return nil
    }

    /// nil when `actor` may take `action` on a round described by `facts`.
    public static func denial(_ action: RoundAction, by actor: PlanActor, on facts: RoundFacts) -> WorkflowError? {
        switch action {
        case .submit:
            return editDenial(facts.state, project: facts.projectState, by: actor)
        case .approve:
            guard actor.mayApprove else { return .forbidden("อนุมัติรายงานได้เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการ หรือนักวิเคราะห์นโยบายและแผน") }
            guard !facts.submittedBySelf else { return .forbidden("ผู้ส่งรายงานอนุมัติรายงานของตนเองไม่ได้") }
            guard facts.state == .submitted else { return .conflict(facts.state == .approved ? "รายงานรอบนี้อนุมัติแล้ว" : "อนุมัติได้เฉพาะรายงานที่ส่งแล้ว") }
            return nil
        case .return:
            guard actor.mayApprove else { return .forbidden("ส่งกลับได้เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการ หรือนักวิเคราะห์นโยบายและแผน") }
            guard facts.state == .submitted else { return .conflict("ส่งกลับได้เฉพาะรายงานที่ส่งแล้วและยังไม่อนุมัติ") }
            return nil
        }
    }

    public static func transition(_ action: RoundAction, by actor: PlanActor, on facts: RoundFacts) throws(WorkflowError) -> RoundState {
        if let denial = denial(action, by: actor, on: facts) { throw denial }
        switch action {
        case .submit: return .submitted
        case .approve: return .approved
        case .return: return .draft
        }
    }

    /// The steps this person may take now: the buttons a round page shows.
    public static func available(to actor: PlanActor, on facts: RoundFacts) -> [RoundAction] {
        RoundAction.allCases.filter { denial($0, by: actor, on: facts) == nil }
    }

    /// A round is late when its due date has passed and it was not submitted by then.
    public static func isLate(
        kind: RoundKind, fiscalYear: FiscalYear, submittedOn: CalendarDate?, today: CalendarDate,
        graceDays: Int = RoundKind.defaultGraceDays
    ) -> Bool {
        let due = kind.dueDate(in: fiscalYear, graceDays: graceDays)
        if let submittedOn { return submittedOn > due }
        return today > due
    }
}
