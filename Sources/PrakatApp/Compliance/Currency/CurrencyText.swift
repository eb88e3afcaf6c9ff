import PrakatCore

/// Thai text of the currency desk (seed 1 §3.2–§3.3): items ending soon, items due for review,
/// broken external links and the completeness check.
enum CurrencyText {
    static let navTitle = "ความเป็นปัจจุบันและความครบถ้วน"
    static let title = "ตรวจสอบความเป็นปัจจุบันและความครบถ้วนของเว็บไซต์"
    static let intro =
        "ผู้ดูแลเว็บไซต์ตรวจสอบความเป็นปัจจุบันของข้อมูลทุกรายการ (ข้อ ๓.๒) และความครบถ้วนตามมาตรฐานเว็บไซต์หน่วยงานภาครัฐและ พ.ร.บ.ข้อมูลข่าวสารของราชการ (ข้อ ๓.๓) จากหน้านี้"

    static let endingHeading = "รายการที่จะครบกำหนดเผยแพร่"
    static let endingIntro = "เมื่อครบกำหนด ระบบนำรายการลงจากเว็บไซต์ให้อัตโนมัติ หากยังต้องเผยแพร่ต่อให้ขอแก้ไขรายการและขยายวันสิ้นสุด"
    static func endingWithin(_ window: CurrencyRules.EndingWindow) -> String {
        switch window {
        case .week: "ครบกำหนดภายใน 7 วัน"
        case .month: "ครบกำหนดภายใน 8–30 วัน"
        }
    }
    static let noneEnding = "ไม่มีรายการ"

    static let staleHeading = "รายการที่ไม่มีวันสิ้นสุดและถึงรอบทบทวน"
    static let staleIntro =
        "รายการที่เผยแพร่หรือทบทวนครั้งล่าสุดนานกว่ารอบการทบทวนของหมวดหมู่ ตรวจว่ายังถูกต้อง ถ้ายังใช้ได้ให้กด \"ทบทวนแล้ว ยังเป็นปัจจุบัน\" ถ้าล้าสมัยให้แก้ไขหรือถอนรายการ"
    static let noneStale = "ไม่มีรายการที่ถึงรอบทบทวน"
    static let reviewedButton = "ทบทวนแล้ว ยังเป็นปัจจุบัน"
    static let reviewed = "บันทึกการทบทวนแล้ว รายการนี้จะถึงรอบทบทวนอีกครั้งตามรอบของหมวดหมู่"
    static let notPublic = "รายการนี้ไม่ได้เผยแพร่อยู่ จึงไม่ต้องทบทวน"
    static func overdue(_ days: Int) -> String { days == 0 ? "ถึงรอบวันนี้" : "เกินรอบ \(days) วัน" }
    static func reviewEvery(_ days: Int) -> String { "ทบทวนทุก \(days) วัน" }
    static func lastTouched(_ date: String) -> String { "ล่าสุด \(date)" }

    static let linksHeading = "ลิงก์ภายนอกที่ใช้งานไม่ได้"
    static let linksIntro =
        "ระบบตรวจลิงก์ภายนอกของรายการที่เผยแพร่อยู่เป็นระยะ (ไม่เกินหนึ่งครั้งต่อวินาทีต่อเว็บไซต์ปลายทาง) ลิงก์ที่ใช้งานได้ตรวจซ้ำทุก 7 วัน ลิงก์ที่เสียตรวจซ้ำทุกวัน"
    static let noneBroken = "ไม่พบลิงก์ที่ใช้งานไม่ได้"
    static func linkSummary(checked: Int, waiting: Int) -> String { "ตรวจแล้ว \(checked) ลิงก์ รอตรวจ \(waiting) ลิงก์" }
    static func failures(_ count: Int) -> String { "ผิดพลาดติดต่อกัน \(count) ครั้ง" }
    static let checkNowButton = "ตรวจใหม่"
    static let checkAllButton = "ตรวจลิงก์ทั้งหมดใหม่"
    static let checkQueued = "เพิ่มเข้าคิวตรวจแล้ว ระบบจะตรวจภายในไม่กี่นาที (เว้นระยะไม่เกินหนึ่งครั้งต่อวินาทีต่อเว็บไซต์)"
    static let linkNotFound = "ไม่พบลิงก์นี้ในรายการตรวจ อาจถูกนำออกเพราะรายการไม่ได้เผยแพร่แล้ว"
    static let fixLink = "แก้ไขลิงก์"

    static let completenessHeading = "ความครบถ้วนตามมาตรฐานเว็บไซต์และ พ.ร.บ.ข้อมูลข่าวสารของราชการ"
    static let completenessIntro = "นับเฉพาะรายการที่ประชาชนเห็นได้ขณะนี้ (รวมคลังข้อมูลย้อนหลัง) แต่ละข้อระบุสิ่งที่ขาดและที่ที่ควรเพิ่ม"
    static func completenessSummary(present: Int, total: Int) -> String { "ครบ \(present) จาก \(total) ข้อ" }
    static let present = "มีแล้ว"
    static let missing = "ยังขาด"
    static let notFoundIfAny = "ไม่พบ (ถ้ามี)"
    static let builtIn = "ระบบแสดงสถิติผู้เข้าชมและแบบประเมินความพึงพอใจให้อัตโนมัติ"
    static func addTo(_ categories: String) -> String { "เผยแพร่อย่างน้อยหนึ่งรายการในหมวด \(categories)" }
    static func createFirst(_ categories: String) -> String { "ไม่มีหมวด \(categories) สร้างหมวดหมู่นี้ก่อน (หน้าหมวดหมู่) หรือเผยแพร่ในหมวดที่ใช้แทน" }
    static func ifAnyHint(_ text: String) -> String { "\(text) หากหน่วยงานมีข้อมูลนี้" }
    static func contactsMissing(_ fields: String) -> String { "ยังไม่ได้กรอก: \(fields) ให้ผู้ดูแลระบบกรอกที่หน้าข้อมูลหน่วยงาน" }
    static let eServiceHint = "หรือเปิดบริการ e-Service อย่างน้อยหนึ่งบริการ"
    static let newRequestLink = "ขอเผยแพร่รายการใหม่"
    static let categoriesLink = "จัดการหมวดหมู่"
    static let agencyLink = "ข้อมูลหน่วยงาน"

    static let publicPage = "หน้าเว็บ"
    static let staffPage = "คำขอเผยแพร่"
    static let countBroken = "ลิงก์ภายนอกเสีย"

    // Column headings of the desk's tables.
    static let columnItem = "รายการ"
    static let columnCategory = "หมวดหมู่"
    static let columnEnds = "วันสิ้นสุด"
    static let columnLastTouched = "เผยแพร่/ทบทวนล่าสุด"
    static let columnOverdue = "สถานะ"
    static let columnLink = "ลิงก์"
    static let columnProblem = "ปัญหา"
    static let columnCheckedAt = "ตรวจล่าสุด"
    static let columnRequirement = "ข้อกำหนด"
    static let columnStatus = "ผล"
    static let columnTodo = "สิ่งที่ต้องทำ"
}
