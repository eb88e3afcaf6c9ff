import Crypto
import Fluent
import Foundation
import PrakatCore
import Vapor

/// Evaluation without retyping (issue 5 §5): questionnaires with a public link per activity,
/// anonymous, one answer per link session; attendance lists from CSV or check-in by staff.
struct PlanEvaluationRoutes {
    func register(_ routes: any RoutesBuilder) {
        let project = routes.grouped("plans", "projects", ":id")
        let readers = AccessPolicy.roles(PlanService.readers)
        let editors = AccessPolicy.roles(PlanService.editors)
        project.on(.GET, "questionnaires", policy: readers, use: questionnaires)
        project.on(.POST, "questionnaires", policy: editors, use: createQuestionnaire)
        project.on(.GET, "questionnaires", ":qid", policy: readers, use: results)
        project.on(.POST, "questionnaires", ":qid", "toggle", policy: editors, use: toggle)
        project.on(.GET, "questionnaires", ":qid", "qr", policy: readers, use: qrSheet)
        project.on(.GET, "attendance", ":activity", policy: readers, use: attendance)
        project.on(.POST, "attendance", ":activity", "import", policy: editors, body: .collect(maxSize: "4mb"), use: importCSV)
        project.on(.POST, "attendance", ":activity", "checkin", policy: editors, use: checkIn)
        project.on(.POST, "attendance", ":activity", "present", ":person", policy: editors, use: markPresent)
        routes.on(.GET, "q", ":token", policy: .everyone, use: publicForm)
        routes.on(.POST, "q", ":token", policy: .everyone, use: answer)
    }

    private func editable(_ req: Request, _ project: PlanProject) async throws {
        let actor = try await req.plans.requireActor(for: project)
        guard actor.mayEdit else { throw PrakatError.forbidden("จัดการได้เฉพาะนักวิเคราะห์นโยบายและแผน หรือเจ้าหน้าที่ของหน่วยงานเจ้าของโครงการ") }
    }

    // MARK: Questionnaires (staff)

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
        var stylesheet = PlanLink.stylesheet.path
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

    func questionnaires(_ req: Request) async throws -> Response {
        try await listPage(req, project: try await req.plans.project(req.parameters.get("id")), errors: FormErrors(), form: nil)
    }

    private func listPage(_ req: Request, project: PlanProject, errors: FormErrors, form: QuestionnaireForm?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = try project.requireID()
        let document = try project.document
        let stored = try await PlanQuestionnaire.query(on: req.db).filter(\.$project.$id == id).sort(\.$activity).all()
        var rows: [QuestionnaireRow] = []
        for q in stored {
            let qid = try q.requireID()
            rows.append(QuestionnaireRow(title: q.title, activity: q.activity, path: PlanLink.questionnaire(id, qid).path,
                                         publicPath: req.publicBaseURL + PlanLink.publicQuestionnaire(q.token).path, isOpen: q.isOpen,
                                         responses: try await PlanResponse.query(on: req.db).filter(\.$questionnaire.$id == qid).count(),
                                         togglePath: PlanLink.questionnaireToggle(id, qid).path, qrPath: PlanLink.questionnaireQR(id, qid).path))
        }
        let actor = try await req.plans.actor(for: project)
        return try await req.render("Plans/questionnaires", title: PlansText.questionnairesTitle, ListBody(
            projectTitle: document.title, projectPath: PlanLink.project(id).path, rows: rows, action: PlanLink.questionnaires(id).path,
            canEdit: actor?.mayEdit ?? false, activities: document.activities.map(\.number), errors: errors,
            title: form?.title ?? "แบบประเมินผลโครงการ \(document.title)", questions: form?.questions ?? PlanEvaluationRoutes.exampleQuestions,
            pdpaNotice: form?.pdpaNotice ?? PlansText.defaultPDPANotice, example: PlanEvaluationRoutes.exampleQuestions), status: status, withForm: true)
    }

    struct QuestionnaireForm: Content { var activity: String?; var title: String?; var questions: String?; var pdpaNotice: String? }

