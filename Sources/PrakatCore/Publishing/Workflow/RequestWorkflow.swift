import Foundation

/// Where a publication request stands (its states, from draft to taken down).
/// Stored as its raw value, so both databases hold the same strings.
public enum RequestState: String, Sendable, Codable, CaseIterable, Hashable {
    case draft
    case submitted
    case returned
    case approved
    /// Approved by the unit's head, waiting for the head of agency's permission (only while the
    /// agency asks for it).
    case awaitingPermission
    /// Published, or scheduled to be: whether it is visible now depends on its period
    /// (`PublicationWindow`), not on this state.
    case published
    case expired
    case withdrawn
    case rejected

    public var thaiName: String {
        switch self {
        case .draft: "ร่าง"
        case .submitted: "รออนุมัติ"
        case .returned: "ส่งกลับให้แก้ไข"
        case .approved: "อนุมัติแล้ว รอเผยแพร่"
        case .awaitingPermission: "รอหัวหน้าส่วนราชการอนุญาต"
        case .published: "เผยแพร่แล้ว"
        case .expired: "ครบกำหนด นำออกแล้ว"
        case .withdrawn: "ถอนการเผยแพร่"
        case .rejected: "ไม่อนุมัติ"
        }
    }

    /// Nothing further can happen to the request itself (a published item can still get a
    /// new revision, which is a new request).
    public var isFinal: Bool { [.expired, .withdrawn, .rejected].contains(self) }
    /// The author may still change content and attachments.
    public var isEditable: Bool { self == .draft || self == .returned }
}

/// A step of the workflow. Raw values are what the audit trail and the API history show.
public enum RequestAction: String, Sendable, Codable, CaseIterable, Hashable {
    case create
    case edit
    case submit
    case approve
    case returnToAuthor = "return"
    case reject
    case publish
    case withdraw
    case expire
    /// An urgent item published before approval whose approval did not come in time (seed 1 §2.8).
    case urgentLapse
    /// Start a new revision of a published item; the revision goes through approval again.
    case revise
    /// The head of agency (or the named delegate) permits publication (อนุญาต).
    case permit
    /// The head of agency (or the named delegate) refuses it (ไม่อนุญาต), with a reason.
    case refuse

    public var thaiName: String {
        switch self {
        case .create: "สร้างคำขอ"
        case .edit: "แก้ไขคำขอ"
        case .submit: "ส่งขออนุมัติ"
        case .approve: "อนุมัติ"
        case .returnToAuthor: "ส่งกลับให้แก้ไข"
        case .reject: "ไม่อนุมัติ"
        case .publish: "นำขึ้นเผยแพร่"
        case .withdraw: "ถอนการเผยแพร่"
        case .expire: "นำออกเมื่อครบกำหนด"
        case .urgentLapse: "นำออกเนื่องจากไม่ได้รับอนุมัติภายในเวลา (กรณีเร่งด่วน)"
        case .revise: "ขอแก้ไขข้อมูลที่เผยแพร่แล้ว"
        case .permit: "อนุญาตให้เผยแพร่"
        case .refuse: "ไม่อนุญาตให้เผยแพร่"
        }
    }

    /// Actions that must say why (every transition records who, when, from where and why).
    public var requiresReason: Bool { [.returnToAuthor, .reject, .withdraw, .refuse].contains(self) }

    /// Roles that may ask for the step at all: the route's policy. Whether this person may
    /// take it on this request (author, head of its unit, state) is `RequestWorkflow.denial`,
    /// which never allows a role outside this set. The system's own steps have none.
    public var permittedRoles: Set<Role> {
        switch self {
        case .submit, .edit, .create, .revise: [.staff]
        case .approve, .returnToAuthor, .reject: [.unitHead]
        case .publish: [.uploader, .webmaster]
        case .withdraw: [.webmaster]
        case .permit, .refuse: [.agencyHead]
        case .expire, .urgentLapse: []
        }
    }

    /// The states from which the step can be taken (by someone): what an inbox for it lists.
    public var fromStates: Set<RequestState> {
        switch self {
        case .create: []
        case .edit, .submit: [.draft, .returned]
        // Urgent items already published wait for approval after the fact (seed 1 §2.8).
        case .approve, .reject: [.submitted, .published]
        case .returnToAuthor: [.submitted]
        case .publish: [.approved, .submitted, .awaitingPermission]
        case .withdraw, .revise, .expire, .urgentLapse: [.published]
        case .permit, .refuse: [.awaitingPermission]
        }
    }
}

