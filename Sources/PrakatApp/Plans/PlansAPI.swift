import Fluent
import Foundation
import PrakatCore
import Vapor

/// The Plans part of the JSON API (`/api/v1`, "Plans" in `Resources/openapi.json`).
enum PlansAPIRoute: TypedRoute {
    case projectCreate
    case projects
    case project(UUID)
    case projectUpdate(UUID)
    case projectReport(UUID)
    case projectAction(UUID, ProjectAction)
    case roundSave(RoundAddress)
    case roundAction(RoundAddress, RoundAction)

    static let examples: [PlansAPIRoute] = {
        let id = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()
        let round = RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m9)
        return [.projectCreate, .projects, .project(id), .projectUpdate(id), .projectReport(id)]
            + ProjectAction.allCases.map { .projectAction(id, $0) } + [.roundSave(round)] + RoundAction.allCases.map { .roundAction(round, $0) }
    }()

    var method: HTTPMethod {
        switch self {
        case .projects, .project, .projectReport: .GET
        case .projectCreate, .projectAction, .roundAction: .POST
        case .projectUpdate, .roundSave: .PUT
        }
    }

    var segments: [RouteSegment] {
        let projects: [RouteSegment] = [.constant("api"), .constant("v1"), .constant("projects")]
        func project(_ id: UUID) -> [RouteSegment] { projects + [.parameter("id", id.lowercased)] }
        func round(_ at: RoundAddress) -> [RouteSegment] {
            project(at.project) + [.constant("rounds"), .parameter("fiscalYear", String(at.year.beYear)), .parameter("round", at.kind.rawValue)]
        }
        switch self {
        case .projectCreate, .projects: return projects
        case .project(let id), .projectUpdate(let id): return project(id)
        case .projectReport(let id): return project(id) + [.constant("report")]
        case let .projectAction(id, action): return project(id) + [.constant(action.rawValue)]
        case .roundSave(let at): return round(at)
        case let .roundAction(at, action): return round(at) + [.constant(action.rawValue)]
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .projects, .project, .projectReport: .everyone
        case .projectCreate, .projectUpdate, .roundSave: .roles(PlanRoles.editors)
        case .projectAction(_, let action): .roles(action.permittedRoles)
        case .roundAction(_, let action): .roles(action.permittedRoles)
        }
    }

    static func parse(_ template: PlansAPIRoute, _ p: RouteParameters) -> PlansAPIRoute? {
        let id = p.uuid("id")
        // The API accepts a round as `m6` or `6` (the contract); the pages print `m6`.
        var round: RoundAddress? {
            guard let id, let year = p.fiscalYear("fiscalYear"), let kind = p.string("round").flatMap(RoundKind.init(parameter:)) else { return nil }
            return RoundAddress(project: id, year: year, kind: kind)
        }
        switch template {
        case .projectCreate, .projects: return template
        case .project: return id.map(PlansAPIRoute.project)
        case .projectUpdate: return id.map(PlansAPIRoute.projectUpdate)
        case .projectReport: return id.map(PlansAPIRoute.projectReport)
        case .projectAction(_, let action): return id.map { .projectAction($0, action) }
        case .roundSave: return round.map(PlansAPIRoute.roundSave)
        case .roundAction(_, let action): return round.map { .roundAction($0, action) }
        }
    }
}

/// Projects and progress rounds over JSON, with the same service and rules as the pages.
struct PlansAPI {
    static func register(_ routes: any RoutesBuilder) {
        let api = PlansAPI()
        routes.register(PlansAPIRoute.self) { req, route in
            switch route {
            case .projectCreate: try await api.create(req)
            case .projects: try await api.list(req)
            case .project(let id): try await api.show(req, projectID: id)
            case .projectUpdate(let id): try await api.update(req, projectID: id)
            case .projectReport(let id): try await api.report(req, projectID: id)
            case let .projectAction(id, action): try await api.transition(req, action, projectID: id)
            case .roundSave(let at): try await api.saveRound(req, at)
            case let .roundAction(at, action): try await api.roundTransition(req, action, at)
            }
        }
    }

