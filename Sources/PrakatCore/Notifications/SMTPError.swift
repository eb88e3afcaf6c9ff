import Foundation

/// Why a message was not delivered to the mail server, with the step it failed at: what the
/// queue needs to decide (`kind`) and what the administrator's queue page shows
/// (`thaiDescription`). Neither it nor `description` ever carries the password: the client
/// builds it from replies, its own state and short network error texts, and scrubs the
/// credentials out of anything a server said during AUTH.
public struct SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the conversation it happened (RFC 5321 §3).
    public enum Step: String, Sendable, Hashable {
        case connect, greeting, hello, startTLS, authenticate, mailFrom, recipient, data, message
    }

    public enum Reason: Sendable, Hashable {
        /// The server could not be reached: refused, no route, no such host (a short detail).
        case connectionFailed(String)
        /// No answer within the time allowed (seconds).
        case timedOut(Double)
        /// The server closed the connection in the middle.
        case closedByServer
        /// The server answered with a refusal (or with anything but what the step needs).
        case rejected(SMTPReply)
        /// Something that is not SMTP: garbage, over-long lines, plaintext after STARTTLS.
        case protocolViolation(String)
        /// `starttls=required`, and the server does not offer STARTTLS.
        case startTLSNotOffered
        /// The TLS handshake failed: a certificate that does not verify, no common protocol.
        case tlsFailed(String)
        /// Credentials are set but the server offers no AUTH, or no mechanism this client has.
        case authenticationNotOffered
        /// Credentials are set but the connection is not encrypted, and `allowPlainAuth` is off.
        case credentialsNeedTLS
        /// The message is larger than the server's SIZE limit (both in bytes).
        case messageTooLarge(size: Int, limit: Int)
        /// The send was cancelled (the server shutting down).
        case cancelled
    }

    public let step: Step
    public let reason: Reason

    public init(step: Step, reason: Reason) {
        self.step = step
        self.reason = reason
    }

    /// Transient failures are retried (`MailRetrySchedule`); permanent ones are not. Replies
    /// follow their code (4xx transient, 5xx permanent); a message over the size limit stays
    /// over it; everything else may mend (network, server, or settings the admin fixes).
    public var kind: MailFailureKind {
        switch reason {
        case .rejected(let reply): MailFailureKind.of(replyCode: reply.code)
        case .messageTooLarge: .permanent
        case .connectionFailed, .timedOut, .closedByServer, .protocolViolation, .startTLSNotOffered, .tlsFailed,
            .authenticationNotOffered, .credentialsNeedTLS, .cancelled:
            .transient
        }
    }

    public var isTransient: Bool { kind == .transient }

    /// One sentence for the queue page: what went wrong, at which step, and the server's words.
    public var thaiDescription: String {
        let at = " (ขั้นตอน: \(step.thaiName))"
        switch reason {
        case .connectionFailed(let detail):
            return "เชื่อมต่อเซิร์ฟเวอร์อีเมลไม่ได้" + (detail.isEmpty ? "" : ": \(detail)")
        case .timedOut(let seconds):
            return "เซิร์ฟเวอร์อีเมลไม่ตอบภายใน \(Self.seconds(seconds)) วินาที" + at
        case .closedByServer:
            return "เซิร์ฟเวอร์อีเมลตัดการเชื่อมต่อกลางคัน" + at
        case .rejected(let reply):
            let verdict = reply.isPositive || reply.isIntermediate ? "เซิร์ฟเวอร์อีเมลตอบไม่เป็นไปตามขั้นตอน" : "เซิร์ฟเวอร์อีเมลปฏิเสธ"
            return verdict + at + ": \(reply)"
        case .protocolViolation(let detail):
            return "เซิร์ฟเวอร์อีเมลตอบในรูปแบบที่ไม่ใช่ SMTP" + at + (detail.isEmpty ? "" : ": \(detail)")
        case .startTLSNotOffered:
            return "เซิร์ฟเวอร์อีเมลไม่รองรับการเข้ารหัส STARTTLS แต่การตั้งค่ากำหนดให้ต้องเข้ารหัส (starttls=required)"
        case .tlsFailed(let detail):
            return "เข้ารหัสการเชื่อมต่อ (TLS) กับเซิร์ฟเวอร์อีเมลไม่สำเร็จ เช่น ใบรับรองไม่ถูกต้องหรือหมดอายุ" + (detail.isEmpty ? "" : ": \(detail)")
        case .authenticationNotOffered:
            return "ตั้งชื่อผู้ใช้และรหัสผ่านไว้ แต่เซิร์ฟเวอร์อีเมลไม่เปิดให้ยืนยันตัวตนด้วย AUTH PLAIN หรือ LOGIN"
        case .credentialsNeedTLS:
            return "ไม่ส่งรหัสผ่านเพราะการเชื่อมต่อไม่ได้เข้ารหัส (เซิร์ฟเวอร์ไม่รองรับหรือปฏิเสธ STARTTLS) "
                + "ให้ใช้ smtps:// หรือเซิร์ฟเวอร์ที่รองรับ STARTTLS หรือเพิ่ม allowPlainAuth=true ถ้ายอมรับความเสี่ยง"
        case .messageTooLarge(let size, let limit):
            return "อีเมลมีขนาด \(size) ไบต์ เกินที่เซิร์ฟเวอร์รับได้ (\(limit) ไบต์)"
        case .cancelled:
            return "การส่งอีเมลถูกยกเลิก (ระบบกำลังปิดตัว) จะส่งใหม่ภายหลัง"
        }
    }

    /// English, for logs.
    public var description: String {
        let detail: String =
            switch reason {
            case .connectionFailed(let text): "connection failed: \(text)"
            case .timedOut(let seconds): "no reply within \(Self.seconds(seconds)) s"
            case .closedByServer: "connection closed by the server"
            case .rejected(let reply): "server replied \(reply)"
            case .protocolViolation(let text): "protocol violation: \(text)"
            case .startTLSNotOffered: "STARTTLS required but not offered"
            case .tlsFailed(let text): "TLS failed: \(text)"
            case .authenticationNotOffered: "credentials set but no AUTH PLAIN/LOGIN offered"
            case .credentialsNeedTLS: "credentials not sent over an unencrypted connection"
            case .messageTooLarge(let size, let limit): "message of \(size) bytes exceeds the server's limit of \(limit)"
            case .cancelled: "cancelled"
            }
        return "SMTP \(step.rawValue): \(detail) (\(kind.rawValue))"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}