/// One line of an inbox: requests in `state` (only urgent ones when `urgentOnly`) wait for the step.
public struct InboxCondition: Sendable, Hashable {
    public var state: RequestState
    public var urgentOnly: Bool

    public init(_ state: RequestState, urgentOnly: Bool = false) {
        self.state = state
        self.urgentOnly = urgentOnly
    }
}

extension RequestAction {
    /// What an inbox for this step lists, as a database query can ask it; the desk's queries
    /// are built from this, and a core test checks it against `RequestWorkflow.denial`.
    /// (The published urgent items that wait for approval after the fact, and the author's own
    /// drafts, have lists of their own on the desk.)
    public var inbox: [InboxCondition] {
        switch self {
        case .approve: [InboxCondition(.submitted)]
        case .publish: [InboxCondition(.approved), InboxCondition(.submitted, urgentOnly: true), InboxCondition(.awaitingPermission, urgentOnly: true)]
        case .submit: [InboxCondition(.returned)]
        case .permit, .refuse: [InboxCondition(.awaitingPermission)]
        default: []
        }
    }
}

/// Who takes part in publishing, by role.
public enum PublishingRoles {
    /// Everyone who works on requests and may read them (each request further limited by
    /// `canView`: author, the unit's head, and those after the author's desk).
    public static let participants: Set<Role> = [.staff, .unitHead, .uploader, .webmaster, .auditor, .agencyHead]
}

/// Who is acting, as far as the rules care.
public struct WorkflowActor: Sendable, Hashable {
    public var id: UUID
    public var roles: Set<Role>
    public var unitID: UUID?

    public init(id: UUID, roles: Set<Role>, unitID: UUID?) {
        self.id = id
        self.roles = roles
        self.unitID = unitID
    }
}

/// What the rules need to know about a request.
public struct RequestFacts: Sendable, Hashable {
    public var state: RequestState
    public var authorID: UUID
    public var unitID: UUID
    /// The head of the request's unit now; the approver is resolved from it.
    public var unitHeadID: UUID?
    public var urgent: Bool
    /// Set once the head has approved, also after the fact for an urgent item.
    public var isApproved: Bool
    /// The agency's setting: the unit head's approval leads to the head of agency's permission.
    public var permissionRequired: Bool
    /// The one person the setting names to permit (nil: anyone holding the `agencyHead` role).
    public var permissionDelegateID: UUID?

    public init(
        state: RequestState, authorID: UUID, unitID: UUID, unitHeadID: UUID?, urgent: Bool, isApproved: Bool, permissionRequired: Bool = false,
        permissionDelegateID: UUID? = nil
    ) {
        self.state = state
        self.authorID = authorID
        self.unitID = unitID
        self.unitHeadID = unitHeadID
        self.urgent = urgent
        self.isApproved = isApproved
        self.permissionRequired = permissionRequired
        self.permissionDelegateID = permissionDelegateID
    }
}

/// Why an action is refused. Each has a Thai sentence for pages and problem details.
public enum WorkflowDenial: Error, Sendable, Hashable {
    /// The action is not possible from this state (the HTTP answer is 409).
    case wrongState(RequestState, RequestAction)
    /// The actor's role or relation to the request does not allow it (403).
    case notPermitted(RequestAction)
    /// Nobody approves their own request.
    case ownRequest
    /// The unit has no head, or the head is the author: nobody can approve.
    case noApprover
    case reasonRequired

    public var message: String {
        switch self {
        case let .wrongState(state, action):
            "ไม่สามารถ\(action.thaiName)ได้ เพราะคำขออยู่ในสถานะ “\(state.thaiName)” (อาจมีผู้อื่นดำเนินการไปก่อนแล้ว)"
        case let .notPermitted(action):
            "คุณไม่มีสิทธิ์\(action.thaiName)คำขอนี้"
        case .ownRequest:
            "ไม่สามารถอนุมัติหรืออนุญาตคำขอของตนเองได้"
        case .noApprover:
            "กลุ่มงานนี้ยังไม่มีหัวหน้ากลุ่มงานที่อนุมัติคำขอได้ (หรือผู้ยื่นเป็นหัวหน้ากลุ่มงานเอง) กรุณาแจ้งผู้ดูแลระบบให้กำหนดหัวหน้ากลุ่มงาน"
        case .reasonRequired:
            "กรุณาระบุเหตุผล"
        }
    }

