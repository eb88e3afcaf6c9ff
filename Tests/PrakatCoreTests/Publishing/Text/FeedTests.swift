import Foundation
import Testing

@testable import PrakatCore

private func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

extension Feed {
    /// A news feed whose every text field carries markup, quotes, Thai and a control character.
    static let mockHostile = Feed(
        title: "<script>alert(1)</script> & \"quotes\" 'ชลบุรี'\u{1}",
        link: "https://cbo.moph.go.th/news?a=1&b=2",
        selfLink: "https://cbo.moph.go.th/news/feed?format=rss&x=\"1\"",
        description: "ข่าว & ประกาศ <b>\u{1}",
        updated: utc("2026-02-09T03:00:00Z"),
        entries: [
            FeedEntry(
                id: "https://cbo.moph.go.th/news/1?x=<1>&y=2",
                title: "<script>alert(1)</script> & \"quotes\" ชลบุรี\u{1}",
                link: "https://cbo.moph.go.th/news/1?x=1&y=2",
                published: utc("2026-02-09T03:00:00Z"),
                updated: utc("2026-02-10T04:05:06Z"),
                summary: "สรุป <i>ข่าว</i> & \u{1}ต่อ"),
            FeedEntry(
                id: "urn:uuid:8c1b2f1e-3f7a-4d0e-9a43-2f1d3c9b7e10",
                title: "ข่าวที่สอง",
                link: "https://cbo.moph.go.th/news/2",
                published: utc("2025-12-31T23:59:59Z"),
                updated: utc("2025-12-31T23:59:59Z"),
                summary: "")
        ])

    static let clean = "<script>alert(1)</script> & \"quotes\" ชลบุรี"
}

@Suite("Feed")
struct FeedTests {
    @Test func rssIsWellFormedAndRoundTrips() throws {
        let feed = Feed.mockHostile
        let xml = feed.rss()
        let parsed = try #require(ParsedXML(xml), "\(xml)")
        #expect(parsed.all("rss").first?.attributes["version"] == "2.0")
        #expect(parsed.text("rss/channel/title") == "<script>alert(1)</script> & \"quotes\" 'ชลบุรี'")
        #expect(parsed.text("rss/channel/link") == feed.link)
        #expect(parsed.text("rss/channel/description") == "ข่าว & ประกาศ <b>")
        #expect(parsed.text("rss/channel/language") == "th")
        #expect(parsed.text("rss/channel/lastBuildDate") == "Mon, 09 Feb 2026 03:00:00 GMT")
        let selfLink = try #require(parsed.all("rss/channel/atom:link").first)
        #expect(selfLink.attributes == ["href": feed.selfLink, "rel": "self", "type": "application/rss+xml"])
        #expect(parsed.texts("rss/channel/item/title") == [Feed.clean, "ข่าวที่สอง"])
        #expect(parsed.texts("rss/channel/item/link") == feed.entries.map(\.link))
        #expect(parsed.texts("rss/channel/item/guid") == feed.entries.map(\.id))
        #expect(parsed.all("rss/channel/item/guid").map { $0.attributes["isPermaLink"] } == ["false", "false"])
        #expect(parsed.texts("rss/channel/item/pubDate") == ["Mon, 09 Feb 2026 03:00:00 GMT", "Wed, 31 Dec 2025 23:59:59 GMT"])
        // An empty summary is left out.
        #expect(parsed.texts("rss/channel/item/description") == ["สรุป <i>ข่าว</i> & ต่อ"])
        #expect(!xml.contains("<script>") && !xml.contains("\u{1}"))
    }

