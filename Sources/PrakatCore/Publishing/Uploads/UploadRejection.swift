/// Why an attachment was refused. Each case is one thing the clerk can fix, and
/// `thaiMessage` says what to do (PRODUCT: "a rejected file gets a clear Thai message").
///
/// Names carried by the archive cases come from inside the archive, so they are made
/// printable before they get here (control and bidi characters shown as U+FFFD, long names cut).
public enum UploadRejection: Error, Sendable, Equatable {
    /// Zero bytes.
    case empty
    /// Larger than the policy's `maxBytes` (the limit, in bytes).
    case tooLarge(limit: Int)
    /// Nothing usable is left of the name once sanitised.
    case missingName
    /// The name has no extension to tell the type by.
    case missingExtension
    /// The extension (lowercase, without the dot) is not one the policy allows.
    case extensionNotAllowed(String)
    /// The content is not what the extension (lowercase, without the dot) says.
    case contentMismatch(declared: String)
    /// The content is a program or script, whatever its name.
    case executable
    /// The start is right but the end is missing: a cut-off download or copy.
    case truncated
    /// The structure inside is broken.
    case damaged
    /// A Word or Excel file protected with a password to open.
    case encryptedDocument
    /// A Word or Excel file that carries VBA macros (see `UploadPolicy.rejectMacros`).
    case containsMacros
    /// An archive whose list of entries cannot be read with confidence.
    case archiveUnreadable
    /// An archive with password-protected entries: nothing inside can be checked.
    case encryptedArchive
    /// An archive holding a program or script (the entry's name).
    case executableInArchive(String)
    /// An archive holding another archive, whose content would go unchecked (the entry's name).
    case nestedArchive(String)
    /// An archive entry whose name could write outside the folder it is unpacked into, or
    /// hides its real name (the entry's name).
    case unsafeArchiveEntry(String)
    /// More entries than the policy's `maxArchiveEntries` (the limit).
    case tooManyEntries(limit: Int)
    /// Declared to unpack to far more than it is, or more than the policy allows in total.
    case archiveBomb

