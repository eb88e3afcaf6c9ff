/// Thai-first text of the operations feature (traffic-log export, backups, clock).
enum OperationsText {
    static let trafficTitle = "บันทึกการจราจรทางคอมพิวเตอร์"
    static let navTraffic = "บันทึกการจราจร"
    static let rangeInvalid = "กรุณาระบุช่วงวันที่ให้ถูกต้อง (วันเริ่มต้นต้องไม่หลังวันสิ้นสุด และไม่เกิน ๓๖๖ วัน)"
    static let fromInvalid = "กรุณาระบุวันเริ่มต้นเป็นวันที่ เช่น 2026-02-01"
    static let toInvalid = "กรุณาระบุวันสิ้นสุดเป็นวันที่ เช่น 2026-02-09"
    static let nothingInRange = "ไม่มีบันทึกการจราจรในช่วงวันที่ที่เลือก"
    /// `logged`: the first and last day there is a log of, if any.
    static func nothingInRange(logged: ClosedRange<String>?) -> String {
        guard let logged else { return nothingInRange + " และยังไม่มีบันทึกของวันใดเลย" }
        return nothingInRange + " มีบันทึกตั้งแต่วันที่ \(logged.lowerBound) ถึง \(logged.upperBound)"
    }

    static let clockUnsynchronised =
        "นาฬิกาของเครื่องแม่ข่ายยังไม่ได้ตั้งให้ตรงกับแหล่งเวลามาตรฐาน (NTP) เวลาในบันทึกการจราจรทางคอมพิวเตอร์อาจคลาดเคลื่อน ประกาศกระทรวงฯ ตาม พ.ร.บ.ว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์ กำหนดให้ตั้งนาฬิกาให้ตรงกับเวลาอ้างอิงสากล กรุณาให้ผู้ดูแลเครื่องเปิดใช้ chrony หรือ systemd-timesyncd"
    static let clockUnknown = "ตรวจสอบไม่ได้ว่านาฬิกาของเครื่องแม่ข่ายตั้งให้ตรงกับแหล่งเวลามาตรฐาน (NTP) หรือไม่ กรุณาให้ผู้ดูแลเครื่องตรวจสอบ"

    static let logsIntact = "บันทึกการจราจรครบถ้วน ตรวจแล้ว"
    static func logsBroken(day: String, reason: String) -> String { "พบความผิดปกติของบันทึกวันที่ \(day): \(reason)" }

    // Backup and restore: each message is followed by its English form (Backup.Problem).
    static let backupNotABackup = "ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของประกาศ"
    static let backupNotGzipDetail = "it is neither a gzip file nor a tar archive (ไม่ใช่ไฟล์ gzip หรือ tar)"
    static let backupDamaged = "ไฟล์สำรองข้อมูลเสียหายหรือถูกแก้ไข ไม่ได้กู้คืนสิ่งใด"
    static let backupNewerSchema = "ไฟล์สำรองข้อมูลนี้ทำจากประกาศรุ่นที่ใหม่กว่า กรุณาปรับรุ่นโปรแกรมก่อนกู้คืน"
    static func backupNotEmpty(_ path: String) -> String { "โฟลเดอร์ข้อมูล \(path) มีข้อมูลอยู่แล้ว กรุณากู้คืนลงโฟลเดอร์ว่าง หรือใช้ --force เพื่อแทนที่" }
    static func twoFactorSecretsUnopenable(_ count: Int) -> String {
        "รหัสลับการยืนยันตัวตนสองขั้นตอน \(count) รายการเปิดด้วยกุญแจของเครื่องนี้ไม่ได้ กรุณานำกุญแจที่เก็บไว้ (2fa.key หรือ PRAKAT_2FA_KEY) มาใส่ก่อนเปิดเซิร์ฟเวอร์ มิฉะนั้นผู้ดูแลระบบต้องรีเซ็ตการยืนยันตัวตนสองขั้นตอนของผู้ใช้เหล่านั้น"
    }
    static func backupOutputUnwritable(_ path: String) -> String {
        "เขียนไฟล์สำรองข้อมูลลงใน \(path) ไม่ได้ (ไม่มีโฟลเดอร์นี้ หรือไม่มีสิทธิ์เขียน) กรุณาสร้างโฟลเดอร์หรือเลือกที่อื่น"
    }
    static func backupServerRunning(_ path: String) -> String {
        "เซิร์ฟเวอร์ Prakat กำลังทำงานอยู่บนโฟลเดอร์ข้อมูล \(path) กรุณาหยุดเซิร์ฟเวอร์ก่อน (systemctl stop prakat) แล้วกู้คืนอีกครั้ง"
    }
    static let backupWrongDatabase = "ชนิดฐานข้อมูลของไฟล์สำรองไม่ตรงกับที่ตั้งค่าไว้"
    static func backupNoSpace(needed: Int, available: Int) -> String {
        "พื้นที่ว่างบนดิสก์ไม่พอ ต้องใช้ \(needed) ไบต์ แต่มีเพียง \(available) ไบต์"
    }
    static func backupFileChanged(_ name: String) -> String { "ไฟล์ \(name) ถูกเขียนทับระหว่างสำรองข้อมูล กรุณาสำรองข้อมูลใหม่อีกครั้ง" }
    static let backupUnreadable = "อ่านไฟล์สำรองข้อมูลไม่ได้"
    static let backupRestoreFailed = "กู้คืนไม่สำเร็จ โฟลเดอร์ข้อมูลยังคงเหมือนเดิม"
}
