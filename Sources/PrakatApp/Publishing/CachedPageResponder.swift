import Foundation
import NIOCore
import PrakatCore
import Vapor

/// The application's responder: answers an anonymous GET or HEAD of a cached public page before
/// routing and before any middleware, and hands every other request to Vapor's own responder
/// (routes and the middleware chain). Profiled under load, a cached answer spent most of its
/// CPU around the page, not on it: the router, every middleware hop, the security headers
/// rebuilt per answer, and the request's URL parsed again by each step. Here the URL is read
/// once, the headers come made with the page, and the services are looked up once at start.
///
/// What the chain would do for such a request still happens: the traffic-log line, the security
/// headers (HSTS over HTTPS), the visitor count, the request metrics, conditional GET and gzip.
struct CachedPageResponder: Responder {
    /// Vapor's router and middleware chain, for everything not answered here.
    let next: any Responder
    let pages: CachedPageAnswerer
    let inFlight: RequestsInFlight

    /// The metrics' route label for pages answered here (they are never routed).
    static let metricsRoute = CachedPageAnswerer.metricsRoute

    init(app: Application, next: any Responder) {
        self.next = next
        self.pages = CachedPageAnswerer(app: app)
        self.inFlight = app.dependencies.requestsInFlight
    }

    func respond(to request: Request) -> EventLoopFuture<Response> {
        guard let response = answer(request) else { return inFlight.track { next.respond(to: request) } }
        return request.eventLoop.makeSucceededFuture(response)
    }

    /// The cached answer, or nil when the request is not one this path may answer.
    func answer(_ request: Request) -> Response? {
        guard request.method == .GET || request.method == .HEAD else { return nil }
        let query = CachedPageQuery(
            method: request.method, target: RequestTarget(request.url), headers: request.headers, peer: request.connectionPeer,
            logger: request.logger)
        return pages.answer(query)?.response
    }
}

/// The cached path itself, shared by `CachedPageResponder` and the front server (which has no
/// Vapor `Request` and no router behind it).
struct CachedPageAnswerer: Sendable {
    let services: AppDependencies
    let usesTLS: Bool
    let servedOverHTTPS: Bool
    let trustedProxies: [IPAddressRange]

    /// The metrics' route label for pages answered here (they are never routed).
    static let metricsRoute = "cached public page"

    init(app: Application) {
        self.services = app.dependencies
        let config = app.prakat
        self.usesTLS = config.usesTLS
        self.servedOverHTTPS = config.servedOverHTTPS
        self.trustedProxies = config.trustedProxies
    }

    /// The answer from what was parsed: the front server makes no Vapor `Request` for a cached
    /// page (its request id alone, a UUID read from /dev/urandom, was a tenth of the answer's CPU).
    func answer(_ query: CachedPageQuery) -> PageAnswer? {
        let headers = query.headers
        guard query.method == .GET || query.method == .HEAD, PublicPageCache.isAnonymous(headers), !CachedPageQuery.hasBody(headers) else { return nil }
        let startedUptime = DispatchTime.now().uptimeNanoseconds
        let started = services.clock.now()
        let target = query.target
        let peerIP = query.peer?.ipAddress
        let https = RequestScheme.isHTTPS(
            usesTLS: usesTLS, configuredHTTPS: servedOverHTTPS, peerIP: peerIP, forwardedProto: headers["X-Forwarded-Proto"],
            trustedProxies: trustedProxies)
        let key = PublicPageCache.key(https: https, url: target.string)
        // A page behind a rate limit (search) is never answered here: its rule runs on the normal path.
        guard let stored = services.pageCache.get(key, visitorGeneration: services.visitors.snapshot.generation, now: started), stored.servedEarly else {
            return nil
        }
        let page = services.pageCache.withGzipCopy(stored, key: key, requestHeaders: headers)
        let answer = page.answer(method: query.method, requestHeaders: headers, now: started, signedIn: false, https: https)
        let client = ClientAddress.resolve(
            peerIP: peerIP, peerPort: query.peer?.port, forwardedFor: headers[.xForwardedFor], trustedProxies: trustedProxies)
        let agent = headers.first(name: .userAgent)
        if query.method == .GET, answer.status == page.status, page.countsVisit, !VisitorRules.isCrawler(userAgent: agent) {
            services.visitors.record(address: client.ip, userAgent: agent, path: target.path, at: started)
        }
        services.metrics.pageCache(hit: true)
        let elapsed = DispatchTime.now().uptimeNanoseconds - startedUptime
        services.metrics.request(route: Self.metricsRoute, method: query.method.rawValue, status: answer.status.code, seconds: Double(elapsed) / 1e9)
        let record = TrafficLogMiddleware.record(
            method: query.method, headers: headers, client: client, path: target.path, query: target.query, status: answer.status,
            bytes: answer.body?.readableBytes ?? 0, started: started, elapsedNanoseconds: elapsed, userID: nil)
        TrafficLogMiddleware.write(record, at: started, to: services.trafficLog, logger: query.logger)
        return answer
    }
}

/// What the cached path reads of a request, from Vapor's `Request` or from NIO's parsed head.
struct CachedPageQuery {
    var method: HTTPMethod
    var target: RequestTarget
    var headers: HTTPHeaders
    /// The client's end of the connection (`Request.connectionPeer`).
    var peer: SocketAddress?
    var logger: Logger

    /// The request says it carries a body (a GET with one is left to the normal path and its limits).
    static func hasBody(_ headers: HTTPHeaders) -> Bool {
        if headers.contains(name: .transferEncoding) { return true }
        guard let length = headers.first(name: .contentLength) else { return false }
        return length != "0"
    }
}

/// A request's path and query read from one rendering of its URL (each of Vapor's `URI.path`,
/// `.query` and `.string` goes through Foundation again).
struct RequestTarget {
    /// `URI.string`: the page cache's key.
    var string: String
    var path: String
    var query: String?

    /// From the request line's target as the client sent it. An origin-form target of plain
    /// ASCII (no percent sign, nothing URI would escape) is what `URI.string` gives back, so the
    /// cache key is the same either way without Foundation's parsing; anything else goes through URI.
    init(raw: String) {
        let bytes = raw.utf8
        guard bytes.first == UInt8(ascii: "/"), bytes.allSatisfy(Self.isPlain) else {
            self = RequestTarget(URI(string: raw))
            return
        }
        self.init(originForm: raw)
    }

    /// `/path?query`, split at the first `?`.
    private init(originForm string: String) {
        guard let mark = string.utf8.firstIndex(of: UInt8(ascii: "?")) else {
            self.init(string: string, path: string, query: nil)
            return
        }
        self.init(string: string, path: String(string[..<mark]), query: String(string[string.index(after: mark)...]))
    }

    private init(string: String, path: String, query: String?) {
        self.string = string
        self.path = path
        self.query = query
    }

    /// Letters, digits and the characters RFC 3986 allows unescaped in a path or query, except
    /// `%` (percent-encodings are left to URI) and `#`.
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return "-._~!$&'()*+,;=:@/?".utf8.contains(byte)
        }
    }

    init(_ url: URI) {
        let string = url.string
        // The usual origin form (`/p/1?x=y`) splits here; anything else (an absolute URL, a
        // fragment) is left to URI's own parsing.
        // Bytes, not Characters: `String.contains` goes through Foundation (0.8 % of a cached answer).
        guard string.utf8.first == UInt8(ascii: "/"), !string.utf8.contains(UInt8(ascii: "#")) else {
            self.init(string: string, path: url.path, query: url.query)
            return
        }
        self.init(originForm: string)
    }
}
