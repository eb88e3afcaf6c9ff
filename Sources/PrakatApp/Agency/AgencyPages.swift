import Foundation
import PrakatCore
import Vapor

/// The setup form (first run and every later edit), the logo and the theme stylesheet.
struct AgencyPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = AgencyPages()
        routes.register(AgencyRoute.self) { req, route in
            switch route {
            case .setup: try await pages.form(req)
            case .saveSetup: try await pages.save(req)
            case .logo(let sha): try await pages.logo(req, sha: sha)
            case .theme(let hex): pages.theme(req, hex: hex)
            case .permission: try await AgencyPermissionPages().page(req)
            case .savePermission: try await AgencyPermissionPages().save(req)
            }
        }
        let api = AgencyAPI()
        routes.register(AgencyAPIRoute.self) { req, route in
            switch route {
            case .read: try await api.read(req)
            case .update: try await api.update(req)
            case .replaceLogo: try await api.replaceLogo(req)
            }
        }
    }

    struct FormBody: Encodable {
        var action: String
        var firstRun: Bool
        var intro: String?
        var values: [String: String]
        var logoPath: String?
        var errors: FormErrors
        /// The browser cannot send a chosen file again after a refused save.
        var chooseLogoAgain: Bool
    }

    private func render(
        _ req: Request, values: [String: String]? = nil, errors: FormErrors = FormErrors(), status: HTTPResponseStatus = .ok, logoLost: Bool = false
    )
        async throws -> Response
    {
        let profile = await req.agencyProfile()
        let body = FormBody(
            action: AgencyRoute.saveSetup.path, firstRun: !profile.configured, intro: profile.configured ? nil : AgencyText.firstRunIntro,
            values: values ?? Self.values(of: profile), logoPath: profile.logoPath, errors: errors, chooseLogoAgain: logoLost)
        return try await req.render("Agency/setup", title: profile.configured ? AgencyText.setupTitle : AgencyText.firstRunTitle, body, status: status)
    }

    /// The form's fields as the profile has them now.
    static func values(of profile: AgencyProfile) -> [String: String] {
        [
            "nameTh": profile.configured ? profile.nameTh : "", "nameEn": profile.nameEn ?? "", "shortName": profile.shortName ?? "",
            "parentOrganisation": profile.parentOrganisation ?? "", "address": profile.address ?? "", "phone": profile.phone ?? "",
            "fax": profile.fax ?? "", "email": profile.email ?? "", "officeHours": profile.officeHours ?? "", "mapUrl": profile.mapURL ?? "",
            "latitude": profile.latitude.map { String($0) } ?? "", "longitude": profile.longitude.map { String($0) } ?? "",
            "facebook": profile.social.facebook ?? "", "line": profile.social.line ?? "", "youtube": profile.social.youtube ?? "",
            "themeColour": profile.themeColour ?? ""
        ]
    }

    func form(_ req: Request) async throws -> Response {
        try await render(req)
    }

    func save(_ req: Request) async throws -> Response {
        let form = try req.content.decode(AgencyForm.self)
        let logo = form.logoFile.map { (fileName: $0.filename, data: Data($0.data.readableBytesView)) }
        do {
            let configuredNow = try await req.agency.save(form.input, logo: logo, removeLogo: form.removeLogo != nil, actor: req.auditActor)
            if configuredNow {
                return req.redirect(to: PublishingRoute.desk, flash: Flash(kind: .success, text: AgencyText.configuredNow))
            }
            return req.redirect(to: AgencyRoute.setup, flash: Flash(kind: .success, text: AgencyText.saved))
        } catch AgencyError.invalid(let errors) {
            return try await render(req, values: form.typedValues, errors: errors, status: .unprocessableEntity, logoLost: logo != nil)
        }
    }

    func logo(_ req: Request, sha: String) async throws -> Response {
        let etag = "\"\(sha.prefix(32))\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        headers.replaceOrAdd(name: .eTag, value: etag)
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified, headers: headers) }
        guard let (data, contentType) = try await req.agency.logo(sha) else { throw PrakatError.notFound() }
        headers.replaceOrAdd(name: .contentType, value: contentType)
        // An SVG opened on its own is a document: nothing in it may run or load.
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
        return Response(status: .ok, headers: headers, body: req.method == .HEAD ? .empty : .init(data: data))
    }

    /// The brand colour over the stylesheet's default; the colour is in the address, so the file
    /// never changes and is cached for a year. Any valid colour answers (the address is only
    /// linked after the contrast check), which keeps this handler free of database reads.
    func theme(_ req: Request, hex: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/css; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        let css = ":root { --brand: #\(hex); --brand-ink: #ffffff; }\n"
        return Response(status: .ok, headers: headers, body: .init(string: css))
    }
}

/// `GET`/`PATCH /api/v1/agency` and `PUT /api/v1/agency/logo`.
struct AgencyAPI {
    func read(_ req: Request) async throws -> AgencyDocument {
        AgencyDocument(profile: await req.agencyProfile(), baseURL: req.publicBaseURL)
    }

