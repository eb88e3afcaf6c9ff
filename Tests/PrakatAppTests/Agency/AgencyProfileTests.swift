import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// The agency profile and first-run setup (go-live issue §2): a new install names no one until
/// an administrator sets the Thai name; every field is checked and named when refused.
@Suite("Agency: profile and first-run setup")
struct AgencyProfileTests {
    /// The setup form as a browser posts it (multipart, with an optional logo part).
    static func setupBody(_ fields: [String: String], logo: (name: String, data: Data)? = nil, csrf: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        var all = fields
        all["_csrf"] = csrf
        for (name, value) in all.sorted(by: { $0.key < $1.key }) {
            buffer.writeString("--\(Multipart.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        buffer.writeString(
            "--\(Multipart.boundary)\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"\(logo?.name ?? "")\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        if let logo { buffer.writeBytes(logo.data) }
        buffer.writeString("\r\n--\(Multipart.boundary)--\r\n")
        return buffer
    }

    static let complete: [String: String] = [
        "nameTh": "สำนักงานสาธารณสุขจังหวัดระยอง", "nameEn": "Rayong Provincial Public Health Office", "shortName": "สสจ.ระยอง",
        "parentOrganisation": "สำนักงานปลัดกระทรวงสาธารณสุข", "address": "ถนนสุขุมวิท อำเภอเมืองระยอง จังหวัดระยอง 21000",
        "phone": "0 3861 1104", "fax": "0 3861 1105", "email": "saraban@rayong.example.go.th", "officeHours": "จันทร์–ศุกร์ 08.30–16.30 น.",
        "mapUrl": "https://www.openstreetmap.org/?mlat=12.68&mlon=101.27", "latitude": "12.68", "longitude": "101.27",
        "facebook": "https://www.facebook.com/rayong.health", "line": "", "youtube": "", "themeColour": "#0b5d3b"
    ]

    static func postSetup(_ browser: Browser, _ fields: [String: String], logo: (name: String, data: Data)? = nil) async throws -> TestingHTTPResponse {
        let token = try await browser.csrf()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.replaceOrAdd(name: .contentType, value: Multipart.contentType)
        return try await browser.app.testing().performTest(
            request: TestingHTTPRequest(method: .POST, url: URI(string: "/admin/agency"), headers: headers, body: setupBody(fields, logo: logo, csrf: token)))
    }

    static func freshInstall(_ app: Application) async throws {
        try await Agency.query(on: app.db).delete()
    }

    @Test func aNewInstallSaysItIsBeingSetUpAndNeverCallsItselfPrakat() async throws {
        try await withPrakat { app, _, _ in
            try await Self.freshInstall(app)
            for path in ["/", "/c/news", "/feed.rss", "/privacy", "/login"] {
                let page = try await visitor(app, path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.text.contains("Prakat"), "\(path) names the software")
            }
            #expect(try await visitor(app, "/").text.contains(AgencyText.beingSetUpNotice))
            let api = try await APIClient.anonymous(app).call(.GET, "/api/v1/agency")
            #expect(api.status == .ok)
            let json = try api.json()
            #expect(json["configured"] as? Bool == false)
            #expect(json["nameTh"] is NSNull)
            #expect(json["logoUrl"] is NSNull)
            #expect((json["social"] as? [String: Any])?["facebook"] is NSNull)
        }
    }

    @Test func theFirstAdministratorIsAskedForTheProfileAndTheSiteTakesItEverywhere() async throws {
        try await withPrakat { app, fixtures, _ in
            try await Self.freshInstall(app)
            let admin = Browser(app)
            try await admin.signIn("administrator")
            let desk = try await admin.request(.GET, "/staff")
            #expect(desk.status == .seeOther)
            #expect(desk.location == "/admin/agency")
            let form = try await admin.request(.GET, "/admin/agency")
            #expect(form.status == .ok)
            #expect(form.text.contains(AgencyText.firstRunTitle))

            let saved = try await Self.postSetup(admin, Self.complete)
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/staff")

            let home = try await visitor(app, "/")
            #expect(home.text.contains("สำนักงานสาธารณสุขจังหวัดระยอง"))
            #expect(home.text.contains("0 3861 1104"))
            #expect(home.text.contains("https://www.facebook.com/rayong.health"))
            #expect(home.text.contains("/agency/theme/0b5d3b.css"))
            #expect(!home.text.contains(AgencyText.beingSetUpNotice))
            #expect(try await visitor(app, "/feed.rss").text.contains("สำนักงานสาธารณสุขจังหวัดระยอง"))
            let css = try await visitor(app, "/agency/theme/0b5d3b.css")
            #expect(css.status == .ok)
            #expect(css.text.contains("--brand: #0b5d3b"))
            #expect(css.headers.first(name: .cacheControl)?.contains("immutable") == true)

            let json = try await APIClient.anonymous(app).call(.GET, "/api/v1/agency").json()
            #expect(json["configured"] as? Bool == true)
            #expect(json["shortName"] as? String == "สสจ.ระยอง")
            #expect(json["latitude"] as? Double == 12.68)
            #expect(json["themeColour"] as? String == "#0b5d3b")

            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.agencyCreated.rawValue).all()
            #expect(entries.count == 1)
            #expect(entries.first?.actorID == fixtures.admin.id)
            // Set up: the desk opens as usual.
            #expect(try await admin.request(.GET, "/staff").status == .ok)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func eachBadValueIsNamedBesideItsFieldAndNothingSavedIsLost() async throws {
        try await withPrakat { app, _, _ in
            let admin = Browser(app)
            try await admin.signIn("administrator")
            #expect(try await Self.postSetup(admin, Self.complete).status == .seeOther)
            var bad = Self.complete
            bad["nameTh"] = "ชื่อที่ไม่ควรถูกบันทึก"
            bad["email"] = "not-an-address"
            bad["themeColour"] = "#7fbf7f"
            bad["mapUrl"] = "javascript:alert(1)"
            bad["latitude"] = "สิบสาม"
            bad["longitude"] = "200"
            bad["facebook"] = "ftp://example.org"
            let refused = try await Self.postSetup(admin, bad)
            #expect(refused.status == .unprocessableEntity)
            // Both coordinates at once; a Latin field name apart from the Thai words.
            #expect(AgencyText.linkInvalid(AgencyText.fieldFacebook).hasPrefix("Facebook ต้อง"))
            for message in [
                AgencyText.emailInvalid, AgencyText.latitudeInvalid, AgencyText.longitudeInvalid, AgencyText.linkInvalid(AgencyText.fieldMapURL),
                AgencyText.linkInvalid(AgencyText.fieldFacebook)
            ] {
                #expect(refused.text.contains(message), "\(message)")
            }
            #expect(refused.text.contains("4.5:1"))
            // What was typed comes back (escaped), and the stored profile is unchanged.
            #expect(refused.text.contains("ชื่อที่ไม่ควรถูกบันทึก"))
            #expect(!refused.text.contains("value=\"javascript:alert(1)\"><"))
            let stored = try #require(try await Agency.query(on: app.db).first())
            #expect(stored.nameTh == "สำนักงานสาธารณสุขจังหวัดระยอง")
            #expect(stored.email == "saraban@rayong.example.go.th")
            #expect(stored.themeColour == "#0b5d3b")

            var noName = Self.complete
            noName["nameTh"] = "   "
            let cleared = try await Self.postSetup(admin, noName)
            #expect(cleared.status == .unprocessableEntity)
            #expect(cleared.text.contains(AgencyText.nameCannotBeCleared))
        }
    }

    @Test func aLogoIsCheckedByItsContentAndServedUnderItsHash() async throws {
        try await withPrakat { app, _, _ in
            let admin = Browser(app)
            try await admin.signIn("administrator")
            let scripted = Data(#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>"#.utf8)
            let external = Data(#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>"#.utf8)
            for (name, data) in [
                ("logo.svg", scripted), ("logo.svg", external), ("logo.png", TestFiles.windowsProgram),
                ("logo.png", Data(count: AgencyLogo.maxBytes + 1)), ("logo.gif", TestFiles.png)
            ] {
                let refused = try await Self.postSetup(admin, Self.complete, logo: (name, data))
                #expect(refused.status == .unprocessableEntity, "\(name)")
                #expect(refused.text.contains("กรุณาเลือกไฟล์ตราสัญลักษณ์อีกครั้ง"))
                #expect(try await Agency.query(on: app.db).first()?.logoSHA256 == nil)
            }

            let svg = Data(
                #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>ตรากระทรวง</title><defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/></svg>"#
                    .utf8)
            #expect(try await Self.postSetup(admin, Self.complete, logo: ("ตรา.svg", svg)).status == .seeOther)
            let first = try #require(try await Agency.query(on: app.db).first()?.logoSHA256)
            let served = try await visitor(app, "/agency/logo/\(first)")
            #expect(served.status == .ok)
            #expect(served.headers.first(name: .contentType) == "image/svg+xml")
            #expect(served.headers.first(name: .cacheControl)?.contains("immutable") == true)
            #expect(served.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
            #expect(served.bytes == svg)
            #expect(try await visitor(app, "/").text.contains("/agency/logo/\(first)"))

            #expect(try await Self.postSetup(admin, Self.complete, logo: ("logo.png", TestFiles.png)).status == .seeOther)
            let second = try #require(try await Agency.query(on: app.db).first()?.logoSHA256)
            #expect(second != first)
            #expect(try await visitor(app, "/agency/logo/\(first)").status == .notFound)
            #expect(try await visitor(app, "/agency/logo/\(second)").headers.first(name: .contentType) == "image/png")
            let actions = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.agencyLogoChanged.rawValue).count()
            #expect(actions == 2)

            var remove = Self.complete
            remove["removeLogo"] = "1"
            #expect(try await Self.postSetup(admin, remove).status == .seeOther)
            #expect(try await Agency.query(on: app.db).first()?.logoSHA256 == nil)
            #expect(try await visitor(app, "/agency/logo/\(second)").status == .notFound)
        }
    }

    /// Pages read the profile as columns (`AgencyProfile.load`): field for field what the model gives.
    @Test func theProfileReadAsColumnsIsTheModelsProfile() async throws {
        try await withPrakat { app, _, _ in
            let agency = try #require(try await Agency.query(on: app.db).first())
            (agency.nameEn, agency.shortName, agency.parentOrganisation, agency.fax) = ("Chon Buri PHO", "สสจ.ชลบุรี", "สป.สธ.", "0 3800 0001")
            (agency.officeHours, agency.mapURL, agency.latitude, agency.longitude) = ("08.30–16.30 น.", "https://example.org/map", 13.36, 100.98)
            (agency.facebookURL, agency.lineURL, agency.youtubeURL) = ("https://facebook.example/a", "https://line.example/a", "https://youtube.example/a")
            (agency.logoSHA256, agency.logoContentType, agency.themeColour) = (String(repeating: "a", count: 64), AgencyLogo.svgContentType, "#0b5d3b")
            try await agency.save(on: app.db)
            let profile = try await AgencyProfile.load(on: app.db)
            #expect(profile == AgencyProfile(try await Agency.query(on: app.db).first()))
            #expect(profile.configured && profile.logoIsSVG && profile.social.any && profile.latitude == 13.36)
            try await Self.freshInstall(app)
            #expect(try await AgencyProfile.load(on: app.db) == .notConfigured)
        }
    }

    @Test func onlyAdministratorsMaySeeOrChangeTheProfile() async throws {
        try await withPrakat { app, _, _ in
            #expect(try await visitor(app, "/admin/agency").status == .seeOther)
            for role in Role.allCases where role != .administrator {
                let browser = Browser(app)
                try await browser.signIn(role.rawValue.lowercased())
                #expect(try await browser.request(.GET, "/admin/agency").status == .forbidden, "\(role)")
                #expect(try await Self.postSetup(browser, Self.complete).status == .forbidden, "\(role)")
                let api = try await APIClient.signIn(app, role.rawValue.lowercased())
                #expect(try await api.send(.PATCH, "/api/v1/agency", ["nameTh": "ยึดเว็บไซต์"]).status == .forbidden, "\(role)")
            }
            #expect(try await APIClient.anonymous(app).send(.PATCH, "/api/v1/agency", ["nameTh": "ยึดเว็บไซต์"]).status == .unauthorized)
            #expect(try await Agency.query(on: app.db).first()?.nameTh == "สำนักงานสาธารณสุขจังหวัดชลบุรี")
        }
    }

    @Test func theAPIChangesOnlyTheFieldsItSendsAndNamesBadOnes() async throws {
        try await withPrakat { app, _, _ in
            let api = try await APIClient.signIn(app, "administrator")
            let changed = try await api.send(
                .PATCH, "/api/v1/agency", ["shortName": "สสจ.ชบ.", "social": ["line": "https://line.me/R/ti/p/@example"], "latitude": 13.36, "longitude": 100.98])
            #expect(changed.status == .ok)
            let json = try changed.json()
            #expect(json["shortName"] as? String == "สสจ.ชบ.")
            #expect(json["nameTh"] as? String == "สำนักงานสาธารณสุขจังหวัดชลบุรี")
            #expect((json["social"] as? [String: Any])?["line"] as? String == "https://line.me/R/ti/p/@example")

            let cleared = try await api.call(.PATCH, "/api/v1/agency", json: #"{"shortName": null}"#)
            #expect(cleared.status == .ok)
            #expect(try cleared.json()["shortName"] is NSNull)

            let bad = try await api.send(
                .PATCH, "/api/v1/agency", ["email": "ไม่ใช่อีเมล", "themeColour": "#ffff00", "mapUrl": "javascript:alert(1)", "social": ["youtube": "//evil"], "nameTh": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.isProblemJSON)
            let fields = Set(try bad.fieldErrors().map(\.field))
            #expect(fields == ["email", "themeColour", "mapUrl", "social.youtube", "nameTh"])
            #expect(try await api.call(.PATCH, "/api/v1/agency", json: #"{"latitude": "north"}"#).status == .unprocessableEntity)
            #expect(try await api.call(.PATCH, "/api/v1/agency", json: #"{"latitude": 95}"#).status == .unprocessableEntity)
            #expect(try await api.call(.PATCH, "/api/v1/agency", json: "{").status == .badRequest)
            // Fields with a format are cleared with null; "" is refused, as the document says.
            let empty = try await api.call(.PATCH, "/api/v1/agency", json: #"{"email": "", "themeColour": "", "social": {"line": ""}}"#)
            #expect(empty.status == .unprocessableEntity)
            #expect(Set(try empty.fieldErrors().map(\.field)) == ["email", "themeColour", "social.line"])
            #expect(try await api.call(.PATCH, "/api/v1/agency", json: #"{"social": null}"#).status.code >= 400)
            #expect(try await api.call(.PATCH, "/api/v1/agency", json: #"{"fax": "02\u0007"}"#).status == .unprocessableEntity)
            #expect(try await api.call(.PATCH, "/api/v1/agency", json: #"{"shortName": "\#(String(repeating: "ก", count: 51))"}"#).status == .unprocessableEntity)
            // A textarea's CRLF line breaks are kept as LF.
            let address = try await api.call(.PATCH, "/api/v1/agency", json: #"{"address": "1 ถนนหนึ่ง\r\nชลบุรี"}"#)
            #expect(try address.json()["address"] as? String == "1 ถนนหนึ่ง\nชลบุรี")
            #expect(try await Agency.query(on: app.db).first()?.email == "info@example.org")
        }
    }

    @Test func theAPIReplacesTheLogoWithTheContractsStatuses() async throws {
        try await withPrakat { app, _, _ in
            let api = try await APIClient.signIn(app, "administrator")
            func put(_ name: String, _ data: Data) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = BearerAuthorization(token: api.token ?? "")
                headers.replaceOrAdd(name: .contentType, value: Multipart.contentType)
                return try await app.testing().performTest(
                    request: TestingHTTPRequest(method: .PUT, url: URI(string: "/api/v1/agency/logo"), headers: headers, body: Multipart.body(fileName: name, data: data)))
            }
            let ok = try await put("logo.png", TestFiles.png)
            #expect(ok.status == .ok)
            let url = try #require(try ok.json()["logoUrl"] as? String)
            #expect(url.contains("/agency/logo/"))
            #expect(try await put("logo.svg", Data("<svg><script>alert(1)</script></svg>".utf8)).status == .unsupportedMediaType)
            #expect(try await put("logo.png", Data(count: AgencyLogo.maxBytes + 1)).status == .payloadTooLarge)
            #expect(try await put("logo.png", TestFiles.windowsProgram).status == .unsupportedMediaType)
            #expect(try await api.call(.PUT, "/api/v1/agency/logo", json: "{}").status == .unsupportedMediaType)
        }
    }
}
