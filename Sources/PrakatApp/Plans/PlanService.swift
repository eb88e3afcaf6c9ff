import Fluent
import Foundation
import PrakatCore
import Vapor

/// The Plans feature's rules on top of the database, shared by pages and the API: who may see
/// and change a project, and every change with its audit entry in one transaction.
struct PlanService {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let clock: any PrakatClock
    /// The signed-in person, or nil for the public.
    let user: User?
    let auditActor: AuditActor
    /// Where a document that became public queues its PDF (nil: nobody makes them ahead).
    var publicPDFs: PublicPDFQueue? = nil

    // MARK: Loading

    /// The project, or 404 when it does not exist or the caller may not see it (drafts are
    /// for the agency's people; approved projects are public).
    func project(_ id: UUID) async throws -> PlanProject {
        guard let project = try await PlanProject.find(id, on: db), mayRead(project) else { throw PrakatError.notFound() }
        return project
    }

    func mayRead(_ project: PlanProject) -> Bool {
        project.state.isPublic || (user?.hasAny(PlanRoles.readers) ?? false)
    }

    /// The caller as the workflow rules see them, or nil when not signed in.
    func actor(for project: PlanProject) async throws -> PlanActor? {
        guard let user, let userID = user.id else { return nil }
        let unit = try await OrgUnit.find(project.$unit.id, on: db)
        return PlanActor(
            userID: userID, roles: user.roles, headsProjectUnit: unit?.headUserID == userID,
            inProjectUnit: user.$unit.id == project.$unit.id)
    }

    func requireActor(for project: PlanProject) async throws -> PlanActor {
        guard let actor = try await actor(for: project) else { throw PrakatError.unauthorized() }
        return actor
    }

    /// Questionnaires and attendance are managed by the project's editors (`PlanActor.mayEdit`).
    func requireEditor(of project: PlanProject) async throws {
        let actor = try await requireActor(for: project)
        guard actor.mayEdit else { throw PrakatError.forbidden("จัดการได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ของหน่วยงานเจ้าของโครงการ") }
    }

    func tree(for beYear: Int) async throws -> ExpenseCategoryTree {
        try await PlanFiscalYear.query(on: db).filter(\.$beYear == beYear).first()?.expenseTree ?? .standard
    }

    // MARK: Fiscal years and strategies

