import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PrakatCore

/// Hands one message to the agency's mail server over SMTP (RFC 5321), as `MailSettings` say:
/// connect, greeting, EHLO, STARTTLS and EHLO again (when the settings and the server say so),
/// AUTH PLAIN or LOGIN (when credentials are set), MAIL FROM, RCPT TO, DATA, the message, QUIT.
/// A new connection per message: notifications are few, and a connection that is never kept
/// open can never go stale.
///
/// Bounded in time: the connection attempt and every reply get `settings.timeout`, the whole
/// conversation `totalTimeoutFactor` times that, and cancelling the calling task closes the
/// connection. Every failure is an `SMTPError` (its step, transient or permanent, a Thai
/// description); credentials are written to the connection only when it is encrypted (unless
/// `allowPlainAuth=true`) and never into an error.
struct SMTPClient: Sendable {
    var group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    /// The whole conversation may take this many step timeouts (a normal one takes well under
    /// one; a server that answers each step just in time still ends).
    var totalTimeoutFactor = 6

    func send(_ message: MailMessage, settings: MailSettings) async throws(SMTPError) -> SMTPDelivery {
        try await session(message, settings: settings)
    }

    /// Connects, says hello, upgrades to TLS and signs in as a send would, then quits without
    /// sending: what `prakat doctor` uses to tell whether mail would go out.
    func check(_ settings: MailSettings) async throws(SMTPError) {
        _ = try await session(nil, settings: settings)
    }

    /// `prakat doctor`'s probe: nil when the server accepted everything but a message, else what went wrong in Thai.
    static func probe(_ settings: MailSettings) async -> String? {
        do {
            try await SMTPClient().check(settings)
            return nil
        } catch {
            return error.thaiDescription
        }
    }

