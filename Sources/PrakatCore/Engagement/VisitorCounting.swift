import Crypto
import Foundation

/// What the server knows about a finished request when it decides whether it was a visit to the
/// public site (seed 1 §1.10, issue 12 point 6).
public struct VisitorRequestFacts: Sendable, Hashable {
    public var method: String
    /// The path without the query, as the browser asked for it.
    public var path: String
    public var status: Int
    public var contentType: String?
    public var signedIn: Bool
    /// The route lets everyone in (a public page, not a staff page behind a role).
    public var publicRoute: Bool
    public var userAgent: String?

    public init(method: String, path: String, status: Int, contentType: String?, signedIn: Bool, publicRoute: Bool, userAgent: String?) {
        self.method = method
        self.path = path
        self.status = status
        self.contentType = contentType
        self.signedIn = signedIn
        self.publicRoute = publicRoute
        self.userAgent = userAgent
    }
}

/// The rules of what counts as a page view. Pure, so the server and the tests use the same ones.
public enum VisitorRules {
    /// Markers in a user agent that give a program away (compared lowercase). A browser that
    /// lies is counted like a person; the list only has to catch the honest robots.
    public static let crawlerMarkers: [String] = [
        "bot", "crawl", "spider", "slurp", "curl", "wget", "python-requests", "python-urllib", "httpx", "aiohttp", "go-http-client",
        "java/", "okhttp", "libwww", "lwp::", "headless", "phantomjs", "puppeteer", "playwright", "selenium", "lighthouse",
        "pagespeed", "facebookexternalhit", "embedly", "preview", "feedfetcher", "feedparser", "monitor", "uptime", "pingdom",
        "nagios", "zabbix", "check_http", "scanner", "nmap", "nikto", "sqlmap", "masscan", "zgrab", "axios", "node-fetch",
        "httpclient", "apache-httpclient", "archive.org", "ia_archiver", "schemathesis", "postman", "insomnia"
    ]

    /// True for a user agent that names a program rather than a person's browser; a request
    /// without one is a program too.
    public static func isCrawler(userAgent: String?) -> Bool {
        guard let agent = userAgent?.trimmingCharacters(in: .whitespaces), !agent.isEmpty else { return true }
        let lower = agent.lowercased()
        return crawlerMarkers.contains { lower.contains($0) }
    }

    /// Paths that are never pages people read, whatever they answer.
    public static let excludedPrefixes: [String] = [
        "/api/", "/staff", "/admin", "/login", "/logout", "/account", "/setup", "/healthz", "/readyz", "/metrics", "/sitemap", "/robots.txt",
        "/feed", "/css/", "/js/", "/fonts/", "/images/", "/home/images/", "/favicon"
    ]

    /// Endings of feeds, files and pictures.
    public static let excludedSuffixes: [String] = [
        ".xml", ".rss", ".atom", ".json", ".txt", ".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".pdf", ".csv"
    ]

    /// A successful GET of an HTML page of the public site by someone not signed in, from a
    /// browser; nothing else (HEAD, errors, redirects, the API, files, feeds, health checks, staff
    /// pages, signed-in people, robots).
    public static func counts(_ facts: VisitorRequestFacts) -> Bool {
        countsPage(facts) && !isCrawler(userAgent: facts.userAgent)
    }

    /// Everything `counts` decides but the user agent: a cached page decides it once for all
    /// of its visitors.
    public static func countsPage(_ facts: VisitorRequestFacts) -> Bool {
        guard facts.method == "GET", (200...299).contains(facts.status), facts.publicRoute, !facts.signedIn else { return false }
        guard let type = facts.contentType?.lowercased(), type.hasPrefix("text/html") else { return false }
        let path = facts.path.lowercased()
        guard path.hasPrefix("/") else { return false }
        if path.contains("/feed.") || path.contains("/files/") { return false }
        return !excludedPrefixes.contains(where: { path.hasPrefix($0) }) && !excludedSuffixes.contains(where: { path.hasSuffix($0) })
    }

    /// The public number of the item an item page shows (`/p/123`), for the most-read list.
    public static func itemNumber(path: String) -> Int? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, parts[1] == "p", parts[2].utf8.count <= 10, let number = Int(parts[2]), number > 0,
            number <= Int(Int32.max), String(number) == parts[2]
        else { return nil }
        return number
    }
}

/// The daily secret that makes visitor hashes: random, one per Bangkok day, shared by every
/// instance through the database and deleted with that day's hashes once the day is over.
public enum VisitorHash {
    public static let saltBytes = 32
    /// User agents longer than this are cut before hashing (they still count as themselves).
    public static let userAgentLimit = 512

    public static func makeSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<saltBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The visitor's mark for the day: SHA-256 over the salt, the address and the user agent,
    /// first 16 bytes in hex. Without the day's salt it cannot be tied back to an address.
    public static func hash(salt: [UInt8], address: String, userAgent: String?) -> String {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Array(address.utf8))
        hasher.update(data: [0])
        hasher.update(data: Array((userAgent ?? "").utf8.prefix(userAgentLimit)))
        return hasher.finalize().prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// How the statistics are bucketed: Bangkok days (`2026-02-09`), months (`2026-02`) and fiscal years.
public enum VisitorCalendar {
    /// `2026-02` for any day of February 2026.
    public static func monthKey(_ day: CalendarDate) -> String {
        let month = day.month < 10 ? "0\(day.month)" : "\(day.month)"
        return "\(day.year)-\(month)"
    }

    /// The twelve months of a fiscal year in order, October first, as month keys and their first days.
    public static func months(of year: FiscalYear) -> [(key: String, first: CalendarDate)] {
        var result: [(key: String, first: CalendarDate)] = []
        var day = year.firstDay
        for _ in 0..<12 {
            result.append((monthKey(day), day))
            day = day.lastDayOfMonth.adding(days: 1)
        }
        return result
    }

    /// The first day of the month after `day`'s, exclusive upper bound of a month.
    public static func nextMonth(_ day: CalendarDate) -> CalendarDate { day.lastDayOfMonth.adding(days: 1) }
}

/// The footer's figures: unique visitors (each counted once a day) today, this month, this fiscal
/// year and since the site started counting, and today's page views.
public struct VisitorFigures: Sendable, Hashable, Codable {
    public var today: Int
    public var month: Int
    public var fiscalYear: Int
    public var total: Int
    public var pageViewsToday: Int

    public init(today: Int = 0, month: Int = 0, fiscalYear: Int = 0, total: Int = 0, pageViewsToday: Int = 0) {
        self.today = today
        self.month = month
        self.fiscalYear = fiscalYear
        self.total = total
        self.pageViewsToday = pageViewsToday
    }

    public static let zero = VisitorFigures()
}

extension VisitorFigures {
    /// `12,345`: whole numbers with a comma every three digits, as Thai pages print counts.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }
}

extension VisitorCalendar {
    /// A fiscal year typed in a query (`?fiscalYear=2569`): nil when none was given, `.invalid`
    /// for anything but 1–4 digits naming a year in `FiscalYear.inputBEYears`.
    public enum FiscalYearQuery: Sendable, Hashable {
        case none
        case year(FiscalYear)
        case invalid
    }

    public static func fiscalYear(query text: String?) -> FiscalYearQuery {
        guard let text, !text.isEmpty else { return .none }
        guard text.utf8.count <= 4, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text), FiscalYear.inputBEYears.contains(value),
            let year = FiscalYear(validatingBEYear: value)
        else { return .invalid }
        return .year(year)
    }
}
