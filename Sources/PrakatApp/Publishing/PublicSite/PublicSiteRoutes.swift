import Fluent
import Foundation
import LeafKit
import PrakatCore
import SQLKit
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
    /// A smaller copy of a photo attached to an item, by width (`PhotoSizes.widths`).
    case itemPhoto(Int, UUID, Int)
    case search(String?)
    /// The sitemap index, the file of pages other than items, and each file of 50,000 item numbers.
    case sitemap
    case sitemapPages
    case sitemapItems(Int)
    case robots

    static let examples: [PublicRoute] = [
        .home, .category("news"), .category("ข่าว ประชาสัมพันธ์"), .archive("news"), .feed(nil, .rss), .feed(nil, .atom), .feed("news", .rss),
        .feed("news", .atom), .item(1), .item(20_001), .itemFile(7, UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()),
        .itemPhoto(7, UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID(), PhotoSizes.narrow),
        .search(nil), .search("ชลบุรี & co"), .sitemap, .sitemapPages, .sitemapItems(1), .sitemapItems(3), .robots
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
        case let .itemPhoto(number, file, width):
            [.constant("p"), .parameter("number", String(number)), .constant("files"), .parameter("fileID", file.lowercased), .parameter("width", String(width))]
        case .search: [.constant("search")]
        case .sitemap: [.constant("sitemap.xml")]
        case .sitemapPages: [.constant("sitemap"), .constant("pages.xml")]
        case .sitemapItems(let file): [.constant("sitemap"), .parameter("file", "items-\(file).xml")]
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
        case .home, .sitemap, .sitemapPages, .robots: template
        case .sitemapItems:
            p.string("file").flatMap { name -> PublicRoute? in
                guard name.hasPrefix("items-"), name.hasSuffix(".xml"), let file = Int(name.dropFirst(6).dropLast(4)), (1...100_000).contains(file) else { return nil }
                return .sitemapItems(file)
            }
        case .category: p.string("slug").map(PublicRoute.category)
        case .archive: p.string("slug").map(PublicRoute.archive)
        case let .feed(slug, format): slug == nil ? template : p.string("slug").map { .feed($0, format) }
        case .item: p.int("number", in: 1...Int(Int32.max)).map(PublicRoute.item)
        case .itemFile:
            if let number = p.int("number", in: 1...Int(Int32.max)), let file = p.uuid("fileID") { .itemFile(number, file) } else { nil }
        case .itemPhoto:
            if let number = p.int("number", in: 1...Int(Int32.max)), let file = p.uuid("fileID"),
                let width = p.int("width", in: PhotoSizes.narrow...PhotoSizes.wide), PhotoSizes.widths.contains(width)
            {
                .itemPhoto(number, file, width)
            } else {
                nil
            }
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
            case let .itemPhoto(number, file, width): try await site.photo(req, number: number, fileID: file, width: width)
            case .search: try await site.search(req)
            case .sitemap: try await site.sitemap(req)
            case .sitemapPages: try await site.sitemapPages(req)
            case .sitemapItems(let file): try await site.sitemapItems(req, file: file)
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
        /// The item's first photo, small (listings show it beside the title).
        var cover: Cover? = nil
    }

    struct Cover: Encodable {
        var src: String
        var width: Int
        var height: Int
    }

    struct OpenGraph: Encodable {
        var title: String
        var description: String
        var url: String
        var type: String
        var siteName: String
        /// An absolute URL: the item's first photo.
        var image: String? = nil
        var imageAlt: String? = nil
    }

    struct Paging: Encodable {
        var page: Int
        var pages: Int
        var total: Int
        var previous: String?
        var next: String?
    }

    static func paging(total: Int, page: Int, base: String, extra: String = "", nextCursor: ListingCursor? = nil) -> Paging {
        let pages = max(1, (total + perPage - 1) / perPage)
        let separator = base.contains("?") ? "&" : "?"
        return Paging(
            page: page, pages: pages, total: total,
            previous: page > 1 ? "\(base)\(separator)page=\(page - 1)\(extra)" : nil,
            next: page < pages ? "\(base)\(separator)page=\(page + 1)\(extra)" + (nextCursor.map { "&" + $0.query } ?? "") : nil)
    }

    static func requestedPage(_ req: Request) -> Int {
        min(100_000, max(1, (try? req.query.get(Int.self, at: "page")) ?? 1))
    }

    static func summaries(_ items: [some ListablePublication], categoryNames: [UUID: String], now: Date, covers: ListingCovers? = nil) -> [ItemSummary] {
        items.map { item in
            ItemSummary(
                title: item.title, path: PublicRoute.item(item.number).path,
                date: ThaiDateFormat.long(item.publishAt, digits: .arabic), isoDate: InternetDate.rfc3339(item.publishAt),
                excerpt: Markdown.excerpt(fromStored: item.excerpt, maxGraphemes: 180), categoryName: categoryNames[item.categoryID] ?? "",
                urgent: item.urgentDeadline != nil, archived: item.window.status(at: now) == .expired,
                cover: covers.flatMap { cover(of: item, in: $0) })
        }
    }

    /// Listings with their covers: the photos of every listed item in one query.
    static func summaries(_ items: [some ListablePublication], categoryNames: [UUID: String], now: Date, on db: any Database) async throws -> [ItemSummary] {
        let covers = try await ListingCovers.load(requestIDs: items.map(\.currentRequestID), on: db)
        return summaries(items, categoryNames: categoryNames, now: now, covers: covers)
    }

    /// The narrow copy of an item's first photo (the original when there is no copy).
    static func cover(of item: some ListablePublication, in covers: ListingCovers) -> Cover? {
        guard let photo = covers.photos[item.currentRequestID] else { return nil }
        if let narrow = photo.narrowest {
            return Cover(src: PublicRoute.itemPhoto(item.number, photo.id, narrow.width).path, width: narrow.width, height: narrow.height)
        }
        return Cover(
            src: PublicRoute.itemFile(item.number, photo.id).path, width: photo.width ?? PhotoSizes.narrow, height: photo.height ?? PhotoSizes.narrow)
    }

    /// A category and everything under it: a parent's page lists its children's items too.
    static func subtree(_ root: ListedCategory, in all: [ListedCategory]) -> [UUID] {
        var ids = [root.id]
        var frontier = [root.id]
        while let next = frontier.popLast() {
            for child in all where child.parentID == next {
                ids.append(child.id)
                frontier.append(child.id)
            }
        }
        return ids
    }
}

