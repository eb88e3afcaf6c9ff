/// Thai text of the notifications pages. English can follow by adding a sibling table.
enum NotificationText {
    static let listTitle = "การแจ้งเตือน"
    static let unread = "ยังไม่ได้อ่าน"
    static let allRead = "ทำเครื่องหมายว่าอ่านแล้วทั้งหมด"
    static let preferencesTitle = "การแจ้งเตือนทางอีเมล"
    static let preferencesSaved = "บันทึกการตั้งค่าการแจ้งเตือนแล้ว"
    static let queueTitle = "คิวอีเมล"
    static let statusQueued = "รอส่ง"
    static let statusRetrying = "รอส่งใหม่"
    static let statusSent = "ส่งแล้ว"
    static let statusFailed = "ส่งไม่สำเร็จ (หยุดลองแล้ว)"
}