    func createQuestionnaire(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        try await editable(req, project)
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
        questionnaire.token = PlanEvaluationRoutes.newToken()
        questionnaire.questionsJSON = PlanJSON.encode(questions)
        questionnaire.pdpaNotice = notice
        questionnaire.isOpen = true
        questionnaire.createdBy = try req.requireUser().requireID()
        let actor = req.auditActor
        try await req.writer.write { tx in
            try await questionnaire.create(on: tx.db)
            try await req.audit.record(AuditEvent("questionnaire.created", entityType: "questionnaire", entityID: questionnaire.id?.uuidString,
                                                  details: ["project": questionnaire.$project.id.uuidString, "activity": String(activity)]), by: actor, in: tx)
        }
        return req.redirect(to: PlanLink.questionnaires(try project.requireID()).path, flash: Flash(kind: .success, text: PlansText.questionnaireCreated))
    }

    /// 128 random bits, URL-safe: the link is the only thing protecting an open questionnaire from strangers.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<26).map { _ in alphabet.randomElement(using: &generator)! })
    }

    private func findQuestionnaire(_ req: Request, _ project: PlanProject) async throws -> PlanQuestionnaire {
        guard let qid = req.parameters.get("qid").flatMap(UUID.init(uuidString:)), let q = try await PlanQuestionnaire.find(qid, on: req.db),
              q.$project.id == project.id else { throw PrakatError.notFound() }
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
        var stylesheet = PlanLink.stylesheet.path
        var title: String
        var projectPath: String
        var listPath: String
        var publicPath: String
        var responses: Int
        var rows: [ResultRow]
        var likertLabels = QuestionnaireQuestion.likertLabels
    }

    func results(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        let q = try await findQuestionnaire(req, project)
        let responses = try await PlanResponse.query(on: req.db).filter(\.$questionnaire.$id == q.requireID()).all().map(\.answers)
        let tallies = QuestionnaireAnswers.tallies(responses)
        let rows = q.questions.enumerated().map { index, question -> ResultRow in
            let n = index + 1
            let tally = tallies[n] ?? LikertTally()
            let answers = responses.flatMap { $0.filter { $0.question == n } }
            return ResultRow(n: n, text: question.text, kind: question.kind.rawValue, counts: tally.counts,
                             mean: tally.mean?.plainString ?? "-", level: tally.mean.map(LikertTally.level(of:)) ?? "-",
                             topPercent: tally.percent(atLeast: 4)?.plainString ?? "-",
                             choices: question.choices.enumerated().map { ci, choice in "\(choice): \(answers.filter { $0.choice == ci }.count)" },
                             texts: answers.compactMap(\.text))
        }
        return try await req.render("Plans/questionnaire-results", title: q.title, ResultsBody(
            title: q.title, projectPath: PlanLink.project(try project.requireID()).path, listPath: PlanLink.questionnaires(try project.requireID()).path,
            publicPath: PlanLink.publicQuestionnaire(q.token).path, responses: responses.count, rows: rows))
    }

    struct QRBody: Encodable {
        var stylesheet = PlanLink.stylesheet.path
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
    func qrSheet(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        let q = try await findQuestionnaire(req, project)
        let document = try project.document
        let url = req.publicBaseURL + PlanLink.publicQuestionnaire(q.token).path
        let qr = await req.application.qrCodes.svg(for: url, label: "คิวอาร์โค้ดของลิงก์แบบสอบถาม \(url)", on: req.application)
        let body = QRBody(agency: try await Agency.query(on: req.db).first()?.nameTh ?? "", title: q.title, projectTitle: document.title,
                          activity: q.activity, activityTitle: document.activity(q.activity)?.title, publicURL: url, qr: qr,
                          qrMissing: PlansText.qrMissing, listPath: PlanLink.questionnaires(try project.requireID()).path)
        let view = try await req.view.render("Plans/questionnaire-qr", PageView(site: await req.siteContext(), title: q.title, page: body))
        return try await view.encodeResponse(for: req)
    }

    func toggle(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        try await editable(req, project)
        let q = try await findQuestionnaire(req, project)
        let actor = req.auditActor
        try await req.writer.write { tx in
            q.isOpen.toggle()
            try await q.update(on: tx.db)
            try await req.audit.record(AuditEvent(q.isOpen ? "questionnaire.opened" : "questionnaire.closed", entityType: "questionnaire",
                                                  entityID: q.id?.uuidString), by: actor, in: tx)
        }
        return req.redirect(to: PlanLink.questionnaires(try project.requireID()).path,
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
        var stylesheet = PlanLink.stylesheet.path
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

    private func publicQuestionnaire(_ req: Request) async throws -> (PlanQuestionnaire, ProjectDocument) {
        guard let token = req.parameters.get("token"), token.count <= 64,
              let q = try await PlanQuestionnaire.query(on: req.db).filter(\.$token == token).first(),
              let project = try await PlanProject.find(q.$project.id, on: req.db) else { throw PrakatError.notFound() }
        return (q, try project.document)
    }

    private func publicPage(_ req: Request, _ q: PlanQuestionnaire, _ document: ProjectDocument, values: [String: String], errors: [String: String],
                            done: Bool, message: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let questions = q.questions.enumerated().map { index, question -> PublicQuestion in
            let name = "q\(index + 1)"
            let options: [Option]
            switch question.kind {
            case .likert: options = (1...5).map { Option(value: String($0), label: "\($0) \(QuestionnaireQuestion.likertLabels[$0 - 1])", checked: values[name] == String($0), id: "\(name)-\($0)") }
            case .choice: options = question.choices.enumerated().map { Option(value: String($0.offset), label: $0.element, checked: values[name] == String($0.offset), id: "\(name)-\($0.offset)") }
            case .text: options = []
            }
            return PublicQuestion(n: index + 1, name: name, text: question.text, kind: question.kind.rawValue, required: question.required,
                                  options: options, value: values[name] ?? "", error: errors[name])
        }
        let activity = document.activity(q.activity).map { "กิจกรรมที่ \($0.number) \($0.title)" } ?? ""
        let response = try await req.render("Plans/questionnaire-public", title: q.title, PublicBody(
            title: q.title, projectTitle: document.title, activity: activity, notice: q.pdpaNotice, questions: questions,
            action: PlanLink.publicQuestionnaire(q.token).path, isOpen: q.isOpen, done: done, message: message, hasErrors: !errors.isEmpty),
            status: status, withForm: q.isOpen && !done)
        // The link session: a random value in a cookie scoped to the questionnaire's path.
        if req.cookies[PlanEvaluationRoutes.sessionCookie]?.string.count ?? 0 < 32 {
            response.cookies[PlanEvaluationRoutes.sessionCookie] = HTTPCookies.Value(
                string: SecretToken.make(), path: "/q/", isSecure: req.isHTTPS, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    func publicForm(_ req: Request) async throws -> Response {
        let (q, document) = try await publicQuestionnaire(req)
        return try await publicPage(req, q, document, values: [:], errors: [:], done: false, message: q.isOpen ? nil : PlansText.questionnaireClosed)
    }

    func answer(_ req: Request) async throws -> Response {
        let (q, document) = try await publicQuestionnaire(req)
        guard q.isOpen else {
            return try await publicPage(req, q, document, values: [:], errors: [:], done: true, message: PlansText.questionnaireClosed, status: .conflict)
        }
        var form = try req.content.decode([String: String].self)
        form["_csrf"] = nil
        guard let session = req.cookies[PlanEvaluationRoutes.sessionCookie]?.string, session.count >= 32 else {
            return try await publicPage(req, q, document, values: form, errors: [:], done: false, message: PlansText.sessionMissing, status: .unprocessableEntity)
        }
        let (answers, errors) = QuestionnaireAnswers.read(form, questions: q.questions)
        if !errors.isEmpty {
            return try await publicPage(req, q, document, values: form, errors: errors, done: false, message: "กรุณาตอบให้ครบทุกข้อที่จำเป็น", status: .unprocessableEntity)
        }
        let qid = try q.requireID()
        // Only a hash of (questionnaire, session) is kept: the answer cannot be tied to a person or a browser.
        let sessionHash = SHA256.hash(data: Data((qid.uuidString + ":" + session).utf8)).map { String(format: "%02x", $0) }.joined()
        let now = req.clock.now()
        let duplicate: Bool = try await req.writer.write { tx in
            if try await PlanResponse.query(on: tx.db).filter(\.$questionnaire.$id == qid).filter(\.$sessionHash == sessionHash).count() > 0 {
                return true
            }
            let response = PlanResponse()
            response.$questionnaire.id = qid
            response.sessionHash = sessionHash
            response.answersJSON = PlanJSON.encode(answers)
            response.submittedAt = now
            try await response.create(on: tx.db)
            // Anonymous: the audit entry says that an answer came, not from whom.
            try await req.audit.record(AuditEvent("questionnaire.answered", entityType: "questionnaire", entityID: qid.uuidString),
                                       by: AuditActor(userID: nil, name: "anonymous", address: "-"), in: tx)
            return false
        }
        if duplicate {
            return try await publicPage(req, q, document, values: [:], errors: [:], done: true, message: PlansText.answeredTwice, status: .conflict)
        }
        return try await publicPage(req, q, document, values: [:], errors: [:], done: true, message: PlansText.answered)
    }

    // MARK: Attendance

    struct Person: Encodable { var n: Int; var name: String; var organisation: String; var position: String; var present: Bool; var source: String; var presentPath: String }

    struct AttendanceBody: Encodable {
        var stylesheet = PlanLink.stylesheet.path
        var projectTitle: String
        var projectPath: String
        var activity: String
        var target: String
        var present: Int
        var registered: Int
        var percent: String
        var people: [Person]
        var importPath: String
        var checkInPath: String
        var canEdit: Bool
        var error: String?
        var name: String
        var organisation: String
        var position: String
        var csvHeader: String
    }

    private func activityNumber(_ req: Request, _ document: ProjectDocument) throws -> Int {
        guard let n = req.parameters.get("activity").flatMap(Int.init), document.activity(n) != nil else { throw PrakatError.notFound() }
        return n
    }

    private func attendancePage(_ req: Request, project: PlanProject, error: String? = nil, typed: CheckInForm? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let document = try project.document
        let number = try activityNumber(req, document)
        let id = try project.requireID()
        let people = try await PlanAttendee.query(on: req.db).filter(\.$project.$id == id).filter(\.$activity == number).sort(\.$recordedAt).sort(\.$id).all()
        let present = people.filter(\.present).count
        let target = document.targetCount(activity: number)
        let actor = try await req.plans.actor(for: project)
        return try await req.render("Plans/attendance", title: "\(PlansText.attendanceTitle) กิจกรรมที่ \(number)", AttendanceBody(
            projectTitle: document.title, projectPath: PlanLink.project(id).path, activity: "กิจกรรมที่ \(number) \(document.activity(number)?.title ?? "")",
            target: target.map { "\(DocView.count($0)) คน" } ?? "ไม่ได้ระบุ", present: present, registered: people.count,
            percent: target.map { $0 > 0 ? Decimal(present * 100).divided(by: Decimal($0), scale: 2).plainString : "-" } ?? "-",
            people: try people.enumerated().map { index, person in
                Person(n: index + 1, name: person.name, organisation: person.organisation, position: person.position, present: person.present,
                       source: person.source == "csv" ? "นำเข้า CSV" : "ลงทะเบียนหน้างาน",
                       presentPath: PlanLink.attendancePresent(id, number, try person.requireID()).path)
            },
            importPath: PlanLink.attendanceImport(id, number).path, checkInPath: PlanLink.attendanceCheckIn(id, number).path,
            canEdit: actor?.mayEdit ?? false, error: error, name: typed?.name ?? "", organisation: typed?.organisation ?? "", position: typed?.position ?? "",
            csvHeader: "ลำดับ,ชื่อ-สกุล,หน่วยงาน,ตำแหน่ง"), status: status, withForm: true)
    }

    func attendance(_ req: Request) async throws -> Response {
        try await attendancePage(req, project: try await req.plans.project(req.parameters.get("id")))
    }

    struct ImportForm: Content { var file: File?; var mode: String? }

    /// The whole file is read and checked first; only then is anything written, in one transaction.
    func importCSV(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        try await editable(req, project)
        let number = try activityNumber(req, try project.document)
        let form = try req.content.decode(ImportForm.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await attendancePage(req, project: project, error: "เลือกไฟล์ CSV ก่อน", status: .unprocessableEntity)
        }
        let result: AttendanceCSV.Result
        do {
            result = try AttendanceCSV.read(Array(file.data.readableBytesView))
        } catch {
            return try await attendancePage(req, project: project, error: "นำเข้าไม่ได้ ไม่มีรายชื่อใดถูกบันทึก: \(error.description)", status: .unprocessableEntity)
        }
        let present = form.mode != "registered"
        let projectID = try project.requireID()
        let userID = try req.requireUser().requireID()
        let now = req.clock.now()
        let actor = req.auditActor
        let (added, skipped): (Int, Int) = try await req.writer.write { tx in
            let existing = Set(try await PlanAttendee.query(on: tx.db).filter(\.$project.$id == projectID).filter(\.$activity == number).all().map(\.name))
            var seen = existing
            var added = 0
            for person in result.attendees where seen.insert(person.name).inserted {
                let row = PlanAttendee()
                row.$project.id = projectID
                row.activity = number
                row.name = person.name
                row.organisation = person.organisation
                row.position = person.position
                row.source = "csv"
                row.present = present
                row.recordedBy = userID
                row.recordedAt = now
                try await row.create(on: tx.db)
                added += 1
            }
            try await req.audit.record(AuditEvent("attendance.imported", entityType: "project", entityID: projectID.uuidString,
                                                  details: ["activity": String(number), "added": String(added), "encoding": result.encoding.rawValue]),
                                       by: actor, in: tx)
            return (added, result.attendees.count - added)
        }
        return req.redirect(to: PlanLink.attendance(projectID, number).path,
                            flash: Flash(kind: .success, text: PlansText.importDone(added, skipped: skipped, encoding: result.encoding)))
    }

    struct CheckInForm: Content { var name: String?; var organisation: String?; var position: String? }

    func checkIn(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        try await editable(req, project)
        let number = try activityNumber(req, try project.document)
        let form = try req.content.decode(CheckInForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else {
            return try await attendancePage(req, project: project, error: "ระบุชื่อ-สกุลของผู้เข้าร่วม (ไม่เกิน 200 ตัวอักษร)", typed: form, status: .unprocessableEntity)
        }
        let projectID = try project.requireID()
        let userID = try req.requireUser().requireID()
        let now = req.clock.now()
        let actor = req.auditActor
        let duplicate: Bool = try await req.writer.write { tx in
            if let existing = try await PlanAttendee.query(on: tx.db).filter(\.$project.$id == projectID).filter(\.$activity == number).filter(\.$name == name).first() {
                if existing.present { return true }
                existing.present = true
                existing.recordedAt = now
                try await existing.update(on: tx.db)
            } else {
                let row = PlanAttendee()
                row.$project.id = projectID
                row.activity = number
                row.name = name
                row.organisation = (form.organisation ?? "").trimmingCharacters(in: .whitespaces)
                row.position = (form.position ?? "").trimmingCharacters(in: .whitespaces)
                row.source = "checkin"
                row.present = true
                row.recordedBy = userID
                row.recordedAt = now
                try await row.create(on: tx.db)
            }
            try await req.audit.record(AuditEvent("attendance.checkedIn", entityType: "project", entityID: projectID.uuidString,
                                                  details: ["activity": String(number)]), by: actor, in: tx)
            return false
        }
        if duplicate {
            return try await attendancePage(req, project: project, error: "\(name) ลงทะเบียนเข้าร่วมแล้ว", status: .conflict)
        }
        return req.redirect(to: PlanLink.attendance(projectID, number).path, flash: Flash(kind: .success, text: PlansText.checkedIn))
    }

    func markPresent(_ req: Request) async throws -> Response {
        let project = try await req.plans.project(req.parameters.get("id"))
        try await editable(req, project)
        let number = try activityNumber(req, try project.document)
        let projectID = try project.requireID()
        guard let personID = req.parameters.get("person").flatMap(UUID.init(uuidString:)),
              let person = try await PlanAttendee.find(personID, on: req.db), person.$project.id == projectID, person.activity == number else {
            throw PrakatError.notFound()
        }
        let actor = req.auditActor
        try await req.writer.write { tx in
            person.present.toggle()
            try await person.update(on: tx.db)
            try await req.audit.record(AuditEvent(person.present ? "attendance.checkedIn" : "attendance.unchecked", entityType: "project",
                                                  entityID: projectID.uuidString, details: ["activity": String(number)]), by: actor, in: tx)
        }
        return req.redirect(to: PlanLink.attendance(projectID, number).path, flash: Flash(kind: .success, text: PlansText.checkedIn))
    }
}
