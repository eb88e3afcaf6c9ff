import Fluent
import Foundation
import PrakatCore
import Vapor

/// Pages of the Plans feature: dashboard, fiscal years and the action plan, projects (view,
/// edit, workflow, print, PDF, CSV, charts). Rounds and evaluation have their own files.
struct PlansRoutes {
    func register(_ routes: any RoutesBuilder) {
        let plans = routes.grouped("plans")
        let readers = AccessPolicy.roles(PlanService.readers)
        plans.on(.GET, "", policy: readers, use: dashboard)
        plans.on(.GET, "years", policy: .everyone, use: years)
        plans.on(.POST, "years", policy: .roles([.planner]), use: createYear)
        plans.on(.GET, "years", ":year", policy: .everyone, use: actionPlan)
        plans.on(.POST, "years", ":year", "strategies", policy: .roles([.planner]), use: createStrategy)
        plans.on(.GET, "projects", "new", policy: .roles(PlanService.editors), use: newProject)
        plans.on(.POST, "projects", policy: .roles(PlanService.editors), use: createProject).keepsTypedText { req in
            try await renderForm(req, project: nil, form: try postedForm(req), errors: FormErrors())
        }
        plans.on(.GET, "projects", ":id", policy: .everyone, use: showProject)
        plans.on(.GET, "projects", ":id", "edit", policy: .roles(PlanService.editors), use: editProject)
        plans.on(.POST, "projects", ":id", "edit", policy: .roles(PlanService.editors), use: updateProject).keepsTypedText { req in
            try await renderForm(req, project: try await req.plans.project(req.parameters.get("id")), form: try postedForm(req), errors: FormErrors())
        }
        for action in PlanService.ProjectAction.allCases {
            let policy: AccessPolicy = action == .submit ? .roles(PlanService.editors)
                : .roles(PlanService.approvers.union(action == .activate ? PlanService.editors : []))
            plans.on(.POST, "projects", ":id", PathComponent(stringLiteral: action.rawValue), policy: policy) { req in
                try await projectAction(req, action)
            }
        }
        plans.on(.GET, "projects", ":id", "print", policy: .everyone, use: printProject)
        plans.on(.GET, "projects", ":id", "print.pdf", policy: .everyone, use: projectPDF)
        plans.on(.GET, "projects", ":id", "export", ":table", policy: .everyone, use: exportCSV)
        plans.on(.GET, "projects", ":id", "charts", "budget.svg", policy: .everyone, use: budgetChart)
    }

    // MARK: Dashboard

    struct ProjectRow: Encodable {
        var title: String
        var path: String
        var year: Int
        var unit: String
        var state: String
        var stateClass: String
        var total: String
        var mismatches: Int
    }

    struct LateRound: Encodable {
        var project: String
        var round: String
        var due: String
        var status: String
        var path: String
    }

    struct DashboardBody: Encodable {
        var stylesheet = PlanLink.stylesheet.path
        var projects: [ProjectRow]
        var late: [LateRound]
        var years: [YearRow]
        var newProject: String?
        var yearsPath = PlanLink.years.path
        var isPlanner: Bool
        var selectedYear: Int?
    }

    struct YearRow: Encodable {
        var year: Int
        var title: String
        var path: String
        var projectCount: Int
        var total: String
    }

    static func projectRows(_ projects: [PlanProject], units: [UUID: OrgUnit]) throws -> [ProjectRow] {
        // Thai order in Swift: SQLite's ORDER BY compares code points.
        try projects.sorted { $0.beYear != $1.beYear ? $0.beYear > $1.beYear : thaiOrder($0.title, $1.title) }
            .map { project in
                ProjectRow(title: project.title, path: PlanLink.project(try project.requireID()).path, year: project.beYear,
                           unit: units[project.$unit.id]?.nameTh ?? "", state: project.state.thaiName, stateClass: project.stateRaw,
                           total: Baht(satang: project.totalSatang).formatted, mismatches: project.mismatchCount)
            }
    }

