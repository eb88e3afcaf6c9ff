import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import PrakatCore
import Vapor

/// Prakat's listening server (issue 14 §2, docs/performance.md "How it gets there").
///
/// A cached public page is answered here, in a channel handler, from NIO's parsed request head:
/// no Vapor request decoding, no response encoder, no hop through a promise. Measured on 2 cores,
/// Vapor's own server alone (a route answering fixed bytes, nothing of Prakat's) reached
/// 0.45–0.61× of nginx serving the same file, a NIO handler with Prakat's headers and log line
/// 0.63–0.76×: the cached path needs the latter.
///
/// Every other request is relayed, on the same event loop, to Vapor's own HTTP server listening
/// on a Unix socket in the data directory: re-encoded from its parsed parts, and Vapor's answer
/// parsed and re-encoded back, part by part as it comes (streamed answers stay streamed, a slow
/// reader holds Vapor back). So routing, the middleware chain, body limits and 413s, streamed
/// answers, compression and keep-alive all stay Vapor's. Answers go out in request order; a
/// connection answers cached pages itself again as soon as no relayed answer is owed. The
/// client's address travels in one header only this process can write (`Request.connectionPeer`).
///
/// With TLS (`PRAKAT_TLS_CERT`) Vapor's server listens itself (it negotiates HTTP/2 by ALPN);
/// `PRAKAT_FRONT_SERVER=0` does the same without TLS.
final class FrontServer: Server, Sendable {
    /// The header carrying the client's address to Vapor's server: "<secret> <ip> <port>", or
    /// "<secret> -" when the client has no IP address (a Unix socket).
    static let peerHeader = "X-Prakat-Peer"

    private let app: Application
    private let answerer: CachedPageAnswerer
    private let secret: String
    private let state = NIOLockedValueBox(ListenState())
    /// Requests answered here rather than by Vapor's server (tests read it).
    let answeredHere = NIOLockedValueBox(0)

    private struct ListenState {
        var channel: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        /// Vapor's servers, one per event loop, and their sockets (removed at shutdown).
        var inner: [HTTPServer] = []
        var socketPaths: [String] = []
    }

    init(app: Application) {
        self.app = app
        self.answerer = CachedPageAnswerer(app: app)
        self.secret = FrontPeerSecret.of(app)
    }

    var onShutdown: EventLoopFuture<Void> {
        guard let channel = state.withLockedValue({ $0.channel }) else {
            return app.eventLoopGroup.any().makeFailedFuture(Abort(.internalServerError, reason: "The server has not started."))
        }
        return channel.closeFuture
    }

    /// The address the front listens on (after start; with port 0, the port the system chose).
    var localAddress: SocketAddress? { state.withLockedValue { $0.channel?.localAddress } }

    @available(*, noasync, message: "Use the async start() method instead.")
    func start(address: BindAddress?) throws {
        Self.raiseOpenFileLimit()
        let inner = makeInnerServers()
        do {
            for server in inner { try server.server.start(address: server.address) }
            try bind(address, inner: try innerAddresses(inner)).wait()
        } catch {
            // The address is taken (or not ours to bind): Vapor's servers go too.
            for server in inner { server.server.shutdown() }
            closeConnections()
            throw error
        }
    }

    func start(address: BindAddress?) async throws {
        Self.raiseOpenFileLimit()
        let inner = makeInnerServers()
        do {
            for server in inner { try await server.server.start(address: server.address) }
            try await bind(address, inner: try innerAddresses(inner)).get()
        } catch {
            // The address is taken (or not ours to bind): Vapor's servers go too.
            for server in inner { await server.server.shutdown() }
            closeConnections()
            throw error
        }
    }

    @available(*, deprecated, renamed: "start(address:)")
    func start(hostname: String?, port: Int?) throws {
        try start(address: .hostname(hostname, port: port))
    }

    @available(*, noasync, message: "Use the async shutdown() method instead.")
    func shutdown() {
        try? stopListening().wait()
        for server in state.withLockedValue({ $0.inner }) { server.shutdown() }
        closeConnections()
    }

