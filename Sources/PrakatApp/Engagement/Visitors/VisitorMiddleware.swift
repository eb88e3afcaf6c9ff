import Foundation
import PrakatCore
import Vapor

/// Counts page views of the public site after the response is known (pages from the public page
/// cache included). Sits after the session authenticator, so signed-in people are known; what
/// counts is `VisitorRules.counts`. No database work here: one hash and one locked insert
/// (`VisitorCounter.record`).
struct VisitorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard request.method == .GET else { return response }
        let policy = request.route?.userInfo[AccessPolicy.userInfoKey] as? AccessPolicy
        let publicRoute: Bool
        if case .some(.everyone) = policy { publicRoute = true } else { publicRoute = false }
        let agent = request.headers.first(name: .userAgent)
        let facts = VisitorRequestFacts(
            method: request.method.rawValue, path: request.url.path, status: Int(response.status.code),
            contentType: response.headers.first(name: .contentType), signedIn: request.auth.get(User.self) != nil, publicRoute: publicRoute,
            userAgent: agent)
        if VisitorRules.counts(facts) {
            request.application.visitors.record(address: request.clientAddress.ip, userAgent: agent, path: facts.path, at: request.clock.now())
        }
        return response
    }
}

extension Application {
    /// This instance's visitor counter and the footer's figures.
    var visitors: VisitorCounter { dependencies.visitors }
}
