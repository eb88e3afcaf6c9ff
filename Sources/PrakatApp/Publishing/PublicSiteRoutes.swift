import Fluent
import Foundation
import PrakatCore
import Vapor

/// The public site's addresses. `/p/<number>` never changes once an item has it.
enum PublicRoute: TypedRoute {
    enum FeedFormat: String, Sendable { case rss = "feed.rss", atom = "feed.atom" }

    case home
    case category(String)
    case archive(String)
    /// The whole site's feed, or one category's.
    case feed(String?, FeedFormat)
    case item(Int)
    case itemFile(Int, UUID)
    case search(String?)
    case sitemap
    case robots

    static let examples: [PublicRoute] = [
        .home, .category("news"), .category("ข่าว ประชาสัมพันธ์"), .archive("news"), .feed(nil, .rss), .feed(nil, .atom), .feed("news", .rss),
        .feed("news", .atom), .item(1), .item(20_001), .itemFile(7, UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()),
        .search(nil), .search("ชลบุรี & co"), .sitemap, .robots,
    ]

    var method: HTTPMethod { .GET }

    var segments: [RouteSegment] {
        switch self {
        case .home: []
        case .category(let slug): [.constant("c"), .parameter("slug", slug)]
        case .archive(let slug): [.constant("c"), .parameter("slug", slug), .constant("archive")]
        case let .feed(slug, format): slug.map { [.constant("c"), .parameter("slug", $0), .constant(format.rawValue)] } ?? [.constant(format.rawValue)]
        case .item(let number): [.constant("p"), .parameter("number", String(number))]
        case let .itemFile(number, file): [.constant("p"), .parameter("number", String(number)), .constant("files"), .parameter("fileID", file.lowercased)]
        case .search: [.constant("search")]
        case .sitemap: [.constant("sitemap.xml")]
        case .robots: [.constant("robots.txt")]
        }
    }

    var query: [URLQueryItem] {
        if case .search(let text?) = self { return [URLQueryItem(name: "q", value: text)] }
        return []
    }

    var policy: AccessPolicy { .everyone }

    static func parse(_ template: PublicRoute, _ p: RouteParameters) -> PublicRoute? {
        switch template {
        case .home, .sitemap, .robots: template
        case .category: p.string("slug").map(PublicRoute.category)
        case .archive: p.string("slug").map(PublicRoute.archive)
        case let .feed(slug, format): slug == nil ? template : p.string("slug").map { .feed($0, format) }
        case .item: p.int("number", in: 1...Int(Int32.max)).map(PublicRoute.item)
        case .itemFile:
            if let number = p.int("number", in: 1...Int(Int32.max)), let file = p.uuid("fileID") { .itemFile(number, file) } else { nil }
        case .search: .search(p.queryValue("q"))
        }
    }
}

/// The public site built from published items: home, category pages with paging and a dated
/// archive, item pages, attachments, search, RSS/Atom and the sitemap. Every answer goes through
/// `PublicItems` (visibility from the dates) and the rendered-page cache.
struct PublicSiteRoutes {
    static let perPage = 20

    static func register(_ routes: any RoutesBuilder) {
        let site = PublicSiteRoutes()
        routes.register(PublicRoute.self) { req, route in
            switch route {
            case .home: try await site.home(req)
            case .category(let slug): try await site.listing(req, slug: slug, archive: false)
            case .archive(let slug): try await site.listing(req, slug: slug, archive: true)
            case let .feed(slug, format): try await site.feed(req, slug: slug, atom: format == .atom)
            case .item(let number): try await site.item(req, number: number)
            case let .itemFile(number, file): try await site.file(req, number: number, fileID: file)
            case .search: try await site.search(req)
            case .sitemap: try await site.sitemap(req)
            case .robots: site.robots(req)
            }
        }
    }

    func robots(_ req: Request) -> Response {
        let body = "User-agent: *\nDisallow: /staff\nDisallow: /admin\nDisallow: /login\nSitemap: \(req.publicBaseURL)/sitemap.xml\n"
        return Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600"], body: .init(string: body))
    }

    // MARK: View models

    struct ItemSummary: Encodable {
        var title: String
        var path: String
        var date: String
        var isoDate: String
        var excerpt: String
        var categoryName: String
        var urgent: Bool
        var archived: Bool
    }

