import Fluent
import Foundation
import LeafKit
import PrakatCore
import SQLKit
import Vapor

/// The agency as every page, feed, print page and the API see it: read once per render from the
/// one `agencies` row. Before the first-run setup there is no row and the site calls itself
/// "being set up" (never by the software's name).
struct AgencyProfile: Encodable, Sendable, Equatable {
    /// False until an administrator has saved the Thai name.
    var configured: Bool
    /// The Thai name, or the "being set up" wording: what headers, titles and feeds print.
    var nameTh: String
    var nameEn: String?
    var shortName: String?
    var parentOrganisation: String?
    var address: String?
    var phone: String?
    var fax: String?
    var email: String?
    var officeHours: String?
    var mapURL: String?
    var latitude: Double?
    var longitude: Double?
    var social: Social
    /// `/agency/logo/<hash>`: the address changes with the file, so it is cached for a year.
    var logoPath: String?
    var logoIsSVG: Bool
    /// `#rrggbb` or nil for the stylesheet's own colour.
    var themeColour: String?
    /// `/agency/theme/<rrggbb>.css`, linked after the stylesheet when a colour is set.
    var themePath: String?

    struct Social: Encodable, Sendable, Equatable {
        var facebook: String?
        var line: String?
        var youtube: String?
        /// Whether the footer lists any (stored, since templates see only encoded values).
        var any: Bool

        init(facebook: String? = nil, line: String? = nil, youtube: String? = nil) {
            self.facebook = facebook
            self.line = line
            self.youtube = youtube
            any = facebook != nil || line != nil || youtube != nil
        }
    }

    /// The name official documents print: empty before setup rather than a placeholder.
    var officialName: String { configured ? nameTh : "" }

    /// The name a sentence uses ("ข้อมูลข่าวสารของ…"): the Thai name, or "หน่วยงาน" before setup.
    var nameInSentence: String { configured ? nameTh : AgencyText.agencyWord }

    static let notConfigured = AgencyProfile(
        configured: false, nameTh: AgencyText.beingSetUpName, social: Social(), logoIsSVG: false)

    init(
        configured: Bool, nameTh: String, nameEn: String? = nil, shortName: String? = nil, parentOrganisation: String? = nil, address: String? = nil,
        phone: String? = nil, fax: String? = nil, email: String? = nil, officeHours: String? = nil, mapURL: String? = nil, latitude: Double? = nil,
        longitude: Double? = nil, social: Social, logoPath: String? = nil, logoIsSVG: Bool, themeColour: String? = nil
    ) {
        self.configured = configured
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.shortName = shortName
        self.parentOrganisation = parentOrganisation
        self.address = address
        self.phone = phone
        self.fax = fax
        self.email = email
        self.officeHours = officeHours
        self.mapURL = mapURL
        self.latitude = latitude
        self.longitude = longitude
        self.social = social
        self.logoPath = logoPath
        self.logoIsSVG = logoIsSVG
        self.themeColour = themeColour
        self.themePath = themeColour.map { AgencyRoute.theme(String($0.dropFirst())).path }
    }

    init(_ agency: Agency?) {
        self.init(
            agency.map {
                Columns(
                    nameTh: $0.nameTh, nameEn: $0.nameEn, shortName: $0.shortName, parentOrganisation: $0.parentOrganisation, address: $0.address,
                    phone: $0.phone, fax: $0.fax, email: $0.email, officeHours: $0.officeHours, mapURL: $0.mapURL, latitude: $0.latitude,
                    longitude: $0.longitude, facebookURL: $0.facebookURL, lineURL: $0.lineURL, youtubeURL: $0.youtubeURL, logoSHA256: $0.logoSHA256,
                    logoContentType: $0.logoContentType, themeColour: $0.themeColour)
            })
    }

    private init(_ agency: Columns?) {
        guard let agency, let name = agency.nameTh.nonEmpty else {
            self = .notConfigured
            return
        }
        self.init(
            configured: true, nameTh: name, nameEn: agency.nameEn?.nonEmpty, shortName: agency.shortName?.nonEmpty,
            parentOrganisation: agency.parentOrganisation?.nonEmpty, address: agency.address.nonEmpty, phone: agency.phone.nonEmpty,
            fax: agency.fax?.nonEmpty, email: agency.email.nonEmpty, officeHours: agency.officeHours?.nonEmpty, mapURL: agency.mapURL?.nonEmpty,
            latitude: agency.latitude, longitude: agency.longitude,
            social: Social(facebook: agency.facebookURL?.nonEmpty, line: agency.lineURL?.nonEmpty, youtube: agency.youtubeURL?.nonEmpty),
            logoPath: agency.logoSHA256.map { AgencyRoute.logo($0).path }, logoIsSVG: agency.logoContentType == AgencyLogo.svgContentType,
            themeColour: agency.themeColour?.nonEmpty)
    }

