import Foundation
import Testing

/// Every hostile input the attack suite throws at Prakat, in one place, so a new trick is added
/// once and reaches every field, parameter and route the suite drives.
enum AttackCorpus {
    // MARK: Cross-site scripting

    /// Markup and script in every disguise a filter might miss. Each must come back as text.
    static let xss: [String] = [
        "<script>alert(1)</script>",
        "<ScRiPt src=//evil.example/x.js></sCrIpT>",
        "<script>alert(1)//",
        #""><img src=x onerror=alert(1)>"#,
        #"'><svg onload=alert(1)>"#,
        "<svg/onload=alert(1)>",
        #"<svg><script>alert(1)</script></svg>"#,
        #"<body onload="alert(1)">"#,
        #"<a href="javascript:alert(1)">คลิก</a>"#,
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "java\tscript:alert(1)",
        #"<a href="jav&#x09;ascript:alert(1)">x</a>"#,
        "[ลิงก์](javascript:alert(1))",
        "![ภาพ](javascript:alert(1))",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
        "\u{FF1C}script\u{FF1E}alert(1)\u{FF1C}/script\u{FF1E}",
        #"" onmouseover="alert(1)" x=""#,
        #"' onfocus='alert(1)' autofocus '"#,
        "\"\u{0301}><img src=x onerror=alert(1)>",
        "ก\u{0E34}\u{0E48}\"><img src=x onerror=alert(1)>",
        "</textarea><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "</style><script>alert(1)</script>",
        "<!--<script>alert(1)//-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<iframe src=javascript:alert(1)></iframe>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "#(x) #raw(x) #unsafeHTML(\"<b>\") #extend(\"Site/layout\")",
        "{{7*7}} ${7*7} <%= 7*7 %>"
    ]

    /// The substring that must never survive unescaped for each payload family.
    static let rawMarkers = ["<script", "<svg", "<img", "<iframe", "<body", "<math", "<a href=\"javascript"]

    // MARK: SQL injection

    static let sql: [String] = [
        "' OR '1'='1",
        "' OR 1=1 --",
        "\" OR \"\"=\"",
        "1; DROP TABLE users; --",
        "1); DROP TABLE publications; --",
        "' UNION SELECT username, password_hash FROM users --",
        "1 UNION SELECT NULL,NULL,NULL--",
        "'; SELECT pg_sleep(5); --",
        "1' AND (SELECT 1 FROM sqlite_master)='1",
        "\\",
        "\\'; --",
        "%27%20OR%201%3D1",
        "ชลบุรี' OR 'ก'='ก",
        "\u{0}",
        "a\u{0}' OR 1=1 --",
        "-1",
        "0",
        "99999999999999999999999999",
        "1e309",
        "NaN",
        String(repeating: "A' OR ", count: 2_000)
    ]

    /// Indices into `sql` used where the whole list would only repeat work: quote, stacked query,
    /// UNION, NUL, very long.
    static let sqlShortList: Set<Int> = [0, 3, 5, 13, 20]

    // MARK: Path traversal

    /// Identifiers and file names that try to leave their directory.
    static let traversal: [String] = [
        "../../../../etc/passwd",
        "..%2f..%2f..%2f..%2fetc%2fpasswd",
        "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "%252e%252e%252fetc%252fpasswd",
        "..%5c..%5c..%5cPackage.swift",
        "..\\..\\..\\Package.swift",
        "/etc/passwd",
        "%2fetc%2fpasswd",
        "....//....//etc/passwd",
        "..;/..;/etc/passwd",
        "passwd%00.pdf",
        "..%00/etc/passwd",
        "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "..%252f..%252fPackage.swift"
    ]

    /// Indices into `traversal` used where the whole list would only repeat work.
    static let traversalShortList: Set<Int> = [0, 1, 5, 10]

    /// Text that only a file outside `Resources/Public` would contain.
    static let outsideMarkers = ["root:x:0:0", "swift-tools-version", "SQLite format 3", "import Vapor", "PRAKAT_"]

    /// Upload file names that try to write outside the blob store or smuggle a path.
    static let hostileFileNames: [String] = [
        "../../../../tmp/prakat-escape.pdf",
        "..\\..\\..\\prakat-escape.pdf",
        "/etc/prakat-escape.pdf",
        "C:\\Windows\\prakat-escape.pdf",
        "a\u{0}.pdf",
        "....//....//prakat-escape.pdf",
        "%2e%2e%2fprakat-escape.pdf",
        "<img src=x onerror=alert(1)>.pdf",
        String(repeating: "ก", count: 400) + ".pdf"
    ]
}

/// Counts attack cases per kind so the suite can say how many it ran (the closing note quotes
/// the `attack cases:` lines of the test log).
final class AttackTally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    let kind: String

    init(_ kind: String) { self.kind = kind }

    func add(_ n: Int = 1, _ detail: String = "") {
        lock.lock(); defer { lock.unlock() }
        counts[detail, default: 0] += n
    }

    var total: Int { lock.lock(); defer { lock.unlock() }; return counts.values.reduce(0, +) }

    /// One line per test, e.g. `attack cases: csrf = 212 (route × variant)`, and a check that
    /// the loops really ran: `minimum` is what the test's own structure promises (issue 15 §4:
    /// the counts were printed but never asserted, so an empty loop passed).
    func report(_ note: String = "", atLeast minimum: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        print("attack cases: \(kind) = \(total)\(note.isEmpty ? "" : " (\(note))")")
        #expect(minimum > 0, "a test of attack cases must promise at least one", sourceLocation: sourceLocation)
        #expect(total >= minimum, "attack cases: \(kind) = \(total), expected at least \(minimum)", sourceLocation: sourceLocation)
    }
}
