import Foundation
import PrakatCore
import Vapor

/// What the setup form (every field) or `PATCH /api/v1/agency` (some fields) says about the
/// profile. `nil` leaves a field as it is; an empty string clears it.
struct AgencyInput: Sendable {
    var nameTh: String?
    var nameEn: String?
    var shortName: String?
    var parentOrganisation: String?
    var address: String?
    var phone: String?
    var fax: String?
    var email: String?
    var officeHours: String?
    var mapURL: String?
    var latitude: String?
    var longitude: String?
    var facebook: String?
    var line: String?
    var youtube: String?
    var themeColour: String?

    /// Nothing to change (a logo sent on its own).
    var isEmpty: Bool {
        [nameTh, nameEn, shortName, parentOrganisation, address, phone, fax, email, officeHours, mapURL, latitude, longitude, facebook, line, youtube, themeColour]
            .allSatisfy { $0 == nil }
    }

    /// The checked values, ready to apply inside the write transaction.
    // Key paths are immutable values; Swift does not yet mark them Sendable.
    struct Checked: @unchecked Sendable {
        fileprivate var text: [ReferenceWritableKeyPath<Agency, String?>: String?] = [:]
        fileprivate var required: [ReferenceWritableKeyPath<Agency, String>: String] = [:]
        fileprivate var coordinates: (latitude: Double?, longitude: Double?)?
        /// The field names that change, for the audit entry.
        var changedFields: [String] = []

        func apply(to agency: Agency) {
            for (key, value) in required { agency[keyPath: key] = value }
            for (key, value) in text { agency[keyPath: key] = value }
            if let coordinates {
                agency.latitude = coordinates.latitude
                agency.longitude = coordinates.longitude
            }
        }
    }

    /// Checks every field given; all messages at once, each naming its field (form field names
    /// are the API's, so the page and problem details agree).
    func check(current: Agency?) -> Result<Checked, FormErrors> {
        var errors = FormErrors()
        var checked = Checked()

        func plain(_ given: String?, field: String, label: String, limit: Int) -> String?? {
            guard let given else { return .none }
            // Browsers send a textarea's line breaks as CRLF; one kind of line break is kept.
            let raw = given.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            // Counted in code points, as JSON Schema's maxLength counts them, so the API's
            // document and the server agree on every string.
            if given.unicodeScalars.count > limit {
                errors.add(field, AgencyText.tooLong(label, limit))
                return .none
            }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
                errors.add(field, AgencyText.controlCharacters(label))
                return .none
            }
            checked.changedFields.append(field)
            return .some(value.isEmpty ? nil : value)
        }

