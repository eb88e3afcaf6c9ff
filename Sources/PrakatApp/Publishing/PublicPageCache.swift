import CompressNIO
import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import PrakatCore
import SQLKit
import Vapor

/// Names for what a public page shows, so a change drops exactly the pages that show it.
enum SiteTag {
    /// Every page: agency details, the category menu, the footer.
    static let everything = "*"
    /// Beside `everything`: no item changed, so the listings' kept counts and page starts stay
    /// (see `SiteChange.frame`). Older instances that do not know it still read `everything` and
    /// drop them too.
    static let itemsUnchanged = "items-unchanged"
    /// The home page and the whole site's feed (the newest items of every category).
    static let home = "home"
    static let search = "search"
    static let sitemap = "sitemap"
    /// Cached public pages of other features that did not name what they show.
    static let other = "other"
    static func item(_ number: Int) -> String { "item:\(number)" }
    /// A category's listing, archive and feed (a parent's listing names each category below it).
    static func list(_ category: UUID) -> String { "list:" + category.lowercased }
    static func unit(_ unit: UUID) -> String { "unit:" + unit.lowercased }
}

/// What one change to public content touches.
struct SiteChange: Sendable, Equatable {
    var tags: Set<String>

    static let everything = SiteChange(tags: [SiteTag.everything])

    /// Every page's frame changed (the agency's name, logo, contacts, theme; the categories'
    /// menu, names, tree and archive rules), not any item: every page goes, the listings' counts
    /// and page starts stay. They depend only on the items and the categories named in their key
    /// (a moved category or a changed archive rule makes a listing of other categories, counted
    /// under another key, from its categories' own counts). Dropping them too made the next
    /// render of every deep page count its listing from nothing (at 100,000 items `/c/about`'s
    /// page 500: 20-30 ms instead of 9).
    static let frame = SiteChange(tags: [SiteTag.everything, SiteTag.itemsUnchanged])

    /// Only the home page shows it (its banners, quick links and executives).
    static let homeShowcase = SiteChange(tags: [SiteTag.home])

    /// Public pages of other features (the published questions and answers).
    static let otherPages = SiteChange(tags: [SiteTag.other])

    /// An item appeared, changed, moved or left: its page, the listings it is (or was) in, the
    /// home page and site feed, search and the sitemap.
    static func publication(number: Int, categories: [UUID]) -> SiteChange {
        SiteChange(tags: Set([SiteTag.item(number), SiteTag.home, SiteTag.search, SiteTag.sitemap] + categories.map(SiteTag.list)))
    }

    static func unit(_ id: UUID) -> SiteChange { SiteChange(tags: [SiteTag.unit(id)]) }

    static func + (lhs: SiteChange, rhs: SiteChange) -> SiteChange { SiteChange(tags: lhs.tags.union(rhs.tags)) }

    /// As stored in `site_changes`: tags separated by spaces (no tag contains one).
    var encoded: String { tags.sorted().joined(separator: " ") }
    init(tags: Set<String>) { self.tags = tags }
    init(encoded: String) { tags = Set(encoded.split(separator: " ").map(String.init)) }
}

/// Tells every instance's page cache what changed. A write that changes public content calls
/// `bump(tx, change)`: this instance drops the pages when the transaction commits, and other
/// instances read the same change from `site_changes` within `remoteCheckInterval`.
final class SiteVersion: Sendable {
    private struct State {
        var lastSeenChange = 0
        var started = false
    }

    let cache: PublicPageCache
    let clock: any PrakatClock
    /// Rows this instance wrote are skipped when read back: it dropped those pages at commit.
    let instanceID = UUID().uuidString.lowercased()
    private let state = NIOLockedValueBox(State())
    /// How stale another instance's change may be seen here (only matters with several instances).
    static let remoteCheckInterval: TimeAmount = .seconds(1)
    /// Changes are kept this long for instances that were briefly away; older rows are deleted.
    static let retention: TimeInterval = 24 * 3600

    init(cache: PublicPageCache, clock: any PrakatClock) {
        self.cache = cache
        self.clock = clock
    }

    /// Called inside the write transaction that changes public content.
    func bump(_ tx: WriteTransaction, _ change: SiteChange = .everything) async throws {
        let row = SiteChangeRow()
        row.instance = instanceID
        row.tags = change.encoded
        row.at = clock.now()
        try await row.create(on: tx.db)
        let cache = self.cache
        tx.afterCommit { cache.invalidate(change.tags) }
    }

