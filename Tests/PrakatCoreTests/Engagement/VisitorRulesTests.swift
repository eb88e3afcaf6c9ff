import Foundation
import Testing

@testable import PrakatCore

@Suite("VisitorRules")
struct VisitorRulesTests {
    static let browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

    private func facts(
        method: String = "GET", path: String = "/c/news", status: Int = 200, type: String? = "text/html; charset=utf-8", signedIn: Bool = false,
        publicRoute: Bool = true, agent: String? = browser
    ) -> VisitorRequestFacts {
        VisitorRequestFacts(method: method, path: path, status: status, contentType: type, signedIn: signedIn, publicRoute: publicRoute, userAgent: agent)
    }

    @Test(arguments: [
        "Googlebot/2.1 (+http://www.google.com/bot.html)", "Mozilla/5.0 (compatible; bingbot/2.0)", "Baiduspider", "Yahoo! Slurp", "curl/8.5.0",
        "Wget/1.21", "python-requests/2.31", "Mozilla/5.0 HeadlessChrome/120.0", "facebookexternalhit/1.1", "Go-http-client/1.1", "", "   "
    ])
    func crawlersAreRecognised(agent: String) {
        #expect(VisitorRules.isCrawler(userAgent: agent))
        #expect(!VisitorRules.counts(facts(agent: agent)))
    }

    @Test func missingUserAgentIsAProgram() {
        #expect(VisitorRules.isCrawler(userAgent: nil))
    }

    @Test(arguments: [
        browser, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    ])
    func browsersAreNotCrawlers(agent: String) {
        #expect(!VisitorRules.isCrawler(userAgent: agent))
    }

    @Test func publicPageViewCounts() {
        for path in ["/", "/c/news", "/p/12", "/search", "/stats", "/ita/2569"] {
            #expect(VisitorRules.counts(facts(path: path)), "\(path)")
        }
    }

    @Test func whatDoesNotCount() {
        #expect(!VisitorRules.counts(facts(method: "HEAD")))
        #expect(!VisitorRules.counts(facts(method: "POST")))
        #expect(!VisitorRules.counts(facts(status: 404)))
        #expect(!VisitorRules.counts(facts(status: 304)))
        #expect(!VisitorRules.counts(facts(status: 303)))
        #expect(!VisitorRules.counts(facts(signedIn: true)))
        #expect(!VisitorRules.counts(facts(publicRoute: false)))
        #expect(!VisitorRules.counts(facts(type: "application/json")))
        #expect(!VisitorRules.counts(facts(type: nil)))
        for path in [
            "/api/v1/publications", "/staff", "/staff/home", "/admin/users", "/login", "/healthz", "/readyz", "/sitemap.xml", "/robots.txt",
            "/feed.rss", "/feed.atom", "/c/news/feed.rss", "/css/prakat.css", "/favicon.svg", "/p/7/files/3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "/home/images/abc", "/report.pdf", "/data.csv"
        ] {
            #expect(!VisitorRules.counts(facts(path: path)), "\(path)")
        }
    }

    @Test func itemNumbers() {
        #expect(VisitorRules.itemNumber(path: "/p/12") == 12)
        #expect(VisitorRules.itemNumber(path: "/p/2147483647") == 2_147_483_647)
        for path in ["/p/0", "/p/-1", "/p/012", "/p/12/files/x", "/p/", "/p/abc", "/c/12", "/p/99999999999", "p/12"] {
            #expect(VisitorRules.itemNumber(path: path) == nil, "\(path)")
        }
    }

    @Test func hashDependsOnSaltAddressAndAgent() {
        let salt = VisitorHash.makeSalt()
        let other = VisitorHash.makeSalt()
        #expect(salt.count == 32)
        #expect(salt != other)
        let a = VisitorHash.hash(salt: salt, address: "203.0.113.7", userAgent: Self.browser)
        #expect(a == VisitorHash.hash(salt: salt, address: "203.0.113.7", userAgent: Self.browser))
        #expect(a.count == 32)
        #expect(a.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        #expect(a != VisitorHash.hash(salt: other, address: "203.0.113.7", userAgent: Self.browser))
        #expect(a != VisitorHash.hash(salt: salt, address: "203.0.113.8", userAgent: Self.browser))
        #expect(a != VisitorHash.hash(salt: salt, address: "203.0.113.7", userAgent: "Firefox"))
        // The address and agent are separated, so "1.2.3.4" + "5x" differs from "1.2.3.45" + "x".
        #expect(VisitorHash.hash(salt: salt, address: "1.2.3.4", userAgent: "5x") != VisitorHash.hash(salt: salt, address: "1.2.3.45", userAgent: "x"))
        #expect(!a.contains("203"))
    }

    @Test func monthsOfAFiscalYearStartInOctober() {
        let months = VisitorCalendar.months(of: FiscalYear(beYear: 2570))
        #expect(months.count == 12)
        #expect(months.first?.key == "2026-10")
        #expect(months.last?.key == "2027-09")
        #expect(months.map(\.first.day).allSatisfy { $0 == 1 })
        #expect(VisitorCalendar.monthKey(CalendarDate(iso: "2026-02-28")!) == "2026-02")
        #expect(VisitorCalendar.nextMonth(CalendarDate(iso: "2026-12-31")!).iso == "2027-01-01")
    }

    @Test func bangkokDayBoundary() {
        // 16:59:59Z is 23:59:59 in Bangkok; 17:00Z is the next Thai day (and on 30 Sep, the next fiscal year).
        let before = Date(timeIntervalSince1970: 1_790_787_599)  // 2026-09-30T16:59:59Z
        let after = before.addingTimeInterval(1)
        #expect(CalendarDate.bangkok(containing: before).iso == "2026-09-30")
        #expect(CalendarDate.bangkok(containing: after).iso == "2026-10-01")
        #expect(FiscalYear.containing(before).beYear == 2569)
        #expect(FiscalYear.containing(after).beYear == 2570)
    }

    @Test func fiscalYearQuery() {
        #expect(VisitorCalendar.fiscalYear(query: nil) == .none)
        #expect(VisitorCalendar.fiscalYear(query: "") == .none)
        #expect(VisitorCalendar.fiscalYear(query: "2570") == .year(FiscalYear(beYear: 2570)))
        for text in ["2399", "2701", "99999999999999999999", "-2569", "2569.0", " 2569", "๒๕๖๙", "abcd", "2e3"] {
            #expect(VisitorCalendar.fiscalYear(query: text) == .invalid, "\(text)")
        }
    }

    @Test func grouping() {
        #expect(VisitorFigures.grouped(0) == "0")
        #expect(VisitorFigures.grouped(999) == "999")
        #expect(VisitorFigures.grouped(1_000) == "1,000")
        #expect(VisitorFigures.grouped(52_309) == "52,309")
        #expect(VisitorFigures.grouped(1_234_567) == "1,234,567")
    }

    @Test func chartHasTwoBarsAMonthAndALegend() {
        let months = (1...12).map { VisitorCharts.MonthValue(month: ($0 + 8) % 12 + 1, pageViews: $0 * 10, visitors: $0) }
        let chart = VisitorCharts.monthly(months, fiscalYear: FiscalYear(beYear: 2569))
        #expect(chart.rects.count == 26)
        #expect(chart.rects.allSatisfy { $0.height >= 0 && $0.y >= 0 })
        #expect(chart.title.contains("2569"))
        #expect(chart.svg.contains("ต.ค."))
        let empty = VisitorCharts.monthly([], fiscalYear: FiscalYear(beYear: 2569))
        #expect(empty.rects.count == 2)
    }
}
