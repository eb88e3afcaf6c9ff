import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Public pages send validators and a Cache-Control that never lets a browser or proxy keep a
/// page past the moment its item leaves public view (the API contract: gone at once, not a minute later).
@Suite("Publishing: public caching headers")
struct PublishingCacheHeaderTests {
    static func maxAge(_ response: TestingHTTPResponse) -> Int? {
        guard let value = response.headers.first(name: .cacheControl),
            let range = value.range(of: #"max-age=\d+"#, options: .regularExpression)
        else { return nil }
        return Int(value[range].dropFirst("max-age=".count))
    }

    @Test func itemPagesCarryAnETagAndLastModifiedAndAnswer304() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ข่าวสำหรับทดสอบการแคช")
            let first = try await visitor(app, item.path)
            #expect(first.status == .ok)
            let etag = try #require(first.headers.first(name: .eTag))
            let lastModified = try #require(first.headers.first(name: .lastModified))
            #expect(lastModified.hasSuffix("GMT"))
            #expect(first.headers.first(name: .cacheControl)?.hasPrefix("public") == true)

            let again = try await visitor(app, item.path, headers: ["If-None-Match": etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers.first(name: .eTag) == etag)
            let since = try await visitor(app, item.path, headers: ["If-Modified-Since": lastModified])
            #expect(since.status == .notModified)
            let other = try await visitor(app, item.path, headers: ["If-None-Match": "\"something-else\""])
            #expect(other.status == .ok)

            // A page whose content changed no longer matches the old validator.
            _ = try await room.webmaster.send(.POST, "/api/v1/publications/\(item.publicationID.lowercased)/withdraw", ["reason": "ทดสอบ"])
            let gone = try await visitor(app, item.path, headers: ["If-None-Match": etag])
            #expect(gone.status == .gone)
        }
    }

    @Test func maxAgeNeverOutlivesTheItemsPeriod() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            // Alerts leave public view at the end of their period (no archive).
            let item = try await room.publish(
                "alerts", title: "ประกาศที่ใกล้หมดเวลา", attachment: ("ประกาศ.pdf", TestFiles.pdf()),
                expireAt: clock.now().addingTimeInterval(30))
            let file = try #require(try await Attachment.query(on: app.db).filter(\.$requestID == item.requestID).first())
            let filePath = "\(item.path)/files/\(file.id!.lowercased)"
            for path in [item.path, "/c/alerts", "/", "/feed.rss", "/search?q=\(percentEncoded("หมดเวลา"))", "/sitemap.xml", "/sitemap/items-1.xml", filePath] {
                let age = try #require(Self.maxAge(try await visitor(app, path)), "\(path)")
                #expect(age <= 30, "\(path): max-age \(age)")
            }
            clock.advance(by: 20)
            for path in [item.path, "/c/alerts", filePath] {
                let age = try #require(Self.maxAge(try await visitor(app, path)), "\(path)")
                #expect(age <= 10, "\(path): max-age \(age)")
            }
            clock.advance(by: 10)
            #expect(try await visitor(app, item.path).status == .gone)
            #expect(try await visitor(app, filePath).status == .gone)
        }
    }

    @Test func aPageWithNothingAboutToChangeIsCachedForAMinuteAndSignedInPeopleGetAPrivateOne() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish("about", title: "ประวัติความเป็นมาของหน่วยงาน")
            let page = try await visitor(app, item.path)
            #expect(Self.maxAge(page) == 60)
            let staff = Browser(app)
            try await staff.signIn("staff")
            let signedIn = try await staff.request(.GET, item.path)
            #expect(signedIn.status == .ok)
            #expect(signedIn.headers.first(name: .cacheControl) == "private, no-cache")
        }
    }
}