/// What the public pages need of a category, read as columns: Fluent fills a model by
/// reflection, and the 31 categories of a site read as models were 13 % of a category page's CPU.
struct ListedCategory: Decodable, Sendable {
    var id: UUID
    var parentID: UUID?
    var slug: String
    var nameTh: String
    var nameEn: String?
    var clause: String?
    var expiredPolicyRaw: String
    var inNavigation: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, slug, clause
        case inNavigation = "in_navigation"
        case parentID = "parent_id"
        case nameTh = "name_th"
        case nameEn = "name_en"
        case expiredPolicyRaw = "expired_policy"
    }

    var expiredPolicy: ExpiredPolicy { ExpiredPolicy(rawValue: expiredPolicyRaw) ?? .remove }

    /// Every category, in the site's order (pages ask `Request.siteCategories()`, kept between changes).
    static func all(on db: any Database) async throws -> [ListedCategory] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.select().columns(CodingKeys.allCases.map { SQLColumn($0.rawValue) }).from(SiteCategory.schema)
            .orderBy("position").all(decoding: ListedCategory.self)
    }
}

// Listings show twenty of these a page, home four blocks of five: built for Leaf directly
// (`LeafFields`).
extension PublicSiteRoutes.ItemSummary: LeafDataRepresentable {
    var leafData: LeafData {
        var fields = LeafFields(capacity: 9)
        fields("title", title)
        fields("path", path)
        fields("date", date)
        fields("isoDate", isoDate)
        fields("excerpt", excerpt)
        fields("categoryName", categoryName)
        fields("urgent", urgent)
        fields("archived", archived)
        fields("cover", cover)
        return fields.leafData
    }
}

extension PublicSiteRoutes.Cover: LeafDataRepresentable {
    var leafData: LeafData {
        var fields = LeafFields(capacity: 3)
        fields("src", src)
        fields("width", width)
        fields("height", height)
        return fields.leafData
    }
}
