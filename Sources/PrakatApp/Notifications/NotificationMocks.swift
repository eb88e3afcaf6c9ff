import Foundation
import PrakatCore

extension NotificationPages.ListBody {
    static var mock: Self {
        Self(
            rows: [
                .init(
                    subject: NotificationKind.approvalWaiting.subject(title: "ประกาศผู้ชนะการเสนอราคา จ้างปรับปรุงห้องประชุม"),
                    kind: NotificationKind.approvalWaiting.thaiName, link: PublishingRoute.request(MockData.requestID).path, at: MockData.dateTime, unread: true),
                .init(
                    subject: NotificationKind.endingSoon.subject(title: "รับสมัครลูกจ้างชั่วคราว ตำแหน่งพนักงานขับรถยนต์"),
                    kind: NotificationKind.endingSoon.thaiName, link: PublicRoute.item(12).path, at: MockData.dateTime, unread: false)
            ],
            unread: 1, markAllReadPath: NotificationsRoute.markAllRead.path, preferencesPath: NotificationsRoute.preferences.path)
    }
}

extension NotificationPages.PreferencesBody {
    static var mock: Self {
        Self(
            action: NotificationsRoute.savePreferences.path, email: "decha@example.org",
            kinds: NotificationKind.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, mailed: $0 != .endingSoon) }, mailConfigured: true,
            errors: FormErrors())
    }
}

extension NotificationPages.QueueBody {
    static var mock: Self {
        Self(
            configured: true, server: "smtp://mail.example.org:587?starttls=required", waiting: 1, sent: 12, failed: 1,
            rows: [
                .init(
                    to: "head@example.org", subject: NotificationKind.approvalWaiting.subject(title: "ประกาศผู้ชนะการเสนอราคา"), created: MockData.dateTime,
                    status: NotificationText.statusRetrying, attempts: 2, next: MockData.dateTime, error: "เซิร์ฟเวอร์อีเมลไม่ตอบภายในเวลาที่กำหนด", failed: false),
                .init(
                    to: "staff@example.org", subject: NotificationKind.returnedToAuthor.subject(title: "ข่าวกิจกรรมรณรงค์"), created: MockData.dateTime,
                    status: NotificationText.statusSent, attempts: 1, next: nil, error: nil, failed: false)
            ])
    }
}

extension NotificationPages.QueueBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: AccountsText.adminTitle, path: AccountsRoute.admin.path)] }
}
