import Fluent
import Foundation
import PrakatCore

/// What webmasters put on the home page besides the latest items (issue 11 §3).
enum HomeEntryKind: String, CaseIterable, Sendable, Codable {
    /// A picture with its text alternative, and a link.
    case banner
    /// A labelled link to a service: e-Service, the ITA page, complaints.
    case quickLink
    /// A photo, a name and a position.
    case executive

    /// The path segment of its pages (`/staff/home/banners/new`).
    var segment: String {
        switch self {
        case .banner: "banners"
        case .quickLink: "links"
        case .executive: "executives"
        }
    }

    init?(segment: String) {
        guard let kind = Self.allCases.first(where: { $0.segment == segment }) else { return nil }
        self = kind
    }
}

/// One banner, quick link or executive. Each has a period like a publication: shown from
/// `startsAt` until `endsAt` (no end: until removed), so a campaign banner leaves by itself.
final class HomeEntry: Model, @unchecked Sendable {
    static let schema = "home_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kindRaw: String
    /// Order within its kind, smallest first.
    @Field(key: "position") var position: Int
    /// A quick link's label, an executive's name; a banner's optional caption.
    @Field(key: "title") var title: String
    /// An executive's position.
    @OptionalField(key: "subtitle") var subtitle: String?
    /// Where a banner or quick link leads: http(s) or a path on this site.
    @OptionalField(key: "link") var link: String?
    /// The picture (a blob, stored without its metadata) and its shown size.
    @OptionalField(key: "image_sha256") var imageSHA256: String?
    @OptionalField(key: "image_content_type") var imageContentType: String?
    @OptionalField(key: "image_width") var imageWidth: Int?
    @OptionalField(key: "image_height") var imageHeight: Int?
    /// A banner's text alternative (an executive's photo is described by the name beside it).
    @OptionalField(key: "alt_text") var altText: String?
    @Field(key: "starts_at") var startsAt: Date
    @OptionalField(key: "ends_at") var endsAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var kind: HomeEntryKind? { HomeEntryKind(rawValue: kindRaw) }

    /// The same rules as a publication's period (`PublicationWindow`).
    var window: PublicationWindow { PublicationWindow(publishAt: startsAt, expireAt: endsAt) }
}

struct CreateHomeEntries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(HomeEntry.schema)
            .id()
            .field("kind", .string, .required)
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("subtitle", .string)
            .field("link", .string)
            .field("image_sha256", .string)
            .field("image_content_type", .string)
            .field("image_width", .int)
            .field("image_height", .int)
            .field("alt_text", .string)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        // Every install starts with quick links to what every agency's site has (seed 1 §1.5 and
        // §1.9); webmasters change or remove them. Made once, here, so a removed one stays removed.
        let start = Date(timeIntervalSince1970: 0)
        for (index, link) in HomeContentText.defaultQuickLinks.enumerated() {
            let entry = HomeEntry()
            entry.id = UUID()
            entry.kindRaw = HomeEntryKind.quickLink.rawValue
            entry.position = (index + 1) * 10
            entry.title = link.label
            entry.link = link.path
            entry.startsAt = start
            entry.createdAt = start
            entry.updatedAt = start
            try await entry.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HomeEntry.schema).delete()
    }
}
