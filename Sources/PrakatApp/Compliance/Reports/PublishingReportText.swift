import Foundation
import PrakatCore

/// Thai strings of the annual publishing report (seed 1, items 4 and 5).
enum PublishingReportText {
    static let navTitle = "รายงานผลการเผยแพร่ข้อมูลประจำปี"
    static func pageTitle(_ year: Int) -> String { "รายงานผลการดำเนินงานเผยแพร่ข้อมูลผ่านเว็บไซต์ ประจำปีงบประมาณ พ.ศ. \(year)" }
    static let yearInvalid = "ปีงบประมาณต้องเป็นปีพุทธศักราช 2500–2700 และระบุครั้งเดียว"
    static let yearField = "ปีงบประมาณ"
    static let byUnit = "แยกตามหน่วยงาน (กลุ่มงาน)"
    static let byCategory = "แยกตามหมวดข้อมูล"
    static let total = "รวมทั้งหน่วยงาน"
    static let unitColumn = "กลุ่มงาน"
    static let categoryColumn = "หมวดข้อมูล"
    static let columns = [
        "คำขอ", "อนุมัติ", "ส่งกลับแก้ไข (ครั้ง)", "ไม่อนุมัติ", "เผยแพร่", "นำออกตามกำหนด", "นำออกล่าช้า", "ใช้กรณีเร่งด่วน", "เฉลี่ยวันยื่นถึงเผยแพร่", "ปัญหาค้าง"
    ]
    static let problemsTitle = "ปัญหาอุปสรรคที่ยังค้างอยู่"
    static let noProblems = "ไม่มีปัญหาค้าง"
    static let definitionsTitle = "นิยามการนับ"
    static let definitions = [
        "คำขอ: คำขอที่ส่งขออนุมัติครั้งแรกในปีงบประมาณ (ส่งกลับแล้วส่งใหม่นับครั้งเดียว)",
        "อนุมัติ / ไม่อนุมัติ / เผยแพร่: คำขอที่หัวหน้ากลุ่มงานอนุมัติ ไม่อนุมัติ (รวมที่หัวหน้าส่วนราชการไม่อนุญาต) หรือที่นำขึ้นเผยแพร่ในปีงบประมาณ",
        "ส่งกลับแก้ไข: จำนวนครั้งที่ส่งกลับในปีงบประมาณ",
        "ใช้กรณีเร่งด่วน: นำขึ้นเผยแพร่ก่อนได้รับอนุมัติ (อนุมัติภายหลัง)",
        "เฉลี่ยวันยื่นถึงเผยแพร่: จากวันส่งขออนุมัติครั้งแรกถึงวันนำขึ้นเผยแพร่ ของคำขอที่เผยแพร่ในปี",
        "นำออกตามกำหนด: ระยะเวลาเผยแพร่สิ้นสุดในปี และระบบบันทึกการนำออกภายใน 1 วันหลังครบกำหนด; นำออกล่าช้า: บันทึกการนำออกหลังจากนั้น หรือผู้ดูแลเว็บไซต์ถอนการเผยแพร่หลังครบกำหนดแล้ว",
        "ปัญหาค้าง: ณ วันสิ้นปีงบประมาณ (หรือวันนี้ถ้ายังไม่สิ้นปี) รออนุมัติ รอหัวหน้าส่วนราชการอนุญาต อนุมัติแล้วรอเผยแพร่ หรือส่งกลับแล้วยังไม่ส่งใหม่ เกิน \(PublishingReportRules.staleDays) วัน; เผยแพร่กรณีเร่งด่วนแล้วยังไม่อนุมัติเกินกำหนด; ครบกำหนดแล้วยังไม่มีบันทึกการนำออก; และกรณีเร่งด่วนที่ถูกนำออกเพราะไม่ได้รับอนุมัติในปี"
    ]
    static let unknownUnit = "(ไม่ทราบกลุ่มงาน)"
    static let unknownCategory = "(ไม่ทราบหมวด)"
    static let noFigure = "–"
    static func days(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? noFigure }
    static func asOf(_ date: String) -> String { "ข้อมูล ณ \(date)" }

    // The memo (items 4 and 5)
    static func memoSubject(agency: String, year: Int) -> String {
        "รายงานผลการดำเนินงานและปัญหาอุปสรรคการดำเนินงานเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของ\(agency) ประจำปีงบประมาณ พ.ศ. \(year) และขออนุญาตเผยแพร่"
    }
    static func memoTo(agency: String) -> String { "หัวหน้าส่วนราชการ \(agency)" }
    static func memoBody(agency: String, period: String, totals f: PublishingReportFigures, problems: Int) -> [String] {
        [
            "ตามที่\(agency)ได้ประกาศแนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน และกำหนดขั้นตอนการขออนุญาตเผยแพร่ข้อมูลผ่านเว็บไซต์ให้หน่วยงานภายในถือปฏิบัติ นั้น",
            "บัดนี้ ได้สรุปผลการดำเนินงานเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ \(period) แล้ว มีคำขอเผยแพร่ทั้งสิ้น \(f.requests) เรื่อง อนุมัติ \(f.approved) เรื่อง ส่งกลับแก้ไข \(f.returned) ครั้ง ไม่อนุมัติ \(f.rejected) เรื่อง นำขึ้นเผยแพร่ \(f.published) เรื่อง (ใช้กรณีเร่งด่วน \(f.urgentUses) เรื่อง) ระยะเวลาเฉลี่ยตั้งแต่ยื่นคำขอถึงเผยแพร่ \(days(f.averageDaysToPublish)) วัน นำออกเมื่อครบกำหนดตามเวลา \(f.takenDownOnTime) เรื่อง ล่าช้า \(f.takenDownLate) เรื่อง และมีปัญหาอุปสรรคที่ยังค้างอยู่ \(problems) เรื่อง รายละเอียดตามรายงานที่แนบมาพร้อมนี้",
            "จึงเรียนมาเพื่อโปรดทราบ และพิจารณาอนุญาตให้นำรายงานดังกล่าวเผยแพร่บนเว็บไซต์ของ\(agency)ต่อไป"
        ]
    }
    static let headDecision = "( ) ทราบ ( ) อนุญาตให้เผยแพร่ ( ) ไม่อนุญาต"
    static let headTitle = "หัวหน้าส่วนราชการ"

    // Sending to publishing
    static let reportCategorySlugs = ["performance-reports", "official-information", "news"]
    static let sentToPublishing = "สร้างคำขอเผยแพร่รายงานผลการเผยแพร่ข้อมูลประจำปีแล้ว"
    static let alreadySent = "รายงานของปีงบประมาณนี้ถูกส่งเข้าระบบเผยแพร่แล้ว"
    static let sendNeedsStaff = "การส่งรายงานเข้าระบบขอเผยแพร่ต้องทำในนามเจ้าหน้าที่ของกลุ่มงาน (สิทธิ์เจ้าหน้าที่กลุ่มงานเจ้าของข้อมูล)"
    static func requestTitle(agency: String, year: Int) -> String {
        "รายงานผลการดำเนินงานเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของ\(agency) ประจำปีงบประมาณ พ.ศ. \(year)"
    }
    static func requestNote(_ year: Int) -> String { "สร้างจากหน้ารายงานผลการเผยแพร่ข้อมูลประจำปี (ปีงบประมาณ พ.ศ. \(year)) หลักฐาน MOIT1" }
}
