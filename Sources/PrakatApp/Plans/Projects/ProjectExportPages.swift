import Fluent
import Foundation
import PrakatCore
import Vapor

/// A project on paper and in files: the print page, its PDF, the CSV tables and the budget chart.
struct ProjectExportPages {
    struct PrintBody: Encodable {
        var stylesheet: String
        var base: String?
        var doc: DocView
        var agency: String
        var digitsLink: String
        var digitsLabel: String
        var budgetChart: ChartView
    }

    static func printBody(_ req: Request, project: PlanProject, forPDF: Bool, thaiDigits: Bool = false) async throws -> PrintBody {
        let document = try project.document
        let tree = try await req.plans.tree(for: project.beYear)
        let thai = forPDF || thaiDigits
        let id = try project.requireID()
        let agency = await req.agencyProfile().officialName
        let planned = (1...4).map { q in document.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear == document.fiscalYear && $0.quarter == q }.map(\.budget).sum() }
        return PrintBody(
            stylesheet: forPDF ? PlansRoute.printStylesheet : PlansRoute.stylesheet, base: forPDF ? PlanPDF.baseHref(req) : nil,
            doc: DocView(document, tree: tree, digits: thai ? .thai : .arabic), agency: agency,
            digitsLink: PlansRoute.projectPrint(id, thaiDigits: !thai).path, digitsLabel: thai ? "แสดงเลขอารบิก" : "แสดงเลขไทย",
            budgetChart: ChartView(PlanCharts.budgetByQuarter(planned: planned, spent: [], fiscalYear: document.fiscalYear, digits: thai ? .thai : .arabic)))
    }

    func print(_ req: Request, projectID: UUID, thaiDigits: Bool) async throws -> View {
        let project = try await req.plans.project(projectID)
        let body = try await ProjectExportPages.printBody(req, project: project, forPDF: false, thaiDigits: thaiDigits)
        return try await req.view.render("Plans/print", PageView(site: await req.siteContext(), title: project.title, page: body))
    }

    /// Public projects' PDFs are made ahead of time and kept (`PlanPublicPDFs`); drafts, which
    /// only staff see, are kept per version after the first request.
    func pdf(_ req: Request, projectID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        try PlanPDF.requireRenderer(req)
        let html = try await ProjectExportPages.pdfHTML(req, project: project)
        let fileName = "โครงการ-\(project.beYear)-" + String(project.title.prefix(60))
        let job = PlanPublicPDFs.project(projectID)
        if project.state.isPublic { return try await PlanPDF.respond(req, html: html, fileName: fileName, publicJob: job) }
        return try await PlanPDF.respond(req, html: html, fileName: fileName, cacheAs: job.document)
    }

    static func pdfHTML(_ req: Request, project: PlanProject) async throws -> String {
        let body = try await printBody(req, project: project, forPDF: true)
        return try await PlanPDF.html(req, template: "Plans/print", title: project.title, body: body)
    }

    static func table(_ table: ProjectExportTable, _ doc: ProjectDocument, tree: ExpenseCategoryTree) -> [[String]] {
        switch table {
        case .budget:
            return [["ปีงบประมาณ", "เงินงบประมาณ", "เงินนอกงบประมาณ", "รวม"]]
                + doc.budgetByYear.map { [String($0.fiscalYear.beYear), $0.inBudget.decimalString, $0.offBudget.decimalString, ($0.total ?? $0.computedTotal).decimalString] }
                + [["รวมทั้งสิ้น", doc.totalInBudget.decimalString, doc.totalOffBudget.decimalString, doc.totalBudget.decimalString]]
        case .outputs:
            let years = doc.tableYears
            return [["กิจกรรม", "งานที่ทำ", "หน่วยนับ"] + years.map { "แผนปี \($0.beYear)" }]
                + doc.outputTargets.map { t in [String(t.activity), t.work ?? "", t.unit] + years.map { t.plan(in: $0)?.plainString ?? "" } }
        case .activities:
            var rows = [["กิจกรรม", "รายการย่อย", "ชื่อ", "ช่วงเวลา", "สถานที่", "งบประมาณ", "ผู้รับผิดชอบ"]]
            for a in doc.activities {
                rows.append([String(a.number), "", a.title, a.schedule, a.place ?? "", a.budget.decimalString, a.responsibleUnit ?? ""])
                for (i, s) in a.subItems.enumerated() { rows.append([String(a.number), String(i + 1), s.name, "", "", s.budget.decimalString, ""]) }
            }
            rows.append(["รวม", "", "", "", "", doc.activitiesTotal.decimalString, ""])
            return rows
        case .targetGroups:
            var rows = [["กิจกรรม", "กลุ่ม", "รายละเอียด", "จำนวน (คน)"]]
            for g in doc.targetGroups {
                rows.append([String(g.activity), "", g.description, (g.statedTotal ?? g.computedTotal).map(String.init) ?? ""])
                for c in g.categories {
                    rows.append([String(g.activity), c.name, c.note ?? "", c.computedCount.map(String.init) ?? ""])
                    for m in c.members { rows.append([String(g.activity), c.name, m.name, String(m.count)]) }
                }
            }
            return rows
        case .expenses:
            let totals = tree.totals(doc.expenseLines)
            return [["หมวด", "ชื่อหมวด", "รายการ", "ราคาต่อหน่วย", "จำนวน", "จำนวนเงิน"]]
                + tree.flattened.flatMap { category, _ -> [[String]] in
                    [[category.number, category.nameTh, "", "", "", totals[category.code]?.decimalString ?? ""]]
                        + doc.expenseLines.filter { $0.category == category.code }.map {
                            ["", "", $0.description, $0.unitPrice?.decimalString ?? "", $0.quantity.map(String.init) ?? "", $0.amount.decimalString]
                        }
                }
        case .indicators:
            return [["ลำดับ", "ประเภท", "ตัวชี้วัด", "เงื่อนไข", "ค่าเป้าหมาย", "หน่วย", "ที่มาของผล"]]
                + doc.numberedIndicators.map { path, i, _ in
                    [PlanCharts.displayPath(path), i.kind.thaiName, i.description, i.comparator?.symbol ?? "", i.target?.plainString ?? "", i.unit ?? "", i.source.thaiName]
                }
        case .quarterPlan:
            return [["กิจกรรม", "รายการย่อย", "ปีงบประมาณ", "ไตรมาส", "แผนผลผลิต", "งบประมาณ"]]
                + doc.quarterPlan.map {
                    [
                        String($0.activity), $0.subItem.map(String.init) ?? "", String($0.fiscalYear.beYear), String($0.quarter), $0.output?.plainString ?? "",
                        $0.budget.decimalString
                    ]
                }
        }
    }

    func csv(_ req: Request, projectID: UUID, table: ProjectExportTable) async throws -> Response {
        let project = try await req.plans.project(projectID)
        let rows = ProjectExportPages.table(table, try project.document, tree: try await req.plans.tree(for: project.beYear))
        return ProjectExportPages.csvResponse(rows, fileName: "project-\(project.beYear)-\(table.fileName)")
    }

    static func csvResponse(_ rows: [[String]], fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: Data(CSV.write(rows))))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: fileName)
        return response
    }

    func budgetChart(_ req: Request, projectID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        let document = try project.document
        let planned = (1...4).map { q in document.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear == document.fiscalYear && $0.quarter == q }.map(\.budget).sum() }
        let response = Response(status: .ok, body: .init(string: PlanCharts.budgetByQuarter(planned: planned, spent: [], fiscalYear: document.fiscalYear).svg))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml", parameters: ["charset": "utf-8"])
        return response
    }
}