    // MARK: Bodies

    /// The project document plus where it belongs.
    struct ProjectBody: Decodable {
        var document: ProjectDocument
        var unitId: UUID?
        var strategyId: UUID?

        private enum CodingKeys: String, CodingKey { case unitId, strategyId }

        init(from decoder: any Decoder) throws {
            document = try ProjectDocument(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            unitId = try c.decodeIfPresent(UUID.self, forKey: .unitId)
            strategyId = try c.decodeIfPresent(UUID.self, forKey: .strategyId)
        }
    }

    struct Created: Content {
        var id: UUID
        var state: String
        var totalBudget: Baht
        var checks: [Mismatch]
    }

    struct Summary: Content {
        var id: UUID
        var title: String
        var fiscalYear: Int
        var fiscalYears: [Int]
        var state: String
        var unitId: UUID
        var totalBudget: Baht
        var consistent: Bool
    }

    struct Totals: Content {
        struct ActivityTotal: Content {
            var number: Int
            var budget: Baht
            var subItemsTotal: Baht?
            var quarterBudgets: [Baht]
            var targetCount: Int?
        }
        var totalBudget: Baht
        var inBudget: Baht
        var offBudget: Baht
        var totalInWords: String
        var activitiesTotal: Baht
        var expenseTotal: Baht
        var activities: [ActivityTotal]
    }

    /// The document's own fields with id, state, totals and checks beside them.
    struct Detail: Content {
        var id: UUID
        var state: String
        var unitId: UUID
        var strategyId: UUID?
        var document: ProjectDocument
        var totals: Totals
        var checks: [Mismatch]

        private enum CodingKeys: String, CodingKey { case id, state, unitId, strategyId, totals, checks }

        func encode(to encoder: any Encoder) throws {
            try document.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(state, forKey: .state)
            try c.encode(unitId, forKey: .unitId)
            try c.encodeIfPresent(strategyId, forKey: .strategyId)
            try c.encode(totals, forKey: .totals)
            try c.encode(checks, forKey: .checks)
        }

        init(from decoder: any Decoder) throws { throw PrakatError.badRequest("response only") }

        init(id: UUID, state: String, unitId: UUID, strategyId: UUID?, document: ProjectDocument, totals: Totals, checks: [Mismatch]) {
            self.id = id
            self.state = state
            self.unitId = unitId
            self.strategyId = strategyId
            self.document = document
            self.totals = totals
            self.checks = checks
        }
    }

    static func totals(_ doc: ProjectDocument) -> Totals {
        Totals(
            totalBudget: doc.totalBudget, inBudget: doc.totalInBudget, offBudget: doc.totalOffBudget,
            totalInWords: BahtText.words(doc.totalBudget), activitiesTotal: doc.activitiesTotal, expenseTotal: doc.expenseTotal,
            activities: doc.activities.map { activity in
                Totals.ActivityTotal(
                    number: activity.number, budget: activity.budget,
                    subItemsTotal: activity.subItems.isEmpty ? nil : activity.subItems.map(\.budget).sum(),
                    quarterBudgets: (1...4).map { q in doc.quarterRows(activity: activity.number).filter { $0.quarter == q && $0.fiscalYear == doc.fiscalYear }.map(\.budget).sum()
                    },
                    targetCount: doc.targetCount(activity: activity.number))
            })
    }

    // MARK: Handlers

    func create(_ req: Request) async throws -> Response {
        let body = try PlansAPI.decode(ProjectBody.self, req)
        let (project, checks) = try await req.plans.create(body.document, placement: .init(unitID: body.unitId, strategyID: body.strategyId))
        let created = Created(id: try project.requireID(), state: project.stateRaw, totalBudget: body.document.totalBudget, checks: checks)
        let response = try await created.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: PlansAPIRoute.project(try project.requireID()).path)
        return response
    }

