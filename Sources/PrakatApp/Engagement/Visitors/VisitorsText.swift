/// Thai text of the visitor statistics (seed 1 §1.10).
enum VisitorsText {
    static let statsTitle = "สถิติผู้เข้าชมและความพึงพอใจ"
    static let intro =
        "สถิติผู้เข้าชมนับโดยไม่ใช้คุกกี้และไม่เก็บที่อยู่ไอพี ผู้เข้าชมแต่ละคนนับวันละหนึ่งครั้ง ไม่นับโปรแกรมค้นหา (บอต) และเจ้าหน้าที่ที่เข้าสู่ระบบ ตัวเลขปรับปรุงทุก 30 วินาที"
    static let fiscalYearInvalid = "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก ระหว่าง 2400 ถึง 2700 เช่น 2569 จึงแสดงปีงบประมาณปัจจุบันแทน"
    static let noItems = "ยังไม่มีสถิติการอ่านข้อมูลในปีงบประมาณนี้"
    static let linkFromCategory = "ดูสถิติผู้เข้าชมและผลการประเมินความพึงพอใจ"

    static func updated(_ when: String) -> String { "ข้อมูล ณ \(when)" }
}
