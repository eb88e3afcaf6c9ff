import Fluent
import Foundation
import PrakatCore
import Vapor

/// The plans dashboard, the fiscal years and each year's action plan with its strategies.
struct FiscalYearPages {
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
        var stylesheet = PlansRoute.stylesheet
        var projects: [ProjectRow]
        var late: [LateRound]
        var years: [YearRow]
        var newProject: String?
        var yearsPath = PlansRoute.years.path
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
                ProjectRow(
                    title: project.title, path: PlansRoute.project(try project.requireID()).path, year: project.beYear,
                    unit: units[project.$unit.id]?.nameTh ?? "", state: project.state.thaiName, stateClass: project.stateRaw,
                    total: Baht(satang: project.totalSatang).formatted, mismatches: project.mismatchCount)
            }
    }

    func dashboard(_ req: Request, fiscalYear selected: Int?) async throws -> Response {
        let user = try req.requireUser()
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
                    late.append(
                        LateRound(
                            project: project.title, round: "\(kind.label()) ปี \(year.beYear)",
                            due: ThaiDateFormat.short(kind.dueDate(in: year), digits: .arabic),
                            status: submittedOn == nil || round?.state == .draft ? "ยังไม่ส่ง" : "ส่งล่าช้า",
                            path: PlansRoute.round(RoundAddress(project: try project.requireID(), year: year, kind: kind)).path))
                }
            }
        }
        let years = try await PlanFiscalYear.query(on: req.db).sort(\.$beYear, .descending).all()
        let yearRows = years.map { year in
            let inYear = projects.filter { $0.beYear == year.beYear }
            return YearRow(
                year: year.beYear, title: year.planTitle, path: PlansRoute.actionPlan(FiscalYear(beYear: year.beYear)).path, projectCount: inYear.count,
                total: Baht(satang: inYear.map(\.totalSatang).reduce(0, +)).formatted)
        }
        return try await req.render(
            "Plans/dashboard", title: PlansText.dashboardTitle,
            DashboardBody(
                projects: try FiscalYearPages.projectRows(projects, units: units), late: late, years: yearRows,
                newProject: user.hasAny(PlanRoles.editors) ? PlansRoute.projectNew.path : nil, isPlanner: user.has(.planner), selectedYear: selected))
    }

    // MARK: Fiscal years and the action plan

    struct YearsBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var years: [YearRow]
        var action = PlansRoute.years.path
        var canCreate: Bool
        var errors: FormErrors
        var year: String
        var planTitle: String
    }

    func list(_ req: Request) async throws -> Response {
        try await yearsPage(req, errors: FormErrors(), year: "", planTitle: "")
    }

    private func yearsPage(_ req: Request, errors: FormErrors, year: String, planTitle: String, status: HTTPResponseStatus = .ok) async throws -> Response {
        let years = try await PlanFiscalYear.query(on: req.db).sort(\.$beYear, .descending).all()
        let visible = try await visibleProjects(req)
        let rows = years.map { y in
            let inYear = visible.filter { $0.beYear == y.beYear }
            return YearRow(
                year: y.beYear, title: y.planTitle, path: PlansRoute.actionPlan(FiscalYear(beYear: y.beYear)).path, projectCount: inYear.count,
                total: Baht(satang: inYear.map(\.totalSatang).reduce(0, +)).formatted)
        }
        return try await req.render(
            "Plans/years", title: PlansText.yearsTitle,
            YearsBody(
                years: rows, canCreate: req.currentUser?.has(.planner) ?? false, errors: errors, year: year, planTitle: planTitle), status: status)
    }

    private func visibleProjects(_ req: Request) async throws -> [PlanProject] {
        let all = try await PlanProject.query(on: req.db).all()
        return all.filter { req.plans.mayRead($0) }
    }

    struct YearForm: Content { var year: String?; var planTitle: String? }

    func create(_ req: Request) async throws -> Response {
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
        try await req.plans.createYear(PlanFiscalYear(beYear: year, planTitle: title.isEmpty ? "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. \(year)" : title))
        return req.redirect(to: PlansRoute.actionPlan(FiscalYear(beYear: year)).path, flash: Flash(kind: .success, text: PlansText.yearCreated))
    }

    struct StrategyGroup: Encodable {
        var code: String
        var name: String
        var projects: [ProjectRow]
        var total: String
    }

    struct ActionPlanBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
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

    func actionPlan(_ req: Request, year: FiscalYear) async throws -> Response {
        try await actionPlanPage(req, year: year, errors: FormErrors())
    }

    private func actionPlanPage(_ req: Request, year fiscalYear: FiscalYear, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let year = fiscalYear.beYear
        guard let record = try await PlanFiscalYear.query(on: req.db).filter(\.$beYear == year).first() else { throw PrakatError.notFound() }
        let strategies = try await PlanStrategy.query(on: req.db).filter(\.$beYear == year).sort(\.$position).all()
        let projects = try await visibleProjects(req).filter { $0.beYear == year }
        let units = Dictionary(try await OrgUnit.query(on: req.db).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        var groups: [StrategyGroup] = []
        for strategy in strategies {
            let inGroup = projects.filter { $0.strategyID == strategy.id }
            groups.append(
                StrategyGroup(
                    code: strategy.code, name: strategy.nameTh, projects: try FiscalYearPages.projectRows(inGroup, units: units),
                    total: Baht(satang: inGroup.map(\.totalSatang).reduce(0, +)).formatted))
        }
        let loose = projects.filter { project in !strategies.contains { $0.id == project.strategyID } }
        if !loose.isEmpty {
            groups.append(
                StrategyGroup(
                    code: "", name: "ยังไม่ระบุยุทธศาสตร์", projects: try FiscalYearPages.projectRows(loose, units: units),
                    total: Baht(satang: loose.map(\.totalSatang).reduce(0, +)).formatted))
        }
        let total = Baht(satang: projects.map(\.totalSatang).reduce(0, +))
        let fy = FiscalYear(beYear: year)
        return try await req.render(
            "Plans/action-plan", title: record.planTitle,
            ActionPlanBody(
                year: year, planTitle: record.planTitle,
                period: "\(ThaiDateFormat.long(fy.firstDay, digits: .arabic)) – \(ThaiDateFormat.long(fy.lastDay, digits: .arabic))",
                groups: groups, total: total.formatted, totalWords: BahtText.words(total), canEdit: req.currentUser?.has(.planner) ?? false,
                strategyAction: PlansRoute.strategyCreate(FiscalYear(beYear: year)).path, errors: errors), status: status)
    }

    struct StrategyForm: Content { var code: String?; var nameTh: String? }

    func createStrategy(_ req: Request, year fiscalYear: FiscalYear) async throws -> Response {
        let year = fiscalYear.beYear
        guard try await PlanFiscalYear.query(on: req.db).filter(\.$beYear == year).count() > 0 else { throw PrakatError.notFound() }
        let form = try req.content.decode(StrategyForm.self)
        let code = (form.code ?? "").trimmingCharacters(in: .whitespaces)
        let name = (form.nameTh ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if code.isEmpty || code.count > 20 { errors.add("code", "ระบุรหัสยุทธศาสตร์ (ไม่เกิน 20 ตัวอักษร) เช่น 1") }
        if name.isEmpty { errors.add("nameTh", "ระบุชื่อยุทธศาสตร์") }
        if errors.isEmpty, try await PlanStrategy.query(on: req.db).filter(\.$beYear == year).filter(\.$code == code).count() > 0 {
            errors.add("code", "มียุทธศาสตร์รหัส \(code) แล้ว")
        }
        if !errors.isEmpty { return try await actionPlanPage(req, year: fiscalYear, errors: errors, status: .unprocessableEntity) }
        try await req.plans.createStrategy(code: code, nameTh: name, in: year)
        return req.redirect(to: PlansRoute.actionPlan(FiscalYear(beYear: year)).path, flash: Flash(kind: .success, text: PlansText.strategyCreated))
    }

}
