import Fluent
import Foundation
import PrakatCore
import Vapor

/// RSS and Atom feeds, and the sitemap.
extension PublicSiteRoutes {
    func feed(_ req: Request, slug: String?, atom: Bool) async throws -> Response {
        try await req.cachedPublicPage {
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            let all = try await req.siteCategories()
            var category: ListedCategory?
            if let slug {
                guard let found = all.first(where: { $0.slug == slug }) else { throw PrakatError.notFound() }
                category = found
            }
            let subtree = category.map { Self.subtree($0, in: all) }
            let rows = try await items.liveRows(in: subtree, range: 0..<50)
            let agency = await req.agencyProfile()
            let base = req.publicBaseURL
            let selfPath = atom ? PublicRoute.feed(category?.slug, .atom).path : PublicRoute.feed(category?.slug, .rss).path
            let feed = Feed(
                title: [category?.nameTh, agency.nameTh].compactMap { $0 }.joined(separator: " · "),
                link: base + (category.map { PublicRoute.category($0.slug).path } ?? "/"), selfLink: base + selfPath,
                description: category?.nameTh ?? "ข้อมูลข่าวสารของ\(agency.nameInSentence)",
                updated: rows.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0),
                entries: rows.map { row in
                    let link = base + PublicRoute.item(row.number).path
                    return FeedEntry(
                        id: link, title: row.title, link: link, published: row.publishAt, updated: row.updatedAt,
                        summary: Markdown.excerpt(fromStored: row.excerpt, maxGraphemes: 400))
                })
            let xml = atom ? feed.atom() : feed.rss()
            let response = Response(
                status: .ok, headers: ["Content-Type": atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8"],
                body: .init(string: xml))
            // A category's feed changes with its own items only: true until one of them starts or ends.
            let tags = subtree.map { Set($0.map(SiteTag.list)) } ?? [SiteTag.home]
            return PublicContent(response: response, lastModified: feed.updated, validUntil: try await items.nextChange(in: subtree), tags: tags)
        }
    }

    /// The sitemap index: the site's pages, then one file per 50,000 item numbers (the
    /// protocol's limit per file), so no file and no request holds every item.
    func sitemap(_ req: Request) async throws -> Response {
        try await req.cachedPublicPage {
            let now = req.clock.now()
            let base = req.publicBaseURL
            let items = PublicItems(db: req.db, now: now)
            let highest = try await Publication.query(on: req.db).max(\.$number) ?? 0
            let lastChange = try await Publication.query(on: req.db).max(\.$updatedAt)
            var files = [SitemapURL(loc: base + PublicRoute.sitemapPages.path, lastModified: nil)]
            if highest > 0 {
                files += (1...Sitemap.itemFile(containing: highest)).map { SitemapURL(loc: base + PublicRoute.sitemapItems($0).path, lastModified: lastChange) }
            }
            let response = Response(status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8"], body: .init(string: Sitemap.index(files)))
            return PublicContent(
                response: response, lastModified: lastChange ?? Date(timeIntervalSince1970: 0), validUntil: try await items.nextChange(keptIn: req.application.pageCache),
                tags: [SiteTag.sitemap])
        }
    }

    /// The site's pages other than items: home, categories, e-Service, Q&A, statistics, ITA
    /// (a few short queries, not cached: checklists and categories change it).
    func sitemapPages(_ req: Request) async throws -> Response {
        let base = req.publicBaseURL
        let categories = try await req.siteCategories()
        var urls = [SitemapURL(loc: base + "/", lastModified: nil)]
        urls += categories.map { SitemapURL(loc: base + PublicRoute.category($0.slug).path, lastModified: nil) }
        urls += [EServiceRoute.catalogue.path, EServiceRoute.stats.path].map { SitemapURL(loc: base + $0, lastModified: nil) }
        urls.append(SitemapURL(loc: base + QuestionsRoute.list(nil).path, lastModified: nil))
        // Engagement (issue 12): the statistics page.
        urls.append(SitemapURL(loc: base + VisitorsRoute.stats(nil).path, lastModified: nil))
        urls.append(SitemapURL(loc: base + ComplianceRoute.publicIndex.path, lastModified: nil))
        urls += try await Checklist.query(on: req.db).sort(\.$fiscalYear, .descending).all().map {
            SitemapURL(loc: base + ComplianceRoute.publicChecklist(framework: $0.framework, fiscalYear: $0.fiscalYear).path, lastModified: nil)
        }
        return Response(
            status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=60"], body: .init(string: Sitemap.xml(urls)))
    }

    /// One file of item URLs, read from the database a batch at a time and written as it goes:
    /// memory stays the same whatever the number of items.
    func sitemapItems(_ req: Request, file: Int) async throws -> Response {
        let numbers = Sitemap.itemNumbers(inFile: file)
        let highest = try await Publication.query(on: req.db).max(\.$number) ?? 0
        guard numbers.lowerBound <= max(highest, 1) else { throw PrakatError.notFound() }
        let now = req.clock.now()
        let base = req.publicBaseURL
        let db = req.db
        let items = PublicItems(db: db, now: now)
        let archiveIDs = try await items.archiveCategoryIDs()
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "xml", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(
            name: .cacheControl, value: PublicCachePolicy.cacheControl(validUntil: try await items.nextChange(keptIn: req.application.pageCache), now: now, signedIn: false))
        let body = Response.Body(asyncStream: { writer in
            do {
                var buffer = ByteBuffer(string: Sitemap.urlsetStart)
                var after = numbers.lowerBound - 1
                while after < numbers.upperBound {
                    // Live and archived items of the next batch of numbers, in number order.
                    var rows: [(Int, Date)] = []
                    // A query that stopped at a full batch is complete only up to its last number.
                    var cutoff = numbers.upperBound
                    for visible in [items.live(), items.archived(categoryIDs: archiveIDs)] {
                        let batch = visible.filter(\.$number > after).filter(\.$number <= numbers.upperBound)
                            .sort(\.$number).limit(Self.sitemapBatch).field(\.$number).field(\.$updatedAt)
                        let pairs = try await PublicItems.columns(batch) { row in
                            (try row.decode("number", as: Int.self), try row.decode("updated_at", as: Date.self))
                        }
                        if pairs.count == Self.sitemapBatch, let last = pairs.last?.0 { cutoff = min(cutoff, last) }
                        rows += pairs
                    }
                    for (number, updated) in rows.filter({ $0.0 <= cutoff }).sorted(by: { $0.0 < $1.0 }) {
                        buffer.writeString(Sitemap.entry(SitemapURL(loc: base + PublicRoute.item(number).path, lastModified: updated)))
                    }
                    if buffer.readableBytes > 64 * 1024 {
                        try await writer.writeBuffer(buffer)
                        buffer = ByteBuffer()
                    }
                    after = cutoff
                }
                buffer.writeString(Sitemap.urlsetEnd)
                try await writer.writeBuffer(buffer)
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    static let sitemapBatch = 2_000
}
