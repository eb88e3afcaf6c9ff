import Fluent
import Foundation
import PrakatCore

/// One thing a person was told about: listed on `/staff` until read, and mailed unless they
/// turned that kind off. `dedupeKey` (unique) makes every reminder happen once, whichever
/// instance or job run notices it first.
final class StaffNotification: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "subject") var subject: String
    /// A site-relative path to the page the notification is about.
    @Field(key: "link") var link: String
    @Field(key: "dedupe_key") var dedupeKey: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

/// A message waiting for (or done with) the mail server. Queued in the write transaction of
/// what caused it, sent by the background sender: a mail server that is down loses nothing and
/// never slows the person who clicked.
final class OutgoingMail: Model, @unchecked Sendable {
    static let schema = "mail_queue"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "notification_id") var notificationID: UUID?
    @Field(key: "to_address") var toAddress: String
    @Field(key: "to_name") var toName: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    /// When the sender may next try; also its claim on the row while it sends.
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "gave_up_at") var gaveUpAt: Date?

    init() {}

    enum Status: String { case waiting, sent, failed }
    var status: Status { sentAt != nil ? .sent : (gaveUpAt != nil ? .failed : .waiting) }
}

/// A kind of mail a person turned off (absent row: the mail is sent).
final class NotificationOptOut: Model, @unchecked Sendable {
    static let schema = "notification_opt_outs"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String

    init() {}

    init(userID: UUID, kind: NotificationKind) {
        self.userID = userID
        self.kind = kind.rawValue
    }
}

struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffNotification.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("link", .string, .required)
            .field("dedupe_key", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        try await database.schema(OutgoingMail.schema)
            .id()
            .field("notification_id", .uuid)
            .field("to_address", .string, .required)
            .field("to_name", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("gave_up_at", .datetime)
            .create()
        try await database.schema(NotificationOptOut.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id))
            .field("kind", .string, .required)
            .unique(on: "user_id", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationOptOut.schema).delete()
        try await database.schema(OutgoingMail.schema).delete()
        try await database.schema(StaffNotification.schema).delete()
    }
}

/// People need an address to be mailed at; optional, since not every account reads mail.
struct AddEmailToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("email", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("email").update()
    }
}
