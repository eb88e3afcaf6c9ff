import Fluent
import Foundation
import PrakatCore
import Vapor

/// The public statistics page (visitors per month, most read items, satisfaction results) and the
/// footer's figures as JSON.
struct VisitorsPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = VisitorsPages()
        routes.register(VisitorsRoute.self) { req, route in
            switch route {
            case .stats(let year): try await pages.stats(req, year: year)
            }
        }
        routes.register(VisitorsAPIRoute.self) { req, route in
            switch route {
            case .visitors: try await pages.visitorsJSON(req)
            }
        }
    }

    static let mostReadLimit = 10

    struct StatsBody: Encodable {
        struct MonthRow: Encodable {
            var label: String
            var pageViews: String
            var visitors: String
        }
        struct TopItem: Encodable {
            var rank: Int
            var title: String
            var path: String
            var views: String
        }
        struct Comment: Encodable {
            var date: String
            var score: Int
            var text: String
        }
        var intro: String
        var updated: String?
        var figures: VisitorFooter
        var filter: YearFilter
        var months: [MonthRow]
        var totalPageViews: String
        var totalVisitors: String
        var chart: Chart
        var topItems: [TopItem]
        var noItems: String
        var satisfaction: SatisfactionSummaryView
        var comments: [Comment]
        var surveyPath: String
    }

    func stats(_ req: Request, year text: String?) async throws -> Response {
        let now = req.clock.now()
        let (year, invalid) = SatisfactionPages.year(text, now: now)
        let statistics = VisitorStatistics(db: req.db)
        let months = try await statistics.months(of: year)
        // Most read items still public now; a withdrawn one drops out of the list.
        let ranked = try await statistics.mostRead(in: year, limit: Self.mostReadLimit * 3)
        let live = try await PublicItems(db: req.db, now: now).live().filter(\.$number ~~ ranked.map(\.number)).all()
        let byNumber = Dictionary(live.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let top = ranked.compactMap { entry in byNumber[entry.number].map { (publication: $0, views: entry.views) } }.prefix(Self.mostReadLimit)
        let service = req.satisfaction
        let snapshot = req.application.visitors.snapshot
        let body = StatsBody(
            intro: VisitorsText.intro, updated: snapshot.updatedAt.map { VisitorsText.updated(ThaiDateFormat.long($0, digits: .arabic, showsTime: true)) },
            figures: VisitorFooter(snapshot),
            filter: YearFilter(
                action: VisitorsRoute.stats(nil).path, selected: year, years: Self.recentYears(now: now),
                error: invalid ? VisitorsText.fiscalYearInvalid : nil),
            months: months.map {
                .init(
                    label: "\(ThaiMonthNames.full($0.first.month)) \($0.first.buddhistYear)", pageViews: VisitorFigures.grouped($0.pageViews),
                    visitors: VisitorFigures.grouped($0.visitors))
            },
            totalPageViews: VisitorFigures.grouped(months.reduce(0) { $0 + $1.pageViews }),
            totalVisitors: VisitorFigures.grouped(months.reduce(0) { $0 + $1.visitors }),
            chart: VisitorCharts.monthly(months.map { .init(month: $0.first.month, pageViews: $0.pageViews, visitors: $0.visitors) }, fiscalYear: year),
            topItems: top.enumerated().map { index, entry in
                .init(rank: index + 1, title: entry.publication.title, path: PublicRoute.item(entry.publication.number).path, views: VisitorFigures.grouped(entry.views))
            },
            noItems: VisitorsText.noItems,
            satisfaction: SatisfactionSummaryView(try await service.summary(year), year: year),
            comments: try await service.publishedComments(year).map {
                .init(date: ThaiDateFormat.long($0.createdAt, digits: .arabic), score: $0.score, text: $0.comment ?? "")
            },
            surveyPath: SatisfactionRoute.surveyLink(from: req.url.string).path)
        return try await req.render("Engagement/Visitors/stats", title: VisitorsText.statsTitle, body, status: invalid ? .unprocessableEntity : .ok)
    }

    /// The current fiscal year and the four before it.
    static func recentYears(now: Date) -> [FiscalYear] {
        let current = FiscalYear.containing(now)
        return (0..<5).compactMap { FiscalYear(validatingBEYear: current.beYear - $0) }
    }

    struct VisitorsResponse: Content {
        var today: Int
        var month: Int
        var fiscalYear: Int
        var total: Int
        var pageViewsToday: Int
        var updatedAt: Date
    }

    /// The figures from memory; when the flush job has not refreshed them for 60 s (or not yet),
    /// read from the database now, so the answer is never more than 60 s behind.
    func visitorsJSON(_ req: Request) async throws -> Response {
        let now = req.clock.now()
        var snapshot = req.application.visitors.snapshot
        if snapshot.updatedAt.map({ now.timeIntervalSince($0) >= 60 || now < $0 }) ?? true {
            req.application.visitors.publish(try await VisitorStatistics(db: req.db).figures(now: now), at: now)
            snapshot = req.application.visitors.snapshot
        }
        let figures = snapshot.figures
        let body = VisitorsResponse(
            today: figures.today, month: figures.month, fiscalYear: figures.fiscalYear, total: figures.total, pageViewsToday: figures.pageViewsToday,
            updatedAt: snapshot.updatedAt ?? now)
        let response = try await body.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=30")
        return response
    }
}
