import Crypto
import Fluent
import Foundation
import PrakatCore
import Vapor

/// Questionnaires that evaluate a project's activities (issue 5 §5): staff write them, share a
/// public link or QR code, and read the results; the public answers anonymously, once per link session.
struct QuestionnairePages {
    struct QuestionnaireRow: Encodable {
        var title: String
        var activity: Int
        var path: String
        var publicPath: String
        var isOpen: Bool
        var responses: Int
        var togglePath: String
        var qrPath: String
    }

    struct ListBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var projectTitle: String
        var projectPath: String
        var rows: [QuestionnaireRow]
        var action: String
        var canEdit: Bool
        var activities: [Int]
        var errors: FormErrors
        var title: String
        var questions: String
        var pdpaNotice: String
        var example: String
    }

    static let exampleQuestions = """
        ท่านมีความรู้ ความเข้าใจในเรื่องที่บรรยายมากน้อยเพียงใด
        ท่านสามารถนำความรู้ไปใช้ในการปฏิบัติงานได้มากน้อยเพียงใด
        ท่านพึงพอใจต่อการจัดโครงการโดยรวม
        สถานะของท่าน | ผู้บริหาร | ผู้ปฏิบัติงาน
        ? ข้อเสนอแนะเพิ่มเติม
        """

    func list(_ req: Request, projectID: UUID) async throws -> Response {
        try await listPage(req, project: try await req.plans.project(projectID), errors: FormErrors(), form: nil)
    }

    private func listPage(_ req: Request, project: PlanProject, errors: FormErrors, form: QuestionnaireForm?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = try project.requireID()
        let document = try project.document
        let stored = try await PlanQuestionnaire.query(on: req.db).filter(\.$project.$id == id).sort(\.$activity).all()
        var rows: [QuestionnaireRow] = []
        for q in stored {
            let qid = try q.requireID()
            rows.append(
                QuestionnaireRow(
                    title: q.title, activity: q.activity, path: PlansRoute.questionnaire(id, qid).path,
                    publicPath: req.publicBaseURL + PlansRoute.publicQuestionnaire(q.token).path, isOpen: q.isOpen,
                    responses: try await PlanResponse.query(on: req.db).filter(\.$questionnaire.$id == qid).count(),
                    togglePath: PlansRoute.questionnaireToggle(id, qid).path, qrPath: PlansRoute.questionnaireQR(id, qid).path))
        }
        let actor = try await req.plans.actor(for: project)
        return try await req.render(
            "Plans/questionnaires", title: PlansText.questionnairesTitle,
            ListBody(
                projectTitle: document.title, projectPath: PlansRoute.project(id).path, rows: rows, action: PlansRoute.questionnaires(id).path,
                canEdit: actor?.mayEdit ?? false, activities: document.activities.map(\.number), errors: errors,
                title: form?.title ?? "แบบประเมินผลโครงการ \(document.title)", questions: form?.questions ?? QuestionnairePages.exampleQuestions,
                pdpaNotice: form?.pdpaNotice ?? PlansText.defaultPDPANotice, example: QuestionnairePages.exampleQuestions), status: status, withForm: true)
    }

    struct QuestionnaireForm: Content { var activity: String?; var title: String?; var questions: String?; var pdpaNotice: String? }

    func create(_ req: Request, projectID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        try await req.plans.requireEditor(of: project)
        let form = try req.content.decode(QuestionnaireForm.self)
        let document = try project.document
        var errors = FormErrors()
        let activity = Int(form.activity ?? "").flatMap { document.activity($0) == nil ? nil : $0 }
        if activity == nil { errors.add("activity", "เลือกกิจกรรมของโครงการ") }
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", "ระบุชื่อแบบสอบถาม") }
        let questions = QuestionnaireQuestion.parse(lines: form.questions ?? "")
        if questions.isEmpty { errors.add("questions", "ต้องมีคำถามอย่างน้อย 1 ข้อ") }
        if questions.count > 50 { errors.add("questions", "คำถามได้ไม่เกิน 50 ข้อ") }
        let notice = (form.pdpaNotice ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if notice.isEmpty { errors.add("pdpaNotice", "ต้องมีคำชี้แจงการคุ้มครองข้อมูลส่วนบุคคล") }
        guard errors.isEmpty, let activity else {
            return try await listPage(req, project: project, errors: errors, form: form, status: .unprocessableEntity)
        }
        let questionnaire = PlanQuestionnaire()
        questionnaire.$project.id = try project.requireID()
        questionnaire.activity = activity
        questionnaire.title = title
        questionnaire.token = QuestionnairePages.newToken()
        questionnaire.questionsJSON = PlanJSON.encode(questions)
        questionnaire.pdpaNotice = notice
        questionnaire.isOpen = true
        questionnaire.createdBy = try req.requireUser().requireID()
        try await req.evaluation.create(questionnaire)
        return req.redirect(to: PlansRoute.questionnaires(try project.requireID()).path, flash: Flash(kind: .success, text: PlansText.questionnaireCreated))
    }

    /// 128 random bits, URL-safe: the link is the only thing protecting an open questionnaire from strangers.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<26).map { _ in alphabet.randomElement(using: &generator)! })
    }

    private func findQuestionnaire(_ id: UUID, of project: PlanProject, on db: any Database) async throws -> PlanQuestionnaire {
        guard let q = try await PlanQuestionnaire.find(id, on: db),
            q.$project.id == project.id
        else { throw PrakatError.notFound() }
        return q
    }

    struct ResultRow: Encodable {
        var n: Int
        var text: String
        var kind: String
        var counts: [Int]
        var mean: String
        var level: String
        var topPercent: String
        var choices: [String]
        var texts: [String]
    }

    struct ResultsBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var title: String
        var projectPath: String
        var listPath: String
        var publicPath: String
        var responses: Int
        var rows: [ResultRow]
        var likertLabels = QuestionnaireQuestion.likertLabels
    }

    func results(_ req: Request, projectID: UUID, questionnaireID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        let q = try await findQuestionnaire(questionnaireID, of: project, on: req.db)
        let responses = try await PlanResponse.query(on: req.db).filter(\.$questionnaire.$id == q.requireID()).all().map(\.answers)
        let tallies = QuestionnaireAnswers.tallies(responses)
        let rows = q.questions.enumerated().map { index, question -> ResultRow in
            let n = index + 1
            let tally = tallies[n] ?? LikertTally()
            let answers = responses.flatMap { $0.filter { $0.question == n } }
            return ResultRow(
                n: n, text: question.text, kind: question.kind.rawValue, counts: tally.counts,
                mean: tally.mean?.plainString ?? "-", level: tally.mean.map(LikertTally.level(of:)) ?? "-",
                topPercent: tally.percent(atLeast: 4)?.plainString ?? "-",
                choices: question.choices.enumerated().map { ci, choice in "\(choice): \(answers.filter { $0.choice == ci }.count)" },
                texts: answers.compactMap(\.text))
        }
        return try await req.render(
            "Plans/questionnaire-results", title: q.title,
            ResultsBody(
                title: q.title, projectPath: PlansRoute.project(try project.requireID()).path, listPath: PlansRoute.questionnaires(try project.requireID()).path,
                publicPath: PlansRoute.publicQuestionnaire(q.token).path, responses: responses.count, rows: rows))
    }

    struct QRBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var agency: String
        var title: String
        var projectTitle: String
        var activity: Int
        var activityTitle: String?
        var publicURL: String
        var qr: String?
        var qrMissing: String
        var listPath: String
    }

    /// A printable sheet with the questionnaire's QR code, to put up at the activity (issue 5 §5).
    func qrSheet(_ req: Request, projectID: UUID, questionnaireID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        let q = try await findQuestionnaire(questionnaireID, of: project, on: req.db)
        let document = try project.document
        let url = req.publicBaseURL + PlansRoute.publicQuestionnaire(q.token).path
        let qr = await req.application.qrCodes.svg(for: url, label: "คิวอาร์โค้ดของลิงก์แบบสอบถาม \(url)", on: req.application)
        let body = QRBody(
            agency: await req.agencyProfile().officialName, title: q.title, projectTitle: document.title,
            activity: q.activity, activityTitle: document.activity(q.activity)?.title, publicURL: url, qr: qr,
            qrMissing: PlansText.qrMissing, listPath: PlansRoute.questionnaires(try project.requireID()).path)
        let view = try await req.view.render("Plans/questionnaire-qr", PageView(site: await req.siteContext(), title: q.title, page: body))
        return try await view.encodeResponse(for: req)
    }

    func toggle(_ req: Request, projectID: UUID, questionnaireID: UUID) async throws -> Response {
        let project = try await req.plans.project(projectID)
        try await req.plans.requireEditor(of: project)
        let q = try await findQuestionnaire(questionnaireID, of: project, on: req.db)
        try await req.evaluation.toggle(q)
        return req.redirect(
            to: PlansRoute.questionnaires(try project.requireID()).path,
            flash: Flash(kind: .success, text: q.isOpen ? "เปิดรับคำตอบแล้ว" : "ปิดรับคำตอบแล้ว"))
    }

    // MARK: Public questionnaire

    static let sessionCookie = "prakat_qs"

    struct PublicQuestion: Encodable {
        var n: Int
        var name: String
        var text: String
        var kind: String
        var required: Bool
        var options: [Option]
        var value: String
        var error: String?
    }

    struct Option: Encodable { var value: String; var label: String; var checked: Bool; var id: String }

    struct PublicBody: Encodable {
        var stylesheet = PlansRoute.stylesheet
        var title: String
        var projectTitle: String
        var activity: String
        var notice: String
        var questions: [PublicQuestion]
        var action: String
        var isOpen: Bool
        var done: Bool
        var message: String?
        var hasErrors: Bool
    }

    private func publicQuestionnaire(_ req: Request, token: String) async throws -> (PlanQuestionnaire, ProjectDocument) {
        guard let q = try await PlanQuestionnaire.query(on: req.db).filter(\.$token == token).first(),
            let project = try await PlanProject.find(q.$project.id, on: req.db)
        else { throw PrakatError.notFound() }
        return (q, try project.document)
    }

    private func publicPage(
        _ req: Request, _ q: PlanQuestionnaire, _ document: ProjectDocument, values: [String: String], errors: [String: String],
        done: Bool, message: String?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let questions = q.questions.enumerated().map { index, question -> PublicQuestion in
            let name = "q\(index + 1)"
            let options: [Option]
            switch question.kind {
            case .likert:
                options = (1...5).map {
                    Option(value: String($0), label: "\($0) \(QuestionnaireQuestion.likertLabels[$0 - 1])", checked: values[name] == String($0), id: "\(name)-\($0)")
                }
            case .choice:
                options = question.choices.enumerated().map {
                    Option(value: String($0.offset), label: $0.element, checked: values[name] == String($0.offset), id: "\(name)-\($0.offset)")
                }
            case .text: options = []
            }
            return PublicQuestion(
                n: index + 1, name: name, text: question.text, kind: question.kind.rawValue, required: question.required,
                options: options, value: values[name] ?? "", error: errors[name])
        }
        let activity = document.activity(q.activity).map { "กิจกรรมที่ \($0.number) \($0.title)" } ?? ""
        let response = try await req.render(
            "Plans/questionnaire-public", title: q.title,
            PublicBody(
                title: q.title, projectTitle: document.title, activity: activity, notice: q.pdpaNotice, questions: questions,
                action: PlansRoute.publicQuestionnaire(q.token).path, isOpen: q.isOpen, done: done, message: message, hasErrors: !errors.isEmpty),
            status: status, withForm: q.isOpen && !done)
        // The link session: a random value in a cookie scoped to the questionnaire's path.
        if req.cookies[QuestionnairePages.sessionCookie]?.string.count ?? 0 < 32 {
            response.cookies[QuestionnairePages.sessionCookie] = HTTPCookies.Value(
                string: SecretToken.make(), path: PlansRoute.publicQuestionnaireCookiePath, isSecure: req.isHTTPS, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    func publicForm(_ req: Request, token: String) async throws -> Response {
        let (q, document) = try await publicQuestionnaire(req, token: token)
        return try await publicPage(req, q, document, values: [:], errors: [:], done: false, message: q.isOpen ? nil : PlansText.questionnaireClosed)
    }

    func answer(_ req: Request, token: String) async throws -> Response {
        let (q, document) = try await publicQuestionnaire(req, token: token)
        guard q.isOpen else {
            return try await publicPage(req, q, document, values: [:], errors: [:], done: true, message: PlansText.questionnaireClosed, status: .conflict)
        }
        var form = try req.content.decode([String: String].self)
        form["_csrf"] = nil
        guard let session = req.cookies[QuestionnairePages.sessionCookie]?.string, session.count >= 32 else {
            return try await publicPage(req, q, document, values: form, errors: [:], done: false, message: PlansText.sessionMissing, status: .unprocessableEntity)
        }
        let (answers, errors) = QuestionnaireAnswers.read(form, questions: q.questions)
        if !errors.isEmpty {
            return try await publicPage(req, q, document, values: form, errors: errors, done: false, message: "กรุณาตอบให้ครบทุกข้อที่จำเป็น", status: .unprocessableEntity)
        }
        let qid = try q.requireID()
        // Only a hash of (questionnaire, session) is kept: the answer cannot be tied to a person or a browser.
        let sessionHash = SHA256.hash(data: Data((qid.uuidString + ":" + session).utf8)).map { String(format: "%02x", $0) }.joined()
        let duplicate = try await !req.evaluation.recordAnswer(to: qid, sessionHash: sessionHash, answers: answers)
        if duplicate {
            return try await publicPage(req, q, document, values: [:], errors: [:], done: true, message: PlansText.answeredTwice, status: .conflict)
        }
        return try await publicPage(req, q, document, values: [:], errors: [:], done: true, message: PlansText.answered)
    }
}