    struct OpenGraph: Encodable {
        var title: String
        var description: String
        var url: String
        var type: String
        var siteName: String
    }

    struct Paging: Encodable {
        var page: Int
        var pages: Int
        var total: Int
        var previous: String?
        var next: String?
    }

    static func paging(total: Int, page: Int, base: String, extra: String = "") -> Paging {
        let pages = max(1, (total + perPage - 1) / perPage)
        let separator = base.contains("?") ? "&" : "?"
        return Paging(page: page, pages: pages, total: total,
                      previous: page > 1 ? "\(base)\(separator)page=\(page - 1)\(extra)" : nil,
                      next: page < pages ? "\(base)\(separator)page=\(page + 1)\(extra)" : nil)
    }

    static func requestedPage(_ req: Request) -> Int {
        min(100_000, max(1, (try? req.query.get(Int.self, at: "page")) ?? 1))
    }

    static func summaries(_ items: [Publication], categories: [UUID: SiteCategory], now: Date) -> [ItemSummary] {
        items.map { item in
            ItemSummary(title: item.title, path: PublicRoute.item(item.number).path,
                        date: ThaiDateFormat.long(item.publishAt, digits: .arabic), isoDate: InternetDate.rfc3339(item.publishAt),
                        excerpt: Markdown.plainText(item.body, maxGraphemes: 180), categoryName: categories[item.categoryID]?.nameTh ?? "",
                        urgent: item.urgentDeadline != nil, archived: item.window.status(at: now) == .expired)
        }
    }

    /// A category and everything under it: a parent's page lists its children's items too.
    static func subtree(_ root: SiteCategory, in all: [SiteCategory]) -> [UUID] {
        var ids = [root.id!]
        var frontier = [root.id!]
        while let next = frontier.popLast() {
            for child in all where child.parentID == next {
                ids.append(child.id!)
                frontier.append(child.id!)
            }
        }
        return ids
    }