    func update(_ req: Request) async throws -> AgencyDocument {
        let patch = try req.decodeJSON(AgencyPatch.self)
        if !patch.emptyFormattedFields.isEmpty {
            // The document gives these fields a format; null, not "", is how the API clears one.
            throw PrakatError.validation(patch.emptyFormattedFields.map { .init(field: $0, message: AgencyText.clearWithNull) })
        }
        do {
            try await req.agency.save(patch.input, actor: req.auditActor)
        } catch AgencyError.invalid(let errors) {
            // The form names the social links by themselves; the API nests them under `social`.
            throw PrakatError.validation(
                errors.fieldErrors.map { error in
                    ["facebook", "line", "youtube"].contains(error.field) ? Problem.FieldError(field: "social." + error.field, message: error.message) : error
                })
        }
        return AgencyDocument(profile: try await AgencyProfile.load(on: req.db), baseURL: req.publicBaseURL)
    }

    struct LogoResponse: Content {
        var logoUrl: String
    }

    func replaceLogo(_ req: Request) async throws -> LogoResponse {
        guard let contentType = req.headers.contentType, contentType.type == "multipart", contentType.subType == "form-data" else {
            throw PrakatError(
                status: .unsupportedMediaType, kind: "unsupported-media-type", title: SupportText.unsupportedMediaTitle,
                detail: "ส่งไฟล์แบบ multipart/form-data ในส่วนที่ชื่อ file")
        }
        guard let upload = try? req.content.decode(PublishingRoutes.UploadForm.self), let file = upload.file else {
            throw PrakatError.validation([.init(field: "file", message: PublishingText.fileMissing)])
        }
        let data = Data(file.data.readableBytesView)
        // The logo alone: an agency without a name yet keeps its (absent) name.
        do {
            try await req.agency.save(AgencyInput(), logo: (file.filename, data), actor: req.auditActor)
        } catch AgencyError.invalid(let errors) {
            // The contract's statuses: 413 too large, 415 not an accepted image, 422 otherwise.
            let message = errors.fieldErrors.first { $0.field == "logo" }?.message
            if data.count > AgencyLogo.maxBytes {
                throw PrakatError(status: .payloadTooLarge, kind: "too-large", title: AgencyText.logoTooLarge, detail: AgencyText.logoTooLarge)
            }
            if let message {
                throw PrakatError(status: .unsupportedMediaType, kind: "unsupported-media-type", title: SupportText.unsupportedMediaTitle, detail: message)
            }
            throw PrakatError.validation(errors.fieldErrors)
        }
        let profile = try await AgencyProfile.load(on: req.db)
        return LogoResponse(logoUrl: req.publicBaseURL + (profile.logoPath ?? ""))
    }
}

/// The body of `PATCH /api/v1/agency`: a field that is present changes (null clears it), a field
/// that is absent stays. Coordinates are JSON numbers.
struct AgencyPatch: Decodable {
    var input = AgencyInput()
    /// Fields with a format (e-mail, links, colour) sent as "": the API clears with null.
    var emptyFormattedFields: [String] = []

    enum Keys: String, CodingKey {
        case nameTh, nameEn, shortName, parentOrganisation, address, phone, fax, email, officeHours, mapUrl, latitude, longitude, social, themeColour
    }

    enum SocialKeys: String, CodingKey { case facebook, line, youtube }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        func text(_ key: Keys) throws -> String? {
            guard c.contains(key) else { return nil }
            return try c.decodeNil(forKey: key) ? "" : try c.decode(String.self, forKey: key)
        }
        func number(_ key: Keys) throws -> String? {
            guard c.contains(key) else { return nil }
            return try c.decodeNil(forKey: key) ? "" : String(try c.decode(Double.self, forKey: key))
        }
        input.nameTh = try text(.nameTh)
        input.nameEn = try text(.nameEn)
        input.shortName = try text(.shortName)
        input.parentOrganisation = try text(.parentOrganisation)
        input.address = try text(.address)
        input.phone = try text(.phone)
        input.fax = try text(.fax)
        var emptyFormatted: [String] = []
        func formatted(_ key: Keys) throws -> String? {
            guard c.contains(key) else { return nil }
            if try c.decodeNil(forKey: key) { return "" }
            let value = try c.decode(String.self, forKey: key)
            if value.isEmpty { emptyFormatted.append(key.rawValue) }
            return value
        }
        input.email = try formatted(.email)
        input.officeHours = try text(.officeHours)
        input.mapURL = try formatted(.mapUrl)
        input.latitude = try number(.latitude)
        input.longitude = try number(.longitude)
        input.themeColour = try formatted(.themeColour)
        // `social` is an object when present (null is not one of its values); absent links stay.
        if c.contains(.social) {
            let social = try c.nestedContainer(keyedBy: SocialKeys.self, forKey: .social)
            func link(_ key: SocialKeys) throws -> String? {
                guard social.contains(key) else { return nil }
                if try social.decodeNil(forKey: key) { return "" }
                let value = try social.decode(String.self, forKey: key)
                if value.isEmpty { emptyFormatted.append("social." + key.rawValue) }
                return value
            }
            input.facebook = try link(.facebook)
            input.line = try link(.line)
            input.youtube = try link(.youtube)
        }
        emptyFormattedFields = emptyFormatted
    }
}
