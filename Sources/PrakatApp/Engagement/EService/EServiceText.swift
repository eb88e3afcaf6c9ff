import Foundation
import PrakatCore

/// Thai text of the e-Service pages, mail and messages (one place, so English can follow).
enum EServiceText {
    struct DefaultType {
        var slug: String
        var name: String
        var summary: String
        var fields: String
        var days: Int
        var anonymous: Bool
        var confidential: Bool
    }

    /// The types every install starts with (issue 12 §1); administrators change them.
    static let defaultTypes: [DefaultType] = [
        DefaultType(
            slug: "question", name: "สอบถามข้อมูลทั่วไป", summary: "สอบถามเรื่องทั่วไปเกี่ยวกับงานและบริการของหน่วยงาน", fields: "", days: 5, anonymous: true,
            confidential: false),
        DefaultType(
            slug: "service-request", name: "ขอรับบริการ", summary: "ขอรับบริการหรือขอเอกสารตามภารกิจของหน่วยงาน", fields: "บริการที่ต้องการ*", days: 7,
            anonymous: false, confidential: false),
        DefaultType(
            slug: "complaint", name: "ร้องเรียนการให้บริการหรือเจ้าหน้าที่", summary: "ร้องเรียนคุณภาพการให้บริการ หรือการปฏิบัติงานของเจ้าหน้าที่",
            fields: "สถานที่/หน่วยบริการที่เกิดเหตุ\nวันที่เกิดเหตุ", days: 15, anonymous: true, confidential: false),
        DefaultType(
            slug: "corruption", name: "ร้องเรียนการทุจริตและประพฤติมิชอบ",
            summary: "แจ้งเบาะแสการทุจริต การประพฤติมิชอบ หรือการรับสินบนของเจ้าหน้าที่ เรื่องจะถูกเก็บเป็นความลับ เห็นได้เฉพาะผู้ที่หน่วยงานมอบหมาย",
            fields: "ผู้ถูกร้องเรียน (ชื่อ/ตำแหน่ง)\nวันที่และสถานที่เกิดเหตุ", days: 30, anonymous: true, confidential: true),
        DefaultType(
            slug: "official-information", name: "ขอข้อมูลข่าวสารของราชการ (มาตรา 11)",
            summary: "ขอข้อมูลข่าวสารของราชการตามมาตรา 11 แห่งพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540",
            fields: "ข้อมูลข่าวสารที่ต้องการ*\nรูปแบบที่ต้องการรับ (สำเนา/ไฟล์)", days: 15, anonymous: false, confidential: false)
    ]

    // Public pages
    static let catalogueTitle = "บริการออนไลน์ (e-Service)"
    static let catalogueIntro = "ส่งคำถาม ขอรับบริการ หรือร้องเรียนถึงหน่วยงานได้ตลอดเวลา เมื่อส่งแล้วท่านจะได้รับเลขติดตามเรื่องและรหัสลับสำหรับดูความคืบหน้า"
    static let trackTitle = "ติดตามเรื่อง"
    static let fileLink = "ยื่นคำขอหรือเรื่องร้องเรียน"
    static let submittedTitle = "ได้รับเรื่องของท่านแล้ว"
    static let statusTitle = "ความคืบหน้าของเรื่อง"
    static let notFound = "ไม่พบเรื่องตามเลขติดตามและรหัสลับที่ระบุ กรุณาตรวจสอบอีกครั้ง"
    static let pdpaNotice =
        "หน่วยงานเก็บรวบรวมและใช้ข้อมูลส่วนบุคคลที่ท่านให้ไว้ (ชื่อ หมายเลขโทรศัพท์ อีเมล และข้อความ) เพื่อพิจารณาและตอบเรื่องของท่านเท่านั้น ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 ข้อมูลจะเปิดเผยเฉพาะเจ้าหน้าที่ผู้รับผิดชอบ ไม่เผยแพร่ต่อสาธารณะ และท่านขอดู แก้ไข หรือขอให้ลบข้อมูลได้โดยติดต่อหน่วยงาน"
    static let consentLabel = "ข้าพเจ้าได้อ่านและยินยอมให้หน่วยงานใช้ข้อมูลส่วนบุคคลตามที่แจ้งข้างต้น"
    static let secretWarning = "กรุณาจดหรือบันทึกเลขติดตามและรหัสลับไว้ หน่วยงานไม่สามารถแสดงรหัสลับให้อีกครั้ง"
    static let infoAdded = "เพิ่มข้อมูลแล้ว"
    static let ratingSaved = "ขอบคุณสำหรับการประเมิน"
    static let alreadyRated = "เรื่องนี้ได้รับการประเมินแล้ว"
    static let notClosedYet = "ประเมินความพึงพอใจได้เมื่อหน่วยงานปิดเรื่องแล้ว"
    static let closedNoMore = "เรื่องนี้ปิดแล้ว เพิ่มข้อมูลไม่ได้ หากต้องการแจ้งเรื่องเพิ่มเติมกรุณาส่งเรื่องใหม่"

