/// Thai strings shared by every feature: error pages and generic messages.
enum SupportText {
    static let validationTitle = "ข้อมูลไม่ถูกต้อง"
    static let badRequestTitle = "คำขอไม่ถูกต้อง"
    static let malformedJSON = "รูปแบบ JSON ไม่ถูกต้อง กรุณาตรวจสอบเครื่องหมายวงเล็บ เครื่องหมายคำพูด และจุลภาค"
    static let malformedForm = "ไม่สามารถอ่านข้อมูลที่ส่งมาได้ กรุณาลองใหม่อีกครั้ง"
    static let incompleteBody = "ข้อมูลที่ส่งมาไม่ครบหรือขาดตอน กรุณาส่งใหม่อีกครั้ง"
    static let notFoundTitle = "ไม่พบหน้าที่ต้องการ"
    static let notFoundDetail = "หน้านี้อาจถูกย้าย ถูกนำออก หรือพิมพ์ที่อยู่ไม่ถูกต้อง"
    static let forbiddenTitle = "ไม่มีสิทธิ์เข้าถึง"
    static let forbiddenDetail = "บัญชีของท่านไม่มีสิทธิ์ใช้งานส่วนนี้ หากคิดว่าเป็นความผิดพลาด กรุณาติดต่อผู้ดูแลระบบ"
    static let unauthorizedTitle = "กรุณาเข้าสู่ระบบ"
    static let unauthorizedDetail = "ต้องเข้าสู่ระบบหรือส่งโทเคนที่ยังไม่หมดอายุ"
    static let queryValueOnce = "ระบุค่านี้ได้ครั้งเดียวและต้องไม่ว่าง"
    static let conflictTitle = "สถานะของรายการเปลี่ยนไปแล้ว"
    static let tooLargeTitle = "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด"
    static func tooLargeDetail(limitBytes: Int) -> String {
        "ขนาดสูงสุดที่รับได้คือ \(ByteText.describe(limitBytes)) กรุณาลดขนาดไฟล์แล้วส่งใหม่"
    }
    static let badMultipartTitle = "แบบฟอร์มที่ส่งมาไม่ถูกต้อง"
    static let badMultipartBoundary = "ส่วนหัว Content-Type ของแบบฟอร์มแนบไฟล์ไม่มีตัวคั่น (boundary) ที่ถูกต้อง กรุณาส่งแบบฟอร์มจากหน้าเว็บอีกครั้ง"
    static let badMultipartBody = "ส่วนหัวของข้อมูลในแบบฟอร์มแนบไฟล์มีอักขระที่ไม่อนุญาตหรือรูปแบบไม่ถูกต้อง กรุณาส่งแบบฟอร์มจากหน้าเว็บอีกครั้ง"
    static let unsupportedMediaTitle = "ประเภทข้อมูลไม่รองรับ"
    static let serverErrorTitle = "ระบบขัดข้องชั่วคราว"
    static let serverErrorDetail = "เกิดข้อผิดพลาดภายในระบบ ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย กรุณาลองใหม่อีกครั้งในภายหลัง หากยังพบปัญหา กรุณาแจ้งผู้ดูแลระบบพร้อมเวลาที่เกิดเหตุ"
    static let methodNotAllowedTitle = "ไม่รองรับวิธีการเรียกนี้"
    static func methodNotAllowedDetail(_ allowed: String) -> String { "ที่อยู่นี้รับเฉพาะ \(allowed)" }
    static let csrfTitle = "แบบฟอร์มหมดอายุหรือไม่ถูกต้อง"
    static let csrfDetail = "เพื่อความปลอดภัย ระบบไม่รับแบบฟอร์มนี้ กรุณาโหลดหน้าใหม่แล้วส่งอีกครั้ง"
    static let pdfBusyTitle = "ระบบกำลังสร้าง PDF ให้ผู้อื่นอยู่"
    static let pdfBusyDetail = "ขณะนี้มีคำขอสร้างไฟล์ PDF จำนวนมาก กรุณาลองใหม่อีกครั้งในอีกสักครู่ หรือใช้หน้าสำหรับพิมพ์ แล้วเลือก “บันทึกเป็น PDF” จากเบราว์เซอร์"
    static let pdfPreparingTitle = "กำลังจัดทำไฟล์ PDF ของเอกสารนี้"
    static let pdfPreparingDetail = "ไฟล์ PDF ฉบับล่าสุดของเอกสารนี้อยู่ในคิวการจัดทำ กรุณาลองใหม่อีกครั้งในอีกสักครู่ หรือใช้หน้าสำหรับพิมพ์ แล้วเลือก “บันทึกเป็น PDF” จากเบราว์เซอร์"
    /// Issue 15 §5: the form is shown again with what was typed.
    static let formKeptAfterCSRF = "แบบฟอร์มหมดอายุ ระบบยังไม่ได้บันทึกข้อมูล ข้อความที่พิมพ์ไว้ยังอยู่ครบ กรุณาตรวจทานแล้วกดส่งอีกครั้ง"
    static let formKeptAfterSessionExpired = "หมดเวลาการเข้าสู่ระบบ ระบบยังไม่ได้บันทึกข้อมูล ข้อความที่พิมพ์ไว้ยังอยู่ในหน้านี้ กรุณาเข้าสู่ระบบอีกครั้งในแท็บใหม่ (เปิดหน้า /login) แล้วกลับมากดส่งอีกครั้ง"
    static let passwordChangeRequiredTitle = "ต้องเปลี่ยนรหัสผ่านก่อนใช้งาน"
    static let passwordChangeRequiredDetail = "รหัสผ่านนี้ถูกกำหนดโดยผู้อื่น กรุณาเปลี่ยนรหัสผ่านผ่าน POST /api/v1/me/password ก่อน"
    static let tooManyRequestsTitle = "มีการเรียกใช้งานถี่เกินไป"
    static func rateLimitedDetail(retryAfter seconds: Int) -> String {
        "ระบบได้รับคำขอจากที่อยู่ของท่านถี่เกินกำหนด กรุณารอประมาณ \(seconds) วินาทีแล้วลองใหม่"
    }
    static let twoFactorRequiredTitle = "ต้องเปิดใช้การยืนยันตัวตนสองขั้นตอนก่อน"
    static let twoFactorRequiredDetail = "หน่วยงานกำหนดให้ผู้ดูแลระบบและผู้ดูแลเว็บไซต์ใช้การยืนยันตัวตนสองขั้นตอน กรุณาเปิดใช้ที่หน้า /account/two-factor ก่อน"
    static let backHome = "กลับหน้าแรก"

    // The staff shell
    static let staffArea = "ระบบงานเจ้าหน้าที่"
    static let staffMenu = "เมนู"
    static let staffMenuLabel = "เมนูเจ้าหน้าที่"
    static let breadcrumbLabel = "ตำแหน่งของหน้า"
    static let publicSiteLink = "ดูเว็บไซต์"
    static let signedInAs = "ผู้ใช้งาน"
    static let skipToContent = "ข้ามไปยังเนื้อหาหลัก"
    static let signOut = "ออกจากระบบ"
    static let today = "วันนี้"
    static let navAdministration = "ผู้ดูแลระบบ"
    static let navAccount = "บัญชีของฉัน"
    static let signIn = "เข้าสู่ระบบ"
}

enum ByteText {
    /// "4 MB", "512 KB" — the units people see in Windows Explorer.
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1_048_576, bytes % 1_048_576 == 0 { return "\(bytes / 1_048_576) MB" }
        if bytes >= 1_048_576 { return String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        if bytes >= 1024 { return "\(bytes / 1024) KB" }
        return "\(bytes) ไบต์"
    }
}
