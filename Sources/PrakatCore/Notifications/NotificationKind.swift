/// What a person is told about, by e-mail and in the list on `/staff`. Each person may turn the
/// e-mail of any kind off; the list always shows everything.
public enum NotificationKind: String, CaseIterable, Sendable, Hashable {
    /// A request waits for my approval (I head its unit).
    case approvalWaiting = "approval_waiting"
    /// My request came back to me with the head's reason.
    case returnedToAuthor = "returned_to_author"
    /// A request was approved and waits for a webmaster to publish it.
    case approvedToPublish = "approved_to_publish"
    /// An urgent item published before approval: 24 h left to approve it (seed 1 §2.8).
    case urgentDeadlineDay = "urgent_deadline_24h"
    /// The same, 4 h left.
    case urgentDeadlineHours = "urgent_deadline_4h"
    /// The deadline passed without approval: the item is down.
    case urgentLapsed = "urgent_lapsed"
    /// A published item's period ends within 7 days.
    case endingSoon = "ending_soon"
    /// A citizen's e-Service request was assigned to me or my unit.
    case serviceAssigned = "service_assigned"
    /// A citizen's request I (or my unit, or the desk) hold passed its due time.
    case serviceOverdue = "service_overdue"
    /// An ITA checklist item my unit answers for (or any, for webmasters) has no evidence and its deadline is near.
    case checklistDueSoon = "checklist_due_soon"

    /// The name on the preferences page.
    public var thaiName: String {
        switch self {
        case .approvalWaiting: "คำขอเผยแพร่รอฉันอนุมัติ"
        case .returnedToAuthor: "คำขอของฉันถูกส่งกลับให้แก้ไข"
        case .approvedToPublish: "คำขอได้รับอนุมัติแล้ว รอเผยแพร่"
        case .urgentDeadlineDay: "ข้อมูลเร่งด่วนเหลือเวลาอนุมัติ 24 ชั่วโมง"
        case .urgentDeadlineHours: "ข้อมูลเร่งด่วนเหลือเวลาอนุมัติ 4 ชั่วโมง"
        case .urgentLapsed: "ข้อมูลเร่งด่วนเลยกำหนดอนุมัติและถูกนำลง"
        case .endingSoon: "ข้อมูลจะสิ้นสุดการเผยแพร่ภายใน 7 วัน"
        case .serviceAssigned: "เรื่องจากประชาชนถูกส่งมาให้ฉันหรือหน่วยงานของฉัน"
        case .serviceOverdue: "เรื่องจากประชาชนเกินกำหนดเวลา"
        case .checklistDueSoon: "ข้อ ITA ใกล้ถึงกำหนดและยังไม่มีหลักฐาน"
        }
    }

    /// The subject line: what happened and to what, never more than the title.
    public func subject(title: String) -> String {
        let short = title.count > 80 ? String(title.prefix(80)) + "…" : title
        switch self {
        case .approvalWaiting: return "รออนุมัติ: \(short)"
        case .returnedToAuthor: return "ส่งกลับให้แก้ไข: \(short)"
        case .approvedToPublish: return "อนุมัติแล้ว รอเผยแพร่: \(short)"
        case .urgentDeadlineDay: return "เหลือ 24 ชั่วโมงให้อนุมัติข้อมูลเร่งด่วน: \(short)"
        case .urgentDeadlineHours: return "เหลือ 4 ชั่วโมงให้อนุมัติข้อมูลเร่งด่วน: \(short)"
        case .urgentLapsed: return "เลยกำหนดอนุมัติ ข้อมูลถูกนำลงแล้ว: \(short)"
        case .endingSoon: return "ใกล้สิ้นสุดการเผยแพร่: \(short)"
        case .serviceAssigned: return "เรื่องจากประชาชนรอดำเนินการ: \(short)"
        case .serviceOverdue: return "เรื่องจากประชาชนเกินกำหนด: \(short)"
        case .checklistDueSoon: return "ข้อ ITA ใกล้ถึงกำหนด: \(short)"
        }
    }

    /// The mail body: a greeting, what happened, what to do, and the page's address. No secrets
    /// and nothing the person could not see on that page anyway.
    public func body(recipient: String, title: String, detail: String?, link: String, agency: String) -> String {
        var lines = ["เรียน \(recipient)", ""]
        switch self {
        case .approvalWaiting: lines.append("มีคำขอเผยแพร่ข้อมูลรอท่านพิจารณาอนุมัติ เรื่อง “\(title)”")
        case .returnedToAuthor: lines.append("คำขอเผยแพร่ข้อมูลเรื่อง “\(title)” ถูกส่งกลับให้แก้ไข")
        case .approvedToPublish: lines.append("คำขอเผยแพร่ข้อมูลเรื่อง “\(title)” ได้รับอนุมัติแล้ว และรอผู้ดูแลเว็บไซต์นำขึ้นเผยแพร่")
        case .urgentDeadlineDay, .urgentDeadlineHours:
            lines.append("ข้อมูลเร่งด่วนเรื่อง “\(title)” เผยแพร่ก่อนได้รับอนุมัติ และต้องได้รับอนุมัติภายในกำหนด มิฉะนั้นระบบจะนำลงโดยอัตโนมัติ")
        case .urgentLapsed: lines.append("ข้อมูลเร่งด่วนเรื่อง “\(title)” ไม่ได้รับอนุมัติภายในกำหนด ระบบได้นำลงจากเว็บไซต์แล้ว")
        case .serviceAssigned: lines.append("มีเรื่องจากประชาชนส่งมาให้ท่านหรือหน่วยงานของท่านดำเนินการ \(title)")
        case .serviceOverdue: lines.append("เรื่องจากประชาชน \(title) เกินกำหนดเวลาดำเนินการแล้ว กรุณาตอบกลับหรือปิดเรื่องโดยเร็ว")
        case .checklistDueSoon: lines.append("ข้อ \(title) ของรายการตรวจสอบ ITA ยังไม่มีหลักฐานเผยแพร่ และใกล้ถึงกำหนด กรุณายื่นคำขอเผยแพร่พร้อมระบุข้อนี้")
        case .endingSoon: lines.append("ข้อมูลเรื่อง “\(title)” จะสิ้นสุดการเผยแพร่ภายใน 7 วัน หากยังต้องเผยแพร่ต่อ กรุณายื่นคำขอแก้ไขเพื่อขยายระยะเวลา")
        }
        if let detail, !detail.isEmpty { lines.append(detail) }
        lines += ["", "ดูรายละเอียด: \(link)", "", "อีเมลนี้ส่งอัตโนมัติจากระบบงานเผยแพร่ข้อมูลของ\(agency) กรุณาอย่าตอบกลับ", "ปิดการแจ้งเตือนทางอีเมลได้ที่หน้า “การแจ้งเตือน” ของท่าน"]
        return lines.joined(separator: "\n")
    }
}
