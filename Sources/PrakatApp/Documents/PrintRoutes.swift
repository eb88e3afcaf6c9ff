import Fluent
import Foundation
import PrakatCore
import Vapor

/// Printable evidence for each request (issue 3 §5): the publication request form laid out like
/// seed 1's, and the memo asking permission to publish (บันทึกข้อความ … ขออนุญาตนำไปเผยแพร่บนเว็บไซต์),
/// as A4 print pages with Thai digits and Buddhist Era dates, and as PDF.
struct PrintRoutes {

    struct SignOff: Encodable {
        var role: String
        var name: String
        var position: String
        var date: String
        var signed: Bool
    }

    /// The head of agency's อนุญาต / ไม่อนุญาต on the memo: signed in the system with its time
    /// once decided, blank lines for a pen otherwise.
    struct HeadBlock: Encodable {
        var signed: Bool
        var decision: String
        var name: String
        var position: String
        var date: String
        var reason: String?

        static let unsigned = HeadBlock(signed: false, decision: "", name: "", position: "", date: "", reason: nil)
    }

    struct PrintBody: Encodable {
        var stylesheet: String
        var agencyName: String
        var agencyPhone: String
        var unitName: String
        var requestDate: String
        var title: String
        var detailsLines: [String]
        var links: [String]
        var note: String?
        var categoryName: String
        var period: String
        var sourceLine: String?
        var urgent: Bool
        var signOffs: [SignOff]
        var checklist: [String]
        var fiscalLabel: String
        var reference: String
        var memoSubject: String
        var memoTo: String
        var memoBody: [String]
        var memoSigner: SignOff
        /// Position and head title under the memo's signature, never the unit's kind twice.
        var memoSignerLines: [String]
        var agencyHead: HeadBlock
        /// The form's contact and document number, when the requester gave them.
        var requesterPhone: String?
        var esarabanNumber: String?
        var pdfPath: String
        var otherPath: String
        var backPath: String
        var pdfAvailable: Bool
        var pdfHint: String
        var isPDF: Bool
    }

