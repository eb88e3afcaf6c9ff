import Foundation
import NIOHTTP1
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Input that used to end the whole process (a Swift trap in the app or in a library it hands
/// request data to). Each case here killed a server before its fix; now each is a 4xx naming
/// what was wrong, and the server goes on answering.
@Suite("Input that used to stop the server")
struct UntrappableInputTests {
    /// schemathesis and a hand-made fuzzer found it: MultipartKit looks header-name bytes up in a
    /// 128-entry table, so a byte ≥ 0x80 where a header name is expected was "Index out of range".
    static let nonASCIIHeaderName: [UInt8] = Array("--B\r\n".utf8) + [0xC3, 0x91, 0xC3, 0x83, 0x7F, 0xC3, 0xB7] + Array("--B--\r\n".utf8)

    @Test func aMultipartBodyWithNonASCIIHeaderNamesIsRefusedOnEveryFormRoute() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวทดสอบ")
            var bodies: [[UInt8]] = [Self.nonASCIIHeaderName]
            // The same byte after a valid first header, and in the second part's headers.
            bodies.append(Array("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\u{00E9}x: y\r\n\r\n1\r\n--B--\r\n".utf8))
            bodies.append(Array("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\n".utf8) + [0xFF, 0x3A] + Array(" v\r\n\r\n2\r\n--B--\r\n".utf8))
            for body in bodies {
                for path in ["/login", "/staff/requests", "/api/v1/requests/\(id.lowercased)/attachments", "/api/v1/auth/token"] {
                    var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=B"]
                    if path.hasPrefix("/api/v1/requests"), let token = room.staff.token { headers.bearerAuthorization = BearerAuthorization(token: token) }
                    let response = try await app.testing().performTest(
                        request: TestingHTTPRequest(
                            method: .POST, url: URI(string: path), headers: headers, body: ByteBuffer(bytes: body)))
                    #expect((400..<500).contains(response.status.code), "\(path): \(response.status)")
                }
            }
            // The server is still there, and an honest upload still works.
            let upload = try await room.staff.upload("/api/v1/requests/\(id.lowercased)/attachments", fileName: "ประกาศ.pdf", data: TestFiles.pdf())
            #expect(upload.status == .created, "\(upload.status) \(upload.text)")
        }
    }

    @Test func anAttachmentWithAThaiFileNameInItsHeaderValueStillWorks() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวทดสอบ")
            let upload = try await room.staff.upload("/api/v1/requests/\(id.lowercased)/attachments", fileName: "คำสั่งแต่งตั้ง ๒๕๖๙.pdf", data: TestFiles.pdf())
            #expect(upload.status == .created, "\(upload.status) \(upload.text)")
            #expect(upload.text.contains("คำสั่งแต่งตั้ง"))
        }
    }

    /// schemathesis: a year-712 timestamp reached `FiscalYear(beYear:)`'s precondition.
    @Test(arguments: [
        "0712-08-30T02:12:48+20:39", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1899-12-31T16:59:59Z", "2200-01-01T00:00:00+07:00",
        "+275760-09-13T00:00:00Z", String(repeating: "9", count: 200)
    ])
    func aTimestampOutsideTheSupportedYearsIsAValidationError(_ value: String) async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            for field in ["publishAt", "expireAt"] {
                let response = try await room.staff.send(
                    .POST, "/api/v1/requests",
                    [
                        "categoryId": room.categoryID("news"), "title": "หัวข้อ", "details": "รายละเอียด", field: value
                    ])
                #expect(response.status == .unprocessableEntity, "\(field)=\(value): \(response.status) \(response.text)")
                #expect(try response.fieldErrors().first?.field == field)
            }
            #expect(try await PublicationRequest.query(on: app.db).count() == 0)
        }
    }

    @Test func theEdgesOfTheSupportedYearsAreAccepted() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let response = try await room.staff.send(
                .POST, "/api/v1/requests",
                [
                    "categoryId": room.categoryID("news"), "title": "หัวข้อ", "details": "รายละเอียด",
                    "publishAt": "2199-12-01T00:00:00Z", "expireAt": "2199-12-31T23:59:59+07:00"
                ])
            #expect(response.status == .created, "\(response.status) \(response.text)")
            #expect(RFC3339.parse("1900-01-02T00:00:00+07:00") != nil)
            #expect(RFC3339.parse("1899-12-31T23:59:59+07:00") == nil)
            #expect(RFC3339.parse("2200-01-01T00:00:00+07:00") == nil)
        }
    }

    @Test(arguments: ["T", "T10:00", "2026-02-09T", "2026-02-09T1:2", "2026-02-09T99:00", "2026-02-09T10:00T", "1/1/9999", "31/12/2300", "๑/๑/๒๔๐๐T10:00"])
    func aTypedDateTheFormCannotReadIsAThaiMessageOnThePage(_ value: String) async throws {
        #expect(PublishingFormat.parseInstant(value).invalid, "\(value)")
        #expect(PublishingFormat.parseInstant(value).value == nil)
    }

    @Test func aPlannerCannotTrapTheProjectFormWithExtremeNumbers() async throws {
        var form = ProjectForm(values: [:])
        form.values["fiscalYear"] = "2569"
        form.values["startYear"] = "-9223372036854775808"
        form.values["endYear"] = "0"
        #expect(form.years == [2569])
        form.values["activityRows"] = "-5"
        form.values["budgetRows"] = "-9223372036854775808"
        #expect(form.rows("activityRows", blank: 3) == 0)
        #expect(form.rows("budgetRows", blank: 3) == 0)
        #expect(form.rows("expenseRows", blank: 3) == 3)
        #expect(form.rows("x", blank: 500) == 200)
    }

    /// Undeclared methods answered 404 (schemathesis): now 405 with the methods the path has.
    @Test func anUndeclaredMethodIs405WithAnAllowHeader() async throws {
        try await withPrakat { app, _, _ in
            let api = APIClient.anonymous(app)
            let put = try await api.call(.PUT, "/api/v1/auth/token", json: "{}")
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers.first(name: "Allow") == "DELETE, POST")
            #expect(put.isProblemJSON)
            let delete = try await api.call(.DELETE, "/api/v1/categories")
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers.first(name: "Allow")?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.sorted() == ["GET", "HEAD"])
            // A path with parameters, and a path that does not exist at all.
            let patch = try await api.call(.PATCH, "/api/v1/requests/\(UUID().uuidString.lowercased())/approve", json: "{}")
            #expect(patch.status == .methodNotAllowed)
            #expect(patch.headers.first(name: "Allow") == "POST")
            #expect(try await api.call(.GET, "/api/v1/nothing-here").status == .notFound)
            #expect(try await api.call(.DELETE, "/api/v1/nothing-here").status == .notFound)
            // A page: Thai page, same header.
            let page = try await app.testing().performTest(request: TestingHTTPRequest(method: .DELETE, url: URI(string: "/search"), headers: [:], body: ByteBuffer()))
            #expect(page.status == .methodNotAllowed || page.status == .forbidden)  // CSRF answers first for browser writes
            let options = try await app.testing().performTest(request: TestingHTTPRequest(method: .OPTIONS, url: URI(string: "/search"), headers: [:], body: ByteBuffer()))
            #expect(options.status == .methodNotAllowed)
            #expect(options.headers.first(name: "Allow")?.contains("GET") == true)
            #expect(options.body.string.contains(SupportText.methodNotAllowedTitle))
        }
    }

    /// A differential fuzz of the guard: every body `MultipartPreflight` lets through is handed
    /// to MultipartKit's own parser in this process. Were the guard wrong about a single body,
    /// MultipartKit would trap and this test run would die, not just fail.
    @Test func everyBodyTheGuardPassesIsSafeForMultipartKit() throws {
        var generator = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["PRAKAT_FUZZ_SEED"] ?? "") ?? 0x5EED_2026)
        let seeds: [[UInt8]] = [
            Self.nonASCIIHeaderName,
            Array(
                "--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nข่าว\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ก.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--B--\r\n"
                    .utf8),
            Array("preamble\r\n--B\r\nX: y\r\n\r\n\r\n--B\r\n\r\n\r\n--B--".utf8)
        ]
        let alphabet: [UInt8] = Array("--B\r\n:; =\"".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xFF, 0xE0, 0xB8]
        var refused = 0, passed = 0
        for _ in 0..<20_000 {
            var body = seeds[Int(generator.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(generator.next() % 6)) {
                let position = body.isEmpty ? 0 : Int(generator.next() % UInt64(body.count + 1))
                let byte = generator.next() % 2 == 0 ? alphabet[Int(generator.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: generator.next())
                switch generator.next() % 4 {
                case 0: body.insert(byte, at: position)
                case 1: if position < body.count { body[position] = byte }
                case 2: if position < body.count { body.remove(at: position) }
                default: body = Array(body.prefix(position))
                }
            }
            if MultipartPreflight.check(body, boundary: "B") == .safe {
                passed += 1
                let parser = MultipartParser(boundary: "B")
                _ = try? parser.execute(body)
            } else {
                refused += 1
            }
        }
        #expect(refused > 1000 && passed > 1000, "refused \(refused), passed \(passed)")
        #expect(MultipartPreflight.check(Self.nonASCIIHeaderName, boundary: "B") == .refused(offset: 5))
    }
}

