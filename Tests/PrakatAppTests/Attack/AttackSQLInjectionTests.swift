import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// SQL injection strings in every query parameter, every path parameter and every form or JSON
/// field: answered like any other bad input (never 500), and the database is still whole.
@Suite("Attack: SQL injection everywhere")
struct AttackSQLInjectionTests {
    /// Query parameters some route reads (grep `req.query` when adding one).
    static let queryNames = ["q", "page", "perPage", "state", "categoryId", "category", "fiscalYear", "round", "digits", "next", "verify"]

    /// Field names the forms and JSON bodies read; each hostile body sets all of them.
    static let fieldNames = [
        "username", "password", "currentPassword", "newPassword", "title", "details", "externalLinks", "note",
        "sourceName", "sourceDate", "publishAt", "expireAt", "reason", "comment", "categoryId", "slug", "nameTh",
        "nameEn", "parentId", "position", "defaultDays", "displayName", "unitId", "headUserId", "year", "planTitle",
        "code", "activity", "questions", "pdpaNotice", "name", "organisation", "problems", "suggestions", "q1", "q2",
        "mode", "version", "otp", "next"
    ]

    static func encoded(_ text: String) -> String { Browser.encode(text) }

    /// Routes that read query parameters get the whole corpus there; the others (and repeats of a
    /// path parameter already attacked in full elsewhere) get the short list, to keep the suite fast.
    static let queryReaders: Set<String> = [
        "GET /search", "GET /c/:slug", "GET /c/:slug/archive", "GET /api/v1/publications", "GET /api/v1/projects",
        "GET /api/v1/projects/:id/report", "GET /staff/requests", "GET /admin/audit", "GET /plans", "GET /login",
        "GET /plans/projects/:id/print", "GET /plans/projects/:id/rounds/:year/:kind/print", "GET /staff/requests/new"
    ]

    @Test func hostileQueryAndPathParametersAreAnsweredAndChangeNothing() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            let world = try await AttackWorld.make(app, fixtures, clock)
            let callers = try await Caller.everyone(app, fixtures)
            let tables = try await DatabaseSnapshot.tables(app)
            let before = try await DatabaseSnapshot.counts(app)
            let tally = AttackTally("sql injection (query and path)")
            var problems: [String] = []
            var attackedInFull: Set<String> = []
            for route in app.attackRoutes where route.method == .GET {
                let caller = Caller.permitted(by: route.policy, among: callers)
                let fullQuery = Self.queryReaders.contains(route.label)
                let fullPath = route.parameterNames.filter { attackedInFull.insert($0).inserted }
                for (index, payload) in AttackCorpus.sql.enumerated() {
                    let short = AttackCorpus.sqlShortList.contains(index)
                    var paths: [String] = []
                    if fullQuery || short {
                        paths.append(world.path(route) + "?" + Self.queryNames.map { "\($0)=\(Self.encoded(payload))" }.joined(separator: "&"))
                    }
                    for name in route.parameterNames where short || fullPath.contains(name) {
                        paths.append(world.path(route, override: (name, Self.encoded(payload))))
                    }
                    for path in paths {
                        let response = try await caller.call(.GET, path, api: route.isAPI)
                        tally.add()
                        if response.isServerError {
                            problems.append("\(caller.name) GET \(path.prefix(160)): \(response.status) \(response.text.prefix(200))")
                        }
                    }
                }
            }
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
            #expect(try await DatabaseSnapshot.tables(app) == tables)
            let after = try await DatabaseSnapshot.counts(app)
            // Reading never writes, except the sessions' last-seen time, public questionnaire visits,
            // the enrolment page's pending two-factor secret (made on first view, the same one
            // until confirmed, inactive until then) and, on PostgreSQL, the shared rate-limit
            // buckets that searches spend.
            let changes = DatabaseSnapshot.changes(from: before, to: after, ignoring: ["user_two_factor", "rate_limit_buckets"])
            #expect(changes.isEmpty, "\(changes)")
            let verified = try await AuditTrail.verify(on: app.db)
            #expect(verified == .intact(entries: try await AuditEntry.query(on: app.db).count()))
            tally.report(
                "GET routes × \(AttackCorpus.sql.count) payloads (\(AttackCorpus.sqlShortList.count) where repeated) × (all query parameters + each path parameter)",
                atLeast: app.attackRoutes.filter { $0.method == .GET }.count * AttackCorpus.sqlShortList.count)
        }
    }

    @Test func hostileFormAndJSONFieldsAreAnsweredAndTheDatabaseStaysWhole() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            let world = try await AttackWorld.make(app, fixtures, clock)
            let callers = try await Caller.everyone(app, fixtures)
            let tables = try await DatabaseSnapshot.tables(app)
            let before = try await DatabaseSnapshot.counts(app)
            let tally = AttackTally("sql injection (form and JSON fields)")
            var problems: [String] = []
            for (routeIndex, route) in app.attackRoutes.filter({ $0.method != .GET && !$0.endsSession }).enumerated() {
                let caller = Caller.permitted(by: route.policy, among: callers)
                let path = world.path(route)
                // The short list everywhere, the rest on every other route in turn (each payload still
                // meets half the routes), to keep the suite fast.
                for (index, payload) in AttackCorpus.sql.enumerated() where AttackCorpus.sqlShortList.contains(index) || (index + routeIndex) % 2 == 0 {
                    var form: [String: String] = [:]
                    for name in Self.fieldNames { form[name] = payload }
                    var json: [String: Any] = form
                    json["externalLinks"] = [payload]
                    json["roles"] = [payload]
                    let response = try await caller.call(route.method, path, api: route.isAPI, form: form, json: jsonText(json))
                    tally.add()
                    if response.isServerError {
                        problems.append("\(caller.name) \(route.label) payload \(payload.prefix(40).debugDescription): \(response.status) \(response.text.prefix(300))")
                    }
                }
            }
            // Signing in with hostile names and passwords: refused like a wrong password.
            for payload in AttackCorpus.sql {
                let browser = Browser(app)
                let page = try await browser.post("/login", ["username": payload, "password": payload])
                let api = try await APIClient.anonymous(app).send(.POST, "/api/v1/auth/token", ["username": payload, "password": payload])
                let adminAsPayload = try await Browser(app).post("/login", ["username": "administrator' --", "password": payload])
                tally.add(3)
                for (name, response) in [("form", page), ("api", api), ("comment", adminAsPayload)]
                where response.status == .seeOther || response.status == .ok && name == "api" || response.isServerError {
                    problems.append("sign-in (\(name)) with \(payload.prefix(40).debugDescription): \(response.status)")
                }
            }
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
            #expect(try await DatabaseSnapshot.tables(app) == tables)
            let after = try await DatabaseSnapshot.counts(app)
            for (table, count) in before where (after[table] ?? -1) < count && table != UserSession.schema && table != APIToken.schema {
                Issue.record("\(table) lost rows: \(count) → \(after[table] ?? -1)")
            }
            #expect(try await User.query(on: app.db).count() >= fixtures.users.count)
            let verified = try await AuditTrail.verify(on: app.db)
            #expect(verified == .intact(entries: try await AuditEntry.query(on: app.db).count()))
            tally.report(
                "write routes × \(AttackCorpus.sqlShortList.count) + half of \(AttackCorpus.sql.count - AttackCorpus.sqlShortList.count) payloads in \(Self.fieldNames.count) fields, + sign-in",
                atLeast: app.attackRoutes.filter { $0.method != .GET && !$0.endsSession }.count * AttackCorpus.sqlShortList.count + 3 * AttackCorpus.sql.count)
        }
    }
}
