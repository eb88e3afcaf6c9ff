import Foundation

/// Every kind of entry the audit trail records, in one naming style: `subject.event`, lowercase,
/// words joined by `_`, the event in the past tense (`request.approved`, `two_factor.enabled`).
///
/// The trail is legal evidence and hash-chained, so entries written under earlier names are
/// never rewritten: `named(_:)` reads those through `legacyNames`.
public enum AuditAction: String, CaseIterable, Sendable, Hashable {
    // Publishing
    case requestCreated = "request.created"
    case requestEdited = "request.edited"
    case requestSubmitted = "request.submitted"
    case requestApproved = "request.approved"
    case requestReturned = "request.returned"
    case requestRejected = "request.rejected"
    case requestPublished = "request.published"
    case requestWithdrawn = "request.withdrawn"
    case requestExpired = "request.expired"
    case requestUrgentLapsed = "request.urgent_lapsed"
    case requestRevised = "request.revised"
    case requestPermitted = "request.permitted"
    case requestRefused = "request.refused"
    case attachmentAdded = "request.attachment_added"
    case attachmentRemoved = "request.attachment_removed"
    case categoryCreated = "category.created"
    case categoryUpdated = "category.updated"
    case categoryTreeCreated = "category.tree_created"

    // Plans
    case fiscalYearCreated = "fiscal_year.created"
    case strategyCreated = "strategy.created"
    case projectCreated = "project.created"
    case projectUpdated = "project.updated"
    case projectSubmitted = "project.submitted"
    case projectApproved = "project.approved"
    case projectReturned = "project.returned"
    case projectActivated = "project.activated"
    case roundSaved = "round.saved"
    case roundSubmitted = "round.submitted"
    case roundApproved = "round.approved"
    case roundReturned = "round.returned"
    case questionnaireCreated = "questionnaire.created"
    case questionnaireOpened = "questionnaire.opened"
    case questionnaireClosed = "questionnaire.closed"
    case questionnaireAnswered = "questionnaire.answered"
    case attendanceImported = "attendance.imported"
    case attendanceCheckedIn = "attendance.checked_in"
    case attendanceUnchecked = "attendance.unchecked"

    // Accounts
    case agencyCreated = "agency.created"
    case agencyProfileUpdated = "agency.profile_updated"
    case agencyLogoChanged = "agency.logo_changed"
    case agencyLogoRemoved = "agency.logo_removed"
    case agencyHeadPermissionChanged = "agency.head_permission_changed"
    case homeEntryCreated = "home_entry.created"
    case homeEntryUpdated = "home_entry.updated"
    case homeEntryRemoved = "home_entry.removed"
    case homeEntryMoved = "home_entry.moved"
    // e-Service (issue 12)
    case serviceRequestSubmitted = "service_request.submitted"
    case serviceRequestAssigned = "service_request.assigned"
    case serviceRequestReplied = "service_request.replied"
    case serviceRequestNoted = "service_request.noted"
    case serviceRequestInfoAdded = "service_request.info_added"
    case serviceRequestClosed = "service_request.closed"
    case serviceRequestReopened = "service_request.reopened"
    case serviceRequestRated = "service_request.rated"
    case serviceReplyPublishedAsQuestion = "service_request.reply_published"
    case serviceTypeCreated = "service_type.created"
    case serviceTypeUpdated = "service_type.updated"
    case holidayAdded = "holiday.added"
    case holidayRemoved = "holiday.removed"
    case unitCreated = "unit.created"
    case unitUpdated = "unit.updated"
    case userCreated = "user.created"
    case userUpdated = "user.updated"
    case userRolesChanged = "user.roles_changed"
    case userPasswordChanged = "user.password_changed"
    case loginSucceeded = "login.succeeded"
    case loginFailed = "login.failed"
    case loginLocked = "login.locked"
    case loginPasswordAccepted = "login.password_accepted"
    case signedOut = "session.signed_out"
    case sessionEnded = "session.ended"
    case sessionsEndedElsewhere = "session.ended_others"
    case twoFactorEnabled = "two_factor.enabled"
    case twoFactorDisabled = "two_factor.disabled"
    case twoFactorReset = "two_factor.reset"
    case twoFactorCodeFailed = "two_factor.code_failed"
    case twoFactorRecoveryCodeUsed = "two_factor.recovery_code_used"
    case twoFactorRecoveryCodesRegenerated = "two_factor.recovery_codes_regenerated"
    case twoFactorSecretsSealed = "two_factor.secrets_sealed"
    case twoFactorKeyRotated = "two_factor.key_rotated"
    case securitySettingsChanged = "security.settings_changed"
    case notificationPreferencesChanged = "notification.preferences_changed"

