import Fluent
import Foundation
import LeafKit
import PrakatCore
import Vapor

/// The public home page.
extension PublicSiteRoutes {
    struct HomeBody: Encodable {
        struct Block: Encodable {
            var nameTh: String
            var path: String
            var items: [ItemSummary]
        }
        struct Section: Encodable {
            var nameTh: String
            var clause: String?
            var path: String
            var children: [SiteContext.NavItem]
        }
        var blocks: [Block]
        var sections: [Section]
        /// Banners, quick links and executives the webmasters put here, those whose period holds.
        var showcase: HomeShowcase.Content
        var og: OpenGraph
        var searchPath: String
        var rssPath: String
        var atomPath: String
        /// The ITA page (issue 13): what an assessor opens first.
        var itaPath: String
    }

    /// seed 1 §1.8 on the home page: latest news, announcements, procurement notices and alerts.
    static let homeBlocks = ["news", "announcements", "procurement", "alerts"]
    static let itemsPerBlock = 5

    func home(_ req: Request) async throws -> Response {
        try await req.cachedPublicPage {
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            // Read while the blocks are (on PostgreSQL, on other connections): the showcase, and
            // when the listings next change.
            async let nextChange = items.nextChange(keptIn: req.application.pageCache)
            async let showcaseLoad = HomeShowcase.load(on: req.db, now: now)
            let frame = try await req.siteFrame()
            let (categories, names) = (frame.categories, frame.categoryNames)
            let shown: [(category: ListedCategory, ids: [UUID])] = Self.homeBlocks.compactMap { slug in
                guard let category = categories.first(where: { $0.slug == slug }) else { return nil }
                // "news" on the home page means the general news, not every notice under 1.8.
                let ids =
                    slug == "news"
                    ? [category.id] + categories.filter { $0.parentID == category.id && $0.slug == "activities" }.map(\.id)
                    : Self.subtree(category, in: categories)
                return (category, ids)
            }
            // The blocks' newest items in one statement, then the covers of all of them in one lookup.
            let latest = try await items.newest(inEach: shown.map(\.ids), limit: Self.itemsPerBlock)
            let covers = try await ListingCovers.load(requestIDs: latest.flatMap { $0.map(\.currentRequestID) }, on: req.db)
            var lastModified = latest.joined().map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0)
            let blocks = zip(shown, latest).map { block, rows in
                HomeBody.Block(
                    nameTh: block.category.nameTh, path: PublicRoute.category(block.category.slug).path,
                    items: Self.summaries(rows, categoryNames: names, now: now, covers: covers))
            }
            let roots = categories.filter { $0.parentID == nil }
            let sections = roots.map { root in
                HomeBody.Section(
                    nameTh: root.nameTh, clause: root.clause, path: PublicRoute.category(root.slug).path,
                    children: categories.filter { $0.parentID == root.id }.map { .init(nameTh: $0.nameTh, path: PublicRoute.category($0.slug).path) })
            }
            let agency = frame.agency
            let base = req.publicBaseURL
            let showcase = try await showcaseLoad
            lastModified = max(lastModified, showcase.lastModified)
            let body = HomeBody(
                blocks: blocks, sections: sections, showcase: showcase,
                og: OpenGraph(
                    title: agency.nameTh, description: "ข้อมูลข่าวสาร ประกาศ และบริการของ\(agency.nameInSentence)",
                    url: base + "/", type: "website", siteName: agency.nameTh),
                searchPath: PublicRoute.search(nil).path, rssPath: PublicRoute.feed(nil, .rss).path, atomPath: PublicRoute.feed(nil, .atom).path,
                itaPath: ComplianceRoute.publicIndex.path)
            let response = try await req.render("Site/home", title: SiteText.homeTitle, body)
            let validUntil = [try await nextChange, showcase.nextChange].compactMap { $0 }.min()
            return PublicContent(response: response, lastModified: lastModified, validUntil: validUntil, tags: [SiteTag.home])
        }
    }
}

// The home page's blocks and its list of every category: built for Leaf directly (`LeafFields`).
extension PublicSiteRoutes.HomeBody.Block: LeafDataRepresentable {
    var leafData: LeafData {
        var fields = LeafFields(capacity: 3)
        fields("nameTh", nameTh)
        fields("path", path)
        fields("items", items)
        return fields.leafData
    }
}

extension PublicSiteRoutes.HomeBody.Section: LeafDataRepresentable {
    var leafData: LeafData {
        var fields = LeafFields(capacity: 4)
        fields("nameTh", nameTh)
        fields("clause", clause)
        fields("path", path)
        fields("children", children)
        return fields.leafData
    }
}
