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

public enum ProjectWorkflow {
    public static func edit(_ state: ProjectState, by actor: PlanActor) throws(WorkflowError) {
        guard actor.mayEdit else { throw .forbidden("แก้ไขได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ของหน่วยงานเจ้าของโครงการ") }
        guard state == .draft else { throw .conflict("แก้ไขได้เฉพาะโครงการที่เป็นร่าง (สถานะปัจจุบัน: \(state.thaiName))") }
    }

    public static func submit(_ state: ProjectState, mismatches: Int, by actor: PlanActor) throws(WorkflowError) -> ProjectState {
        guard actor.mayEdit else { throw .forbidden("เสนอได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ของหน่วยงานเจ้าของโครงการ") }
        guard state == .draft else { throw .conflict("เสนอได้เฉพาะโครงการที่เป็นร่าง (สถานะปัจจุบัน: \(state.thaiName))") }
        guard mismatches == 0 else { throw .inconsistent("ยังมียอดที่ไม่ตรงกัน \(mismatches) รายการ กรุณาแก้ไขก่อนเสนออนุมัติ") }
        return .submitted
    }

    /// `ownWork`: the actor created or submitted the project; nobody approves their own.
    public static func approve(_ state: ProjectState, ownWork: Bool, by actor: PlanActor) throws(WorkflowError) -> ProjectState {
        guard actor.mayApprove else { throw .forbidden("อนุมัติได้เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการ หรือนักวิเคราะห์นโยบายและแผน") }
        guard !ownWork else { throw .forbidden("ผู้จัดทำหรือผู้เสนอโครงการอนุมัติโครงการของตนเองไม่ได้") }
        guard state == .submitted else { throw .conflict("อนุมัติได้เฉพาะโครงการที่รออนุมัติ (สถานะปัจจุบัน: \(state.thaiName))") }
        return .approved
    }

    public static func returnToDraft(_ state: ProjectState, by actor: PlanActor) throws(WorkflowError) -> ProjectState {
        guard actor.mayApprove else { throw .forbidden("ส่งกลับได้เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการ หรือนักวิเคราะห์นโยบายและแผน") }
        guard state == .submitted else { throw .conflict("ส่งกลับได้เฉพาะโครงการที่รออนุมัติ (สถานะปัจจุบัน: \(state.thaiName))") }
        return .draft
    }

    public static func activate(_ state: ProjectState, by actor: PlanActor) throws(WorkflowError) -> ProjectState {
        guard actor.mayApprove || actor.mayEdit else { throw .forbidden("เริ่มดำเนินการได้เฉพาะผู้รับผิดชอบโครงการ") }
        guard state == .approved else { throw .conflict("เริ่มดำเนินการได้เฉพาะโครงการที่อนุมัติแล้ว (สถานะปัจจุบัน: \(state.thaiName))") }
        return .active
    }
}

/// A progress round: drafted and submitted by the project's people, approved by the unit
/// head or a planner (not the submitter), then locked.
public enum RoundWorkflow {
    public static func edit(_ state: RoundState, project: ProjectState, by actor: PlanActor) throws(WorkflowError) {
        guard actor.mayEdit else { throw .forbidden("กรอกรายงานได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ของหน่วยงานเจ้าของโครงการ") }
        guard project.isPublic else { throw .conflict("รายงานความก้าวหน้าได้เมื่อโครงการอนุมัติแล้ว") }
        guard state == .draft else { throw .conflict("รายงานรอบนี้\(state == .approved ? "อนุมัติและล็อกแล้ว" : "ส่งแล้ว") แก้ไขไม่ได้") }
    }

    public static func submit(_ state: RoundState, project: ProjectState, by actor: PlanActor) throws(WorkflowError) -> RoundState {
        try edit(state, project: project, by: actor)
        return .submitted
    }

    public static func approve(_ state: RoundState, submittedBySelf: Bool, by actor: PlanActor) throws(WorkflowError) -> RoundState {
        guard actor.mayApprove else { throw .forbidden("อนุมัติรายงานได้เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการ หรือนักวิเคราะห์นโยบายและแผน") }
        guard !submittedBySelf else { throw .forbidden("ผู้ส่งรายงานอนุมัติรายงานของตนเองไม่ได้") }
        guard state == .submitted else { throw .conflict(state == .approved ? "รายงานรอบนี้อนุมัติแล้ว" : "อนุมัติได้เฉพาะรายงานที่ส่งแล้ว") }
        return .approved
    }

    public static func returnToDraft(_ state: RoundState, by actor: PlanActor) throws(WorkflowError) -> RoundState {
        guard actor.mayApprove else { throw .forbidden("ส่งกลับได้เฉพาะหัวหน้าหน่วยงานเจ้าของโครงการ หรือนักวิเคราะห์นโยบายและแผน") }
        guard state == .submitted else { throw .conflict("ส่งกลับได้เฉพาะรายงานที่ส่งแล้วและยังไม่อนุมัติ") }
        return .draft
    }

    /// A round is late when its due date has passed and it was not submitted by then.
    public static func isLate(kind: RoundKind, fiscalYear: FiscalYear, submittedOn: CalendarDate?, today: CalendarDate,
                              graceDays: Int = RoundKind.defaultGraceDays) -> Bool {
        let due = kind.dueDate(in: fiscalYear, graceDays: graceDays)
        if let submittedOn { return submittedOn > due }
        return today > due
    }
}
