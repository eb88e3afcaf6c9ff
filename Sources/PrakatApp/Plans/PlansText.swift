import PrakatCore

/// Thai strings of the Plans feature, kept together.
enum PlansText {
    static let dashboardTitle = "แผนงานและโครงการ"
    static let yearsTitle = "ปีงบประมาณและแผนปฏิบัติราชการ"
    static let newProjectTitle = "เพิ่มโครงการ"
    static let editProjectTitle = "แก้ไขโครงการ"
    static let questionnairesTitle = "แบบสอบถามประเมินผล"
    static let attendanceTitle = "รายชื่อผู้เข้าร่วม"
    // Breadcrumbs in the staff shell
    static let projectCrumb = "โครงการ"
    static func actionPlanOfYear(_ year: Int) -> String { "แผนปฏิบัติราชการ ปี \(year)" }
    static let projectSaved = "บันทึกโครงการแล้ว"
    static let projectSavedWithMismatches = "บันทึกร่างแล้ว แต่ยังมียอดที่ไม่ตรงกัน ดูรายการด้านล่างก่อนเสนออนุมัติ"
    static let projectSubmitted = "เสนอโครงการเพื่ออนุมัติแล้ว"
    static let projectApproved = "อนุมัติโครงการแล้ว"
    static let projectReturned = "ส่งโครงการกลับไปแก้ไขแล้ว"
    static let projectActivated = "เริ่มดำเนินโครงการแล้ว"
    static let roundSaved = "บันทึกรายงานแล้ว"
    static let roundSubmitted = "ส่งรายงานเพื่ออนุมัติแล้ว"
    static let roundApproved = "อนุมัติรายงานแล้ว รายงานรอบนี้ถูกล็อก"
    static let roundReturned = "ส่งรายงานกลับไปแก้ไขแล้ว"
    static let yearCreated = "เพิ่มปีงบประมาณแล้ว"
    static let strategyCreated = "เพิ่มยุทธศาสตร์แล้ว"
    static let questionnaireCreated = "สร้างแบบสอบถามแล้ว"
    static let answered = "ขอบคุณที่ตอบแบบสอบถาม"
    static let answeredTwice = "ท่านตอบแบบสอบถามนี้จากลิงก์นี้แล้ว ตอบได้ครั้งเดียวต่อหนึ่งครั้งที่เปิดลิงก์"
    static let sessionMissing = "ไม่พบข้อมูลการเปิดลิงก์ กรุณาเปิดลิงก์แบบสอบถามใหม่แล้วตอบอีกครั้ง (เบราว์เซอร์ต้องยอมรับคุกกี้)"
    static let questionnaireClosed = "แบบสอบถามนี้ปิดรับคำตอบแล้ว"
    static let checkedIn = "บันทึกการเข้าร่วมแล้ว"
    static let reasonRequired = "กรุณาระบุเหตุผลที่ส่งกลับ"
    static let pdfMissing =
        "เครื่องแม่ข่ายยังไม่ได้ติดตั้งโปรแกรมสร้าง PDF: ผู้ดูแลระบบติดตั้งแพ็กเกจ chromium และ fonts-thai-tlwg ของ Debian (apt-get install chromium fonts-thai-tlwg) ระหว่างนี้ใช้หน้าพิมพ์แล้วสั่งพิมพ์เป็น PDF จากเบราว์เซอร์ได้"
    static let defaultPDPANotice =
        "แบบสอบถามนี้ไม่เก็บชื่อ อีเมล หรือข้อมูลที่ระบุตัวท่าน คำตอบใช้เพื่อประเมินผลโครงการและรายงานเป็นภาพรวมเท่านั้น ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 ท่านจะตอบหรือไม่ก็ได้ และหยุดตอบเมื่อใดก็ได้"

    /// The button of a project's workflow step.
    static func label(_ action: ProjectAction) -> String {
        switch action {
        case .submit: "เสนออนุมัติ"
        case .approve: "อนุมัติ"
        case .return: "ส่งกลับไปแก้ไข"
        case .activate: "เริ่มดำเนินโครงการ"
        }
    }

    /// The button of a progress round's workflow step.
    static func label(_ action: RoundAction) -> String {
        switch action {
        case .submit: "ส่งรายงานเพื่ออนุมัติ"
        case .approve: "อนุมัติรายงาน"
        case .return: "ส่งกลับไปแก้ไข"
        }
    }

