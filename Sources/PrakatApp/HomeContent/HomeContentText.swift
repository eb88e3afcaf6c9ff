/// Thai text of the home page's banners, quick links and executives. English can follow by adding a sibling table.
enum HomeContentText {
    static let overviewTitle = "จัดการหน้าแรก"
    static let navTitle = "หน้าแรกของเว็บไซต์"
    static let intro = "ป้ายประกาศ ลิงก์บริการ และผู้บริหารที่แสดงบนหน้าแรก แต่ละรายการแสดงตามช่วงเวลาที่กำหนดเหมือนการเผยแพร่ข้อมูล และบันทึกในประวัติการใช้งานทุกครั้งที่เปลี่ยน"

    static func sectionTitle(_ kind: HomeEntryKind) -> String {
        switch kind {
        case .banner: "ป้ายประกาศ (แบนเนอร์)"
        case .quickLink: "ลิงก์บริการด่วน"
        case .executive: "ผู้บริหาร"
        }
    }

    static func addTitle(_ kind: HomeEntryKind) -> String {
        switch kind {
        case .banner: "เพิ่มป้ายประกาศ"
        case .quickLink: "เพิ่มลิงก์บริการ"
        case .executive: "เพิ่มผู้บริหาร"
        }
    }

    static func editTitle(_ kind: HomeEntryKind) -> String {
        switch kind {
        case .banner: "แก้ไขป้ายประกาศ"
        case .quickLink: "แก้ไขลิงก์บริการ"
        case .executive: "แก้ไขข้อมูลผู้บริหาร"
        }
    }

    static func empty(_ kind: HomeEntryKind) -> String {
        switch kind {
        case .banner: "ยังไม่มีป้ายประกาศ"
        case .quickLink: "ยังไม่มีลิงก์บริการ"
        case .executive: "ยังไม่มีข้อมูลผู้บริหาร"
        }
    }

    // Public home page headings.
    static let bannersLabel = "ประกาศเด่น"
    static let quickLinksLabel = "บริการและข้อมูลสำคัญ"
    static let executivesHeading = "ผู้บริหาร"

    // Messages, each naming its field.
    static let saved = "บันทึกรายการในหน้าแรกแล้ว"
    static let removed = "นำรายการออกจากหน้าแรกแล้ว"
    static let moved = "เปลี่ยนลำดับแล้ว"
    static let imageRequired = "กรุณาเลือกไฟล์ภาพของป้ายประกาศ (PNG หรือ JPEG)"
    static let imageTooLarge = "ไฟล์ภาพมีขนาดเกิน 4 MB"
    static let imageEmpty = "ไฟล์ภาพว่างเปล่า"
    static let imageWrongKind = "ไฟล์ภาพต้องเป็น PNG หรือ JPEG"
    static func imageRefused(_ reason: String) -> String { "ไฟล์ภาพใช้ไม่ได้: \(reason)" }
    static let altRequired = "กรุณาใส่คำอธิบายภาพ (ข้อความแทนภาพ) สำหรับผู้ที่มองไม่เห็นภาพ เช่น \"เชิญชวนฉีดวัคซีนไข้หวัดใหญ่ ฟรี ที่ รพ.สต. ทุกแห่ง\""
    static let labelRequired = "กรุณากรอกข้อความของลิงก์"
    static let nameRequired = "กรุณากรอกชื่อผู้บริหาร"
    static let positionRequired = "กรุณากรอกตำแหน่งของผู้บริหาร"
    static let linkRequired = "กรุณากรอกลิงก์"
    static let linkInvalid = "ลิงก์ต้องขึ้นต้นด้วย https:// หรือ http:// หรือเป็นหน้าในเว็บไซต์นี้ที่ขึ้นต้นด้วย / เช่น /c/e-service"
    static func tooLong(_ field: String, _ limit: Int) -> String { "\(field)ยาวเกิน \(limit) ตัวอักษร" }
    static func controlCharacters(_ field: String) -> String { "\(field)มีอักขระที่ใช้ไม่ได้" }
    static let startsAtInvalid = "วันเวลาเริ่มแสดงไม่ถูกต้อง"
    static let endsAtInvalid = "วันเวลาสิ้นสุดไม่ถูกต้อง"
    static let endBeforeStart = "วันเวลาสิ้นสุดต้องอยู่หลังวันเวลาเริ่มแสดง"
    static let chooseImageAgain = "ข้อมูลยังไม่ถูกบันทึก กรุณาแก้ไขตามที่แจ้งและเลือกไฟล์ภาพอีกครั้ง"

    static let fieldTitle = "ข้อความ"
    static let fieldName = "ชื่อ"
    static let fieldPosition = "ตำแหน่ง"
    static let fieldAlt = "คำอธิบายภาพ"
    static let fieldLink = "ลิงก์"

    // Period status on the staff list.
    static let statusLive = "แสดงอยู่"
    static let statusScheduled = "ตั้งเวลาแสดง"
    static let statusEnded = "สิ้นสุดแล้ว (ไม่แสดง)"

    /// Quick links every install starts with: pages that exist on every Prakat site.
    static let defaultQuickLinks: [(label: String, path: String)] = [
        ("บริการออนไลน์ (e-Service)", "/c/e-service"),
        ("ข้อมูลข่าวสารตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ", "/c/official-information"),
        ("คู่มือประชาชนและแบบฟอร์ม", "/c/citizen-manuals"),
        ("สถิติผู้เข้าชมและความพึงพอใจ", "/c/statistics-satisfaction")
    ]
}
