import Foundation
import Testing

@testable import PrakatCore

@Suite("Compliance: currency, link check and completeness rules")
struct CurrencyRulesTests {
    let now = Date(timeIntervalSince1970: 1_770_606_000)
    func days(_ n: Double) -> Date { now.addingTimeInterval(n * 86_400) }

    @Test func endingWindows() {
        #expect(CurrencyRules.window(expireAt: nil, now: now) == nil)
        #expect(CurrencyRules.window(expireAt: now, now: now) == nil)
        #expect(CurrencyRules.window(expireAt: days(-1), now: now) == nil)
        #expect(CurrencyRules.window(expireAt: days(0.5), now: now) == .week)
        #expect(CurrencyRules.window(expireAt: days(7), now: now) == .week)
        #expect(CurrencyRules.window(expireAt: days(7.01), now: now) == .month)
        #expect(CurrencyRules.window(expireAt: days(30), now: now) == .month)
        #expect(CurrencyRules.window(expireAt: days(30.01), now: now) == nil)
    }

    @Test func stalenessFollowsTheLatestTouchAndTheInterval() {
        let touched = CurrencyRules.lastTouched(publishedAt: days(-400), updatedAt: days(-390), reviewedAt: nil)
        #expect(touched == days(-390))
        #expect(CurrencyRules.overdueDays(lastTouched: touched, intervalDays: 365, now: now) == 25)
        #expect(CurrencyRules.overdueDays(lastTouched: touched, intervalDays: nil, now: now) == nil)
        #expect(CurrencyRules.overdueDays(lastTouched: touched, intervalDays: 0, now: now) == nil)
        #expect(CurrencyRules.overdueDays(lastTouched: touched, intervalDays: 400, now: now) == nil)
        // A "still current" stamp resets the clock.
        let reviewed = CurrencyRules.lastTouched(publishedAt: days(-400), updatedAt: days(-390), reviewedAt: days(-1))
        #expect(CurrencyRules.overdueDays(lastTouched: reviewed, intervalDays: 365, now: now) == nil)
        #expect(CurrencyRules.defaultInterval(forSlug: "news") == nil)
        #expect(CurrencyRules.defaultInterval(forSlug: "procurement") == nil)
        #expect(CurrencyRules.defaultInterval(forSlug: "history") == 365)
        #expect(CurrencyRules.defaultInterval(forSlug: "laws") == 365)
    }

    @Test func intervalInput() {
        #expect(CurrencyRules.parseInterval(nil) == .success(nil))
        #expect(CurrencyRules.parseInterval("  ") == .success(nil))
        #expect(CurrencyRules.parseInterval(" 180 ") == .success(180))
        for bad in ["0", "-1", "3651", "abc", "1.5", "๑๒", "99999999999999999999", "1e3"] {
            #expect(CurrencyRules.parseInterval(bad) == .failure(.outOfRange), "\(bad)")
        }
    }

    @Test func onlyHTTPLinksWithAHostAreChecked() {
        for good in ["https://www.moph.go.th/", "http://example.com/a?b=c", " https://a.example/x "] {
            #expect(LinkCheckRules.checkable(good) != nil, "\(good)")
        }
        for bad in [
            "", "mailto:a@b.c", "/p/1", "ftp://a.example", "https://", "javascript:alert(1)", "https://a b.example", "https://u:p@a.example/",
            "https://a.example/\u{0}", "https://a.example:99999/", "https://" + String(repeating: "a", count: 2100) + ".example"
        ] {
            #expect(LinkCheckRules.checkable(bad) == nil, "\(bad)")
        }
        #expect(LinkCheckRules.hostKey(URL(string: "https://WWW.Example.COM./x")!) == "www.example.com")
    }

    @Test func linksInBodies() {
        let body = """
            ดูรายละเอียดที่ [ประกาศ](https://www.example.go.th/notice.pdf) และ https://data.example.org/set?id=1.
            ซ้ำ https://data.example.org/set?id=1 <https://a.example/b> mailto:x@y.z http://
            """
        #expect(LinkCheckRules.links(inBody: body) == ["https://www.example.go.th/notice.pdf", "https://data.example.org/set?id=1", "https://a.example/b"])
        #expect(LinkCheckRules.links(inBody: "ไม่มีลิงก์ httpx") == [])
    }

