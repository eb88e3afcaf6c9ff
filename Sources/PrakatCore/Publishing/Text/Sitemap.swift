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
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for url in urls {
            xml += "  <url>\n    <loc>\(XMLText.escape(url.loc))</loc>\n"
            if let lastModified = url.lastModified {
                xml += "    <lastmod>\(InternetDate.rfc3339(lastModified))</lastmod>\n"
            }
            xml += "  </url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }
}
