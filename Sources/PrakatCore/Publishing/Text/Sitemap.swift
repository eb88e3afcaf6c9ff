import Foundation

/// One page in sitemap.xml.
public struct SitemapURL: Sendable, Equatable {
    /// Absolute URL of the page.
    public var loc: String
    /// When the page's content last changed; left out when unknown.
    public var lastModified: Date?

    public init(loc: String, lastModified: Date?) {
        self.loc = loc
        self.lastModified = lastModified
    }
}

/// sitemap.xml in the sitemaps.org 0.9 protocol.
public enum Sitemap {
    /// The protocol's limit per file (and 50 MB uncompressed); beyond it a sitemap index is needed.
    public static let maxURLs = 50_000

    /// The URLs in the order given; `lastmod` as a W3C datetime in UTC (`2026-02-09T03:00:00Z`).
    public static func xml(_ urls: [SitemapURL]) -> String {
        var xml = urlsetStart
        for url in urls { xml += entry(url) }
        return xml + urlsetEnd
    }

    /// The pieces of a urlset, for writing a large one as a stream.
    public static let urlsetStart = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

        """
    public static let urlsetEnd = "</urlset>\n"

    public static func entry(_ url: SitemapURL) -> String {
        var xml = "  <url>\n    <loc>\(XMLText.escape(url.loc))</loc>\n"
        if let lastModified = url.lastModified {
            xml += "    <lastmod>\(InternetDate.rfc3339(lastModified))</lastmod>\n"
        }
        return xml + "  </url>\n"
    }

    /// A sitemap index: the files that together list a site too large for one file.
    public static func index(_ sitemaps: [SitemapURL]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for sitemap in sitemaps {
            xml += "  <sitemap>\n    <loc>\(XMLText.escape(sitemap.loc))</loc>\n"
            if let lastModified = sitemap.lastModified {
                xml += "    <lastmod>\(InternetDate.rfc3339(lastModified))</lastmod>\n"
            }
            xml += "  </sitemap>\n"
        }
        return xml + "</sitemapindex>\n"
    }

    /// Which file of items lists item `number` (1-based; file k holds numbers up to k × maxURLs).
    public static func itemFile(containing number: Int) -> Int { max(1, (number - 1) / maxURLs + 1) }

    /// The item numbers file `file` lists.
    public static func itemNumbers(inFile file: Int) -> ClosedRange<Int> { ((file - 1) * maxURLs + 1)...(file * maxURLs) }
}
