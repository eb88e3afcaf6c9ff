import Fluent
import Foundation
import PrakatCore

/// Tells people about what waits for them: a row in their list on `/staff` and, when mail is
/// configured, they have an address and have not turned the kind off, a queued e-mail. Always
/// called inside the write transaction of what caused it, so the notice exists exactly when
/// the change does.
struct Notifier: Sendable {
    /// False without `PRAKAT_SMTP_URL`: nothing is queued that no sender would ever take.
    let mailEnabled: Bool
    /// Links in mail are absolute (the configured public address).
    let publicBaseURL: String
    let clock: any PrakatClock

    struct Subject: Sendable {
        var kind: NotificationKind
        var title: String
        var detail: String?
        /// Site-relative path of the page to open.
        var link: String
        /// What makes this notice one of a kind (with the recipient): the same key twice is one notice.
        var dedupeKey: String
    }

    /// Returns how many people were newly told (a key already used tells nobody again).
    @discardableResult
    func notify(_ recipients: [User], about subject: Subject, in tx: WriteTransaction) async throws -> Int {
        let now = clock.now()
        var agency: String?
        var seen = Set<UUID>()
        var told = 0
        for user in recipients where user.isActive {
            guard let userID = user.id, seen.insert(userID).inserted else { continue }
            let key = "\(subject.dedupeKey):\(userID.lowercased)"
            if try await StaffNotification.query(on: tx.db).filter(\.$dedupeKey == key).count() > 0 { continue }
            let notification = StaffNotification()
            notification.id = UUID()
            notification.userID = userID
            notification.kind = subject.kind.rawValue
            notification.subject = subject.kind.subject(title: subject.title)
            notification.link = subject.link
            notification.dedupeKey = key
            notification.createdAt = now
            try await notification.create(on: tx.db)
            told += 1

            guard mailEnabled, let address = user.email.flatMap(EmailAddress.init(validating:)) else { continue }
            let optedOut = try await NotificationOptOut.query(on: tx.db).filter(\.$userID == userID).filter(\.$kind == subject.kind.rawValue).count() > 0
            if optedOut { continue }
            if agency == nil { agency = try await AgencyProfile.load(on: tx.db).nameInSentence }
            let mail = OutgoingMail()
            mail.id = UUID()
            mail.notificationID = notification.id
            mail.toAddress = address.value
            mail.toName = user.displayName
            mail.subject = notification.subject
            mail.body = subject.kind.body(
                recipient: user.displayName, title: subject.title, detail: subject.detail, link: publicBaseURL + subject.link, agency: agency ?? "")
            mail.createdAt = now
            mail.attempts = 0
            mail.nextAttemptAt = now
            try await mail.create(on: tx.db)
        }
        return told
    }

    /// Active people holding any of `roles`.
    static func people(with roles: Set<Role>, in db: any Database) async throws -> [User] {
        try await User.query(on: db).filter(\.$isActive == true).all().filter { $0.hasAny(roles) }
    }
}