    // Operations
    case backupCreated = "backup.created"
    case backupRestored = "backup.restored"
    case trafficSealed = "traffic.sealed"
    case trafficExported = "traffic.exported"

    // Engagement (issue 12): public questions and answers
    case questionAsked = "question.asked"
    case questionEdited = "question.edited"
    case questionAnswered = "question.answered"
    case questionAnswerRemoved = "question.answer_removed"
    case questionPublished = "question.published"
    case questionUnpublished = "question.unpublished"
    case questionRejected = "question.rejected"
    // Engagement (issue 12): satisfaction
    case satisfactionSubmitted = "satisfaction.submitted"
    case satisfactionCommentPublished = "satisfaction.comment_published"
    case satisfactionCommentHidden = "satisfaction.comment_hidden"
    case checklistImported = "checklist.imported"
    case checklistCopied = "checklist.copied"
    case checklistItemAdded = "checklist_item.added"
    case checklistItemEdited = "checklist_item.edited"
    case checklistItemRemoved = "checklist_item.removed"
    case publicationTagged = "publication.tagged"
    case publicationUntagged = "publication.untagged"
    case checklistAutoTagsChanged = "checklist_auto_tags.changed"
    // Compliance (ITA issue, point 6): the currency desk
    case publicationReviewedCurrent = "publication.reviewed_current"
    case linkCheckRequested = "link_check.requested"

    /// Names entries were written under before this vocabulary; they stay as they were.
    public static let legacyNames: [String: AuditAction] = [
        "request.create": .requestCreated, "request.edit": .requestEdited, "request.submit": .requestSubmitted,
        "request.approve": .requestApproved, "request.return": .requestReturned, "request.reject": .requestRejected,
        "request.publish": .requestPublished, "request.withdraw": .requestWithdrawn, "request.expire": .requestExpired,
        "request.urgentLapse": .requestUrgentLapsed, "request.revise": .requestRevised,
        "request.attach": .attachmentAdded, "request.detach": .attachmentRemoved, "categories.created": .categoryTreeCreated,
        "fiscalYear.created": .fiscalYearCreated,
        "project.submit": .projectSubmitted, "project.approve": .projectApproved, "project.return": .projectReturned,
        "project.activate": .projectActivated,
        "round.submit": .roundSubmitted, "round.approve": .roundApproved, "round.return": .roundReturned,
        "attendance.checkedIn": .attendanceCheckedIn, "logout": .signedOut
    ]

    /// The action an entry records, under its current or an earlier name; nil for anything else.
    public static func named(_ stored: String) -> AuditAction? {
        AuditAction(rawValue: stored) ?? legacyNames[stored]
    }

    /// Every name entries of this kind may carry: for queries over old and new entries alike.
    public var storedNames: [String] {
        [rawValue] + AuditAction.legacyNames.filter { $0.value == self }.keys.sorted()
    }

    public init(_ action: RequestAction) {
        switch action {
        case .create: self = .requestCreated
        case .edit: self = .requestEdited
        case .submit: self = .requestSubmitted
        case .approve: self = .requestApproved
        case .returnToAuthor: self = .requestReturned
        case .reject: self = .requestRejected
        case .publish: self = .requestPublished
        case .withdraw: self = .requestWithdrawn
        case .expire: self = .requestExpired
        case .urgentLapse: self = .requestUrgentLapsed
        case .revise: self = .requestRevised
        case .permit: self = .requestPermitted
        case .refuse: self = .requestRefused
        }
    }

    public init(_ action: ProjectAction) {
        switch action {
        case .submit: self = .projectSubmitted
        case .approve: self = .projectApproved
        case .return: self = .projectReturned
        case .activate: self = .projectActivated
        }
    }

    public init(_ action: RoundAction) {
        switch action {
        case .submit: self = .roundSubmitted
        case .approve: self = .roundApproved
        case .return: self = .roundReturned
        }
    }

