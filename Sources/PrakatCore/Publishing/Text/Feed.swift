import Foundation

/// One published item in a feed.
public struct FeedEntry: Sendable, Equatable {
    /// Stable identifier that never changes once published (an Atom `<id>` IRI, e.g. the item's
    /// permanent URL or a `urn:uuid:`); readers use it to tell new items from edited ones.
    public var id: String
    public var title: String
    /// The item's public page (absolute URL).
    public var link: String
    public var published: Date
    public var updated: Date
    /// Plain text, e.g. `Markdown.plainText(body, maxGraphemes: 300)`. Left out when empty.
    public var summary: String

    public init(id: String, title: String, link: String, published: Date, updated: Date, summary: String) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.summary = summary
    }
}

/// A feed of published items, written as RSS 2.0 or Atom 1.0 ("RSS/Atom").
/// Entries are written in the order given. All text goes through `XMLText.escape`.
public struct Feed: Sendable, Equatable {
    public var title: String
    /// The page the feed mirrors, e.g. the news category (absolute URL).
    public var link: String
    /// Where the feed itself is served (absolute URL); set it per format.
    public var selfLink: String
    public var description: String
    /// BCP 47 tag of the content.
    public var language: String = "th"
    public var updated: Date
    public var entries: [FeedEntry]

    public init(
        title: String, link: String, selfLink: String, description: String,
        language: String = "th", updated: Date, entries: [FeedEntry]
    ) {
        self.title = title
        self.link = link
        self.selfLink = selfLink
        self.description = description
        self.language = language
        self.updated = updated
        self.entries = entries
    }

    /// RSS 2.0, with an `atom:link rel="self"` as the RSS Advisory Board recommends.
    /// Every `<guid>` is `isPermaLink="false"`: the id is an identifier, not a promise that
    /// it is a URL a reader can open (the `<link>` is that).
    public func rss() -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
              <channel>
                <title>\(XMLText.escape(title))</title>
                <link>\(XMLText.escape(link))</link>
                <description>\(XMLText.escape(description))</description>
                <language>\(XMLText.escape(language))</language>
                <lastBuildDate>\(InternetDate.rfc822(updated))</lastBuildDate>
                <atom:link href="\(XMLText.escape(selfLink))" rel="self" type="application/rss+xml"/>

            """
        for entry in entries {
            xml += """
                    <item>
                      <title>\(XMLText.escape(entry.title))</title>
                      <link>\(XMLText.escape(entry.link))</link>
                      <guid isPermaLink="false">\(XMLText.escape(entry.id))</guid>
                      <pubDate>\(InternetDate.rfc822(entry.published))</pubDate>

                """
            if !entry.summary.isEmpty {
                xml += "      <description>\(XMLText.escape(entry.summary))</description>\n"
            }
            xml += "    </item>\n"
        }
        xml += "  </channel>\n</rss>\n"
        return xml
    }

    /// Atom 1.0 (RFC 4287). The feed's `<id>` is `link`, which stays the same whichever format
    /// is served. RFC 4287 §4.1.1 requires an author; the publishing agency is the author of
    /// everything it publishes, so the feed title stands for it.
    public func atom() -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(XMLText.escape(language))">
              <title>\(XMLText.escape(title))</title>
              <subtitle>\(XMLText.escape(description))</subtitle>
              <link rel="alternate" type="text/html" href="\(XMLText.escape(link))"/>
              <link rel="self" type="application/atom+xml" href="\(XMLText.escape(selfLink))"/>
              <id>\(XMLText.escape(link))</id>
              <updated>\(InternetDate.rfc3339(updated))</updated>
              <author><name>\(XMLText.escape(title))</name></author>

            """
        for entry in entries {
            xml += """
                  <entry>
                    <title>\(XMLText.escape(entry.title))</title>
                    <link rel="alternate" type="text/html" href="\(XMLText.escape(entry.link))"/>
                    <id>\(XMLText.escape(entry.id))</id>
                    <published>\(InternetDate.rfc3339(entry.published))</published>
                    <updated>\(InternetDate.rfc3339(entry.updated))</updated>

                """
            if !entry.summary.isEmpty {
                xml += "    <summary>\(XMLText.escape(entry.summary))</summary>\n"
            }
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }
}
