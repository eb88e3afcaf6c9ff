import Fluent
import Foundation
import PrakatCore
import Vapor

/// Progress rounds: the report form (actual outputs and spending per activity and quarter,
/// indicator results, problems, suggestions), its workflow and its print page.
struct RoundPages {
    struct Located {
        var project: PlanProject
        var id: UUID
        var document: ProjectDocument
        var year: Int
        var kind: RoundKind
        var round: PlanRound?

        var address: RoundAddress { RoundAddress(project: id, year: FiscalYear(beYear: year), kind: kind) }
    }

    /// The project and round; the public sees approved rounds of public projects only.
    private func locate(_ req: Request, _ address: RoundAddress) async throws -> Located {
        let project = try await req.plans.project(address.project)
        let document = try project.document
        guard document.durations.contains(address.year) else { throw PrakatError.notFound() }
        let year = address.year.beYear, kind = address.kind
        let round = try await req.plans.round(project, year: year, kind: kind)
        if !(req.currentUser?.hasAny(PlanRoles.readers) ?? false), round?.state != .approved { throw PrakatError.notFound() }
        return Located(project: project, id: try project.requireID(), document: document, year: year, kind: kind, round: round)
    }

    struct Cell: Encodable { var name: String; var value: String; var label: String }
    struct FormRow: Encodable { var title: String; var isSub: Bool; var cells: [Cell] }
    struct EnteredField: Encodable { var name: String; var label: String; var value: String; var target: String; var noteName: String; var note: String }
    struct Action: Encodable { var label: String; var path: String; var needsReason: Bool }

