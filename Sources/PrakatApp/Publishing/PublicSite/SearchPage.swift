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
    }

    func search(_ req: Request) async throws -> Response {
        try await req.cachedPublicPage {
            let query = String(((try? req.query.get(String.self, at: "q")) ?? "").prefix(200))
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            // What does not depend on the results is read while the search runs (on PostgreSQL,
            // on other connections): the page's frame and when its results next change.
            async let frame: Void = req.loadSiteFrame()
            async let validUntil = items.nextChange()
            let page = Self.requestedPage(req)
            let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
            var body = SearchBody(query: trimmed, items: [], paging: nil, searched: !trimmed.isEmpty, tooShort: false)
            if !trimmed.isEmpty {
                let result = try await PublicationSearch.search(trimmed, in: items, page: page, perPage: Self.perPage)
                // The page's rows and its categories' names as columns: a model costs a reflection pass per row.
                let rows = try await ListedPublication.load(result.ids, on: req.db)
                async let names = PublicItems.categoryNames(Set(rows.map(\.categoryID)), on: req.db)
                async let covers = ListingCovers.load(requestIDs: rows.map(\.currentRequestID), on: req.db)
                body.items = Self.summaries(rows, categoryNames: try await names, now: now, covers: try await covers)
                body.tooShort = result.titlesOnly
                body.paging = Self.paging(total: result.total, page: page, base: PublicRoute.search(trimmed).path)
            }
            let title = trimmed.isEmpty ? PublishingText.searchTitle : "\(PublishingText.searchTitle): \(trimmed)"
            await frame
            let response = try await req.render("Site/search", title: title, body)
            return PublicContent(response: response, lastModified: now, validUntil: try await validUntil, tags: [SiteTag.search])
        }
    }
}