    /// Where a mismatch is, in Thai: `expenseLines[3].unitPrice` → "ค่าใช้จ่าย (ข้อ 7) แถวที่ 4 · ราคาต่อหน่วย".
    /// A planner read the API's path ("quarterPlan") in the page's table. Unknown names stay as they are.
    static func locationName(_ location: String) -> String {
        let names = [
            "activities": "กิจกรรม", "subItems": "รายการย่อย", "budgetByYear": "งบประมาณรายปี (ข้อ 5)", "total": "รวม",
            "expenseLines": "ค่าใช้จ่าย (ข้อ 7)", "amount": "จำนวนเงิน", "unitPrice": "ราคาต่อหน่วย", "quarterPlan": "แผนรายไตรมาส (ข้อ 11)",
            "targetGroups": "กลุ่มเป้าหมาย (ข้อ 4)", "categories": "ประเภท"
        ]
        return location.split(separator: ".").map { part -> String in
            guard let open = part.firstIndex(of: "["), part.last == "]" else { return names[String(part)] ?? String(part) }
            let name = String(part[..<open])
            let index = part[part.index(after: open)..<part.index(before: part.endIndex)]
            let row = Int(index).map { " แถวที่ \($0 + 1)" } ?? ""
            return (names[name] ?? name) + row
        }.joined(separator: " · ")
    }

    /// The name of a CSV table a project exports (with the section of the seed 2 form).
    static func exportName(_ table: ProjectExportTable) -> String {
        switch table {
        case .budget: "งบประมาณรายปี (ข้อ 5)"
        case .outputs: "เป้าหมายผลผลิต (ข้อ 6)"
        case .activities: "กิจกรรมและงบประมาณ"
        case .targetGroups: "กลุ่มเป้าหมาย (ข้อ 4)"
        case .expenses: "ค่าใช้จ่ายตามหมวด (ข้อ 7)"
        case .indicators: "ตัวชี้วัด (ข้อ 9)"
        case .quarterPlan: "แผนรายไตรมาส (ข้อ 11)"
        }
    }

    static func done(_ action: ProjectAction) -> String {
        switch action {
        case .submit: projectSubmitted
        case .approve: projectApproved
        case .return: projectReturned
        case .activate: projectActivated
        }
    }

    static func done(_ action: RoundAction) -> String {
        switch action {
        case .submit: roundSubmitted
        case .approve: roundApproved
        case .return: roundReturned
        }
    }

    static func importDone(_ count: Int, skipped: Int, encoding: ThaiTextEncoding) -> String {
        "นำเข้ารายชื่อ \(count) คน" + (skipped > 0 ? " (ข้ามชื่อซ้ำ \(skipped) คน)" : "") + " จากไฟล์ \(encoding.label)"
    }

    static func moneyError(_ error: BahtParseError, label: String) -> String {
        switch error {
        case .empty: "\(label): ต้องระบุจำนวนเงิน"
        case .negative: "\(label): จำนวนเงินต้องไม่ติดลบ"
        case .notANumber: "\(label): จำนวนเงินต้องเป็นตัวเลข เช่น 2,500,000 หรือ 2500000.00"
        case .misplacedComma: "\(label): ใส่จุลภาค (,) คั่นทุกสามหลักเท่านั้น"
        case .tooManyDecimals: "\(label): ทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"
        case .overflow: "\(label): จำนวนเงินมากเกินไป"
        }
    }

    // Sending an approved report to the publishing workflow (issue 5 §6).
    static let reportNotApproved = "ส่งขอเผยแพร่ได้เมื่อรายงานรอบนี้ได้รับอนุมัติแล้วเท่านั้น"
    static let reportAlreadySent = "รายงานรอบนี้ส่งขอเผยแพร่ไปแล้ว นี่คือคำขอที่สร้างไว้"
    static let reportSent = "สร้างคำขอเผยแพร่จากรายงานแล้ว (ฉบับร่าง แนบรายงาน PDF) ตรวจทานแล้วกด “ส่งขออนุมัติ” เพื่อส่งให้หัวหน้าหน่วยงาน"
    static let reportSentWithoutPDF = "สร้างคำขอเผยแพร่จากรายงานแล้ว (ฉบับร่าง) แต่แนบไฟล์ PDF ไม่สำเร็จ: แนบไฟล์เองหรือใช้ลิงก์หน้ารายงานที่ใส่ไว้ให้ แล้วกด “ส่งขออนุมัติ”"
    static func reportNotSent(_ reason: String) -> String { "สร้างคำขอเผยแพร่ไม่สำเร็จ: \(reason)" }
    static let qrMissing = "ยังสร้างคิวอาร์โค้ดไม่ได้ เพราะเครื่องแม่ข่ายยังไม่ได้ติดตั้ง qrencode: ผู้ดูแลระบบติดตั้งได้ด้วยคำสั่ง apt-get install qrencode ระหว่างนี้พิมพ์ลิงก์ด้านล่างแทนได้"
}
