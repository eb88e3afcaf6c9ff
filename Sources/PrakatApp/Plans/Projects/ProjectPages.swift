import Fluent
import Foundation
import PrakatCore
import Vapor

/// A project's page (with the workflow steps this person may take) and its form.
struct ProjectPages {
    struct MismatchView: Encodable {
        var section: Int
        var location: String
        /// The location in Thai for the page (`location` is the API's path, for integrations).
        var locationName: String
        var message: String
        var expected: String
        var actual: String
    }

    struct Action: Encodable {
        var label: String
        var path: String
        var needsReason: Bool
        var primary: Bool
    }

    struct RoundLink: Encodable {
        var label: String
        var path: String
        var state: String
        var due: String
    }

    struct ProjectBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var doc: DocView
        var state: String
        var stateClass: String
        var unit: String
        var strategy: String?
        var fiscalYear: Int
        var total: String
        var totalWords: String
        var mismatches: [MismatchView]
        var actions: [Action]
        var editPath: String?
        var printPath: String
        var printThaiPath: String
        var pdfPath: String
        var pdfAvailable: Bool
        var pdfMissing: String
        var exports: [RoundLink]
        var rounds: [RoundLink]
        var questionnairesPath: String?
        var attendance: [RoundLink]
        var budgetChart: ChartView
        var chartPath: String
        var signedIn: Bool
        var dashboardPath = PlansRoute.dashboard().path
        var actionPlanPath: String
    }

    func show(_ req: Request, projectID id: UUID) async throws -> Response {
        let project = try await req.plans.project(id)
        let document = try project.document
        let tree = try await req.plans.tree(for: project.beYear)
        let actor = try await req.plans.actor(for: project)
        let unit = try await OrgUnit.find(project.$unit.id, on: req.db)
        var strategy: PlanStrategy? = nil
        if let strategyID = project.strategyID { strategy = try await PlanStrategy.find(strategyID, on: req.db) }
        // The buttons are the steps the workflow allows this person now (PrakatCore decides).
        let facts = ProjectFacts(state: project.state, ownWork: actor.map { project.createdBy == $0.userID || project.submittedBy == $0.userID } ?? false)
        let actions =
            actor.map { ProjectWorkflow.available(to: $0, on: facts) }.map { steps in
                steps.map { step in
                    Action(
                        label: PlansText.label(step), path: PlansRoute.projectAction(id, step).path, needsReason: step.requiresReason,
                        primary: step != .return)
                }
            } ?? []
        let signedIn = req.currentUser?.hasAny(PlanRoles.readers) ?? false
        var rounds: [RoundLink] = []
        if project.state.isPublic {
            let stored = try await PlanRound.query(on: req.db).filter(\.$project.$id == id).all()
            for year in document.durations.years {
                for kind in [RoundKind.m6, .m9, .m12, .q1, .q2, .q3, .q4] {
                    let round = stored.first { $0.beYear == year.beYear && $0.kind == kind }
                    if !signedIn && round?.state != .approved { continue }
                    rounds.append(
                        RoundLink(
                            label: "\(kind.label()) ปี \(year.beYear)", path: PlansRoute.round(RoundAddress(project: id, year: year, kind: kind)).path,
                            state: round?.state.thaiName ?? "ยังไม่เริ่ม", due: ThaiDateFormat.short(kind.dueDate(in: year), digits: .arabic)))
                }
            }
        }
        let quarterPlan = (1...4).map { q in document.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear == document.fiscalYear && $0.quarter == q }.map(\.budget).sum() }
        let latest = try await PlanRound.query(on: req.db).filter(\.$project.$id == id).filter(\.$beYear == document.fiscalYear.beYear).all()
            .filter { signedIn || $0.state == .approved }.max { $0.kind.endQuarter < $1.kind.endQuarter || ($0.kind.endQuarter == $1.kind.endQuarter && $0.kind.isQuarterly) }
        let spent: [Baht?] = (1...4).map { q in
            guard let latest, latest.kind.quarters.contains(q) else { return nil }
            return latest.data.actuals.filter { $0.quarter == q && $0.subItem == nil }.map(\.spent).sum()
        }
        let body = ProjectBody(
            doc: DocView(document, tree: tree), state: project.state.thaiName, stateClass: project.stateRaw, unit: unit?.nameTh ?? "",
            strategy: strategy.map { "\($0.code) \($0.nameTh)" }, fiscalYear: project.beYear, total: document.totalBudget.formatted,
            totalWords: BahtText.words(document.totalBudget),
            mismatches: signedIn
                ? ProjectChecks.check(document, tree: tree).map {
                    MismatchView(
                        section: $0.section, location: $0.location, locationName: PlansText.locationName($0.location), message: $0.message, expected: $0.expected, actual: $0.actual
                    )
                } : [],
            actions: actions, editPath: actor.map { project.state == .draft && $0.mayEdit } == true ? PlansRoute.projectUpdate(id).path : nil,
            printPath: PlansRoute.projectPrint(id).path, printThaiPath: PlansRoute.projectPrint(id, thaiDigits: true).path,
            pdfPath: PlansRoute.projectPDF(id).path, pdfAvailable: PlanPDF.isAvailable(req), pdfMissing: PlansText.pdfMissing,
            exports: ProjectExportTable.allCases.map { RoundLink(label: PlansText.exportName($0), path: PlansRoute.projectExport(id, $0).path, state: "", due: "") },
            rounds: rounds, questionnairesPath: signedIn ? PlansRoute.questionnaires(id).path : nil,
            attendance: signedIn
                ? document.activities.map { RoundLink(label: "กิจกรรมที่ \($0.number)", path: PlansRoute.attendance(id, activity: $0.number).path, state: "", due: "") } : [],
            budgetChart: ChartView(PlanCharts.budgetByQuarter(planned: quarterPlan, spent: spent, fiscalYear: document.fiscalYear)),
            chartPath: PlansRoute.projectBudgetChart(id).path, signedIn: signedIn, actionPlanPath: PlansRoute.actionPlan(FiscalYear(beYear: project.beYear)).path)
        return try await req.render("Plans/project", title: project.title, body, withForm: !actions.isEmpty)
    }

    struct ReasonForm: Content { var reason: String? }

    func perform(_ action: ProjectAction, _ req: Request, projectID id: UUID) async throws -> Response {
        let project = try await req.plans.project(id)
        let form = try? req.content.decode(ReasonForm.self)
        do {
            try await req.plans.perform(action, on: project, reason: form?.reason)
        } catch let error as PrakatError where error.status == .unprocessableEntity || error.status == .conflict {
            return req.redirect(to: PlansRoute.project(id).path, flash: Flash(kind: .error, text: error.detail ?? error.title))
        }
        return req.redirect(to: PlansRoute.project(id), flash: Flash(kind: .success, text: PlansText.done(action)))
    }

    /// The form again from what was posted, saving nothing: the answer when the person's
    /// form token or session expired while they typed (`FormRefill`).
    func refill(_ req: Request, projectID: UUID?) async throws -> Response {
        let project = try await projectID.asyncMap { try await req.plans.project($0) }
        return try await renderForm(req, project: project, form: try postedForm(req), errors: FormErrors())
    }

    private func renderForm(
        _ req: Request, project: PlanProject?, form: ProjectForm, errors: FormErrors, extra: [String] = [],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let user = try req.requireUser()
        let year = form.fiscalYearValue ?? project?.beYear ?? FiscalYear.containing(req.clock.now()).beYear
        let units = try await OrgUnit.query(on: req.db).all()
        let unitFixed: String? = user.has(.planner) ? nil : units.first { $0.id == (project?.$unit.id ?? user.$unit.id) }?.nameTh ?? ""
        let strategies = try await PlanStrategy.query(on: req.db).filter(\.$beYear == year).sort(\.$position).all()
        let tree = try await req.plans.tree(for: year)
        let action = try project.map { PlansRoute.projectUpdate(try $0.requireID()).path } ?? PlansRoute.projectCreate.path
        let cancel = try project.map { PlansRoute.project(try $0.requireID()).path } ?? PlansRoute.dashboard().path
        let body = ProjectFormPage.body(
            form, errors: errors, extra: extra, action: action, cancel: cancel, isNew: project == nil,
            units: units, unitFixed: unitFixed, strategies: strategies, tree: tree)
        return try await req.render("Plans/project-form", title: project == nil ? PlansText.newProjectTitle : PlansText.editProjectTitle, body, status: status)
    }

    func new(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        var form = ProjectForm.blank(fiscalYear: FiscalYear.containing(req.clock.now()).beYear)
        form.values["unitId"] = user.$unit.id?.uuidString.lowercased() ?? ""
        return try await renderForm(req, project: nil, form: form, errors: FormErrors())
    }

    private func postedForm(_ req: Request) throws -> ProjectForm {
        var values = try req.content.decode([String: String].self)
        values["_csrf"] = nil
        values["addRow"] = nil
        return ProjectForm(values: values)
    }

    /// "+ เพิ่ม…" buttons: the same form back with one more blank row of that kind, nothing
    /// saved, so a long project can be typed in one sitting without JavaScript.
    private func addedRow(_ req: Request, _ form: ProjectForm) -> ProjectForm? {
        guard let kind = try? req.content.get(String.self, at: "addRow"), let key = ProjectForm.rowCountKeys[kind] else { return nil }
        var form = form
        form.values[key] = String(min(200, form.rows(key, blank: 0) + 1))
        return form
    }

    func create(_ req: Request) async throws -> Response {
        let form = try postedForm(req)
        if let more = addedRow(req, form) { return try await renderForm(req, project: nil, form: more, errors: FormErrors()) }
        let (document, errors) = form.document()
        guard let document else { return try await renderForm(req, project: nil, form: form, errors: errors, status: .unprocessableEntity) }
        do {
            let (project, checks) = try await req.plans.create(
                document,
                placement: .init(
                    unitID: UUID(uuidString: form["unitId"]),
                    strategyID: UUID(uuidString: form["strategyId"])))
            return req.redirect(
                to: PlansRoute.project(try project.requireID()).path,
                flash: Flash(kind: checks.isEmpty ? .success : .info, text: checks.isEmpty ? PlansText.projectSaved : PlansText.projectSavedWithMismatches))
        } catch let error as PrakatError where error.status == .unprocessableEntity {
            return try await renderForm(req, project: nil, form: form, errors: errors, extra: error.fieldErrors.map(\.message), status: .unprocessableEntity)
        }
    }

    func edit(_ req: Request, projectID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        let actor = try await req.plans.requireActor(for: project)
        try mapped { try ProjectWorkflow.edit(project.state, by: actor) }
        return try await renderForm(
            req, project: project, form: ProjectForm(document: try project.document, unitID: project.$unit.id, strategyID: project.strategyID),
            errors: FormErrors())
    }

    func update(_ req: Request, projectID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        let form = try postedForm(req)
        if let more = addedRow(req, form) {
            let actor = try await req.plans.requireActor(for: project)
            try mapped { try ProjectWorkflow.edit(project.state, by: actor) }
            return try await renderForm(req, project: project, form: more, errors: FormErrors())
        }
        let (document, errors) = form.document()
        guard let document else { return try await renderForm(req, project: project, form: form, errors: errors, status: .unprocessableEntity) }
        do {
            let checks = try await req.plans.update(project, with: document, strategyID: UUID(uuidString: form["strategyId"]))
            return req.redirect(
                to: PlansRoute.project(try project.requireID()).path,
                flash: Flash(kind: checks.isEmpty ? .success : .info, text: checks.isEmpty ? PlansText.projectSaved : PlansText.projectSavedWithMismatches))
        } catch let error as PrakatError where error.status == .unprocessableEntity {
            return try await renderForm(req, project: project, form: form, errors: errors, extra: error.fieldErrors.map(\.message), status: .unprocessableEntity)
        }
    }
}
