import Fluent
import Foundation
import PrakatCore
import SQLKit
import Testing
import VaporTesting

@testable import PrakatApp

/// Listings, feeds and page descriptions show the plain-text start stored with each item.
@Suite("Publishing: the excerpt stored with each item")
struct PublicationExcerptTests {
    @Test func publishingAndRevisingStoreThePlainTextStartThatListingsAndFeedsShow() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let long = String(repeating: "ประชาสัมพันธ์การรับสมัครอาสาสมัครสาธารณสุข ", count: 30)
            let item = try await room.publish(title: "รับสมัคร อสม.", details: "## ประกาศ\n\n**เปิดรับ**สมัครแล้ว " + long)
            let stored = try #require(try await Publication.find(item.publicationID, on: app.db))
            #expect(stored.excerpt.hasPrefix("ประกาศ เปิดรับสมัครแล้ว ประชาสัมพันธ์"))
            #expect(stored.excerpt.count == Markdown.storedExcerptLength)
            #expect(stored.excerpt == Markdown.plainText(stored.body, maxGraphemes: Markdown.storedExcerptLength))

            let listing = try await visitor(app, "/c/news")
            #expect(listing.text.contains(Markdown.plainText(stored.body, maxGraphemes: 180)))
            let feed = try await visitor(app, "/c/news/feed.rss")
            #expect(feed.status == .ok)
            #expect(feed.text.contains(Markdown.plainText(stored.body, maxGraphemes: 400)))
            let page = try await visitor(app, item.path)
            #expect(page.text.contains("content=\"\(Markdown.plainText(stored.body, maxGraphemes: 200))\""))

            // A revision replaces the excerpt with the new text's.
            let staff = Browser(app)
            try await staff.signIn("staff")
            let revised = try await staff.post("/staff/publications/\(item.publicationID.lowercased)/revise", [:])
            let draftID = try #require(requestID(inLocation: revised.location))
            let form = try await staff.request(.GET, "/staff/requests/\(draftID.lowercased)/edit")
            _ = try await staff.post(
                "/staff/requests/\(draftID.lowercased)/edit",
                [
                    "categoryId": room.categoryID("news").lowercased(), "title": "รับสมัคร อสม. (ปิดรับ)",
                    "details": "ปิดรับสมัคร *แล้ว*", "version": String(try #require(form.formVersion))
                ])
            try await room.act("submit", draftID, by: room.staff)
            try await room.act("approve", draftID, by: room.head)
            _ = try await room.publishApproved(draftID)
            #expect(try await Publication.find(item.publicationID, on: app.db)?.excerpt == "ปิดรับสมัคร แล้ว")
            #expect(try await visitor(app, "/c/news").text.contains("ปิดรับสมัคร แล้ว"))
        }
    }

    @Test func theMigrationGivesItemsPublishedBeforeItTheirExcerpt() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            var published: [Newsroom.Published] = []
            for index in 1...3 {
                published.append(try await room.publish(title: "ข่าวที่ \(index)", details: "**ข่าว** ที่ \(index)\n\nรายละเอียด"))
            }
            let empty = try await room.publish(title: "มีแต่เส้นคั่น", details: "---")
            // As if published before the column existed.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.update(Publication.schema).set("excerpt", to: "").run()
            try await AddExcerptToPublications.backfill(on: app.db, batchSize: 2)
            for (index, item) in published.enumerated() {
                #expect(try await Publication.find(item.publicationID, on: app.db)?.excerpt == "ข่าว ที่ \(index + 1) รายละเอียด")
            }
            #expect(try await Publication.find(empty.publicationID, on: app.db)?.excerpt == "")
        }
    }
}