    /// Reads other instances' changes since the last look and drops what they touched.
    func pollRemote(_ db: any Database) async throws {
        let (seen, started) = state.withLockedValue { ($0.lastSeenChange, $0.started) }
        guard started else {
            // Pages rendered here so far are from this start: earlier changes are already in them.
            let last = try await SiteChangeRow.query(on: db).sort(\.$id, .descending).first()?.id ?? 0
            state.withLockedValue {
                $0.lastSeenChange = max($0.lastSeenChange, last)
                $0.started = true
            }
            return
        }
        let rows = try await SiteChangeRow.query(on: db).filter(\.$id > seen).sort(\.$id).limit(1_000).all()
        var tags = Set<String>()
        for row in rows where row.instance != instanceID { tags.formUnion(SiteChange(encoded: row.tags).tags) }
        if !tags.isEmpty { cache.invalidate(tags) }
        if let last = rows.last?.id { state.withLockedValue { $0.lastSeenChange = max($0.lastSeenChange, last) } }
    }

    /// Deletes changes every instance has long since read.
    func prune(_ writer: DatabaseWriter, now: Date) async throws {
        let cutoff = now.addingTimeInterval(-Self.retention)
        try await writer.write { tx in try await SiteChangeRow.query(on: tx.db).filter(\.$at < cutoff).delete() }
    }
}

/// One change to public content, for the other instances (see `SiteVersion`).
final class SiteChangeRow: Model, @unchecked Sendable {
    static let schema = "site_changes"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "instance") var instance: String
    @Field(key: "tags") var tags: String
    @Field(key: "at") var at: Date

    init() {}
}

struct CreateSiteChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SiteChangeRow.schema)
            .field("id", .int, .identifier(auto: true))
            .field("instance", .string, .required)
            .field("tags", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await SQLIndex.create(on: database, name: "site_changes_at", table: SiteChangeRow.schema, columns: ["at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SiteChangeRow.schema).delete()
    }
}

/// A page as the public sees it, ready to send again.
struct RenderedPage: Sendable {
    var body: ByteBuffer
    var contentType: String
    var status: HTTPResponseStatus
    let lastModified: Date
    /// `Last-Modified` as sent: formatted once, not for every answer.
    let lastModifiedText: String
    /// The page shows content whose visibility changes at this moment (a schedule starts, a
    /// period ends): it must be rendered again from then on.
    var validUntil: Date?
    var etag: String
    /// What the page shows (`SiteTag`); a change to any of them drops it.
    var tags: Set<String>
    /// The footer's visitor figures it was rendered with.
    var visitorGeneration: Int
    /// May be answered before routing: no rate limit applies to its address (search does).
    var servedEarly: Bool
    /// A GET of this page by a browser (not a crawler) counts as a visit (`VisitorRules.countsPage`).
    var countsVisit: Bool
    /// The body gzip-compressed once, for clients that accept it (text types only): compressing
    /// the same page for every browser cost more than serving it.
    var gzipBody: ByteBuffer?
    /// Every header of an answer but `Cache-Control` (which depends on the time) and HSTS (on
    /// the scheme): the page's own and the security headers, built once when the page is
    /// stored, not for every request (rebuilding them was a sixth of a cached answer's CPU).
    private(set) var plainHeaders: HTTPHeaders
    /// The same for the gzip copy.
    private(set) var gzipHeaders: HTTPHeaders?

    var storedBytes: Int { body.readableBytes + (gzipBody?.readableBytes ?? 0) }

    init(
        body: ByteBuffer, contentType: String, status: HTTPResponseStatus, lastModified: Date, validUntil: Date?, etag: String, tags: Set<String>,
        visitorGeneration: Int, servedEarly: Bool, countsVisit: Bool
    ) {
        self.body = body
        self.contentType = contentType
        self.status = status
        self.lastModified = lastModified
        self.lastModifiedText = InternetDate.rfc822(lastModified)
        self.validUntil = validUntil
        self.etag = etag
        self.tags = tags
        self.visitorGeneration = visitorGeneration
        self.servedEarly = servedEarly
        self.countsVisit = countsVisit
        self.gzipBody = nil
        self.compressible = HTTPHeaders([("Content-Type", contentType)]).contentType.map { CompressibleTypes.all.contains($0) } ?? false
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: contentType)
        headers.add(name: .eTag, value: etag)
        headers.add(name: .lastModified, value: lastModifiedText)
        // What SecurityHeadersMiddleware would add: caches between us and the browser must keep
        // plain and compressed copies apart.
        if compressible { headers.add(name: .vary, value: "Accept-Encoding") }
        for (name, value) in SecurityHeadersMiddleware.headers { headers.add(name: name, value: value) }
        self.plainHeaders = headers
        self.gzipHeaders = nil
    }

    /// The content type is one the server compresses (text, JSON, XML, SVG).
    let compressible: Bool

    /// The page has no gzip copy yet, could have one, and this client takes gzip.
    func wantsGzipCopy(for request: Request) -> Bool { wantsGzipCopy(requestHeaders: request.headers) }

    func wantsGzipCopy(requestHeaders: HTTPHeaders) -> Bool {
        gzipBody == nil && compressible && body.readableBytes > 0 && AcceptEncoding.allowsGzip(requestHeaders[.acceptEncoding])
    }

    /// Keeps a gzip copy of a text body (what the server would compress per request).
    mutating func compress() {
        guard body.readableBytes > 0, compressible else { return }
        var source = body
        guard let compressed = try? source.compress(with: .gzip()) else { return }
        // The compressor allocates for the worst case; the cache keeps only the bytes.
        gzipBody = Self.exactCopy(compressed)
        var headers = plainHeaders
        headers.add(name: .contentEncoding, value: "gzip")
        gzipHeaders = headers
    }

    /// A buffer as large as its bytes: what the cache counts is what it holds.
    static func exactCopy(_ buffer: ByteBuffer) -> ByteBuffer {
        var copy = ByteBufferAllocator().buffer(capacity: buffer.readableBytes)
        copy.writeImmutableBuffer(buffer)
        return copy
    }
}