    func shutdown() async {
        try? await stopListening().get()
        // Vapor's servers wait for the requests they are answering; their relays end with them.
        for server in state.withLockedValue({ $0.inner }) { await server.shutdown() }
        closeConnections()
    }

    // MARK: starting and stopping

    /// A relayed connection holds three descriptors (the client's, the relay's and Vapor's end of
    /// it), so the soft limit (often 1,024 outside systemd) goes up to the hard one, as Go's
    /// runtime does for its servers.
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = min(limit.rlim_max, 1 << 20)
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// One Vapor server per event loop, each accepting on that loop only: a connection answered
    /// on a loop is relayed to that loop's server, so a relayed request never changes threads (one
    /// server for all loops put half of them on the other core: +0.7 ms CPU per uncached page).
    /// Each listens on a Unix socket in the data directory (no loopback port to run out of, no
    /// TIME_WAIT per link, mode 0600), or on an ephemeral loopback port when that path is too long
    /// for a socket address; their start-up lines are left out (this server says where it listens).
    private func makeInnerServers() -> [(loop: any EventLoop, server: HTTPServer, address: BindAddress)] {
        var configuration = app.http.server.configuration
        if configuration.logger.logLevel < .warning { configuration.logger.logLevel = .warning }
        InnerSocket.removeStale(in: app.prakat.dataDirectory)
        let responder = app.responder.current
        var made: [(loop: any EventLoop, server: HTTPServer, address: BindAddress)] = []
        var paths: [String] = []
        for (index, loop) in app.eventLoopGroup.makeIterator().enumerated() {
            let server = HTTPServer(application: app, responder: responder, configuration: configuration, on: loop)
            if let path = InnerSocket.path(in: app.prakat.dataDirectory, loop: index) {
                // Ours by name (this process's id): a file left by an earlier process of the same id goes.
                unlink(path)
                paths.append(path)
                made.append((loop, server, .unixDomainSocket(path: path)))
            } else {
                made.append((loop, server, .hostname("127.0.0.1", port: 0)))
            }
        }
        state.withLockedValue {
            $0.inner = made.map(\.server)
            $0.socketPaths = paths
        }
        return made
    }

    private func innerAddresses(_ inner: [(loop: any EventLoop, server: HTTPServer, address: BindAddress)]) throws -> [InnerServer] {
        try inner.map { server in
            guard let address = server.server.localAddress else {
                throw Abort(.internalServerError, reason: "Vapor's server did not report its address.")
            }
            if let path = address.pathname { chmod(path, 0o600) }
            return InnerServer(loop: server.loop, address: address)
        }
    }

    private func bind(_ requested: BindAddress?, inner: [InnerServer]) -> EventLoopFuture<Void> {
        let configuration = app.prakat
        let http = app.http.server.configuration
        let relay = FrontRelay(app: app, answerer: answerer, inner: inner, secret: secret, answeredHere: answeredHere)
        let bootstrap = ServerBootstrap(group: app.eventLoopGroup)
            .serverChannelOption(ChannelOptions.backlog, value: Int32(http.backlog))
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.maxMessagesPerRead, value: http.connectionsPerServerTick)
            .childChannelInitializer { [weak self] channel in
                self?.track(channel)
                return channel.eventLoop.makeCompletedFuture {
                    // NIO's own pairing: the request decoder tells the response encoder each
                    // request's method, so no answer to a HEAD carries a body (nor a chunk end).
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        position: .last, withPipeliningAssistance: false, withServerUpgrade: nil, withErrorHandling: false,
                        withOutboundHeaderValidation: false, withEncoderConfiguration: .init())
                    try channel.pipeline.syncOperations.addHandler(FrontConnectionHandler(relay: relay))
                }
            }
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: http.tcpNoDelay ? 1 : 0)
            .childChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 1)
        let bound: EventLoopFuture<any Channel>
        let description: String
        switch requested {
        case .unixDomainSocket(let path):
            bound = bootstrap.bind(unixDomainSocketPath: path)
            description = "unix:" + path
        case .hostname(let host, let port):
            let host = host ?? configuration.host
            let port = port ?? configuration.port
            bound = bootstrap.bind(host: host, port: port)
            description = "\(host):\(port)"
        case .none:
            bound = bootstrap.bind(host: configuration.host, port: configuration.port)
            description = "\(configuration.host):\(configuration.port)"
        }
        let logger = app.logger
        return bound.map { [self] channel in
            state.withLockedValue { $0.channel = channel }
            var shown = description
            if let address = channel.localAddress, let ip = address.ipAddress, let port = address.port {
                shown = (ip.contains(":") ? "[\(ip)]" : ip) + ":\(port)"
            }
            logger.notice("Server started on \(description.hasPrefix("unix:") ? description : "http://" + shown)")
        }
    }

    private func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLockedValue { $0.connections[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.state.withLockedValue { $0.connections.removeValue(forKey: id) }
        }
    }

    private func stopListening() -> EventLoopFuture<Void> {
        guard let channel = state.withLockedValue({ $0.channel }) else { return app.eventLoopGroup.any().makeSucceededVoidFuture() }
        return channel.close()
    }

    private func closeConnections() {
        let (open, socketPaths) = state.withLockedValue { (Array($0.connections.values), $0.socketPaths) }
        for channel in open { channel.close(promise: nil) }
        for path in socketPaths { unlink(path) }
    }
}