    func page(_ req: Request, requestID id: UUID, memo: Bool, pdf: Bool) async throws -> Response {
        guard let request = try await req.publishing.request(id) else {
            throw PrakatError.notFound()
        }
        let head = try await OrgUnit.find(request.$unit.id, on: req.db)?.headUserID
        guard PublishingService.canView(request, user: try req.requireUser(), unitHeadID: head) else { throw PrakatError.notFound() }
        let renderer = req.application.pdfRenderer
        let resources = req.application.prakat.resourcesDirectory
        let stylesheet = pdf ? "file://" + (resources as NSString).appendingPathComponent("Public/css/print.css") : "/css/print.css"
        let body = try await model(request, req: req, stylesheet: stylesheet, memo: memo, isPDF: pdf, pdfAvailable: renderer.isAvailable)
        let template = memo ? "Documents/memo" : "Documents/form"
        let title = memo ? PublishingText.memoTitle : PublishingText.formTitle
        if !pdf {
            return try await req.render(template, title: title, body)
        }
        guard renderer.isAvailable else {
            throw PrakatError(status: .serviceUnavailable, kind: "pdf-unavailable", title: "ยังสร้าง PDF ไม่ได้", detail: PublishingText.chromiumMissing)
        }
        let view = try await req.view.render(template, PageView(site: await req.siteContext(), title: title, page: body))
        let html = String(buffer: view.data)
        do {
            let data = try await renderer.render(html: html)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "application/pdf")
            let name = (memo ? "บันทึกข้อความ-" : "แบบฟอร์มขอเผยแพร่-") + String(request.title.prefix(60)) + ".pdf"
            headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.inline(fileName: FileName.sanitise(name) ?? "request.pdf"))
            headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
            return Response(status: .ok, headers: headers, body: .init(data: data))
        } catch PDFRenderer.Failure.busy {
            throw PrakatError.pdfBusy()
        } catch {
            req.logger.error("PDF rendering failed: \(error)")
            throw PrakatError(
                status: .serviceUnavailable, kind: "pdf-failed", title: "สร้าง PDF ไม่สำเร็จ",
                detail: "ระบบสร้างไฟล์ PDF ไม่สำเร็จในครั้งนี้ กรุณาใช้หน้าสำหรับพิมพ์ แล้วเลือก “บันทึกเป็น PDF” จากเบราว์เซอร์")
        }
    }

    func model(_ request: PublicationRequest, req: Request, stylesheet: String, memo: Bool, isPDF: Bool, pdfAvailable: Bool) async throws -> PrintBody {
        let id = try request.requireID()
        let agency = await req.agencyProfile()
        let unit = try await OrgUnit.find(request.$unit.id, on: req.db)
        let category = try await SiteCategory.find(request.$category.id, on: req.db)
        let tags = try await RequestChecklistTag.query(on: req.db).filter(\.$requestID == id).all().map(\.checklistItemID)
        let items = tags.isEmpty ? [] : try await ChecklistItem.query(on: req.db).filter(\.$id ~~ tags).sort(\.$position).all()
        // Official documents use Thai digits.
        func thai(_ s: String) -> String { ThaiDigits.toThai(s) }
        func day(_ date: Date?) -> String { date.map { ThaiDateFormat.long($0, digits: .thai) } ?? "" }
        let requestDate = CalendarDate(iso: request.requestDate).map { ThaiDateFormat.long($0, digits: .thai) } ?? ""
        let start = request.publishAt.map { ThaiDateFormat.long($0, digits: .thai) } ?? "วันที่ได้รับอนุมัติ"
        let period = request.expireAt.map { "ตั้งแต่ \(start) ถึง \(ThaiDateFormat.long($0, digits: .thai))" } ?? "ตั้งแต่ \(start) (ไม่กำหนดวันสิ้นสุด)"
        let sourceLine = request.sourceName.map { name in
            thai(name) + (request.sourceDate.flatMap(CalendarDate.init(iso:)).map { " (" + ThaiDateFormat.long($0, digits: .thai) + ")" } ?? "")
        }
        let provider = SignOff(
            role: "ผู้รับผิดชอบการให้ข้อมูล", name: request.providerName, position: request.providerPosition,
            date: request.submittedAt.map { day($0) } ?? requestDate, signed: request.submittedAt != nil)
        let approver = SignOff(
            role: "ผู้อนุมัติรับรอง", name: request.approverName ?? "", position: request.approverPosition ?? "",
            date: day(request.approvedAt), signed: request.approvedAt != nil)
        let publisher = SignOff(
            role: "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่", name: request.publisherName ?? "", position: request.publisherPosition ?? "",
            date: day(request.publishedAt), signed: request.publishedAt != nil)
        let agencyName = agency.officialName
        let checklistLabels = items.map { thai("\($0.code) \($0.titleTh)") }
        var memoBody = [
            "ด้วย\(unit?.nameTh ?? "") \(agencyName) ได้จัดทำข้อมูลเรื่อง “\(request.title)” เพื่อเผยแพร่ต่อสาธารณะในหมวด\(category?.nameTh ?? "") \(period)",
            "ข้อมูลดังกล่าวได้ผ่านการตรวจสอบความถูกต้องและความเหมาะสมตามแนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงานแล้ว รายละเอียดตามแบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ที่แนบมาพร้อมนี้"
        ]
        if !checklistLabels.isEmpty {
            memoBody.append("ทั้งนี้ เพื่อเป็นหลักฐานการดำเนินงานตามหลักเกณฑ์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ข้อ " + checklistLabels.joined(separator: ", "))
        }
        memoBody.append("จึงเรียนมาเพื่อโปรดพิจารณา หากเห็นชอบขออนุญาตนำไปเผยแพร่บนเว็บไซต์ของ\(agencyName)ต่อไป")
        let quarter = FiscalQuarter(fiscalYear: FiscalYear(beYear: request.fiscalYear), number: request.fiscalQuarter)
        var agencyHead = HeadBlock.unsigned
        if let decided = request.permittedAt {
            let refused = request.state == .rejected
            agencyHead = HeadBlock(
                signed: true, decision: refused ? "( ) อนุญาต (✓) ไม่อนุญาต" : "(✓) อนุญาต ( ) ไม่อนุญาต", name: request.permitterName ?? "",
                position: thai(request.permitterPosition ?? ""), date: ThaiDateFormat.long(decided, digits: .thai, showsTime: true),
                reason: refused ? request.stateReason.map(thai) : nil)
        }
        return PrintBody(
            stylesheet: stylesheet, agencyName: agencyName, agencyPhone: thai(agency.phone ?? ""), unitName: unit?.nameTh ?? "",
            requestDate: requestDate, title: thai(request.title),
            // Line by line, so the printed form keeps the paragraphs and list items the author wrote.
            detailsLines: request.details.split(whereSeparator: \.isNewline).map { Markdown.plainText(String($0)) }.filter { !$0.isEmpty }.map(thai),
            links: request.links, note: request.note.map(thai), categoryName: category?.nameTh ?? "", period: period, sourceLine: sourceLine,
            urgent: request.urgent, signOffs: [provider, approver, publisher], checklist: checklistLabels,
            fiscalLabel: thai("ปีงบประมาณ พ.ศ. \(request.fiscalYear)" + (quarter.map { " ไตรมาสที่ \($0.number)" } ?? "")),
            // The year in Thai digits; the id part is hexadecimal and stays as the staff pages show it.
            reference: "คำขอเลขที่ " + thai("\(request.fiscalYear)") + "/" + RequestReference.idPart(id),
            memoSubject: "ขออนุญาตนำข้อมูลเผยแพร่บนเว็บไซต์ของหน่วยงาน",
            memoTo: "หัวหน้าส่วนราชการ \(agencyName)",
            memoBody: memoBody.map(thai),
            memoSigner: SignOff(
                role: UnitHeadTitle.title(unitName: unit?.nameTh ?? ""), name: request.approverName ?? "",
                position: request.approverPosition ?? "", date: day(request.approvedAt), signed: request.approvedAt != nil),
            memoSignerLines: UnitHeadTitle.signatureLines(position: request.approverPosition ?? "", unitName: unit?.nameTh ?? "").map(thai),
            agencyHead: agencyHead, requesterPhone: request.requesterPhone.map(thai), esarabanNumber: request.esarabanNumber.map(thai),
            pdfPath: memo ? PublishingRoute.printMemoPDF(id).path : PublishingRoute.printFormPDF(id).path,
            otherPath: memo ? PublishingRoute.printForm(id).path : PublishingRoute.printMemo(id).path,
            backPath: PublishingRoute.request(id).path, pdfAvailable: pdfAvailable, pdfHint: PublishingText.chromiumMissing, isPDF: isPDF)
    }
}