    @Test func privateAndLoopbackAddressesAreRefused() {
        let refused: [[UInt8]] = [
            [127, 0, 0, 1], [10, 1, 2, 3], [172, 16, 0, 1], [172, 31, 255, 255], [192, 168, 1, 1], [169, 254, 169, 254], [0, 0, 0, 0], [100, 64, 0, 1],
            [224, 0, 0, 1], [], [1, 2, 3],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [0xFC, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0xFD, 0x12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 1],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 1]
        ]
        for bytes in refused { #expect(LinkCheckRules.isRefusedAddress(bytes), "\(bytes)") }
        let allowed: [[UInt8]] = [
            [8, 8, 8, 8], [172, 15, 0, 1], [172, 32, 0, 1], [203, 150, 1, 1], [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 203, 150, 1, 1]
        ]
        for bytes in allowed { #expect(!LinkCheckRules.isRefusedAddress(bytes), "\(bytes)") }
    }

    @Test func resultsSpacingAndOrder() {
        #expect(LinkCheckRules.Result.status(200).isWorking)
        #expect(LinkCheckRules.Result.status(301).isWorking)
        #expect(!LinkCheckRules.Result.status(404).isWorking)
        #expect(LinkCheckRules.Result.status(404).thaiDescription == "ไม่พบหน้านี้แล้ว (HTTP 404)")
        #expect(LinkCheckRules.Result.failed(.timeout).thaiDescription == "ไม่ตอบสนองภายในเวลาที่กำหนด")
        for failure in LinkCheckRules.Failure.allCases { #expect(!failure.thaiName.isEmpty) }
        #expect(LinkCheckRules.retriesWithGET(afterHEAD: 405))
        #expect(!LinkCheckRules.retriesWithGET(afterHEAD: 200))
        #expect(LinkCheckRules.nextCheck(after: .status(200), at: now) == days(7))
        #expect(LinkCheckRules.nextCheck(after: .failed(.timeout), at: now) == days(1))
        #expect(LinkCheckRules.wait(sinceLastRequest: nil, now: now) == 0)
        #expect(LinkCheckRules.wait(sinceLastRequest: now.addingTimeInterval(-0.25), now: now) == 0.75)
        #expect(LinkCheckRules.wait(sinceLastRequest: now.addingTimeInterval(-3), now: now) == 0)
        let order = LinkCheckRules.interleavedByHost(["a1", "a2", "a3", "b1", "c1", "b2"]) { String($0.prefix(1)) }
        #expect(order == ["a1", "b1", "c1", "a2", "b2", "a3"])
    }

    @Test func anEmptySiteMissesEverythingItMustHave() {
        let report = SiteCompleteness.evaluate(.empty)
        #expect(report.count == SiteCompleteness.Group.allCases.count)
        for finding in report.values.joined() {
            if finding.requirement.evidence == [.builtIn] {
                #expect(finding.status == .present)
            } else {
                #expect(finding.status == (finding.requirement.ifAny ? .notFound : .missing), "\(finding.requirement.id)")
            }
        }
        let contacts = report[.contacts]?.first
        #expect(contacts?.missingContacts == SiteCompleteness.ContactField.allCases)
        // No category exists: the webmaster is told to create it first.
        #expect(report[.standard]?.first?.createFirst == ["about"])
        #expect(SiteCompleteness.allRequirements.count == 10 + 1 + 4 + 8)
        #expect(Set(SiteCompleteness.allRequirements.map(\.id)).count == SiteCompleteness.allRequirements.count)
    }

    @Test func evidenceSatisfiesRequirements() {
        let facts = SiteCompleteness.Facts(
            clausesWithItems: ["1.1", "1.8"], slugsWithItems: ["structure", "news", "procurement-results"], existingSlugs: ["about", "structure", "duties", "laws"],
            filledContacts: Set(SiteCompleteness.ContactField.allCases), openEServices: 1)
        let report = SiteCompleteness.evaluate(facts)
        let byID = Dictionary(uniqueKeysWithValues: report.values.joined().map { ($0.requirement.id, $0) })
        #expect(byID["std-1.1"]?.status == .present)
        #expect(byID["std-1.2"]?.status == .missing)
        #expect(byID["std-1.2"]?.addTo == ["laws"])
        #expect(byID["std-1.9"]?.status == .present)
        #expect(byID["contacts"]?.status == .present)
        #expect(byID["oia-7-1"]?.status == .present)
        #expect(byID["oia-7-2"]?.status == .missing)
        #expect(byID["oia-7-2"]?.addTo == ["duties", "about"])
        #expect(byID["oia-7-3"]?.status == .present)
        #expect(byID["oia-9-8"]?.status == .present)
        #expect(byID["oia-9-3"]?.createFirst == ["projects-budget", "action-plan"])
    }
}