    // Field messages
    static let typeMissing = "กรุณาเลือกประเภทเรื่อง"
    static let subjectRequired = "กรุณากรอกหัวเรื่อง"
    static let messageRequired = "กรุณากรอกรายละเอียด"
    static let consentRequired = "กรุณาอ่านและยินยอมตามประกาศการคุ้มครองข้อมูลส่วนบุคคลก่อนส่งเรื่อง"
    static let nameRequired = "เรื่องประเภทนี้ต้องระบุชื่อ-สกุลผู้ยื่น"
    static let contactRequired = "เรื่องประเภทนี้ต้องระบุหมายเลขโทรศัพท์หรืออีเมลอย่างน้อยหนึ่งช่องทางเพื่อให้หน่วยงานติดต่อกลับ"
    static let phoneInvalid = "หมายเลขโทรศัพท์ต้องเป็นตัวเลข 9–10 หลัก (ใส่ขีดหรือเว้นวรรคได้)"
    static let emailInvalid = "อีเมลไม่ถูกต้อง ตัวอย่าง name@example.com"
    static let scoreInvalid = "คะแนนต้องเป็นตัวเลข 1 ถึง 5"
    static let outcomeRequired = "กรุณาสรุปผลการดำเนินการก่อนปิดเรื่อง"
    static let replyRequired = "กรุณากรอกข้อความ"
    static let unitRequired = "กรุณาเลือกหน่วยงานที่รับผิดชอบ"
    static let unitUnknown = "ไม่พบหน่วยงานที่เลือก"
    static let assigneeUnknown = "ไม่พบผู้รับผิดชอบที่เลือก หรือผู้นั้นไม่ได้อยู่ในหน่วยงานที่เลือก"
    static let assigneeNotNamed = "เรื่องประเภทปกปิดมอบหมายได้เฉพาะผู้ที่หน่วยงานกำหนดให้ดูแลประเภทนี้"
    static let tooManyFiles = "แนบไฟล์ได้ไม่เกิน 5 ไฟล์ต่อครั้ง"

    static func tooLong(_ label: String, _ limit: Int) -> String { "\(label)ยาวเกิน \(limit) ตัวอักษร" }
    static func controlCharacters(_ label: String) -> String { "\(label)มีอักขระควบคุมที่ไม่อนุญาต" }
    static func fieldRequired(_ label: String) -> String { "กรุณากรอก\(label)" }

