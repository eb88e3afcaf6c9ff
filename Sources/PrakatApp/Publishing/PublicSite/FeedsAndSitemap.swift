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
            let all = try await SiteCategory.query(on: req.db).all()
            var query = items.live()
            var category: SiteCategory?
            if let slug {
                guard let found = all.first(where: { $0.slug == slug }) else { throw PrakatError.notFound() }
                category = found
                query = query.filter(\.$categoryID ~~ Self.subtree(found, in: all))
            }
            let rows = try await query.sort(\.$publishAt, .descending).limit(50).all()
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
                        summary: Markdown.plainText(row.body, maxGraphemes: 400))
                })
            let xml = atom ? feed.atom() : feed.rss()
            let response = Response(
                status: .ok, headers: ["Content-Type": atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8"],
                body: .init(string: xml))
            return PublicContent(response: response, lastModified: feed.updated, validUntil: try await items.nextChange())
        }
    }

    func sitemap(_ req: Request) async throws -> Response {
        try await req.cachedPublicPage {
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            let base = req.publicBaseURL
            let categories = try await SiteCategory.query(on: req.db).sort(\.$position).all()
            let live = try await items.live().sort(\.$number).all()
            let archived = try await items.archived(categoryIDs: try await items.archiveCategoryIDs()).sort(\.$number).all()
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
            urls += (live + archived).sorted { $0.number < $1.number }.map { SitemapURL(loc: base + PublicRoute.item($0.number).path, lastModified: $0.updatedAt) }
            let response = Response(status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8"], body: .init(string: Sitemap.xml(urls)))
            return PublicContent(
                response: response, lastModified: (live + archived).map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0),
                validUntil: try await items.nextChange())
        }
    }
}
