import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Oversized and malformed bodies on every write route: a clear 4xx, never a 500.
@Suite("Attack: oversized and malformed bodies")
struct AttackBodyTests {
    static let boundary = Multipart.boundary

    /// The cases every write route gets: the ones that could crash a parser.
    static let core: Set<String> = [
        "deep array", "deep object", "invalid UTF-8 in JSON", "invalid UTF-8 in a form", "multipart, empty boundary",
        "multipart, truncated", "huge numbers", "truncated JSON", "multipart, non-ASCII header name",
        "JSON, year-712 timestamp"
    ]

    /// (name, content type, body) — sent to the write routes.
    static var malformed: [(String, String, [UInt8])] {
        let nested = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        let nestedObject = String(repeating: #"{"a":"#, count: 5_000) + "1" + String(repeating: "}", count: 5_000)
        return [
            ("truncated JSON", "application/json", Array(#"{"title": "ข่าว"#.utf8)),
            ("not JSON", "application/json", Array("title=x&details=y".utf8)),
            ("JSON array", "application/json", Array("[1,2,3]".utf8)),
            ("JSON null", "application/json", Array("null".utf8)),
            ("JSON string", "application/json", Array(#""x""#.utf8)),
            ("empty JSON", "application/json", []),
            ("wrong types", "application/json", Array(#"{"title": 1, "details": [], "externalLinks": "x", "version": "one", "roles": {}, "urgent": "yes"}"#.utf8)),
            ("huge numbers", "application/json", Array(#"{"version": 1e999999, "position": 99999999999999999999999999999, "fiscalYear": -1e400, "activity": 1.5e308}"#.utf8)),
            ("deep array", "application/json", Array(nested.utf8)),
            ("deep object", "application/json", Array(nestedObject.utf8)),
            ("invalid UTF-8 in JSON", "application/json", [0x7B, 0x22, 0x74, 0x69, 0x74, 0x6C, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC0, 0x80, 0x22, 0x7D]),
            ("lone surrogate", "application/json", Array(#"{"title": "\ud800", "details": "\udfff"}"#.utf8)),
            ("duplicate keys", "application/json", Array(#"{"title": "a", "title": "b", "title": null}"#.utf8)),
            ("XML", "application/xml", Array(#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#.utf8)),
            ("text/plain", "text/plain", Array("hello".utf8)),
            ("no content type", "", Array(#"{"title": "x"}"#.utf8)),
            ("bad percent-encoding", "application/x-www-form-urlencoded", Array("title=%zz%&details=%E0%B8&%%%=1".utf8)),
            ("invalid UTF-8 in a form", "application/x-www-form-urlencoded", [0x74, 0x69, 0x74, 0x6C, 0x65, 0x3D, 0xFF, 0xFE, 0x26, 0x61, 0x3D, 0xC3]),
            ("form arrays", "application/x-www-form-urlencoded", Array("title[]=a&title[x]=b&roles[][]=c&version[]=1".utf8)),
            ("multipart without boundary", "multipart/form-data", Array("--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na\r\n--x--\r\n".utf8)),
            (
                "multipart, wrong boundary", "multipart/form-data; boundary=\(boundary)",
                Array("--other\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na\r\n--other--\r\n".utf8)
            ),
            (
                "multipart, truncated", "multipart/form-data; boundary=\(boundary)",
                Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc".utf8)
            ),
            ("multipart, no headers", "multipart/form-data; boundary=\(boundary)", Array("--\(boundary)\r\n\r\n\r\n--\(boundary)--\r\n".utf8)),
            (
                "multipart, hostile part name", "multipart/form-data; boundary=\(boundary)",
                Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"../../x\"; filename=\"../../x.pdf\"\r\n\r\nx\r\n--\(boundary)--\r\n".utf8)
            ),
            ("multipart, empty boundary", "multipart/form-data; boundary=", Array("--\r\n\r\n--\r\n".utf8)),
            ("multipart, quoted empty boundary", "multipart/form-data; boundary=\"\"", Array("--\r\n\r\n--\r\n".utf8)),
            ("multipart, boundary over 70", "multipart/form-data; boundary=\(String(repeating: "b", count: 71))", Array("x".utf8)),
            // Found by fuzzers this suite did not have: MultipartKit traps on a header-name byte ≥ 0x80.
            (
                "multipart, non-ASCII header name", "multipart/form-data; boundary=B",
                Array("--B\r\n".utf8) + [0xC3, 0x91, 0xC3, 0x83, 0x7F, 0xC3, 0xB7] + Array("--B--\r\n".utf8)
            ),
            (
                "multipart, non-ASCII header in the second part", "multipart/form-data; boundary=\(boundary)",
                Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--\(boundary)\r\n".utf8) + [0xFF, 0x3A, 0x20]
                    + Array("x\r\n\r\n2\r\n--\(boundary)--\r\n".utf8)
            ),
            (
                "multipart, control byte in a header name", "multipart/form-data; boundary=\(boundary)",
                Array("--\(boundary)\r\nContent\u{01}Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--\(boundary)--\r\n".utf8)
            ),
            (
                "multipart, quoted boundary", "multipart/form-data; boundary=\"\(boundary)\"",
                Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na\r\n--\(boundary)--\r\n".utf8)
            ),
            (
                "JSON, year-712 timestamp", "application/json",
                Array(#"{"publishAt": "0712-08-30T02:12:48+20:39", "expireAt": "9999-12-31T23:59:59Z", "sourceDate": "0001-01-01", "fiscalYear": 99999}"#.utf8)
            )
        ]
    }

    @Test func everyWriteRouteAnswersMalformedBodiesWithA4xx() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            let world = try await AttackWorld.make(app, fixtures, clock)
            let callers = try await Caller.everyone(app, fixtures)
            let tally = AttackTally("malformed bodies")
            var problems: [String] = []
            let cases = Self.malformed
            for (routeIndex, route) in app.attackRoutes.filter({ $0.method != .GET && !$0.endsSession }).enumerated() {
                let caller = Caller.permitted(by: route.policy, among: callers)
                let path = world.path(route)
                // API routes get the JSON-shaped cases, pages the form-shaped ones; both get the rest.
                // To stay fast, each route gets the core cases and every other one of the rest, in turn, so
                // every case still meets half the routes.
                let relevant = cases.enumerated().filter { index, body in
                    let shaped = route.isAPI ? !body.1.hasPrefix("application/x-www-form") : body.1 != "application/json" || body.0 == "truncated JSON"
                    return shaped && (Self.core.contains(body.0) || (index + routeIndex) % 2 == 0)
                }.map(\.element)
                for (name, contentType, bytes) in relevant {
                    var headers = try await caller.authHeaders(api: route.isAPI)
                    if !contentType.isEmpty { headers.replaceOrAdd(name: .contentType, value: contentType) }
                    let response = try await app.testing().performTest(
                        request: TestingHTTPRequest(
                            method: route.method, url: URI(string: path), headers: headers, body: ByteBuffer(bytes: bytes)))
                    tally.add()
                    if response.status.code >= 500 {
                        problems.append("\(caller.name) \(route.label) \(name): \(response.status) \(response.text.prefix(200))")
                    }
                }
            }
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
            tally.report(
                "write routes × \(Self.core.count) core + half of the other \(cases.count - Self.core.count) malformed bodies",
                atLeast: app.attackRoutes.filter { $0.method != .GET && !$0.endsSession }.count * Self.core.count)
        }
    }

    @Test func bodiesOverTheLimitAre413OnEveryWriteRoute() async throws {
        // The smallest limit the configuration allows, so the oversized bodies stay small.
        try await withPrakat(environment: AttackWorld.environment.merging(["PRAKAT_MAX_UPLOAD_BYTES": "1024"]) { $1 }) { app, fixtures, clock in
            let world = try await AttackWorld.make(app, fixtures, clock)
            let callers = try await Caller.everyone(app, fixtures)
            let tally = AttackTally("oversized bodies")
            var problems: [String] = []
            let limit = app.prakat.maxBodyBytes
            var largerLimits = 0
            for route in app.attackRoutes where route.method != .GET && !route.endsSession {
                // Forms taking several files at once may hold them all (e-Service): over their own limit.
                let routeLimit = BodyLimit.bytes(route: route, configuration: app.prakat)
                if routeLimit > limit { largerLimits += 1 }
                let oversized = [UInt8](repeating: 0x61, count: routeLimit + 1)
                let caller = Caller.permitted(by: route.policy, among: callers)
                for contentType in ["application/json", "application/x-www-form-urlencoded", Multipart.contentType] {
                    var headers = try await caller.authHeaders(api: route.isAPI)
                    headers.replaceOrAdd(name: .contentType, value: contentType)
                    let response = try await app.testing().performTest(
                        request: TestingHTTPRequest(
                            method: route.method, url: URI(string: world.path(route)), headers: headers, body: ByteBuffer(bytes: oversized)))
                    tally.add()
                    if response.status != .payloadTooLarge {
                        problems.append("\(caller.name) \(route.label) \(contentType): \(response.status), expected 413")
                    }
                }
            }
            #expect(largerLimits == 3, "the e-Service form, its additional information and its API")
            // A file over the upload limit (but under the body limit) is refused as too large too.
            let room = world.room
            let big = Data(TestFiles.pdf() + Data(repeating: 0x20, count: app.prakat.maxUploadBytes + 10))
            let upload = try await room.staff.upload("/api/v1/requests/\(world.draftID.lowercased)/attachments", fileName: "big.pdf", data: big)
            tally.add()
            #expect(upload.status == .payloadTooLarge, "\(upload.status) \(upload.text.prefix(200))")
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
            tally.report(
                "write routes × 3 content types over \(limit) bytes, + one upload over its limit",
                atLeast: app.attackRoutes.filter { $0.method != .GET && !$0.endsSession }.count * 3 + 1)
        }
    }
}
