import Foundation
import NIOCore
import Testing
import Vapor

@testable import PrakatApp

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 14 §2: Prakat's own listening server answers cached pages itself and relays every other
/// request to Vapor's server, over real sockets, in order, with the client's own address.
@Suite("Front server")
struct FrontServerTests {
    /// Starts `serve`'s server on a free loopback port; stops it after `body`.
    private func serving(_ app: Application, _ body: (Int) async throws -> Void) async throws {
        let server = app.frontServer
        try await server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            let port = try #require(server.localAddress?.port)
            try await body(port)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    private func trafficLines(_ app: Application) throws -> [TrafficRecord] {
        let directory = app.prakat.trafficLogDirectory
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }
        return try files.flatMap { file in
            try String(contentsOfFile: (directory as NSString).appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n").map { try JSONDecoder().decode(TrafficRecord.self, from: Data($0.utf8)) }
        }
    }

    @Test func cachedPagesAreAnsweredHereAndTheRestByVaporOnOneConnectionInOrder() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let attachment = EServiceUploadLimitTests.pdf(bytes: 3_000_000)
            let item = try await room.publish(title: "ประกาศผลการคัดเลือกพนักงานราชการ", attachment: ("ประกาศ.pdf", attachment))
            try await serving(app) { port in
                // Not cached yet: rendered by Vapor's server, through the relay.
                let first = try RawHTTPConnection(port: port)
                let rendered = try await first.exchange("GET \(item.path) HTTP/1.1\r\nHost: test\r\n\r\n")
                #expect(rendered.status == 200)
                #expect(app.frontServer.answeredHere.withLockedValue { $0 } == 0)

                // Now it is: a new connection gets the same page from the front, then a request
                // the cache cannot answer goes to Vapor, and every request after it too, in order.
                let connection = try RawHTTPConnection(port: port)
                var answers: [RawHTTPConnection.Answer] = []
                for request in [
                    "GET \(item.path) HTTP/1.1\r\nHost: test\r\n\r\n",
                    "GET /login HTTP/1.1\r\nHost: test\r\n\r\n",
                    "GET \(item.path) HTTP/1.1\r\nHost: test\r\nX-Prakat-Peer: guessed 203.0.113.9 4444\r\n\r\n",
                    "HEAD /healthz HTTP/1.1\r\nHost: test\r\n\r\n",
                    "GET /no-such-page HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                ] {
                    answers += try await connection.exchange(request, count: 1, heads: request.hasPrefix("HEAD") ? [0] : [])
                }
                #expect(answers.map(\.status) == [200, 200, 200, 200, 404])
                #expect(answers[0].body == rendered.body, "the front sends the page Vapor rendered")
                #expect(answers[0].headers["etag"] == rendered.headers["etag"])
                #expect(answers[0].headers["connection"] == "keep-alive")
                #expect(answers[0].headers["date"] != nil)
                #expect(answers[0].headers["x-content-type-options"] == "nosniff", "security headers kept")
                #expect(answers[0].headers["x-vapor-response-compression"] == nil)
                #expect(String(decoding: answers[1].body, as: UTF8.self).contains("<form"))
                #expect(answers[2].body == rendered.body)
                #expect(answers[4].headers["connection"] == "close")
                #expect(try await connection.isClosedByServer(), "connection: close is honoured through the relay")
                #expect(app.frontServer.answeredHere.withLockedValue { $0 } == 2, "the page, and the page again once /login's answer ended")

                // Pipelined cached pages (and HEAD, with the length a GET would have), answered in order.
                let pipelined = try RawHTTPConnection(port: port)
                let three = try await pipelined.exchange(
                    "GET \(item.path) HTTP/1.1\r\nHost: test\r\n\r\nHEAD \(item.path) HTTP/1.1\r\nHost: test\r\n\r\n"
                        + "GET \(item.path) HTTP/1.1\r\nHost: test\r\nAccept-Encoding: gzip\r\n\r\n", count: 3, heads: [1])
                #expect(three.map(\.status) == [200, 200, 200])
                #expect(three[1].headers["content-length"] == String(rendered.body.count))
                #expect(three[2].headers["content-encoding"] == "gzip")
                #expect(app.frontServer.answeredHere.withLockedValue { $0 } == 5)

                // A 3 MB attachment through the relay between two cached pages (a slow reader
                // holds Vapor's answer back, not the server's memory).
                let html = String(decoding: rendered.body, as: UTF8.self)
                let filePath = try #require(html.firstMatch(of: #/href="(/p/\d+/files/[0-9a-f-]+)"/#)).1
                let download = try RawHTTPConnection(port: port)
                let trio = try await download.exchange(
                    "GET \(item.path) HTTP/1.1\r\nHost: test\r\n\r\nGET \(filePath) HTTP/1.1\r\nHost: test\r\n\r\n"
                        + "GET \(item.path) HTTP/1.1\r\nHost: test\r\n\r\n", count: 3)
                #expect(trio.map(\.status) == [200, 200, 200])
                #expect(trio[1].body == Array(attachment), "the file's bytes, whole")
                #expect(trio[2].body == rendered.body)
                // The second page was asked for before the file's answer ended: it went to Vapor behind it, in order.
                #expect(app.frontServer.answeredHere.withLockedValue { $0 } == 6)

                // The traffic log names the client's own port for every answer, wherever it was made;
                // a forged X-Prakat-Peer names nothing.
                let lines = try trafficLines(app).filter { $0.clientPort == connection.localPort }
                #expect(lines.map(\.path) == [item.path, "/login", item.path, "/healthz", "/no-such-page"])
                #expect(lines.allSatisfy { $0.clientIP == "127.0.0.1" })
            }
        }
    }

    @Test func bodiesLimitsAndBadRequestsPassThroughTheRelayAsVaporAnswersThem() async throws {
        try await withPrakat { app, _, _ in
            try await serving(app) { port in
                // A form post with its body (refused for want of a CSRF token, as without the front).
                let post = try RawHTTPConnection(port: port)
                let body = "username=a&password=b"
                let refused = try await post.exchange(
                    "POST /login HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                #expect(refused.status == 403)
                // A body of many reads.
                let large = "username=" + String(repeating: "ก", count: 300_000)
                let refusedLarge = try await post.exchange(
                    "POST /login HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(large.utf8.count)\r\n\r\n\(large)")
                #expect(refusedLarge.status == 403)
                // Chunked, too.
                let chunked = try await post.exchange(
                    "POST /login HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nuser=\r\n0\r\n\r\n")
                #expect(chunked.status == 403)

                // Past the body limit: Vapor's 413, before the body is read.
                let oversized = try RawHTTPConnection(port: port)
                let tooLarge = try await oversized.exchange(
                    "POST /login HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(app.prakat.maxBodyBytes * 4)\r\n\r\nx=1")
                #expect(tooLarge.status == 413)

                // A method NIO's encoder thinks has no body (TRACE), with one: the body is sent
                // as framed, not read by Vapor as a next request (schemathesis found it: no answer).
                let trace = try RawHTTPConnection(port: port)
                let traced = try await trace.exchange(
                    "TRACE /api/v1/satisfaction HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"score\": 1}")
                #expect(traced.status == 405)
                #expect(try await trace.exchange("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n").status == 200, "the connection goes on")

                // HEAD of a streamed answer of unknown length, then another request on the
                // connection: no stray chunk terminator in between (HeadAnswerMiddleware).
                let head = try RawHTTPConnection(port: port)
                let headThenGet = try await head.exchange(
                    "HEAD /sitemap/items-1.xml HTTP/1.1\r\nHost: test\r\n\r\nGET /healthz HTTP/1.1\r\nHost: test\r\n\r\n", count: 2, heads: [0])
                #expect(headThenGet.map(\.status) == [200, 200])
                #expect(headThenGet[0].headers["content-length"] == "0")
                #expect(headThenGet[0].headers["transfer-encoding"] == nil)
                #expect(String(decoding: headThenGet[1].body, as: UTF8.self).contains("ok"))

                // Something that is not HTTP: a 400, and the connection ends.
                let garbage = try RawHTTPConnection(port: port)
                let bad = try await garbage.exchange("NOT HTTP AT ALL\r\n\r\n")
                #expect(bad.status == 400)
                #expect(try await garbage.isClosedByServer())
            }
        }
    }

    @Test func aPeerHeaderIsBelievedOnlyFromLoopbackWithTheSecret() throws {
        let loopback = try SocketAddress(ipAddress: "127.0.0.1", port: 50_000)
        let remote = try SocketAddress(ipAddress: "198.51.100.7", port: 40_000)
        let named = FrontPeerHeader.peer(remote: loopback, header: "s3cret 203.0.113.5 61000", secret: "s3cret")
        #expect(named?.ipAddress == "203.0.113.5")
        #expect(named?.port == 61000)
        #expect(FrontPeerHeader.peer(remote: loopback, header: "s3cret 2001:db8::5 443", secret: "s3cret")?.ipAddress == "2001:db8::5")
        #expect(FrontPeerHeader.peer(remote: loopback, header: "s3cret -", secret: "s3cret") == nil, "a Unix-socket client has no address")
        for (peer, header, secret) in [
            (loopback, "wrong 203.0.113.5 1", "s3cret"),
            (loopback, "s3cre 203.0.113.5 1", "s3cret"),
            (remote, "s3cret 203.0.113.5 1", "s3cret"),
            (loopback, "s3cret 203.0.113.5", "s3cret"),
            (loopback, "s3cret 203.0.113.5 70000", "s3cret"),
            (loopback, "s3cret not-an-ip 1", "s3cret"),
            (loopback, "", "s3cret")
        ] as [(SocketAddress, String, String)] {
            #expect(FrontPeerHeader.peer(remote: peer, header: header, secret: secret) == peer, "\(header)")
        }
        #expect(FrontPeerHeader.peer(remote: loopback, header: "s3cret 203.0.113.5 1", secret: nil) == loopback, "no front server, no secret")
    }
}

