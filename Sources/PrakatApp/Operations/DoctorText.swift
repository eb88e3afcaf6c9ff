import Foundation

/// Thai text of `prakat doctor`: each finding says what was found and what to do.
enum DoctorText {
    static let title = "ตรวจสุขภาพการติดตั้ง Prakat"
    static func summary(mustFix: Int, advice: Int) -> String {
        if mustFix == 0 && advice == 0 { return "ผ่านทุกข้อ พร้อมใช้งาน" }
        if mustFix == 0 { return "ไม่มีข้อที่ต้องแก้ มีข้อแนะนำ \(advice) ข้อ" }
        return "ต้องแก้ไข \(mustFix) ข้อ (✗) และมีข้อแนะนำ \(advice) ข้อ (!) ก่อนเปิดใช้งานจริง"
    }

    static let database = "ฐานข้อมูล"
    static let databaseUnknown = "ไม่รู้จักชนิดฐานข้อมูลนี้"
    static func databaseReady(_ kind: String) -> String { "\(kind) ตอบสนองและปรับโครงสร้างครบแล้ว" }
    static func databaseUnreachable(_ error: String) -> String { "ติดต่อฐานข้อมูลไม่ได้ (\(error)) ตรวจ DATABASE_URL หรือสิทธิ์ของโฟลเดอร์ข้อมูล" }
    static func migrationsPending(_ count: Int) -> String { "ยังมีการปรับโครงสร้างฐานข้อมูลค้าง \(count) รายการ เริ่ม prakat serve หนึ่งครั้งเพื่อปรับให้เป็นปัจจุบัน" }
    static let accounts = "บัญชีผู้ดูแลระบบ"
    static let noAdministrator = "ยังไม่มีผู้ดูแลระบบ สร้างด้วยคำสั่ง prakat create-admin --username admin"
    static func administrators(_ count: Int) -> String { "มีผู้ดูแลระบบ \(count) คน" }
    static let agency = "ข้อมูลหน่วยงาน"
    static let agencyNotSet = "ยังไม่ได้ตั้งชื่อหน่วยงาน เว็บไซต์แสดงว่าอยู่ระหว่างการจัดตั้ง ให้ผู้ดูแลระบบเข้าสู่ระบบแล้วกรอกที่ /admin/agency"

    static let clock = "นาฬิกาของเครื่อง"
    static let clockSynchronised = "ตั้งเวลาอัตโนมัติ (NTP) แล้ว"
    static let clockUnsynchronised = "นาฬิกาไม่ได้ตั้งเวลาอัตโนมัติ เวลาในบันทึกจราจรคอมพิวเตอร์อาจคลาดเคลื่อน เปิดใช้ chrony หรือ systemd-timesyncd"
    static let clockUnknown = "ตรวจไม่ได้ว่าตั้งเวลาอัตโนมัติหรือไม่ ตรวจด้วย timedatectl ว่า NTP ทำงาน"

    static let disk = "พื้นที่ดิสก์"
    static func freeSpace(_ bytes: Int64, _ path: String) -> String {
        String(format: "ว่าง %.1f GB ที่ %@", Double(bytes) / 1_073_741_824, path)
    }
    static let diskTooFull = "น้อยกว่า 1 GB ต้องเพิ่มพื้นที่หรือย้ายข้อมูลเก่าออก มิฉะนั้นบันทึกและไฟล์แนบจะเขียนไม่ได้"
    static let diskLow = "น้อยกว่า 5 GB ควรวางแผนเพิ่มพื้นที่"
    static func dataDirectoryMissing(_ path: String) -> String { "ไม่พบโฟลเดอร์ข้อมูล \(path) ตรวจค่า PRAKAT_DATA_DIR" }

    static let chromiumMissing = "ไม่พบ chromium จึงสร้าง PDF ของแบบฟอร์มไม่ได้ (ยังพิมพ์จากเบราว์เซอร์ได้) ติดตั้งด้วย apt-get install chromium fonts-thai-tlwg"
    static let qrencodeMissing = "ไม่พบ qrencode จึงแสดง QR code สำหรับยืนยันตัวตนสองขั้นตอนไม่ได้ ติดตั้งด้วย apt-get install qrencode"
    static let thumbnailer = "โปรแกรมย่อภาพ"
    static let thumbnailerMissing = "ไม่พบ vipsthumbnail หรือ ImageMagick ภาพกิจกรรมจะแสดงด้วยไฟล์ขนาดเต็ม ติดตั้งด้วย apt-get install libvips-tools"