/// Rendered public pages, kept until the content they show changes (by tag) or the next moment
/// at which an item they list starts or ends. Rendering costs ~40× serving bytes, so anonymous
/// readers are served from here; signed-in people always get a fresh page. Memory is bounded by
/// bytes: the oldest quarter goes when the budget is reached.
final class PublicPageCache: Sendable {
    private struct Entry {
        var page: RenderedPage
        var stored: UInt64
    }

    private struct State {
        var pages: [String: Entry] = [:]
        var keysByTag: [String: Set<String>] = [:]
        var bytes = 0
        /// Moves with every invalidation.
        var sequence: UInt64 = 0
        /// When each tag was last invalidated: a page rendered across a change to one of its
        /// tags is not stored, while changes to other pages do not stop it (with 1,000 items
        /// published a minute, some change overlaps almost every render of the home page).
        var invalidatedAt: [String: UInt64] = [:]
        /// Renders started before this are treated as overlapping every change (the table above
        /// is emptied when it grows large, and on "everything").
        var invalidatedFloor: UInt64 = 0
        var stores: UInt64 = 0
        /// Pages being rendered, with the requests waiting for them.
        var rendering: [String: [CheckedContinuation<Void, Never>]] = [:]
        var renders: UInt64 = 0
        var counts: [String: ListingCount] = [:]
        var frame: SiteFrame?
    }

    /// How many items a listing holds, counted at `from` and true until `until` (the next moment
    /// an item of the listing starts or ends) or a change to one of `tags`; with where its pages
    /// start, as far as pages were rendered meanwhile.
    private struct ListingCount {
        var value: Int
        var tags: Set<String>
        var from: Date
        var until: Date?
        var pageStarts: [Int: ListingCursor] = [:]
    }

    private static let maxInvalidationRecords = 20_000
    /// One per category and its archive on a real site; the bounds only stop a runaway.
    private static let maxListingCounts = 2_048
    private static let maxPageStarts = 10_000

    private let state = NIOLockedValueBox(State())
    let maxBytes: Int

    init(maxBytes: Int = 32 << 20) { self.maxBytes = max(1 << 20, maxBytes) }

    /// A page's key: its URL as asked (`URI.string`) and the scheme, since absolute links in the
    /// page follow the request's (`publicBaseURL`).
    static func key(https: Bool, url: String) -> String { (https ? "https " : "http ") + url }

    var sequence: UInt64 { state.withLockedValue { $0.sequence } }

    func get(_ key: String, visitorGeneration: Int, now: Date) -> RenderedPage? {
        state.withLockedValue { state in
            guard let page = state.pages[key]?.page else { return nil }
            if page.visitorGeneration != visitorGeneration || (page.validUntil.map { now >= $0 } ?? false) {
                Self.remove(key, from: &state)
                return nil
            }
            return page
        }
    }

