import NIOCore
import NIOSSL
import NIOTLS
import PrakatCore

/// What went wrong on the connection itself; `SMTPClient` adds the step and makes it an
/// `SMTPError`.
enum SMTPConnectionFailure: Error, Sendable {
    case timedOut(seconds: Double)
    case closed
    case protocolViolation(String)
    case tls(String)
    case io(String)
}

/// The client side of one SMTP connection, on its event loop: cuts what arrives into lines
/// (LF or CRLF, at most 4 KB each), reads replies from them with `SMTPReplyParser`, and hands
/// each reply to the command waiting for it. One command waits at a time (no pipelining); each
/// has `stepTimeout` to get its reply, and the whole connection `totalTimeout`. Any failure
/// (timeout, garbage, a closed connection, a TLS error) fails the waiting command and closes
/// the channel; every later command fails at once with the same failure.
///
/// STARTTLS is done here rather than by the caller so that no byte can slip between the 220
/// and the handshake: the TLS handler goes in while the 220 is being read, and if anything
/// else came with the 220 (a plaintext reply injected by someone on the path, CVE-2011-0411
/// style), the connection is given up instead. The command then completes when the
/// handshake does.
final class SMTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What STARTTLS upgrades to: the TLS set-up and the name to verify the certificate against.
    struct TLSUpgrade: Sendable {
        let context: NIOSSLContext
        let serverHostname: String?
    }

    private let eventLoop: any EventLoop
    private let stepTimeout: TimeAmount
    private let totalTimeout: TimeAmount
    private var context: ChannelHandlerContext?
    private var received = ByteBuffer()
    private var parser = SMTPReplyParser()
    /// Replies nobody asked for yet: only the greeting, which comes before any command.
    private var unsolicited: [SMTPReply] = []
    private var waiting: EventLoopPromise<SMTPReply>?
    private var stepTimer: Scheduled<Void>?
    private var totalTimer: Scheduled<Void>?
    private var failure: SMTPConnectionFailure?
    private var upgrade: TLSUpgrade?
    /// STARTTLS's 220, held until the handshake has completed.
    private var upgradeReply: SMTPReply?

    init(eventLoop: any EventLoop, stepTimeout: TimeAmount, totalTimeout: TimeAmount) {
        self.eventLoop = eventLoop
        self.stepTimeout = stepTimeout
        self.totalTimeout = totalTimeout
    }

    /// Sends `bytes` (a command with its CRLF, or the message), or nothing when only a reply is
    /// awaited (the greeting), and completes with the next reply. With `upgrade`, a 220 starts
    /// TLS first and the reply comes once the handshake is done.
    func send(_ bytes: [UInt8]?, upgrade: TLSUpgrade? = nil) -> EventLoopFuture<SMTPReply> {
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        if let failure {
            promise.fail(failure)
        } else if waiting != nil {
            promise.fail(SMTPConnectionFailure.protocolViolation("a command is already waiting"))
        } else if bytes == nil, !unsolicited.isEmpty {
            promise.succeed(unsolicited.removeFirst())
        } else if let early = unsolicited.first {
            // A reply nobody asked for would be taken as this command's: never, least of all for STARTTLS.
            let violation = SMTPConnectionFailure.protocolViolation("reply \(early.code) came before the command it would answer")
            fail(violation)
            promise.fail(violation)
        } else if let context {
            waiting = promise
            self.upgrade = upgrade
            let seconds = Double(stepTimeout.nanoseconds) / 1e9
            stepTimer = eventLoop.assumeIsolated().scheduleTask(in: stepTimeout) { self.fail(.timedOut(seconds: seconds)) }
            if let bytes {
                var buffer = context.channel.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            }
        } else {
            promise.fail(SMTPConnectionFailure.closed)
        }
        return promise.futureResult
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let seconds = Double(totalTimeout.nanoseconds) / 1e9
        totalTimer = eventLoop.assumeIsolated().scheduleTask(in: totalTimeout) { self.fail(.timedOut(seconds: seconds)) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stepTimer?.cancel()
        totalTimer?.cancel()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        while failure == nil, let newline = received.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = received.readableBytesView.distance(from: received.readableBytesView.startIndex, to: newline)
            // The line's CR is counted by the parser's cap; the LF is not part of the line.
            let line = received.readBytes(length: length) ?? []
            received.moveReaderIndex(forwardBy: 1)
            do {
                if let reply = try parser.consume(line) { deliver(reply, context: context) }
            } catch {
                fail(.protocolViolation(Self.describe(error)))
            }
        }
        if failure == nil, received.readableBytes > SMTPReplyParser.maximumLineLength + 1 { fail(.protocolViolation(Self.describe(SMTPReplyError.lineTooLong))) }
        received.discardReadBytes()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent, let reply = upgradeReply {
            upgradeReply = nil
            complete(with: reply)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            fail(.tls(String(describing: error)))
        } else {
            fail(.io(String(describing: error)))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    private func deliver(_ reply: SMTPReply, context: ChannelHandlerContext) {
        guard waiting != nil else {
            unsolicited.append(reply)
            if unsolicited.count > 2 { fail(.protocolViolation("replies to no command")) }
            return
        }
        if let upgrade, reply.code == 220 {
            self.upgrade = nil
            guard received.readableBytes == 0, !parser.isInsideReply else {
                fail(.protocolViolation("more data came with the reply to STARTTLS"))
                return
            }
            do {
                let tls = try NIOSSLClientHandler(context: upgrade.context, serverHostname: upgrade.serverHostname)
                try context.pipeline.syncOperations.addHandler(tls, position: .first)
                upgradeReply = reply
            } catch {
                fail(.tls(String(describing: error)))
            }
            return
        }
        upgrade = nil
        complete(with: reply)
    }

    private func complete(with reply: SMTPReply) {
        stepTimer?.cancel()
        stepTimer = nil
        let promise = waiting
        waiting = nil
        promise?.succeed(reply)
    }

    /// The first failure sticks: it fails the waiting command and closes the connection.
    private func fail(_ failure: SMTPConnectionFailure) {
        guard self.failure == nil else { return }
        self.failure = failure
        stepTimer?.cancel()
        totalTimer?.cancel()
        let promise = waiting
        waiting = nil
        promise?.fail(failure)
        context?.close(promise: nil)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? SMTPReplyError {
        case .lineTooLong?: "a line longer than \(SMTPReplyParser.maximumLineLength) bytes"
        case .tooManyLines?: "a reply of more than \(SMTPReplyParser.maximumLines) lines"
        case .malformed?: "a line that is not an SMTP reply"
        case .inconsistentCode?: "a multi-line reply whose codes differ"
        case nil: String(describing: error)
        }
    }
}