    static let trafficLog = "บันทึกจราจรคอมพิวเตอร์"
    static func retention(_ days: Int, _ path: String) -> String { "เก็บ \(days) วัน ที่ \(path)" }
    static func trafficNotWritable(_ path: String) -> String { "เขียนโฟลเดอร์ \(path) ไม่ได้ ตรวจเจ้าของและสิทธิ์ของโฟลเดอร์ (ผู้ใช้ prakat)" }

    static let backup = "การสำรองข้อมูล"
    static let noBackup = "ยังไม่เคยสำรองข้อมูล ตั้งตารางสำรองทุกคืนด้วย prakat backup --output <โฟลเดอร์> (docs/install.md)"
    static func lastBackup(days: Int) -> String { days == 0 ? "สำรองล่าสุดวันนี้" : "สำรองล่าสุดเมื่อ \(days) วันก่อน" }
    static let backupTooOld = "เกิน 7 วัน ตรวจว่าตารางสำรองข้อมูลยังทำงาน"
    static let postgresBackup = "ฐานข้อมูล PostgreSQL ต้องสำรองด้วย pg_dump ตามตาราง (docs/operations.md) Prakat ตรวจอายุของสำเนานั้นไม่ได้"

    static let publicAddress = "ที่อยู่เว็บไซต์"
    static func notHTTPS(_ url: String) -> String { "\(url) ไม่ใช่ https:// ตั้ง PRAKAT_PUBLIC_URL เป็นที่อยู่ https ที่ประชาชนใช้ และให้ nginx รับ TLS" }
    static func tlsDirect(_ cert: String) -> String { "Prakat รับ TLS เองด้วยใบรับรอง \(cert)" }
    static func tlsUnreadable(_ cert: String, _ key: String) -> String { "อ่านใบรับรอง \(cert) หรือกุญแจ \(key) ไม่ได้" }
    static let proxy = "reverse proxy"
    static let noTrustedProxy = "ไม่ได้ตั้ง PRAKAT_TRUSTED_PROXIES ถ้าให้ nginx ส่งต่อคำขอ บันทึกจราจรจะเห็นทุกคนเป็น 127.0.0.1 ตั้งเป็น 127.0.0.1"
    static func trustedProxies(_ count: Int) -> String { "เชื่อ X-Forwarded-For จาก \(count) ช่วงที่อยู่" }

    static let mail = "อีเมลแจ้งเตือน"
    static let mailNotSet = "ยังไม่ได้ตั้ง PRAKAT_SMTP_URL การแจ้งเตือนจะแสดงเฉพาะในหน้าเจ้าหน้าที่ ไม่ส่งอีเมล"
    static func mailInvalid(_ message: String) -> String { "PRAKAT_SMTP_URL ไม่ถูกต้อง: \(message)" }
    static func mailUnreachable(_ server: String, _ problem: String) -> String { "ติดต่อ \(server) ไม่ได้: \(problem) อีเมลจะรอในคิวและส่งใหม่เมื่อเซิร์ฟเวอร์กลับมา" }

    static let twoFactorKey = "กุญแจยืนยันตัวตนสองขั้นตอน"
    static let twoFactorFromEnvironment = "ได้จาก PRAKAT_2FA_KEY"
    static func twoFactorKeyMissing(_ path: String) -> String { "ยังไม่มี \(path) (สร้างเมื่อเริ่ม prakat serve ครั้งแรก) เก็บสำเนาไว้ที่ปลอดภัย เพราะไม่อยู่ในข้อมูลสำรอง" }
    static func twoFactorKeyOpen(_ path: String, _ mode: String) -> String { "\(path) มีสิทธิ์ \(mode) ผู้อื่นอ่านได้ แก้ด้วย chmod 600 \(path)" }
    static func twoFactorKeyPrivate(_ path: String) -> String { "\(path) อ่านได้เฉพาะเจ้าของ (อย่าลืมเก็บสำเนาไว้นอกเครื่อง)" }
}
