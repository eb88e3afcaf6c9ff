import Crypto
import Fluent
import Foundation
import NIOConcurrencyHelpers
import PrakatCore
import SQLKit
import Vapor

/// The version of public content. Every change that alters what the public sees bumps the row
/// in `site_state` inside its transaction; this instance also notes it at once, and other
/// instances notice the row within `remoteCheckInterval`.
final class SiteVersion: Sendable {
    private struct State {
        var local = 0
        var remote = 0
        var checkedAt = Date.distantPast
    }

    private let state = NIOLockedValueBox(State())
    /// How stale another instance's change may be seen here (only matters with several instances).
    let remoteCheckInterval: TimeInterval = 1

    /// Called inside the write transaction that changes public content.
    func bump(_ tx: WriteTransaction) async throws {
        guard let sql = tx.db as? any SQLDatabase else { return }
        try await sql.raw(
            "UPDATE \(ident: SiteState.schema) SET \(ident: "content_version") = \(ident: "content_version") + 1 WHERE \(ident: "id") = \(bind: SiteState.singletonID)"
        ).run()
    }

    /// Called after a write commits on this instance.
    func noteLocalChange() {
        state.withLockedValue { $0.local += 1 }
    }

    /// The token a cached page must match to be served.
    func token(now: Date, db: any Database) async -> String {
        let needsCheck = state.withLockedValue { now.timeIntervalSince($0.checkedAt) >= remoteCheckInterval || now < $0.checkedAt }
        if needsCheck, let row = try? await SiteState.find(SiteState.singletonID, on: db) {
            state.withLockedValue {
                $0.remote = row.contentVersion
                $0.checkedAt = now
            }
        }
        return state.withLockedValue { "\($0.local).\($0.remote)" }
    }
}

/// A page as the public sees it, ready to send again.
struct RenderedPage: Sendable {
    var body: ByteBuffer
    var contentType: String
    var status: HTTPResponseStatus
    var lastModified: Date
    /// The page shows content whose visibility changes at this moment (a schedule starts, a
    /// period ends): it must be rendered again from then on.
    var validUntil: Date?
    var etag: String
    var token: String
}

/// Rendered public pages, kept until the content they show changes or the next moment at which
/// an item they list starts or ends. Rendering with Leaf costs ~40× serving bytes,
/// so anonymous readers are served from here; signed-in people always get a fresh page.
final class PublicPageCache: Sendable {
    private let pages = NIOLockedValueBox([String: RenderedPage]())
    private let maxEntries = 2_000

    func get(_ key: String, token: String, now: Date) -> RenderedPage? {
        pages.withLockedValue { pages in
            guard let page = pages[key] else { return nil }
            if page.token != token || (page.validUntil.map { now >= $0 } ?? false) {
                pages[key] = nil
                return nil
            }
            return page
        }
    }

    func put(_ key: String, _ page: RenderedPage) {
        pages.withLockedValue { pages in
            // Crude but bounded: a full cache starts again rather than growing without limit
            // (search pages make keys from arbitrary input).
            if pages.count >= maxEntries { pages.removeAll(keepingCapacity: true) }
            pages[key] = page
        }
    }

    func removeAll() {
        pages.withLockedValue { $0.removeAll() }
    }

    var count: Int { pages.withLockedValue { $0.count } }
}

/// What a public handler produces before caching: the response plus what the cache needs.
struct PublicContent {
    var response: Response
    var lastModified: Date
    var validUntil: Date?
}

extension Request {
    /// Serves a public page through the cache: anonymous GETs without a flash message are
    /// answered from it; everyone gets ETag/Last-Modified and a Cache-Control no longer than the
    /// time until the page's content may change.
    func cachedPublicPage(_ render: @escaping () async throws -> PublicContent) async throws -> Response {
        let now = clock.now()
        let cacheable = (method == .GET || method == .HEAD) && auth.get(User.self) == nil && cookies[Flash.cookieName] == nil
        // Absolute links follow the request's scheme (`publicBaseURL`), so it is part of the key.
        let key = (isHTTPS ? "https " : "http ") + url.string
        // The footer shows the visitor figures: a page rendered with older ones is rendered again
        // (they change at most every 30 s, so a cached page is never more than 60 s behind).
        let token = await application.siteVersion.token(now: now, db: db) + ".v" + String(application.visitors.snapshot.generation)
        if cacheable, let page = application.pageCache.get(key, token: token, now: now) {
            return respond(with: page, now: now)
        }
        let content = try await render()
        let response = content.response
        guard response.status == .ok || response.status == .gone || response.status == .notFound else { return response }
        let body = response.body.buffer ?? ByteBuffer()
        let page = RenderedPage(
            body: body, contentType: response.headers.first(name: .contentType) ?? "text/html; charset=utf-8",
            status: response.status, lastModified: content.lastModified, validUntil: content.validUntil,
            etag: "\"" + SHA256.hash(data: Data(body.readableBytesView)).prefix(12).map { String(format: "%02x", $0) }.joined() + "\"",
            token: token)
        if cacheable { application.pageCache.put(key, page) }
        let fresh = respond(with: page, now: now)
        // Keep cookies the handler set (none on public pages normally, but never drop one silently).
        for (name, value) in response.cookies.all { fresh.cookies[name] = value }
        return fresh
    }

    private func respond(with page: RenderedPage, now: Date) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: page.contentType)
        headers.replaceOrAdd(name: .eTag, value: page.etag)
        headers.replaceOrAdd(name: .lastModified, value: InternetDate.rfc822(page.lastModified))
        headers.replaceOrAdd(name: .cacheControl, value: PublicCachePolicy.cacheControl(validUntil: page.validUntil, now: now, signedIn: auth.get(User.self) != nil))
        if page.status == .ok, ConditionalGet.isNotModified(self.headers, etag: page.etag, lastModified: page.lastModified) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: page.status, headers: headers, body: method == .HEAD ? .empty : .init(buffer: page.body))
    }
}

enum PublicCachePolicy {
    /// Browsers and proxies may reuse a public page for a minute, but never past the moment its
    /// content changes (the API contract: expired items are gone at once, not a minute later).
    static func cacheControl(validUntil: Date?, now: Date, signedIn: Bool) -> String {
        if signedIn { return "private, no-cache" }
        var seconds = 60
        if let validUntil { seconds = max(0, min(seconds, Int(validUntil.timeIntervalSince(now)))) }
        return "public, max-age=\(seconds), must-revalidate"
    }

    /// A photo's smaller copy never changes at its address, so browsers keep it for an hour (a
    /// gallery is not fetched again on every visit), but never past the end of its item's period;
    /// a withdrawn item's copies may stay in a browser's cache for that hour at most.
    static func photoCacheControl(validUntil: Date?, now: Date) -> String {
        var seconds = 3600
        if let validUntil { seconds = max(0, min(seconds, Int(validUntil.timeIntervalSince(now)))) }
        return "public, max-age=\(seconds)"
    }
}
