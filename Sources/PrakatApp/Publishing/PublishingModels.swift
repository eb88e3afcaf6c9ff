import Fluent
import Foundation
import PrakatCore

/// A publication request (แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์, seed 1): one unit's request to
/// publish one item, or a new revision of an item already published.
final class PublicationRequest: Model, @unchecked Sendable {
    static let schema = "publication_requests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Parent(key: "author_id") var author: User
    @Parent(key: "category_id") var category: SiteCategory
    /// The public item this request created or revises; nil until first published.
    @OptionalField(key: "publication_id") var publicationID: UUID?
    /// 1 for the first version of an item, 2… for revisions of a published item.
    @Field(key: "revision") var revision: Int
    /// วัน/เดือน/ปี of the form: the day the request is made (Bangkok), ISO `YYYY-MM-DD`.
    @Field(key: "request_date") var requestDate: String
    @Field(key: "title") var title: String
    @Field(key: "details") var details: String
    /// One http(s) URL per line (Link ภายนอก).
    @Field(key: "external_links") var externalLinks: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "source_name") var sourceName: String?
    @OptionalField(key: "source_date") var sourceDate: String?
    @OptionalField(key: "publish_at") var publishAt: Date?
    @OptionalField(key: "expire_at") var expireAt: Date?
    @Field(key: "urgent") var urgent: Bool
    @Field(key: "state") var stateRaw: String
    /// The last reason given (return, reject, withdraw), shown to the author.
    @OptionalField(key: "state_reason") var stateReason: String?
    /// Bumped on every change; forms carry it so two people acting at once cannot both win.
    @Field(key: "version") var version: Int
    @Field(key: "fiscal_year") var fiscalYear: Int
    @Field(key: "fiscal_quarter") var fiscalQuarter: Int

    // The three sign-off blocks of the form, as they stood when each person acted.
    @Field(key: "provider_name") var providerName: String
    @Field(key: "provider_position") var providerPosition: String
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "approver_id") var approverID: UUID?
    @OptionalField(key: "approver_name") var approverName: String?
    @OptionalField(key: "approver_position") var approverPosition: String?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "publisher_id") var publisherID: UUID?
    @OptionalField(key: "publisher_name") var publisherName: String?
    @OptionalField(key: "publisher_position") var publisherPosition: String?
    @OptionalField(key: "published_at") var publishedAt: Date?

    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    /// What made this request when not a person's form (unique; see AddOriginKeyToPublicationRequests).
    @OptionalField(key: "origin_key") var originKey: String?
    // The head of agency's block (AddAgencyHeadStepToPublicationRequests): who permitted or
    // refused (the state says which), when, as titled that day.
    @OptionalField(key: "permitter_id") var permitterID: UUID?
    @OptionalField(key: "permitter_name") var permitterName: String?
    @OptionalField(key: "permitter_position") var permitterPosition: String?
    @OptionalField(key: "permitted_at") var permittedAt: Date?
    /// The requester's phone (a Thai number as typed, checked by `ThaiPhone`).
    @OptionalField(key: "requester_phone") var requesterPhone: String?
    /// เลขที่หนังสือ e-saraban: the number of the agency's document-system letter, free text.
    @OptionalField(key: "esaraban_number") var esarabanNumber: String?

    init() {}

    /// The origin of a request made from an approved progress round.
    static func origin(planRound id: UUID) -> String { "plan-round:" + id.uuidString.lowercased() }

    var state: RequestState {
        get { RequestState(rawValue: stateRaw) ?? .draft }
        set { stateRaw = newValue.rawValue }
    }

    var links: [String] { externalLinks.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty } }
}

/// One step in a request's history: who, when, from where, why.
final class RequestEvent: Model, @unchecked Sendable {
    static let schema = "request_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "action") var action: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "from_state") var fromState: String
    @Field(key: "to_state") var toState: String

    init() {}
}

/// File content, stored once per SHA-256 in the database itself, so one backup holds everything
/// and several instances share it (issue 3 §3).
final class Blob: Model, @unchecked Sendable {
    static let schema = "blobs"

