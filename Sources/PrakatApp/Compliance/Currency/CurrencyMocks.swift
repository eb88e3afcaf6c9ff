import Foundation
import PrakatCore

extension CurrencyDeskBody {
    static var mock: Self {
        let now = MockData.now
        func publication(_ number: Int, _ title: String, expireIn days: Double?) -> Publication {
            let item = Publication()
            item.id = MockData.id(900 + number)
            item.number = number
            item.title = title
            item.categoryID = MockData.categoryID
            item.currentRequestID = MockData.requestID
            item.publishAt = now.addingTimeInterval(-400 * 86_400)
            item.updatedAt = now.addingTimeInterval(-400 * 86_400)
            item.expireAt = days.map { now.addingTimeInterval($0 * 86_400) }
            return item
        }
        let evergreen = publication(12, "ประวัติความเป็นมาของหน่วยงาน", expireIn: nil)
        let link = LinkCheck()
        link.id = MockData.id(950)
        link.publicationID = MockData.id(912)
        link.url = "https://www.example.go.th/old-page.html"
        link.host = "www.example.go.th"
        link.statusCode = 404
        link.failureRaw = LinkCheckRules.Failure.httpStatus.rawValue
        link.checkedAt = now
        link.consecutiveFailures = 3
        var facts = SiteCompleteness.Facts.empty
        facts.clausesWithItems = ["1.1", "1.8"]
        facts.slugsWithItems = ["history", "news"]
        facts.existingSlugs = Set(DefaultCategories.tree.map(\.slug))
        facts.filledContacts = [.name, .address, .phone, .email]
        return CurrencyDeskBody(
            now: now, names: [MockData.categoryID: "ข่าวประชาสัมพันธ์"],
            ending: [publication(41, "ประกาศรับสมัครพนักงานราชการ", expireIn: 3), publication(42, "ประกาศประกวดราคาจ้างปรับปรุงอาคาร", expireIn: 20)],
            stale: [CurrencyDesk.Stale(publication: evergreen, lastTouched: evergreen.updatedAt, overdueDays: 35, intervalDays: 365)], broken: [link], brokenTotal: 1,
            linkItems: [MockData.id(912): evergreen], linkSummary: CurrencyText.linkSummary(checked: 48, waiting: 2), report: SiteCompleteness.evaluate(facts),
            categoriesBySlug: Dictionary(uniqueKeysWithValues: DefaultCategories.tree.map { ($0.slug, $0.nameTh) }))
    }
}
