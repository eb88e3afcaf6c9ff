import Foundation
import PrakatCore

// Mock page models of the Plans pages (see `PageMocks.swift`), built from the demo project
// (seed 2) through the same view builders the pages use, so they show a complete project.
enum PlansMock {
    static let id = MockData.projectID
    static let year = PlansDemo.fiscalYear.beYear
    static let document = PlansDemo.document
    static let data = PlansDemo.sixMonthReport
    static let outcomes = IndicatorEvaluation.evaluate(document, inputs: IndicatorInputs(attendance: [1: 297], entered: data.entered))
    static var planned: [Baht] {
        (1...4).map { q in document.quarterPlan.filter { $0.subItem == nil && $0.fiscalYear == document.fiscalYear && $0.quarter == q }.map(\.budget).sum() }
    }
    static var budgetChart: ChartView { ChartView(PlanCharts.budgetByQuarter(planned: planned, spent: [nil, nil, nil, nil], fiscalYear: document.fiscalYear)) }
    static var report: RoundView {
        RoundView(project: document, kind: .m6, year: PlansDemo.fiscalYear, data: data, outcomes: outcomes, state: .submitted)
    }
    static var projectRow: FiscalYearPages.ProjectRow {
        FiscalYearPages.ProjectRow(
            title: document.title, path: PlansRoute.project(id).path, year: year, unit: PlansDemo.unitName,
            state: ProjectState.active.thaiName, stateClass: ProjectState.active.rawValue,
            total: document.totalBudget.formatted, mismatches: 0)
    }
    static var yearRow: FiscalYearPages.YearRow {
        FiscalYearPages.YearRow(
            year: year, title: "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. \(year)", path: PlansRoute.actionPlan(FiscalYear(beYear: year)).path,
            projectCount: 1, total: document.totalBudget.formatted)
    }
}

extension FiscalYearPages.DashboardBody {
    static var mock: Self {
        Self(
            projects: [PlansMock.projectRow],
            late: [
                FiscalYearPages.LateRound(
                    project: PlansMock.document.title, round: "รอบ 9 เดือน ปี \(PlansMock.year)", due: "15 ก.ค. 2564",
                    status: "ยังไม่ส่ง", path: PlansRoute.round(RoundAddress(project: PlansMock.id, year: FiscalYear(beYear: PlansMock.year), kind: .m9)).path)
            ],
            years: [PlansMock.yearRow], newProject: PlansRoute.projectNew.path, isPlanner: true, selectedYear: nil)
    }
}

extension FiscalYearPages.YearsBody {
    static var mock: Self {
        Self(years: [PlansMock.yearRow], canCreate: true, errors: FormErrors(), year: "", planTitle: "")
    }
}

extension FiscalYearPages.ActionPlanBody {
    static var mock: Self {
        let total = PlansMock.document.totalBudget
        return Self(
            year: PlansMock.year, planTitle: PlansMock.yearRow.title, period: "1 ตุลาคม 2563 – 30 กันยายน 2564",
            groups: [FiscalYearPages.StrategyGroup(code: "1", name: "พัฒนาองค์กรสู่ความเป็นเลิศ", projects: [PlansMock.projectRow], total: total.formatted)],
            total: total.formatted, totalWords: BahtText.words(total), canEdit: true,
            strategyAction: PlansRoute.strategyCreate(FiscalYear(beYear: PlansMock.year)).path, errors: FormErrors())
    }
}

extension ProjectPages.ProjectBody {
    static var mock: Self {
        let id = PlansMock.id
        let total = PlansMock.document.totalBudget
        return Self(
            doc: DocView(PlansMock.document), state: ProjectState.active.thaiName, stateClass: ProjectState.active.rawValue,
            unit: PlansDemo.unitName, strategy: "1 พัฒนาองค์กรสู่ความเป็นเลิศ", fiscalYear: PlansMock.year, total: total.formatted,
            totalWords: BahtText.words(total), mismatches: [], actions: [], editPath: nil,
            printPath: PlansRoute.projectPrint(id).path, printThaiPath: PlansRoute.projectPrint(id, thaiDigits: true).path,
            pdfPath: PlansRoute.projectPDF(id).path, pdfAvailable: true, pdfMissing: PlansText.pdfMissing,
            exports: ProjectExportTable.allCases.map { ProjectPages.RoundLink(label: PlansText.exportName($0), path: PlansRoute.projectExport(id, $0).path, state: "", due: "") },
            rounds: [
                ProjectPages.RoundLink(
                    label: "รอบ 6 เดือน ปี \(PlansMock.year)", path: PlansRoute.round(RoundAddress(project: id, year: FiscalYear(beYear: PlansMock.year), kind: .m6)).path,
                    state: "รออนุมัติ", due: "15 เม.ย. 2564")
            ],
            questionnairesPath: PlansRoute.questionnaires(id).path,
            attendance: [ProjectPages.RoundLink(label: "กิจกรรมที่ 1", path: PlansRoute.attendance(id, activity: 1).path, state: "", due: "")],
            budgetChart: PlansMock.budgetChart, chartPath: PlansRoute.projectBudgetChart(id).path, signedIn: true,
            actionPlanPath: PlansRoute.actionPlan(FiscalYear(beYear: PlansMock.year)).path)
    }
}

