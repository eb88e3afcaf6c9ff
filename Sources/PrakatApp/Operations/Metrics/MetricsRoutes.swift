import Crypto
import Fluent
import Foundation
import Vapor

/// `GET /metrics`, Prometheus text format, for monitoring.
enum MetricsRoute: TypedRoute {
    case metrics

    static let examples: [MetricsRoute] = [.metrics]

    var method: HTTPMethod { .GET }

    var segments: [RouteSegment] { [.constant("metrics")] }

    /// Open at the router: the handler itself answers 404 to anyone not allowed, the same 404 as
    /// for a path that does not exist, so the endpoint is not revealed.
    var policy: AccessPolicy { .everyone }

    static func parse(_ template: MetricsRoute, _ parameters: RouteParameters) -> MetricsRoute? { template }
}

enum MetricsRoutes {
    static func register(_ routes: any RoutesBuilder) {
        routes.register(MetricsRoute.self) { req, route in
            switch route {
            case .metrics: try await metrics(req)
            }
        }
    }

    static func metrics(_ req: Request) async throws -> Response {
        let configuration = req.application.prakat
        guard allows(authorization: req.headers[.authorization].first, client: req.clientAddress.ip, token: configuration.metricsToken, allow: configuration.metricsAllow)
        else { throw PrakatError.notFound() }
        let metrics = req.application.metrics
        await measureDatabase(req, metrics)
        await countMail(req, metrics)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: Data(metrics.text())))
    }

    /// A request that presents a bearer token is judged by the token alone (a wrong one is
    /// refused even from an allowed address); otherwise by the client's address, as resolved
    /// through the trusted proxies.
    static func allows(authorization: String?, client: String, token: String?, allow: [IPAddressRange]) -> Bool {
        if let authorization {
            let prefix = "bearer "
            guard let token, authorization.count > prefix.count, authorization.lowercased().hasPrefix(prefix) else { return false }
            return sameSecret(String(authorization.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces), token)
        }
        return allow.contains { $0.contains(client) }
    }

    /// Compares digests byte by byte without stopping early, so the time taken says nothing
    /// about how much of a guess was right (nor, through the digest, about the token's length).
    static func sameSecret(_ given: String, _ expected: String) -> Bool {
        let left = SHA256.hash(data: Data(given.utf8))
        let right = SHA256.hash(data: Data(expected.utf8))
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }

    /// One sample of how long the pool takes to hand out a connection right now.
    private static func measureDatabase(_ req: Request, _ metrics: PrakatMetrics) async {
        let started = ContinuousClock.now
        do {
            try await req.db.withConnection { connection in connection.eventLoop.makeSucceededVoidFuture() }.get()
            let seconds = (ContinuousClock.now - started).seconds
            metrics.databaseAcquire.record(seconds)
            metrics.databaseLastAcquire.set(seconds)
        } catch {
            req.logger.warning("metrics: no database connection: \(String(describing: type(of: error)))")
        }
    }

    private static func countMail(_ req: Request, _ metrics: PrakatMetrics) async {
        do {
            let waiting = OutgoingMail.query(on: req.db).filter(\.$sentAt == nil).filter(\.$gaveUpAt == nil)
            let count = try await waiting.copy().count()
            let oldest = try await waiting.copy().sort(\.$createdAt, .ascending).first()
            metrics.mailWaiting.set(Double(count))
            metrics.mailOldestAge.set(oldest.map { max(0, metrics.now() - $0.createdAt.timeIntervalSince1970) } ?? 0)
        } catch {
            req.logger.warning("metrics: mail queue not counted: \(String(describing: type(of: error)))")
        }
    }
}
