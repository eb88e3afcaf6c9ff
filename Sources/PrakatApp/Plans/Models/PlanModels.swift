import Fluent
import Foundation
import PrakatCore
import Vapor

/// A fiscal year of the agency's action plan (แผนปฏิบัติราชการประจำปี), with the expense
/// category tree that year's projects use (data, not code: it changes between years).
final class PlanFiscalYear: Model, @unchecked Sendable {
    static let schema = "plan_fiscal_years"

    @ID(key: .id) var id: UUID?
    /// Buddhist-Era year the fiscal year ends in (2569).
    @Field(key: "be_year") var beYear: Int
    /// ชื่อแผน, e.g. "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2569".
    @Field(key: "plan_title") var planTitle: String
    /// `ExpenseCategoryTree` as JSON.
    @Field(key: "expense_tree") var expenseTreeJSON: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(beYear: Int, planTitle: String, expenseTree: ExpenseCategoryTree = .standard) {
        self.beYear = beYear
        self.planTitle = planTitle
        self.expenseTreeJSON = PlanJSON.encode(expenseTree)
    }

    var fiscalYear: FiscalYear { FiscalYear(beYear: beYear) }
    var expenseTree: ExpenseCategoryTree { PlanJSON.decode(ExpenseCategoryTree.self, expenseTreeJSON) ?? .standard }
}

/// A strategy (ยุทธศาสตร์) of the action plan that projects link to.
final class PlanStrategy: Model, @unchecked Sendable {
    static let schema = "plan_strategies"

    @ID(key: .id) var id: UUID?
    @Field(key: "be_year") var beYear: Int
    @Field(key: "code") var code: String
    @Field(key: "name_th") var nameTh: String
    @Field(key: "position") var position: Int

    init() {}

    init(beYear: Int, code: String, nameTh: String, position: Int) {
        self.beYear = beYear
        self.code = code
        self.nameTh = nameTh
        self.position = position
    }
}

/// A project: the structured document as JSON plus the columns lists and checks need.
final class PlanProject: Model, @unchecked Sendable {
    static let schema = "plan_projects"

    @ID(key: .id) var id: UUID?
    @Field(key: "be_year") var beYear: Int
    @Parent(key: "unit_id") var unit: OrgUnit
    @OptionalField(key: "strategy_id") var strategyID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "state") var stateRaw: String
    /// `ProjectDocument` as JSON (money inside as decimal strings, never floats).
    @Field(key: "document") var documentJSON: String
    /// Denormalised for lists: the §5 total in satang and the number of mismatches.
    @Field(key: "total_satang") var totalSatang: Int64
    @Field(key: "mismatch_count") var mismatchCount: Int
    @Field(key: "created_by") var createdBy: UUID
    @OptionalField(key: "submitted_by") var submittedBy: UUID?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var state: ProjectState {
        get { ProjectState(rawValue: stateRaw) ?? .draft }
        set { stateRaw = newValue.rawValue }
    }

    var document: ProjectDocument {
        get throws {
            guard let document = PlanJSON.decode(ProjectDocument.self, documentJSON) else {
                throw Abort(.internalServerError, reason: "stored project document does not decode")
            }
            return document
        }
    }

    /// Stores the document and refreshes the summary columns from it.
    func store(_ document: ProjectDocument, tree: ExpenseCategoryTree) {
        documentJSON = PlanJSON.encode(document)
        title = document.title.trimmingCharacters(in: .whitespacesAndNewlines)
        beYear = document.fiscalYear.beYear
        totalSatang = document.totalBudget.satang
        mismatchCount = ProjectChecks.check(document, tree: tree).count
    }
}

/// A progress report round of a project (Q1–Q4, 6/9/12 months).
final class PlanRound: Model, @unchecked Sendable {
    static let schema = "plan_rounds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: PlanProject
    @Field(key: "be_year") var beYear: Int
    @Field(key: "kind") var kindRaw: String
    @Field(key: "state") var stateRaw: String
    /// `ProgressReportData` as JSON.
    @Field(key: "data") var dataJSON: String
    @OptionalField(key: "submitted_by") var submittedBy: UUID?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    /// The publication request made from this approved report, so it is sent only once.
    @OptionalField(key: "publication_request_id") var publicationRequestID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(projectID: UUID, fiscalYear: FiscalYear, kind: RoundKind) {
        self.$project.id = projectID
        self.beYear = fiscalYear.beYear
        self.kindRaw = kind.rawValue
        self.stateRaw = RoundState.draft.rawValue
        self.dataJSON = PlanJSON.encode(ProgressReportData())
    }

    var kind: RoundKind { RoundKind(rawValue: kindRaw) ?? .m6 }
    var fiscalYear: FiscalYear { FiscalYear(beYear: beYear) }
    var state: RoundState {
        get { RoundState(rawValue: stateRaw) ?? .draft }
        set { stateRaw = newValue.rawValue }
    }
    var data: ProgressReportData { PlanJSON.decode(ProgressReportData.self, dataJSON) ?? ProgressReportData() }
}

/// An evaluation questionnaire for one activity, answered through a public link.
final class PlanQuestionnaire: Model, @unchecked Sendable {
    static let schema = "plan_questionnaires"

    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: PlanProject
    @Field(key: "activity") var activity: Int
    @Field(key: "title") var title: String
    /// The public link's random part.
    @Field(key: "token") var token: String
    /// `[QuestionnaireQuestion]` as JSON.
    @Field(key: "questions") var questionsJSON: String
    @Field(key: "pdpa_notice") var pdpaNotice: String
    @Field(key: "is_open") var isOpen: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var questions: [QuestionnaireQuestion] { PlanJSON.decode([QuestionnaireQuestion].self, questionsJSON) ?? [] }
}

/// One submitted questionnaire: anonymous; only a hash of the link session is kept so the same
/// browser session cannot answer twice.
final class PlanResponse: Model, @unchecked Sendable {
    static let schema = "plan_responses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "questionnaire_id") var questionnaire: PlanQuestionnaire
    @Field(key: "session_hash") var sessionHash: String
    /// `[QuestionnaireAnswer]` as JSON.
    @Field(key: "answers") var answersJSON: String
    @Field(key: "submitted_at") var submittedAt: Date

    init() {}

    var answers: [QuestionnaireAnswer] { PlanJSON.decode([QuestionnaireAnswer].self, answersJSON) ?? [] }
}

/// A person on an activity's attendance list: imported from CSV or checked in by staff.
final class PlanAttendee: Model, @unchecked Sendable {
    static let schema = "plan_attendees"

    @ID(key: .id) var id: UUID?
    @Parent(key: "project_id") var project: PlanProject
    @Field(key: "activity") var activity: Int
    @Field(key: "name") var name: String
    @Field(key: "organisation") var organisation: String
    @Field(key: "position") var position: String
    /// `csv` or `checkin`
    @Field(key: "source") var source: String
    /// Registered people are on the list before the day; attendance counts those present.
    @Field(key: "present") var present: Bool
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// JSON columns: the same text on SQLite and PostgreSQL, sorted keys so a stored document
/// compares and diffs stably.
enum PlanJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
