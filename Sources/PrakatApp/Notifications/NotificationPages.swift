import Fluent
import Foundation
import PrakatCore
import Vapor

/// The notifications feature's pages: my list, my mail preferences, and the administrators'
/// view of the mail queue.
enum NotificationsRoute: TypedRoute {
    case list
    case markAllRead
    case preferences
    case savePreferences
    case mailQueue

    static let examples: [NotificationsRoute] = [.list, .markAllRead, .preferences, .savePreferences, .mailQueue]

    var method: HTTPMethod { self == .markAllRead || self == .savePreferences ? .POST : .GET }

    var segments: [RouteSegment] {
        switch self {
        case .list: [.constant("staff"), .constant("notifications")]
        case .markAllRead: [.constant("staff"), .constant("notifications"), .constant("read")]
        case .preferences, .savePreferences: [.constant("account"), .constant("notifications")]
        case .mailQueue: [.constant("admin"), .constant("mail")]
        }
    }

    var policy: AccessPolicy { self == .mailQueue ? .administrator() : .signedIn }

    static func parse(_ template: NotificationsRoute, _ parameters: RouteParameters) -> NotificationsRoute? { template }
}

extension NotificationsRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [
            StaffNavEntry(
                NotificationsRoute.list, NotificationText.listTitle, in: .desk,
                counts: [
                    StaffCount(label: NotificationText.unread, path: NotificationsRoute.list.path) { user, db in
                        guard let id = user.id else { return nil }
                        return try await StaffNotification.query(on: db).filter(\.$userID == id).filter(\.$readAt == nil).count()
                    }
                ]),
            StaffNavEntry(NotificationsRoute.preferences, NotificationText.preferencesTitle, in: .account),
            StaffNavEntry(NotificationsRoute.mailQueue, NotificationText.queueTitle, in: .administration)
        ]
    }
}

