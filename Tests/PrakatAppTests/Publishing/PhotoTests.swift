import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Activity photos (seed 1 §1.8, issue 11 §4): a text alternative asked for at upload, a cover and
/// a gallery on the item's page, smaller copies made at upload, no metadata in what the public
/// downloads, and covers in the listings.
@Suite("Publishing: photos")
struct PhotoTests {
    /// A photo as a phone would leave it: a location in its text and EXIF chunks.
    static func photo(width: Int = 1600, height: Int = 1000, shade: Int = 0) -> Data {
        let palette = (0..<64).map { SimplePNG.Colour(UInt8(($0 * 4 + shade) % 256), UInt8(90 + $0), 59) }
        let exif: [UInt8] = Array("MM\0*".utf8) + [0, 0, 0, 8] + Array("GPSLatitude 13.3611N".utf8)
        let bytes = SimplePNG.indexed(
            width: width, height: height, palette: palette,
            extraChunks: [("tEXt", Array("Comment\0GPS 13.3611N 100.9847E taken by somchai".utf8)), ("eXIf", exif)]
        ) { x, y in (x / 25 + y / 25) }
        return Data(bytes ?? [])
    }

    static let alts = ["เจ้าหน้าที่ตรวจคัดกรองผู้สูงอายุที่ รพ.สต.บ้านสวน", "ผู้สูงอายุรอรับบริการที่ศาลาประชาคม", "อาสาสมัครสาธารณสุขวัดความดันโลหิต"]

    func publishWithPhotos(_ room: Newsroom, count: Int = 3) async throws -> Newsroom.Published {
        let id = try await room.draft("news", title: "ตรวจคัดกรองสุขภาพผู้สูงอายุ ตำบลบ้านสวน")
        for index in 0..<count {
            let uploaded = try await room.staff.upload(
                "/api/v1/requests/\(id.lowercased)/attachments", fileName: "กิจกรรม-\(index + 1).png", data: Self.photo(shade: index * 40),
                fields: ["alt": Self.alts[index], "credit": index == 0 ? "กลุ่มงานสื่อสารองค์กร" : ""])
            try #require(uploaded.status == .created, "\(uploaded.text)")
            #expect(try uploaded.json()["alt"] as? String == Self.alts[index])
            #expect(try uploaded.json()["width"] as? Int == 1600)
        }
        try await room.act("submit", id, by: room.staff)
        try await room.act("approve", id, by: room.head)
        return try await room.publishApproved(id)
    }

    @Test func aPhotoNeedsItsTextAlternativeAndAFileDoesNot() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวที่มีภาพ")
            let path = "/api/v1/requests/\(id.lowercased)/attachments"
            let noAlt = try await room.staff.upload(path, fileName: "ภาพ.png", data: Self.photo(width: 600, height: 400))
            #expect(noAlt.status == .unprocessableEntity)
            #expect(noAlt.isProblemJSON)
            #expect(try noAlt.fieldErrors().map(\.field) == ["alt"])
            let blank = try await room.staff.upload(path, fileName: "ภาพ.png", data: Self.photo(width: 600, height: 400), fields: ["alt": "   "])
            #expect(blank.status == .unprocessableEntity)
            let long = try await room.staff.upload(
                path, fileName: "ภาพ.png", data: Self.photo(width: 600, height: 400),
                fields: ["alt": String(repeating: "ก", count: 251), "credit": String(repeating: "ข", count: 201)])
            #expect(Set(try long.fieldErrors().map(\.field)) == ["alt", "credit"])
            #expect(try await Attachment.query(on: app.db).count() == 0)
            // Documents need no text alternative; text sent with one is not kept, but held to the
            // same limits as the API's schema says (a fuzzer sent an over-long credit with a PDF).
            let tooLong = try await room.staff.upload(
                path, fileName: "กำหนดการ.pdf", data: TestFiles.pdf(), fields: ["credit": String(repeating: "ข", count: 201)])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(try tooLong.fieldErrors().map(\.field) == ["credit"])
            #expect(try await Attachment.query(on: app.db).count() == 0)
            #expect(try await room.staff.upload(path, fileName: "กำหนดการ.pdf", data: TestFiles.pdf()).status == .created)
            #expect(try await room.staff.upload(path, fileName: "กำหนดการ.pdf", data: TestFiles.pdf(), fields: ["credit": "ฝ่ายแผน"]).status == .created)
            #expect(try await Attachment.query(on: app.db).filter(\.$credit != nil).count() == 0, "a document keeps no credit")