    /// Keeps `page` unless something changed since `sequence` was read before rendering it (the
    /// page may then show the old content).
    func put(_ key: String, _ page: RenderedPage, renderedAt sequence: UInt64) {
        let size = page.storedBytes + key.utf8.count + 256
        guard size < maxBytes / 8 else { return }
        state.withLockedValue { state in
            guard Self.unchanged(page.tags, since: sequence, in: state) else { return }
            Self.remove(key, from: &state)
            if state.bytes + size > maxBytes { Self.evictOldest(&state, keeping: maxBytes * 3 / 4 - size) }
            state.stores &+= 1
            state.pages[key] = Entry(page: page, stored: state.stores)
            state.bytes += size
            for tag in page.tags { state.keysByTag[tag, default: []].insert(key) }
        }
    }

    /// `page` as answered to `request`: with a gzip copy when the client takes gzip and the page
    /// has none yet. The copy is made on the first such request and kept with the stored page
    /// (if it is still the one under `key`), not when the page is stored: a page asked for only by
    /// clients without gzip (feed readers, scripts, most search pages, asked for once) is never
    /// compressed, which was a sixteenth of a search page's CPU.
    func withGzipCopy(_ page: RenderedPage, key: String, for request: Request) -> RenderedPage {
        withGzipCopy(page, key: key, requestHeaders: request.headers)
    }

    func withGzipCopy(_ page: RenderedPage, key: String, requestHeaders: HTTPHeaders) -> RenderedPage {
        guard page.wantsGzipCopy(requestHeaders: requestHeaders) else { return page }
        var compressed = page
        compressed.compress()
        guard compressed.gzipBody != nil else { return page }
        state.withLockedValue { state in
            guard var entry = state.pages[key], entry.page.gzipBody == nil, entry.page.etag == page.etag else { return }
            state.bytes += compressed.storedBytes - entry.page.storedBytes
            entry.page = compressed
            state.pages[key] = entry
        }
        return compressed
    }

    /// Drops every page that shows any of `tags` (all pages for `SiteTag.everything`).
    func invalidate(_ tags: Set<String>) {
        state.withLockedValue { state in
            state.sequence &+= 1
            if tags.contains(SiteTag.everything) || state.invalidatedAt.count + tags.count > Self.maxInvalidationRecords {
                state.invalidatedAt.removeAll()
                state.invalidatedFloor = state.sequence
            }
            if tags.contains(SiteTag.everything) {
                state.frame = nil
                state.pages.removeAll()
                state.keysByTag.removeAll()
                state.bytes = 0
                if !tags.contains(SiteTag.itemsUnchanged) { state.counts.removeAll() }
                return
            }
            for tag in tags {
                state.invalidatedAt[tag] = state.sequence
                for key in state.keysByTag[tag] ?? [] { Self.remove(key, from: &state) }
            }
            if !state.counts.isEmpty { state.counts = state.counts.filter { $0.value.tags.isDisjoint(with: tags) } }
        }
    }

    // MARK: The site's frame

    /// The agency and the categories as every page shows them (`SiteFrame`), until a change to
    /// every page.
    var frame: SiteFrame? { state.withLockedValue { $0.frame } }

    /// Keeps `frame` unless every page was dropped since `sequence` was read before reading it
    /// (it may then be the old agency or menu), like `put` for pages.
    func keepFrame(_ frame: SiteFrame, readAt sequence: UInt64) {
        state.withLockedValue { state in
            guard Self.unchanged([], since: sequence, in: state) else { return }
            state.frame = frame
        }
    }

    // MARK: Listing counts

    /// A listing's count as kept by `keepListingCount`, if it is still true at `now`. Every page of
    /// a category shows how many pages it has; at 100,000 items counting a large category's
    /// 35,000 entries again for each of its pages (a crawler walks them all, each a page of its
    /// own in the cache) cost PostgreSQL 5 ms, more than the rest of the page's statements.
    func listingCount(_ key: String, now: Date) -> Int? {
        keptListingCount(key, now: now)?.value
    }

    /// The same with the moment it stops being true (nil: only a change ends it).
    func keptListingCount(_ key: String, now: Date) -> (value: Int, until: Date?)? {
        state.withLockedValue { Self.liveCount(key, now: now, in: &$0).map { ($0.value, $0.until) } }
    }