extension FrontServer {
    /// Whether `prakat serve` listens through this server (not with Prakat's own TLS, whose
    /// HTTP/2 is Vapor's; not when `PRAKAT_FRONT_SERVER=0`).
    static func isUsed(_ configuration: PrakatConfiguration) -> Bool {
        !configuration.usesTLS && configuration.frontServer
    }
}

/// The secret that makes `X-Prakat-Peer` believable: made at start, never written anywhere.
enum FrontPeerSecret {
    private struct Key: StorageKey { typealias Value = String }

    static func of(_ app: Application) -> String {
        if let secret = app.storage[Key.self] { return secret }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
        app.storage[Key.self] = secret
        return secret
    }

    static func current(_ app: Application) -> String? { app.storage[Key.self] }
}

/// One of Vapor's servers behind the front server, and the event loop it accepts on.
struct InnerServer: Sendable {
    let loop: any EventLoop
    let address: SocketAddress
}

/// Vapor's Unix sockets behind the front server: `<data>/.prakat-http-<process id>-<loop>.sock`.
enum InnerSocket {
    static let prefix = ".prakat-http-"

    /// Nil when the path would not fit a socket address (108 bytes with its terminator).
    static func path(in dataDirectory: String, loop: Int, processID: Int32 = getpid()) -> String? {
        let path = (dataDirectory as NSString).appendingPathComponent("\(prefix)\(processID)-\(loop).sock")
        return path.utf8.count < 104 ? path : nil
    }

    /// Sockets of processes that ended without removing theirs (killed).
    static func removeStale(in dataDirectory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dataDirectory) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".sock") {
            let digits = name.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }
            guard let processID = Int32(digits), processID != getpid() else { continue }
            if kill(processID, 0) != 0, errno == ESRCH {
                unlink((dataDirectory as NSString).appendingPathComponent(name))
            }
        }
    }
}

/// The front server's own answers, Thai first.
private enum FrontText {
    static let badRequest = "คำขอไม่ถูกต้อง (Bad Request)\n"
    static let unavailable = "ระบบไม่พร้อมให้บริการชั่วคราว โปรดลองใหม่อีกครั้ง (Service Unavailable)\n"
}

/// What every connection of one server shares.
private struct FrontRelay: Sendable {
    let app: Application
    let answerer: CachedPageAnswerer
    /// Vapor's servers, one per event loop.
    let inner: [InnerServer]
    let secret: String
    let answeredHere: NIOLockedValueBox<Int>

