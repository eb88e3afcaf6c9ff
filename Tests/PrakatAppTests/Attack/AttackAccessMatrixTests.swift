import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Every route, called by every role and by the public, against the policy it declares.
@Suite("Attack: every route × every caller against its declared policy")
struct AttackAccessMatrixTests {
    /// What is wrong with `response` for a caller outside the route's policy, if anything.
    static func refusalProblem(_ response: TestingHTTPResponse, route: Route, caller: Caller) -> String? {
        let status = response.status
        if caller.user == nil {
            if route.isAPI { return status == .unauthorized ? nil : "expected 401" }
            if route.method == .GET {
                guard status == .seeOther || status == .found || status == .temporaryRedirect else { return "expected a redirect to sign-in" }
                return response.location?.hasPrefix("/login") == true ? nil : "redirects to \(response.location ?? "nowhere"), not sign-in"
            }
            return [.unauthorized, .forbidden].contains(status) ? nil : "expected 401 or 403"
        }
        return [.forbidden, .notFound].contains(status) ? nil : "expected 403 or 404"
    }

    @Test func everyRouteAnswersEveryCallerAsItsPolicySays() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            let world = try await AttackWorld.make(app, fixtures, clock)
            let callers = try await Caller.everyone(app, fixtures)
            let tally = AttackTally("access matrix")
            var problems: [String] = []
            for route in app.attackRoutes {
                let policy = try #require(route.policy, "\(route.label) declares no policy")
                let path = world.path(route)
                for caller in callers {
                    let response = try await caller.call(route.method, path, api: route.isAPI)
                    tally.add()
                    let who = "\(caller.name) \(route.label) [\(policy)]"
                    if response.isServerError { problems.append("\(who): \(response.status) \(response.text.prefix(200))") }
                    if !policy.permits(caller.user), let problem = Self.refusalProblem(response, route: route, caller: caller) {
                        problems.append("\(who): \(problem), got \(response.status) \(response.location ?? "")")
                    }
                }
                // The API takes no cookies for writes: a signed-in browser's session must not act there.
                if route.isAPI, route.method != .GET {
                    let admin = callers.first { $0.role == .administrator }!
                    let staff = callers.first { $0.role == .staff }!
                    for caller in [admin, staff] {
                        let response = try await caller.browser.request(route.method, path, headers: ["Content-Type": "application/json"])
                        tally.add()
                        let expected =
                            route.policy.map { if case .everyone = $0 { true } else { false } } == true
                            ? response.status.code >= 400 && response.status.code < 500  // e.g. asking for a token with no password
                            : response.status == .unauthorized
                        if !expected { problems.append("\(caller.name) session cookie on \(route.label): expected 401, got \(response.status)") }
                    }
                }
            }
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.joined(separator: "\n"))")
            tally.report("\(app.routes.all.count) routes × \(callers.count) callers + session cookies on API writes", atLeast: app.attackRoutes.count * callers.count)
        }
    }

    @Test func aMustChangePasswordAccountReachesOnlyThePasswordPages() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            let world = try await AttackWorld.make(app, fixtures, clock)
            let pending = try await makeUser(app, "pending", roles: [.administrator], unit: fixtures.unit)
            pending.mustChangePassword = true
            try await pending.update(on: app.db)
            let browser = Browser(app)
            try await browser.signIn("pending")
            let api = try await APIClient.signIn(app, "pending")
            let tally = AttackTally("pending password")
            var problems: [String] = []
            for route in app.attackRoutes where !route.endsSession && route.userInfo[AccessPolicy.passwordChangeKey] as? Bool != true {
                guard case .roles = route.policy else { continue }
                let path = world.path(route)
                let response: TestingHTTPResponse
                if route.isAPI {
                    response = try await api.call(route.method, path, json: route.method == .GET ? nil : "{}")
                } else if route.method == .GET {
                    response = try await browser.request(.GET, path)
                } else {
                    response = try await browser.post(path, [:])
                }
                tally.add()
                let refused = response.status == .forbidden || (response.status == .seeOther && response.location == AccountsRoute.passwordChange.path)
                if !refused { problems.append("\(route.label): \(response.status) \(response.location ?? "")") }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            let guarded = app.attackRoutes.filter { route in
                guard case .roles = route.policy else { return false }
                return !route.endsSession && route.userInfo[AccessPolicy.passwordChangeKey] as? Bool != true
            }
            tally.report("every route for roles", atLeast: guarded.count)
        }
    }
}
