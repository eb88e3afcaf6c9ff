import Foundation
import PrakatCore

/// Everything an operator can set, read once at start into one typed value (README "Configuration").
public struct PrakatConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Where the SQLite file, traffic logs and theme overrides live.
    public var dataDirectory: String
    /// `postgres://…` selects PostgreSQL; nil means the embedded SQLite file.
    public var databaseURL: String?
    /// PostgreSQL only: a role that owns the tables, used for migrations (and the grants to the
    /// role of `databaseURL`, which then may only insert and read audit entries). Nil: one role.
    public var migrationDatabaseURL: String? = nil
    /// PostgreSQL schema to use (default: the server's search path). Tests use one per test.
    public var databaseSchema: String?
    /// The address people use to reach the site; absolute links (feeds, API `url`) are built from it.
    public var publicBaseURL: String
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// Addresses whose X-Forwarded-For is believed (reverse proxies).
    public var trustedProxies: [IPAddressRange]
    /// seed 1 §2.7: 4 MB per attachment unless the agency says otherwise.
    public var maxUploadBytes: Int
    /// Computer Crime Act: traffic data kept at least 90 days.
    public var logRetentionDays: Int
    public var bcryptCost: Int
    /// Templates (`Views/`) and static files (`Public/`) shipped with Prakat.
    public var resourcesDirectory: String
    /// Demo agency and accounts on first start (off for production installs that start empty).
    public var seedDemoOnFirstStart: Bool
    /// seed 1 §2.8: an urgent item published before approval must be approved within this many hours.
    public var urgentApprovalHours: Int = 72
    /// The title must fit two printed lines of the A4 form: the grapheme limit.
    public var titleMaxGraphemes: Int = 160
    /// Where `chromium` is, for PDFs of the printed forms; nil when it is not installed.
    public var chromiumPath: String? = PrakatConfiguration.findChromium()
    /// Headless browsers at once for PDFs (`PRAKAT_PDF_CONCURRENCY`), and how many more PDF
    /// requests may wait for one (`PRAKAT_PDF_QUEUE`); beyond that: 503 with Retry-After.
    public var pdfConcurrency: Int = 2
    /// Chromium's own sandbox (`PRAKAT_CHROMIUM_SANDBOX`: `auto` = on unless running as root,
    /// where chromium cannot use it; `on`; `off`). docs/security.md "PDFs and the browser".
    public var chromiumSandbox: Bool = getuid() != 0
    public var pdfQueue: Int = 8
    /// A browser session ends after this many minutes without a request.
    public var sessionIdleMinutes: Int = 30
    /// Where `qrencode` is (Debian package `qrencode`): QR codes for two-factor enrolment and
    /// questionnaire links; nil when not installed.
    public var qrencodePath: String? = PrakatConfiguration.findQrencode()
    /// The program that makes the smaller copies of photos (`PRAKAT_THUMBNAILER`: a path to
    /// `vipsthumbnail` or ImageMagick's `convert`, or `none`); nil: originals are served, with
    /// their width and height.
    public var thumbnailerPath: String? = PrakatConfiguration.findThumbnailer()
    /// Requests per minute per client address (for the site on PostgreSQL, per instance on SQLite).
    public var rateLimits = RateLimitSettings()
    /// The key two-factor secrets are sealed with (`PRAKAT_2FA_KEY`); nil: `<data>/2fa.key`.
    public var twoFactorKey: SecretKey? = nil
    /// An earlier key still accepted for opening while secrets are re-sealed (`PRAKAT_2FA_KEY_PREVIOUS`).
    public var twoFactorPreviousKey: SecretKey? = nil
    /// `PRAKAT_SMTP_URL` (`smtp://…` or `smtps://…`): where notification mail goes; nil: no mail,
    /// notifications are listed on `/staff` only.
    public var mailSettings: MailSettings? = nil
    /// Memory for rendered public pages (`PRAKAT_PAGE_CACHE_MB`, default 32): the oldest pages
    /// go first when it is full.
    public var pageCacheBytes: Int = 32 << 20
    /// Cached pages answered by Prakat's own listening server ahead of Vapor's
    /// (`PRAKAT_FRONT_SERVER`, on by default; `0`: Vapor's server listens itself). Never with
    /// Prakat's own TLS.
    public var frontServer: Bool = true
    /// Who may read `GET /metrics`: these addresses (`PRAKAT_METRICS_ALLOW`, loopback by
    /// default), and anyone sending `Authorization: Bearer` with `PRAKAT_METRICS_TOKEN`.
    public var metricsAllow: [IPAddressRange] = PrakatConfiguration.loopback
    public var metricsToken: String? = nil

    public static let minimumLogRetentionDays = 90
    public static let loopback = ["127.0.0.0/8", "::1"].compactMap(IPAddressRange.init)
    /// A token shorter than this is refused: it would be guessable.
    public static let minimumMetricsTokenLength = 16

    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("prakat.sqlite") }
    public var trafficLogDirectory: String { (dataDirectory as NSString).appendingPathComponent("traffic") }
    public var themeDirectory: String { (dataDirectory as NSString).appendingPathComponent("theme") }
    public var usesTLS: Bool { tlsCertificatePath != nil }
    /// Cookies get `Secure` whenever people reach us over HTTPS, directly or through a proxy.
    public var servedOverHTTPS: Bool { usesTLS || publicBaseURL.lowercased().hasPrefix("https://") }
    /// Uploads plus form fields and multipart overhead.
    public var maxBodyBytes: Int { maxUploadBytes + 1_048_576 }

    public struct Problem: Error, CustomStringConvertible {
        public var variable: String
        public var message: String
        public var description: String { "\(variable): \(message)" }
    }

    /// `isProduction`: `prakat serve --env production` never creates demo accounts unless
    /// PRAKAT_DEMO=1 says so.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        isProduction: Bool = false,
        arguments: [String] = []
    ) throws -> PrakatConfiguration {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = value(name) else { return fallback }
            guard let number = Int(raw), range.contains(number) else {
                throw Problem(variable: name, message: "ต้องเป็นจำนวนเต็มระหว่าง \(range.lowerBound) ถึง \(range.upperBound) (must be an integer in \(range)), got '\(raw)'")
            }
            return number
        }
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
        }

        // `serve --port 9000` moves the server: the public address (when not set) follows it.
        let serveAddress = ServeAddress(arguments: arguments)
        let host = serveAddress.host ?? value("PRAKAT_HOST") ?? "127.0.0.1"
        let port = try serveAddress.port ?? integer("PRAKAT_PORT", default: 8080, range: 1...65535)
        let retention = try integer("PRAKAT_LOG_RETENTION_DAYS", default: 90, range: 1...36500)
        guard retention >= minimumLogRetentionDays else {
            throw Problem(
                variable: "PRAKAT_LOG_RETENTION_DAYS",
                message: "ต้องไม่น้อยกว่า 90 วันตาม พ.ร.บ.ว่าด้วยการกระทำความผิดเกี่ยวกับคอมพิวเตอร์ (the Computer Crime Act requires at least 90 days), got \(retention)")
        }
        let databaseURL = value("DATABASE_URL")
        if let databaseURL, !(databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://")) {
            throw Problem(variable: "DATABASE_URL", message: "รองรับเฉพาะ postgres://… (only postgres:// URLs are supported; leave it unset for SQLite)")
        }
        let migrationURL = value("PRAKAT_MIGRATION_DATABASE_URL")
        if let migrationURL {
            guard databaseURL != nil, migrationURL.hasPrefix("postgres://") || migrationURL.hasPrefix("postgresql://") else {
                throw Problem(
                    variable: "PRAKAT_MIGRATION_DATABASE_URL",
                    message: "ใช้กับ PostgreSQL เท่านั้น ต้องเป็น postgres://… และต้องกำหนด DATABASE_URL ด้วย (postgres:// only, together with DATABASE_URL)")
            }
        }
        let cert = value("PRAKAT_TLS_CERT").map(absolute)
        let key = value("PRAKAT_TLS_KEY").map(absolute)
        if (cert == nil) != (key == nil) {
            throw Problem(variable: "PRAKAT_TLS_CERT/PRAKAT_TLS_KEY", message: "ต้องกำหนดทั้งสองค่าพร้อมกัน (set both or neither)")
        }
        func addresses(_ name: String) throws -> [IPAddressRange]? {
            guard let list = value(name) else { return nil }
            return try list.split(separator: ",").map { item in
                let text = item.trimmingCharacters(in: .whitespaces)
                guard let range = IPAddressRange(text) else {
                    throw Problem(variable: name, message: "ไม่ใช่ที่อยู่ IP หรือ CIDR ที่ถูกต้อง (not an IP address or CIDR): '\(text)'")
                }
                return range
            }
        }
        let proxies = try addresses("PRAKAT_TRUSTED_PROXIES") ?? []
        let metricsToken = value("PRAKAT_METRICS_TOKEN")
        if let metricsToken, metricsToken.count < minimumMetricsTokenLength {
            throw Problem(
                variable: "PRAKAT_METRICS_TOKEN",
                message: "ต้องยาวอย่างน้อย \(minimumMetricsTokenLength) ตัวอักษร (at least \(minimumMetricsTokenLength) characters, e.g. `openssl rand -hex 24`)")
        }
        func secretKey(_ name: String) throws -> SecretKey? {
            guard let raw = value(name) else { return nil }
            guard let key = SecretKey(base64: raw) else {
                throw Problem(variable: name, message: "ต้องเป็นกุญแจขนาด 32 ไบต์ในรูป base64 (must be 32 random bytes in base64, e.g. `openssl rand -base64 32`)")
            }
            return key
        }
        func sandbox() throws -> Bool {
            switch (value("PRAKAT_CHROMIUM_SANDBOX") ?? "auto").lowercased() {
            case "auto": return getuid() != 0
            case "on": return true
            case "off": return false
            case let other: throw Problem(variable: "PRAKAT_CHROMIUM_SANDBOX", message: "ต้องเป็น auto, on หรือ off (must be auto, on or off), got '\(other)'")
            }
        }
        let twoFactorKey = try secretKey("PRAKAT_2FA_KEY")
        let twoFactorPreviousKey = try secretKey("PRAKAT_2FA_KEY_PREVIOUS")
        if twoFactorPreviousKey != nil, twoFactorKey == nil {
            throw Problem(variable: "PRAKAT_2FA_KEY_PREVIOUS", message: "ใช้ได้เมื่อกำหนด PRAKAT_2FA_KEY ด้วยเท่านั้น (only together with PRAKAT_2FA_KEY)")
        }
        let scheme = cert == nil ? "http" : "https"
        var baseURL = value("PRAKAT_PUBLIC_URL") ?? "\(scheme)://\(host == "0.0.0.0" ? "localhost" : host):\(port)"
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        guard let parsed = URL(string: baseURL), let urlScheme = parsed.scheme?.lowercased(), ["http", "https"].contains(urlScheme), parsed.host != nil else {
            throw Problem(variable: "PRAKAT_PUBLIC_URL", message: "ต้องเป็น URL แบบ http:// หรือ https:// (must be an http(s) URL), got '\(baseURL)'")
        }

        var mailSettings: MailSettings?
        if let raw = value(MailSettings.environmentVariable) {
            do {
                mailSettings = try MailSettings(url: raw, from: value(MailSettings.senderEnvironmentVariable))
            } catch {
                throw Problem(variable: MailSettings.environmentVariable, message: error.thaiMessage)
            }
        }
        var configuration = PrakatConfiguration(
            host: host,
            port: port,
            dataDirectory: absolute(value("PRAKAT_DATA_DIR") ?? "data"),
            databaseURL: databaseURL,
            migrationDatabaseURL: migrationURL,
            databaseSchema: value("PRAKAT_DB_SCHEMA"),
            publicBaseURL: baseURL,
            tlsCertificatePath: cert,
            tlsKeyPath: key,
            trustedProxies: proxies,
            maxUploadBytes: try integer("PRAKAT_MAX_UPLOAD_BYTES", default: 4 * 1024 * 1024, range: 1024...(512 * 1024 * 1024)),
            logRetentionDays: retention,
            bcryptCost: try integer("PRAKAT_BCRYPT_COST", default: 12, range: 4...31),
            resourcesDirectory: absolute(value("PRAKAT_RESOURCES_DIR") ?? Self.defaultResourcesDirectory(workingDirectory: workingDirectory)),
            seedDemoOnFirstStart: (value("PRAKAT_DEMO") ?? (isProduction ? "0" : "1")) != "0",
            urgentApprovalHours: try integer("PRAKAT_URGENT_APPROVAL_HOURS", default: 72, range: 1...720),
            titleMaxGraphemes: try integer("PRAKAT_TITLE_MAX_GRAPHEMES", default: 160, range: 20...2000),
            chromiumPath: value("PRAKAT_CHROMIUM").map(absolute) ?? Self.findChromium(),
            pdfConcurrency: try integer("PRAKAT_PDF_CONCURRENCY", default: 2, range: 1...16),
            chromiumSandbox: try sandbox(),
            pdfQueue: try integer("PRAKAT_PDF_QUEUE", default: 8, range: 0...1000),
            sessionIdleMinutes: try integer("PRAKAT_SESSION_IDLE_MINUTES", default: 30, range: 1...1440),
            qrencodePath: value("PRAKAT_QRENCODE").map { $0 == "none" ? nil : absolute($0) } ?? Self.findQrencode(),
            thumbnailerPath: value("PRAKAT_THUMBNAILER").map { $0 == "none" ? nil : absolute($0) } ?? Self.findThumbnailer(),
            rateLimits: RateLimitSettings(
                signIn: try integer("PRAKAT_RATE_LIMIT_SIGNIN", default: 10, range: 1...1_000_000),
                token: try integer("PRAKAT_RATE_LIMIT_TOKEN", default: 10, range: 1...1_000_000),
                publicForms: try integer("PRAKAT_RATE_LIMIT_FORMS", default: 20, range: 1...1_000_000),
                search: try integer("PRAKAT_RATE_LIMIT_SEARCH", default: 60, range: 1...1_000_000)),
            twoFactorKey: twoFactorKey,
            twoFactorPreviousKey: twoFactorPreviousKey
        )
        configuration.mailSettings = mailSettings
        configuration.pageCacheBytes = try integer("PRAKAT_PAGE_CACHE_MB", default: 32, range: 1...4096) << 20
        configuration.frontServer = value("PRAKAT_FRONT_SERVER") != "0"
        configuration.metricsAllow = try addresses("PRAKAT_METRICS_ALLOW") ?? loopback
        configuration.metricsToken = metricsToken
        return configuration
    }

    /// Debian's `chromium` package, or Google's build if that is what is installed.
    static func findChromium() -> String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Debian's `qrencode` package.
    static func findQrencode() -> String? {
        ["/usr/bin/qrencode", "/usr/local/bin/qrencode"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Debian's `libvips-tools`, else Debian's `imagemagick` (only the packages' paths: a
    /// `convert` elsewhere may be something else of that name).
    static func findThumbnailer() -> String? {
        ["/usr/bin/vipsthumbnail", "/usr/bin/convert"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `swift run` and the tests start in the package root; an installed copy sets PRAKAT_RESOURCES_DIR.
    /// Falling back to this source file's package keeps `swift test` working from any directory.
    static func defaultResourcesDirectory(workingDirectory: String) -> String {
        let candidate = (workingDirectory as NSString).appendingPathComponent("Resources")
        if FileManager.default.fileExists(atPath: (candidate as NSString).appendingPathComponent("Views")) { return candidate }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("Resources").path
    }
}

/// Requests per minute per client address for the routes people could hammer.
public struct RateLimitSettings: Sendable, Equatable, Codable {
    public var signIn = 10
    public var token = 10
    public var publicForms = 20
    public var search = 60
}

/// An IPv4 or IPv6 address or CIDR block, for trusted-proxy checks.
public struct IPAddressRange: Sendable, Equatable, CustomStringConvertible {
    let network: [UInt8]
    let prefixLength: Int
    public let description: String

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = IPAddressRange.parseAddress(first) else { return nil }
        let maxBits = bytes.count * 8
        var prefix = maxBits
        if parts.count == 2 {
            guard let bits = Int(parts[1]), (0...maxBits).contains(bits) else { return nil }
            prefix = bits
        }
        network = bytes
        prefixLength = prefix
        description = text
    }

    public func contains(_ address: String) -> Bool {
        guard var bytes = IPAddressRange.parseAddress(address) else { return false }
        // An IPv4 client seen through an IPv6 socket arrives as ::ffff:a.b.c.d.
        if network.count == 4, bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xff : UInt8(0xff << (8 - bits) & 0xff)
            if bytes[index] & mask != network[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    static func parseAddress(_ text: String) -> [UInt8]? {
        var address = text
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        if let zone = address.firstIndex(of: "%") { address = String(address[..<zone]) }
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}

/// The address `prakat serve` was given on its command line (`--hostname`/`-H`, `--port`/`-p`,
/// `--bind`/`-b host:port`), read before the command runs: absolute links are built from the
/// configuration, so without this `serve --port 9000` linked to port 8080.
struct ServeAddress: Equatable {
    var host: String?
    var port: Int?

    init(host: String? = nil, port: Int? = nil) {
        self.host = host
        self.port = port
    }

    /// `arguments`: the program's, its name first. Another command's arguments give nothing.
    init(arguments: [String]) {
        let words = Array(arguments.dropFirst())
        // The command is the first word (ConsoleKit's rule); serve is the default, with none named.
        if let first = words.first, !first.hasPrefix("-"), first != "serve" { return }
        func option(_ names: Set<String>) -> String? {
            var found: String?
            for (index, word) in words.enumerated() {
                if names.contains(word), index + 1 < words.count { found = words[index + 1] }
                for name in names where word.hasPrefix(name + "=") { found = String(word.dropFirst(name.count + 1)) }
            }
            return found
        }
        func validPort(_ text: Substring?) -> Int? { text.flatMap { Int($0) }.flatMap { (1...65535).contains($0) ? $0 : nil } }
        if let bind = option(["--bind", "-b"]), let colon = bind.lastIndex(of: ":") {
            let bindHost = bind[..<colon]
            host = bindHost.isEmpty ? nil : String(bindHost)
            port = validPort(bind[bind.index(after: colon)...])
        }
        if let named = option(["--hostname", "-H"]), !named.isEmpty { host = named }
        if let named = option(["--port", "-p"]) { port = validPort(Substring(named)) ?? port }
    }
}
