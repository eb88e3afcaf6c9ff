import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// The home page managed by webmasters (issue 11 §3): banners with required text alternatives,
/// quick links and executives, each with a period like a publication, ordered, audited.
@Suite("Home page: banners, quick links and executives")
struct HomeContentTests {
    static func banner(width: Int = 1600, height: Int = 500) -> Data {
        PhotoTests.photo(width: width, height: height, shade: 90)
    }

    func webmaster(_ app: Application) async throws -> Browser {
        let browser = Browser(app)
        try await browser.signIn("webmaster")
        return browser
    }

    func homeTags(_ app: Application) async throws -> [HTMLTags.Tag] {
        HTMLTags.scan(try await visitor(app, "/").text)
    }

    @Test func aBannerShowsForItsPeriodWithItsTextAlternativeAndLink() async throws {
        try await withPrakat { app, _, clock in
            let web = try await webmaster(app)
            let alt = "เชิญชวนกลุ่มเสี่ยง ๗ กลุ่ม รับวัคซีนไข้หวัดใหญ่ฟรี ที่ รพ.สต. ทุกแห่ง"
            let end = PublishingFormat.localInput(clock.now().addingTimeInterval(7 * 86_400))
            // Cached before the banner exists: adding one must show at once.
            #expect(!(try await visitor(app, "/").text.contains(#"class="banners""#)))
            let created = try await web.upload(
                HomeContentRoute.create(.banner).path, fileName: "วัคซีน.png", data: Self.banner(),
                fields: ["alt": alt, "link": "/c/news", "endsAt": end], fileField: "image")
            #expect(created.status == .seeOther, "\(created.text)")
            let tags = try await homeTags(app)
            let image = try #require(tags.first { $0.name == "img" && $0.attributes.contains { $0.name == "alt" && $0.value == alt } })
            let src = try #require(image.attributes.first { $0.name == "src" }?.value)
            #expect(src.hasPrefix("/home/images/"))
            let picture = try await visitor(app, src)
            #expect(picture.status == .ok)
            #expect(picture.headers.first(name: .cacheControl)?.contains("immutable") == true)
            #expect(!String(decoding: picture.bytes, as: UTF8.self).contains("GPS"))
            #expect(try await visitor(app, "/").text.contains(#"<a href="/c/news"><img"#))
            let entry = try #require(try await HomeEntry.query(on: app.db).filter(\.$kindRaw == "banner").first())
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityID == entry.id!.lowercased).all().map(\.action)
            #expect(audit == [AuditAction.homeEntryCreated.rawValue])
            // The period ends: the banner leaves the home page by itself, the picture stays served for the list.
            clock.advance(by: 8 * 86_400)
            #expect(!(try await visitor(app, "/").text.contains(alt)))
            // (A week later the old session has ended; the webmaster signs in again.)
            let overview = try await webmaster(app).request(.GET, HomeContentRoute.overview.path)
            #expect(overview.text.contains(HomeContentText.statusEnded))
        }
    }

    @Test func badBannersAreRefusedBesideTheirFieldsAndNothingIsSaved() async throws {
        try await withPrakat { app, _, clock in
            let web = try await webmaster(app)
            let path = HomeContentRoute.create(.banner).path
            let noAlt = try await web.upload(path, fileName: "ภาพ.png", data: Self.banner(), fields: ["link": "https://moph.go.th/"], fileField: "image")
            #expect(noAlt.status == .unprocessableEntity)
            #expect(noAlt.text.contains(#"id="alt-error""#))
            #expect(noAlt.text.contains(#"value="https://moph.go.th/""#))
            #expect(noAlt.text.contains("กรุณาเลือกไฟล์ภาพอีกครั้ง"))
            let cases: [(String, Data, [String: String], String)] = [
                ("โปรแกรม.png", TestFiles.windowsProgram, ["alt": "ภาพ"], "image"),
                (
                    "โลโก้.svg", Data(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8), ["alt": "ภาพ"], "image"
                ),
                ("ใหญ่.png", Data(Self.banner()) + Data(repeating: 0, count: 4 * 1024 * 1024), ["alt": "ภาพ"], "image"),
                ("ภาพ.png", Self.banner(), ["alt": "ภาพ", "link": "javascript:alert(1)"], "link"),
                ("ภาพ.png", Self.banner(), ["alt": "ภาพ", "startsAt": "2026-03-01T10:00", "endsAt": "2026-02-01T10:00"], "endsAt"),
                ("ภาพ.png", Self.banner(), ["alt": "ภาพ", "endsAt": "พรุ่งนี้"], "endsAt"),
                ("ภาพ.png", Self.banner(), ["alt": String(repeating: "ก", count: 251)], "alt")
            ]
            for (name, data, fields, field) in cases {
                let refused = try await web.upload(path, fileName: name, data: data, fields: fields, fileField: "image")
                #expect(refused.status == .unprocessableEntity, "\(name) \(field)")
                #expect(refused.text.contains(#"id="\#(field)-error""#), "\(name) \(field)")
            }
            let missingImage = try await web.post(path, ["alt": "ภาพ"])
            #expect(missingImage.status == .unprocessableEntity)
            #expect(missingImage.text.contains(HomeContentText.imageRequired))
            _ = clock
            #expect(try await HomeEntry.query(on: app.db).filter(\.$kindRaw == "banner").count() == 0)
        }
    }

    @Test func quickLinksStartWithEveryInstallAndKeepTheWebmastersOrder() async throws {
        try await withPrakat { app, _, _ in
            // A fresh install (no demo) already links to pages every Prakat site has.
            var nav = try await visitor(app, "/").text
            for link in HomeContentText.defaultQuickLinks { #expect(nav.contains(#"href="\#(link.path)""#)) }
            let web = try await webmaster(app)
            let added = try await web.post(HomeContentRoute.create(.quickLink).path, ["title": "ร้องเรียน/ร้องทุกข์", "link": "https://complaint.example.go.th/"])
            #expect(added.status == .seeOther)
            let refused = try await web.post(HomeContentRoute.create(.quickLink).path, ["title": "", "link": "ftp://x"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains(#"id="title-error""#) && refused.text.contains(#"id="link-error""#))
            let entry = try #require(try await HomeEntry.query(on: app.db).filter(\.$title == "ร้องเรียน/ร้องทุกข์").first())
            // Last added is last; moved up once it passes the one before it.
            #expect(try await web.post(HomeContentRoute.move(entry.id!).path, ["direction": "up"]).status == .seeOther)
            nav = try await visitor(app, "/").text
            let complaint = try #require(nav.range(of: "ร้องเรียน/ร้องทุกข์"))
            let statistics = try #require(nav.range(of: HomeContentText.defaultQuickLinks[3].label))
            #expect(complaint.lowerBound < statistics.lowerBound)
            // Edited, then removed: each change audited.
            #expect(try await web.post(HomeContentRoute.update(entry.id!).path, ["title": "ร้องเรียนออนไลน์", "link": "/c/e-service"]).status == .seeOther)
            #expect(try await visitor(app, "/").text.contains("ร้องเรียนออนไลน์"))
            #expect(try await web.post(HomeContentRoute.remove(entry.id!).path, [:]).status == .seeOther)
            #expect(!(try await visitor(app, "/").text.contains("ร้องเรียนออนไลน์")))
            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityID == entry.id!.lowercased).sort(\.$sequence).all().map(\.action)
            #expect(actions == ["home_entry.created", "home_entry.moved", "home_entry.updated", "home_entry.removed"])
        }
    }

    @Test func executivesShowWithTheirPositions() async throws {
        try await withPrakat { app, _, _ in
            let web = try await webmaster(app)
            let withPhoto = try await web.upload(
                HomeContentRoute.create(.executive).path, fileName: "ผู้บริหาร.png", data: PhotoTests.photo(width: 300, height: 400),
                fields: ["title": "นายแพทย์สมชาย ใจดี", "subtitle": "นายแพทย์สาธารณสุขจังหวัดชลบุรี"], fileField: "image")
            #expect(withPhoto.status == .seeOther)
            #expect(try await web.post(HomeContentRoute.create(.executive).path, ["title": "นางสาวสุดา รักษ์ดี", "subtitle": "รองนายแพทย์สาธารณสุขจังหวัด"]).status == .seeOther)
            let missing = try await web.post(HomeContentRoute.create(.executive).path, ["title": "ไม่มีตำแหน่ง"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains(HomeContentText.positionRequired))
            let home = try await visitor(app, "/").text
            #expect(home.contains("ผู้บริหาร") && home.contains("นายแพทย์สาธารณสุขจังหวัดชลบุรี") && home.contains("นางสาวสุดา รักษ์ดี"))
            // The photo is described by the name beside it.
            let photo = HTMLTags.scan(home).first { $0.name == "img" && ($0.attributes.first { $0.name == "src" }?.value.hasPrefix("/home/images/") ?? false) }
            #expect(photo?.attributes.first { $0.name == "alt" }?.value == "")
        }
    }

    @Test func onlyWebmastersManageTheHomePage() async throws {
        try await withPrakat { app, _, _ in
            for role in Role.allCases where role != .webmaster {
                let browser = Browser(app)
                try await browser.signIn(role.rawValue.lowercased())
                #expect(try await browser.request(.GET, HomeContentRoute.overview.path).status == .forbidden, "\(role)")
                #expect(try await browser.post(HomeContentRoute.create(.quickLink).path, ["title": "x", "link": "/"]).status == .forbidden, "\(role)")
            }
            let anonymous = try await Browser(app).request(.GET, HomeContentRoute.overview.path)
            #expect(anonymous.status == .seeOther)
            #expect(try await HomeEntry.query(on: app.db).count() == HomeContentText.defaultQuickLinks.count)
            // A picture no entry uses is not served, whatever its hash.
            #expect(try await visitor(app, HomeContentRoute.image(String(repeating: "ab", count: 32)).path).status == .notFound)
        }
    }
}