    // MARK: Home

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
        var og: OpenGraph
        var searchPath: String
        var rssPath: String
        var atomPath: String
    }

    /// seed 1 §1.8 on the home page: latest news, announcements, procurement notices and alerts.
    static let homeBlocks = ["news", "announcements", "procurement", "alerts"]

    func home(_ req: Request) async throws -> Response {
        try await req.cachedPublicPage {
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            let categories = try await SiteCategory.query(on: req.db).sort(\.$position).all()
            let byID = Dictionary(uniqueKeysWithValues: categories.map { ($0.id!, $0) })
            var blocks: [HomeBody.Block] = []
            var lastModified = Date(timeIntervalSince1970: 0)
            for slug in Self.homeBlocks {
                guard let category = categories.first(where: { $0.slug == slug }) else { continue }
                // "news" on the home page means the general news, not every notice under 1.8.
                let ids = slug == "news" ? [category.id!] + categories.filter { $0.parentID == category.id && $0.slug == "activities" }.map { $0.id! }
                                         : Self.subtree(category, in: categories)
                let latest = try await items.live().filter(\.$categoryID ~~ ids).sort(\.$publishAt, .descending).limit(5).all()
                lastModified = max(lastModified, latest.map(\.updatedAt).max() ?? lastModified)
                blocks.append(.init(nameTh: category.nameTh, path: PublicRoute.category(category.slug).path, items: Self.summaries(latest, categories: byID, now: now)))
            }
            let roots = categories.filter { $0.parentID == nil }
            let sections = roots.map { root in
                HomeBody.Section(nameTh: root.nameTh, clause: root.clause, path: PublicRoute.category(root.slug).path,
                                 children: categories.filter { $0.parentID == root.id }.map { .init(nameTh: $0.nameTh, path: PublicRoute.category($0.slug).path) })
            }
            let agency = try await Agency.query(on: req.db).first()
            let base = req.publicBaseURL
            let body = HomeBody(blocks: blocks, sections: sections,
                                og: OpenGraph(title: agency?.nameTh ?? "Prakat", description: "ข้อมูลข่าวสาร ประกาศ และบริการของ\(agency?.nameTh ?? "หน่วยงาน")",
                                              url: base + "/", type: "website", siteName: agency?.nameTh ?? "Prakat"),
                                searchPath: PublicRoute.search(nil).path, rssPath: PublicRoute.feed(nil, .rss).path, atomPath: PublicRoute.feed(nil, .atom).path)
            let response = try await req.render("Site/home", title: SiteText.homeTitle, body)
            return PublicContent(response: response, lastModified: lastModified, validUntil: try await items.nextChange())
        }
    }

    // MARK: Category and archive

    struct CategoryBody: Encodable {
        var nameTh: String
        var nameEn: String?
        var clause: String?
        var parent: SiteContext.NavItem?
        var children: [SiteContext.NavItem]
        var items: [ItemSummary]
        var paging: Paging
        var isArchive: Bool
        var archivePath: String?
        var categoryPath: String
        var rssPath: String
        var atomPath: String
        var years: [YearGroup]
        var og: OpenGraph
    }

    struct YearGroup: Encodable {
        var year: String
        var items: [ItemSummary]
    }

    private func findCategory(_ req: Request, slug: String) async throws -> (SiteCategory, [SiteCategory]) {
        let all = try await SiteCategory.query(on: req.db).sort(\.$position).all()
        guard let category = all.first(where: { $0.slug == slug }) else { throw PrakatError.notFound() }
        return (category, all)
    }

    func listing(_ req: Request, slug: String, archive: Bool) async throws -> Response {
        try await req.cachedPublicPage {
            let (category, all) = try await findCategory(req, slug: slug)
            if archive, category.expiredPolicy != .archive { throw PrakatError.notFound() }
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            let ids = Self.subtree(category, in: all)
            let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id!, $0) })
            let base = archive ? items.archived(categoryIDs: ids.filter { byID[$0]?.expiredPolicy == .archive }) : items.live().filter(\.$categoryID ~~ ids)
            let total = try await base.count()
            let page = Self.requestedPage(req)
            var rowQuery = archive ? items.archived(categoryIDs: ids.filter { byID[$0]?.expiredPolicy == .archive }) : items.live().filter(\.$categoryID ~~ ids)
            rowQuery = archive ? rowQuery.sort(\.$expireAt, .descending) : rowQuery.sort(\.$publishAt, .descending)
            let rows = try await rowQuery.sort(\.$number, .descending)
                .range(((page - 1) * Self.perPage)..<(page * Self.perPage)).all()
            let summaries = Self.summaries(rows, categories: byID, now: now)
            // The dated archive: grouped by the Buddhist Era year the item was published.
            var years: [YearGroup] = []
            if archive {
                for (row, summary) in zip(rows, summaries) {
                    let year = String(CalendarDate.bangkok(containing: row.publishAt).buddhistYear)
                    if years.last?.year == year { years[years.count - 1].items.append(summary) } else { years.append(.init(year: year, items: [summary])) }
                }
            }
            let parent = category.parentID.flatMap { byID[$0] }
            let path = archive ? PublicRoute.archive(category.slug).path : PublicRoute.category(category.slug).path
            let agency = try await Agency.query(on: req.db).first()
            let body = CategoryBody(
                nameTh: category.nameTh, nameEn: category.nameEn, clause: category.clause,
                parent: parent.map { .init(nameTh: $0.nameTh, path: PublicRoute.category($0.slug).path) },
                children: all.filter { $0.parentID == category.id }.map { .init(nameTh: $0.nameTh, path: PublicRoute.category($0.slug).path) },
                items: summaries, paging: Self.paging(total: total, page: page, base: path), isArchive: archive,
                archivePath: category.expiredPolicy == .archive && !archive ? PublicRoute.archive(category.slug).path : nil,
                categoryPath: PublicRoute.category(category.slug).path,
                rssPath: PublicRoute.feed(category.slug, .rss).path, atomPath: PublicRoute.feed(category.slug, .atom).path, years: years,
                og: OpenGraph(title: category.nameTh, description: "\(category.nameTh) · \(agency?.nameTh ?? "")",
                              url: req.publicBaseURL + path, type: "website", siteName: agency?.nameTh ?? "Prakat"))
            let title = archive ? "\(PublishingText.archiveTitle): \(category.nameTh)" : category.nameTh
            let response = try await req.render("Site/category", title: title, body)
            return PublicContent(response: response, lastModified: rows.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0),
                                 validUntil: try await items.nextChange())
        }
    }

    // MARK: Item

    struct ItemBody: Encodable {
        struct File: Encodable {
            var fileName: String
            var kindName: String
            var size: String
            var path: String
        }
        var number: Int
        var title: String
        var bodyHTML: String
        var published: String
        var publishedISO: String
        var updated: String
        var expires: String?
        var sourceName: String?
        var sourceDate: String?
        var links: [String]
        var files: [File]
        var categoryName: String
        var categoryPath: String
        var unitName: String
        var urgent: Bool
        var archived: Bool
        var og: OpenGraph
        var shareFacebook: String
        var shareLine: String
    }

    struct GoneBody: Encodable {
        var title: String
        var notice: String
        var reason: String?
        var endedAt: String?
        var categoryPath: String?
        var categoryName: String?
    }

    private func findPublication(_ req: Request, number: Int) async throws -> Publication {
        guard let publication = try await Publication.query(on: req.db).filter(\.$number == number).first()
        else { throw PrakatError.notFound() }
        return publication
    }

    func item(_ req: Request, number: Int) async throws -> Response {
        try await req.cachedPublicPage {
            let publication = try await findPublication(req, number: number)
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            let category = try await SiteCategory.find(publication.categoryID, on: req.db)
            let validUntil = publication.window.nextChange(after: now)
            switch items.readability(publication, category: category) {
            case .notYet:
                throw PrakatError.notFound()
            case .gone(let status):
                // 410 with a Thai notice; a withdrawn page says why (issue 3 §4).
                let notice = switch status {
                case .withdrawn: PublishingText.withdrawnNotice
                case .urgentLapsed: PublishingText.urgentLapsedNotice
                default: PublishingText.expiredNotice
                }
                let body = GoneBody(title: publication.title, notice: notice,
                                    reason: status == .withdrawn ? publication.withdrawReason : nil,
                                    endedAt: PublishingFormat.dateTime(publication.withdrawnAt ?? publication.urgentDeadline ?? publication.expireAt),
                                    categoryPath: category.map { PublicRoute.category($0.slug).path }, categoryName: category?.nameTh)
                let response = try await req.render("Site/gone", title: notice, body, status: .gone)
                return PublicContent(response: response, lastModified: publication.updatedAt, validUntil: validUntil)
            case .live, .archived:
                let files = try await Attachment.query(on: req.db).filter(\.$requestID == publication.currentRequestID).sort(\.$position).all()
                let unit = try await OrgUnit.find(publication.unitID, on: req.db)
                let agency = try await Agency.query(on: req.db).first()
                let url = req.publicBaseURL + PublicRoute.item(publication.number).path
                let encodedURL = url.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? url
                let body = ItemBody(
                    number: publication.number, title: publication.title, bodyHTML: Markdown.html(publication.body),
                    published: ThaiDateFormat.long(publication.publishAt, digits: .arabic),
                    publishedISO: InternetDate.rfc3339(publication.publishAt),
                    updated: ThaiDateFormat.long(publication.updatedAt, digits: .arabic, showsTime: true),
                    expires: PublishingFormat.date(publication.expireAt),
                    sourceName: publication.sourceName, sourceDate: PublishingFormat.thaiDate(iso: publication.sourceDate),
                    links: publication.links.filter(ExternalLink.isValid),
                    files: files.map { .init(fileName: $0.fileName, kindName: FileKind(rawValue: $0.kind)?.thaiName ?? $0.kind,
                                             size: PublishingFormat.size($0.size), path: PublicRoute.itemFile(publication.number, $0.id!).path) },
                    categoryName: category?.nameTh ?? "", categoryPath: category.map { PublicRoute.category($0.slug).path } ?? "/",
                    unitName: unit?.nameTh ?? "", urgent: publication.urgentDeadline != nil,
                    archived: publication.window.status(at: now) == .expired,
                    og: OpenGraph(title: publication.title, description: Markdown.plainText(publication.body, maxGraphemes: 200),
                                  url: url, type: "article", siteName: agency?.nameTh ?? "Prakat"),
                    shareFacebook: "https://www.facebook.com/sharer/sharer.php?u=" + encodedURL,
                    shareLine: "https://social-plugins.line.me/lineit/share?url=" + encodedURL)
                let response = try await req.render("Site/item", title: publication.title, body)
                return PublicContent(response: response, lastModified: publication.updatedAt, validUntil: validUntil)
            }
        }
    }

    /// Attachments follow their item: readable only while the item is (the API contract).
    func file(_ req: Request, number: Int, fileID: UUID) async throws -> Response {
        let publication = try await findPublication(req, number: number)
        let now = req.clock.now()
        let category = try await SiteCategory.find(publication.categoryID, on: req.db)
        guard let attachment = try await Attachment.query(on: req.db).filter(\.$id == fileID).filter(\.$requestID == publication.currentRequestID).first()
        else { throw PrakatError.notFound() }
        switch PublicItems(db: req.db, now: now).readability(publication, category: category) {
        case .notYet: throw PrakatError.notFound()
        case .gone: throw PrakatError(status: .gone, kind: "gone", title: PublishingText.expiredNotice, detail: PublishingText.expiredNotice)
        case .live, .archived:
            let validUntil = publication.window.nextChange(after: now)
            return try await AttachmentResponse.make(attachment, req: req, cacheControl: PublicCachePolicy.cacheControl(validUntil: validUntil, now: now, signedIn: false))
        }
    }

    // MARK: Search

    struct SearchBody: Encodable {
        var query: String
        var items: [ItemSummary]
        var paging: Paging?
        var searched: Bool
        var tooShort: Bool
    }

    func search(_ req: Request) async throws -> Response {
        try await req.cachedPublicPage {
            let query = String(((try? req.query.get(String.self, at: "q")) ?? "").prefix(200))
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            let page = Self.requestedPage(req)
            let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
            var body = SearchBody(query: trimmed, items: [], paging: nil, searched: !trimmed.isEmpty, tooShort: false)
            if !trimmed.isEmpty {
                let result = try await PublicationSearch.search(trimmed, in: items, page: page, perPage: Self.perPage)
                let categories = Dictionary(uniqueKeysWithValues: try await SiteCategory.query(on: req.db).all().map { ($0.id!, $0) })
                body.items = Self.summaries(result.items, categories: categories, now: now)
                body.paging = Self.paging(total: result.total, page: page, base: PublicRoute.search(trimmed).path)
            }
            let title = trimmed.isEmpty ? PublishingText.searchTitle : "\(PublishingText.searchTitle): \(trimmed)"
            let response = try await req.render("Site/search", title: title, body)
            return PublicContent(response: response, lastModified: now, validUntil: try await items.nextChange())
        }
    }

    // MARK: Feeds and sitemap

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
            let agency = try await Agency.query(on: req.db).first()
            let base = req.publicBaseURL
            let selfPath = atom ? PublicRoute.feed(category?.slug, .atom).path : PublicRoute.feed(category?.slug, .rss).path
            let feed = Feed(
                title: [category?.nameTh, agency?.nameTh].compactMap { $0 }.joined(separator: " · "),
                link: base + (category.map { PublicRoute.category($0.slug).path } ?? "/"), selfLink: base + selfPath,
                description: category?.nameTh ?? "ข้อมูลข่าวสารของ\(agency?.nameTh ?? "หน่วยงาน")",
                updated: rows.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0),
                entries: rows.map { row in
                    let link = base + PublicRoute.item(row.number).path
                    return FeedEntry(id: link, title: row.title, link: link, published: row.publishAt, updated: row.updatedAt,
                                     summary: Markdown.plainText(row.body, maxGraphemes: 400))
                })
            let xml = atom ? feed.atom() : feed.rss()
            let response = Response(status: .ok, headers: ["Content-Type": atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8"],
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
            urls += (live + archived).sorted { $0.number < $1.number }.map { SitemapURL(loc: base + PublicRoute.item($0.number).path, lastModified: $0.updatedAt) }
            let response = Response(status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8"], body: .init(string: Sitemap.xml(urls)))
            return PublicContent(response: response, lastModified: (live + archived).map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0),
                                 validUntil: try await items.nextChange())
        }
    }
}