    /// The cached page's answer to `head`, or nil when it is not one (then Vapor answers).
    func cachedAnswer(_ head: HTTPRequestHead, channel: any Channel) -> PageAnswer? {
        // Only what the cached path may take: the rest is never worth reading further.
        guard head.method == .GET || head.method == .HEAD else { return nil }
        let query = CachedPageQuery(
            method: head.method, target: RequestTarget(raw: head.uri), headers: head.headers, peer: channel.remoteAddress, logger: app.logger)
        guard let answer = answerer.answer(query) else { return nil }
        answeredHere.withLockedValue { $0 &+= 1 }
        return answer
    }

    /// The Vapor server on the calling event loop (a connection's handlers run on its own loop).
    var innerHere: SocketAddress {
        (inner.first { $0.loop.inEventLoop } ?? inner[0]).address
    }

    /// `head` for Vapor's server, with the client's address only this process can vouch for.
    func forwarded(_ head: HTTPRequestHead, from peer: SocketAddress?) -> HTTPRequestHead {
        var head = head
        head.headers.remove(name: FrontServer.peerHeader)
        if let peer, let ip = peer.ipAddress {
            head.headers.add(name: FrontServer.peerHeader, value: "\(secret) \(ip) \(peer.port ?? 0)")
        } else {
            head.headers.add(name: FrontServer.peerHeader, value: "\(secret) -")
        }
        return head
    }
}