    /// What the audit page shows beside the name.
    public var thaiName: String {
        switch self {
        case .requestCreated: "สร้างคำขอเผยแพร่"
        case .requestEdited: "แก้ไขคำขอเผยแพร่"
        case .requestSubmitted: "ส่งคำขอเพื่ออนุมัติ"
        case .requestApproved: "อนุมัติคำขอ"
        case .requestReturned: "ส่งคำขอกลับให้แก้ไข"
        case .requestRejected: "ไม่อนุมัติคำขอ"
        case .requestPublished: "นำขึ้นเผยแพร่"
        case .requestWithdrawn: "ถอนการเผยแพร่"
        case .requestExpired: "นำออกเมื่อครบกำหนด"
        case .requestUrgentLapsed: "นำออกเพราะไม่ได้รับอนุมัติภายในเวลา (เร่งด่วน)"
        case .requestRevised: "เริ่มแก้ไขข้อมูลที่เผยแพร่แล้ว"
        case .requestPermitted: "หัวหน้าส่วนราชการอนุญาตให้เผยแพร่"
        case .requestRefused: "หัวหน้าส่วนราชการไม่อนุญาตให้เผยแพร่"
        case .attachmentAdded: "แนบไฟล์"
        case .attachmentRemoved: "นำไฟล์แนบออก"
        case .categoryCreated: "เพิ่มหมวดหมู่"
        case .categoryUpdated: "แก้ไขหมวดหมู่"
        case .categoryTreeCreated: "สร้างหมวดหมู่เริ่มต้น"
        case .fiscalYearCreated: "เพิ่มปีงบประมาณ"
        case .strategyCreated: "เพิ่มยุทธศาสตร์"
        case .projectCreated: "เพิ่มโครงการ"
        case .projectUpdated: "แก้ไขโครงการ"
        case .projectSubmitted: "เสนอโครงการเพื่ออนุมัติ"
        case .projectApproved: "อนุมัติโครงการ"
        case .projectReturned: "ส่งโครงการกลับให้แก้ไข"
        case .projectActivated: "เริ่มดำเนินโครงการ"
        case .roundSaved: "บันทึกรายงานความก้าวหน้า"
        case .roundSubmitted: "ส่งรายงานความก้าวหน้า"
        case .roundApproved: "อนุมัติรายงานความก้าวหน้า"
        case .roundReturned: "ส่งรายงานความก้าวหน้ากลับให้แก้ไข"
        case .questionnaireCreated: "สร้างแบบสอบถาม"
        case .questionnaireOpened: "เปิดรับคำตอบแบบสอบถาม"
        case .questionnaireClosed: "ปิดรับคำตอบแบบสอบถาม"
        case .questionnaireAnswered: "ตอบแบบสอบถาม"
        case .attendanceImported: "นำเข้ารายชื่อผู้เข้าร่วม"
        case .attendanceCheckedIn: "บันทึกการเข้าร่วม"
        case .attendanceUnchecked: "ยกเลิกการเข้าร่วม"
        case .notificationPreferencesChanged: "ตั้งค่าการแจ้งเตือนทางอีเมล"
        case .agencyCreated: "สร้างหน่วยงาน"
        case .agencyProfileUpdated: "แก้ไขข้อมูลหน่วยงาน"
        case .agencyLogoChanged: "เปลี่ยนตราสัญลักษณ์หน่วยงาน"
        case .agencyLogoRemoved: "นำตราสัญลักษณ์หน่วยงานออก"
        case .agencyHeadPermissionChanged: "ตั้งค่าขั้นตอนการอนุญาตของหัวหน้าส่วนราชการ"
        case .homeEntryCreated: "เพิ่มรายการในหน้าแรก"
        case .homeEntryUpdated: "แก้ไขรายการในหน้าแรก"
        case .homeEntryRemoved: "นำรายการออกจากหน้าแรก"
        case .homeEntryMoved: "เปลี่ยนลำดับรายการในหน้าแรก"
        case .serviceRequestSubmitted: "ประชาชนส่งเรื่องทางบริการออนไลน์"
        case .serviceRequestAssigned: "ส่งเรื่องของประชาชนให้ผู้รับผิดชอบ"
        case .serviceRequestReplied: "ตอบกลับเรื่องของประชาชน"
        case .serviceRequestNoted: "บันทึกภายในเรื่องของประชาชน"
        case .serviceRequestInfoAdded: "ประชาชนเพิ่มข้อมูลในเรื่อง"
        case .serviceRequestClosed: "ปิดเรื่องของประชาชน"
        case .serviceRequestReopened: "เปิดเรื่องของประชาชนอีกครั้ง"
        case .serviceRequestRated: "ประชาชนประเมินความพึงพอใจต่อเรื่อง"
        case .serviceReplyPublishedAsQuestion: "เผยแพร่คำตอบเป็นถาม-ตอบสาธารณะ"
        case .serviceTypeCreated: "เพิ่มประเภทบริการออนไลน์"
        case .serviceTypeUpdated: "แก้ไขประเภทบริการออนไลน์"
        case .holidayAdded: "เพิ่มวันหยุดราชการ"
        case .holidayRemoved: "ลบวันหยุดราชการ"
        case .unitCreated: "เพิ่มกลุ่มงาน"
        case .unitUpdated: "แก้ไขกลุ่มงาน"
        case .userCreated: "เพิ่มผู้ใช้"
        case .userUpdated: "แก้ไขผู้ใช้"
        case .userRolesChanged: "เปลี่ยนบทบาทผู้ใช้"
        case .userPasswordChanged: "เปลี่ยนรหัสผ่าน"
        case .loginSucceeded: "เข้าสู่ระบบ"
        case .loginFailed: "เข้าสู่ระบบไม่สำเร็จ"
        case .loginLocked: "ระงับการเข้าสู่ระบบชั่วคราว"
        case .loginPasswordAccepted: "รหัสผ่านถูกต้อง รอรหัสยืนยันตัวตน"
        case .signedOut: "ออกจากระบบ"
        case .sessionEnded: "ยุติการเข้าใช้งาน"
        case .sessionsEndedElsewhere: "ยุติการเข้าใช้งานบนอุปกรณ์อื่น"
        case .twoFactorEnabled: "เปิดการยืนยันตัวตนสองขั้นตอน"
        case .twoFactorDisabled: "ปิดการยืนยันตัวตนสองขั้นตอน"
        case .twoFactorReset: "รีเซ็ตการยืนยันตัวตนสองขั้นตอน"
        case .twoFactorCodeFailed: "รหัสยืนยันตัวตนไม่ถูกต้อง"
        case .twoFactorRecoveryCodeUsed: "ใช้รหัสกู้คืน"
        case .twoFactorRecoveryCodesRegenerated: "สร้างรหัสกู้คืนใหม่"
        case .twoFactorSecretsSealed: "เข้ารหัสข้อมูลลับของการยืนยันตัวตน"
        case .twoFactorKeyRotated: "เปลี่ยนกุญแจเข้ารหัสการยืนยันตัวตน"
        case .securitySettingsChanged: "เปลี่ยนการตั้งค่าความปลอดภัย"
        case .backupCreated: "สำรองข้อมูล"
        case .backupRestored: "กู้คืนข้อมูล"
        case .trafficSealed: "ปิดผนึกบันทึกการเข้าใช้งานรายวัน"
        case .trafficExported: "ส่งออกบันทึกการเข้าใช้งาน"
        case .questionAsked: "รับคำถามจากประชาชน"
        case .questionEdited: "แก้ไขข้อความคำถาม"
        case .questionAnswered: "ตอบคำถาม"
        case .questionAnswerRemoved: "ลบคำตอบ"
        case .questionPublished: "เผยแพร่คำถามและคำตอบ"
        case .questionUnpublished: "ยกเลิกการเผยแพร่คำถาม"
        case .questionRejected: "ปฏิเสธคำถาม"
        case .satisfactionSubmitted: "ส่งแบบประเมินความพึงพอใจ"
        case .satisfactionCommentPublished: "เผยแพร่ข้อเสนอแนะจากแบบประเมินความพึงพอใจ"
        case .satisfactionCommentHidden: "ซ่อนข้อเสนอแนะจากแบบประเมินความพึงพอใจ"
        case .checklistImported: "นำเข้ารายการตรวจสอบ ITA"
        case .checklistCopied: "คัดลอกรายการตรวจสอบ ITA ไปปีงบประมาณใหม่"
        case .checklistItemAdded: "เพิ่มข้อในรายการตรวจสอบ ITA"
        case .checklistItemEdited: "แก้ไขข้อในรายการตรวจสอบ ITA"
        case .checklistItemRemoved: "ลบข้อในรายการตรวจสอบ ITA"
        case .publicationTagged: "ระบุรายการเผยแพร่เป็นหลักฐานข้อ ITA"
        case .publicationUntagged: "ยกเลิกการระบุหลักฐานข้อ ITA"
        case .checklistAutoTagsChanged: "เปลี่ยนการระบุข้อ ITA อัตโนมัติ"
        case .publicationReviewedCurrent: "ทบทวนแล้ว รายการยังเป็นปัจจุบัน"
        case .linkCheckRequested: "สั่งตรวจลิงก์ภายนอกใหม่"
        }
    }
}
