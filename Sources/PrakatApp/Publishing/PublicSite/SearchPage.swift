import Fluent
import Foundation
import PrakatCore
import Vapor

/// Search over what is public now.
extension PublicSiteRoutes {
    struct SearchBody: Encodable {
        var query: String
        var items: [ItemSummary]
        var paging: Paging?
        var searched: Bool
        var tooShort: Bool
        /// "พบ 1,234 รายการ" (Thai-grouped), "พบอย่างน้อย …" when the count reached the limit.
        var found: String? = nil
        /// When the count reached the limit: what was ranked, and how to narrow it.
        var limitHint: String? = nil
    }

    func search(_ req: Request) async throws -> Response {
        try await req.cachedPublicPage {
            let query = String(((try? req.query.get(String.self, at: "q")) ?? "").prefix(200))
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            // When its results next change: kept between changes, else read while the search
            // runs (on PostgreSQL, on another connection).
            async let validUntil = items.nextChange(keptIn: req.application.pageCache)
            let page = Self.requestedPage(req)
            let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
            var body = SearchBody(query: trimmed, items: [], paging: nil, searched: !trimmed.isEmpty, tooShort: false)
            if !trimmed.isEmpty {
                let result = try await PublicationSearch.search(trimmed, in: items, page: page, perPage: Self.perPage)
                // The page's rows as columns (a model costs a reflection pass per row); its
                // categories' names from the frame.
                let rows = try await ListedPublication.load(result.ids, on: req.db)
                let covers = try await ListingCovers.load(requestIDs: rows.map(\.currentRequestID), on: req.db)
                body.items = Self.summaries(rows, categoryNames: try await req.siteFrame().categoryNames, now: now, covers: covers)
                body.tooShort = result.titlesOnly
                body.paging = Self.paging(total: result.total, page: page, base: PublicRoute.search(trimmed).path)
                let reachedLimit = result.total >= PublicationSearch.candidateLimit
                body.found = PublishingText.searchFound(result.total, reachedLimit: reachedLimit)
                body.limitHint = reachedLimit ? PublishingText.searchLimitHint(PublicationSearch.candidateLimit) : nil
            }
            let title = trimmed.isEmpty ? PublishingText.searchTitle : "\(PublishingText.searchTitle): \(trimmed)"
            let response = try await req.render("Site/search", title: title, body)
            return PublicContent(response: response, lastModified: now, validUntil: try await validUntil, tags: [SiteTag.search])
        }
    }
}