    private static func liveCount(_ key: String, now: Date, in state: inout State) -> ListingCount? {
        guard let count = state.counts[key], now >= count.from else { return nil }
        if let until = count.until, now >= until {
            state.counts[key] = nil
            return nil
        }
        return count
    }

    /// Where page `page` of a kept listing starts (the item before its first), if a page rendered
    /// since the count showed it: `?page=500` without a cursor then reads 20 entries from an
    /// index instead of stepping over 9,980 (SQLite sorted a large category's 35,000 entries
    /// for it: 24 ms).
    func pageStart(_ key: String, page: Int, now: Date) -> ListingCursor? {
        state.withLockedValue { Self.liveCount(key, now: now, in: &$0)?.pageStarts[page] }
    }

    /// Keeps where `page` starts, read at `now` from rows whose own start was known (page 1, a
    /// page counted from the top or started from a kept start; never a cursor from a URL, which
    /// anyone can make up); like counts, not if one of the listing's tags changed since `sequence`.
    func keepPageStart(_ key: String, page: Int, _ start: ListingCursor, now: Date, renderedAt sequence: UInt64) {
        state.withLockedValue { state in
            guard var count = Self.liveCount(key, now: now, in: &state), Self.unchanged(count.tags, since: sequence, in: state),
                count.pageStarts.count < Self.maxPageStarts || count.pageStarts[page] != nil
            else { return }
            count.pageStarts[page] = start
            state.counts[key] = count
        }
    }

    /// Keeps a count made at `now`, unless one of `tags` changed since `sequence` was read before
    /// counting (the count may then miss the change), like `put` for pages.
    func keepListingCount(_ key: String, _ value: Int, tags: Set<String>, countedAt now: Date, validUntil: Date?, renderedAt sequence: UInt64) {
        state.withLockedValue { state in
            guard Self.unchanged(tags, since: sequence, in: state) else { return }
            if state.counts.count >= Self.maxListingCounts, state.counts[key] == nil { state.counts.removeAll() }
            state.counts[key] = ListingCount(value: value, tags: tags, from: now, until: validUntil)
        }
    }

    // MARK: Moments

    /// A moment kept by `keepMoment` while it is still true at `now`: the outer nil when none
    /// is, the inner one when the moment was "never". Moments share the listing counts' store,
    /// their tags, their lapse and their bound (a moment is a count's validity without the count).
    func keptMoment(_ key: String, now: Date) -> Date?? {
        keptListingCount(Self.momentKey(key), now: now).map { $0.until }
    }

    /// Keeps `moment`, read at `now`, until it passes or one of `tags` changes, unless one
    /// changed since `sequence` was read before reading it (like `keepListingCount`).
    func keepMoment(_ key: String, _ moment: Date?, tags: Set<String>, readAt now: Date, renderedAt sequence: UInt64) {
        keepListingCount(Self.momentKey(key), 0, tags: tags, countedAt: now, validUntil: moment, renderedAt: sequence)
    }

    private static func momentKey(_ key: String) -> String { "moment " + key }

    // MARK: One render per page at a time

    /// True when no one is rendering `key`: the caller renders it and must call `endRender`.
    /// Otherwise the caller waits (`waitForRender`) and then looks in the cache again, so a
    /// page dropped under load is rendered once, not by every request that arrives meanwhile.
    func beginRender(_ key: String) -> Bool {
        state.withLockedValue { state in
            guard state.rendering[key] == nil else { return false }
            state.rendering[key] = []
            state.renders &+= 1
            return true
        }
    }

    func waitForRender(_ key: String) async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let waiting = state.withLockedValue { state -> Bool in
                guard state.rendering[key] != nil else { return false }
                state.rendering[key, default: []].append(waiter)
                return true
            }
            if !waiting { waiter.resume() }
        }
    }

    /// Renders of cacheable pages begun so far.
    var renderCount: UInt64 { state.withLockedValue { $0.renders } }

    func endRender(_ key: String) {
        let waiters = state.withLockedValue { $0.rendering.removeValue(forKey: key) ?? [] }
        for waiter in waiters { waiter.resume() }
    }

    func removeAll() { invalidate([SiteTag.everything]) }

    var count: Int { state.withLockedValue { $0.pages.count } }
    var bytes: Int { state.withLockedValue { $0.bytes } }

    /// True when none of `tags` changed since `sequence` was read: what was read meanwhile is
    /// still what they show, and may be kept.
    private static func unchanged(_ tags: Set<String>, since sequence: UInt64, in state: State) -> Bool {
        sequence >= state.invalidatedFloor && !tags.contains { (state.invalidatedAt[$0] ?? 0) > sequence }
    }

    private static func remove(_ key: String, from state: inout State) {
        guard let entry = state.pages.removeValue(forKey: key) else { return }
        state.bytes -= entry.page.storedBytes + key.utf8.count + 256
        for tag in entry.page.tags {
            state.keysByTag[tag]?.remove(key)
            if state.keysByTag[tag]?.isEmpty == true { state.keysByTag[tag] = nil }
        }
    }

    private static func evictOldest(_ state: inout State, keeping budget: Int) {
        for (key, _) in state.pages.sorted(by: { $0.value.stored < $1.value.stored }) {
            if state.bytes <= budget { break }
            remove(key, from: &state)
        }
    }
}

