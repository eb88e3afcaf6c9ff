import PrakatCore

/// Thai text of the publishing pages, kept together so English can follow.
enum PublishingText {
    static let deskTitle = "งานของฉัน"
    /// Under "end of publication" on a request's page.
    static let noEnd = "ไม่กำหนดวันสิ้นสุด"
    static let categoryDefaultEnd = "ตามค่าเริ่มต้นของหมวด"
    /// Logged at start when SQLite's kept counts of open-ended items did not match the items.
    static let openEndedCountsMadeAgain = "จำนวนรายการที่เก็บไว้ของแต่ละหมวดไม่ตรงกับรายการจริง จึงนับใหม่แล้ว"
    static func checklistMissing(fiscalYear: Int) -> String {
        "ยังไม่มีรายการตรวจ ITA ของปีงบประมาณ \(fiscalYear) จึงยังติดแท็กหลักฐานให้คำขอนี้ไม่ได้: ผู้ดูแลเว็บไซต์คัดลอกรายการจากปีก่อนหรือนำเข้าได้ที่หน้ารายการตรวจ ITA"
    }
    // The staff navigation and the desk's cards
    static let navRequests = "คำขอเผยแพร่"
    static let awaitingMyApproval = "รออนุมัติจากฉัน"
    static let awaitingPublication = "รอนำขึ้นเผยแพร่"
    static let awaitingMyPermission = "รอฉันพิจารณาอนุญาต"
    static let phoneInvalid = "โทรศัพท์ไม่ถูกต้อง ใช้เลขอารบิก เช่น 038 285 511, 081-234-5678 หรือ 038 285 511 ต่อ 123"
    static let esarabanMax = 60
    static let esarabanTooLong = "เลขที่หนังสือ e-saraban ยาวเกิน 60 ตัวอักษร"
    static let esarabanInvalid = "เลขที่หนังสือ e-saraban ต้องเป็นข้อความบรรทัดเดียว ไม่มีอักขระควบคุม"
    static let returnedToMe = "ส่งกลับให้ฉันแก้ไข"
    static let deskWaiting = "งานที่รอท่าน"
    static let deskNothingWaiting = "ไม่มีงานที่รอท่านในขณะนี้"
    static let deskAreas = "ส่วนงาน"
    static let deskOpenList = "ดูรายการ"
    static let newRequestTitle = "ขอเผยแพร่ข้อมูลผ่านเว็บไซต์"
    static let editRequestTitle = "แก้ไขคำขอเผยแพร่ข้อมูล"
    static let requestTitle = "คำขอเผยแพร่ข้อมูล"
    static let requestsTitle = "คำขอเผยแพร่ข้อมูลทั้งหมด"
    static let categoriesTitle = "หมวดหมู่ของเว็บไซต์"
    static let newCategoryTitle = "เพิ่มหมวดหมู่"
    static let editCategoryTitle = "แก้ไขหมวดหมู่"
    static let formTitle = "แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์"
    static let memoTitle = "บันทึกข้อความ ขออนุญาตนำไปเผยแพร่บนเว็บไซต์"
    static let searchTitle = "ค้นหา"
    /// How many a search found. Only the newest `PublicationSearch.candidateLimit` matches are
    /// ranked and counted, so a count that reached it means "at least".
    static func searchFound(_ total: Int, reachedLimit: Bool) -> String {
        (reachedLimit ? "พบอย่างน้อย " : "พบ ") + VisitorFigures.grouped(total) + " รายการ"
    }
    static func searchLimitHint(_ limit: Int) -> String {
        "ผลการค้นหาเรียงจากรายการล่าสุด \(VisitorFigures.grouped(limit)) รายการที่ตรงกับคำค้น พิมพ์คำให้เจาะจงขึ้นเพื่อให้ได้ผลที่ตรงกว่า"
    }
    static let archiveTitle = "คลังข้อมูลย้อนหลัง"

