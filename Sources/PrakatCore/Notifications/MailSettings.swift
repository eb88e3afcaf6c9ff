import Foundation

/// How the mail server is reached, read from one setting (`PRAKAT_SMTP_URL`) so an operator
/// has a single line to get right:
///
///     smtp://relay.agency.go.th?from=noreply@agency.go.th
///     smtp://user:p%40ss@mail.agency.go.th?starttls=required&from=noreply@agency.go.th
///     smtps://user:secret@mail.agency.go.th:465?from=noreply@agency.go.th&timeout=20
///
/// - `smtp://` connects in plain text (port 25 unless given) and then follows `starttls=`:
///   `auto` (the default) upgrades with STARTTLS whenever the server offers it, because an
///   encrypted hop costs nothing and most relays offer it. A server that offers it and then
///   declines (454) is used unencrypted; a handshake that fails, a certificate that does not
///   verify among them, fails the send, since the connection is gone by then. `required`
///   insists (the send fails if the server does not offer it or the handshake fails) and makes
///   the default port 587, the submission port. `never` stays in plain text, for a relay on the
///   same host or a server with a broken TLS set-up.
/// - `smtps://` is TLS from the first byte (port 465 unless given); `starttls=` is refused there.
/// - `user:password@` (percent-encoded, so `@` is `%40`) makes the client authenticate
///   (AUTH PLAIN, else LOGIN). Credentials are never sent unencrypted unless
///   `allowPlainAuth=true` says so: with `starttls=never` that is refused here already, with
///   `auto` the send fails when the server turns out not to offer STARTTLS (or declines it).
/// - `from=` is the sender address and is required, here or passed separately
///   (`PRAKAT_SMTP_FROM`, read by the configuration); `timeout=` seconds for each step (default 10, 1…300); `helo=` the
///   name the client gives in EHLO (default: the sender's domain, which strict servers accept
///   where a container's host name would not be); `tlsCA=/path/ca.pem` trusts the certificates
///   in that PEM file instead of the system's (an agency's own certificate authority);
///   `tlsVerify=none` skips certificate checks and is meant only for a test server with a
///   self-signed certificate.
///
/// Unknown options are refused rather than ignored, so a typo (`startls=required`) cannot
/// silently weaken the connection. The password is held in a `MailSecret`, which prints as
/// `***`; `redacted` and `description` never contain it.
public struct MailSettings: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Security: String, Sendable, Hashable {
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
        /// `starttls=required`: STARTTLS or no mail.
        case startTLSRequired
        /// `starttls=auto`: STARTTLS when the server offers it, plain text otherwise.
        case startTLSIfOffered
        /// `starttls=never`: plain text throughout.
        case plain
    }

    public struct Credentials: Sendable, Hashable {
        public let user: String
        public let password: MailSecret

        public init(user: String, password: MailSecret) {
            self.user = user
            self.password = password
        }
    }

    public let host: String
    public let port: Int
    public let security: Security
    public let credentials: Credentials?
    public let from: EmailAddress
    /// Seconds each step of a conversation may take (connect, every reply).
    public let timeout: Double
    /// The name given in EHLO.
    public let helo: String
    /// False only with `tlsVerify=none`.
    public let verifiesCertificate: Bool
    /// `tlsCA=`: an absolute path to PEM certificates trusted instead of the system's.
    public let trustedCertificatesFile: String?
    /// `allowPlainAuth=true`: credentials may be sent over an unencrypted connection.
    public let allowsPlainTextAuth: Bool

    public static let defaultTimeout = 10.0
    public static let timeoutRange: ClosedRange<Double> = 1...300

    /// Reads the setting. `from` is the separate sender setting, used when the URL has no
    /// `from=`; one of the two must be there.
    public init(url text: String, from fallbackFrom: String? = nil) throws(MailSettingsError) {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw .empty }
        guard let schemeEnd = text.range(of: "://") else { throw .unsupportedScheme }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "smtp" || scheme == "smtps" else { throw .unsupportedScheme }
        let rest = text[schemeEnd.upperBound...]
        let queryStart = rest.firstIndex(of: "?")
        var authority = rest[..<(queryStart ?? rest.endIndex)]
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        if authority.contains("/") || authority.contains("#") { throw .unexpectedPath }

        // The last "@" ends the credentials: a password typed with an unencoded "@" still works.
        var credentials: Credentials?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            credentials = try Self.credentials(authority[..<at])
            hostPort = authority[authority.index(after: at)...]
        }
        let (host, explicitPort) = try Self.hostAndPort(hostPort)

        let options = try Self.options(queryStart.map { rest[rest.index(after: $0)...] } ?? "")
        var security: Security = scheme == "smtps" ? .implicitTLS : .startTLSIfOffered
        if let value = options["starttls"] {
            guard scheme == "smtp" else { throw .invalidOption(name: "starttls", value: value) }
            switch value.lowercased() {
            case "auto": security = .startTLSIfOffered
            case "required": security = .startTLSRequired
            case "never": security = .plain
            default: throw .invalidOption(name: "starttls", value: value)
            }
        }
        var verifies = true
        if let value = options["tlsverify"] {
            switch value.lowercased() {
            case "none": verifies = false
            case "full": verifies = true
            default: throw .invalidOption(name: "tlsVerify", value: value)
            }
        }
        var trustFile: String?
        if let value = options["tlsca"] {
            guard value.hasPrefix("/"), !value.unicodeScalars.contains(where: Self.isControl) else { throw .invalidOption(name: "tlsCA", value: value) }
            trustFile = value
        }
        var allowsPlain = false
        if let value = options["allowplainauth"] {
            switch value.lowercased() {
            case "true": allowsPlain = true
            case "false": allowsPlain = false
            default: throw .invalidOption(name: "allowPlainAuth", value: value)
            }
        }
        var timeout = Self.defaultTimeout
        if let value = options["timeout"] {
            guard let seconds = Double(value), seconds.isFinite, Self.timeoutRange.contains(seconds) else {
                throw .invalidOption(name: "timeout", value: value)
            }
            timeout = seconds
        }
        guard let fromText = options["from"] ?? fallbackFrom.flatMap({ $0.isEmpty ? nil : $0 }) else { throw .missingFrom }
        let from: EmailAddress
        do { from = try EmailAddress(fromText) } catch { throw .invalidFrom(error) }
        let helo = options["helo"] ?? from.domain
        guard Self.isHeloName(helo) else { throw .invalidOption(name: "helo", value: helo) }
        if credentials != nil, security == .plain, !allowsPlain { throw .credentialsWithoutTLS }

        self.host = host
        self.port = explicitPort ?? (security == .implicitTLS ? 465 : security == .startTLSRequired ? 587 : 25)
        self.security = security
        self.credentials = credentials
        self.from = from
        self.timeout = timeout
        self.helo = helo
        self.verifiesCertificate = verifies
        self.trustedCertificatesFile = trustFile
        self.allowsPlainTextAuth = allowsPlain
    }

    /// The settings as a URL with the password replaced by `***`, for logs and the admin page.
    public var redacted: String {
        var text = security == .implicitTLS ? "smtps://" : "smtp://"
        if let credentials { text += Self.percentEncoded(credentials.user) + ":***@" }
        text += host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        var query = ["from=\(Self.percentEncoded(from.value))"]
        switch security {
        case .startTLSRequired: query.append("starttls=required")
        case .plain: query.append("starttls=never")
        case .startTLSIfOffered, .implicitTLS: break
        }
        if timeout != Self.defaultTimeout {
            query.append("timeout=" + (timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)))
        }
        if helo != from.domain { query.append("helo=\(Self.percentEncoded(helo))") }
        if let trustedCertificatesFile { query.append("tlsCA=" + Self.percentEncoded(trustedCertificatesFile).replacingOccurrences(of: "%2F", with: "/")) }
        if !verifiesCertificate { query.append("tlsVerify=none") }
        if allowsPlainTextAuth { query.append("allowPlainAuth=true") }
        return text + "?" + query.joined(separator: "&")
    }

    public var description: String { redacted }
    public var debugDescription: String { redacted }

    // MARK: - Parts

    private static func credentials(_ userInfo: Substring) throws(MailSettingsError) -> Credentials {
        guard let colon = userInfo.firstIndex(of: ":") else { throw .missingPassword }
        guard let user = String(userInfo[..<colon]).removingPercentEncoding,
            let password = String(userInfo[userInfo.index(after: colon)...]).removingPercentEncoding
        else { throw .invalidCredentialsEncoding }
        if user.isEmpty { throw .missingUser }
        if password.isEmpty { throw .missingPassword }
        // AUTH PLAIN separates the parts with NUL; control characters have no place in either.
        guard !user.unicodeScalars.contains(where: Self.isControl), !password.unicodeScalars.contains(where: Self.isControl) else {
            throw .invalidCredentialsEncoding
        }
        return Credentials(user: user, password: MailSecret(password))
    }

    private static func hostAndPort(_ text: Substring) throws(MailSettingsError) -> (String, Int?) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            // An IPv6 literal: [::1]:2525
            guard let close = text.firstIndex(of: "]") else { throw .invalidHost }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidHost }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { throw .invalidHost }
        } else {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
            if host.isEmpty { throw .missingHost }
            guard isHostName(host) else { throw .invalidHost }
        }
        guard let portText else { return (host.lowercased(), nil) }
        guard portText.count <= 5, portText.allSatisfy(\.isASCII), let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidPort
        }
        return (host.lowercased(), port)
    }

    /// `a=b&c=d`, keys case-insensitive; values percent-decoded ("+" stays "+": it is common in
    /// addresses). Empty pieces (`?&from=…`) are skipped.
    ///
    /// A name that is not plain letters, or a second "?", means the query did not start where
    /// the operator meant: most likely a "?" left unencoded in the password. Then nothing of
    /// it is echoed, since what looks like an option may be a piece of the password.
    private static func options(_ query: Substring) throws(MailSettingsError) -> [String: String] {
        let known: Set<String> = ["from", "timeout", "helo", "starttls", "tlsverify", "tlsca", "allowplainauth"]
        let pieces = query.split(separator: "&")
        let names = pieces.map { $0.prefix { $0 != "=" } }
        guard !query.contains("?"), names.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isLetter } }) else { throw .malformedQuery }
        var options: [String: String] = [:]
        for piece in pieces {
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]).lowercased()
            guard known.contains(name) else { throw .unknownOption(String(pair[0])) }
            guard options[name] == nil else { throw .duplicateOption(String(pair[0])) }
            guard pair.count == 2, let value = String(pair[1]).removingPercentEncoding, !value.isEmpty else {
                throw .invalidOption(name: String(pair[0]), value: pair.count == 2 ? String(pair[1]) : "")
            }
            options[name] = value
        }
        return options
    }

    /// Letters, digits, hyphens and dots, as a host name must be; or an IPv4 address.
    private static func isHostName(_ text: Substring) -> Bool {
        guard text.utf8.count <= 253 else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// A host name, or an address literal such as `[192.0.2.1]` (RFC 5321 §4.1.3).
    private static func isHeloName(_ text: String) -> Bool {
        if text.hasPrefix("["), text.hasSuffix("]"), text.count > 2 {
            return text.dropFirst().dropLast().allSatisfy { $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }
        }
        return isHostName(Substring(text))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(0x7F)))
        allowed.insert(charactersIn: "-._~+")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// A secret from the settings. Prints as `***` in every form (`description`, `dump`, string
