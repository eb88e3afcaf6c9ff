import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Script payloads in every field a person types ("a test renders `<script>` in every
/// user-controlled field"): escaped in HTML, feeds and the sitemap, and never a live link.
@Suite("Publishing: XSS payloads in every field")
struct PublishingXSSTests {
    static let script = "<script>alert(1)</script>"
    static let breakout = #""><img src=x onerror=alert(1)>"#
    static let jsURL = "javascript:alert(1)"
    static let title = script + breakout
    static let details = """
        \(script)

        \(breakout)

        [คลิกที่นี่](\(jsURL)) และ <a href="\(jsURL)">ลิงก์</a> และ \(jsURL)

        ![ภาพ](\(jsURL))
        """

    /// Parses XML and returns the text of every `title` element; records an issue if it does not parse.
    final class TitleCollector: NSObject, XMLParserDelegate {
        var titles: [String] = []
        private var current: String?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if name == "title" { current = "" }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current?.append(string) }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title", let current { titles.append(current) }
            current = nil
        }
    }

    static func parse(_ xml: String, _ path: String) -> [String]? {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = TitleCollector()
        parser.delegate = collector
        guard parser.parse() else {
            Issue.record("\(path) is not well-formed XML: \(String(describing: parser.parserError))")
            return nil
        }
        return collector.titles
    }

    /// Publishes an article with the payloads in title, details, note, source name, a link and a file name.
    static func publishPayloads(_ room: Newsroom) async throws -> Newsroom.Published {
        try await room.publish(
            "articles", title: title, details: details,
            fields: [
                "note": script + breakout + jsURL,
                "sourceName": script + breakout,
                "sourceDate": "2026-01-15",
                "externalLinks": [#"https://example.org/?q="><script>alert(1)</script>&t='x'"#]
            ], attachment: ("<img src=x onerror=alert(1)> & 'สรุป'.pdf", TestFiles.pdf()))
    }

    @Test func thePublicPagesEscapeEveryPayload() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await Self.publishPayloads(room)
            let paths = [
                item.path, "/c/articles", "/c/knowledge", "/", "/search?q=\(percentEncoded("alert(1)"))",
                "/search?q=\(percentEncoded(Self.script))", "/search?q=\(percentEncoded(Self.breakout))"
            ]
            for path in paths {
                let response = try await visitor(app, path)
                #expect(response.status == .ok, "\(path)")
                let html = response.text
                #expect(HTMLTags.dangers(html).isEmpty, "\(path): \(HTMLTags.dangers(html))")
                #expect(!html.contains(#"href="javascript:"#), "\(path)")
            }
            let page = try await visitor(app, item.path).text
            // The text is there, escaped, so readers see exactly what was typed.
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(page.contains("คลิกที่นี่"))
            #expect(page.contains("ที่มา:"))
            let search = try await visitor(app, "/search?q=\(percentEncoded(Self.script))").text
            #expect(search.contains(item.path + "\""), "the payload is searchable text like any other")
        }
    }

    @Test func feedsAndTheSitemapStayWellFormedXMLWithThePayloadAsText() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            _ = try await Self.publishPayloads(room)
            for path in ["/feed.rss", "/feed.atom", "/c/articles/feed.rss", "/c/articles/feed.atom", "/c/knowledge/feed.atom"] {
                let response = try await visitor(app, path)
                #expect(response.status == .ok, "\(path)")
                let xml = response.text
                #expect(!xml.contains("<script"), "\(path)")
                #expect(!xml.contains("<img"), "\(path)")
                let titles = Self.parse(xml, path) ?? []
                #expect(titles.contains(Self.title), "\(path) carries the title as text: \(titles)")
            }
            for path in ["/sitemap.xml", "/sitemap/pages.xml", "/sitemap/items-1.xml"] {
                let sitemap = try await visitor(app, path).text
                #expect(Self.parse(sitemap, path) != nil)
                #expect(!sitemap.contains("<script"))
            }
        }
    }

    @Test func theStaffPagesAndPrintoutsEscapeEveryPayloadToo() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await Self.publishPayloads(room)
            for username in ["staff", "unithead", "webmaster"] {
                let browser = Browser(app)
                try await browser.signIn(username)
                for path in [
                    "/staff", "/staff/requests", "/staff/requests/\(item.requestID.lowercased)",
                    "/staff/requests/\(item.requestID.lowercased)/form", "/staff/requests/\(item.requestID.lowercased)/memo"
                ] {
                    let response = try await browser.request(.GET, path)
                    #expect(response.status == .ok, "\(username) \(path)")
                    #expect(HTMLTags.dangers(response.text).isEmpty, "\(username) \(path): \(HTMLTags.dangers(response.text))")
                    #expect(!response.text.contains(#"href="javascript:"#), "\(username) \(path)")
                }
            }
            // The edit form of a revision puts the payloads back into inputs and textareas.
            let staff = Browser(app)
            try await staff.signIn("staff")
            let revise = try await staff.post("/staff/publications/\(item.publicationID.lowercased)/revise", [:])
            let form = try await staff.request(.GET, try #require(revise.location))
            #expect(form.status == .ok)
            #expect(HTMLTags.dangers(form.text).isEmpty, "\(HTMLTags.dangers(form.text))")
            #expect(!form.text.contains("</textarea><"))
        }
    }

    @Test func theTagScannerFindsWhatItLooksFor() {
        // The checks above are only as good as this scanner.
        #expect(!HTMLTags.dangers(#"<p>x</p><img src=x onerror=alert(1)>"#).isEmpty)
        #expect(!HTMLTags.dangers(#"<a href=" javascript:alert(1)">x</a>"#).isEmpty)
        #expect(!HTMLTags.dangers("<div><script>alert(1)</script></div>").isEmpty)
        #expect(!HTMLTags.dangers(#"<input value="" onfocus="alert(1)">"#).isEmpty)
        #expect(HTMLTags.dangers(#"<meta content="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"><p>&lt;script&gt;</p>"#).isEmpty)
        #expect(HTMLTags.dangers(#"<script src="/js/site.js"></script>"#).isEmpty)
    }
}