            // The request page asks again beside the field and keeps what was typed.
            let browser = Browser(app)
            try await browser.signIn("staff")
            let page = try await browser.upload(
                "/staff/requests/\(id.lowercased)/attachments", fileName: "ภาพ.png", data: Self.photo(width: 600, height: 400),
                fields: ["credit": "งานประชาสัมพันธ์"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains(PublishingText.photoAltRequired.htmlEscaped))
            #expect(page.text.contains(#"id="alt-error""#))
            #expect(page.text.contains(#"value="งานประชาสัมพันธ์""#))
            #expect(try await Attachment.query(on: app.db).count() == 2)
            let saved = try await browser.upload(
                "/staff/requests/\(id.lowercased)/attachments", fileName: "ภาพ.png", data: Self.photo(width: 600, height: 400),
                fields: ["alt": Self.alts[0]])
            #expect(saved.status == .seeOther)
            let show = try await browser.request(.GET, "/staff/requests/\(id.lowercased)")
            #expect(show.text.contains(Self.alts[0]))
        }
    }

    @Test(ToolRequirement.vipsthumbnail.trait)
    func aPublishedItemShowsItsCoverGalleryAndCopies() async throws {
        try await withPrakat(httpsBaseURL: true) { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await publishWithPhotos(room)
            let page = try await visitor(app, item.path)
            #expect(page.status == .ok)
            let images = HTMLTags.scan(page.text).filter { $0.name == "img" && $0.attributes.contains { $0.name == "srcset" } }
            #expect(images.count == 3)
            let alts = images.compactMap { tag in tag.attributes.first { $0.name == "alt" }?.value }
            #expect(alts == Self.alts)
            // The cover comes first, with its credit; the others are the gallery.
            #expect(page.text.contains("ที่มาของภาพ: กลุ่มงานสื่อสารองค์กร"))
            #expect(page.text.contains("ภาพกิจกรรม"))
            let srcset = try #require(images[0].attributes.first { $0.name == "srcset" }?.value)
            #expect(srcset.contains("/480 480w") && srcset.contains("/1200 1200w") && srcset.contains(" 1600w"))
            #expect(images[0].attributes.first { $0.name == "width" }?.value == "480")
            #expect(images[0].attributes.first { $0.name == "height" }?.value == "300")
            // og:image is the wide copy, as an absolute URL.
            let ogImage = try #require(HTMLTags.scan(page.text).first { $0.name == "meta" && $0.attributes.contains { $0.value == "og:image" } })
            let shareURL = try #require(ogImage.attributes.first { $0.name == "content" }?.value)
            #expect(shareURL.hasPrefix("https://prakat.example/p/\(item.number)/files/") && shareURL.hasSuffix("/1200"))

            // The copies: PNGs of the asked width, cached, without the phone's metadata.
            let narrowPath = try #require(images[0].attributes.first { $0.name == "src" }?.value)
            let narrow = try await visitor(app, narrowPath)
            #expect(narrow.status == .ok)
            #expect(narrow.headers.first(name: .contentType) == "image/png")
            #expect(ImageDimensions(narrow.bytes).map { [$0.width, $0.height] } == [480, 300])
            #expect(narrow.headers.first(name: .cacheControl) == "public, max-age=3600")
            #expect(narrow.headers.first(name: .eTag) != nil)
            #expect(!String(decoding: narrow.bytes, as: UTF8.self).contains("GPS"))
            let wide = try await visitor(app, String(shareURL.dropFirst("https://prakat.example".count)))
            #expect(ImageDimensions(wide.bytes)?.width == 1200)
            // The original as the public downloads it: same picture, no location.
            let originalPath = String(narrowPath.dropLast("/480".count))
            let original = try await visitor(app, originalPath)
            #expect(original.status == .ok)
            #expect(ImageDimensions(original.bytes)?.width == 1600)
            #expect(!String(decoding: original.bytes, as: UTF8.self).contains("GPS"))
            #expect(!String(decoding: original.bytes, as: UTF8.self).contains("somchai"))
            // A width that is not made, and a copy of a file that is not this item's, are not found.
            #expect(try await visitor(app, originalPath + "/640").status == .notFound)
            #expect(try await visitor(app, "/p/\(item.number)/files/\(UUID().uuidString.lowercased())/480").status == .notFound)

            // Listings and search results show the cover, small and decorative beside the linked title.
            for listing in ["/c/news", "/", "/search?q=%E0%B8%84%E0%B8%B1%E0%B8%94%E0%B8%81%E0%B8%A3%E0%B8%AD%E0%B8%87"] {
                let html = try await visitor(app, listing).text
                let thumb = HTMLTags.scan(html).first { $0.name == "img" && $0.attributes.contains { $0.name == "class" && $0.value == "item-thumb" } }
                #expect(thumb?.attributes.first { $0.name == "src" }?.value == narrowPath, "\(listing)")
                #expect(thumb?.attributes.first { $0.name == "alt" }?.value == "", "\(listing)")
            }
            // Three photos, two copies each, stored once however often they are shown.
            #expect(try await PhotoVariant.query(on: app.db).count() == 6)
        }
    }

    @Test func withoutAThumbnailerTheOriginalIsServedWithItsSize() async throws {
        try await withPrakat(adjusting: { $0.thumbnailer = Thumbnailer(executable: nil) }) { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await publishWithPhotos(room, count: 1)
            let page = try await visitor(app, item.path)
            let cover = try #require(HTMLTags.scan(page.text).first { $0.name == "img" && $0.attributes.contains { $0.value == Self.alts[0] } })
            let src = try #require(cover.attributes.first { $0.name == "src" }?.value)
            #expect(!cover.attributes.contains { $0.name == "srcset" })
            #expect(cover.attributes.first { $0.name == "width" }?.value == "1600")
            #expect(cover.attributes.first { $0.name == "height" }?.value == "1000")
            let original = try await visitor(app, src)
            #expect(original.status == .ok)
            #expect(!String(decoding: original.bytes, as: UTF8.self).contains("GPS"))
            #expect(try await visitor(app, src + "/480").status == .notFound)
            #expect(try await PhotoVariant.query(on: app.db).count() == 0)
            // Listings and search results show the original then, with its size.
            for listing in ["/c/news", "/", "/search?q=%E0%B8%84%E0%B8%B1%E0%B8%94%E0%B8%81%E0%B8%A3%E0%B8%AD%E0%B8%87"] {
                let html = try await visitor(app, listing).text
                let thumb = HTMLTags.scan(html).first { $0.name == "img" && $0.attributes.contains { $0.name == "class" && $0.value == "item-thumb" } }
                #expect(thumb?.attributes.first { $0.name == "src" }?.value == src, "\(listing)")
                #expect(thumb?.attributes.first { $0.name == "width" }?.value == "1600", "\(listing)")
                #expect(thumb?.attributes.first { $0.name == "height" }?.value == "1000", "\(listing)")
            }
        }
    }

    @Test func aPhotoFollowsItsItemsPeriod() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft("news", title: "ภาพข่าวที่ยังไม่เผยแพร่")
            let uploaded = try await room.staff.upload(
                "/api/v1/requests/\(id.lowercased)/attachments", fileName: "ภาพ.png", data: Self.photo(width: 800, height: 500), fields: ["alt": Self.alts[1]])
            let fileID = try #require(try uploaded.json()["id"] as? String)
            try await room.act("submit", id, by: room.staff)
            try await room.act("approve", id, by: room.head)
            let item = try await room.publishApproved(id, publishAt: clock.now().addingTimeInterval(86_400), expireAt: clock.now().addingTimeInterval(2 * 86_400))
            #expect(try await visitor(app, "/p/\(item.number)/files/\(fileID)").status == .notFound)
            #expect(try await visitor(app, "/p/\(item.number)/files/\(fileID)/480").status == .notFound)
            clock.advance(by: 3 * 86_400)
            #expect(try await visitor(app, "/p/\(item.number)/files/\(fileID)").status == .gone)
        }
    }
}