struct NotificationPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = NotificationPages()
        routes.register(NotificationsRoute.self) { req, route in
            switch route {
            case .list: try await pages.list(req)
            case .markAllRead: try await pages.markAllRead(req)
            case .preferences: try await pages.preferences(req, errors: FormErrors())
            case .savePreferences: try await pages.savePreferences(req)
            case .mailQueue: try await pages.mailQueue(req)
            }
        }
    }

    // MARK: My list

    struct ListBody: Encodable {
        struct Row: Encodable {
            var subject: String
            var kind: String
            var link: String
            var at: String
            var unread: Bool
        }
        var rows: [Row]
        var unread: Int
        var markAllReadPath: String
        var preferencesPath: String
    }

    func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let id = try user.requireID()
        let rows = try await StaffNotification.query(on: req.db).filter(\.$userID == id).sort(\.$createdAt, .descending).limit(100).all()
        let body = ListBody(
            rows: rows.map {
                .init(
                    subject: $0.subject, kind: NotificationKind(rawValue: $0.kind)?.thaiName ?? $0.kind, link: $0.link,
                    at: ThaiDateFormat.long($0.createdAt, digits: .arabic, showsTime: true), unread: $0.readAt == nil)
            },
            unread: rows.filter { $0.readAt == nil }.count, markAllReadPath: NotificationsRoute.markAllRead.path,
            preferencesPath: NotificationsRoute.preferences.path)
        return try await req.render("Notifications/list", title: NotificationText.listTitle, body)
    }

    func markAllRead(_ req: Request) async throws -> Response {
        let id = try req.requireUser().requireID()
        let now = req.clock.now()
        try await req.writer.write { tx in
            try await StaffNotification.query(on: tx.db).filter(\.$userID == id).filter(\.$readAt == nil).set(\.$readAt, to: now).update()
        }
        return req.redirect(to: NotificationsRoute.list, flash: Flash(kind: .success, text: NotificationText.allRead))
    }

    // MARK: My preferences

    struct PreferencesBody: Encodable {
        struct Kind: Encodable {
            var value: String
            var label: String
            var mailed: Bool
        }
        var action: String
        var email: String
        var kinds: [Kind]
        var mailConfigured: Bool
        var errors: FormErrors
    }

    func preferences(_ req: Request, errors: FormErrors, typedEmail: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let off = Set(try await NotificationOptOut.query(on: req.db).filter(\.$userID == user.requireID()).all().map(\.kind))
        let body = PreferencesBody(
            action: NotificationsRoute.savePreferences.path, email: typedEmail ?? user.email ?? "",
            kinds: NotificationKind.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, mailed: !off.contains($0.rawValue)) },
            mailConfigured: req.application.prakat.mailSettings != nil, errors: errors)
        return try await req.render("Notifications/preferences", title: NotificationText.preferencesTitle, body, status: status)
    }

    struct PreferencesForm: Content {
        var email: String?
        var mailed: [String]?
    }

    func savePreferences(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(PreferencesForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !email.isEmpty, EmailAddress(validating: email) == nil {
            var errors = FormErrors()
            errors.add("email", AgencyText.emailInvalid)
            return try await preferences(req, errors: errors, typedEmail: email, status: .unprocessableEntity)
        }
        let mailed = Set(form.mailed ?? [])
        try await req.notificationPreferences.save(
            user, email: email.isEmpty ? nil : email, mailed: Set(NotificationKind.allCases.filter { mailed.contains($0.rawValue) }), actor: req.auditActor)
        return req.redirect(to: NotificationsRoute.preferences, flash: Flash(kind: .success, text: NotificationText.preferencesSaved))
    }

    // MARK: The queue (administrators)

    struct QueueBody: Encodable {
        struct Row: Encodable {
            var to: String
            var subject: String
            var created: String
            var status: String
            var attempts: Int
            var next: String?
            var error: String?
            var failed: Bool
        }
        var configured: Bool
        var server: String?
        var waiting: Int
        var sent: Int
        var failed: Int
        var rows: [Row]
    }

    func mailQueue(_ req: Request) async throws -> Response {
        let settings = req.application.prakat.mailSettings
        let waiting = try await OutgoingMail.query(on: req.db).filter(\.$sentAt == nil).filter(\.$gaveUpAt == nil).count()
        let sent = try await OutgoingMail.query(on: req.db).filter(\.$sentAt != nil).count()
        let failed = try await OutgoingMail.query(on: req.db).filter(\.$gaveUpAt != nil).count()
        let rows = try await OutgoingMail.query(on: req.db).sort(\.$createdAt, .descending).limit(100).all()
        func day(_ date: Date) -> String { ThaiDateFormat.long(date, digits: .arabic, showsTime: true) }
        let body = QueueBody(
            configured: settings != nil, server: settings?.redacted, waiting: waiting, sent: sent, failed: failed,
            rows: rows.map { mail in
                let status: String
                switch mail.status {
                case .sent: status = NotificationText.statusSent
                case .failed: status = NotificationText.statusFailed
                case .waiting: status = mail.attempts == 0 ? NotificationText.statusQueued : NotificationText.statusRetrying
                }
                return .init(
                    to: mail.toAddress, subject: mail.subject, created: day(mail.createdAt), status: status, attempts: mail.attempts,
                    next: mail.status == .waiting ? day(mail.nextAttemptAt) : nil, error: mail.lastError, failed: mail.status == .failed)
            })
        return try await req.render("Notifications/queue", title: NotificationText.queueTitle, body)
    }
}

/// A person's mail address and the kinds they want mailed, saved with an audit entry.
struct NotificationPreferencesService: Sendable {
    let writer: DatabaseWriter
    let audit: AuditTrail

    func save(_ user: User, email: String?, mailed: Set<NotificationKind>, actor: AuditActor) async throws {
        let userID = try user.requireID()
        try await writer.write { tx in
            guard let stored = try await User.find(userID, on: tx.db) else { return }
            stored.email = email
            try await stored.update(on: tx.db)
            try await NotificationOptOut.query(on: tx.db).filter(\.$userID == userID).delete()
            for kind in NotificationKind.allCases where !mailed.contains(kind) {
                try await NotificationOptOut(userID: userID, kind: kind).create(on: tx.db)
            }
            try await audit.record(
                AuditEvent(
                    .notificationPreferencesChanged, entityType: "user", entityID: userID.lowercased,
                    details: ["email": email ?? "", "mailOff": NotificationKind.allCases.filter { !mailed.contains($0) }.map(\.rawValue).joined(separator: ",")]),
                by: actor, in: tx)
        }
    }
}

extension Request {
    var notificationPreferences: NotificationPreferencesService { NotificationPreferencesService(writer: writer, audit: application.audit) }
}