/// One client connection. Each request is answered here when it is a cached page and no relayed
/// answer is still outstanding (answers go out in request order); otherwise it goes to Vapor's
/// server over this connection's own link to it (made at the first such request, kept while both
/// stay open), and Vapor's answer comes back parsed and re-encoded, so the connection is back to
/// answering cached pages as soon as it ends. A browser's connection fetches a page, then its
/// styles and scripts through Vapor, then the next page from the cache again; so does an upstream
/// connection nginx keeps alive for many visitors.
private final class FrontConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Link {
        case none
        /// Being made; the parts to send wait here.
        case connecting([HTTPClientRequestPart])
        case open(any Channel)
    }

    private let relay: FrontRelay
    private var link = Link.none
    /// Requests sent to Vapor whose answers have not ended yet.
    private var outstanding = 0
    /// The request being read goes to Vapor (else it is answered here at its end).
    private var forwarding = false
    /// A cached answer waiting for its request's end.
    private var answer: (head: HTTPRequestHead, answer: PageAnswer)?
    /// The connection ends once what is written is sent.
    private var closing = false
    /// The `Date` header, made again only when the second changes (a connection answers many).
    private var dateSecond = -1
    private var dateValue = ""

    init(relay: FrontRelay) {
        self.relay = relay
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if outstanding == 0, let cached = relay.cachedAnswer(head, channel: context.channel) {
                answer = (head, cached)
                forwarding = false
            } else {
                forwarding = true
                outstanding += 1
                send(.head(relay.forwarded(head, from: context.channel.remoteAddress)), context: context)
            }
        case .body(let buffer):
            // An answered request has no body (the cached path takes none).
            if forwarding { send(.body(.byteBuffer(buffer)), context: context) }
        case .end:
            if forwarding {
                forwarding = false
                // Vapor's server does not take trailers (a debug build asserts on them): the body ends here.
                send(.end(nil), context: context)
            } else if let (head, cached) = answer {
                answer = nil
                write(cached, to: head, context: context)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if case .open(let back) = link { back.flush() }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // The client reads slowly: stop reading Vapor's answer until it catches up.
        if case .open(let back) = link {
            back.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        if case .open(let back) = link { back.close(promise: nil) }
        link = .none
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let idle = outstanding == 0 && !forwarding
        closing = true
        if idle, error is HTTPParserError {
            // A request NIO cannot parse, with nothing in flight: a 400, then the connection ends.
            writeClosing(.badRequest, FrontText.badRequest, context: context)
        } else {
            context.close(promise: nil)
        }
    }

    /// A short plain-text answer of the server's own (Thai first), after which the connection ends.
    private func writeClosing(_ status: HTTPResponseStatus, _ text: String, extraHeaders: [(String, String)] = [], context: ChannelHandlerContext) {
        let body = ByteBuffer(string: text)
        var headers = HTTPHeaders([("content-type", "text/plain; charset=utf-8"), ("content-length", String(body.readableBytes)), ("connection", "close")])
        headers.add(contentsOf: extraHeaders)
        headers.add(name: "date", value: dateText())
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    // MARK: answering here

    /// A cached answer, with the headers Vapor's server adds to every answer (date, connection).
    private func write(_ answer: PageAnswer, to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let keepAlive = head.isKeepAlive
        var headers = answer.headers
        headers.add(name: "date", value: dateText())
        headers.add(name: .connection, value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: answer.status, headers: headers))), promise: nil)
        if let body = answer.body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            closing = true
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    private func dateText() -> String {
        let now = Date()
        let second = Int(now.timeIntervalSince1970)
        if second != dateSecond {
            dateSecond = second
            dateValue = InternetDate.rfc822(now)
        }
        return dateValue
    }

    // MARK: relaying to Vapor's server

    private func send(_ part: HTTPClientRequestPart, context: ChannelHandlerContext) {
        switch link {
        case .open(let back):
            back.write(part, promise: nil)
            // Vapor is slow to take the body: stop reading the client until it catches up.
            if !back.isWritable { context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in } }
        case .connecting(var parts):
            parts.append(part)
            link = .connecting(parts)
        case .none:
            link = .connecting([part])
            connect(context: context)
        }
    }

    /// Connects to Vapor's server on this event loop.
    private func connect(context: ChannelHandlerContext) {
        let front = context.channel
        // What is read while connecting waits in `.connecting`; no more is read until then.
        front.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        let bound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
        var bootstrap = ClientBootstrap(group: context.eventLoop)
        let inner = relay.innerHere
        if inner.pathname == nil { bootstrap = bootstrap.channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1) }
        bootstrap
            .channelInitializer { back in
                back.eventLoop.makeCompletedFuture {
                    // The decoder sees each request go out, so it knows a HEAD answer has no body.
                    // The encoder keeps the client's own framing, as NIO parsed and checked it: NIO's encoder would
                    // otherwise drop the length of a body it thinks the method cannot have (TRACE)
                    // and send the body anyway, where Vapor would read it as the next request.
                    var framing = HTTPRequestEncoder.Configuration()
                    framing.automaticallySetFramingHeaders = false
                    try back.pipeline.syncOperations.addHandlers([
                        HTTPRequestEncoder(configuration: framing),
                        ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .forward)),
                        FrontRelayBackHandler(front: bound)
                    ])
                }
            }
            .connect(to: inner)
            .whenComplete { result in
                let (context, handler) = bound.value
                handler.connected(result, context: context)
            }
    }

    private func connected(_ result: Result<any Channel, any Error>, context: ChannelHandlerContext) {
        switch (result, link) {
        case (.success(let back), .connecting(let parts)) where !closing:
            link = .open(back)
            for part in parts { back.write(part, promise: nil) }
            back.flush()
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
        case (.success(let back), _):
            // The client left while we connected.
            back.close(promise: nil)
        case (.failure(let error), _):
            link = .none
            guard !closing else { return }
            relay.app.logger.error("Could not reach the application server: \(error)")
            closing = true
            writeClosing(.serviceUnavailable, FrontText.unavailable, extraHeaders: [("retry-after", "5")], context: context)
        }
    }

    /// A part of Vapor's answer, written to the client as it comes.
    fileprivate func relayed(_ part: HTTPClientResponsePart, context: ChannelHandlerContext, back: any Channel) {
        guard !closing else { return }
        switch part {
        case .head(let head):
            if head.status.code >= 200 || head.status == .switchingProtocols {
                answerOpen = true
                // Vapor's server ends the connection after an answer that says so.
                if head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" }) { closeAfterAnswer = true }
            }
            context.write(wrapOutboundOut(.head(head)), promise: nil)
        case .body(let buffer):
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            // The client reads slowly: stop reading Vapor's answer until it catches up.
            if !context.channel.isWritable { back.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in } }
        case .end(let trailers):
            outstanding -= 1
            answerOpen = false
            if closeAfterAnswer {
                closing = true
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(.end(trailers))).whenComplete { _ in channel.close(promise: nil) }
            } else {
                context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
            }
        }
    }

    /// Vapor's answer said `connection: close`.
    private var closeAfterAnswer = false
    /// A relayed answer's head is written and its end is not.
    private var answerOpen = false

    fileprivate func relayFlush(context: ChannelHandlerContext) {
        context.flush()
    }

    /// Vapor closed its end: in the middle of an answer (or with answers owed), the client's
    /// connection ends too; between answers the next request not answered here opens a new link.
    fileprivate func linkClosed(_ back: any Channel, context: ChannelHandlerContext) {
        guard case .open(let current) = link, current === back else { return }
        link = .none
        if outstanding > 0, !closing {
            // The client sees the answer cut short (or none) and the connection end.
            closing = true
            let channel = context.channel
            if answerOpen {
                answerOpen = false
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
            } else {
                context.flush()
                channel.close(promise: nil)
            }
        }
    }
}

