/// Thai text of the agency profile and first-run setup. English can follow by adding a sibling table.
enum AgencyText {
    /// What the site calls itself before an administrator has given the agency's Thai name.
    static let beingSetUpName = "เว็บไซต์อยู่ระหว่างการจัดตั้ง"
    static let beingSetUpNotice = "เว็บไซต์นี้อยู่ระหว่างการจัดตั้ง ข้อมูลของหน่วยงานจะแสดงเมื่อผู้ดูแลระบบตั้งค่าเสร็จ"
    static let agencyWord = "หน่วยงาน"

    static let setupTitle = "ข้อมูลหน่วยงาน"
    static let firstRunTitle = "ตั้งค่าเว็บไซต์ของหน่วยงาน"
    static let firstRunIntro = "กรอกข้อมูลหน่วยงานเพื่อเปิดใช้เว็บไซต์ ชื่อภาษาไทยจำเป็นต้องกรอก ส่วนอื่นเพิ่มหรือแก้ไขภายหลังได้ทุกเมื่อ"
    static let navProfile = "ข้อมูลหน่วยงาน"
    static let saved = "บันทึกข้อมูลหน่วยงานแล้ว"
    static let configuredNow = "ตั้งค่าเว็บไซต์เรียบร้อย เว็บไซต์แสดงชื่อหน่วยงานแล้ว"
    static let dashboardReminder = "เว็บไซต์ยังไม่มีชื่อหน่วยงาน ผู้เยี่ยมชมจะเห็นข้อความว่าอยู่ระหว่างการจัดตั้ง"

    // Field names, used in messages so each names its field.
    static let fieldNameTh = "ชื่อหน่วยงาน (ภาษาไทย)"
    static let fieldNameEn = "ชื่อหน่วยงาน (ภาษาอังกฤษ)"
    static let fieldShortName = "ชื่อย่อ"
    static let fieldParent = "สังกัด"
    static let fieldAddress = "ที่อยู่"
    static let fieldPhone = "โทรศัพท์"
    static let fieldFax = "โทรสาร"
    static let fieldEmail = "อีเมล"
    static let fieldOfficeHours = "เวลาทำการ"
    static let fieldMapURL = "ลิงก์แผนที่"
    static let fieldLatitude = "ละติจูด"
    static let fieldLongitude = "ลองจิจูด"
    static let fieldFacebook = "Facebook"
    static let fieldLine = "LINE"
    static let fieldYouTube = "YouTube"
    static let fieldLogo = "ตราสัญลักษณ์"
    static let fieldTheme = "สีประจำหน่วยงาน"

    static let nameRequired = "กรุณากรอกชื่อหน่วยงานภาษาไทย"
    static func tooLong(_ field: String, _ limit: Int) -> String { "\(field)ยาวเกิน \(limit) ตัวอักษร" }
    static func controlCharacters(_ field: String) -> String { "\(field)มีอักขระที่ใช้ไม่ได้" }
    static let emailInvalid = "อีเมลไม่ถูกต้อง ตัวอย่างที่ถูกต้อง: saraban@example.go.th"
    static func linkInvalid(_ field: String) -> String { "\(field) ต้องเป็นลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://" }
    static let latitudeInvalid = "ละติจูดต้องเป็นตัวเลขระหว่าง -90 ถึง 90 เช่น 13.3611"
    static let longitudeInvalid = "ลองจิจูดต้องเป็นตัวเลขระหว่าง -180 ถึง 180 เช่น 100.9847"
    static let coordinatesPaired = "กรุณากรอกทั้งละติจูดและลองจิจูด หรือเว้นว่างทั้งคู่"
    static let themeInvalid = "สีประจำหน่วยงานต้องอยู่ในรูป #RRGGBB เช่น #0B5D3B"
    static let logoTooLarge = "ตราสัญลักษณ์มีขนาดเกิน 4 MB"
    static let logoWrongKind = "ตราสัญลักษณ์ต้องเป็นไฟล์ PNG, JPEG หรือ SVG"
    static let logoEmpty = "ไฟล์ตราสัญลักษณ์ว่างเปล่า"
    static func logoRefused(_ reason: String) -> String { "ตราสัญลักษณ์ใช้ไม่ได้: \(reason)" }
    static let clearWithNull = "ค่าว่างใช้กับช่องนี้ไม่ได้ หากต้องการล้างค่าให้ส่ง null"
    static let nameCannotBeCleared = "ชื่อหน่วยงานภาษาไทยลบไม่ได้ เว็บไซต์ต้องมีชื่อหน่วยงาน"

    // The head of agency's permission step
    static let permissionTitle = "การอนุญาตของหัวหน้าส่วนราชการ"
    static let anyAgencyHead = "ผู้มีบทบาทหัวหน้าส่วนราชการ / ผู้ได้รับมอบหมายทุกคน"
    static let delegateInvalid = "ผู้ได้รับมอบหมายต้องเป็นบัญชีที่ใช้งานอยู่และมีบทบาทหัวหน้าส่วนราชการ / ผู้ได้รับมอบหมาย"
    static let permissionNeedsSetup = "กรุณาบันทึกข้อมูลหน่วยงานก่อนตั้งค่านี้"
    static let permissionSaved = "บันทึกการตั้งค่าการอนุญาตของหัวหน้าส่วนราชการแล้ว"
    static let permissionNote =
        "เมื่อเปิดใช้ คำขอที่หัวหน้ากลุ่มงานอนุมัติแล้วจะรอหัวหน้าส่วนราชการ (หรือผู้ได้รับมอบหมายที่ระบุ) อนุญาตหรือไม่อนุญาต ก่อนผู้ดูแลเว็บไซต์นำขึ้นเผยแพร่ คำขอกรณีเร่งด่วนยังนำขึ้นเผยแพร่ก่อนได้ตามเดิม เมื่อปิดใช้ คำขอที่รออยู่แล้วยังคงรอการพิจารณาจนเสร็จ"
}
