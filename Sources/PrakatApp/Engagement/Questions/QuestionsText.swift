import PrakatCore

/// Thai text of the public questions and answers. English can follow by adding a sibling table.
enum QuestionsText {
    static let publicTitle = "ถาม-ตอบ"
    static let publicIntro = "คำถามจากประชาชนและคำตอบของหน่วยงาน ค้นหาคำถามที่เคยตอบไว้แล้วก่อนส่งคำถามใหม่"
    static let askTitle = "ส่งคำถาม"
    static let askIntro =
        "คำถามจะแสดงบนเว็บไซต์หลังเจ้าหน้าที่ตรวจสอบและตอบแล้ว กรุณาอย่าใส่ข้อมูลส่วนบุคคล เช่น เลขประจำตัวประชาชน เบอร์โทรศัพท์ หรือที่อยู่ ที่อยู่ไอพีของผู้ถามไม่ถูกบันทึกไว้กับคำถาม"
    static let thanksTitle = "ได้รับคำถามแล้ว"
    static let thanksText = "ขอบคุณที่ส่งคำถาม คำถามของท่านรอเจ้าหน้าที่ตรวจสอบและตอบ เมื่อตอบแล้วจะแสดงในหน้าถาม-ตอบ"
    static let empty = "ยังไม่มีคำถามที่ตอบแล้ว"
    static func noResults(_ query: String) -> String { "ไม่พบคำถามที่มีคำว่า \"\(query)\"" }
    static let askLink = "ส่งคำถามใหม่"
    static let categoryBoxTitle = "ถาม-ตอบ"
    static let categoryBoxText = "มีข้อสงสัยเกี่ยวกับบริการของหน่วยงาน ดูคำถามที่ตอบแล้วหรือส่งคำถามถึงเจ้าหน้าที่"

    // Staff
    static let navTitle = "ถาม-ตอบ (รอตรวจ)"
    static let queueTitle = "คำถามจากประชาชน"
    static let pendingCount = "คำถามรอตรวจและตอบ"
    static let editTitle = "ตรวจและตอบคำถาม"
    static func tab(_ state: QuestionState) -> String {
        switch state {
        case .pending: "รอตรวจ"
        case .published: "เผยแพร่แล้ว"
        case .rejected: "ไม่เผยแพร่"
        }
    }
    static func sourceName(_ source: QuestionSource) -> String {
        switch source {
        case .web: "แบบฟอร์มบนเว็บไซต์"
        case .api: "API"
        case .eservice: "คำตอบคำร้อง e-Service"
        }
    }
    static func queueEmpty(_ state: QuestionState) -> String { "ไม่มีคำถามในสถานะ\(tab(state))" }
    static let saved = "บันทึกคำถามและคำตอบแล้ว"
    static let published = "เผยแพร่คำถามและคำตอบแล้ว"
    static let unpublished = "ยกเลิกการเผยแพร่แล้ว คำถามกลับไปรอตรวจ"
    static let rejected = "ปฏิเสธคำถามแล้ว คำถามจะไม่แสดงบนเว็บไซต์"

    // Fields and messages, each naming its field.
    static let fieldSubject = "หัวข้อคำถาม"
    static let fieldMessage = "รายละเอียดคำถาม"
    static let fieldName = "ชื่อผู้ถาม"
    static let fieldAnswer = "คำตอบ"
    static func required(_ field: String) -> String { "กรุณากรอก\(field)" }
    static func tooLong(_ field: String, _ limit: Int) -> String { "\(field)ยาวเกิน \(limit) ตัวอักษร" }
    static func controlCharacters(_ field: String) -> String { "\(field)มีอักขระควบคุมที่ใช้ไม่ได้" }
    static func lineBreak(_ field: String) -> String { "\(field)ต้องเป็นข้อความบรรทัดเดียว ไม่มีอักขระควบคุม" }
    static let duplicate = "ได้รับคำถามนี้ไว้แล้ว (คำถามเดียวกันภายใน 30 วัน) ไม่ต้องส่งซ้ำ เจ้าหน้าที่จะตอบและแสดงในหน้าถาม-ตอบ"
    static let formExpired = "แบบฟอร์มนี้เปิดไว้นานเกินไป ข้อความที่กรอกยังอยู่ครบ กรุณากดส่งอีกครั้ง"
    static let formResend = "ระบบยังไม่ได้รับคำถาม เพราะแบบฟอร์มเปิดไว้ก่อนระบบเปลี่ยนกุญแจรักษาความปลอดภัย ข้อความที่กรอกยังอยู่ครบ กรุณากดส่งอีกครั้ง"
    static let answerRequired = "ต้องเขียนคำตอบก่อนเผยแพร่"
    static let duplicateTitle = "คำถามซ้ำ"

    /// The message for a problem with one field's text.
    static func message(_ problem: TypedText.Problem, field: String, multiline: Bool) -> String {
        switch problem {
        case .empty: required(field)
        case .tooLong(let limit): tooLong(field, limit)
        case .controlCharacters: multiline ? controlCharacters(field) : lineBreak(field)
        }
    }
}
