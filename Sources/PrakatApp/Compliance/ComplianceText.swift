import PrakatCore

/// Thai text of the compliance pages (ITA checklists, evidence, exports).
enum ComplianceText {
    static func frameworkName(_ framework: String) -> String {
        switch framework {
        case "MOPH-MOIT": "เกณฑ์การประเมิน ITA ของกระทรวงสาธารณสุข (MOIT)"
        case "NACC-OIT": "ตัวชี้วัดการเปิดเผยข้อมูลสาธารณะ (OIT) ของสำนักงาน ป.ป.ช."
        case "NACC-OIT-2567-era": "ตัวชี้วัดการเปิดเผยข้อมูลสาธารณะ (OIT) ของสำนักงาน ป.ป.ช. (ชุดปี 2567)"
        default: "รายการตรวจสอบ \(framework)"
        }
    }

    static func checklistTitle(_ framework: String, _ year: Int) -> String { "\(frameworkName(framework)) ปีงบประมาณ \(year)" }

    // Staff pages
    static let navTitle = "รายการตรวจสอบ ITA"
    static let listTitle = "รายการตรวจสอบ ITA (MOIT / OIT)"
    static let importTitle = "นำเข้ารายการตรวจสอบ"
    static let copyTitle = "คัดลอกไปปีงบประมาณใหม่"
    static let autoTagsTitle = "การระบุข้อ ITA อัตโนมัติ"
    static let newItemTitle = "เพิ่มข้อ"
    static let editItemTitle = "แก้ไขข้อ"
    static let tagsTitle = "หลักฐาน ITA ของรายการเผยแพร่"
    static let imported = "นำเข้ารายการตรวจสอบแล้ว"
    static let copied = "คัดลอกรายการตรวจสอบไปปีงบประมาณใหม่แล้ว"
    static let itemSaved = "บันทึกข้อแล้ว"
    static let itemRemoved = "ลบข้อแล้ว"
    static let tagged = "ระบุเป็นหลักฐานแล้ว"
    static let untagged = "ยกเลิกการระบุหลักฐานแล้ว"
    static let autoTagsSaved = "บันทึกการระบุข้ออัตโนมัติแล้ว"
    static let noChecklists = "ยังไม่มีรายการตรวจสอบ นำเข้าไฟล์ JSON หรือ CSV ได้ที่แบบฟอร์มด้านล่าง"
    static let noEvidence = "ยังไม่มีรายการเผยแพร่ที่เป็นหลักฐานของข้อนี้"
    static let noPublicEvidence = "ไม่มีรายการที่เผยแพร่อยู่ในขณะนี้"
    static let fileMissing = "เลือกไฟล์ JSON หรือ CSV ที่จะนำเข้า"
    static let fileTooLarge = "ไฟล์ใหญ่เกิน 1 MB"
    static let frameworkMissing = "ระบุกรอบการประเมิน เช่น MOPH-MOIT (จำเป็นสำหรับไฟล์ CSV)"
    static let yearOutOfRange = "ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง 2500 ถึง 2700"
    static let yearMissing = "ระบุปีงบประมาณ (พ.ศ.)"
    static func unknownUnit(_ name: String) -> String { "ไม่พบกลุ่มงาน \"\(name)\" (ใช้รหัสหรือชื่อกลุ่มงานที่มีในระบบ)" }
    static func checklistExists(_ framework: String, _ year: Int) -> String { "มีรายการตรวจสอบ \(framework) ปีงบประมาณ \(year) อยู่แล้ว" }
    static func itemInUse(_ code: String) -> String { "ข้อ \(code) มีหลักฐานหรือคำขอที่ระบุไว้แล้ว ลบไม่ได้ (แก้ไขชื่อหรือรหัสได้)" }
    static func codeTaken(_ code: String) -> String { "มีข้อรหัส \(code) ในรายการนี้อยู่แล้ว" }
    static func badReference(_ text: String) -> String { "\"\(text)\" ไม่ใช่ชื่อข้อในรูปแบบ กรอบ/ปีงบประมาณ/รหัส เช่น MOPH-MOIT/2570/MOIT5" }
    static func unknownReference(_ text: String) -> String { "ไม่พบข้อ \(text)" }
    static let unknownItem = "ไม่พบข้อที่เลือก"
    static func otherYearItem(_ code: String, itemYear: Int, requestYear: Int) -> String {
        "ข้อ \(code) เป็นของปีงบประมาณ \(itemYear) แต่คำขอนี้อยู่ในปีงบประมาณ \(requestYear)"
    }

    // Public page
    static let publicIndexTitle = "การเปิดเผยข้อมูลสาธารณะ (ITA)"
    static let publicIntro =
        "หน้านี้รวบรวมลิงก์หลักฐานการเปิดเผยข้อมูลสาธารณะตามเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) แยกตามข้อ สถานะคำนวณจากรายการที่เผยแพร่จริงในระบบ ณ วันที่แสดง"
    static let homeLink = "การเปิดเผยข้อมูลสาธารณะ (ITA)"
    static let exportCSV = "ดาวน์โหลด CSV"
    static let exportXLSX = "ดาวน์โหลด Excel (XLSX)"
    static let print = "พิมพ์"

    // Export headers
    static let exportHeader = ["ข้อ", "ชื่อข้อ", "รอบ", "สถานะ", "ลิงก์หลักฐาน (URL)", "วันที่เผยแพร่"]
}

extension ComplianceText {
    static let importRefused = "นำเข้าไม่ได้ ไม่มีข้อใดถูกบันทึก แก้ไขไฟล์ตามรายการด้านล่างแล้วนำเข้าอีกครั้ง"
    static let renumberRefused = "การเปลี่ยนรหัสข้อไม่ถูกต้อง ยังไม่ได้คัดลอก แก้ไขตามรายการด้านล่าง"
    static let noUnit = "ยังไม่ได้กำหนดกลุ่มงาน"
    static let unknownUnitChoice = "ไม่พบกลุ่มงานที่เลือก"
    static let autoTagsIntro =
        "เอกสารที่ระบบจัดทำเองและส่งเข้าระบบขอเผยแพร่ จะระบุเป็นหลักฐานของข้อต่อไปนี้โดยอัตโนมัติ ในรายการตรวจสอบของปีงบประมาณที่เผยแพร่ ระบุรหัสข้อคั่นด้วยช่องว่าง"
    static let badFrameworkName = "ระบุกรอบการประเมินเป็นอักษรอังกฤษ ตัวเลข และขีด เช่น MOPH-MOIT"
    static func badCodeName(_ code: String) -> String { "รหัสข้อ \"\(code)\" ไม่ถูกต้อง (อักษรอังกฤษ ตัวเลข จุด ขีด เช่น MOIT5)" }
    static let tooManyCodes = "ระบุได้ไม่เกิน 10 ข้อ"
    static let originRequest = "จากแบบฟอร์มขอเผยแพร่"
    static let originWebmaster = "ผู้ดูแลเว็บไซต์ระบุเพิ่ม"
    static let chooseItems = "เลือกข้ออย่างน้อยหนึ่งข้อ"
}

extension ComplianceText {
    static let badQuarter = "ไตรมาสต้องเป็น 1 ถึง 4 หรือ all"
    static let packEmpty = "ไม่มีรายการเผยแพร่ที่เป็นหลักฐานของข้อนี้ในช่วงเวลาที่เลือก"
}

extension ComplianceText {
    static func reminderDetail(checklist: String, due: String) -> String { "\(checklist) กำหนด \(due)" }
}