extension ProjectFormPage.FormBody {
    static var mock: Self {
        let form = ProjectForm(document: PlansMock.document, unitID: MockData.unitID, strategyID: nil)
        let unit = OrgUnit(id: MockData.unitID, slug: "policy", nameTh: PlansDemo.unitName)
        return ProjectFormPage.body(
            form, errors: FormErrors(), extra: [], action: PlansRoute.projectUpdate(PlansMock.id).path,
            cancel: PlansRoute.project(PlansMock.id).path, isNew: false, units: [unit], unitFixed: nil,
            strategies: [], tree: .standard)
    }
}

extension ProjectExportPages.PrintBody {
    static var mock: Self {
        Self(
            stylesheet: PlansRoute.stylesheet, base: nil, doc: DocView(PlansMock.document), agency: "สำนักงานเลขาธิการสภาผู้แทนราษฎร",
            digitsLink: PlansRoute.projectPrint(PlansMock.id, thaiDigits: true).path, digitsLabel: "แสดงเลขไทย", budgetChart: PlansMock.budgetChart)
    }
}

extension RoundPages.Body {
    static var mock: Self {
        let id = PlansMock.id, year = PlansMock.year
        return Self(
            report: PlansMock.report, projectPath: PlansRoute.project(id).path, editable: false,
            action: PlansRoute.round(RoundAddress(project: id, year: FiscalYear(beYear: year), kind: .m6)).path,
            quarterHeads: ["ไตรมาสที่ 1", "ไตรมาสที่ 2"], formRows: [], entered: [], problems: "", suggestions: "",
            summary: PlansMock.data.summary, errors: [],
            actions: [
                RoundPages.Action(
                    label: "อนุมัติรายงาน", path: PlansRoute.roundAction(RoundAddress(project: id, year: FiscalYear(beYear: year), kind: .m6), .approve).path, needsReason: false),
                RoundPages.Action(
                    label: "ส่งกลับไปแก้ไข", path: PlansRoute.roundAction(RoundAddress(project: id, year: FiscalYear(beYear: year), kind: .m6), .return).path, needsReason: true)
            ],
            printPath: PlansRoute.roundPrint(RoundAddress(project: id, year: FiscalYear(beYear: year), kind: .m6)).path,
            printThaiPath: PlansRoute.roundPrint(RoundAddress(project: id, year: FiscalYear(beYear: year), kind: .m6), thaiDigits: true).path,
            pdfPath: PlansRoute.roundPDF(RoundAddress(project: id, year: FiscalYear(beYear: year), kind: .m6)).path, pdfAvailable: true, pdfMissing: PlansText.pdfMissing,
            indicatorChart: ChartView(PlanCharts.indicatorProgress(PlansMock.outcomes)),
            budgetChart: PlansMock.budgetChart, publishing: nil, publishingAction: nil, publishingRequestPath: nil)
    }
}

extension RoundPages.PrintBody {
    static var mock: Self {
        Self(
            stylesheet: PlansRoute.stylesheet, base: nil, report: PlansMock.report, agency: "สำนักงานเลขาธิการสภาผู้แทนราษฎร",
            digitsLink: PlansRoute.roundPrint(RoundAddress(project: PlansMock.id, year: FiscalYear(beYear: PlansMock.year), kind: .m6), thaiDigits: true).path,
            digitsLabel: "แสดงเลขไทย",
            indicatorChart: ChartView(PlanCharts.indicatorProgress(PlansMock.outcomes)), budgetChart: PlansMock.budgetChart)
    }
}