    /// A conflict with the current state rather than a matter of permission.
    public var isConflict: Bool {
        if case .wrongState = self { return true }
        return false
    }
}

/// The rules of seed 1's workflow in one place: who may take which step from which state,
/// and where it leads. The app asks before every transition, inside the write transaction.
public enum RequestWorkflow {
    /// nil when `actor` may take `action` on a request described by `facts`.
    public static func denial(_ action: RequestAction, by actor: WorkflowActor, on facts: RequestFacts) -> WorkflowDenial? {
        guard !actor.roles.isDisjoint(with: action.permittedRoles) else { return .notPermitted(action) }
        let isAuthor = actor.id == facts.authorID
        let isPublisher = actor.roles.contains(.uploader) || actor.roles.contains(.webmaster)
        switch action {
        case .create:
            // Staff draft requests for their own unit.
            guard actor.roles.contains(.staff), actor.unitID == facts.unitID else { return .notPermitted(action) }
            return nil
        case .edit:
            guard isAuthor else { return .notPermitted(action) }
            guard facts.state.isEditable else { return .wrongState(facts.state, action) }
            return nil
        case .submit:
            guard isAuthor else { return .notPermitted(action) }
            guard facts.state.isEditable else { return .wrongState(facts.state, action) }
            guard let head = facts.unitHeadID, head != facts.authorID else { return .noApprover }
            return nil
        case .approve, .returnToAuthor, .reject:
            if isAuthor, actor.roles.contains(.unitHead) { return .ownRequest }
            guard actor.roles.contains(.unitHead), actor.id == facts.unitHeadID, !isAuthor else { return .notPermitted(action) }
            if facts.state == .submitted { return nil }
            // An urgent item already published waits for approval after the fact: the head may
            // approve it, or reject it (which takes it down). Returning it makes no sense any more.
            if facts.state == .published, facts.urgent, !facts.isApproved, action != .returnToAuthor { return nil }
            return .wrongState(facts.state, action)
        case .publish:
            guard isPublisher else { return .notPermitted(action) }
            if facts.state == .approved { return nil }
            // Urgent items may go up before any approval or permission (seed 1 §2.8).
            if facts.state == .submitted || facts.state == .awaitingPermission, facts.urgent { return nil }
            return .wrongState(facts.state, action)
        case .permit, .refuse:
            if isAuthor, actor.roles.contains(.agencyHead) { return .ownRequest }
            guard actor.roles.contains(.agencyHead), !isAuthor else { return .notPermitted(action) }
            if let delegate = facts.permissionDelegateID, delegate != actor.id { return .notPermitted(action) }
            guard facts.state == .awaitingPermission else { return .wrongState(facts.state, action) }
            return nil
        case .withdraw:
            guard actor.roles.contains(.webmaster) else { return .notPermitted(action) }
            guard facts.state == .published else { return .wrongState(facts.state, action) }
            return nil
        case .revise:
            guard actor.roles.contains(.staff), actor.unitID == facts.unitID else { return .notPermitted(action) }
            guard facts.state == .published else { return .wrongState(facts.state, action) }
            return nil
        case .expire, .urgentLapse:
            // Only the system takes these (`systemDenial`).
            return .notPermitted(action)
        }
    }

    /// The system's own steps: expiry at the end of the period and the urgent lapse.
    public static func systemDenial(_ action: RequestAction, on facts: RequestFacts) -> WorkflowDenial? {
        switch action {
        case .expire:
            return facts.state == .published ? nil : .wrongState(facts.state, action)
        case .urgentLapse:
            return facts.state == .published && facts.urgent && !facts.isApproved ? nil : .wrongState(facts.state, action)
        default:
            return .notPermitted(action)
        }
    }

    /// The state an allowed action leads to.
    public static func target(of action: RequestAction, from facts: RequestFacts) -> RequestState {
        switch action {
        case .create, .edit: facts.state
        case .submit: .submitted
        case .approve: facts.state == .published ? .published : facts.permissionRequired ? .awaitingPermission : .approved
        case .permit: .approved
        case .refuse: .rejected
        case .returnToAuthor: .returned
        case .reject: facts.state == .published ? .withdrawn : .rejected
        case .publish: .published
        case .withdraw, .urgentLapse: .withdrawn
        case .expire: .expired
        case .revise: facts.state
        }
    }
}
