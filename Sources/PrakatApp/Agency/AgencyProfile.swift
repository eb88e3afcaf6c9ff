import Fluent
import Foundation
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
                    name_th: $0.nameTh, name_en: $0.nameEn, short_name: $0.shortName, parent_organisation: $0.parentOrganisation, address: $0.address,
                    phone: $0.phone, fax: $0.fax, email: $0.email, office_hours: $0.officeHours, map_url: $0.mapURL, latitude: $0.latitude,
                    longitude: $0.longitude, facebook_url: $0.facebookURL, line_url: $0.lineURL, youtube_url: $0.youtubeURL, logo_sha256: $0.logoSHA256,
                    logo_content_type: $0.logoContentType, theme_colour: $0.themeColour)
            })
    }

    private init(_ agency: Columns?) {
        guard let agency, let name = agency.name_th.nonEmpty else {
            self = .notConfigured
            return
        }
        self.init(
            configured: true, nameTh: name, nameEn: agency.name_en?.nonEmpty, shortName: agency.short_name?.nonEmpty,
            parentOrganisation: agency.parent_organisation?.nonEmpty, address: agency.address.nonEmpty, phone: agency.phone.nonEmpty,
            fax: agency.fax?.nonEmpty, email: agency.email.nonEmpty, officeHours: agency.office_hours?.nonEmpty, mapURL: agency.map_url?.nonEmpty,
            latitude: agency.latitude, longitude: agency.longitude,
            social: Social(facebook: agency.facebook_url?.nonEmpty, line: agency.line_url?.nonEmpty, youtube: agency.youtube_url?.nonEmpty),
            logoPath: agency.logo_sha256.map { AgencyRoute.logo($0).path }, logoIsSVG: agency.logo_content_type == AgencyLogo.svgContentType,
            themeColour: agency.theme_colour?.nonEmpty)
    }

    /// The `agencies` columns a profile is made of, by their column names.
    private struct Columns: Decodable {
        var name_th: String
        var name_en: String?
        var short_name: String?
        var parent_organisation: String?
        var address: String
        var phone: String
        var fax: String?
        var email: String
        var office_hours: String?
        var map_url: String?
        var latitude: Double?
        var longitude: Double?
        var facebook_url: String?
        var line_url: String?
        var youtube_url: String?
        var logo_sha256: String?
        var logo_content_type: String?
        var theme_colour: String?

        static let names = [
            "name_th", "name_en", "short_name", "parent_organisation", "address", "phone", "fax", "email", "office_hours", "map_url", "latitude",
            "longitude", "facebook_url", "line_url", "youtube_url", "logo_sha256", "logo_content_type", "theme_colour"
        ]
    }

    /// The one row, read on every render that shows the agency: as columns, since filling the
    /// model by reflection was about 5 % of the CPU of a search page without results.
    static func load(on db: any Database) async throws -> AgencyProfile {
        guard let sql = db as? any SQLDatabase else { return AgencyProfile(try await Agency.query(on: db).first()) }
        return AgencyProfile(try await sql.select().columns(Columns.names.map { SQLColumn($0) }).from(Agency.schema).limit(1).first(decoding: Columns.self))
    }
}

extension Request {
    /// The agency profile for this request (read once and kept for the rest of the request).
    func agencyProfile() async -> AgencyProfile {
        if let profile = storage[AgencyProfileKey.self] { return profile }
        let profile = (try? await AgencyProfile.load(on: db)) ?? .notConfigured
        storage[AgencyProfileKey.self] = profile
        return profile
    }
}

private struct AgencyProfileKey: StorageKey { typealias Value = AgencyProfile }

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