/// A listing's count and where its pages start, as the page cache keeps them (every page of a
/// category shows the count; see `PublicPageCache.listingCount`), for one render at `now`.
struct KeptListing {
    let cache: PublicPageCache
    let key: String
    let tags: Set<String>
    let now: Date
    /// Read before the render's statements: what they read is kept only if none of `tags`
    /// changed since.
    let sequence: UInt64

    /// `ids`: the categories counted, nil for all; `tags`: what drops the count (the listings of
    /// the whole subtree, or the home page's tag for all items).
    init(_ cache: PublicPageCache, archive: Bool, ids: [UUID]?, tags: Set<String>, now: Date) {
        self.cache = cache
        key = Self.key(archive: archive, ids: ids)
        self.tags = tags
        self.now = now
        sequence = cache.sequence
    }

    var total: Int? { cache.listingCount(key, now: now) }

    /// The count with the moment it stops being true.
    var kept: (value: Int, until: Date?)? { cache.keptListingCount(key, now: now) }

    func start(of page: Int) -> ListingCursor? { cache.pageStart(key, page: page, now: now) }

    func keep(total: Int, validUntil: Date?) {
        cache.keepListingCount(key, total, tags: tags, countedAt: now, validUntil: validUntil, renderedAt: sequence)
    }

    func keep(starts: [Int: ListingCursor]) {
        for (page, start) in starts where page > 1 { cache.keepPageStart(key, page: page, start, now: now, renderedAt: sequence) }
    }

    private static func key(archive: Bool, ids: [UUID]?) -> String {
        (archive ? "archive " : "live ") + (ids.map { $0.map(\.uuidString).sorted().joined(separator: " ") } ?? "*")
    }

    /// A live listing's count made by `count(live:in:)`: the total, each category counted (not
    /// kept before) with the moment its count stops being true, and the listing's such moment.
    struct Made {
        var total: Int
        var counted: [UUID: (value: Int, until: Date?)]
        var validUntil: Date?
    }

    /// The live items of `categories` (a listing's subtree), from each category's own kept count
    /// where there is one, counting the others in one statement: after a change to one category
    /// of a large subtree, its listing counts that category's entries again, not the subtree's
    /// (at 100,000 items: 3,000 entries, 0.5 ms, instead of 35,000, 8 ms). A category's count is
    /// the one the API keeps for it (same key, same tag).
    ///
    /// Each category's count stays true until one of its own items starts or ends, not any item
    /// of the site: an announcement ending in one category leaves the others' counts (and their
    /// pages) as they are, and the listing is true until the first such moment of its categories.
    func count(live categories: [UUID], in items: PublicItems) async throws -> Made {
        var total = 0
        var validUntil: Date?
        var missing: [UUID] = []
        for id in Set(categories) {
            if let kept = cache.keptListingCount(Self.key(archive: false, ids: [id]), now: now) {
                total += kept.value
                validUntil = Self.earlier(validUntil, kept.until)
            } else {
                missing.append(id)
            }
        }
        async let moments = items.nextChanges(in: missing)
        let counted = try await items.liveCounts(in: missing)
        let nextChanges = try await moments
        var made: [UUID: (value: Int, until: Date?)] = [:]
        for (id, value) in counted {
            made[id] = (value, nextChanges[id])
            total += value
            validUntil = Self.earlier(validUntil, nextChanges[id])
        }
        return Made(total: total, counted: made, validUntil: validUntil)
    }

    /// The earlier of two moments, nil standing for "none".
    private static func earlier(_ a: Date?, _ b: Date?) -> Date? {
        guard let a else { return b }
        guard let b else { return a }
        return min(a, b)
    }

