import Foundation
import PrakatCore

extension VisitorSnapshot {
    static var mock: Self {
        VisitorSnapshot(figures: VisitorFigures(today: 214, month: 3_870, fiscalYear: 18_452, total: 52_309, pageViewsToday: 731), updatedAt: MockData.now, generation: 1)
    }
}

extension VisitorsPages.StatsBody {
    static var mock: Self {
        let year = FiscalYear(beYear: 2569)
        let views = [4_210, 3_988, 3_512, 4_402, 2_120, 0, 0, 0, 0, 0, 0, 0]
        let visitors = [1_402, 1_311, 1_190, 1_520, 730, 0, 0, 0, 0, 0, 0, 0]
        let months = VisitorCalendar.months(of: year).enumerated().map { index, month in
            (first: month.first, views: views[index], visitors: visitors[index])
        }
        return Self(
            intro: VisitorsText.intro, updated: VisitorsText.updated(MockData.dateTime), figures: VisitorFooter(.mock),
            filter: YearFilter(action: VisitorsRoute.stats(nil).path, selected: year, years: VisitorsPages.recentYears(now: MockData.now), error: nil),
            months: months.map {
                .init(
                    label: "\(ThaiMonthNames.full($0.first.month)) \($0.first.buddhistYear)", pageViews: VisitorFigures.grouped($0.views),
                    visitors: VisitorFigures.grouped($0.visitors))
            },
            totalPageViews: VisitorFigures.grouped(views.reduce(0, +)), totalVisitors: VisitorFigures.grouped(visitors.reduce(0, +)),
            chart: VisitorCharts.monthly(months.map { .init(month: $0.first.month, pageViews: $0.views, visitors: $0.visitors) }, fiscalYear: year),
            topItems: [
                .init(rank: 1, title: "ประกาศรับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานราชการ", path: PublicRoute.item(41).path, views: "1,204"),
                .init(rank: 2, title: "เชิญชวนกลุ่มเสี่ยง ๗ กลุ่ม รับวัคซีนไข้หวัดใหญ่ฟรี", path: PublicRoute.item(37).path, views: "866")
            ], noItems: VisitorsText.noItems,
            satisfaction: SatisfactionSummaryView(SatisfactionSummary(distribution: [5: 48, 4: 30, 3: 9, 2: 2, 1: 1]), year: year),
            comments: [.init(date: MockData.date, score: 5, text: "ค้นหาประกาศจัดซื้อจัดจ้างได้ง่าย ขอบคุณครับ")],
            surveyPath: SatisfactionRoute.survey(VisitorsRoute.stats(nil).path).path)
    }
}