    func dashboard(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let selected = req.query[Int.self, at: "fiscalYear"]
        var query = PlanProject.query(on: req.db)
        if let selected { query = query.filter(\.$beYear == selected) }
        let projects = try await query.all()
        let units = Dictionary(try await OrgUnit.query(on: req.db).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        // Late rounds: every round of a running project whose due date has passed without a submission.
        let today = CalendarDate.bangkok(containing: req.clock.now())
        var late: [LateRound] = []
        for project in projects where project.state.isPublic {
            let rounds = try await PlanRound.query(on: req.db).filter(\.$project.$id == project.requireID()).all()
            let years = (try? project.document.durations.years) ?? [FiscalYear(beYear: project.beYear)]
            for year in years {
                for kind in RoundKind.allCases {
                    let round = rounds.first { $0.beYear == year.beYear && $0.kind == kind }
                    let submittedOn = round?.submittedAt.map { CalendarDate.bangkok(containing: $0) }
                    guard RoundWorkflow.isLate(kind: kind, fiscalYear: year, submittedOn: round?.state == .draft ? nil : submittedOn, today: today) else { continue }
                    late.append(LateRound(project: project.title, round: "\(kind.label()) ปี \(year.beYear)",
                                          due: ThaiDateFormat.short(kind.dueDate(in: year), digits: .arabic),
                                          status: submittedOn == nil || round?.state == .draft ? "ยังไม่ส่ง" : "ส่งล่าช้า",
                                          path: PlanLink.round(try project.requireID(), year.beYear, kind).path))
                }
            }
        }
        let years = try await PlanFiscalYear.query(on: req.db).sort(\.$beYear, .descending).all()
        let yearRows = years.map { year in
            let inYear = projects.filter { $0.beYear == year.beYear }
            return YearRow(year: year.beYear, title: year.planTitle, path: PlanLink.actionPlan(year.beYear).path, projectCount: inYear.count,
                           total: Baht(satang: inYear.map(\.totalSatang).reduce(0, +)).formatted)
        }
        return try await req.render("Plans/dashboard", title: PlansText.dashboardTitle, DashboardBody(
            projects: try PlansRoutes.projectRows(projects, units: units), late: late, years: yearRows,
            newProject: user.hasAny(PlanService.editors) ? PlanLink.newProject.path : nil, isPlanner: user.has(.planner), selectedYear: selected))
    }

    // MARK: Fiscal years and the action plan

    struct YearsBody: Encodable {
        var stylesheet = PlanLink.stylesheet.path
        var years: [YearRow]
        var action = PlanLink.years.path
        var canCreate: Bool
        var errors: FormErrors
        var year: String
        var planTitle: String
    }

    func years(_ req: Request) async throws -> Response {
        try await yearsPage(req, errors: FormErrors(), year: "", planTitle: "")
    }

    private func yearsPage(_ req: Request, errors: FormErrors, year: String, planTitle: String, status: HTTPResponseStatus = .ok) async throws -> Response {
        let years = try await PlanFiscalYear.query(on: req.db).sort(\.$beYear, .descending).all()
        let visible = try await visibleProjects(req)
        let rows = years.map { y in
            let inYear = visible.filter { $0.beYear == y.beYear }
            return YearRow(year: y.beYear, title: y.planTitle, path: PlanLink.actionPlan(y.beYear).path, projectCount: inYear.count,
                           total: Baht(satang: inYear.map(\.totalSatang).reduce(0, +)).formatted)
        }
        return try await req.render("Plans/years", title: PlansText.yearsTitle, YearsBody(
            years: rows, canCreate: req.currentUser?.has(.planner) ?? false, errors: errors, year: year, planTitle: planTitle), status: status)
    }

    private func visibleProjects(_ req: Request) async throws -> [PlanProject] {
        let all = try await PlanProject.query(on: req.db).all()
        return all.filter { req.plans.mayRead($0) }
    }

    struct YearForm: Content { var year: String?; var planTitle: String? }

    func createYear(_ req: Request) async throws -> Response {
        let form = try req.content.decode(YearForm.self)
        var errors = FormErrors()
        let yearText = ThaiDigits.toArabic(form.year ?? "").trimmingCharacters(in: .whitespaces)
        let year = Int(yearText).flatMap { FiscalYear.inputBEYears.contains($0) ? $0 : nil }
        if year == nil { errors.add("year", "ระบุปีงบประมาณเป็นปี พ.ศ. เช่น 2569 (\(FiscalYear.inputBEYears.lowerBound)–\(FiscalYear.inputBEYears.upperBound))") }
        let title = (form.planTitle ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let year, errors.isEmpty, try await PlanFiscalYear.query(on: req.db).filter(\.$beYear == year).count() > 0 {
            errors.add("year", "มีปีงบประมาณ \(year) แล้ว")
        }
        guard errors.isEmpty, let year else {
            return try await yearsPage(req, errors: errors, year: form.year ?? "", planTitle: title, status: .unprocessableEntity)
        }
        let record = PlanFiscalYear(beYear: year, planTitle: title.isEmpty ? "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. \(year)" : title)
        let actor = req.auditActor
        try await req.writer.write { tx in
            try await record.create(on: tx.db)
            try await req.audit.record(AuditEvent("fiscalYear.created", entityType: "fiscalYear", entityID: String(year), details: ["title": record.planTitle]), by: actor, in: tx)
        }
        return req.redirect(to: PlanLink.actionPlan(year).path, flash: Flash(kind: .success, text: PlansText.yearCreated))
    }

    struct StrategyGroup: Encodable {
        var code: String
        var name: String
        var projects: [ProjectRow]
        var total: String
    }

    struct ActionPlanBody: Encodable {
        var stylesheet = PlanLink.stylesheet.path
        var year: Int
        var planTitle: String
        var period: String
        var groups: [StrategyGroup]
        var total: String
        var totalWords: String
        var canEdit: Bool
        var strategyAction: String
        var errors: FormErrors
    }

    func actionPlan(_ req: Request) async throws -> Response {
        try await actionPlanPage(req, errors: FormErrors())
    }

    private func actionPlanPage(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let year = req.parameters.get("year").flatMap(Int.init), let record = try await PlanFiscalYear.query(on: req.db).filter(\.$beYear == year).first() else {
            throw PrakatError.notFound()
        }
        let strategies = try await PlanStrategy.query(on: req.db).filter(\.$beYear == year).sort(\.$position).all()
        let projects = try await visibleProjects(req).filter { $0.beYear == year }
        let units = Dictionary(try await OrgUnit.query(on: req.db).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        var groups: [StrategyGroup] = []
        for strategy in strategies {
            let inGroup = projects.filter { $0.strategyID == strategy.id }
            groups.append(StrategyGroup(code: strategy.code, name: strategy.nameTh, projects: try PlansRoutes.projectRows(inGroup, units: units),
                                        total: Baht(satang: inGroup.map(\.totalSatang).reduce(0, +)).formatted))
        }
        let loose = projects.filter { project in !strategies.contains { $0.id == project.strategyID } }
        if !loose.isEmpty {
            groups.append(StrategyGroup(code: "", name: "ยังไม่ระบุยุทธศาสตร์", projects: try PlansRoutes.projectRows(loose, units: units),
                                        total: Baht(satang: loose.map(\.totalSatang).reduce(0, +)).formatted))
        }
        let total = Baht(satang: projects.map(\.totalSatang).reduce(0, +))
        let fy = FiscalYear(beYear: year)
        return try await req.render("Plans/action-plan", title: record.planTitle, ActionPlanBody(
            year: year, planTitle: record.planTitle,
            period: "\(ThaiDateFormat.long(fy.firstDay, digits: .arabic)) – \(ThaiDateFormat.long(fy.lastDay, digits: .arabic))",
            groups: groups, total: total.formatted, totalWords: BahtText.words(total), canEdit: req.currentUser?.has(.planner) ?? false,
            strategyAction: PlanLink.strategies(year).path, errors: errors), status: status)
    }

    struct StrategyForm: Content { var code: String?; var nameTh: String? }

    func createStrategy(_ req: Request) async throws -> Response {
        guard let year = req.parameters.get("year").flatMap(Int.init), try await PlanFiscalYear.query(on: req.db).filter(\.$beYear == year).count() > 0 else {
            throw PrakatError.notFound()
        }
        let form = try req.content.decode(StrategyForm.self)
        let code = (form.code ?? "").trimmingCharacters(in: .whitespaces)
        let name = (form.nameTh ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if code.isEmpty || code.count > 20 { errors.add("code", "ระบุรหัสยุทธศาสตร์ (ไม่เกิน 20 ตัวอักษร) เช่น 1") }
        if name.isEmpty { errors.add("nameTh", "ระบุชื่อยุทธศาสตร์") }
        if errors.isEmpty, try await PlanStrategy.query(on: req.db).filter(\.$beYear == year).filter(\.$code == code).count() > 0 {
            errors.add("code", "มียุทธศาสตร์รหัส \(code) แล้ว")
        }
        if !errors.isEmpty { return try await actionPlanPage(req, errors: errors, status: .unprocessableEntity) }
        let position = try await PlanStrategy.query(on: req.db).filter(\.$beYear == year).count() + 1
        let strategy = PlanStrategy(beYear: year, code: code, nameTh: name, position: position)
        let actor = req.auditActor
        try await req.writer.write { tx in
            try await strategy.create(on: tx.db)
            try await req.audit.record(AuditEvent("strategy.created", entityType: "strategy", entityID: strategy.id?.uuidString,
                                                  details: ["year": String(year), "code": code, "nameTh": name]), by: actor, in: tx)
        }
        return req.redirect(to: PlanLink.actionPlan(year).path, flash: Flash(kind: .success, text: PlansText.strategyCreated))
    }

    // MARK: Project page

    struct MismatchView: Encodable {
        var section: Int
        var location: String
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
        var stylesheet = PlanLink.stylesheet.path
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
        var dashboardPath = PlanLink.dashboard.path
        var actionPlanPath: String
    }

    func showProject(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        let id = try project.requireID()
        let document = try project.document
        let tree = try await req.plans.tree(for: project.beYear)
        let actor = try await req.plans.actor(for: project)
        let unit = try await OrgUnit.find(project.$unit.id, on: req.db)
        var strategy: PlanStrategy? = nil
        if let strategyID = project.strategyID { strategy = try await PlanStrategy.find(strategyID, on: req.db) }
        var actions: [Action] = []
        if let actor {
            switch project.state {
            case .draft where actor.mayEdit:
                actions.append(Action(label: "เสนออนุมัติ", path: PlanLink.projectAction(id, "submit").path, needsReason: false, primary: true))
            case .submitted where actor.mayApprove:
                actions.append(Action(label: "อนุมัติ", path: PlanLink.projectAction(id, "approve").path, needsReason: false, primary: true))
                actions.append(Action(label: "ส่งกลับไปแก้ไข", path: PlanLink.projectAction(id, "return").path, needsReason: true, primary: false))
            case .approved where actor.mayApprove || actor.mayEdit:
                actions.append(Action(label: "เริ่มดำเนินโครงการ", path: PlanLink.projectAction(id, "activate").path, needsReason: false, primary: true))
            default: break
            }
        }
        let signedIn = req.currentUser?.hasAny(PlanService.readers) ?? false
        var rounds: [RoundLink] = []
        if project.state.isPublic {
            let stored = try await PlanRound.query(on: req.db).filter(\.$project.$id == id).all()
            for year in document.durations.years {
                for kind in [RoundKind.m6, .m9, .m12, .q1, .q2, .q3, .q4] {
                    let round = stored.first { $0.beYear == year.beYear && $0.kind == kind }
                    if !signedIn && round?.state != .approved { continue }
                    rounds.append(RoundLink(label: "\(kind.label()) ปี \(year.beYear)", path: PlanLink.round(id, year.beYear, kind).path,
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
            mismatches: signedIn ? ProjectChecks.check(document, tree: tree).map {
                MismatchView(section: $0.section, location: $0.location, message: $0.message, expected: $0.expected, actual: $0.actual)
            } : [],
            actions: actions, editPath: actor.map { project.state == .draft && $0.mayEdit } == true ? PlanLink.editProject(id).path : nil,
            printPath: PlanLink.printProject(id).path, printThaiPath: PlanLink.printProject(id, thaiDigits: true).path,
            pdfPath: PlanLink.projectPDF(id).path, pdfAvailable: PlanPDF.isAvailable(req), pdfMissing: PlansText.pdfMissing,
            exports: PlanLink.exportTables.map { RoundLink(label: PlansRoutes.exportNames[$0] ?? $0, path: PlanLink.exportCSV(id, $0).path, state: "", due: "") },
            rounds: rounds, questionnairesPath: signedIn ? PlanLink.questionnaires(id).path : nil,
            attendance: signedIn ? document.activities.map { RoundLink(label: "กิจกรรมที่ \($0.number)", path: PlanLink.attendance(id, $0.number).path, state: "", due: "") } : [],
            budgetChart: ChartView(PlanCharts.budgetByQuarter(planned: quarterPlan, spent: spent, fiscalYear: document.fiscalYear)),
            chartPath: PlanLink.budgetChart(id).path, signedIn: signedIn, actionPlanPath: PlanLink.actionPlan(project.beYear).path)
        return try await req.render("Plans/project", title: project.title, body, withForm: !actions.isEmpty)
    }

    struct ReasonForm: Content { var reason: String? }

    func projectAction(_ req: Request, _ action: PlanService.ProjectAction) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        let id = try project.requireID()
        let form = try? req.content.decode(ReasonForm.self)
        do {
            try await req.plans.perform(action, on: project, reason: form?.reason)
        } catch let error as PrakatError where error.status == .unprocessableEntity || error.status == .conflict {
            return req.redirect(to: PlanLink.project(id).path, flash: Flash(kind: .error, text: error.detail ?? error.title))
        }
        let text: String
        switch action {
        case .submit: text = PlansText.projectSubmitted
        case .approve: text = PlansText.projectApproved
        case .return: text = PlansText.projectReturned
        case .activate: text = PlansText.projectActivated
        }
        return req.redirect(to: PlanLink.project(id).path, flash: Flash(kind: .success, text: text))
    }

    // MARK: Edit form

    struct Option: Encodable { var value: String; var label: String; var selected: Bool }
    struct Field: Encodable { var name: String; var value: String; var label: String; var error: String? }
    struct QuarterField: Encodable { var year: Int; var quarter: Int; var output: Field; var budget: Field }

    struct ActivityRow: Encodable {
        var index: Int
        var row: Int
        var fields: [String: Field]
        var quarters: [QuarterField]
        var plans: [Field]
        var errors: [String]
    }

    struct IndicatorRow: Encodable {
        var index: Int
        var row: Int
        var fields: [String: Field]
        var kinds: [Option]
        var comparators: [Option]
        var sources: [Option]
        var errors: [String]
    }

    struct ExpenseRowForm: Encodable {
        var index: Int
        var fields: [String: Field]
        var categories: [Option]
        var commitments: [Option]
        var errors: [String]
    }

    struct BudgetRowForm: Encodable { var index: Int; var fields: [String: Field]; var errors: [String] }

    struct FormBody: Encodable {
        var stylesheet = PlanLink.stylesheet.path
        var action: String
        var cancel: String
        var isNew: Bool
        var general: [String: Field]
        var units: [Option]
        var unitFixed: String?
        var strategies: [Option]
        var budgetRows: [BudgetRowForm]
        var activities: [ActivityRow]
        var indicators: [IndicatorRow]
        var expenses: [ExpenseRowForm]
        var counts: [String: Int]
        var errorList: [String]
        var hasErrors: Bool
    }

    static let generalFields: [(String, String)] = [
        ("title", "ชื่อโครงการ"), ("fiscalYear", "ปีงบประมาณ (พ.ศ.)"), ("startYear", "ปีเริ่มต้น (พ.ศ.)"), ("endYear", "ปีสิ้นสุด (พ.ศ.)"),
        ("rationale", "1. หลักการและเหตุผล (เว้นบรรทัดระหว่างย่อหน้า)"), ("objectives", "2. วัตถุประสงค์ (บรรทัดละข้อ)"),
        ("goals", "4. เป้าหมายโครงการ (บรรทัดละข้อ)"), ("topics", "หัวข้อการบรรยาย/การอภิปราย ของโครงการ (บรรทัดละข้อ)"),
        ("methods", "วิธีดำเนินการ (บรรทัดละข้อ)"), ("speakers", "วิทยากร (บรรทัดละคน)"), ("expectedResults", "8. ผลที่คาดว่าจะได้รับ (บรรทัดละข้อ)"),
        ("evaluationMethods", "10. การติดตามและประเมินผล (บรรทัดละข้อ)"), ("attachments", "12. เอกสารแนบ (บรรทัดละรายการ)"),
        ("authors", "13. ผู้เขียนโครงการ: ชื่อ | ตำแหน่ง | โทรศัพท์ (บรรทัดละคน)"), ("responsibleUnits", "14. ผู้รับผิดชอบโครงการ (บรรทัดละหน่วยงาน)"),
    ]

    static let activityFields: [(String, String)] = [
        ("number", "ลำดับ"), ("title", "ชื่อกิจกรรม"), ("schedule", "ช่วงเวลา (ตามที่เขียนในโครงการ)"), ("start", "วันเริ่ม"), ("end", "วันสิ้นสุด"),
        ("days", "จำนวนวัน"), ("from", "เวลาเริ่ม"), ("to", "เวลาสิ้นสุด"), ("place", "สถานที่"), ("budget", "งบประมาณกิจกรรม (บาท)"),
        ("responsible", "ผู้รับผิดชอบ"), ("subitems", "รายการย่อย: ชื่อ | จำนวนเงิน | ไตรมาส (บรรทัดละรายการ)"),
        ("topics", "หัวข้อ (บรรทัดละข้อ)"), ("methods", "วิธีดำเนินการ"), ("speakers", "วิทยากร"), ("unit", "หน่วยนับผลผลิต"), ("work", "งานที่ทำ"),
        ("tdesc", "กลุ่มเป้าหมาย"), ("ttotal", "จำนวนรวม (คน)"), ("trows", "รายกลุ่ม: ชื่อ | จำนวน; บรรทัดที่ขึ้นต้นด้วย - เป็นรายละเอียดของกลุ่มก่อนหน้า"),
    ]

    static let indicatorFields: [(String, String)] = [
        ("desc", "ตัวชี้วัด"), ("details", "ผลผลิตที่ต้องมี (บรรทัดละข้อ)"), ("target", "ค่าเป้าหมาย"), ("unit", "หน่วย (เช่น ร้อยละ)"),
        ("acts", "กิจกรรมที่ใช้ (เช่น 1,2)"), ("question", "ข้อคำถามที่"), ("min", "คะแนนขั้นต่ำ (1–5)"), ("parent", "เป็นตัวชี้วัดย่อยของแถวที่"),
    ]

    static let expenseFields: [(String, String)] = [("desc", "รายการ"), ("amount", "จำนวนเงิน (บาท)"), ("price", "ราคาต่อหน่วย"), ("qty", "จำนวนหน่วย")]

    static func formBody(_ form: ProjectForm, errors: FormErrors, extra: [String], action: String, cancel: String, isNew: Bool,
                         units: [OrgUnit], unitFixed: String?, strategies: [PlanStrategy], tree: ExpenseCategoryTree) -> FormBody {
        let messages = (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(errors)) as? [String: String]) ?? [:]
        func field(_ name: String, _ label: String) -> Field { Field(name: name, value: form[name], label: label, error: messages[name]) }
        func fields(_ prefix: String, _ specs: [(String, String)]) -> [String: Field] {
            Dictionary(uniqueKeysWithValues: specs.map { ($0.0, field(prefix + $0.0, $0.1)) })
        }
        func rowErrors(_ prefix: String) -> [String] { messages.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }.map(\.value) }
        let years = form.years
        let activityCount = form.rows("activityRows", blank: ProjectForm.blankActivityRows)
        let indicatorCount = form.rows("indicatorRows", blank: ProjectForm.blankIndicatorRows)
        let expenseCount = form.rows("expenseRows", blank: ProjectForm.blankExpenseRows)
        let budgetCount = form.rows("budgetRows", blank: ProjectForm.blankBudgetRows)
        let activities = (0..<activityCount).map { i -> ActivityRow in
            let p = "a\(i)-"
            return ActivityRow(index: i, row: i + 1, fields: fields(p, activityFields),
                               quarters: years.flatMap { y in (1...4).map { q in
                                   QuarterField(year: y, quarter: q, output: field(p + "q\(q)-\(y)-out", "แผนผลผลิต ไตรมาส \(q)/\(y)"),
                                                budget: field(p + "q\(q)-\(y)-budget", "งบ ไตรมาส \(q)/\(y)"))
                               } },
                               plans: years.map { field(p + "plan-\($0)", "เป้าหมายปี \($0)") }, errors: rowErrors(p))
        }
        let indicators = (0..<indicatorCount).map { i -> IndicatorRow in
            let p = "i\(i)-"
            return IndicatorRow(index: i, row: i + 1, fields: fields(p, indicatorFields),
                                kinds: IndicatorKind.allCases.map { Option(value: $0.rawValue, label: $0.thaiName, selected: form[p + "kind"] == $0.rawValue) },
                                comparators: [Option(value: "", label: "—", selected: form[p + "cmp"].isEmpty)]
                                    + IndicatorComparator.allCases.map { Option(value: $0.rawValue, label: "\($0.symbol) \($0.thaiName)", selected: form[p + "cmp"] == $0.rawValue) },
                                sources: [("entered", "กรอกผลในรอบรายงาน"), ("attendance", "จากรายชื่อผู้เข้าร่วม"), ("questionnaire", "จากแบบสอบถาม")].map {
                                    Option(value: $0.0, label: $0.1, selected: (form[p + "source"].isEmpty ? "entered" : form[p + "source"]) == $0.0)
                                }, errors: rowErrors(p))
        }
        let expenses = (0..<expenseCount).map { i -> ExpenseRowForm in
            let p = "e\(i)-"
            let selected = form[p + "cat"]
            return ExpenseRowForm(index: i, fields: fields(p, expenseFields),
                                  categories: [Option(value: "", label: "— เลือกหมวด —", selected: selected.isEmpty)]
                                    + tree.leaves.map { leaf in
                                        let path = tree.lineage(of: leaf.code).map { "\($0.number) \($0.nameTh)" }.joined(separator: " › ")
                                        return Option(value: leaf.code, label: path, selected: selected == leaf.code)
                                    },
                                  commitments: [Option(value: "", label: "—", selected: form[p + "commit"].isEmpty)]
                                    + Set(tree.flattened.flatMap { $0.category.commitments }).sorted { $0.code < $1.code }.map {
                                        Option(value: $0.code, label: $0.nameTh, selected: form[p + "commit"] == $0.code)
                                    }, errors: rowErrors(p))
        }
        let budgetRows = (0..<budgetCount).map { i -> BudgetRowForm in
            let p = "by\(i)-"
            return BudgetRowForm(index: i, fields: fields(p, [("year", "ปีงบประมาณ"), ("in", "เงินงบประมาณ"), ("off", "เงินนอกงบประมาณ"), ("total", "รวม (ถ้าระบุ)")]),
                                 errors: rowErrors(p))
        }
        let selectedUnit = form["unitId"]
        let selectedStrategy = form["strategyId"]
        return FormBody(action: action, cancel: cancel, isNew: isNew, general: Dictionary(uniqueKeysWithValues: generalFields.map { ($0.0, field($0.0, $0.1)) }),
                        units: units.sorted { thaiOrder($0.nameTh, $1.nameTh) }.map { Option(value: $0.id!.uuidString.lowercased(), label: $0.nameTh, selected: $0.id!.uuidString.lowercased() == selectedUnit) },
                        unitFixed: unitFixed,
                        strategies: [Option(value: "", label: "— ไม่ระบุ —", selected: selectedStrategy.isEmpty)]
                            + strategies.map { Option(value: $0.id!.uuidString.lowercased(), label: "\($0.code) \($0.nameTh)", selected: $0.id!.uuidString.lowercased() == selectedStrategy) },
                        budgetRows: budgetRows, activities: activities, indicators: indicators, expenses: expenses,
                        counts: ["activityRows": activityCount, "indicatorRows": indicatorCount, "expenseRows": expenseCount, "budgetRows": budgetCount],
                        errorList: errors.list + extra, hasErrors: !errors.isEmpty || !extra.isEmpty)
    }

    private func renderForm(_ req: Request, project: PlanProject?, form: ProjectForm, errors: FormErrors, extra: [String] = [],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let year = form.fiscalYearValue ?? project?.beYear ?? FiscalYear.containing(req.clock.now()).beYear
        let units = try await OrgUnit.query(on: req.db).all()
        let unitFixed: String? = user.has(.planner) ? nil : units.first { $0.id == (project?.$unit.id ?? user.$unit.id) }?.nameTh ?? ""
        let strategies = try await PlanStrategy.query(on: req.db).filter(\.$beYear == year).sort(\.$position).all()
        let tree = try await req.plans.tree(for: year)
        let action = try project.map { PlanLink.editProject(try $0.requireID()).path } ?? PlanLink.projects.path
        let cancel = try project.map { PlanLink.project(try $0.requireID()).path } ?? PlanLink.dashboard.path
        let body = PlansRoutes.formBody(form, errors: errors, extra: extra, action: action, cancel: cancel, isNew: project == nil,
                                        units: units, unitFixed: unitFixed, strategies: strategies, tree: tree)
        return try await req.render("Plans/project-form", title: project == nil ? PlansText.newProjectTitle : PlansText.editProjectTitle, body, status: status)
    }

    func newProject(_ req: Request) async throws -> Response {
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

    func createProject(_ req: Request) async throws -> Response {
        let form = try postedForm(req)
        if let more = addedRow(req, form) { return try await renderForm(req, project: nil, form: more, errors: FormErrors()) }
        let (document, errors) = form.document()
        guard let document else { return try await renderForm(req, project: nil, form: form, errors: errors, status: .unprocessableEntity) }
        do {
            let (project, checks) = try await req.plans.create(document, placement: .init(unitID: UUID(uuidString: form["unitId"]),
                                                                                          strategyID: UUID(uuidString: form["strategyId"])))
            return req.redirect(to: PlanLink.project(try project.requireID()).path,
                                flash: Flash(kind: checks.isEmpty ? .success : .info, text: checks.isEmpty ? PlansText.projectSaved : PlansText.projectSavedWithMismatches))
        } catch let error as PrakatError where error.status == .unprocessableEntity {
            return try await renderForm(req, project: nil, form: form, errors: errors, extra: error.fieldErrors.map(\.message), status: .unprocessableEntity)
        }
    }

    func editProject(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        let actor = try await req.plans.requireActor(for: project)
        try mapped { try ProjectWorkflow.edit(project.state, by: actor) }
        return try await renderForm(req, project: project, form: ProjectForm(document: try project.document, unitID: project.$unit.id, strategyID: project.strategyID),
                                    errors: FormErrors())
    }

    func updateProject(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
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
            return req.redirect(to: PlanLink.project(try project.requireID()).path,
                                flash: Flash(kind: checks.isEmpty ? .success : .info, text: checks.isEmpty ? PlansText.projectSaved : PlansText.projectSavedWithMismatches))
        } catch let error as PrakatError where error.status == .unprocessableEntity {
            return try await renderForm(req, project: project, form: form, errors: errors, extra: error.fieldErrors.map(\.message), status: .unprocessableEntity)
        }
    }

    // MARK: Print, PDF, CSV, charts

    struct PrintBody: Encodable {
        var stylesheet: String
        var base: String?
        var doc: DocView
        var agency: String
        var digitsLink: String
        var digitsLabel: String
        var budgetChart: ChartView
    }

    static func printBody(_ req: Request, project: PlanProject, forPDF: Bool) async throws -> PrintBody {
        let document = try project.document
        let tree = try await req.plans.tree(for: project.beYear)
        let thai = forPDF || req.query[String.self, at: "digits"] == "thai"
        let id = try project.requireID()
        let agency = try await Agency.query(on: req.db).first()?.nameTh ?? ""
        let planned = (1...4).map { q in document.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear == document.fiscalYear && $0.quarter == q }.map(\.budget).sum() }
        return PrintBody(stylesheet: forPDF ? "css/plans.css" : PlanLink.stylesheet.path, base: forPDF ? PlanPDF.baseHref(req) : nil,
                         doc: DocView(document, tree: tree, digits: thai ? .thai : .arabic), agency: agency,
                         digitsLink: PlanLink.printProject(id, thaiDigits: !thai).path, digitsLabel: thai ? "แสดงเลขอารบิก" : "แสดงเลขไทย",
                         budgetChart: ChartView(PlanCharts.budgetByQuarter(planned: planned, spent: [], fiscalYear: document.fiscalYear, digits: thai ? .thai : .arabic)))
    }

    func printProject(_ req: Request) async throws -> View {
        let project = try await req.plans.project(req.parameters.get("id"))
        let body = try await PlansRoutes.printBody(req, project: project, forPDF: false)
        return try await req.view.render("Plans/print", PageView(site: await req.siteContext(), title: project.title, page: body))
    }

    func projectPDF(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        let body = try await PlansRoutes.printBody(req, project: project, forPDF: true)
        return try await PlanPDF.respond(req, template: "Plans/print", title: project.title, body: body, fileName: "โครงการ-\(project.beYear)-" + String(project.title.prefix(60)),
                                         cacheAs: "project-" + (try project.requireID()).uuidString.lowercased())
    }

    static let exportNames = ["budget": "งบประมาณรายปี (ข้อ 5)", "outputs": "เป้าหมายผลผลิต (ข้อ 6)", "activities": "กิจกรรมและงบประมาณ",
                              "target-groups": "กลุ่มเป้าหมาย (ข้อ 4)", "expenses": "ค่าใช้จ่ายตามหมวด (ข้อ 7)", "indicators": "ตัวชี้วัด (ข้อ 9)",
                              "quarter-plan": "แผนรายไตรมาส (ข้อ 11)"]

    static func table(_ name: String, _ doc: ProjectDocument, tree: ExpenseCategoryTree) -> [[String]]? {
        switch name {
        case "budget":
            return [["ปีงบประมาณ", "เงินงบประมาณ", "เงินนอกงบประมาณ", "รวม"]]
                + doc.budgetByYear.map { [String($0.fiscalYear.beYear), $0.inBudget.decimalString, $0.offBudget.decimalString, ($0.total ?? $0.computedTotal).decimalString] }
                + [["รวมทั้งสิ้น", doc.totalInBudget.decimalString, doc.totalOffBudget.decimalString, doc.totalBudget.decimalString]]
        case "outputs":
            let years = doc.tableYears
            return [["กิจกรรม", "งานที่ทำ", "หน่วยนับ"] + years.map { "แผนปี \($0.beYear)" }]
                + doc.outputTargets.map { t in [String(t.activity), t.work ?? "", t.unit] + years.map { t.plan(in: $0)?.plainString ?? "" } }
        case "activities":
            var rows = [["กิจกรรม", "รายการย่อย", "ชื่อ", "ช่วงเวลา", "สถานที่", "งบประมาณ", "ผู้รับผิดชอบ"]]
            for a in doc.activities {
                rows.append([String(a.number), "", a.title, a.schedule, a.place ?? "", a.budget.decimalString, a.responsibleUnit ?? ""])
                for (i, s) in a.subItems.enumerated() { rows.append([String(a.number), String(i + 1), s.name, "", "", s.budget.decimalString, ""]) }
            }
            rows.append(["รวม", "", "", "", "", doc.activitiesTotal.decimalString, ""])
            return rows
        case "target-groups":
            var rows = [["กิจกรรม", "กลุ่ม", "รายละเอียด", "จำนวน (คน)"]]
            for g in doc.targetGroups {
                rows.append([String(g.activity), "", g.description, (g.statedTotal ?? g.computedTotal).map(String.init) ?? ""])
                for c in g.categories {
                    rows.append([String(g.activity), c.name, c.note ?? "", c.computedCount.map(String.init) ?? ""])
                    for m in c.members { rows.append([String(g.activity), c.name, m.name, String(m.count)]) }
                }
            }
            return rows
        case "expenses":
            let totals = tree.totals(doc.expenseLines)
            return [["หมวด", "ชื่อหมวด", "รายการ", "ราคาต่อหน่วย", "จำนวน", "จำนวนเงิน"]]
                + tree.flattened.flatMap { category, _ -> [[String]] in
                    [[category.number, category.nameTh, "", "", "", totals[category.code]?.decimalString ?? ""]]
                        + doc.expenseLines.filter { $0.category == category.code }.map {
                            ["", "", $0.description, $0.unitPrice?.decimalString ?? "", $0.quantity.map(String.init) ?? "", $0.amount.decimalString]
                        }
                }
        case "indicators":
            return [["ลำดับ", "ประเภท", "ตัวชี้วัด", "เงื่อนไข", "ค่าเป้าหมาย", "หน่วย", "ที่มาของผล"]]
                + doc.numberedIndicators.map { path, i, _ in
                    [PlanCharts.displayPath(path), i.kind.thaiName, i.description, i.comparator?.symbol ?? "", i.target?.plainString ?? "", i.unit ?? "", i.source.thaiName]
                }
        case "quarter-plan":
            return [["กิจกรรม", "รายการย่อย", "ปีงบประมาณ", "ไตรมาส", "แผนผลผลิต", "งบประมาณ"]]
                + doc.quarterPlan.map { [String($0.activity), $0.subItem.map(String.init) ?? "", String($0.fiscalYear.beYear), String($0.quarter), $0.output?.plainString ?? "", $0.budget.decimalString] }
        default:
            return nil
        }
    }

    func exportCSV(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        let file = req.parameters.get("table") ?? ""
        guard file.hasSuffix(".csv"), let rows = PlansRoutes.table(String(file.dropLast(4)), try project.document, tree: try await req.plans.tree(for: project.beYear)) else {
            throw PrakatError.notFound()
        }
        return PlansRoutes.csvResponse(rows, fileName: "project-\(project.beYear)-\(file)")
    }

    static func csvResponse(_ rows: [[String]], fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: Data(CSV.write(rows))))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: fileName)
        return response
    }

    func budgetChart(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        let document = try project.document
        let planned = (1...4).map { q in document.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear == document.fiscalYear && $0.quarter == q }.map(\.budget).sum() }
        let response = Response(status: .ok, body: .init(string: PlanCharts.budgetByQuarter(planned: planned, spent: [], fiscalYear: document.fiscalYear).svg))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml", parameters: ["charset": "utf-8"])
        return response
    }
}

/// Every page route of the Plans feature, registered from one line in `registerRoutes`.
enum PlansPages {
    static func register(_ routes: any RoutesBuilder) {
        PlansRoutes().register(routes)
        PlanRoundRoutes().register(routes)
        PlanEvaluationRoutes().register(routes)
    }
}
