import PrakatCore

/// Thai text of the Accounts feature.
enum AccountsText {
    static let loginTitle = "เข้าสู่ระบบสำหรับเจ้าหน้าที่"
    static let loginFailed = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    /// Same words whether the name exists or not, and whether the account or the address is locked.
    static let lockedOut = "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป ระบบระงับการเข้าสู่ระบบชั่วคราว กรุณารอ 15 นาทีแล้วลองใหม่ หรือติดต่อผู้ดูแลระบบ"
    static let usernameRequired = "กรุณากรอกชื่อผู้ใช้"
    static let passwordRequired = "กรุณากรอกรหัสผ่าน"
    static let loggedOut = "ออกจากระบบแล้ว"
    static let welcome = "เข้าสู่ระบบเรียบร้อย"

    static let passwordChangeTitle = "เปลี่ยนรหัสผ่าน"
    static let passwordChangeForced = "รหัสผ่านนี้ถูกกำหนดโดยผู้ดูแลระบบ กรุณาตั้งรหัสผ่านใหม่ของท่านเองก่อนใช้งาน"
    static let currentPasswordWrong = "รหัสผ่านปัจจุบันไม่ถูกต้อง"
    static let passwordsDoNotMatch = "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"
    static let passwordChanged = "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว"

    static func describe(_ violation: PasswordPolicy.Violation) -> String {
        switch violation {
        case .tooShort(let minimum): "รหัสผ่านต้องมีอย่างน้อย \(minimum) ตัวอักษร"
        case .tooLong(let maximum): "รหัสผ่านยาวเกิน \(maximum) ไบต์ (อักษรไทยหนึ่งตัวใช้ 3 ไบต์)"
        case .controlCharacters: "รหัสผ่านมีอักขระควบคุมที่พิมพ์ไม่ได้"
        case .sameAsUsername: "รหัสผ่านต้องไม่เหมือนชื่อผู้ใช้"
        case .unchanged: "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม"
        }
    }

    static let staffHomeTitle = "หน้าหลักเจ้าหน้าที่"

    // Administration
    static let adminTitle = "ผู้ดูแลระบบ"
    // Short names in the staff navigation
    static let navOverview = "ภาพรวม"
    static let navAudit = "บันทึกการใช้งาน"
    static let navSecurity = "ความปลอดภัย"
    static let unitsTitle = "หน่วยงานภายใน"
    static let newUnitTitle = "เพิ่มหน่วยงานภายใน"
    static let editUnitTitle = "แก้ไขหน่วยงานภายใน"
    static let usersTitle = "ผู้ใช้งาน"
    static let newUserTitle = "เพิ่มผู้ใช้งาน"
    static let editUserTitle = "แก้ไขผู้ใช้งาน"
    static let auditTitle = "บันทึกการใช้งาน (Audit trail)"

    static let slugRequired = "กรุณากรอกรหัสหน่วยงาน (ภาษาอังกฤษตัวเล็ก ตัวเลข หรือขีดกลาง)"
    static let slugInvalid = "รหัสหน่วยงานใช้ได้เฉพาะ a–z ตัวเลข และขีดกลาง ยาวไม่เกิน 60 ตัว"
    static let slugTaken = "รหัสหน่วยงานนี้มีอยู่แล้ว"
    static let unitNameRequired = "กรุณากรอกชื่อหน่วยงานภาษาไทย"
    static let unitHeadUnknown = "ไม่พบผู้ใช้ที่เลือกเป็นหัวหน้า"
    static let unitHeadNotHead = "ผู้ที่เลือกเป็นหัวหน้าต้องมีบทบาท \"หัวหน้ากลุ่มงาน\""
    static let unitHeadInactive = "ผู้ที่เลือกเป็นหัวหน้าถูกระงับการใช้งานอยู่"
    static let unitHeadMissing = "หน่วยงานนี้ยังไม่มีหัวหน้า จึงยังไม่มีผู้อนุมัติคำขอเผยแพร่ของหน่วยงาน"
    static let unitCreated = "เพิ่มหน่วยงานเรียบร้อยแล้ว"
    static let unitUpdated = "บันทึกหน่วยงานเรียบร้อยแล้ว"

