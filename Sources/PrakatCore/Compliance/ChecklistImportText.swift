/// Thai messages of checklist imports and renumbering.
enum ChecklistImportText {
    static let notJSONList = "ไฟล์ไม่ใช่ JSON ในรูปแบบรายการข้อ (list ของ object ที่มี code, framework, fiscal_year, title_th, period)"
    static let frameworkMissing = "ไม่ได้ระบุกรอบการประเมิน (framework)"
    static let severalFrameworks = "ไฟล์มีหลายกรอบการประเมิน นำเข้าได้ครั้งละหนึ่งกรอบและหนึ่งปีงบประมาณ"
    static let yearMissing = "ไม่ได้ระบุปีงบประมาณ (fiscal_year)"
    static let severalYears = "ไฟล์มีหลายปีงบประมาณ นำเข้าได้ครั้งละหนึ่งกรอบและหนึ่งปีงบประมาณ"
    static func otherFramework(_ own: String, _ chosen: String) -> String { "ข้อนี้เป็นของกรอบ \(own) ไม่ใช่ \(chosen)" }
    static func otherYear(_ own: Int, _ chosen: Int) -> String { "ข้อนี้เป็นของปีงบประมาณ \(own) ไม่ใช่ \(chosen)" }
    static let unreadableText = "อ่านไฟล์ไม่ได้: ต้องเป็นข้อความ UTF-8 หรือ TIS-620 (CSV จาก Excel ภาษาไทย)"
    static let emptyFile = "ไฟล์ว่าง"
    static let unknownColumn = "ไม่รู้จักคอลัมน์นี้ (ใช้ได้: code, title_th, period, title_en, requirement, period_note, due_dates, unit)"
    static let repeatedColumn = "มีคอลัมน์นี้ซ้ำ"
    static let columnMissing = "ไม่มีคอลัมน์ที่จำเป็นนี้ในแถวหัวตาราง"
    static let badFramework = "ชื่อกรอบการประเมินใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข และขีด (-) 2–40 ตัว เช่น MOPH-MOIT"
    static let yearOutOfRange = "ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง 2500 ถึง 2700"
    static let noItems = "ไม่มีข้อรายการในไฟล์"
    static func tooManyItems(_ max: Int) -> String { "มีข้อรายการเกิน \(max) ข้อ" }
    static func duplicateCode(_ code: String, firstRow: Int) -> String { "รหัส \(code) ซ้ำกับแถวที่ \(firstRow)" }
    static let codeMissing = "ไม่ได้ระบุรหัสข้อ"
    static let badCode = "รหัสข้อใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข จุด และขีด ไม่เกิน 20 ตัว เช่น MOIT5 หรือ O12"
    static let titleMissing = "ไม่ได้ระบุชื่อข้อภาษาไทย"
    static func badText(_ max: Int) -> String { "ข้อความยาวเกิน \(max) ตัวอักษร หรือมีอักขระควบคุม" }
    static func badPeriod(_ word: String) -> String {
        "รอบ \"\(word)\" ไม่ถูกต้อง ใช้ได้: current (เป็นปัจจุบัน), fiscal-year (ปีงบประมาณละครั้ง), half-year (รอบ 6 เดือน), monthly (รายเดือน)"
    }
    static func badDueDate(_ word: String) -> String { "วันครบกำหนด \"\(word)\" ไม่ใช่วันที่ (เช่น 2027-03-31 หรือ 31/03/2570)" }
    static func dueDateOutsideYear(_ word: String) -> String { "วันครบกำหนด \"\(word)\" ไม่อยู่ในปีงบประมาณนี้" }
    static func renumberUnknown(_ code: String) -> String { "ไม่มีข้อ \(code) ในรายการที่คัดลอก" }
    static func renumberCollision(_ code: String, _ olds: [String]) -> String {
        "ข้อ " + olds.joined(separator: ", ") + " จะได้รหัสเดียวกันคือ \(code)"
    }
    static let renumberLine = "เขียนบรรทัดละหนึ่งคู่ เช่น MOIT5 → MOIT6"
    static func renumberTwice(_ code: String) -> String { "ระบุรหัสใหม่ให้ข้อ \(code) มากกว่าหนึ่งครั้ง" }
}