    /// The `agencies` columns a profile is made of (the model's names, its column keys).
    private struct Columns: Decodable {
        var nameTh: String
        var nameEn: String?
        var shortName: String?
        var parentOrganisation: String?
        var address: String
        var phone: String
        var fax: String?
        var email: String
        var officeHours: String?
        var mapURL: String?
        var latitude: Double?
        var longitude: Double?
        var facebookURL: String?
        var lineURL: String?
        var youtubeURL: String?
        var logoSHA256: String?
        var logoContentType: String?
        var themeColour: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case address, phone, fax, email, latitude, longitude
            case nameTh = "name_th", nameEn = "name_en", shortName = "short_name", parentOrganisation = "parent_organisation"
            case officeHours = "office_hours", mapURL = "map_url", facebookURL = "facebook_url", lineURL = "line_url", youtubeURL = "youtube_url"
            case logoSHA256 = "logo_sha256", logoContentType = "logo_content_type", themeColour = "theme_colour"
        }
    }

    /// The one row, read on every render that shows the agency: as columns, since filling the
    /// model by reflection was about 5 % of the CPU of a search page without results.
    static func load(on db: any Database) async throws -> AgencyProfile {
        guard let sql = db as? any SQLDatabase else { return AgencyProfile(try await Agency.query(on: db).first()) }
        return AgencyProfile(try await sql.select().columns(Columns.CodingKeys.allCases.map { SQLColumn($0.rawValue) }).from(Agency.schema).limit(1).first(decoding: Columns.self))
    }
}

// On every page, built for Leaf directly (`LeafFields`).
extension AgencyProfile: LeafDataRepresentable {
    var leafData: LeafData {
        var fields = LeafFields(capacity: 18)
        fields("configured", configured)
        fields("nameTh", nameTh)
        fields("nameEn", nameEn)
        fields("shortName", shortName)
        fields("parentOrganisation", parentOrganisation)
        fields("address", address)
        fields("phone", phone)
        fields("fax", fax)
        fields("email", email)
        fields("officeHours", officeHours)
        fields("mapURL", mapURL)
        fields("latitude", latitude)
        fields("longitude", longitude)
        fields("social", social)
        fields("logoPath", logoPath)
        fields("logoIsSVG", logoIsSVG)
        fields("themeColour", themeColour)
        fields("themePath", themePath)
        return fields.leafData
    }
}

extension AgencyProfile.Social: LeafDataRepresentable {
    var leafData: LeafData {
        var fields = LeafFields(capacity: 4)
        fields("facebook", facebook)
        fields("line", line)
        fields("youtube", youtube)
        fields("any", any)
        return fields.leafData
    }
}

extension Request {
    /// The agency profile, as the page's frame has it (`SiteFrame`).
    func agencyProfile() async -> AgencyProfile { (try? await siteFrame())?.agency ?? .notConfigured }
}

/// `GET /api/v1/agency`: the contract's shape, with absent values as explicit `null`.
struct AgencyDocument: Content {
    var profile: AgencyProfile
    var baseURL: String

    enum CodingKeys: String, CodingKey {
        case nameTh, nameEn, shortName, parentOrganisation, address, phone, fax, email, officeHours, mapUrl, latitude, longitude, social, logoUrl, configured, themeColour
    }

    enum SocialKeys: String, CodingKey { case facebook, line, youtube }

    init(profile: AgencyProfile, baseURL: String) {
        self.profile = profile
        self.baseURL = baseURL
    }

    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "AgencyDocument is written, never read"))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func put(_ value: String?, _ key: CodingKeys) throws {
            if let value { try c.encode(value, forKey: key) } else { try c.encodeNil(forKey: key) }
        }
        try put(profile.configured ? profile.nameTh : nil, .nameTh)
        try put(profile.nameEn, .nameEn)
        try put(profile.shortName, .shortName)
        try put(profile.parentOrganisation, .parentOrganisation)
        try put(profile.address, .address)
        try put(profile.phone, .phone)
        try put(profile.fax, .fax)
        try put(profile.email, .email)
        try put(profile.officeHours, .officeHours)
        try put(profile.mapURL, .mapUrl)
        if let latitude = profile.latitude { try c.encode(latitude, forKey: .latitude) } else { try c.encodeNil(forKey: .latitude) }
        if let longitude = profile.longitude { try c.encode(longitude, forKey: .longitude) } else { try c.encodeNil(forKey: .longitude) }
        var social = c.nestedContainer(keyedBy: SocialKeys.self, forKey: .social)
        for (value, key) in [(profile.social.facebook, SocialKeys.facebook), (profile.social.line, .line), (profile.social.youtube, .youtube)] {
            if let value { try social.encode(value, forKey: key) } else { try social.encodeNil(forKey: key) }
        }
        try put(profile.logoPath.map { baseURL + $0 }, .logoUrl)
        try put(profile.themeColour, .themeColour)
        try c.encode(profile.configured, forKey: .configured)
    }
}

extension String {
    /// The text without surrounding white space, or nil when nothing is left.
    var nonEmpty: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