/// The memo and the request form of a published request, for evidence packs: PDFs when the
/// renderer is installed, else the print pages as HTML (a browser prints them the same way).
enum EvidencePackDocuments {
    static func pdfs(_ req: Request, requestID: UUID) async throws -> [(String, Data)] {
        guard let request = try await PublicationRequest.find(requestID, on: req.db) else { return [] }
        let renderer = req.application.pdfRenderer
        let resources = req.application.prakat.resourcesDirectory
        var files: [(String, Data)] = []
        for memo in [true, false] {
            let stylesheet = renderer.isAvailable ? "file://" + (resources as NSString).appendingPathComponent("Public/css/print.css") : "/css/print.css"
            let body = try await PrintRoutes().model(request, req: req, stylesheet: stylesheet, memo: memo, isPDF: renderer.isAvailable, pdfAvailable: renderer.isAvailable)
            let template = memo ? "Documents/memo" : "Documents/form"
            let title = memo ? PublishingText.memoTitle : PublishingText.formTitle
            let view = try await req.view.render(template, PageView(site: await req.siteContext(), title: title, page: body))
            let html = String(buffer: view.data)
            let stem = memo ? "memo" : "form"
            if renderer.isAvailable, let data = try? await renderer.render(html: html) {
                files.append((stem + ".pdf", data))
            } else {
                files.append((stem + ".html", Data(html.utf8)))
            }
        }
        return files
    }
}