extension QuestionnairePages.ListBody {
    static var mock: Self {
        let id = PlansMock.id, q = MockData.questionnaireID
        return Self(
            projectTitle: PlansMock.document.title, projectPath: PlansRoute.project(id).path,
            rows: [
                QuestionnairePages.QuestionnaireRow(
                    title: "แบบประเมินความพึงพอใจการสัมมนา", activity: 1,
                    path: PlansRoute.questionnaire(id, q).path, publicPath: PlansRoute.publicQuestionnaire("k3Jd9sQ2").path,
                    isOpen: true, responses: 214, togglePath: PlansRoute.questionnaireToggle(id, q).path,
                    qrPath: PlansRoute.questionnaireQR(id, q).path)
            ],
            action: PlansRoute.questionnaires(id).path, canEdit: true, activities: [1, 2, 3, 4], errors: FormErrors(),
            title: "", questions: "", pdpaNotice: "", example: QuestionnairePages.exampleQuestions)
    }
}

extension QuestionnairePages.ResultsBody {
    static var mock: Self {
        let id = PlansMock.id
        return Self(
            title: "แบบประเมินความพึงพอใจการสัมมนา", projectPath: PlansRoute.project(id).path, listPath: PlansRoute.questionnaires(id).path,
            publicPath: PlansRoute.publicQuestionnaire("k3Jd9sQ2").path, responses: 214,
            rows: PlansDemo.questions.enumerated().map { n, question in
                QuestionnairePages.ResultRow(
                    n: n + 1, text: question.text, kind: question.kind.rawValue, counts: [2, 4, 30, 98, 80],
                    mean: "4.17", level: "มาก", topPercent: "83.2", choices: [], texts: [])
            })
    }
}

extension QuestionnairePages.QRBody {
    static var mock: Self {
        Self(
            agency: "สำนักงานเลขาธิการสภาผู้แทนราษฎร", title: "แบบประเมินความพึงพอใจการสัมมนา", projectTitle: PlansMock.document.title,
            activity: 1, activityTitle: PlansMock.document.activities.first?.title, publicURL: "https://prakat.example/q/k3Jd9sQ2",
            qr: nil, qrMissing: PlansText.qrMissing, listPath: PlansRoute.questionnaires(PlansMock.id).path)
    }
}

extension QuestionnairePages.PublicBody {
    static var mock: Self {
        Self(
            title: "แบบประเมินความพึงพอใจการสัมมนา", projectTitle: PlansMock.document.title, activity: "กิจกรรมที่ 1",
            notice: PlansText.defaultPDPANotice,
            questions: PlansDemo.questions.enumerated().map { n, question in
                QuestionnairePages.PublicQuestion(
                    n: n + 1, name: "q\(n + 1)", text: question.text, kind: question.kind.rawValue, required: true,
                    options: (1...5).map { QuestionnairePages.Option(value: String($0), label: String($0), checked: false, id: "q\(n + 1)-\($0)") },
                    value: "", error: nil)
            },
            action: PlansRoute.publicQuestionnaire("k3Jd9sQ2").path, isOpen: true, done: false, message: nil, hasErrors: false)
    }
}

extension AttendancePages.AttendanceBody {
    static var mock: Self {
        let id = PlansMock.id
        return Self(
            projectTitle: PlansMock.document.title, projectPath: PlansRoute.project(id).path, activity: PlansMock.document.activities[0].title,
            target: "330 คน", present: 2, registered: 3, percent: "66.67",
            people: [
                AttendancePages.Person(
                    n: 1, name: "นางสาวพรทิพย์ ศรีสุข", organisation: "สำนักนโยบายและแผน", position: "นักวิเคราะห์นโยบายและแผน",
                    present: true, source: "นำเข้า", presentPath: PlansRoute.attendancePresent(id, activity: 1, person: MockData.id(61)).path),
                AttendancePages.Person(
                    n: 2, name: "นายสมชาย ใจงาม", organisation: "สำนักการประชุม", position: "นิติกร",
                    present: true, source: "ลงทะเบียนหน้างาน", presentPath: PlansRoute.attendancePresent(id, activity: 1, person: MockData.id(62)).path),
                AttendancePages.Person(
                    n: 3, name: "นางวิไล แสงทอง", organisation: "สำนักการคลังและงบประมาณ", position: "นักวิชาการเงินและบัญชี",
                    present: false, source: "นำเข้า", presentPath: PlansRoute.attendancePresent(id, activity: 1, person: MockData.id(63)).path)
            ],
            importPath: PlansRoute.attendanceImport(id, activity: 1).path, checkInPath: PlansRoute.attendanceCheckIn(id, activity: 1).path, canEdit: true,
            error: nil, name: "", organisation: "", position: "", csvHeader: "ชื่อ-นามสกุล,หน่วยงาน,ตำแหน่ง")
    }
}