    /// A sentence for the clerk: what is wrong and what to do. Never shows file bytes.
    public var thaiMessage: String {
        switch self {
        case .empty:
            "ไฟล์นี้ว่างเปล่า ไม่มีข้อมูลอยู่ภายใน กรุณาตรวจสอบว่าเลือกไฟล์ถูกต้อง แล้วแนบใหม่อีกครั้ง"
        case let .tooLarge(limit):
            "ไฟล์มีขนาดเกิน \(Self.thaiSize(limit)) ตามที่ระบบกำหนด กรุณาลดขนาดไฟล์ (เช่น ย่อรูปภาพหรือแยกเป็นหลายไฟล์) แล้วแนบใหม่"
        case .missingName:
            "ชื่อไฟล์ใช้ไม่ได้ กรุณาเปลี่ยนชื่อไฟล์ให้มีตัวอักษรหรือตัวเลข พร้อมนามสกุล (เช่น รายงาน.pdf) แล้วแนบใหม่"
        case .missingExtension:
            "ชื่อไฟล์ไม่มีนามสกุล ระบบจึงไม่ทราบชนิดของไฟล์ กรุณาเปลี่ยนชื่อให้มีนามสกุลตามชนิดของไฟล์ (เช่น .pdf .docx .jpg) แล้วแนบใหม่"
        case let .extensionNotAllowed(ext):
            "ระบบไม่รับไฟล์นามสกุล .\(ext) กรุณาแปลงเป็นไฟล์ชนิดที่ระบบรับ (เช่น PDF, Word, Excel, JPG, PNG, ZIP หรือ RAR) แล้วแนบใหม่"
        case let .contentMismatch(declared):
            "เนื้อหาของไฟล์ไม่ใช่ไฟล์ .\(declared) ตามนามสกุลที่ตั้งไว้ (อาจถูกเปลี่ยนนามสกุลภายหลัง) กรุณาเปิดไฟล์ด้วยโปรแกรมต้นฉบับ แล้วบันทึกเป็นชนิดที่ถูกต้องก่อนแนบใหม่"
        case .executable:
            "ไฟล์นี้เป็นโปรแกรมหรือสคริปต์ที่สั่งทำงานได้ ซึ่งไม่อนุญาตให้แนบเพื่อความปลอดภัยของผู้ดาวน์โหลด กรุณาแนบเฉพาะเอกสาร รูปภาพ หรือไฟล์บีบอัดของเอกสาร"
        case .truncated:
            "ไฟล์ไม่สมบูรณ์ ข้อมูลส่วนท้ายขาดหายไป (อาจดาวน์โหลดหรือคัดลอกมาไม่ครบ) กรุณาเปิดตรวจสอบไฟล์ต้นฉบับ แล้วแนบใหม่อีกครั้ง"
        case .damaged:
            "ไฟล์เสียหาย ระบบอ่านโครงสร้างของไฟล์ไม่ได้ กรุณาเปิดไฟล์ด้วยโปรแกรมต้นฉบับ บันทึกเป็นไฟล์ใหม่ แล้วแนบอีกครั้ง"
        case .encryptedDocument:
            "ไฟล์นี้ตั้งรหัสผ่านไว้ ประชาชนจะเปิดอ่านไม่ได้ กรุณายกเลิกรหัสผ่านในโปรแกรม Word หรือ Excel แล้วบันทึกใหม่ก่อนแนบ"
        case .containsMacros:
            "ไฟล์นี้มีมาโคร (Macro) ซึ่งอาจเป็นอันตรายต่อผู้ดาวน์โหลด กรุณาบันทึกเป็นไฟล์แบบไม่มีมาโคร หรือแปลงเป็น PDF แล้วแนบใหม่"
        case .archiveUnreadable:
            "ระบบอ่านรายการไฟล์ภายในไฟล์บีบอัดไม่ได้ (ไฟล์อาจเสียหาย หรือใช้รูปแบบที่ไม่รองรับ) กรุณาบีบอัดใหม่เป็น ZIP แบบปกติ แล้วแนบอีกครั้ง"
        case .encryptedArchive:
            "ไฟล์บีบอัดนี้ตั้งรหัสผ่านไว้ ระบบตรวจสอบไฟล์ภายในไม่ได้และประชาชนจะเปิดไม่ได้ กรุณาบีบอัดใหม่โดยไม่ตั้งรหัสผ่าน แล้วแนบอีกครั้ง"
        case let .executableInArchive(name):
            "ในไฟล์บีบอัดมีไฟล์โปรแกรมหรือสคริปต์ “\(name)” ซึ่งไม่อนุญาตให้แนบ กรุณานำไฟล์นี้ออก แล้วบีบอัดใหม่ก่อนแนบ"
        case let .nestedArchive(name):
            "ในไฟล์บีบอัดมีไฟล์บีบอัดซ้อนอยู่ “\(name)” ซึ่งระบบตรวจสอบภายในไม่ได้ กรุณาแตกไฟล์นั้นออกก่อน แล้วบีบอัดใหม่เป็นไฟล์เดียว"
        case let .unsafeArchiveEntry(name):
            "ในไฟล์บีบอัดมีรายการที่ชื่อหรือตำแหน่งไม่ปลอดภัย “\(name)” กรุณาบีบอัดใหม่จากโฟลเดอร์ในเครื่องตามปกติ แล้วแนบอีกครั้ง"
        case let .tooManyEntries(limit):
            "ไฟล์บีบอัดมีไฟล์ภายในเกิน \(Self.thaiCount(limit)) รายการ กรุณาแบ่งเป็นหลายไฟล์บีบอัด หรือลดจำนวนไฟล์ แล้วแนบใหม่"
        case .archiveBomb:
            "ไฟล์บีบอัดนี้เมื่อแตกออกจะมีขนาดใหญ่ผิดปกติ ซึ่งอาจเป็นอันตรายต่อเครื่องของผู้ดาวน์โหลด กรุณาตรวจสอบไฟล์ภายใน แล้วบีบอัดใหม่"
        }
    }

    /// "๔ MB", "๕๑๒ KB" or "๑,๐๐๐ ไบต์": whole units only, in Thai digits as on the A4 forms.
    static func thaiSize(_ bytes: Int) -> String {
        let mb = 1024 * 1024
        if bytes >= mb, bytes % mb == 0 { return "\(thaiCount(bytes / mb)) MB" }
        if bytes >= 1024, bytes % 1024 == 0 { return "\(thaiCount(bytes / 1024)) KB" }
        return "\(thaiCount(bytes)) ไบต์"
    }

    /// `n` with thousands separators, in Thai digits.
    static func thaiCount(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return ThaiDigits.toThai(n < 0 ? "-" + grouped : grouped)
    }
}