/// On the link to Vapor's server: its parsed answer goes to the client's connection handler.
private final class FrontRelayBackHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let front: NIOLoopBound<(ChannelHandlerContext, FrontConnectionHandler)>

    init(front: NIOLoopBound<(ChannelHandlerContext, FrontConnectionHandler)>) {
        self.front = front
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let (frontContext, handler) = front.value
        handler.relayed(unwrapInboundIn(data), context: frontContext, back: context.channel)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        let (frontContext, handler) = front.value
        handler.relayFlush(context: frontContext)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // Vapor's server is slow to take the body: stop reading the client until it catches up.
        let (frontContext, _) = front.value
        frontContext.channel.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let (frontContext, handler) = front.value
        handler.linkClosed(context.channel, context: frontContext)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

extension Request {
    /// The address at the other end of the client's connection. Behind Prakat's front server the
    /// connection Vapor sees is the front's own, from loopback; the front then names the client in
    /// `X-Prakat-Peer`, believed only with this process's secret (anyone may send the header).
    var connectionPeer: SocketAddress? {
        if let cached = storage[ConnectionPeerKey.self] { return cached.address }
        let resolved = FrontPeerHeader.peer(
            remote: remoteAddress, header: headers.first(name: FrontServer.peerHeader), secret: FrontPeerSecret.current(application))
        storage[ConnectionPeerKey.self] = ConnectionPeer(address: resolved)
        return resolved
    }

    private struct ConnectionPeer: Sendable { var address: SocketAddress? }
    private struct ConnectionPeerKey: StorageKey { typealias Value = ConnectionPeer }
}

enum FrontPeerHeader {
    /// `remote`, or the client the header names when it comes from loopback with `secret`.
    static func peer(remote: SocketAddress?, header: String?, secret: String?) -> SocketAddress? {
        guard let secret, let header, let remote, Self.isLocal(remote) else { return remote }
        let fields = header.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 2, ConstantTime.equals(String(fields[0]), secret) else { return remote }
        if fields.count == 2, fields[1] == "-" { return nil }
        guard fields.count == 3, let port = Int(fields[2]), (0...65535).contains(port),
            let address = try? SocketAddress(ipAddress: String(fields[1]), port: port)
        else { return remote }
        return address
    }

    /// Loopback, or a Unix socket (Vapor's behind the front server is one, mode 0600).
    private static func isLocal(_ address: SocketAddress) -> Bool {
        if address.pathname != nil { return true }
        if case .unixDomainSocket = address { return true }
        guard let ip = address.ipAddress else { return false }
        return ip == "127.0.0.1" || ip == "::1"
    }

}

extension Application {
    private struct FrontServerKey: StorageKey { typealias Value = FrontServer }

    /// The one front server of this application (Vapor asks its server provider more than once).
    var frontServer: FrontServer {
        if let existing = storage[FrontServerKey.self] { return existing }
        let server = FrontServer(app: self)
        storage[FrontServerKey.self] = server
        return server
    }
}
