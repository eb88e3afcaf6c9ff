import Fluent
import Foundation
import PrakatCore
import Vapor

/// The annual publishing report's pages: figures per unit and category, the print page with the
/// memo to the head of agency, its PDF and CSV, and sending it to publishing tagged MOIT1.
struct PublishingReportPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = PublishingReportPages()
        routes.register(PublishingReportRoute.self) { req, route in
            switch route {
            case .report: try await pages.page(req)
            case .print: try await pages.printable(req, pdf: false)
            case .pdf: try await pages.printable(req, pdf: true)
            case .csv: try await pages.csv(req)
            case .publish: try await pages.publish(req)
            }
        }
        routes.register(PublishingReportAPIRoute.self) { req, route in
            switch route {
            case .report: try await PublishingReportAPI().report(req)
            }
        }
    }

    struct Row: Encodable {
        var name: String
        var cells: [String]
    }

    struct Problem: Encodable {
        var title: String
        var link: String
        var unit: String
        var category: String
        var kind: String
        var since: String
        var days: String
    }

    struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// What the page and the print page both show (`Compliance/Reports/publishing-tables`).
    struct Tables: Encodable {
        var columns: [String]
        var units: [Row]
        var categories: [Row]
        var total: Row
        var problems: [Problem]
        var definitions: [String]
    }

    struct ReportBody: Encodable {
        var fiscalYear: String
        var period: String
        var asOf: String
        var tables: Tables
        var years: [Option]
        var action: String
        var printPath: String
        var pdfPath: String
        var csvPath: String
        var publishAction: String?
    }

    struct PrintBody: Encodable {
        var stylesheet: String
        var agencyName: String
        var agencyPhone: String
        var unitName: String
        var date: String
        var memoSubject: String
        var memoTo: String
        var memoBody: [String]
        var signerName: String
        var signerPosition: String
        var headDecision: String
        var headTitle: String
        var period: String
        var asOf: String
        var tables: Tables
        var backPath: String
        var pdfPath: String
        var pdfAvailable: Bool
        var pdfHint: String
        var isPDF: Bool
    }

    static func cells(_ f: PublishingReportFigures) -> [String] {
        [f.requests, f.approved, f.returned, f.rejected, f.published, f.takenDownOnTime, f.takenDownLate, f.urgentUses].map(String.init)
            + [PublishingReportText.days(f.averageDaysToPublish), String(f.openProblems)]
    }

    static func period(_ year: FiscalYear, digits: ThaiDigitStyle) -> String {
        "ปีงบประมาณ พ.ศ. \(year.beYear) (\(ThaiDateFormat.long(year.firstDay, digits: .arabic)) – \(ThaiDateFormat.long(year.lastDay, digits: .arabic)))"
    }

    /// The report as a page shows it; `thai` turns its digits Thai for the printed memo.
    func body(_ req: Request, _ year: FiscalYear, _ data: AnnualPublishingReport, thai: Bool) -> ReportBody {
        let digits: (String) -> String = { thai ? ThaiDigits.toThai($0) : $0 }
        let report = data.report
        func row(_ name: String, _ figures: PublishingReportFigures) -> Row { Row(name: name, cells: Self.cells(figures).map(digits)) }
        let current = FiscalYear.containing(req.clock.now()).beYear
        let user = req.currentUser
        return ReportBody(
            fiscalYear: digits(String(year.beYear)), period: digits(Self.period(year, digits: .arabic)),
            asOf: digits(PublishingReportText.asOf(ThaiDateFormat.long(report.asOf, digits: .arabic, showsTime: true))),
            tables: Tables(
                columns: PublishingReportText.columns,
                units: report.byUnit.map { row(data.unitName($0.key), $0.figures) }.sorted { $0.name < $1.name },
                categories: report.byCategory.map { row(data.categoryName($0.key), $0.figures) }.sorted { $0.name < $1.name },
                total: row(PublishingReportText.total, report.totals),
                problems: report.problems.map { problem in
                    Problem(
                        title: digits(problem.title), link: PublishingRoute.request(problem.requestID).path, unit: data.unitName(problem.unitKey),
                        category: data.categoryName(problem.categoryKey), kind: problem.kind.thaiName,
                        since: digits(ThaiDateFormat.long(problem.since, digits: .arabic)), days: digits(String(problem.days)))
                },
                definitions: PublishingReportText.definitions),
            years: ((current - 4)...current).reversed().map { Option(value: String($0), label: "พ.ศ. \($0)", selected: $0 == year.beYear) },
            action: PublishingReportRoute.report.path, printPath: PublishingReportRoute.print.path(fiscalYear: year.beYear),
            pdfPath: PublishingReportRoute.pdf.path(fiscalYear: year.beYear), csvPath: PublishingReportRoute.csv.path(fiscalYear: year.beYear),
            publishAction: (user?.has(.staff) ?? false) ? PublishingReportRoute.publish.path : nil)
    }

    func page(_ req: Request) async throws -> Response {
        let year = try req.publishingReportYear()
        let data = try await req.annualPublishingReport(year)
        return try await req.render("Compliance/Reports/publishing", title: PublishingReportText.pageTitle(year.beYear), body(req, year, data, thai: false))
    }

    func printable(_ req: Request, pdf: Bool) async throws -> Response {
        let year = try req.publishingReportYear()
        let data = try await req.annualPublishingReport(year)
        let user = try req.requireUser()
        let agency = await req.agencyProfile()
        let unit = try await user.$unit.id.asyncMap { try await OrgUnit.find($0, on: req.db) } ?? nil
        let renderer = req.application.pdfRenderer
        let thai = ThaiDigits.toThai
        let report = body(req, year, data, thai: true)
        let print = PrintBody(
            stylesheet: pdf ? PlanPDF.baseHref(req) + "css/print.css" : "/css/print.css", agencyName: agency.officialName,
            agencyPhone: thai(agency.phone ?? ""), unitName: unit?.nameTh ?? "", date: ThaiDateFormat.long(req.clock.now(), digits: .thai),
            memoSubject: thai(PublishingReportText.memoSubject(agency: agency.nameInSentence, year: year.beYear)),
            memoTo: PublishingReportText.memoTo(agency: agency.officialName),
            memoBody: PublishingReportText.memoBody(
                agency: agency.nameInSentence, period: Self.period(year, digits: .arabic), totals: data.report.totals, problems: data.report.problems.count
            ).map(thai),
            signerName: user.displayName, signerPosition: user.position, headDecision: PublishingReportText.headDecision,
            headTitle: PublishingReportText.headTitle, period: report.period, asOf: report.asOf, tables: report.tables,
            backPath: PublishingReportRoute.report.path(fiscalYear: year.beYear),
            pdfPath: report.pdfPath, pdfAvailable: renderer.isAvailable, pdfHint: PublishingText.chromiumMissing, isPDF: pdf)
        let title = PublishingReportText.pageTitle(year.beYear)
        if !pdf { return try await req.render("Compliance/Reports/publishing-print", title: title, print) }
        return try await PlanPDF.respond(
            req, template: "Compliance/Reports/publishing-print", title: title, body: print, fileName: "รายงานผลการเผยแพร่ข้อมูล-\(year.beYear)",
            cacheAs: "publishing-report-\(year.beYear)")
    }

    func csv(_ req: Request) async throws -> Response {
        let year = try req.publishingReportYear()
        let data = try await req.annualPublishingReport(year)
        let columns = PublishingReportText.columns
        var rows: [[String]] = [["ส่วน", "ชื่อ"] + columns]
        for row in data.report.byUnit { rows.append([PublishingReportText.unitColumn, data.unitName(row.key)] + Self.cells(row.figures)) }
        for row in data.report.byCategory { rows.append([PublishingReportText.categoryColumn, data.categoryName(row.key)] + Self.cells(row.figures)) }
        rows.append([PublishingReportText.total, Self.period(year, digits: .arabic)] + Self.cells(data.report.totals))
        rows.append([])
        rows.append([PublishingReportText.problemsTitle, "เรื่อง", "กลุ่มงาน", "หมวดข้อมูล", "ตั้งแต่", "จำนวนวัน"])
        for problem in data.report.problems {
            rows.append([
                problem.kind.thaiName, problem.title, data.unitName(problem.unitKey), data.categoryName(problem.categoryKey),
                ThaiDateFormat.long(problem.since, digits: .arabic), String(problem.days)
            ])
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.attachment(fileName: "รายงานผลการเผยแพร่ข้อมูล-\(year.beYear).csv"))
        return Response(status: .ok, headers: headers, body: .init(data: Data(CSV.write(rows))))
    }

    struct PublishForm: Content {
        var fiscalYear: String?
    }

    /// The report of a fiscal year becomes one draft publication request of the sender's unit,
    /// tagged with the year's MOIT1, linking the print page; a second press opens the same request.
    func publish(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(PublishForm.self)) ?? PublishForm()
        guard let raw = form.fiscalYear, let value = Int(raw), PublishingReportRoute.years.contains(value) else {
            throw PrakatError.validation([.init(field: "fiscalYear", message: PublishingReportText.yearInvalid)])
        }
        let user = try req.requireUser()
        guard user.has(.staff) else { throw PrakatError.forbidden(PublishingReportText.sendNeedsStaff) }
        let year = FiscalYear(beYear: value)
        let data = try await req.annualPublishingReport(year)
        let agency = await req.agencyProfile()
        let printURL = req.publicBaseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + PublishingReportRoute.print.path(fiscalYear: value)
        let totals = data.report.totals
        let summary = PublishingReportText.memoBody(
            agency: agency.nameInSentence, period: Self.period(year, digits: .arabic), totals: totals, problems: data.report.problems.count)[1]
        let input = RequestInput(
            categoryID: nil,
            title: ProgressReportDocument.fitted(
                PublishingReportText.requestTitle(agency: agency.nameInSentence, year: value), max: req.application.prakat.titleMaxGraphemes),
            details: summary + "\n\nรายงานฉบับเต็ม: " + printURL, externalLinks: ExternalLink.isValid(printURL) ? [printURL] : [],
            note: PublishingReportText.requestNote(value), sourceName: nil, sourceDate: nil, publishAt: nil, expireAt: nil, urgent: false,
            // Evidence (MOIT1 by default) for the checklist of the year the report is sent in: last
            // year's report is this year's evidence.
            checklistItemIDs: try await ChecklistService.autoTagItemIDs(
                .annualPublishingReport, fiscalYear: FiscalYear.containing(req.clock.now()).beYear, on: req.db))
        return try await ReportPublishing.send(
            req, input: input, origin: "publishing-report:\(value)", categorySlugs: PublishingReportText.reportCategorySlugs,
            back: PublishingReportRoute.report.path(fiscalYear: value),
            sent: PublishingReportText.sentToPublishing, alreadySent: PublishingReportText.alreadySent)
    }
}
