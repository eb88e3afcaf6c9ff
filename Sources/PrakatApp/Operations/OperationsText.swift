/// Thai-first text of the operations feature (traffic-log export, backups, clock).
enum OperationsText {
    static let trafficTitle = "บันทึกการจราจรทางคอมพิวเตอร์"
    static let navTraffic = "บันทึกการจราจร"
    static let rangeInvalid = "กรุณาระบุช่วงวันที่ให้ถูกต้อง (วันเริ่มต้นต้องไม่หลังวันสิ้นสุด และไม่เกิน ๓๖๖ วัน)"
    static let fromInvalid = "กรุณาระบุวันเริ่มต้นเป็นวันที่ เช่น 2026-02-01"
    static let toInvalid = "กรุณาระบุวันสิ้นสุดเป็นวันที่ เช่น 2026-02-09"
    static let nothingInRange = "ไม่มีบันทึกการจราจรในช่วงวันที่ที่เลือก"

    static let clockUnsynchronised =
        "นาฬิกาของเครื่องแม่ข่ายยังไม่ได้ตั้งให้ตรงกับแหล่งเวลามาตรฐาน (NTP) เวลาในบันทึกการจราจรทางคอมพิวเตอร์อาจคลาดเคลื่อน ประกาศกระทรวงฯ ตาม พ.ร.บ.ว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์ กำหนดให้ตั้งนาฬิกาให้ตรงกับเวลาอ้างอิงสากล กรุณาให้ผู้ดูแลเครื่องเปิดใช้ chrony หรือ systemd-timesyncd"
    static let clockUnknown = "ตรวจสอบไม่ได้ว่านาฬิกาของเครื่องแม่ข่ายตั้งให้ตรงกับแหล่งเวลามาตรฐาน (NTP) หรือไม่ กรุณาให้ผู้ดูแลเครื่องตรวจสอบ"

    static let logsIntact = "บันทึกการจราจรครบถ้วน ตรวจแล้ว"
    static func logsBroken(day: String, reason: String) -> String { "พบความผิดปกติของบันทึกวันที่ \(day): \(reason)" }
}
