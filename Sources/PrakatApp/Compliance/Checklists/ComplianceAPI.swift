import Fluent
import Foundation
import PrakatCore
import Vapor

/// `/api/v1/checklists…` and `/api/v1/publications/{id}/checklist-items` (the API contract,
/// "Compliance (ITA)"): the same service as the pages, so the rules are the same.
struct ComplianceAPI {
    struct ChecklistSummary: Content {
        var id: UUID
        var framework: String
        var fiscalYear: Int
        var title: String
        var itemCount: Int
        var publicUrl: String
    }

    func summary(_ req: Request, _ checklist: Checklist, itemCount: Int) throws -> ChecklistSummary {
        ChecklistSummary(
            id: try checklist.requireID(), framework: checklist.framework, fiscalYear: checklist.fiscalYear, title: checklist.title, itemCount: itemCount,
            publicUrl: req.publicBaseURL + ComplianceRoute.publicChecklist(framework: checklist.framework, fiscalYear: checklist.fiscalYear).path)
    }

    func list(_ req: Request) async throws -> Page<ChecklistSummary> {
        let paging = try PageRequest(req)
        let all = try await req.checklists.all()
        let counts = try await req.checklists.itemCounts()
        let items = try all.dropFirst(paging.offset).prefix(paging.perPage).map { try summary(req, $0, itemCount: $0.id.flatMap { counts[$0] } ?? 0) }
        return Page(items: items, page: paging.page, perPage: paging.perPage, total: all.count)
    }

    /// JSON (a list of items in the format of `oit-checklist.json`) or CSV with
    /// `?framework=&fiscalYear=`; any bad row refuses the whole import (422 naming rows).
    func create(_ req: Request) async throws -> Response {
        let framework = try req.singleQueryValue("framework")
        let yearText = try req.singleQueryValue("fiscalYear")
        var problems: [Problem.FieldError] = []
        if let framework, !ChecklistText.isValidFramework(framework) { problems.append(.init(field: "framework", message: ComplianceText.badFrameworkName)) }
        let year = yearText.flatMap { $0.count <= 4 ? Int($0) : nil }
        if yearText != nil, year.map(ChecklistText.fiscalYears.contains) != true { problems.append(.init(field: "fiscalYear", message: ComplianceText.yearOutOfRange)) }
        guard problems.isEmpty else { throw PrakatError.validation(problems) }
        guard let contentType = req.headers.contentType else { throw Self.unsupported }
        let isJSON = contentType.type == "application" && contentType.subType == "json"
        let isCSV = contentType.type == "text" && contentType.subType == "csv"
        guard isJSON || isCSV else { throw Self.unsupported }
        guard let buffer = req.body.data, buffer.readableBytes > 0 else { throw PrakatError.badRequest(ComplianceText.emptyBody) }
        let bytes = Array(buffer.readableBytesView)
        let draft: ChecklistDraft
        do {
            if isJSON {
                draft = try ChecklistImport.parseJSON(bytes, framework: framework, fiscalYear: year)
            } else {
                guard let framework, let year else {
                    throw PrakatError.validation(
                        (framework == nil ? [Problem.FieldError(field: "framework", message: ComplianceText.frameworkMissing)] : [])
                            + (year == nil ? [Problem.FieldError(field: "fiscalYear", message: ComplianceText.yearMissing)] : []))
                }
                draft = try ChecklistImport.parseCSV(bytes, framework: framework, fiscalYear: year)
            }
        } catch let failure as ChecklistImportProblems {
            throw PrakatError.validation(failure.problems.map { .init(field: ($0.row.map { "rows[\($0)]." } ?? "") + $0.field, message: $0.description) })
        }
        let checklist = try await req.checklists.importChecklist(draft, actor: req.auditActor)
        return try await summary(req, checklist, itemCount: draft.items.count).encodeResponse(status: .created, for: req)
    }

    static let unsupported = PrakatError(
        status: .unsupportedMediaType, kind: "unsupported-media-type", title: SupportText.unsupportedMediaTitle, detail: ComplianceText.importMediaTypes)

    struct CopyBody: Decodable {
        var fiscalYear: Int
        var renumber: [String: String]?
    }

    func copy(_ req: Request, id: UUID) async throws -> Response {
        let body = try req.decodeJSON(CopyBody.self)
        let source = try await req.checklists.checklist(id)
        let copy = try await req.checklists.copy(source, to: body.fiscalYear, renumber: body.renumber ?? [:], actor: req.auditActor)
        let count = try await ChecklistItem.query(on: req.db).filter(\.$checklistID == copy.requireID()).count()
        return try await summary(req, copy, itemCount: count).encodeResponse(status: .created, for: req)
    }

    struct StatusBody: Content {
        struct Evidence: Content {
            var title: String
            var url: String
            var publishedAt: Date
        }
        struct Item: Content {
            var code: String
            var title: String
            var period: String
            var status: String
            /// `YYYY-MM-DD`, the deadline that matters now; null when none.
            var dueAt: String?
            var unit: String?
            var evidence: [Evidence]
        }
        var framework: String
        var fiscalYear: Int
        var asOf: String
        var complete: Int
        var total: Int
        var items: [Item]
    }

    func status(_ req: Request, id: UUID) async throws -> StatusBody {
        let checklist = try await req.checklists.checklist(id)
        let report = try await req.checklists.status(of: checklist, publicOnly: true)
        return StatusBody(
            framework: checklist.framework, fiscalYear: checklist.fiscalYear, asOf: report.today.iso, complete: report.complete, total: report.total,
            items: report.rows.map { row in
                StatusBody.Item(
                    code: row.item.code, title: row.item.titleTh, period: row.item.period, status: row.status.rawValue, dueAt: row.dueAt?.iso,
                    unit: row.unitName,
                    evidence: row.evidence.map { .init(title: $0.title, url: req.publicBaseURL + $0.path, publishedAt: $0.publishedAt) })
            })
    }

    struct TagBody: Decodable {
        var items: [String]
    }

    func tagPublication(_ req: Request, id: UUID) async throws -> Response {
        let body = try req.decodeJSON(TagBody.self)
        guard !body.items.isEmpty, body.items.count <= 50 else {
            throw PrakatError.validation([.init(field: "items", message: ComplianceText.itemsCount)])
        }
        guard try await Publication.find(id, on: req.db) != nil else { throw PrakatError.notFound() }
        let ids = try await req.checklists.resolve(body.items)
        try await req.checklists.tag(publicationID: id, itemIDs: ids, by: req.auth.get(User.self)?.id, actor: req.auditActor)
        return Response(status: .noContent)
    }
}

extension ComplianceText {
    static let importMediaTypes = "ส่งรายการตรวจสอบเป็น application/json หรือ text/csv"
    static let emptyBody = "ไม่มีข้อมูลในคำขอ"
    static let itemsCount = "ระบุข้อ 1–50 ข้อ ในรูปแบบ กรอบ/ปีงบประมาณ/รหัส เช่น MOPH-MOIT/2570/MOIT5"
}