/// What the fuzzers found after the crashes were fixed: answers that were the wrong 4xx, or none.
@Suite("Fuzzer findings")
struct FuzzerFindingTests {
    @Test func aNumberNoSwiftTypeHoldsIsA422NamingTheField() async throws {
        try await withPrakat { app, _, _ in
            let planner = try await APIClient.signIn(app, "planner")
            for (json, field) in [
                (#"{"fiscalYear":2569,"title":"x","activities":[{"number":1,"title":"a","days":1e-200}]}"#, "activities[0].days"),
                (#"{"fiscalYear":2569,"title":"x","activities":[{"number":9223372036854775808,"title":"a"}]}"#, "activities[0].number")
            ] {
                let response = try await planner.call(.POST, "/api/v1/projects", json: json)
                #expect(response.status == .unprocessableEntity, "\(response.status) \(response.text)")
                #expect(try response.fieldErrors().first?.field == field)
            }
            // Broken JSON is still a 400.
            #expect(try await planner.call(.POST, "/api/v1/projects", json: #"{"title": "#).status == .badRequest)
        }
    }

    @Test func anUndeclaredMethodOnAPageIs405NotACSRFRefusal() async throws {
        try await withPrakat { app, _, _ in
            for method in [HTTPMethod.POST, .PUT, .DELETE, .RAW(value: "TRACE")] {
                let response = try await app.testing().performTest(request: TestingHTTPRequest(method: method, url: URI(string: "/healthz"), headers: [:], body: ByteBuffer()))
                #expect(response.status == .methodNotAllowed, "\(method) \(response.status)")
                #expect(response.headers.first(name: "Allow") == "GET, HEAD")
            }
            // A registered form route still needs its token.
            let login = try await app.testing().performTest(request: TestingHTTPRequest(method: .POST, url: URI(string: "/login"), headers: [:], body: ByteBuffer()))
            #expect(login.status == .forbidden)
        }
    }

    /// sqlmap (run by a helper) took every API answer for a changing page: Foundation wrote the
    /// keys of each object in a different order from one response to the next.
    @Test func theSameAPIAnswerIsTheSameBytesWithItsKeysInOrder() async throws {
        try await withPrakat { app, _, _ in
            func get(_ path: String) async throws -> TestingHTTPResponse {
                try await app.testing().performTest(request: TestingHTTPRequest(method: .GET, url: URI(string: path), headers: [:], body: ByteBuffer()))
            }
            for path in ["/api/v1/categories", "/api/v1/publications/999999999"] {
                var bodies: Set<String> = []
                for _ in 0..<6 { bodies.insert(try await get(path).body.string) }
                #expect(bodies.count == 1, "\(path): \(bodies.count) different bodies")
                let body = try #require(bodies.first)
                #expect(!body.contains(#"\/"#), "\(path): slashes are not escaped")
                // Every object's keys in order: the first object's are enough to tell.
                let object = try #require(body.dropFirst().firstIndex(of: "{").map { body[$0...] } ?? body[...])
                let keys = object.prefix { $0 != "}" }.matches(of: /"([A-Za-z]+)":/).map { String($0.output.1) }
                #expect(keys.count > 2 && keys == keys.sorted(), "\(path): \(keys)")
            }
        }
    }

    /// NIO's inflater closed the connection without an answer on a body that was not gzip.
    @Test func aBodyClaimingGzipThatIsNotGetsAnAnswer() async throws {
        try await withPrakat { app, _, _ in
            for (method, path) in [(HTTPMethod.POST, "/login"), (.GET, "/"), (.POST, "/api/v1/auth/token")] {
                let response = try await app.testing(method: .running(port: 0)).performTest(
                    request: TestingHTTPRequest(
                        method: method, url: URI(string: path), headers: ["Content-Encoding": "gzip", "Content-Type": "application/json"],
                        body: ByteBuffer(string: "abc")))
                #expect((200..<500).contains(response.status.code), "\(method) \(path): \(response.status)")
            }
        }
    }
}

/// A mutation fuzzer (not ours) found that a body cut short by its client was recorded as a
/// server error: an incident in the log and a 500 in the traffic log and the metrics, at will.
@Suite("A body cut short by its client")
struct CutShortBodyTests {
    /// Sends `head` and `body` over a real socket, closes the sending side before the body is
    /// complete and reads until the server closes.
    static func sendCutShort(port: Int, head: String, body: String) throws {
        let fd = try #require(LoopbackSocket.connect(port: port))
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array((head + body).utf8)
        try #require(send(fd, bytes, bytes.count, 0) == bytes.count)
        shutdown(fd, Int32(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while recv(fd, &buffer, buffer.count, 0) > 0 {}
    }

    @Test func isABadRequestNotAnIncident() async throws {
        try await withPrakat { app, _, clock in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let json = #"{"score":4}"#
            for path in ["/api/v1/satisfaction", "/login"] {
                let type = path == "/login" ? "application/x-www-form-urlencoded" : "application/json"
                try Self.sendCutShort(
                    port: port, head: "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: \(type)\r\nContent-Length: 100\r\n\r\n", body: json)
            }
            // The traffic log's line is written when the request ends, after the socket closed.
            let file = (app.prakat.trafficLogDirectory as NSString).appendingPathComponent("\(TrafficLog.day(of: clock.now())).jsonl")
            var records: [TrafficRecord] = []
            for _ in 0..<200 where records.count < 2 {
                let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
                records = text.split(separator: "\n").compactMap { try? JSONDecoder().decode(TrafficRecord.self, from: Data($0.utf8)) }
                if records.count < 2 { try await Task.sleep(for: .milliseconds(25)) }
            }
            await app.server.shutdown()
            #expect(records.map(\.path).sorted() == ["/api/v1/satisfaction", "/login"])
            #expect(records.allSatisfy { $0.status == 400 }, "\(records.map(\.status))")
            let problem = ErrorPageMiddleware.classify(HTTPParserError.invalidEOFState, request: Request(application: app, on: app.eventLoopGroup.next()))
            #expect(problem.status == .badRequest)
            #expect(problem.detail == SupportText.incompleteBody)
        }
    }
}