    func update(_ req: Request, projectID: UUID) async throws -> Created {
        let project = try await req.plans.project(projectID)
        let body = try PlansAPI.decode(ProjectBody.self, req)
        let checks = try await req.plans.update(project, with: body.document, strategyID: body.strategyId)
        return Created(id: try project.requireID(), state: project.stateRaw, totalBudget: body.document.totalBudget, checks: checks)
    }

    func list(_ req: Request) async throws -> Page<Summary> {
        let paging = try PageRequest(req)
        var query = PlanProject.query(on: req.db)
        if let text = req.query[String.self, at: "fiscalYear"] {
            guard let year = Int(text), FiscalYear.inputBEYears.contains(year) else {
                throw PrakatError.validation([.init(field: "fiscalYear", message: "ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569")], status: .badRequest)
            }
            query = query.filter(\.$beYear == year)
        }
        if !(req.auth.get(User.self)?.hasAny(PlanRoles.readers) ?? false) {
            query = query.filter(\.$stateRaw ~~ ProjectState.allCases.filter(\.isPublic).map(\.rawValue))
        }
        let total = try await query.count()
        let projects = try await query.sort(\.$beYear, .descending).sort(\.$createdAt).sort(\.$id).range(paging.offset..<(paging.offset + paging.perPage)).all()
        let items = try projects.map { project in
            let years = (try? project.document.durations.years.map(\.beYear)) ?? [project.beYear]
            return Summary(
                id: try project.requireID(), title: project.title, fiscalYear: project.beYear, fiscalYears: years, state: project.stateRaw,
                unitId: project.$unit.id, totalBudget: Baht(satang: project.totalSatang), consistent: project.mismatchCount == 0)
        }
        return Page(items: items, page: paging.page, perPage: paging.perPage, total: total)
    }

    func show(_ req: Request, projectID: UUID) async throws -> Detail {
        let project = try await req.plans.project(projectID)
        let document = try project.document
        let tree = try await req.plans.tree(for: project.beYear)
        return Detail(
            id: try project.requireID(), state: project.stateRaw, unitId: project.$unit.id, strategyId: project.strategyID,
            document: document, totals: PlansAPI.totals(document), checks: ProjectChecks.check(document, tree: tree))
    }

    struct ReportResponse: Content {
        var projectId: UUID
        var fiscalYear: Int
        var round: String
        var label: String
        var state: String?
        var planVsActual: PlanVsActual
        var indicators: [IndicatorOutcome]
        var summary: String
        var problems: [String]
        var suggestions: [String]
    }

    /// A round's report; the public sees approved rounds of public projects only.
    static func reportContent(_ req: Request, project: PlanProject, year: Int, kind: RoundKind) async throws -> ReportResponse {
        let document = try project.document
        let round = try await req.plans.round(project, year: year, kind: kind)
        let signedIn = req.auth.get(User.self)?.hasAny(PlanRoles.readers) ?? false
        if !signedIn, round?.state != .approved { throw PrakatError.notFound() }
        let data = round?.data ?? ProgressReportData()
        let inputs = try await req.plans.inputs(for: project, entered: data.entered)
        return ReportResponse(
            projectId: try project.requireID(), fiscalYear: year, round: kind.rawValue, label: kind.label(), state: round?.stateRaw,
            planVsActual: PlanVsActual.compute(document, data: data, round: kind, fiscalYear: FiscalYear(beYear: year)),
            indicators: IndicatorEvaluation.evaluate(document, inputs: inputs), summary: data.summary,
            problems: data.problems, suggestions: data.suggestions)
    }

