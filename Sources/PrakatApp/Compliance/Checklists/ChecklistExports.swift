import Fluent
import Foundation
import PrakatCore
import Vapor

/// Which format an uploaded checklist is in: JSON when it says so (name or first character),
/// CSV otherwise (then the framework and year come from the form or the query).
enum ChecklistImporting {
    static func draft(bytes: [UInt8], fileName: String?, framework: String?, fiscalYear: Int?) throws -> ChecklistDraft {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let first = bytes.dropFirst(start).first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let named = (fileName ?? "").lowercased()
        if named.hasSuffix(".json") || first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            return try ChecklistImport.parseJSON(bytes, framework: framework, fiscalYear: fiscalYear)
        }
        var missing: [ChecklistImportProblem] = []
        if framework == nil { missing.append(.init(row: nil, field: "framework", message: ComplianceText.frameworkMissing)) }
        if fiscalYear == nil { missing.append(.init(row: nil, field: "fiscalYear", message: ComplianceText.yearMissing)) }
        guard missing.isEmpty, let framework, let fiscalYear else { throw ChecklistImportProblems(missing) }
        return try ChecklistImport.parseCSV(bytes, framework: framework, fiscalYear: fiscalYear)
    }
}

/// The URL export of a checklist (CSV and XLSX: one row per item with its evidence URLs and
/// dates, what the ministry's system asks for) and the evidence pack of an item and quarter.
struct ChecklistExports {
    static func exportRows(_ report: ChecklistStatusReport, base: String) -> [[String]] {
        report.rows.map { row in
            [
                row.item.code, row.item.titleTh, row.item.checklistPeriod.thaiName, row.status.thaiName,
                row.evidence.map { base + $0.path }.joined(separator: "\n"),
                row.evidence.map { CalendarDate.bangkok(containing: $0.publishedAt).iso }.joined(separator: "\n")
            ]
        }
    }

    private func fileName(_ checklist: Checklist, ext: String) -> String { "ita-\(checklist.framework)-\(checklist.fiscalYear).\(ext)" }

    func csv(_ req: Request, id: UUID) async throws -> Response {
        let checklist = try await req.checklists.checklist(id)
        let report = try await req.checklists.status(of: checklist, publicOnly: true)
        let bytes = CSV.write([ComplianceText.exportHeader] + Self.exportRows(report, base: req.publicBaseURL))
        return download(Data(bytes), type: "text/csv; charset=utf-8", name: fileName(checklist, ext: "csv"))
    }

    func xlsx(_ req: Request, id: UUID) async throws -> Response {
        let checklist = try await req.checklists.checklist(id)
        let report = try await req.checklists.status(of: checklist, publicOnly: true)
        var sheet = SpreadsheetWriter(sheetName: "ITA \(checklist.fiscalYear)", columnWidths: [10, 60, 16, 20, 45, 14])
        sheet.addRow(ComplianceText.exportHeader.map { .text($0) })
        for row in Self.exportRows(report, base: req.publicBaseURL) { sheet.addRow(row.map { .text($0) }) }
        return download(
            sheet.workbook(modified: req.clock.now()), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            name: fileName(checklist, ext: "xlsx"))
    }

    private func download(_ data: Data, type: String, name: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    // MARK: Evidence pack

    /// A zip of the memo and form PDFs and the attached documents of every publication serving
    /// the item: published in the quarter (the current one by default; every one with "all"),
    /// or, for an item that must be current, public now.
    func evidencePack(_ req: Request, checklistID: UUID, itemID: UUID, quarter text: String?) async throws -> Response {
        let checklist = try await req.checklists.checklist(checklistID)
        let item = try await req.checklists.item(itemID, in: checklist)
        let year = checklist.fiscal
        let quarter: FiscalQuarter?
        switch text?.trimmingCharacters(in: .whitespaces) {
        case nil, "":
            let today = CalendarDate.bangkok(containing: req.clock.now())
            quarter = year.quarter(of: today) ?? FiscalQuarter(fiscalYear: year, number: 4)
        case "all": quarter = nil
        case let value?:
            guard let number = Int(value), let chosen = FiscalQuarter(fiscalYear: year, number: number) else {
                throw PrakatError.badRequest(ComplianceText.badQuarter)
            }
            quarter = chosen
        }
        let tags = try await PublicationChecklistTag.query(on: req.db).filter(\.$checklistItemID == itemID).all()
        let publications = tags.isEmpty ? [] : try await Publication.query(on: req.db).filter(\.$id ~~ tags.map(\.publicationID)).sort(\.$number).all()
        var zip = ZipWriter()
        var index = ChecklistText.packIndexHeader(item: item.label, checklist: checklist.title, quarter: quarter?.label(digits: .arabic))
        var included = 0
        for publication in publications where publication.withdrawnAt == nil {
            guard let request = try await PublicationRequest.find(publication.currentRequestID, on: req.db) else { continue }
            let published = CalendarDate.bangkok(containing: request.publishedAt ?? publication.publishAt)
            // A "current" item is served by what is public now, whenever it was published;
            // dated items by what was published in the quarter.
            if item.checklistPeriod == .current {
                if !publication.window.isPublic(at: req.clock.now()) { continue }
            } else if let quarter, !quarter.contains(published) {
                continue
            }
            included += 1
            let folder = "\(publication.number)"
            let requestID = try request.requireID()
            let pdfs = try await EvidencePackDocuments.pdfs(req, requestID: requestID)
            for (name, data) in pdfs { try zip.add(name: "\(folder)/\(name)", bytes: data, modified: req.clock.now()) }
            let attachments = try await Attachment.query(on: req.db).filter(\.$requestID == requestID).sort(\.$position).all()
            for attachment in attachments {
                guard let blob = try await Blob.find(attachment.sha256, on: req.db) else { continue }
                try zip.add(name: "\(folder)/\(FileName.sanitise(attachment.fileName) ?? "file")", bytes: blob.data, modified: attachment.createdAt)
            }
            index += "\(publication.number)\t\(published.iso)\t\(req.publicBaseURL + PublicRoute.item(publication.number).path)\t\(publication.title)\n"
        }
        if included == 0 { index += ComplianceText.packEmpty + "\n" }
        try zip.add(name: "index.txt", bytes: Data(index.utf8), modified: req.clock.now())
        let name = "evidence-\(item.code)-\(checklist.fiscalYear)" + (quarter.map { "-q\($0.number)" } ?? "") + ".zip"
        return download(zip.finish(), type: "application/zip", name: name)
    }
}

extension ChecklistText {
    static func packIndexHeader(item: String, checklist: String, quarter: String?) -> String {
        "หลักฐาน ITA: \(item)\n\(checklist)\n" + (quarter.map { "\($0)\n" } ?? "ทั้งปีงบประมาณ\n") + "\nเลขที่\tวันที่เผยแพร่\tURL\tเรื่อง\n"
    }
}