    /// Keeps the listing's count and its categories' counts made with it (`count(live:in:)`).
    func keep(_ made: Made) {
        keep(total: made.total, validUntil: made.validUntil)
        // A listing of one category is that category's count: kept once, above.
        for (id, count) in made.counted where Self.key(archive: false, ids: [id]) != key {
            cache.keepListingCount(
                Self.key(archive: false, ids: [id]), count.value, tags: [SiteTag.list(id)], countedAt: now, validUntil: count.until, renderedAt: sequence)
        }
    }
}

extension PublicItems {
    /// `nextChange()` as the page cache keeps it: until that moment, or until any item changes
    /// (every item's change names the home page). Home, search, the sitemap and the whole site's
    /// count are true until it, and each asked the database for it at every render (three index
    /// lookups, one statement of every search page's).
    func nextChange(keptIn cache: PublicPageCache) async throws -> Date? {
        let key = "next change"
        if let kept = cache.keptMoment(key, now: now) { return kept }
        let sequence = cache.sequence
        let moment = try await nextChange()
        cache.keepMoment(key, moment, tags: [SiteTag.home], readAt: now, renderedAt: sequence)
        return moment
    }
}

/// What a public handler produces before caching: the response plus what the cache needs.
struct PublicContent {
    var response: Response
    var lastModified: Date
    var validUntil: Date?
    /// What the page shows; pages that do not say are dropped by any change that is not
    /// about items alone.
    var tags: Set<String> = [SiteTag.other]
}

extension Request {
    /// The cache's key: absolute links follow the request's scheme (`publicBaseURL`).
    var publicPageKey: String { PublicPageCache.key(https: isHTTPS, url: url.string) }

    /// No session, no token, no flash message: the visitor sees what every visitor sees.
    var isAnonymousForCache: Bool { PublicPageCache.isAnonymous(headers) }

    /// Serves a public page through the cache: anonymous GETs without a flash message are
    /// answered from it; everyone gets ETag/Last-Modified and a Cache-Control no longer than the
    /// time until the page's content may change.
    func cachedPublicPage(_ render: @escaping () async throws -> PublicContent) async throws -> Response {
        let now = clock.now()
        let cacheable = (method == .GET || method == .HEAD) && auth.get(User.self) == nil && cookies[Flash.cookieName] == nil
        let key = publicPageKey
        let cache = application.pageCache
        let generation = application.visitors.snapshot.generation
        if cacheable, let page = cache.get(key, visitorGeneration: generation, now: now) {
            application.metrics.pageCache(hit: true)
            return respond(with: cache.withGzipCopy(page, key: key, for: self), now: now)
        }
        if cacheable { application.metrics.pageCache(hit: false) }
        // Requests for a page someone is rendering wait for that render instead of repeating it.
        let leads = cacheable && cache.beginRender(key)
        if cacheable, !leads {
            await cache.waitForRender(key)
            if let page = cache.get(key, visitorGeneration: generation, now: now) {
                return respond(with: cache.withGzipCopy(page, key: key, for: self), now: now)
            }
        }
        defer { if leads { cache.endRender(key) } }
        let sequence = cache.sequence
        let content = try await render()
        let response = content.response
        guard response.status == .ok || response.status == .gone || response.status == .notFound else { return response }
        let body = RenderedPage.exactCopy(response.body.buffer ?? ByteBuffer())
        let policy = route?.userInfo[AccessPolicy.userInfoKey] as? AccessPolicy
        var publicRoute = false
        if case .some(.everyone) = policy { publicRoute = true }
        let contentType = response.headers.first(name: .contentType) ?? "text/html; charset=utf-8"
        let countsVisit = VisitorRules.countsPage(
            VisitorRequestFacts(
                method: "GET", path: url.path, status: Int(response.status.code), contentType: contentType, signedIn: false, publicRoute: publicRoute,
                userAgent: nil))
        var page = RenderedPage(
            body: body, contentType: contentType,
            status: response.status, lastModified: content.lastModified, validUntil: content.validUntil,
            // Weak: the same validator stands for the page sent plain or gzip-compressed.
            etag: "W/\"" + SHA256.hash(data: Data(body.readableBytesView)).prefix(12).map { String(format: "%02x", $0) }.joined() + "\"",
            tags: content.tags, visitorGeneration: generation, servedEarly: RateLimitRule.rule(for: self) == nil, countsVisit: countsVisit)
        // The gzip copy only for a client that takes it (`withGzipCopy` adds it later otherwise).
        if page.wantsGzipCopy(for: self) { page.compress() }
        if cacheable, response.cookies.all.isEmpty { cache.put(key, page, renderedAt: sequence) }
        let fresh = respond(with: page, now: now)
        // Keep cookies the handler set (none on public pages normally, but never drop one silently).
        for (name, value) in response.cookies.all { fresh.cookies[name] = value }
        return fresh
    }