    func report(_ req: Request, projectID: UUID) async throws -> ReportResponse {
        let project = try await req.plans.project(projectID)
        guard let kind = req.query[String.self, at: "round"].flatMap(RoundKind.init(parameter:)) else {
            throw PrakatError.validation([.init(field: "round", message: "ระบุรอบ: 6, 9, 12 หรือ q1–q4")], status: .badRequest)
        }
        var year = try project.document.fiscalYear.beYear
        if let text = req.query[String.self, at: "fiscalYear"] {
            guard let value = Int(text), FiscalYear.inputBEYears.contains(value) else {
                throw PrakatError.validation([.init(field: "fiscalYear", message: "ปีงบประมาณต้องเป็นปี พ.ศ.")], status: .badRequest)
            }
            year = value
        }
        return try await PlansAPI.reportContent(req, project: project, year: year, kind: kind)
    }

    struct StateResponse: Content {
        var id: UUID
        var state: String
    }

    struct ReasonBody: Decodable { var reason: String?; var comment: String? }

    func transition(_ req: Request, _ action: ProjectAction, projectID: UUID) async throws -> StateResponse {
        let project = try await req.plans.project(projectID)
        let reason = req.body.data.map { $0.readableBytes > 0 } == true ? try PlansAPI.decode(ReasonBody.self, req) : nil
        let state = try await req.plans.perform(action, on: project, reason: reason?.reason ?? reason?.comment)
        return StateResponse(id: try project.requireID(), state: state.rawValue)
    }

    func saveRound(_ req: Request, _ at: RoundAddress) async throws -> ReportResponse {
        let project = try await req.plans.project(at.project)
        let data = try PlansAPI.decode(ProgressReportData.self, req)
        try await req.plans.saveRound(project, year: at.year.beYear, kind: at.kind, data: data)
        return try await PlansAPI.reportContent(req, project: project, year: at.year.beYear, kind: at.kind)
    }

    func roundTransition(_ req: Request, _ action: RoundAction, _ at: RoundAddress) async throws -> StateResponse {
        let project = try await req.plans.project(at.project)
        let reason = req.body.data.map { $0.readableBytes > 0 } == true ? try PlansAPI.decode(ReasonBody.self, req) : nil
        let state = try await req.plans.perform(action, project: project, year: at.year.beYear, kind: at.kind, reason: reason?.reason ?? reason?.comment)
        return StateResponse(id: try project.requireID(), state: state.rawValue)
    }

    /// Like `Request.decodeJSON`, but a value that is the wrong kind (negative or non-numeric
    /// money, an unknown comparator) is a 422 naming the field, not a generic 400.
    static func decode<T: Decodable>(_ type: T.Type, _ req: Request) throws -> T {
        guard let contentType = req.headers.contentType, contentType.type == "application", contentType.subType == "json" else {
            throw PrakatError(
                status: .unsupportedMediaType, kind: "unsupported-media-type", title: SupportText.unsupportedMediaTitle,
                detail: "ส่งข้อมูลเป็น application/json")
        }
        guard let buffer = req.body.data, buffer.readableBytes > 0 else { throw PrakatError.badRequest("ไม่มีข้อมูล JSON ในคำขอ") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            let message =
                context.debugDescription.hasPrefix("Invalid amount")
                ? "จำนวนเงินต้องเป็นตัวเลขไม่ติดลบในรูปข้อความ ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น \"2500000.00\""
                : "ค่าไม่ถูกต้อง"
            throw PrakatError.validation([.init(field: context.codingPath.jsonPath, message: message)])
        } catch let DecodingError.typeMismatch(_, context) {
            throw PrakatError.validation([.init(field: context.codingPath.jsonPath, message: "ชนิดข้อมูลไม่ถูกต้อง (จำนวนเงินส่งเป็นข้อความ เช่น \"2500000.00\")")])
        } catch let DecodingError.valueNotFound(_, context) {
            throw PrakatError.validation([.init(field: context.codingPath.jsonPath, message: "ต้องระบุค่า")])
        } catch let DecodingError.keyNotFound(key, context) {
            throw PrakatError.validation([.init(field: (context.codingPath + [key]).jsonPath, message: "ต้องระบุค่า")])
        } catch {
            throw JSONNumbers.unrepresentableNumber(in: buffer) ?? PrakatError.badRequest(SupportText.malformedJSON)
        }
    }
}