/// interpolation, a debugger's mirror), so a settings value that reaches a log by accident
/// carries no password; the value itself is read only where it is sent.
public struct MailSecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// Why `PRAKAT_SMTP_URL` could not be used. Messages are Thai, for the operator, and never
/// repeat the password or any part of the credentials.
public enum MailSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case unsupportedScheme
    case unexpectedPath
    case missingHost
    case invalidHost
    /// Not echoed: with a "?" left unencoded in the password, what looks like the port is a
    /// piece of the password.
    case invalidPort
    case missingUser
    case missingPassword
    case invalidCredentialsEncoding
    /// Option names that are not plain letters, or a second "?" (nothing is echoed).
    case malformedQuery
    case unknownOption(String)
    case duplicateOption(String)
    case invalidOption(name: String, value: String)
    case missingFrom
    case invalidFrom(EmailAddressError)
    case credentialsWithoutTLS

    public var thaiMessage: String {
        switch self {
        case .empty:
            "ยังไม่ได้ตั้งค่าเซิร์ฟเวอร์อีเมล (PRAKAT_SMTP_URL)"
        case .unsupportedScheme:
            "PRAKAT_SMTP_URL ต้องขึ้นต้นด้วย smtp:// หรือ smtps:// เช่น smtp://mail.example.go.th?from=noreply@example.go.th"
        case .unexpectedPath:
            "PRAKAT_SMTP_URL ต้องมีเพียงชื่อเซิร์ฟเวอร์และพอร์ต ไม่มีเส้นทาง (/…) ต่อท้าย ตัวเลือกอื่นให้ใส่หลังเครื่องหมาย ?"
        case .missingHost:
            "PRAKAT_SMTP_URL ไม่มีชื่อเซิร์ฟเวอร์อีเมล"
        case .invalidHost:
            "ชื่อเซิร์ฟเวอร์อีเมลใน PRAKAT_SMTP_URL ไม่ถูกต้อง (ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข จุด และขีด หรือ IPv6 ในวงเล็บ [ ])"
        case .invalidPort:
            "พอร์ตใน PRAKAT_SMTP_URL ไม่ถูกต้อง (ต้องเป็นตัวเลข 1–65535 หลังชื่อเซิร์ฟเวอร์และเครื่องหมาย :)"
        case .missingUser:
            "PRAKAT_SMTP_URL มีรหัสผ่านแต่ไม่มีชื่อผู้ใช้ (รูปแบบ smtp://ชื่อผู้ใช้:รหัสผ่าน@เซิร์ฟเวอร์)"
        case .missingPassword:
            "PRAKAT_SMTP_URL มีชื่อผู้ใช้แต่ไม่มีรหัสผ่าน (รูปแบบ smtp://ชื่อผู้ใช้:รหัสผ่าน@เซิร์ฟเวอร์)"
        case .invalidCredentialsEncoding:
            "ชื่อผู้ใช้หรือรหัสผ่านใน PRAKAT_SMTP_URL เข้ารหัสไม่ถูกต้อง: อักขระพิเศษต้องเขียนแบบ %XX เช่น @ เป็น %40 และ : เป็น %3A"
        case .malformedQuery:
            "PRAKAT_SMTP_URL อ่านไม่ได้: ตัวเลือกหลังเครื่องหมาย ? ต้องอยู่ในรูป ชื่อ=ค่า คั่นด้วย & "
                + "และถ้าชื่อผู้ใช้หรือรหัสผ่านมีอักขระ ? / # @ : ต้องเขียนแบบ %XX (เช่น ? เป็น %3F)"
        case .unknownOption(let name):
            "PRAKAT_SMTP_URL มีตัวเลือกที่ระบบไม่รู้จัก: “\(Self.shown(name))” (ใช้ได้: from, timeout, helo, starttls, tlsVerify, tlsCA, allowPlainAuth)"
        case .duplicateOption(let name):
            "PRAKAT_SMTP_URL ระบุตัวเลือก “\(Self.shown(name))” ซ้ำกัน"
        case .invalidOption(let name, let value):
            "ค่าของตัวเลือก \(Self.shown(name)) ใน PRAKAT_SMTP_URL ไม่ถูกต้อง: “\(Self.shown(value))”" + Self.hint(name)
        case .missingFrom:
            "ยังไม่ได้ระบุอีเมลผู้ส่ง: ใส่ ?from=อีเมล ใน PRAKAT_SMTP_URL หรือตั้งค่า PRAKAT_SMTP_FROM"
        case .invalidFrom(let error):
            "อีเมลผู้ส่งในการตั้งค่าเซิร์ฟเวอร์อีเมล: " + error.thaiDetail
        case .credentialsWithoutTLS:
            "PRAKAT_SMTP_URL ตั้งชื่อผู้ใช้และรหัสผ่านไว้ แต่ปิดการเข้ารหัส (starttls=never) รหัสผ่านจะถูกส่งแบบไม่เข้ารหัส: "
                + "ใช้ starttls=required หรือ smtps:// หรือถ้าจำเป็นจริง ๆ ให้เพิ่ม allowPlainAuth=true"
        }
    }

    public var description: String { thaiMessage }

    private static func hint(_ name: String) -> String {
        switch name.lowercased() {
        case "starttls": " (ใช้ได้: auto, required, never และใช้ได้กับ smtp:// เท่านั้น)"
        case "tlsverify": " (ใช้ได้: full หรือ none)"
        case "tlsca": " (ต้องเป็นเส้นทางเต็มของไฟล์ใบรับรอง PEM เช่น /etc/prakat/ca.pem)"
        case "allowplainauth": " (ใช้ได้: true หรือ false)"
        case "timeout": " (เป็นวินาที 1–300)"
        case "helo": " (ต้องเป็นชื่อโดเมน เช่น mail.example.go.th)"
        default: ""
        }
    }

    /// Text from the setting, made printable and short before it is shown.
    private static func shown(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "?" : $0 }))
        return cleaned.count > 60 ? String(cleaned.prefix(60)) + "…" : cleaned
    }
}

extension MailSettings {
    /// The one setting that configures mail: `smtp://…` or `smtps://…` (docs/operations.md, "Mail").
    public static let environmentVariable = "PRAKAT_SMTP_URL"
    /// The sender when the URL has no `from=` (an address with `+` or `%` reads better here).
    public static let senderEnvironmentVariable = "PRAKAT_SMTP_FROM"
}
