import Fluent
import Foundation
import PrakatCore
import Vapor

/// The seam to the publishing workflow (issue 5 §6, last sentence): an approved progress round
/// as the pre-filled content of a publication request, tagged with its ITA checklist item, so it
/// goes through seed 1's approval before it is public. `requestInput` turns it into the input of
/// a draft request in the action-plan category; `RoundPages.sendToPublishing` sends it.
struct ProgressReportDocument: Content, Equatable {
    /// Request title, e.g. "รายงานผลการดำเนินงาน รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2564 โครงการ…".
    var title: String
    /// Request details: the report in plain text (summary, spending, indicators, problems, suggestions).
    var details: String
    /// Buddhist-Era fiscal year and the quarter the round ends in (MOIT items are filed per quarter).
    var fiscalYear: Int
    var quarter: Int
    /// ITA checklist item codes by default (MOIT 2: quarterly report on the annual action plan);
    /// the request is tagged by the agency's mapping (`ChecklistAutoTagSource.planProgressReport`).
    var checklistCodes: [String]
    var projectId: UUID
    var unitId: UUID
    var round: String
    /// Public paths of the printed report and its PDF, to attach or link.
    var printPath: String
    var pdfPath: String

    static let checklistCodes = ["MOIT2"]

    /// Built from stored values only, so the publishing side (and tests) can make one without a request.
    init(projectID: UUID, unitID: UUID, document: ProjectDocument, kind: RoundKind, year: Int, data: ProgressReportData?) {
        title = "รายงานผลการดำเนินงาน \(kind.label()) ประจำปีงบประมาณ พ.ศ. \(year) \(document.title)"
        var lines: [String] = []
        if let data {
            let report = PlanVsActual.compute(document, data: data, round: kind, fiscalYear: FiscalYear(beYear: year))
            if !data.summary.isEmpty { lines.append(data.summary) }
            lines.append("งบประมาณตามแผน \(report.plannedTotal.formatted) บาท ใช้จ่ายจริง \(report.spentTotal.formatted) บาท")
            if !data.problems.isEmpty { lines.append("ปัญหาและอุปสรรค: " + data.problems.joined(separator: "; ")) }
            if !data.suggestions.isEmpty { lines.append("ข้อเสนอแนะ: " + data.suggestions.joined(separator: "; ")) }
        }
        details = lines.joined(separator: "\n")
        fiscalYear = year
        quarter = kind.endQuarter
        checklistCodes = ProgressReportDocument.checklistCodes
        projectId = projectID
        unitId = unitID
        round = kind.rawValue
        let address = RoundAddress(project: projectID, year: FiscalYear(beYear: year), kind: kind)
        printPath = PlansRoute.roundPrint(address, thaiDigits: true).path
        pdfPath = PlansRoute.roundPDF(address).path
    }

    /// The document for an approved round, or nil when the round is not approved yet.
    static func forApprovedRound(projectID: UUID, year: Int, kind: RoundKind, on db: any Database) async throws -> ProgressReportDocument? {
        guard let project = try await PlanProject.find(projectID, on: db),
            let round = try await PlanRound.query(on: db).filter(\.$project.$id == projectID).filter(\.$beYear == year)
                .filter(\.$kindRaw == kind.rawValue).first(), round.state == .approved
        else { return nil }
        return ProgressReportDocument(projectID: projectID, unitID: project.$unit.id, document: try project.document, kind: kind, year: year, data: round.data)
    }
}

extension ProgressReportDocument {
    /// Categories a report is filed under, in order of preference (seed 1 §1.1 "แผนปฏิบัติราชการ").
    static let categorySlugs = ["action-plan", "performance-reports", "projects-budget"]

    /// The publication request this report pre-fills. The title is shortened (project name cut
    /// with "…") to fit the agency's title limit, since the seed's project names are long.
    func requestInput(_ req: Request) async throws -> RequestInput {
        var category: SiteCategory?
        for slug in Self.categorySlugs where category == nil {
            category = try await SiteCategory.query(on: req.db).filter(\.$slug == slug).first()
        }
        // Evidence for the checklist of the year it is published in, by the agency's mapping.
        let checklist = try await ChecklistService.autoTagItemIDs(
            .planProgressReport, fiscalYear: FiscalYear.containing(req.clock.now()).beYear, on: req.db)
        let base = req.publicBaseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let printURL = base + printPath
        var text = details
        text += (text.isEmpty ? "" : "\n\n") + "รายงานฉบับเต็ม: " + printURL
        return RequestInput(
            categoryID: category?.id, title: Self.fitted(title, max: req.application.prakat.titleMaxGraphemes),
            details: text, externalLinks: ExternalLink.isValid(printURL) ? [printURL] : [],
            note: "สร้างจากรายงานความก้าวหน้าโครงการที่อนุมัติแล้ว (\(round) ปีงบประมาณ \(fiscalYear))",
            sourceName: nil, sourceDate: nil, publishAt: nil, expireAt: nil, urgent: false,
            checklistItemIDs: checklist)
    }

    static func fitted(_ title: String, max: Int) -> String {
        guard ThaiText.graphemeLength(title) > max, max > 1 else { return title }
        var cut = title
        while ThaiText.graphemeLength(cut) > max - 1, !cut.isEmpty { cut.removeLast() }
        return cut.trimmingCharacters(in: .whitespaces) + "…"
    }
}
