import Foundation
import PrakatCore
import Vapor

/// `GET /api/v1/reports/publishing?fiscalYear=`: the annual publishing report as JSON.
struct PublishingReportAPI {
    struct Figures: Content {
        var requests: Int
        var approved: Int
        var returned: Int
        var rejected: Int
        var published: Int
        var takenDownOnTime: Int
        var takenDownLate: Int
        var urgentUses: Int
        var averageDaysToPublish: Double?
        var openProblems: Int

        init(_ f: PublishingReportFigures) {
            requests = f.requests
            approved = f.approved
            returned = f.returned
            rejected = f.rejected
            published = f.published
            takenDownOnTime = f.takenDownOnTime
            takenDownLate = f.takenDownLate
            urgentUses = f.urgentUses
            averageDaysToPublish = f.averageDaysToPublish
            openProblems = f.openProblems
        }
    }

    struct Row: Content {
        var id: String
        var nameTh: String
        var figures: Figures
    }

    struct Problem: Content {
        var requestId: UUID
        var title: String
        var unitId: String
        var categoryId: String
        var kind: String
        var kindTh: String
        var since: Date
        var days: Int
    }

    struct Response: Content {
        var fiscalYear: Int
        var from: String
        var to: String
        var asOf: Date
        var totals: Figures
        var units: [Row]
        var categories: [Row]
        var problems: [Problem]
    }

    func report(_ req: Request) async throws -> Response {
        let year = try req.publishingReportYear()
        let data = try await req.annualPublishingReport(year)
        let report = data.report
        return Response(
            fiscalYear: year.beYear, from: year.firstDay.iso, to: year.lastDay.iso, asOf: report.asOf, totals: Figures(report.totals),
            units: report.byUnit.map { Row(id: $0.key, nameTh: data.unitName($0.key), figures: Figures($0.figures)) },
            categories: report.byCategory.map { Row(id: $0.key, nameTh: data.categoryName($0.key), figures: Figures($0.figures)) },
            problems: report.problems.map {
                Problem(
                    requestId: $0.requestID, title: $0.title, unitId: $0.unitKey, categoryId: $0.categoryKey, kind: $0.kind.rawValue, kindTh: $0.kind.thaiName,
                    since: $0.since, days: $0.days)
            })
    }
}