    // Staff pages
    static let deskTitle = "เรื่องจากประชาชน (e-Service)"
    static let deskNav = "เรื่องจากประชาชน"
    static let openForMe = "เรื่องจากประชาชนที่รอดำเนินการ"
    static let overdueForMe = "เรื่องจากประชาชนที่เกินกำหนด"
    static let typesTitle = "ประเภทบริการออนไลน์"
    static let holidaysTitle = "วันหยุดราชการ"
    static let holidaysNote =
        "วันหยุดเหล่านี้ไม่นับเป็นวันทำการเมื่อคำนวณกำหนดตอบเรื่องของประชาชน ระบบมีวันหยุดราชการที่ประกาศแล้วให้ตั้งแต่ติดตั้ง กรุณาเพิ่มวันหยุดพิเศษตามมติคณะรัฐมนตรี และวันหยุดทางจันทรคติของปีถัดไป (มาฆบูชา วิสาขบูชา อาสาฬหบูชา เข้าพรรษา) เมื่อมีประกาศ"
    static let statsTitle = "สถิติการให้บริการออนไลน์และเรื่องร้องเรียน"
    static let assigned = "ส่งเรื่องให้หน่วยงานแล้ว"
    static let replied = "บันทึกการตอบกลับแล้ว"
    static let noted = "บันทึกภายในแล้ว"
    static let closed = "ปิดเรื่องแล้ว"
    static let reopened = "เปิดเรื่องอีกครั้งแล้ว"
    static let publishedAsQuestion = "เผยแพร่เป็นถาม-ตอบสาธารณะแล้ว (ไม่แสดงชื่อผู้ยื่น) กรุณาตรวจและลบข้อมูลส่วนบุคคลที่อาจเหลืออยู่ในข้อความ"
    static let typeSaved = "บันทึกประเภทบริการแล้ว"
    static let holidaySaved = "บันทึกวันหยุดแล้ว"
    static let holidayRemoved = "ลบวันหยุดแล้ว"
    static let holidayDateInvalid = "วันที่ไม่ถูกต้อง ใช้รูปแบบ วว/ดด/ปปปป (พ.ศ.) หรือ ปปปป-ดด-วว"
    static let holidayDuplicate = "มีวันหยุดวันนี้อยู่แล้ว"
    static let slugInvalid = "ชื่อในลิงก์ใช้ได้เฉพาะ a–z ตัวเลข และขีด (-) ยาว 2–40 ตัว"
    static let slugTaken = "ชื่อในลิงก์นี้ถูกใช้แล้ว"
    static let daysInvalid = "ระยะเวลาต้องเป็นจำนวนวันทำการ 1 ถึง 120"
    static let tooManyFields = "กำหนดช่องกรอกเพิ่มได้ไม่เกิน 10 ช่อง ช่องละไม่เกิน 100 ตัวอักษร"
    static let peopleRequired = "ประเภทปกปิดต้องระบุผู้ดูแลอย่างน้อยหนึ่งคน"
    static let stateUnknown = "สถานะต้องเป็น received, assigned, inProgress, answered หรือ closed"
    static let periodInvalid = "ปีงบประมาณต้องเป็นตัวเลข พ.ศ. 2400–2700 และรอบต้องเป็น 1 หรือ 2"
    /// Where a statistics report is filed (seed 1 §1.9, else §1.10).
    static let reportCategorySlugs = ["e-service", "statistics-satisfaction"]
    static let sentToPublishing = "สร้างคำขอเผยแพร่รายงานสถิติแล้ว"
    static let reportAlreadySent = "รายงานช่วงนี้ถูกส่งเข้าระบบเผยแพร่แล้ว"

    static func reportTitle(fiscalYear: Int, half: Int?) -> String {
        let period = half.map { $0 == 1 ? "รอบ 6 เดือนแรก" : "รอบ 6 เดือนหลัง" } ?? "ทั้งปี"
        return "รายงานสถิติเรื่องร้องเรียนและการให้บริการออนไลน์ ปีงบประมาณ พ.ศ. \(fiscalYear) \(period)"
    }

    static func reportSummary(period: String, total: Int, closed: Int, onTime: Double?, average: Double?) -> String {
        var text = "สถิติเรื่องร้องเรียนและการให้บริการออนไลน์ \(period): ได้รับ \(total) เรื่อง ปิดเรื่องแล้ว \(closed) เรื่อง"
        if let onTime { text += " ปิดทันกำหนดร้อยละ " + String(format: "%.1f", onTime * 100) }
        if let average { text += " ใช้เวลาเฉลี่ย " + String(format: "%.1f", average) + " วัน" }
        return text
    }

    /// The line the notice and its mail carry: the code and the type, never the citizen's words.
    static func noticeTitle(code: String, type: String) -> String { "เรื่องเลขที่ \(code) (\(type))" }
}
