import Fluent
import Foundation
import PrakatCore

/// The one place that decides what the public may see (the API contract: "An item is public only while
/// publishAt ≤ now < expireAt and not withdrawn … whatever the background jobs have or have
/// not done yet"). Pages, attachments, listings, search, feeds, the sitemap and the API all ask here.
struct PublicItems: Sendable {
    let db: any Database
    let now: Date

    /// Items inside their period, not withdrawn, and not an urgent item whose approval lapsed.
    func live() -> QueryBuilder<Publication> {
        Publication.query(on: db)
            .filter(\.$publishAt <= now)
            .filter(\.$withdrawnAt == nil)
            .group(.or) { $0.filter(\.$expireAt == nil).filter(\.$expireAt > now) }
            .group(.or) { $0.filter(\.$urgentDeadline == nil).filter(\.$urgentDeadline > now) }
    }

    /// Items past their period in categories that keep a dated archive.
    func archived(categoryIDs: [UUID]) -> QueryBuilder<Publication> {
        Publication.query(on: db)
            .filter(\.$expireAt <= now)
            .filter(\.$withdrawnAt == nil)
            .filter(\.$categoryID ~~ categoryIDs)
            .group(.or) { $0.filter(\.$urgentDeadline == nil).filter(\.$urgentDeadline > now) }
    }

    func archiveCategoryIDs() async throws -> [UUID] {
        try await SiteCategory.query(on: db).filter(\.$expiredPolicyRaw == ExpiredPolicy.archive.rawValue).all().compactMap(\.id)
    }

    /// What the public may read at its URL: live, or archived by its category's rule.
    enum Readability {
        case live
        case archived
        case gone(PublicationStatus)
        case notYet
    }

    func readability(_ publication: Publication, category: SiteCategory?) -> Readability {
        switch publication.window.status(at: now) {
        case .live: return .live
        case .scheduled: return .notYet
        case .expired: return category?.expiredPolicy == .archive ? .archived : .gone(.expired)
        case let other: return .gone(other)
        }
    }

    /// The next moment at which any item starts, ends or lapses: pages listing items are valid until then.
    func nextChange() async throws -> Date? {
        let starts = try await Publication.query(on: db).filter(\.$withdrawnAt == nil).filter(\.$publishAt > now).sort(\.$publishAt).first()?.publishAt
        let ends = try await Publication.query(on: db).filter(\.$withdrawnAt == nil).filter(\.$expireAt > now).sort(\.$expireAt).first()?.expireAt
        let lapses = try await Publication.query(on: db).filter(\.$withdrawnAt == nil).filter(\.$urgentDeadline > now).sort(\.$urgentDeadline).first()?.urgentDeadline
        return [starts, ends, lapses].compactMap { $0 }.min()
    }
}

/// Thai-aware search over titles, bodies and attachment names. Thai is written without spaces
/// between words, so word-token indexes miss `ชลบุรี` inside `สำนักงานสาธารณสุขจังหวัดชลบุรี`;
/// Prakat matches substrings of normalised text instead (the same on SQLite and PostgreSQL),
/// then ranks title hits first. At an agency's scale (thousands of items) this is a fast scan.
enum PublicationSearch {
    static let maxTerms = 8
    static let maxTermLength = 100

    /// NFC, lower case, zero-width characters removed and whitespace collapsed: what is stored
    /// and what queries are compared with.
    static func normalise(_ text: String) -> String {
        let composed = text.precomposedStringWithCanonicalMapping.lowercased()
        var out = ""
        out.reserveCapacity(composed.utf8.count)
        var lastWasSpace = true
        for scalar in composed.unicodeScalars {
            if ["\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{00AD}"].contains(scalar) { continue }
            if CharacterSet.whitespacesAndNewlines.contains(scalar) || CharacterSet.controlCharacters.contains(scalar) {
                if !lastWasSpace { out.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// The words of a query: every one must match somewhere. LIKE wildcards are dropped, since
    /// people do not mean them.
    static func terms(_ query: String) -> [String] {
        var seen = Set<String>()
        return normalise(query)
            .replacingOccurrences(of: "%", with: " ").replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "\\", with: " ")
            .split(separator: " ")
            .map { String($0.prefix(maxTermLength)) }
            .filter { seen.insert($0).inserted }
            .prefix(maxTerms)
            .map { $0 }
    }

    /// Title hits weigh most, then body, then file names; ties go to the newest.
    static func score(_ publication: Publication, terms: [String]) -> Int {
        terms.reduce(0) { total, term in
            var score = 0
            if publication.searchTitle.contains(term) { score += publication.searchTitle.hasPrefix(term) ? 150 : 100 }
            if publication.searchBody.contains(term) { score += 10 }
            if publication.searchFiles.contains(term) { score += 5 }
            return total + score
        }
    }

    struct Result {
        var items: [Publication]
        var total: Int
    }

    static func search(_ query: String, in items: PublicItems, page: Int, perPage: Int, categoryID: UUID? = nil) async throws -> Result {
        let terms = terms(query)
        guard !terms.isEmpty else { return Result(items: [], total: 0) }
        let archiveIDs = try await items.archiveCategoryIDs()
        var found: [Publication] = []
        for base in [items.live(), items.archived(categoryIDs: archiveIDs)] {
            var query = base
            if let categoryID { query = query.filter(\.$categoryID == categoryID) }
            for term in terms {
                query = query.group(.or) { $0.filter(\.$searchTitle ~~ term).filter(\.$searchBody ~~ term).filter(\.$searchFiles ~~ term) }
            }
            found += try await query.sort(\.$publishAt, .descending).limit(1_000).all()
        }
        let ranked = found.map { ($0, score($0, terms: terms)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.publishAt > $1.0.publishAt }
            .map(\.0)
        let start = min(ranked.count, max(0, (page - 1) * perPage))
        return Result(items: Array(ranked[start..<min(ranked.count, start + perPage)]), total: ranked.count)
    }
}