    @Test func atomIsWellFormedAndRoundTrips() throws {
        let feed = Feed.mockHostile
        let xml = feed.atom()
        let parsed = try #require(ParsedXML(xml), "\(xml)")
        let root = try #require(parsed.all("feed").first)
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2005/Atom")
        #expect(root.attributes["xml:lang"] == "th")
        #expect(parsed.text("feed/title") == "<script>alert(1)</script> & \"quotes\" 'ชลบุรี'")
        #expect(parsed.text("feed/subtitle") == "ข่าว & ประกาศ <b>")
        #expect(parsed.text("feed/id") == feed.link)
        #expect(parsed.text("feed/updated") == "2026-02-09T03:00:00Z")
        #expect(parsed.text("feed/author/name") == "<script>alert(1)</script> & \"quotes\" 'ชลบุรี'")
        let links = parsed.all("feed/link").map(\.attributes)
        #expect(
            links == [
                ["rel": "alternate", "type": "text/html", "href": feed.link],
                ["rel": "self", "type": "application/atom+xml", "href": feed.selfLink]
            ])
        #expect(parsed.texts("feed/entry/title") == [Feed.clean, "ข่าวที่สอง"])
        #expect(parsed.texts("feed/entry/id") == feed.entries.map(\.id))
        #expect(
            parsed.all("feed/entry/link").map(\.attributes)
                == feed.entries.map {
                    ["rel": "alternate", "type": "text/html", "href": $0.link]
                })
        #expect(parsed.texts("feed/entry/published") == ["2026-02-09T03:00:00Z", "2025-12-31T23:59:59Z"])
        #expect(parsed.texts("feed/entry/updated") == ["2026-02-10T04:05:06Z", "2025-12-31T23:59:59Z"])
        #expect(parsed.texts("feed/entry/summary") == ["สรุป <i>ข่าว</i> & ต่อ"])
    }

    @Test func emptyFeedsAreWellFormed() {
        let feed = Feed(
            title: "ข่าว", link: "https://x.go.th/news", selfLink: "https://x.go.th/news.atom",
            description: "", updated: utc("2026-01-01T00:00:00Z"), entries: [])
        #expect(feed.language == "th")
        #expect(ParsedXML(feed.rss()) != nil)
        #expect(ParsedXML(feed.atom())?.texts("feed/entry/title") == [])
    }

    @Test func outputIsDeterministic() {
        #expect(Feed.mockHostile.rss() == Feed.mockHostile.rss())
        #expect(Feed.mockHostile.atom() == Feed.mockHostile.atom())
    }

    @Test(arguments: [
        ("2026-02-09T03:00:00Z", "Mon, 09 Feb 2026 03:00:00 GMT", "2026-02-09T03:00:00Z"),
        ("2026-02-09T03:00:00.999Z", "Mon, 09 Feb 2026 03:00:00 GMT", "2026-02-09T03:00:00Z"),
        ("2026-02-09T10:00:00+07:00", "Mon, 09 Feb 2026 03:00:00 GMT", "2026-02-09T03:00:00Z"),
        ("2026-02-09T00:30:00+07:00", "Sun, 08 Feb 2026 17:30:00 GMT", "2026-02-08T17:30:00Z"),
        ("2024-02-29T23:59:59Z", "Thu, 29 Feb 2024 23:59:59 GMT", "2024-02-29T23:59:59Z"),
        ("2000-01-01T00:00:00Z", "Sat, 01 Jan 2000 00:00:00 GMT", "2000-01-01T00:00:00Z"),
        ("1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "Wed, 31 Dec 1969 23:59:59 GMT", "1969-12-31T23:59:59Z"),
        ("1997-09-27T12:00:00Z", "Sat, 27 Sep 1997 12:00:00 GMT", "1997-09-27T12:00:00Z")
    ])
    func formatsDates(instant: String, rfc822: String, rfc3339: String) {
        let date = utc(instant)
        #expect(InternetDate.rfc822(date) == rfc822)
        #expect(InternetDate.rfc3339(date) == rfc3339)
    }

    /// Cross-check against Foundation's formatter over a spread of instants, 1900 to 2100.
    @Test func datesAgreeWithFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let iso = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
        var seconds = -2_208_988_800.0  // 1900-01-01
        while seconds < 4_102_444_800 {  // 2100-01-01
            let date = Date(timeIntervalSince1970: seconds)
            #expect(InternetDate.rfc822(date) == formatter.string(from: date))
            #expect(InternetDate.rfc3339(date) == iso.format(date))
            seconds += 86_399 * 37 + 0.5
        }
    }

    /// The traffic log's time and day (hand-written for speed) say what Foundation says.
    @Test func millisecondsAndDaysAgreeWithFoundation() {
        let iso = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
        let day = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day()
        var seconds = 946_684_800.0  // 2000-01-01
        while seconds < 4_102_444_800 {  // 2100-01-01
            let date = Date(timeIntervalSince1970: seconds)
            #expect(InternetDate.rfc3339Milliseconds(date) == iso.format(date))
            #expect(InternetDate.utcDay(date) == day.format(date))
            seconds += 86_399 * 17 + 0.123
        }
        #expect(InternetDate.rfc3339Milliseconds(Date(timeIntervalSince1970: 1_770_606_000.9996)) == "2026-02-09T03:00:00.999Z")
        #expect(InternetDate.rfc3339Milliseconds(Date(timeIntervalSince1970: -0.0004)) == "1969-12-31T23:59:59.999Z")
        #expect(InternetDate.rfc3339Milliseconds(Date(timeIntervalSince1970: .nan)).hasSuffix("Z"))
        #expect(InternetDate.rfc3339Milliseconds(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59.000Z")
    }

    @Test func extremeDatesDoNotTrap() {
        #expect(InternetDate.rfc3339(.distantFuture).hasPrefix("4001-01-01"))
        #expect(InternetDate.rfc3339(Date(timeIntervalSince1970: 1e15)) == "9999-12-31T23:59:59Z")
        #expect(InternetDate.rfc3339(Date(timeIntervalSince1970: -1e15)) == "0001-01-01T00:00:00Z")
    }
}