    func createYear(_ record: PlanFiscalYear) async throws {
        try await writer.write { tx in
            try await record.create(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .fiscalYearCreated, entityType: "fiscal_year", entityID: String(record.beYear),
                    details: ["title": record.planTitle]), by: auditActor, in: tx)
        }
    }

    /// Appends a strategy to the year's list (numbered in the order they were added).
    func createStrategy(code: String, nameTh: String, in year: Int) async throws {
        try await writer.write { tx in
            let position = try await PlanStrategy.query(on: tx.db).filter(\.$beYear == year).count() + 1
            let strategy = PlanStrategy(beYear: year, code: code, nameTh: nameTh, position: position)
            try await strategy.create(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .strategyCreated, entityType: "strategy", entityID: strategy.id?.uuidString,
                    details: ["year": String(year), "code": code, "nameTh": nameTh]), by: auditActor, in: tx)
        }
    }

    // MARK: Projects

    struct Placement {
        var unitID: UUID?
        var strategyID: UUID?
    }

    /// Refused input as field errors (the API's 422, the form's list).
    static func fieldErrors(_ errors: [ProjectInputError]) -> [Problem.FieldError] {
        errors.map { Problem.FieldError(field: $0.field, message: $0.message) }
    }

    /// The unit a new project belongs to: staff always their own; planners choose (default: their own).
    func unitForNewProject(_ requested: UUID?) async throws -> UUID {
        guard let user else { throw PrakatError.unauthorized() }
        if user.has(.planner) {
            if let requested {
                guard try await OrgUnit.find(requested, on: db) != nil else {
                    throw PrakatError.validation([.init(field: "unitId", message: "ไม่มีหน่วยงานนี้")])
                }
                return requested
            }
            if let own = user.$unit.id { return own }
            throw PrakatError.validation([.init(field: "unitId", message: "ต้องระบุหน่วยงานเจ้าของโครงการ")])
        }
        guard user.has(.staff), let own = user.$unit.id else {
            throw PrakatError.forbidden("เพิ่มโครงการได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ที่สังกัดหน่วยงาน")
        }
        if let requested, requested != own { throw PrakatError.forbidden("เจ้าหน้าที่เพิ่มโครงการได้เฉพาะของหน่วยงานตนเอง") }
        return own
    }

    func checkStrategy(_ id: UUID?, year: Int) async throws {
        guard let id else { return }
        guard let strategy = try await PlanStrategy.find(id, on: db), strategy.beYear == year else {
            throw PrakatError.validation([.init(field: "strategyId", message: "ไม่มียุทธศาสตร์นี้ในแผนปีงบประมาณ \(year)")])
        }
    }

    /// Creates a draft. Refused input throws 422 and saves nothing; mismatches are allowed.
    func create(_ document: ProjectDocument, placement: Placement) async throws -> (PlanProject, [Mismatch]) {
        guard let user, let userID = user.id else { throw PrakatError.unauthorized() }
        let tree = try await tree(for: document.fiscalYear.beYear)
        let errors = ProjectChecks.validate(document, tree: tree)
        if !errors.isEmpty { throw PrakatError.validation(PlanService.fieldErrors(errors)) }
        let unitID = try await unitForNewProject(placement.unitID)
        try await checkStrategy(placement.strategyID, year: document.fiscalYear.beYear)
        let project = PlanProject()
        project.id = UUID()
        project.$unit.id = unitID
        project.strategyID = placement.strategyID
        project.state = .draft
        project.createdBy = userID
        project.store(document, tree: tree)
        try await writer.write { tx in
            try await project.create(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .projectCreated, entityType: "project", entityID: project.id?.uuidString,
                    details: ["title": project.title, "fiscalYear": String(project.beYear), "total": document.totalBudget.decimalString]),
                by: auditActor, in: tx)
        }
        return (project, ProjectChecks.check(document, tree: tree))
    }

    func update(_ project: PlanProject, with document: ProjectDocument, strategyID: UUID?) async throws -> [Mismatch] {
        let editor = try await requireActor(for: project)
        try mapped { try ProjectWorkflow.edit(project.state, by: editor) }
        let tree = try await tree(for: document.fiscalYear.beYear)
        let errors = ProjectChecks.validate(document, tree: tree)
        if !errors.isEmpty { throw PrakatError.validation(PlanService.fieldErrors(errors)) }
        try await checkStrategy(strategyID, year: document.fiscalYear.beYear)
        let projectID = try project.requireID()
        try await writer.write { tx in
            // Re-read inside the transaction: someone may have submitted it meanwhile.
            guard let current = try await PlanProject.find(projectID, on: tx.db), current.state == .draft else {
                throw PrakatError(status: .conflict, kind: "conflict", title: SupportText.conflictTitle, detail: "โครงการนี้ถูกเสนอไปแล้ว แก้ไขไม่ได้")
            }
            current.strategyID = strategyID
            current.store(document, tree: tree)
            try await current.update(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .projectUpdated, entityType: "project", entityID: projectID.uuidString,
                    details: [
                        "title": current.title, "total": document.totalBudget.decimalString,
                        "mismatches": String(current.mismatchCount)
                    ]),
                by: auditActor, in: tx)
        }
        project.strategyID = strategyID
        project.store(document, tree: tree)
        return ProjectChecks.check(document, tree: tree)
    }

    /// Moves a project along its workflow; the state is re-checked inside the transaction so
    /// two approvers racing get one approval and one 409.
    @discardableResult
    func perform(_ action: ProjectAction, on project: PlanProject, reason: String? = nil) async throws -> ProjectState {
        let actor = try await requireActor(for: project)
        let projectID = try project.requireID()
        let now = clock.now()
        if action.requiresReason, (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw PrakatError.validation([.init(field: "reason", message: PlansText.reasonRequired)])
        }
        let newState: ProjectState = try await writer.write { tx in
            guard let current = try await PlanProject.find(projectID, on: tx.db) else { throw PrakatError.notFound() }
            let document = try current.document
            let tree = try await PlanFiscalYear.query(on: tx.db).filter(\.$beYear == current.beYear).first()?.expenseTree ?? .standard
            let facts = ProjectFacts(
                state: current.state, mismatches: action == .submit ? ProjectChecks.check(document, tree: tree).count : nil,
                ownWork: current.createdBy == actor.userID || current.submittedBy == actor.userID)
            let next = try mapped { try ProjectWorkflow.transition(action, by: actor, on: facts) }
            current.state = next
            switch action {
            case .submit:
                current.submittedBy = actor.userID
                current.submittedAt = now
            case .approve:
                current.approvedBy = actor.userID
                current.approvedAt = now
            case .return:
                current.submittedBy = nil
                current.submittedAt = nil
            case .activate:
                break
            }
            try await current.update(on: tx.db)
            try await audit.record(
                AuditEvent(
                    AuditAction(action), entityType: "project", entityID: projectID.uuidString,
                    reason: reason, details: ["state": next.rawValue]),
                by: auditActor, in: tx)
            return next
        }
        project.state = newState
        if newState.isPublic { await publicPDFs?.enqueue(PlanPublicPDFs.project(projectID)) }
        return newState
    }

    // MARK: Rounds

    func round(_ project: PlanProject, year: Int, kind: RoundKind) async throws -> PlanRound? {
        try await PlanRound.query(on: db).filter(\.$project.$id == project.requireID()).filter(\.$beYear == year)
            .filter(\.$kindRaw == kind.rawValue).first()
    }

    func saveRound(_ project: PlanProject, year: Int, kind: RoundKind, data: ProgressReportData) async throws {
        let actor = try await requireActor(for: project)
        let document = try project.document
        guard document.durations.contains(FiscalYear(beYear: year)) else {
            throw PrakatError.validation([.init(field: "fiscalYear", message: "ปีงบประมาณ \(year) อยู่นอกระยะเวลาโครงการ")])
        }
        let errors = data.validate(kind: kind, document: document)
        if !errors.isEmpty { throw PrakatError.validation(PlanService.fieldErrors(errors)) }
        let projectID = try project.requireID()
        try await writer.write { tx in
            let existing = try await PlanRound.query(on: tx.db).filter(\.$project.$id == projectID).filter(\.$beYear == year)
                .filter(\.$kindRaw == kind.rawValue).first()
            let round = existing ?? PlanRound(projectID: projectID, fiscalYear: FiscalYear(beYear: year), kind: kind)
            try mapped { try RoundWorkflow.edit(round.state, project: project.state, by: actor) }
            round.dataJSON = PlanJSON.encode(data)
            if existing == nil { try await round.create(on: tx.db) } else { try await round.update(on: tx.db) }
            try await audit.record(
                AuditEvent(
                    .roundSaved, entityType: "round", entityID: round.id?.uuidString,
                    details: ["project": projectID.uuidString, "round": "\(year)/\(kind.rawValue)"]),
                by: auditActor, in: tx)
        }
    }

    @discardableResult
    func perform(_ action: RoundAction, project: PlanProject, year: Int, kind: RoundKind, reason: String? = nil) async throws -> RoundState {
        let actor = try await requireActor(for: project)
        let projectID = try project.requireID()
        let now = clock.now()
        if action.requiresReason, (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw PrakatError.validation([.init(field: "reason", message: PlansText.reasonRequired)])
        }
        let (state, roundID): (RoundState, UUID?) = try await writer.write { tx in
            let existing = try await PlanRound.query(on: tx.db).filter(\.$project.$id == projectID).filter(\.$beYear == year)
                .filter(\.$kindRaw == kind.rawValue).first()
            // Submitting a round nobody saved yet submits an empty report; that is allowed
            // (nothing happened in the period), but it is still a report someone stands behind.
            let round = existing ?? PlanRound(projectID: projectID, fiscalYear: FiscalYear(beYear: year), kind: kind)
            let facts = RoundFacts(state: round.state, projectState: project.state, submittedBySelf: round.submittedBy == actor.userID)
            let next = try mapped { try RoundWorkflow.transition(action, by: actor, on: facts) }
            round.state = next
            switch action {
            case .submit:
                round.submittedBy = actor.userID
                round.submittedAt = now
            case .approve:
                round.approvedBy = actor.userID
                round.approvedAt = now
            case .return:
                round.submittedBy = nil
                round.submittedAt = nil
            }
            if existing == nil { try await round.create(on: tx.db) } else { try await round.update(on: tx.db) }
            try await audit.record(
                AuditEvent(
                    AuditAction(action), entityType: "round", entityID: round.id?.uuidString, reason: reason,
                    details: ["project": projectID.uuidString, "round": "\(year)/\(kind.rawValue)", "state": next.rawValue]),
                by: auditActor, in: tx)
            return (next, round.id)
        }
        // An approved round of a public project is public: its PDF is made now, not on the
        // first visitor's request.
        if state == .approved, project.state.isPublic, let roundID {
            await publicPDFs?.enqueue(PlanPublicPDFs.round(RoundAddress(project: projectID, year: FiscalYear(beYear: year), kind: kind), id: roundID))
        }
        return state
    }

    // MARK: Evaluation inputs

    /// Attendance counts and Likert tallies per activity, read from the lists and answers.
    func inputs(for project: PlanProject, entered: [String: Decimal] = [:]) async throws -> IndicatorInputs {
        let projectID = try project.requireID()
        let attendees = try await PlanAttendee.query(on: db).filter(\.$project.$id == projectID).filter(\.$present == true).all()
        var attendance: [Int: Int] = [:]
        for person in attendees { attendance[person.activity, default: 0] += 1 }
        var likert: [Int: [Int: LikertTally]] = [:]
        let questionnaires = try await PlanQuestionnaire.query(on: db).filter(\.$project.$id == projectID).all()
        for questionnaire in questionnaires {
            let responses = try await PlanResponse.query(on: db).filter(\.$questionnaire.$id == questionnaire.requireID()).all()
            let tallies = QuestionnaireAnswers.tallies(responses.map(\.answers))
            // Several questionnaires for one activity: their tallies add up.
            for (question, tally) in tallies {
                let merged = zip(likert[questionnaire.activity]?[question]?.counts ?? [0, 0, 0, 0, 0], tally.counts).map(+)
                likert[questionnaire.activity, default: [:]][question] = LikertTally(counts: merged)
            }
        }
        return IndicatorInputs(attendance: attendance, likert: likert, entered: entered)
    }
}

/// Workflow refusals as the errors pages and the API show.
func mapped<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as WorkflowError {
        switch error {
        case .conflict(let message): throw PrakatError(status: .conflict, kind: "conflict", title: SupportText.conflictTitle, detail: message)
        case .forbidden(let message): throw PrakatError.forbidden(message)
        case .inconsistent(let message): throw PrakatError(status: .unprocessableEntity, kind: "inconsistent", title: SupportText.validationTitle, detail: message)
        }
    }
}

extension Request {
    var plans: PlanService {
        PlanService(
            db: db, writer: writer, audit: audit, clock: clock, user: auth.get(User.self), auditActor: auditActor, publicPDFs: application.publicPDFs)
    }
}