    static let controlCharacters = "มีอักขระควบคุมที่พิมพ์ไม่ได้ กรุณาพิมพ์ใหม่"
    static let usernameInvalid = "ชื่อผู้ใช้ใช้ได้เฉพาะ a–z ตัวเลข จุด ขีดกลาง และขีดล่าง ยาว 3–40 ตัว"
    static let usernameTaken = "ชื่อผู้ใช้นี้มีผู้ใช้แล้ว"
    static let displayNameRequired = "กรุณากรอกชื่อ–นามสกุล"
    static let positionRequired = "กรุณากรอกตำแหน่ง"
    static let unitRequired = "กรุณาเลือกหน่วยงาน"
    static let unitUnknown = "ไม่พบหน่วยงานที่เลือก"
    static let rolesRequired = "กรุณาเลือกบทบาทอย่างน้อยหนึ่งบทบาท"
    static func rolesUnknown(_ names: [String]) -> String {
        "ไม่รู้จักบทบาท: \(names.joined(separator: ", ")) (บทบาทที่ใช้ได้: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))"
    }
    static let userCreated = "เพิ่มผู้ใช้งานเรียบร้อยแล้ว ผู้ใช้ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งแรก"
    static let userUpdated = "บันทึกผู้ใช้งานเรียบร้อยแล้ว"
    static let cannotRemoveOwnAdmin = "ไม่สามารถถอดบทบาทผู้ดูแลระบบหรือระงับบัญชีของตนเองได้"
    static let lastAdministrator = "ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งคน"
    static let webmasterShortage = "seed 1 ข้อ ๓.๑: ควรมีผู้ดูแลเว็บไซต์อย่างน้อย ๒ คน เพื่อทำงานทดแทนกันได้"
}

/// Two-factor sign-in, sessions and security settings (issue 4).
extension AccountsText {
    static let twoFactorTitle = "การยืนยันตัวตนสองขั้นตอน"
    static let twoFactorLoginTitle = "กรอกรหัสยืนยันตัวตน"
    static let twoFactorQRLabel = "คิวอาร์โค้ดสำหรับเพิ่มบัญชีในแอปยืนยันตัวตน"
    static let twoFactorCodeRequired = "กรุณากรอกรหัส 6 หลักจากแอปยืนยันตัวตน หรือรหัสสำรอง"
    static let twoFactorCodeWrong = "รหัสไม่ถูกต้อง หมดอายุ หรือถูกใช้ไปแล้ว กรุณากรอกรหัสล่าสุดจากแอป (รหัสเปลี่ยนทุก 30 วินาที)"
    static let twoFactorChallengeExpired = "หมดเวลากรอกรหัสยืนยันตัวตน กรุณาเข้าสู่ระบบใหม่อีกครั้ง"
    static let otpRequired = "บัญชีนี้ใช้การยืนยันตัวตนสองขั้นตอน กรุณาส่งรหัส 6 หลักจากแอป (หรือรหัสสำรอง) ในช่อง otp"
    static let twoFactorDisabled = "ปิดการยืนยันตัวตนสองขั้นตอนแล้ว"
    static let twoFactorCannotDisable = "หน่วยงานกำหนดให้ผู้ดูแลระบบและผู้ดูแลเว็บไซต์ต้องใช้การยืนยันตัวตนสองขั้นตอน จึงปิดไม่ได้"

    static let twoFactorReset = "ยกเลิกการยืนยันตัวตนสองขั้นตอนของผู้ใช้นี้แล้ว ผู้ใช้ต้องตั้งค่าใหม่"

    static let sessionsTitle = "อุปกรณ์ที่เข้าสู่ระบบอยู่"
    static let sessionEnded = "ออกจากระบบบนอุปกรณ์นั้นแล้ว"
    static let sessionIsCurrent = "นี่คืออุปกรณ์ที่ท่านใช้อยู่ หากต้องการออกจากระบบ กรุณากดปุ่ม \"ออกจากระบบ\""
    static func sessionsEnded(_ count: Int) -> String { "ออกจากระบบบนอุปกรณ์อื่นแล้ว \(count) รายการ" }

    static let securityTitle = "ความปลอดภัยของการเข้าสู่ระบบ"
    static let securitySaved = "บันทึกการตั้งค่าความปลอดภัยแล้ว"
}
