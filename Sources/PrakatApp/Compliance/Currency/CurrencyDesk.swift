import Fluent
import Foundation
import PrakatCore
import Vapor

/// The desk's reads: items ending soon, evergreen items due for review, broken links and the
/// facts of the completeness check. Pages and the staff shell's count share these queries.
enum CurrencyDesk {
    /// Rows shown per list (the counts above them are exact).
    static let listLimit = 200

    /// Links whose last check failed.
    static func brokenLinks(on db: any Database) -> QueryBuilder<LinkCheck> {
        LinkCheck.query(on: db).filter(\.$failureRaw != nil)
    }

    /// Public items ending within 30 days, soonest first.
    static func ending(on db: any Database, now: Date) async throws -> [Publication] {
        let horizon = now.addingTimeInterval(Double(CurrencyRules.EndingWindow.month.rawValue) * 86_400)
        return try await PublicItems(db: db, now: now).live().filter(\.$expireAt <= horizon).sort(\.$expireAt).limit(listLimit).all()
    }

    struct Stale: Sendable {
        var publication: Publication
        var lastTouched: Date
        var overdueDays: Int
        var intervalDays: Int
    }

    /// Public items with no end whose category's review interval has passed since they were last
    /// published, revised or stamped "still current"; the most overdue first.
    static func stale(on db: any Database, now: Date) async throws -> [Stale] {
        let intervals = try await CurrencyCategoryInterval.all(on: db)
        guard !intervals.isEmpty else { return [] }
        let candidates = try await PublicItems(db: db, now: now).live().filter(\.$expireAt == nil).filter(\.$categoryID ~~ Array(intervals.keys))
            .field(\.$id).field(\.$number).field(\.$categoryID).field(\.$currentRequestID).field(\.$title).field(\.$publishAt).field(\.$updatedAt)
            .all()
        let ids = candidates.compactMap(\.id)
        var reviews: [UUID: Date] = [:]
        for chunk in ids.inChunks(of: 500) {
            for review in try await CurrencyReview.query(on: db).filter(\.$publicationID ~~ chunk).all() { reviews[review.publicationID] = review.reviewedAt }
        }
        var stale: [Stale] = []
        for publication in candidates {
            guard let id = publication.id, let interval = intervals[publication.categoryID] else { continue }
            let touched = CurrencyRules.lastTouched(publishedAt: publication.publishAt, updatedAt: publication.updatedAt, reviewedAt: reviews[id])
            guard let overdue = CurrencyRules.overdueDays(lastTouched: touched, intervalDays: interval, now: now) else { continue }
            stale.append(Stale(publication: publication, lastTouched: touched, overdueDays: overdue, intervalDays: interval))
        }
        return stale.sorted { ($0.overdueDays, $1.publication.number) > ($1.overdueDays, $0.publication.number) }
    }

    /// What the completeness check needs to know about the site now.
    static func completenessFacts(on db: any Database, now: Date, agency: AgencyProfile) async throws -> SiteCompleteness.Facts {
        let categories = try await SiteCategory.query(on: db).all()
        let items = PublicItems(db: db, now: now)
        var withItems = Set(try await items.live().unique().all(\.$categoryID))
        let archive = try await items.archiveCategoryIDs()
        if !archive.isEmpty { withItems.formUnion(try await items.archived(categoryIDs: archive).unique().all(\.$categoryID)) }
        let byID = Dictionary(categories.compactMap { category in category.id.map { ($0, category) } }) { first, _ in first }
        var clauses = Set<String>()
        var slugs = Set<String>()
        for id in withItems {
            guard let category = byID[id] else { continue }
            let parent = category.parentID.flatMap { byID[$0] }
            slugs.insert(category.slug)
            if let parent { slugs.insert(parent.slug) }
            if let clause = category.clause ?? parent?.clause { clauses.insert(clause) }
        }
        var contacts = Set<SiteCompleteness.ContactField>()
        if agency.configured { contacts.insert(.name) }
        if agency.address != nil { contacts.insert(.address) }
        if agency.phone != nil { contacts.insert(.phone) }
        if agency.fax != nil { contacts.insert(.fax) }
        if agency.email != nil { contacts.insert(.email) }
        if agency.mapURL != nil || (agency.latitude != nil && agency.longitude != nil) { contacts.insert(.map) }
        return SiteCompleteness.Facts(
            clausesWithItems: clauses, slugsWithItems: slugs, existingSlugs: Set(categories.map(\.slug)), filledContacts: contacts,
            openEServices: try await ServiceType.query(on: db).filter(\.$active == true).count())
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements (for `IN (…)` lists of a bounded length).
    func inChunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(1, size)).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
