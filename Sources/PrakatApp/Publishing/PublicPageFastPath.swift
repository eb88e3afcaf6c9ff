import Foundation
import NIOCore
import PrakatCore
import Vapor

/// Answers an anonymous GET of a cached public page before routing and before the rest of the
/// middleware chain. Every `AsyncMiddleware` hop costs a thread switch (measured: 11 of them
/// took a bare Vapor route from 0.5× to 0.15–0.36× of nginx), so this one is an
/// EventLoopFuture middleware that answers on the event loop without suspending. What the
/// chain would do for such a request still happens here: the traffic-log line, the security
/// headers, the visitor count and conditional GET. Anything else goes on down the chain.
struct PublicPageFastPath: Middleware {
    let log: TrafficLog
    /// The metrics' route label for pages answered here (they are never routed).
    static let metricsRoute = "cached public page"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.method == .GET || request.method == .HEAD, request.isAnonymousForCache, !request.hasBody else {
            return next.respond(to: request)
        }
        let app = request.application
        let started = app.clock.now()
        let startedUptime = DispatchTime.now().uptimeNanoseconds
        // A page behind a rate limit (search) is never answered here: its rule runs on the normal path.
        guard let page = app.pageCache.get(request.publicPageKey, visitorGeneration: app.visitors.snapshot.generation, now: started), page.servedEarly
        else {
            return next.respond(to: request)
        }
        let response = request.respond(with: page, now: started)
        SecurityHeadersMiddleware.apply(to: response, for: request)
        if request.method == .GET {
            let agent = request.headers.first(name: .userAgent)
            let facts = VisitorRequestFacts(
                method: "GET", path: request.url.path, status: Int(response.status.code), contentType: page.contentType, signedIn: false,
                publicRoute: page.countsVisit, userAgent: agent)
            if VisitorRules.counts(facts) { app.visitors.record(address: request.clientAddress.ip, userAgent: agent, path: facts.path, at: started) }
        }
        app.metrics.pageCache(hit: true)
        app.metrics.request(
            route: Self.metricsRoute, method: request.method.rawValue, status: response.status.code,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - startedUptime) / 1e9)
        let count = response.body.count
        let record = TrafficLogMiddleware.record(request, status: response.status, bytes: count >= 0 ? count : nil, started: started, startedUptime: startedUptime)
        TrafficLogMiddleware.write(record, at: started, to: log, logger: request.logger)
        return request.eventLoop.makeSucceededFuture(response)
    }
}

extension Request {
    /// The request says it carries a body (a GET with one is left to the normal path and its limits).
    var hasBody: Bool {
        if headers.contains(name: .transferEncoding) { return true }
        guard let length = headers.first(name: .contentLength) else { return false }
        return length != "0"
    }
}