extension SMTPError.Step {
    public var thaiName: String {
        switch self {
        case .connect: "เชื่อมต่อ"
        case .greeting: "รอคำทักทายจากเซิร์ฟเวอร์"
        case .hello: "แนะนำตัว (EHLO)"
        case .startTLS: "เริ่มเข้ารหัส (STARTTLS)"
        case .authenticate: "ยืนยันตัวตน (AUTH)"
        case .mailFrom: "ระบุผู้ส่ง (MAIL FROM)"
        case .recipient: "ระบุผู้รับ (RCPT TO)"
        case .data: "เริ่มส่งเนื้อหา (DATA)"
        case .message: "ส่งเนื้อหาอีเมล"
        }
    }
}

/// A message the server accepted.
public struct SMTPDelivery: Sendable, Hashable {
    /// The server's reply to the end of the message; it often names the server's queue id.
    public let reply: SMTPReply
    /// `host:port` as connected.
    public let server: String
    /// True when the message travelled encrypted (smtps or STARTTLS).
    public let encrypted: Bool
    public let authenticated: Bool

    public init(reply: SMTPReply, server: String, encrypted: Bool, authenticated: Bool) {
        self.reply = reply
        self.server = server
        self.encrypted = encrypted
        self.authenticated = authenticated
    }
}