    func respond(with page: RenderedPage, now: Date) -> Response {
        page.response(to: self, now: now, signedIn: auth.get(User.self) != nil, https: isHTTPS)
    }
}

extension PublicPageCache {
    /// No session, no token, no flash message: the visitor sees what every visitor sees.
    static func isAnonymous(_ headers: HTTPHeaders) -> Bool {
        if headers.first(name: .authorization) != nil { return false }
        guard let cookie = headers.first(name: .cookie) else { return true }
        return !cookie.contains("prakat_session") && !cookie.contains(Flash.cookieName)
    }
}

/// A stored page as answered to one request: status, every header but `date` and `connection`
/// (the server's), and the body (nil for HEAD and 304).
struct PageAnswer {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer?
    /// The body is the page's gzip copy.
    var compressed = false

    var response: Response {
        var headers = headers
        // Compressed already: Vapor's compressor must not do it again.
        if compressed { headers.responseCompression = .disable }
        // Headers as they are: a HEAD answer keeps the length a GET would have.
        return Response(status: status, version: .http1_1, headersNoUpdate: headers, body: body.map { .init(buffer: $0) } ?? .empty)
    }
}

extension RenderedPage {
    /// The answer to one request: conditional GET, gzip when the client takes it, HEAD without
    /// a body, and the headers every response carries (HSTS over HTTPS).
    func response(to request: Request, now: Date, signedIn: Bool, https: Bool) -> Response {
        answer(method: request.method, requestHeaders: request.headers, now: now, signedIn: signedIn, https: https).response
    }

    func answer(method: HTTPMethod, requestHeaders: HTTPHeaders, now: Date, signedIn: Bool, https: Bool) -> PageAnswer {
        let notModified = status == .ok && ConditionalGet.isNotModified(requestHeaders, etag: etag, lastModified: lastModified)
        var gzipped: (headers: HTTPHeaders, body: ByteBuffer)?
        // A 304 has no body to have encoded.
        if !notModified, let gzipHeaders, let gzipBody, AcceptEncoding.allowsGzip(requestHeaders[.acceptEncoding]) { gzipped = (gzipHeaders, gzipBody) }
        var headers = gzipped?.headers ?? plainHeaders
        headers.add(name: .cacheControl, value: PublicCachePolicy.cacheControl(validUntil: validUntil, now: now, signedIn: signedIn))
        if https { headers.add(name: "Strict-Transport-Security", value: SecurityHeadersMiddleware.strictTransportSecurity) }
        if notModified {
            headers.add(name: .contentLength, value: "0")
            return PageAnswer(status: .notModified, headers: headers, body: nil)
        }
        let sent = gzipped?.body ?? self.body
        // A HEAD answer says the length a GET would have (a link checker reads a file's size from it).
        headers.add(name: .contentLength, value: String(sent.readableBytes))
        return PageAnswer(status: status, headers: headers, body: method == .HEAD ? nil : sent, compressed: gzipped != nil)
    }
}

enum PublicCachePolicy {
    /// Browsers and proxies may reuse a public page for a minute, but never past the moment its
    /// content changes (the API contract: expired items are gone at once, not a minute later).
    static func cacheControl(validUntil: Date?, now: Date, signedIn: Bool) -> String {
        if signedIn { return "private, no-cache" }
        var seconds = 60
        if let validUntil { seconds = max(0, min(seconds, Int(validUntil.timeIntervalSince(now)))) }
        return seconds == 60 ? fullMinute : "public, max-age=\(seconds), must-revalidate"
    }

    /// The usual answer, made once.
    private static let fullMinute = "public, max-age=60, must-revalidate"

    /// A photo's smaller copy never changes at its address, so browsers keep it for an hour (a
    /// gallery is not fetched again on every visit), but never past the end of its item's period;
    /// a withdrawn item's copies may stay in a browser's cache for that hour at most.
    static func photoCacheControl(validUntil: Date?, now: Date) -> String {
        var seconds = 3600
        if let validUntil { seconds = max(0, min(seconds, Int(validUntil.timeIntervalSince(now)))) }
        return "public, max-age=\(seconds)"
    }
}