    private func session(_ message: MailMessage?, settings: MailSettings) async throws(SMTPError) -> SMTPDelivery {
        let open = NIOLockedValueBox<(any Channel)?>(nil)
        do {
            return try await withTaskCancellationHandler {
                let connection = try await connect(settings)
                open.withLockedValue { $0 = connection.channel }
                do {
                    if Task.isCancelled { throw SMTPError(step: .connect, reason: .cancelled) }
                    let delivery = try await converse(connection, message: message, settings: settings)
                    // The message is the server's now: a QUIT that goes wrong changes nothing.
                    _ = try? await connection.reply(to: "QUIT", at: .message)
                    connection.channel.close(promise: nil)
                    return delivery
                } catch {
                    connection.channel.close(promise: nil)
                    throw error
                }
            } onCancel: {
                open.withLockedValue { $0?.close(promise: nil) }
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(step: .connect, reason: .cancelled)
        }
    }

    private func converse(_ connection: Connection, message: MailMessage?, settings: MailSettings) async throws(SMTPError) -> SMTPDelivery {
        let greeting = try await connection.reply(to: nil, at: .greeting)
        guard greeting.code == 220 else { throw SMTPError(step: .greeting, reason: .rejected(greeting)) }
        var capabilities = try await hello(connection, settings: settings)
        var encrypted = settings.security == .implicitTLS

        let wantsTLS = settings.security == .startTLSRequired || (settings.security == .startTLSIfOffered && capabilities.startTLS)
        if wantsTLS {
            guard capabilities.startTLS else { throw SMTPError(step: .startTLS, reason: .startTLSNotOffered) }
            let reply = try await connection.reply(to: "STARTTLS", at: .startTLS, upgrade: try Self.tls(settings, step: .startTLS))
            if reply.code == 220 {
                encrypted = true
                // RFC 3207 §4.2: what the server said before TLS counts for nothing.
                capabilities = try await hello(connection, settings: settings)
            } else if settings.security == .startTLSRequired {
                throw SMTPError(step: .startTLS, reason: .rejected(reply))
            }
            // `auto` and the server declined after all (454): the session goes on unencrypted,
            // as RFC 3207 §4 allows; credentials still wait for `allowPlainAuth`.
        }

        var authenticated = false
        if let credentials = settings.credentials {
            guard encrypted || settings.allowsPlainTextAuth else { throw SMTPError(step: .authenticate, reason: .credentialsNeedTLS) }
            try await authenticate(connection, credentials: credentials, offered: capabilities.authMechanisms)
            authenticated = true
        }

        guard let message else { return SMTPDelivery(reply: greeting, server: connection.server, encrypted: encrypted, authenticated: authenticated) }
        let data = message.smtpData
        if let limit = capabilities.maximumSize, data.count > limit {
            throw SMTPError(step: .mailFrom, reason: .messageTooLarge(size: data.count, limit: limit))
        }
        try await connection.expectPositive(to: "MAIL FROM:<\(message.from.value)>", at: .mailFrom)
        try await connection.expectPositive(to: "RCPT TO:<\(message.to.value)>", at: .recipient)
        let go = try await connection.reply(to: "DATA", at: .data)
        guard go.code == 354 else { throw SMTPError(step: .data, reason: .rejected(go)) }
        let accepted = try await connection.reply(sending: data, at: .message)
        guard accepted.isPositive else { throw SMTPError(step: .message, reason: .rejected(accepted)) }
        return SMTPDelivery(reply: accepted, server: connection.server, encrypted: encrypted, authenticated: authenticated)
    }

    /// EHLO, or HELO for a server so old that it does not know EHLO (then it offers nothing).
    private func hello(_ connection: Connection, settings: MailSettings) async throws(SMTPError) -> SMTPCapabilities {
        let reply = try await connection.reply(to: "EHLO \(settings.helo)", at: .hello)
        if reply.isPositive { return SMTPCapabilities(ehlo: reply) }
        guard reply.code == 500 || reply.code == 502 else { throw SMTPError(step: .hello, reason: .rejected(reply)) }
        try await connection.expectPositive(to: "HELO \(settings.helo)", at: .hello)
        return SMTPCapabilities()
    }

    /// AUTH PLAIN (RFC 4616) with the initial response, else AUTH LOGIN. Whatever the server
    /// answers has the secrets scrubbed out before it can become an error.
    private func authenticate(_ connection: Connection, credentials: MailSettings.Credentials, offered: Set<String>) async throws(SMTPError) {
        let user = Data(credentials.user.utf8).base64EncodedString()
        let password = Data(credentials.password.value.utf8).base64EncodedString()
        let plain = Data(("\u{0}" + credentials.user + "\u{0}" + credentials.password.value).utf8).base64EncodedString()
        let secrets = [credentials.password.value, password, plain]
        var steps: [(command: String, expected: Int)]
        if offered.contains("PLAIN") {
            steps = [("AUTH PLAIN " + plain, 235)]
        } else if offered.contains("LOGIN") {
            steps = [("AUTH LOGIN", 334), (user, 334), (password, 235)]
        } else {
            throw SMTPError(step: .authenticate, reason: .authenticationNotOffered)
        }
        for step in steps {
            let reply = try await connection.reply(to: step.command, at: .authenticate, scrubbing: secrets)
            guard reply.code == step.expected else { throw SMTPError(step: .authenticate, reason: .rejected(reply)) }
        }
    }

    private func connect(_ settings: MailSettings) async throws(SMTPError) -> Connection {
        let timeout = TimeAmount.nanoseconds(Int64(settings.timeout * 1e9))
        let total = TimeAmount.nanoseconds(Int64(settings.timeout * 1e9) * Int64(max(1, totalTimeoutFactor)))
        let implicitTLS = settings.security == .implicitTLS ? try Self.tls(settings, step: .connect) : nil
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS.context, serverHostname: implicitTLS.serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPConnectionHandler(eventLoop: channel.eventLoop, stepTimeout: timeout, totalTimeout: total))
                }
            }
        let server = settings.host.contains(":") ? "[\(settings.host)]:\(settings.port)" : "\(settings.host):\(settings.port)"
        do {
            let channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPConnectionHandler.self), eventLoop: channel.eventLoop)
            }.get()
            return Connection(channel: channel, handler: handler, server: server)
        } catch ChannelError.connectTimeout {
            throw SMTPError(step: .connect, reason: .timedOut(settings.timeout))
        } catch {
            throw SMTPError(step: .connect, reason: .connectionFailed("\(server) " + Self.connectionDetail(error)))
        }
    }

    /// The TLS set-up: the system's trust roots (or `tlsCA=`'s) and the host name checked
    /// against the certificate, unless `tlsVerify=none`. An IP address is not sent as a name
    /// (SNI has no place for one); the certificate is then checked against the address.
    private static func tls(_ settings: MailSettings, step: SMTPError.Step) throws(SMTPError) -> SMTPConnectionHandler.TLSUpgrade {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !settings.verifiesCertificate { configuration.certificateVerification = .none }
        if let file = settings.trustedCertificatesFile { configuration.trustRoots = .file(file) }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            let isAddress = settings.host.contains(":") || settings.host.allSatisfy { $0.isNumber || $0 == "." }
            return SMTPConnectionHandler.TLSUpgrade(context: context, serverHostname: isAddress ? nil : settings.host)
        } catch {
            let file = settings.trustedCertificatesFile.map { "tlsCA=\($0): " } ?? ""
            throw SMTPError(step: step, reason: .tlsFailed(file + String(describing: error)))
        }
    }

    /// "connection refused", "no such host" … rather than NIO's full error text.
    private static func connectionDetail(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty { return "ไม่พบชื่อเซิร์ฟเวอร์ (DNS)" }
            let codes = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
            if codes.contains(ECONNREFUSED) { return "ปฏิเสธการเชื่อมต่อ (connection refused)" }
            if codes.contains(ENETUNREACH) || codes.contains(EHOSTUNREACH) { return "ไม่มีเส้นทางไปยังเซิร์ฟเวอร์ (unreachable)" }
        }
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }

    /// One open connection and the handler that speaks on it.
    private struct Connection: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<SMTPConnectionHandler>
        let server: String

        typealias TLSUpgrade = SMTPConnectionHandler.TLSUpgrade

        /// Sends a command (CRLF added) and waits for its reply; nil waits only (the greeting).
        func reply(to command: String?, at step: SMTPError.Step, upgrade: TLSUpgrade? = nil, scrubbing secrets: [String] = []) async throws(SMTPError) -> SMTPReply {
            try await reply(sending: command.map { Array(($0 + "\r\n").utf8) }, at: step, upgrade: upgrade, scrubbing: secrets)
        }

        func reply(sending bytes: [UInt8]?, at step: SMTPError.Step, upgrade: TLSUpgrade? = nil, scrubbing secrets: [String] = []) async throws(SMTPError) -> SMTPReply {
            let handler = self.handler
            do {
                let reply = try await channel.eventLoop.flatSubmit { handler.value.send(bytes, upgrade: upgrade) }.get()
                return secrets.isEmpty ? reply : Self.scrub(reply, secrets)
            } catch let failure as SMTPConnectionFailure {
                if Task.isCancelled { throw SMTPError(step: step, reason: .cancelled) }
                switch failure {
                case .timedOut(let seconds): throw SMTPError(step: step, reason: .timedOut(seconds))
                case .closed: throw SMTPError(step: step, reason: .closedByServer)
                case .protocolViolation(let detail): throw SMTPError(step: step, reason: .protocolViolation(detail))
                case .tls(let detail): throw SMTPError(step: step, reason: .tlsFailed(Self.tlsReason(detail)))
                case .io(let detail): throw SMTPError(step: step, reason: .connectionFailed(Self.short(detail)))
                }
            } catch {
                throw SMTPError(step: step, reason: Task.isCancelled ? .cancelled : .connectionFailed(Self.short(String(describing: error))))
            }
        }

        func expectPositive(to command: String, at step: SMTPError.Step) async throws(SMTPError) {
            let reply = try await reply(to: command, at: step)
            guard reply.isPositive else { throw SMTPError(step: step, reason: .rejected(reply)) }
        }

        private static func scrub(_ reply: SMTPReply, _ secrets: [String]) -> SMTPReply {
            SMTPReply(code: reply.code, lines: reply.lines.map { line in secrets.reduce(line) { $0.replacingOccurrences(of: $1, with: "***") } })
        }

        /// `CERTIFICATE_VERIFY_FAILED` rather than BoringSSL's whole error stack with its source paths.
        private static func tlsReason(_ text: String) -> String {
            if let marker = text.range(of: "OPENSSL_internal:") {
                let reason = text[marker.upperBound...].prefix { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
                if !reason.isEmpty { return String(reason) }
            }
            return short(text)
        }

        private static func short(_ text: String) -> String { text.count > 200 ? String(text.prefix(200)) + "…" : text }
    }
}
