import Foundation

/// The rules of the external-link checker: which links are checked, which addresses are never
/// fetched, how requests to one host are spaced, and what a result means.
public enum LinkCheckRules {
    /// At most one request per host in this many seconds.
    public static let hostSpacing: TimeInterval = 1
    /// Each request's deadline.
    public static let timeout: TimeInterval = 10
    /// Redirects followed before giving up.
    public static let maxRedirects = 5
    /// Longer links are not checked (nor stored).
    public static let maxURLLength = 2048
    /// A working link is looked at again after this long; a broken one sooner.
    public static let recheckWorking: TimeInterval = 7 * 86_400
    public static let recheckBroken: TimeInterval = 86_400

    /// An http(s) URL with a host, or nil for anything else (mailto:, relative paths, spaces, …).
    public static func checkable(_ text: String) -> URL? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= maxURLLength, !trimmed.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) else {
            return nil
        }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty, components.user == nil, components.password == nil, let url = components.url
        else { return nil }
        if let port = components.port, !(1...65_535).contains(port) { return nil }
        return url
    }

    /// The host a link is spaced by (lowercased, without a trailing dot).
    public static func hostKey(_ url: URL) -> String {
        var host = (url.host ?? "").lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// http(s) links written in an item's text (Markdown links and bare addresses), in order, once each.
    public static func links(inBody body: String) -> [String] {
        // Most bodies hold no address: a byte scan says so without the (slow, Unicode-aware)
        // search below, which the link checker would otherwise run on every live item.
        guard ByteSearch.contains(body, "http", ignoringASCIICase: true) else { return [] }
        var found: [String] = []
        var seen = Set<String>()
        var rest = body[...]
        while let start = rest.range(of: "http", options: .caseInsensitive) {
            let candidate = rest[start.lowerBound...]
            let end = candidate.firstIndex { $0.isWhitespace || "<>\"'`()[]{}|\\^".contains($0) } ?? candidate.endIndex
            var link = String(candidate[..<end])
            while let last = link.last, ".,;:!?".contains(last) { link.removeLast() }
            rest = candidate[end...]
            let lower = link.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), checkable(link) != nil, seen.insert(link).inserted else { continue }
            found.append(link)
        }
        return found
    }

    /// Addresses a checker must never reach from the server (SSRF): this host, private networks,
    /// link-local and unique-local ranges, and the unspecified and multicast ones. `bytes` is 4
    /// (IPv4) or 16 (IPv6) bytes; anything else is refused.
    public static func isRefusedAddress(_ bytes: [UInt8]) -> Bool {
        switch bytes.count {
        case 4:
            let (a, b) = (bytes[0], bytes[1])
            return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b)) || (a == 192 && b == 168)
                || (a == 100 && (64...127).contains(b)) || a >= 224
        case 16:
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] <= 1 { return true }  // :: and ::1
            // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses are judged as IPv4.
            let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
            if mapped || bytes[0..<12].allSatisfy({ $0 == 0 }) { return isRefusedAddress(Array(bytes[12..<16])) }
            if bytes[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local
            if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link local
            if bytes[0] == 0xFF { return true }  // multicast
            return false
        default:
            return true
        }
    }

    /// Why a link does not work, in words a webmaster acts on.
    public enum Failure: String, CaseIterable, Sendable {
        case timeout
        case hostNotFound = "host_not_found"
        case connectionFailed = "connection_failed"
        case tls
        case tooManyRedirects = "too_many_redirects"
        case badRedirect = "bad_redirect"
        case refusedAddress = "refused_address"
        case invalidURL = "invalid_url"
        case httpStatus = "http_status"

        public var thaiName: String {
            switch self {
            case .timeout: "ไม่ตอบสนองภายในเวลาที่กำหนด"
            case .hostNotFound: "ไม่พบชื่อโดเมน"
            case .connectionFailed: "เชื่อมต่อไม่ได้"
            case .tls: "ใบรับรองความปลอดภัย (HTTPS) ไม่ถูกต้อง"
            case .tooManyRedirects: "เปลี่ยนเส้นทางต่อกันหลายครั้งเกินไป"
            case .badRedirect: "เปลี่ยนเส้นทางไปยังที่อยู่ที่ไม่ถูกต้อง"
            case .refusedAddress: "ชี้ไปยังเครือข่ายภายใน (ไม่ตรวจเพื่อความปลอดภัย)"
            case .invalidURL: "รูปแบบลิงก์ไม่ถูกต้อง"
            case .httpStatus: "เว็บปลายทางตอบกลับว่าผิดพลาด"
            }
        }
    }

    /// What one check found: an HTTP status (working below 400) or a failure.
    public struct Result: Sendable, Equatable {
        public var statusCode: Int?
        public var failure: Failure?

        public init(statusCode: Int?, failure: Failure?) {
            self.statusCode = statusCode
            self.failure = failure
        }

        public static func status(_ code: Int) -> Result { Result(statusCode: code, failure: code >= 400 ? .httpStatus : nil) }
        public static func failed(_ failure: Failure) -> Result { Result(statusCode: nil, failure: failure) }

        public var isWorking: Bool { failure == nil }

        /// The Thai line the desk shows.
        public var thaiDescription: String {
            guard let failure else { return "ใช้งานได้" + (statusCode.map { " (HTTP \($0))" } ?? "") }
            if failure == .httpStatus, let statusCode { return Self.statusText(statusCode) }
            return failure.thaiName
        }

        static func statusText(_ code: Int) -> String {
            switch code {
            case 404, 410: "ไม่พบหน้านี้แล้ว (HTTP \(code))"
            case 401, 403: "ปลายทางไม่อนุญาตให้เข้าถึง (HTTP \(code))"
            case 500...599: "เว็บปลายทางขัดข้อง (HTTP \(code))"
            default: "เว็บปลายทางตอบกลับว่าผิดพลาด (HTTP \(code))"
            }
        }
    }

    /// Whether a HEAD answer should be asked again with GET: many servers refuse or mishandle
    /// HEAD, so any HEAD answer of 400 or more is confirmed with GET before a link counts as broken.
    public static func retriesWithGET(afterHEAD status: Int) -> Bool { status >= 400 }

    /// When a link is checked next.
    public static func nextCheck(after result: Result, at now: Date) -> Date {
        now.addingTimeInterval(result.isWorking ? recheckWorking : recheckBroken)
    }

    /// How long to wait before the next request to a host last asked at `last` (0: go now).
    public static func wait(sinceLastRequest last: Date?, now: Date) -> TimeInterval {
        guard let last else { return 0 }
        return max(0, last.addingTimeInterval(hostSpacing).timeIntervalSince(now))
    }

    /// Due links in an order that visits hosts in turn, so one host's many links do not hold up
    /// the others while they wait their second.
    public static func interleavedByHost<T>(_ items: [T], host: (T) -> String) -> [T] {
        var queues: [String: [T]] = [:]
        var order: [String] = []
        for item in items {
            let key = host(item)
            if queues[key] == nil { order.append(key) }
            queues[key, default: []].append(item)
        }
        var result: [T] = []
        var round = 0
        while result.count < items.count {
            for key in order where round < queues[key, default: []].count { result.append(queues[key, default: []][round]) }
            round += 1
        }
        return result
    }
}
