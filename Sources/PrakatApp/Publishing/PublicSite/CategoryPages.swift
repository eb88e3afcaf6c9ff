import Fluent
import Foundation
import PrakatCore
import Vapor

/// A category's listing and its archive of items whose period ended.
extension PublicSiteRoutes {
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
        /// Boxes other features show on this category's page (the Q&A on e-Service, §1.9).
        var engagement: [EngagementBox] = []
        /// Seed 1 §1.10's category links to the statistics page (Engagement/Visitors).
        var statsLink: String? = nil
        var statsLinkText = VisitorsText.linkFromCategory
    }

    struct YearGroup: Encodable {
        var year: String
        var items: [ItemSummary]
    }

    func findCategory(_ req: Request, slug: String) async throws -> (ListedCategory, [ListedCategory]) {
        let all = try await req.siteCategories()
        guard let category = all.first(where: { $0.slug == slug }) else { throw PrakatError.notFound() }
        return (category, all)
    }

    func listing(_ req: Request, slug: String, archive: Bool) async throws -> Response {
        try await req.cachedPublicPage {
            let (category, all) = try await findCategory(req, slug: slug)
            if archive, category.expiredPolicy != .archive { throw PrakatError.notFound() }
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            // The count is read while the rows are (on PostgreSQL, on other connections): it knows
            // when the listing next changes (kept or made with it).
            let ids = Self.subtree(category, in: all)
            let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let archiveIDs = ids.filter { byID[$0]?.expiredPolicy == .archive }
            // An archive's count and rows (a live listing's are read in SQL of their own).
            func archived() -> QueryBuilder<Publication> { items.archived(categoryIDs: archiveIDs) }
            let kept = KeptListing(req.application.pageCache, archive: archive, ids: archive ? archiveIDs : ids, tags: Set(ids.map(SiteTag.list)), now: now)
            let keptCount = kept.kept
            let keptTotal = keptCount?.value
            // A live listing counts only the categories of its subtree whose count is not kept; an
            // archive changes when an item of its categories ends (or lapses, or starts and ends).
            async let counted: KeptListing.Made? =
                keptCount != nil
                ? nil
                : archive
                    ? .init(total: try await archived().count(), counted: [:], validUntil: try await items.nextChange(in: archiveIDs))
                    : kept.count(live: ids, in: items)
            let page = Self.requestedPage(req)
            var rows: [ListedPublication]
            // Where this page starts: the next link's cursor, else where it started when a page
            // was rendered since the listing last changed.
            let linkedStart = archive || page == 1 ? nil : ListingCursor(req)
            let keptStart = archive || page == 1 || linkedStart != nil ? nil : kept.start(of: page)
            // Starts read from rows this render trusts are kept for the next request.
            var knownStarts: [Int: ListingCursor] = [:]
            if let cursor = linkedStart ?? keptStart {
                // Only live listings have a cursor.
                rows = try await items.liveRows(in: ids, after: cursor, limit: Self.perPage)
            } else {
                // A live page past the first reads the item before it too: where it starts.
                let before = archive || page == 1 ? 0 : 1
                let range = ((page - 1) * Self.perPage - before)..<(page * Self.perPage)
                if let keptTotal, range.lowerBound >= keptTotal {
                    rows = []  // past the end: nothing to step over every entry for
                } else if archive {
                    rows = try await items.rows(of: archived().sort(\.$expireAt, .descending).sort(\.$number, .descending).range(range))
                } else {
                    rows = try await items.liveRows(in: ids, range: range)
                }
                if before == 1, !rows.isEmpty { knownStarts[page] = ListingCursor(rows.removeFirst()) }
            }
            if !archive, linkedStart == nil, rows.count == Self.perPage, let last = rows.last { knownStarts[page + 1] = ListingCursor(last) }
            let summaries = try await Self.summaries(rows, categoryNames: try await req.siteFrame().categoryNames, now: now, on: req.db)
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
            let total: Int
            let validUntil: Date?
            if let keptCount {
                (total, validUntil) = keptCount
            } else {
                let made = try await counted ?? .init(total: 0, counted: [:], validUntil: nil)
                (total, validUntil) = (made.total, made.validUntil)
                kept.keep(made)
            }
            kept.keep(starts: knownStarts)
            let agency = await req.agencyProfile()
            let body = CategoryBody(
                nameTh: category.nameTh, nameEn: category.nameEn, clause: category.clause,
                parent: parent.map { .init(nameTh: $0.nameTh, path: PublicRoute.category($0.slug).path) },
                children: all.filter { $0.parentID == category.id }.map { .init(nameTh: $0.nameTh, path: PublicRoute.category($0.slug).path) },
                items: summaries,
                paging: Self.paging(total: total, page: page, base: path, nextCursor: archive || rows.count < Self.perPage ? nil : rows.last.map(ListingCursor.init)),
                isArchive: archive,
                archivePath: category.expiredPolicy == .archive && !archive ? PublicRoute.archive(category.slug).path : nil,
                categoryPath: PublicRoute.category(category.slug).path,
                rssPath: PublicRoute.feed(category.slug, .rss).path, atomPath: PublicRoute.feed(category.slug, .atom).path, years: years,
                og: OpenGraph(
                    title: category.nameTh, description: "\(category.nameTh) · \(agency.nameTh)",
                    url: req.publicBaseURL + path, type: "website", siteName: agency.nameTh))
            let title = archive ? "\(PublishingText.archiveTitle): \(category.nameTh)" : category.nameTh
            var withBoxes = body
            if !archive { withBoxes.engagement += CategoryBoxes.boxes(slug: category.slug, clause: category.clause) }
            if category.clause == VisitorsRoute.categoryClause { withBoxes.statsLink = VisitorsRoute.stats(nil).path }
            let response = try await req.render("Site/category", title: title, withBoxes)
            return PublicContent(
                response: response, lastModified: rows.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0),
                validUntil: validUntil, tags: Set(ids.map(SiteTag.list)))
        }
    }
}

/// Where a listing's next page starts: the publish time and number of the last item shown.
struct ListingCursor {
    var publishAt: Date
    var number: Int

    init(_ last: some ListablePublication) {
        publishAt = last.publishAt
        number = last.number
    }

    /// `after=<seconds since 1970>_<number>`; anything else is ignored (the page number is used).
    init?(_ req: Request) {
        guard let raw = try? req.query.get(String.self, at: "after") else { return nil }
        let parts = raw.split(separator: "_")
        guard parts.count == 2, let seconds = Double(parts[0]), seconds.isFinite, abs(seconds) < 1e11, let number = Int(parts[1]), number > 0 else { return nil }
        publishAt = Date(timeIntervalSince1970: seconds)
        self.number = number
    }

    var query: String { "after=\(publishAt.timeIntervalSince1970)_\(number)" }
}

/// A box a feature shows on a category's public page: a heading, a sentence and links.
struct EngagementBox: Encodable {
    struct Link: Encodable {
        var label: String
        var path: String
    }
    var id: String
    var title: String
    var text: String
    var links: [Link]
}

/// Features whose pages belong under a category of seed 1's tree (the e-Service forms and the
/// public Q&A under §1.9): the category's page shows their boxes first.
enum CategoryBoxes {
    static func boxes(slug: String, clause: String?) -> [EngagementBox] {
        EServicePublicPages.categoryBoxes(slug: slug, clause: clause) + QuestionPages.categoryBoxes(slug: slug, clause: clause)
    }
}
