import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Every form route (every write outside /api, read from the route table, so a new form is
/// covered the day it is added) refuses a missing or wrong CSRF token and changes nothing.
@Suite("Attack: CSRF on every form route")
struct AttackCSRFTests {
    @Test func everyFormRouteRefusesAMissingOrWrongToken() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            let world = try await AttackWorld.make(app, fixtures, clock)
            let callers = try await Caller.everyone(app, fixtures)
            let formRoutes = app.attackRoutes.filter { !$0.isAPI && ![.GET, .HEAD, .OPTIONS].contains($0.method) }
            #expect(formRoutes.count >= 30, "form routes found: \(formRoutes.count)")
            let before = try await DatabaseSnapshot.counts(app)
            let tally = AttackTally("csrf")
            var problems: [String] = []
            for route in formRoutes {
                let caller = Caller.permitted(by: route.policy, among: callers)
                let browser = caller.browser
                let path = world.path(route)
                let real = try await browser.csrf()
                let forged = String(real.reversed()) == real ? String(repeating: "A", count: real.count) : String(real.reversed())
                let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                let withoutCSRFCookie = browser.cookies.filter { !$0.key.contains("csrf") }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                let form = ["title": "ปลอม", "reason": "ปลอม", "username": caller.name, "password": Fixtures.password]
                let variants: [(String, [String: String], HTTPHeaders)] = [
                    ("no token", form, ["Cookie": cookie]),
                    ("wrong token", form.merging(["_csrf": forged]) { $1 }, ["Cookie": cookie]),
                    ("empty token", form.merging(["_csrf": ""]) { $1 }, ["Cookie": cookie]),
                    ("wrong header", form, ["Cookie": cookie, CSRFMiddleware.headerName: forged]),
                    ("token without its cookie", form.merging(["_csrf": real]) { $1 }, ["Cookie": withoutCSRFCookie]),
                    (
                        "short token matching a short cookie", form.merging(["_csrf": "abc"]) { $1 },
                        ["Cookie": withoutCSRFCookie + "; prakat_csrf=abc"]
                    )
                ]
                for (name, fields, headers) in variants {
                    let body = fields.sorted { $0.key < $1.key }.map { "\(Browser.encode($0.key))=\(Browser.encode($0.value))" }.joined(separator: "&")
                    var all = headers
                    all.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
                    let response = try await app.testing().performTest(
                        request: TestingHTTPRequest(
                            method: route.method, url: URI(string: path), headers: all, body: ByteBuffer(string: body)))
                    tally.add()
                    if response.status != .forbidden {
                        problems.append("\(caller.name) \(route.label) with \(name): \(response.status) \(response.location ?? "")")
                    }
                }
                // The same in a multipart body, as the upload forms send it.
                let multipartResponse = try await app.testing().performTest(
                    request: TestingHTTPRequest(
                        method: route.method, url: URI(string: path),
                        headers: ["Cookie": cookie, "Content-Type": Multipart.contentType],
                        body: Multipart.body(fileName: "a.pdf", data: TestFiles.pdf(), fields: ["_csrf": forged])))
                tally.add()
                if multipartResponse.status != .forbidden {
                    problems.append("\(caller.name) \(route.label) multipart with a wrong token: \(multipartResponse.status)")
                }
            }
            let after = try await DatabaseSnapshot.counts(app)
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.joined(separator: "\n"))")
            // A refused post changes nothing but, on PostgreSQL, the shared rate-limit buckets that
            // sign-in and public-form posts spend before the token is checked.
            let changes = DatabaseSnapshot.changes(from: before, to: after, ignoring: ["rate_limit_buckets"])
            #expect(changes.isEmpty, "\(changes)")
            #expect(try await AuditTrail.verify(on: app.db) == .intact(entries: try await AuditEntry.query(on: app.db).count()))
            tally.report("\(formRoutes.count) form routes × 7 variants", atLeast: formRoutes.count * 7)
        }
    }
}