        func link(_ raw: String?, field: String, label: String) -> String?? {
            guard let value = plain(raw, field: field, label: label, limit: 2000) else { return .none }
            guard let url = value else { return .some(nil) }
            // Site-relative paths are fine in content, but these links leave the site.
            guard url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://"), SafeURL.isAllowedLink(url) else {
                errors.add(field, AgencyText.linkInvalid(label))
                checked.changedFields.removeLast()
                return .none
            }
            return .some(url)
        }

        if let raw = nameTh {
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                errors.add("nameTh", current?.nameTh.nonEmpty == nil ? AgencyText.nameRequired : AgencyText.nameCannotBeCleared)
            } else if let checkedName = plain(value, field: "nameTh", label: AgencyText.fieldNameTh, limit: 200), let name = checkedName {
                checked.required[\Agency.nameTh] = name
            }
        } else if current?.nameTh.nonEmpty == nil, !isEmpty {
            errors.add("nameTh", AgencyText.nameRequired)
        }
        for (raw, field, label, limit, key) in [
            (nameEn, "nameEn", AgencyText.fieldNameEn, 200, \Agency.nameEn),
            (shortName, "shortName", AgencyText.fieldShortName, 50, \Agency.shortName),
            (parentOrganisation, "parentOrganisation", AgencyText.fieldParent, 200, \Agency.parentOrganisation),
            (fax, "fax", AgencyText.fieldFax, 100, \Agency.fax),
            (officeHours, "officeHours", AgencyText.fieldOfficeHours, 200, \Agency.officeHours)
        ] as [(String?, String, String, Int, ReferenceWritableKeyPath<Agency, String?>)] {
            if let value = plain(raw, field: field, label: label, limit: limit) { checked.text[key] = value }
        }
        // Columns created NOT NULL before the setup page existed: "" stands for "not given".
        for (raw, field, label, limit, key) in [
            (address, "address", AgencyText.fieldAddress, 500, \Agency.address),
            (phone, "phone", AgencyText.fieldPhone, 100, \Agency.phone)
        ] as [(String?, String, String, Int, ReferenceWritableKeyPath<Agency, String>)] {
            if let value = plain(raw, field: field, label: label, limit: limit) { checked.required[key] = value ?? "" }
        }
        if let value = plain(email, field: "email", label: AgencyText.fieldEmail, limit: 254) {
            if let address = value, EmailAddress(validating: address) == nil {
                errors.add("email", AgencyText.emailInvalid)
            } else {
                checked.required[\Agency.email] = value ?? ""
            }
        }
        for (raw, field, label, key) in [
            (mapURL, "mapUrl", AgencyText.fieldMapURL, \Agency.mapURL),
            (facebook, "facebook", AgencyText.fieldFacebook, \Agency.facebookURL),
            (line, "line", AgencyText.fieldLine, \Agency.lineURL),
            (youtube, "youtube", AgencyText.fieldYouTube, \Agency.youtubeURL)
        ] as [(String?, String, String, ReferenceWritableKeyPath<Agency, String?>)] {
            if let value = link(raw, field: field, label: label) { checked.text[key] = value }
        }
        if latitude != nil || longitude != nil {
            let lat = Self.coordinate(latitude ?? current?.latitude.map { String($0) }, limit: 90)
            let lon = Self.coordinate(longitude ?? current?.longitude.map { String($0) }, limit: 180)
            // Both named at once when both are wrong (the second used to show only on the next save).
            if case .invalid = lat { errors.add("latitude", AgencyText.latitudeInvalid) }
            if case .invalid = lon { errors.add("longitude", AgencyText.longitudeInvalid) }
            switch (lat, lon) {
            case (.invalid, _), (_, .invalid): break
            case (.empty, .empty): checked.coordinates = (nil, nil)
            case (.value(let a), .value(let b)): checked.coordinates = (a, b)
            case (.empty, _): errors.add("latitude", AgencyText.coordinatesPaired)
            case (_, .empty): errors.add("longitude", AgencyText.coordinatesPaired)
            }
            if latitude != nil { checked.changedFields.append("latitude") }
            if longitude != nil { checked.changedFields.append("longitude") }
        }
        if let raw = themeColour {
            let value = raw.trimmingCharacters(in: .whitespaces)
            if value.isEmpty {
                checked.text[\Agency.themeColour] = .some(nil)
                checked.changedFields.append("themeColour")
            } else {
                switch ThemeColour.validate(value) {
                case .success(let colour):
                    checked.text[\Agency.themeColour] = colour
                    checked.changedFields.append("themeColour")
                case .failure(let rejection):
                    errors.add("themeColour", rejection.thaiMessage)
                }
            }
        }
        return errors.isEmpty ? .success(checked) : .failure(errors)
    }

    private enum Coordinate { case empty, invalid, value(Double) }

    /// Accepts Thai digits too ("๑๓.๓๖"), as people copy them from documents.
    private static func coordinate(_ raw: String?, limit: Double) -> Coordinate {
        let text = ThaiDigits.toArabic(raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .empty }
        guard text.count <= 20, let value = Double(text), value.isFinite, abs(value) <= limit else { return .invalid }
        return .value(value)
    }
}

/// The setup form's fields (multipart: the logo comes with them).
struct AgencyForm: Content {
    var nameTh: String?
    var nameEn: String?
    var shortName: String?
    var parentOrganisation: String?
    var address: String?
    var phone: String?
    var fax: String?
    var email: String?
    var officeHours: String?
    var mapUrl: String?
    var latitude: String?
    var longitude: String?
    var facebook: String?
    var line: String?
    var youtube: String?
    var themeColour: String?
    var logo: File?
    var removeLogo: String?

    /// Every field of the form: a missing one is an empty one.
    var input: AgencyInput {
        AgencyInput(
            nameTh: nameTh ?? "", nameEn: nameEn ?? "", shortName: shortName ?? "", parentOrganisation: parentOrganisation ?? "",
            address: address ?? "", phone: phone ?? "", fax: fax ?? "", email: email ?? "", officeHours: officeHours ?? "",
            mapURL: mapUrl ?? "", latitude: latitude ?? "", longitude: longitude ?? "", facebook: facebook ?? "", line: line ?? "",
            youtube: youtube ?? "", themeColour: themeColour ?? "")
    }

    /// What was typed, by field name, to show again beside the messages of a refused save.
    var typedValues: [String: String] {
        let input = input
        return [
            "nameTh": input.nameTh, "nameEn": input.nameEn, "shortName": input.shortName, "parentOrganisation": input.parentOrganisation,
            "address": input.address, "phone": input.phone, "fax": input.fax, "email": input.email, "officeHours": input.officeHours,
            "mapUrl": input.mapURL, "latitude": input.latitude, "longitude": input.longitude, "facebook": input.facebook, "line": input.line,
            "youtube": input.youtube, "themeColour": input.themeColour
        ].mapValues { $0 ?? "" }
    }

    /// A file input left empty still sends a part with no name and no bytes.
    var logoFile: File? {
        guard let logo, logo.data.readableBytes > 0 || !logo.filename.isEmpty else { return nil }
        return logo
    }
}