@Suite("Sitemap")
struct SitemapTests {
    @Test func isWellFormedAndRoundTrips() throws {
        let urls = [
            SitemapURL(loc: "https://cbo.moph.go.th/", lastModified: utc("2026-02-09T03:00:00Z")),
            SitemapURL(loc: "https://cbo.moph.go.th/search?q=<ชลบุรี>&page='2'\u{1}", lastModified: nil),
            SitemapURL(loc: "https://cbo.moph.go.th/news/1", lastModified: utc("2026-02-09T10:00:00+07:00"))
        ]
        let xml = Sitemap.xml(urls)
        let parsed = try #require(ParsedXML(xml), "\(xml)")
        #expect(parsed.all("urlset").first?.attributes["xmlns"] == "http://www.sitemaps.org/schemas/sitemap/0.9")
        #expect(
            parsed.texts("urlset/url/loc") == [
                "https://cbo.moph.go.th/", "https://cbo.moph.go.th/search?q=<ชลบุรี>&page='2'", "https://cbo.moph.go.th/news/1"
            ])
        // lastmod is left out when unknown.
        #expect(parsed.texts("urlset/url/lastmod") == ["2026-02-09T03:00:00Z", "2026-02-09T03:00:00Z"])
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
    }

    @Test func emptySitemapIsWellFormed() {
        #expect(ParsedXML(Sitemap.xml([]))?.all("urlset").count == 1)
        #expect(Sitemap.maxURLs == 50_000)
    }
}

@Suite("Accept-Encoding")
struct AcceptEncodingTests {
    @Test(arguments: [
        (["gzip, deflate, br"], true),
        (["br;q=1.0, gzip;q=0.8, *;q=0.1"], true),
        (["GZIP"], true),
        (["x-gzip"], true),
        (["identity"], false),
        (["gzip;q=0"], false),
        (["gzip;q=0.000"], false),
        (["*"], true),
        (["*;q=0"], false),
        (["*, gzip;q=0"], false),
        (["deflate", "gzip"], true),
        ([], false),
        ([""], false),
        (["gzip;q=abc"], false),
        (["gzip;q=2"], false),
        (["gzip;q=nan"], false),
        ([" gzip ; q=0.5 "], true),
        ([",,;;==,"], false)
    ])
    func gzipIsAllowedWhenTheClientSaysSo(values: [String], allowed: Bool) {
        #expect(AcceptEncoding.allowsGzip(values) == allowed)
    }
}

@Suite("ByteSearch")
struct ByteSearchTests {
    @Test func findsBytesAndFoldsOnlyASCIILetters() {
        #expect(ByteSearch.contains("ดู HTTPS://moph.go.th", "http", ignoringASCIICase: true))
        #expect(!ByteSearch.contains("ดู HTTPS://moph.go.th", "http"))
        #expect(!ByteSearch.contains("htt", "http", ignoringASCIICase: true))
        #expect(!ByteSearch.contains("h[tp", "http", ignoringASCIICase: true), "'[' is not a letter to fold")
        #expect(ByteSearch.contains("สำนักงานสาธารณสุข", "สาธารณ"))
        #expect(ByteSearch.contains("x", ""))
        #expect(!ByteSearch.contains("", "x"))
    }
}