    @ID(custom: "sha256", generatedBy: .user) var id: String?
    @Field(key: "size") var size: Int
    @Field(key: "data") var data: Data
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(sha256: String, data: Data, createdAt: Date) {
        self.id = sha256
        self.size = data.count
        self.data = data
        self.createdAt = createdAt
    }
}

/// A file attached to a request (seed 1 §2.7), pointing at its content by hash.
final class Attachment: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "file_name") var fileName: String
    @Field(key: "kind") var kind: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    /// Names inside a ZIP, one per line, for the staff page and search.
    @Field(key: "archive_entries") var archiveEntries: String
    @Field(key: "position") var position: Int
    @Field(key: "created_at") var createdAt: Date
    // Photos (AddPhotosToAttachments): nil for other files.
    /// The text alternative shown to people who cannot see the photo.
    @OptionalField(key: "alt_text") var altText: String?
    /// Whose photo it is, shown under it.
    @OptionalField(key: "credit") var credit: String?
    /// The size as shown (after EXIF rotation), in pixels.
    @OptionalField(key: "width") var width: Int?
    @OptionalField(key: "height") var height: Int?

    init() {}
}

/// An item on the public site. Its number gives it a stable URL (`/p/123`) that survives
/// revisions: agencies submit these URLs to the ITA.
final class Publication: Model, @unchecked Sendable {
    static let schema = "publications"

    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int
    @Field(key: "category_id") var categoryID: UUID
    @Field(key: "unit_id") var unitID: UUID
    /// The request whose content is shown now.
    @Field(key: "current_request_id") var currentRequestID: UUID
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "external_links") var externalLinks: String
    @OptionalField(key: "source_name") var sourceName: String?
    @OptionalField(key: "source_date") var sourceDate: String?
    @Field(key: "publish_at") var publishAt: Date
    @OptionalField(key: "expire_at") var expireAt: Date?
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?
    @OptionalField(key: "withdraw_reason") var withdrawReason: String?
    /// Set while an urgent item waits for approval after the fact (seed 1 §2.8).
    @OptionalField(key: "urgent_deadline") var urgentDeadline: Date?
    /// When the expiry job recorded the take-down in the audit trail (serving never waits for it).
    @OptionalField(key: "takedown_recorded_at") var takedownRecordedAt: Date?
    @Field(key: "first_published_at") var firstPublishedAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    // Lower-cased, NFC copies for Thai-aware substring search (see PublicationSearch).
    @Field(key: "search_title") var searchTitle: String
    @Field(key: "search_body") var searchBody: String
    @Field(key: "search_files") var searchFiles: String
    /// The plain-text start of `body` (`Markdown.storedExcerpt`), so listings, feeds and page
    /// descriptions do not parse Markdown while rendering. Set wherever `body` is.
    @Field(key: "excerpt") var excerpt: String

    init() {}

    var window: PublicationWindow {
        PublicationWindow(publishAt: publishAt, expireAt: expireAt, withdrawnAt: withdrawnAt, urgentDeadline: urgentDeadline)
    }

    var links: [String] { externalLinks.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty } }
}

/// A request tagged as evidence for a checklist item; one document may serve several items.
final class RequestChecklistTag: Model, @unchecked Sendable {
    static let schema = "request_checklist_tags"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "checklist_item_id") var checklistItemID: UUID

    init() {}

    init(requestID: UUID, checklistItemID: UUID) {
        self.requestID = requestID
        self.checklistItemID = checklistItemID
    }
}

/// One row: a counter bumped with every change to public content, so every instance's page
/// cache knows when to drop what it rendered.
final class SiteState: Model, @unchecked Sendable {
    static let schema = "site_state"
    static let singletonID = "site"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "content_version") var contentVersion: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// What a category's rules say about publishing into it (issue 3 §1).
enum ExpiredPolicy: String, Codable, CaseIterable, Sendable {
    /// Leaves public view at the end of its period: the page answers 410.
    case remove
    /// Stays readable in the category's dated archive.
    case archive

    var thaiName: String {
        switch self {
        case .remove: "นำออกจากการเผยแพร่ (หน้าแจ้ง 410)"
        case .archive: "ย้ายไปคลังข้อมูลย้อนหลัง"
        }
    }
}