    // Validation
    static let categoryRequired = "กรุณาเลือกหมวดหมู่"
    static let categoryUnknown = "ไม่พบหมวดหมู่ที่เลือก"
    static let detailsRequired = "กรุณากรอกรายละเอียดข้อมูล"
    static let detailsTooLong = "รายละเอียดยาวเกิน 20,000 ตัวอักษร"
    static let noteTooLong = "หมายเหตุยาวเกิน 2,000 ตัวอักษร"
    static func linkInvalid(_ link: String) -> String { "ลิงก์ “\(link)” ใช้ไม่ได้ ต้องขึ้นต้นด้วย http:// หรือ https:// และมีชื่อเว็บไซต์" }
    static let tooManyLinks = "ระบุลิงก์ภายนอกได้ไม่เกิน 20 รายการ"
    static let sourceRequired = "หมวดนี้ต้องระบุแหล่งที่มาของข้อมูล"
    static let sourceDateRequired = "หมวดนี้ต้องระบุวันที่ของแหล่งที่มา"
    static let sourceDateInvalid = "วันที่ของแหล่งที่มาไม่ถูกต้อง (ตัวอย่าง 9/2/2569 หรือ 2026-02-09 ปี พ.ศ. 2443–2742)"
    static let publishAtInvalid = "วันเวลาเริ่มเผยแพร่ไม่ถูกต้อง (ตัวอย่าง 2026-02-09T09:00 ปี พ.ศ. 2443–2742)"
    static let expireAtInvalid = "วันเวลาสิ้นสุดการเผยแพร่ไม่ถูกต้อง (ตัวอย่าง 2026-03-09T16:30 ปี พ.ศ. 2443–2742)"
    static let checklistUnknown = "ไม่พบรายการตรวจสอบที่เลือก"
    static let reasonRequired = "กรุณาระบุเหตุผล"
    static let staleVersion = "มีผู้อื่นแก้ไขหรือดำเนินการกับคำขอนี้ไปก่อนแล้ว ระบบแสดงข้อมูลล่าสุดให้แล้ว กรุณาตรวจสอบอีกครั้ง"
    static let notStaff = "ต้องเป็นเจ้าหน้าที่ของกลุ่มงานจึงจะยื่นคำขอได้ (บัญชีของคุณยังไม่ได้สังกัดกลุ่มงาน)"
    static let fileMissing = "กรุณาเลือกไฟล์ที่จะแนบ"
    static let tooManyAttachments = "แนบไฟล์ได้ไม่เกิน 20 ไฟล์ต่อคำขอ"

    // Flash messages
    static let created = "บันทึกร่างคำขอแล้ว แนบไฟล์และส่งขออนุมัติได้เมื่อพร้อม"
    static let saved = "บันทึกการแก้ไขแล้ว"
    static let attached = "แนบไฟล์แล้ว"
    // Photos (issue 11 §4)
    static let photoAltRequired = "กรุณาใส่คำอธิบายภาพ (ข้อความแทนภาพ) สำหรับผู้ที่มองไม่เห็นภาพ เช่น \"เจ้าหน้าที่ตรวจคัดกรองผู้สูงอายุที่ รพ.สต.บ้านสวน\""
    static func photoAltTooLong(_ limit: Int) -> String { "คำอธิบายภาพยาวเกิน \(limit) ตัวอักษร" }
    static func photoCreditTooLong(_ limit: Int) -> String { "ที่มาของภาพยาวเกิน \(limit) ตัวอักษร" }
    static let photoTextControl = "คำอธิบายหรือที่มาของภาพมีอักขระที่ใช้ไม่ได้"
    static let chooseFileAgain = "ยังไม่ได้แนบไฟล์ กรุณาแก้ไขข้อความที่แจ้งแล้วเลือกไฟล์อีกครั้ง"
    static let galleryTitle = "ภาพกิจกรรม"
    static func photoFallbackAlt(_ title: String, _ number: Int) -> String { "ภาพที่ \(number) ของ \(title)" }
    static let photoFullSize = "ดูภาพขนาดเต็ม"
    static let photoCredit = "ที่มาของภาพ"
    static let detached = "นำไฟล์แนบออกแล้ว"
    static let categorySaved = "บันทึกหมวดหมู่แล้ว"
    static func done(_ action: String) -> String { "\(action)เรียบร้อยแล้ว" }

    // Public pages
    static let expiredNotice = "ข้อมูลนี้ครบกำหนดระยะเวลาเผยแพร่และนำออกจากเว็บไซต์แล้ว"
    static let withdrawnNotice = "ข้อมูลนี้ถูกถอนการเผยแพร่แล้ว"
    static let urgentLapsedNotice = "ข้อมูลนี้เผยแพร่กรณีเร่งด่วนและไม่ได้รับอนุมัติภายในเวลาที่กำหนด จึงนำออกจากเว็บไซต์แล้ว"
    static let archivedNotice = "ข้อมูลนี้ครบกำหนดเผยแพร่แล้ว และเก็บไว้ในคลังข้อมูลย้อนหลังของหมวดนี้"
    static let urgentBadge = "เผยแพร่กรณีเร่งด่วน รอการอนุมัติ"
    static let chromiumMissing =
        "ยังสร้างไฟล์ PDF ไม่ได้ เพราะเครื่องแม่ข่ายยังไม่ได้ติดตั้ง chromium: ผู้ดูแลระบบติดตั้งได้ด้วยคำสั่ง apt-get install chromium fonts-thai-tlwg ระหว่างนี้ใช้หน้าสำหรับพิมพ์ แล้วเลือก “บันทึกเป็น PDF” จากเบราว์เซอร์ได้"
}