/// A TCP client that sends bytes as given and reads answers framed by Content-Length: what a
/// browser's keep-alive connection does, without a client library's own rules in between.
final class RawHTTPConnection: @unchecked Sendable {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    private let socketFD: Int32
    private var pending: [UInt8] = []
    let localPort: Int

    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Abort(.internalServerError, reason: "socket") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Abort(.internalServerError, reason: "connect")
        }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        socketFD = fd
        localPort = Int(UInt16(bigEndian: local.sin_port))
    }

    deinit { close(socketFD) }

    func exchange(_ request: String) async throws -> Answer {
        try await exchange(request, count: 1)[0]
    }

    /// Sends `requests` at once (pipelined) and reads `count` answers; `heads` are the indexes
    /// of answers to HEAD requests (no body whatever their Content-Length says). The socket is
    /// blocking, so this runs on a thread of its own: on Swift's cooperative pool it would hold one
    /// of its few threads (two on a 2-core machine) for as long as the server takes, and with it
    /// the server and every other test (CI saw HTTP clients time out across the suite).
    func exchange(_ requests: String, count: Int, heads: Set<Int> = []) async throws -> [Answer] {
        try await Self.offThePool { try self.exchangeBlocking(requests, count: count, heads: heads) }
    }

    /// True when the server has closed the connection (reading gives end of file).
    func isClosedByServer() async throws -> Bool {
        try await Self.offThePool { self.isClosedBlocking() }
    }

    private static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }

    private func exchangeBlocking(_ requests: String, count: Int, heads: Set<Int>) throws -> [Answer] {
        let bytes = Array(requests.utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { send(socketFD, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { break }  // the server may answer (413) and close before reading it all
            sent += written
        }
        return try (0..<count).map { try readAnswer(isHead: heads.contains($0)) }
    }

    private func isClosedBlocking() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1)
        return pending.isEmpty && recv(socketFD, &buffer, 1, 0) == 0
    }

    private func readAnswer(isHead: Bool) throws -> Answer {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var end: Int?
        while end == nil {
            end = pending.indices.dropLast(3).first { Array(pending[$0..<$0 + 4]) == separator }
            if end == nil { try fill() }
        }
        let headText = String(decoding: pending[..<end!], as: UTF8.self)
        pending.removeFirst(end! + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Abort(.internalServerError, reason: "status line: \(headText)") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = isHead || status == 304 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while pending.count < length { try fill() }
        let body = Array(pending[..<length])
        pending.removeFirst(length)
        return Answer(status: status, headers: headers, body: body)
    }

    private func fill() throws {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let read = recv(socketFD, &buffer, buffer.count, 0)
        guard read > 0 else { throw Abort(.internalServerError, reason: "the connection ended (\(read)) with \(pending.count) bytes unread") }
        pending += buffer[..<read]
    }
}
