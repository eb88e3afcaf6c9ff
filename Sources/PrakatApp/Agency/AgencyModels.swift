import Fluent
import Foundation

/// The agency this instance serves: its name, address and contacts appear in every page's
/// header and footer (seed 1 §1.1 "รายละเอียดช่องทางการติดต่อสื่อสาร"), in feeds, on print pages,
/// memos and forms. One row, created by the first-run setup (or the demo); until it exists
/// the public site says it is being set up.
final class Agency: Model, @unchecked Sendable {
    static let schema = "agencies"

    @ID(key: .id) var id: UUID?
    @Field(key: "name_th") var nameTh: String
    @OptionalField(key: "name_en") var nameEn: String?
    // Address, phone and e-mail were required before the setup page existed; an empty string
    // now means "not given" and reads as null everywhere.
    @Field(key: "address") var address: String
    @Field(key: "phone") var phone: String
    @OptionalField(key: "fax") var fax: String?
    @Field(key: "email") var email: String
    @OptionalField(key: "office_hours") var officeHours: String?
    // The profile of the go-live issue (AddAgencyProfile).
    @OptionalField(key: "short_name") var shortName: String?
    @OptionalField(key: "parent_organisation") var parentOrganisation: String?
    @OptionalField(key: "map_url") var mapURL: String?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @OptionalField(key: "facebook_url") var facebookURL: String?
    @OptionalField(key: "line_url") var lineURL: String?
    @OptionalField(key: "youtube_url") var youtubeURL: String?
    /// The logo's content (`blobs`), so backups hold it and every instance serves it.
    @OptionalField(key: "logo_sha256") var logoSHA256: String?
    @OptionalField(key: "logo_content_type") var logoContentType: String?
    /// `#rrggbb`, checked for contrast with white text when saved.
    @OptionalField(key: "theme_colour") var themeColour: String?
    // The head of agency's permission step (AddAgencyHeadPermission); nil reads as off.
    @OptionalField(key: "head_permission_required") var headPermissionRequired: Bool?
    @OptionalField(key: "head_permission_delegate_id") var headPermissionDelegateID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(nameTh: String, nameEn: String?, address: String, phone: String, fax: String?, email: String, officeHours: String?) {
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.address = address
        self.phone = phone
        self.fax = fax
        self.email = email
        self.officeHours = officeHours
    }
}

struct CreateAgencies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Agency.schema)
            .id()
            .field("name_th", .string, .required)
            .field("name_en", .string)
            .field("address", .string, .required)
            .field("phone", .string, .required)
            .field("fax", .string)
            .field("email", .string, .required)
            .field("office_hours", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Agency.schema).delete()
    }
}

/// The rest of the agency profile: short name, parent organisation, map, social links, logo
/// and theme colour. One column per statement, since SQLite adds one column at a time.
struct AddAgencyProfile: AsyncMigration {
    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("short_name", .string), ("parent_organisation", .string), ("map_url", .string),
        ("latitude", .double), ("longitude", .double),
        ("facebook_url", .string), ("line_url", .string), ("youtube_url", .string),
        ("logo_sha256", .string), ("logo_content_type", .string), ("theme_colour", .string)
    ]

    func prepare(on database: any Database) async throws {
        for (name, type) in Self.columns {
            try await database.schema(Agency.schema).field(FieldKey(stringLiteral: name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.columns.reversed() {
            try await database.schema(Agency.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}