    struct Body: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var report: RoundView
        var projectPath: String
        var editable: Bool
        var action: String
        var quarterHeads: [String]
        var formRows: [FormRow]
        var entered: [EnteredField]
        var problems: String
        var suggestions: String
        var summary: String
        var errors: [String]
        var actions: [Action]
        var printPath: String
        var printThaiPath: String
        var pdfPath: String
        var pdfAvailable: Bool
        var pdfMissing: String
        var indicatorChart: ChartView
        var budgetChart: ChartView
        var publishing: ProgressReportDocument?
        /// Where the approved report goes next: a button for staff, or the request already made.
        var publishingAction: String?
        var publishingRequestPath: String?
    }

    static func cellName(_ activity: Int, _ subItem: Int?, _ quarter: Int, _ field: String) -> String {
        "r-\(activity)-\(subItem ?? 0)-\(quarter)-\(field)"
    }

    /// The form's values: what was typed (after an error) or what is stored.
    private func page(_ req: Request, _ at: Located, values: [String: String]?, errors: [String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let data = at.round?.data ?? ProgressReportData()
        let inputs = try await req.plans.inputs(for: at.project, entered: data.entered)
        let outcomes = IndicatorEvaluation.evaluate(at.document, inputs: inputs)
        let actor = try await req.plans.actor(for: at.project)
        let state = at.round?.state ?? .draft
        let editable = actor?.mayEdit == true && at.project.state.isPublic && state == .draft
        func value(_ name: String, _ stored: String) -> String { values?[name] ?? stored }
        var rows: [FormRow] = []
        for activity in at.document.activities.sorted(by: { $0.number < $1.number }) {
            let targets: [(Int?, String)] = [(nil, "\(activity.number). \(activity.title)")] + activity.subItems.enumerated().map { ($0.offset + 1, "- \($0.element.name)") }
            for (subItem, title) in targets {
                let cells = at.kind.quarters.flatMap { q -> [Cell] in
                    let stored = data.actuals.first { $0.activity == activity.number && $0.subItem == subItem && $0.quarter == q }
                    let out = RoundPages.cellName(activity.number, subItem, q, "out")
                    let spent = RoundPages.cellName(activity.number, subItem, q, "spent")
                    return [
                        Cell(name: out, value: value(out, stored?.output?.plainString ?? ""), label: "\(title) ผลผลิตไตรมาส \(q)"),
                        Cell(name: spent, value: value(spent, stored.map { $0.spent == .zero ? "" : $0.spent.formatted } ?? ""), label: "\(title) ใช้จ่ายไตรมาส \(q)")
                    ]
                }
                rows.append(FormRow(title: title, isSub: subItem != nil, cells: cells))
            }
        }
        let entered = at.document.numberedIndicators.filter { $0.indicator.source == .entered && $0.indicator.target != nil }.map { path, indicator, _ in
            let stored = data.indicatorResults.first { $0.path == path }
            return EnteredField(
                name: "ind-\(path)", label: "\(PlanCharts.displayPath(path)) \(indicator.description)",
                value: value("ind-\(path)", stored?.actual.plainString ?? ""), target: indicator.targetText ?? "",
                noteName: "note-\(path)", note: value("note-\(path)", stored?.note ?? ""))
        }
        // The buttons are the steps the workflow allows this person now (PrakatCore decides).
        let facts = RoundFacts(state: state, projectState: at.project.state, submittedBySelf: at.round?.submittedBy == actor?.userID)
        let actions = (actor.map { RoundWorkflow.available(to: $0, on: facts) } ?? []).map { step in
            Action(label: PlansText.label(step), path: PlansRoute.roundAction(at.address, step).path, needsReason: step.requiresReason)
        }
        let report = PlanVsActual.compute(at.document, data: data, round: at.kind, fiscalYear: FiscalYear(beYear: at.year))
        let spent: [Baht?] = (1...4).map { at.kind.quarters.contains($0) ? report.spentByQuarter[$0 - 1] : nil }
        let yearPlan = (1...4).map { q in at.document.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear.beYear == at.year && $0.quarter == q }.map(\.budget).sum() }
        let body = Body(
            report: RoundView(project: at.document, kind: at.kind, year: FiscalYear(beYear: at.year), data: data, outcomes: outcomes, state: at.round?.state),
            projectPath: PlansRoute.project(at.id).path, editable: editable, action: PlansRoute.round(at.address).path,
            quarterHeads: at.kind.quarters.map { "ไตรมาสที่ \($0)" }, formRows: rows, entered: entered,
            problems: values?["problems"] ?? data.problems.joined(separator: "\n"), suggestions: values?["suggestions"] ?? data.suggestions.joined(separator: "\n"),
            summary: values?["summary"] ?? data.summary, errors: errors, actions: actions,
            printPath: PlansRoute.roundPrint(at.address).path, printThaiPath: PlansRoute.roundPrint(at.address, thaiDigits: true).path,
            pdfPath: PlansRoute.roundPDF(at.address).path, pdfAvailable: PlanPDF.isAvailable(req), pdfMissing: PlansText.pdfMissing,
            indicatorChart: ChartView(PlanCharts.indicatorProgress(outcomes)),
            budgetChart: ChartView(PlanCharts.budgetByQuarter(planned: yearPlan, spent: spent, fiscalYear: FiscalYear(beYear: at.year))),
            publishing: state == .approved
                ? ProgressReportDocument(projectID: at.id, unitID: at.project.$unit.id, document: at.document, kind: at.kind, year: at.year, data: data) : nil,
            publishingAction: state == .approved && at.round?.publicationRequestID == nil && req.currentUser?.has(.staff) == true
                ? PlansRoute.roundPublicationRequest(at.address).path : nil,
            publishingRequestPath: state == .approved && req.currentUser?.hasAny(PublishingRoles.participants) == true
                ? at.round?.publicationRequestID.map { PublishingRoute.request($0).path } : nil)
        return try await req.render(
            "Plans/round", title: "\(at.kind.label()) ปี \(at.year) · \(at.document.title)", body, status: status,
            withForm: editable || !actions.isEmpty || body.publishingAction != nil)
    }

    func show(_ req: Request, _ address: RoundAddress) async throws -> Response {
        try await page(req, try await locate(req, address), values: nil, errors: [])
    }

    /// The form again from what was posted, saving nothing (`FormRefill`).
    func refill(_ req: Request, _ address: RoundAddress) async throws -> Response {
        var form = try req.content.decode([String: String].self)
        form["_csrf"] = nil
        return try await page(req, try await locate(req, address), values: form, errors: [])
    }

    /// Reads the form into report data, or Thai messages for what cannot be read.
    static func read(_ form: [String: String], document: ProjectDocument, kind: RoundKind) -> (ProgressReportData, [String]) {
        var data = ProgressReportData()
        var errors: [String] = []
        func text(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        for activity in document.activities {
            for subItem in [nil] + activity.subItems.indices.map({ Optional($0 + 1) }) {
                for q in kind.quarters {
                    let outText = text(cellName(activity.number, subItem, q, "out"))
                    let spentText = text(cellName(activity.number, subItem, q, "spent"))
                    if outText.isEmpty && spentText.isEmpty { continue }
                    let label = "กิจกรรมที่ \(activity.number)\(subItem.map { " รายการย่อยที่ \($0)" } ?? "") ไตรมาสที่ \(q)"
                    var output: Decimal? = nil
                    if !outText.isEmpty {
                        output = Decimal(plain: outText)
                        if output == nil { errors.append("\(label): ผลผลิตต้องเป็นตัวเลข") }
                    }
                    var spent = Baht.zero
                    if !spentText.isEmpty {
                        do { spent = try Baht.parseInput(spentText) } catch { errors.append(PlansText.moneyError(error, label: "\(label) ผลการใช้จ่าย")) }
                    }
                    data.actuals.append(ActualRow(activity: activity.number, subItem: subItem, quarter: q, output: output, spent: spent))
                }
            }
        }
        for (path, _, _) in document.numberedIndicators {
            let value = text("ind-\(path)")
            if value.isEmpty { continue }
            guard let actual = Decimal(plain: value) else {
                errors.append("ตัวชี้วัด \(PlanCharts.displayPath(path)): ผลต้องเป็นตัวเลข")
                continue
            }
            let note = text("note-\(path)")
            data.indicatorResults.append(EnteredResult(path: path, actual: actual, note: note.isEmpty ? nil : note))
        }
        func lines(_ key: String) -> [String] {
            (form[key] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        data.problems = lines("problems")
        data.suggestions = lines("suggestions")
        data.summary = text("summary")
        return (data, errors)
    }

    func save(_ req: Request, _ address: RoundAddress) async throws -> Response {
        let at = try await locate(req, address)
        var form = try req.content.decode([String: String].self)
        form["_csrf"] = nil
        let (data, errors) = RoundPages.read(form, document: at.document, kind: at.kind)
        if !errors.isEmpty { return try await page(req, at, values: form, errors: errors, status: .unprocessableEntity) }
        do {
            try await req.plans.saveRound(at.project, year: at.year, kind: at.kind, data: data)
        } catch let error as PrakatError where error.status == .unprocessableEntity {
            return try await page(req, at, values: form, errors: error.fieldErrors.map(\.message), status: .unprocessableEntity)
        }
        return req.redirect(to: PlansRoute.round(at.address).path, flash: Flash(kind: .success, text: PlansText.roundSaved))
    }

    struct ReasonForm: Content { var reason: String? }

    func perform(_ action: RoundAction, _ req: Request, _ address: RoundAddress) async throws -> Response {
        let at = try await locate(req, address)
        let reason = (try? req.content.decode(ReasonForm.self))?.reason
        let back = PlansRoute.round(at.address).path
        do {
            try await req.plans.perform(action, project: at.project, year: at.year, kind: at.kind, reason: reason)
        } catch let error as PrakatError where error.status == .unprocessableEntity || error.status == .conflict {
            return req.redirect(to: back, flash: Flash(kind: .error, text: error.detail ?? error.title))
        }
        return req.redirect(to: back, flash: Flash(kind: .success, text: PlansText.done(action)))
    }

    /// Issue 5 §6: an approved report becomes a draft publication request of the sender's unit,
    /// pre-filled (title, text, fiscal year and quarter, MOIT 2, the report as PDF when chromium is
    /// there), so it goes through seed 1's approval before it is public. Sent once per round.
    func sendToPublishing(_ req: Request, _ address: RoundAddress) async throws -> Response {
        let at = try await locate(req, address)
        let back = PlansRoute.round(at.address).path
        guard let round = at.round, round.state == .approved else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: PlansText.reportNotApproved))
        }
        let data = round.data
        let origin = PublicationRequest.origin(planRound: try round.requireID())
        func alreadySent() async throws -> Response? {
            let existing: UUID?
            if let linked = round.publicationRequestID, try await PublicationRequest.find(linked, on: req.db) != nil {
                existing = linked
            } else {
                existing = try await PublicationRequest.query(on: req.db).filter(\.$originKey == origin).first()?.id
            }
            return existing.map { req.redirect(to: PublishingRoute.request($0).path, flash: Flash(kind: .info, text: PlansText.reportAlreadySent)) }
        }
        if let sent = try await alreadySent() { return sent }
        let user = try req.requireUser()
        let document = ProgressReportDocument(projectID: at.id, unitID: at.project.$unit.id, document: at.document, kind: at.kind, year: at.year, data: data)
        var input = try await document.requestInput(req)
        input.originKey = origin
        let request: PublicationRequest
        do {
            request = try await req.publishing.create(input, by: user, actor: req.auditActor)
        } catch let error as PublishingError {
            return req.redirect(to: back, flash: Flash(kind: .error, text: PlansText.reportNotSent(error.message)))
        } catch  where DatabaseSetup.isUniqueViolation(error) {
            // A second press that raced the first past the check above: the unique origin
            // stopped it in the database, so open the request the first press made.
            if let sent = try await alreadySent() { return sent }
            throw error
        }
        let requestID = try request.requireID()
        round.publicationRequestID = requestID
        try await round.update(on: req.db)
        // The printed report travels with the request when a PDF can be made; without chromium
        // the request links to the public print page instead (already in its text).
        var flash = PlansText.reportSent
        if req.application.pdfRenderer.isAvailable {
            do {
                // The approved round's public PDF: the kept one, or made now and kept.
                let rendered = try await pdfHTML(req, at)
                let pdf = try await PlanPDF.render(req, html: rendered.html, publicJob: rendered.publicJob)
                _ = try await req.publishing.attach(
                    fileName: PlanPDF.fileName("รายงาน-\(at.kind.label())-\(at.year)"), data: pdf,
                    to: requestID, by: user, actor: req.auditActor)
            } catch {
                req.logger.warning("the report PDF was not attached to request \(requestID): \(String(describing: type(of: error)))")
                flash = PlansText.reportSentWithoutPDF
            }
        }
        return req.redirect(to: PublishingRoute.request(requestID).path, flash: Flash(kind: .success, text: flash))
    }

    struct PrintBody: Encodable {
        var stylesheet: String
        var base: String?
        var report: RoundView
        var agency: String
        var digitsLink: String
        var digitsLabel: String
        var indicatorChart: ChartView
        var budgetChart: ChartView
    }

    private func printBody(_ req: Request, _ at: Located, forPDF: Bool, thaiDigits: Bool = false) async throws -> PrintBody {
        let thai = forPDF || thaiDigits
        let digits: ThaiDigitStyle = thai ? .thai : .arabic
        let data = at.round?.data ?? ProgressReportData()
        let outcomes = IndicatorEvaluation.evaluate(at.document, inputs: try await req.plans.inputs(for: at.project, entered: data.entered))
        let report = PlanVsActual.compute(at.document, data: data, round: at.kind, fiscalYear: FiscalYear(beYear: at.year))
        let yearPlan = (1...4).map { q in at.document.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear.beYear == at.year && $0.quarter == q }.map(\.budget).sum() }
        return PrintBody(
            stylesheet: forPDF ? PlansRoute.printStylesheet : PlansRoute.stylesheet, base: forPDF ? PlanPDF.baseHref(req) : nil,
            report: RoundView(
                project: at.document, kind: at.kind, year: FiscalYear(beYear: at.year), data: data, outcomes: outcomes,
                state: at.round?.state, digits: digits),
            agency: await req.agencyProfile().officialName,
            digitsLink: PlansRoute.roundPrint(at.address, thaiDigits: !thai).path, digitsLabel: thai ? "แสดงเลขอารบิก" : "แสดงเลขไทย",
            indicatorChart: ChartView(PlanCharts.indicatorProgress(outcomes, digits: digits)),
            budgetChart: ChartView(
                PlanCharts.budgetByQuarter(
                    planned: yearPlan, spent: (1...4).map { at.kind.quarters.contains($0) ? report.spentByQuarter[$0 - 1] : nil },
                    fiscalYear: FiscalYear(beYear: at.year), digits: digits)))
    }

    func print(_ req: Request, _ address: RoundAddress, thaiDigits: Bool) async throws -> View {
        let at = try await locate(req, address)
        let body = try await printBody(req, at, forPDF: false, thaiDigits: thaiDigits)
        return try await req.view.render("Plans/round-print", PageView(site: await req.siteContext(), title: body.report.title, page: body))
    }

    func pdf(_ req: Request, _ address: RoundAddress) async throws -> Response {
        let at = try await locate(req, address)
        try PlanPDF.requireRenderer(req)
        let rendered = try await pdfHTML(req, at)
        return try await PlanPDF.respond(req, html: rendered.html, fileName: "รายงาน-\(at.kind.label())-\(at.year)", publicJob: rendered.publicJob)
    }

    /// The HTML of the round's PDF as `address`'s requester may see it (404 otherwise).
    func pdfHTML(_ req: Request, _ address: RoundAddress) async throws -> (html: String, publicJob: PublicPDFJob?) {
        try await pdfHTML(req, try await locate(req, address))
    }

    /// Approved rounds of public projects are public: their PDF is made once per version, ahead
    /// of time, and kept (`PlanPublicPDFs`).
    private func pdfHTML(_ req: Request, _ at: Located) async throws -> (html: String, publicJob: PublicPDFJob?) {
        let body = try await printBody(req, at, forPDF: true)
        let html = try await PlanPDF.html(req, template: "Plans/round-print", title: body.report.title, body: body)
        guard let round = at.round, round.state == .approved, at.project.state.isPublic, let id = round.id else { return (html, nil) }
        return (html, PlanPublicPDFs.round(at.address, id: id))
    }
}
