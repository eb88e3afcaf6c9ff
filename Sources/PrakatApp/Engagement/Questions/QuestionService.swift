import Fluent
import Foundation
import PrakatCore
import Vapor

/// Why a question change did not happen; pages and the API turn it into Thai messages.
enum QuestionError: Error {
    case invalid(FormErrors)
    /// The same subject and message, pending or published, arrived within `QuestionRules.duplicateDays`.
    case duplicate
    case notFound
    /// The action cannot be taken in the question's state (Thai reason).
    case denied(String)
}

/// A question as the asker sent it, checked.
struct CheckedQuestion: Sendable {
    var subject: String
    var message: String
    var name: String?
}

/// What a moderator saved: the text with personal data removed, the name kept or not, the answer.
struct CheckedModeration: Sendable {
    var subject: String
    var message: String
    var name: String?
    var answer: String?
}

/// Every write of public questions: checked first, then one transaction with its audit entry
/// (ids and states only: the text may hold personal data until a moderator removes it) and,
/// when what the public sees changes, the site's version.
struct QuestionService: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let siteVersion: SiteVersion
    let clock: any PrakatClock

    static let entityType = "question"
    /// Public submissions are recorded without the sender's address (PDPA).
    static let publicActor = AuditActor(userID: nil, name: "anonymous", address: "-")

    // MARK: Checks

    /// One field: the cleaned text, or its message added to `errors` under `field`.
    static func text(
        _ raw: String?, field: String, label: String, limit: Int, multiline: Bool, required: Bool, form: Bool = true, into errors: inout FormErrors
    ) -> String? {
        switch TypedText.clean(raw, limit: limit, multiline: multiline, formLineBreaks: form) {
        case .success(let value): return value
        case .failure(.empty):
            if required { errors.add(field, QuestionsText.required(label)) }
            return nil
        case .failure(let problem):
            errors.add(field, QuestionsText.message(problem, field: label, multiline: multiline))
            return nil
        }
    }

    /// `form`: posted by a browser (CR LF line breaks); the API takes text as sent.
    static func check(subject: String?, message: String?, name: String?, form: Bool = true) -> Result<CheckedQuestion, FormErrors> {
        var errors = FormErrors()
        let subject = text(
            subject, field: "subject", label: QuestionsText.fieldSubject, limit: QuestionRules.subjectLimit, multiline: false, required: true, form: form, into: &errors)
        let message = text(
            message, field: "message", label: QuestionsText.fieldMessage, limit: QuestionRules.messageLimit, multiline: true, required: true, form: form, into: &errors)
        let name = text(name, field: "name", label: QuestionsText.fieldName, limit: QuestionRules.nameLimit, multiline: false, required: false, form: form, into: &errors)
        guard errors.isEmpty, let subject, let message else { return .failure(errors) }
        return .success(CheckedQuestion(subject: subject, message: message, name: name))
    }

    static func check(moderation subject: String?, message: String?, name: String?, answer: String?) -> Result<CheckedModeration, FormErrors> {
        var errors = FormErrors()
        let question = check(subject: subject, message: message, name: name)
        if case .failure(let found) = question { errors = found }
        let answer = text(answer, field: "answer", label: QuestionsText.fieldAnswer, limit: QuestionRules.answerLimit, multiline: true, required: false, into: &errors)
        guard errors.isEmpty, case .success(let checked) = question else { return .failure(errors) }
        return .success(CheckedModeration(subject: checked.subject, message: checked.message, name: checked.name, answer: answer))
    }

    // MARK: Public submissions

    /// Saves a new pending question, unless the same one (by `QuestionRules.contentKey`) is
    /// already pending or published from the last 30 days.
    func submit(_ checked: CheckedQuestion, source: QuestionSource) async throws -> UUID {
        let now = clock.now()
        let key = QuestionRules.contentKey(subject: checked.subject, message: checked.message)
        return try await writer.write { tx in
            let since = now.addingTimeInterval(-Double(QuestionRules.duplicateDays) * 86_400)
            let earlier = try await Question.query(on: tx.db).filter(\.$contentKey == key).filter(\.$createdAt >= since)
                .filter(\.$stateRaw ~~ [QuestionState.pending.rawValue, QuestionState.published.rawValue]).count()
            if earlier > 0 { throw QuestionError.duplicate }
            let question = Question()
            question.id = UUID()
            question.subject = checked.subject
            question.message = checked.message
            question.askerName = checked.name
            question.stateRaw = QuestionState.pending.rawValue
            question.createdAt = now
            question.updatedAt = now
            question.sourceRaw = source.rawValue
            question.contentKey = key
            question.refreshSearchText()
            try await question.create(on: tx.db)
            try await audit.record(
                AuditEvent(.questionAsked, entityType: Self.entityType, entityID: question.id?.lowercased, details: ["source": source.rawValue]),
                by: Self.publicActor, in: tx)
            return try question.requireID()
        }
    }

    // MARK: Moderation

    /// Saves the moderator's text and answer. A published question's change shows at once.
    func moderate(_ id: UUID, _ checked: CheckedModeration, actor: AuditActor) async throws {
        _ = try await writer.write { tx -> Bool in
            guard let question = try await Question.find(id, on: tx.db) else { throw QuestionError.notFound }
            let now = clock.now()
            var fields: [String] = []
            if question.subject != checked.subject { fields.append("subject") }
            if question.message != checked.message { fields.append("message") }
            if question.askerName != checked.name { fields.append("name") }
            let answerChanged = (question.answer ?? "") != (checked.answer ?? "")
            if question.state == .published, checked.answer == nil { throw QuestionError.denied(QuestionsText.answerRequired) }
            guard !fields.isEmpty || answerChanged else { return false }
            question.subject = checked.subject
            question.message = checked.message
            question.askerName = checked.name
            if answerChanged {
                question.answer = checked.answer
                question.answeredBy = checked.answer == nil ? nil : actor.userID
                question.answeredAt = checked.answer == nil ? nil : now
            }
            question.updatedAt = now
            question.refreshSearchText()
            try await question.update(on: tx.db)
            if !fields.isEmpty {
                try await audit.record(
                    AuditEvent(.questionEdited, entityType: Self.entityType, entityID: id.lowercased, details: ["fields": fields.joined(separator: ",")]),
                    by: actor, in: tx)
            }
            if answerChanged {
                try await audit.record(
                    AuditEvent(checked.answer == nil ? .questionAnswerRemoved : .questionAnswered, entityType: Self.entityType, entityID: id.lowercased),
                    by: actor, in: tx)
            }
            guard question.state == .published else { return false }
            try await siteVersion.bump(tx, .otherPages)
            return true
        }
        // Pages cached on this instance are stale from the commit on.
    }

    /// Publishes, unpublishes or rejects, if `QuestionAction.denial` allows it in the state the
    /// question is in inside the transaction.
    func perform(_ action: QuestionAction, on id: UUID, actor: AuditActor) async throws {
        try await writer.write { tx in
            guard let question = try await Question.find(id, on: tx.db) else { throw QuestionError.notFound }
            let from = question.state
            if let reason = action.denial(from: from, hasAnswer: question.hasAnswer) { throw QuestionError.denied(reason) }
            let now = clock.now()
            question.stateRaw = action.target.rawValue
            if action == .publish { question.publishedAt = now }
            question.updatedAt = now
            try await question.update(on: tx.db)
            let auditAction: AuditAction =
                switch action {
                case .publish: .questionPublished
                case .unpublish: .questionUnpublished
                case .reject: .questionRejected
                }
            try await audit.record(
                AuditEvent(auditAction, entityType: Self.entityType, entityID: id.lowercased, details: ["from": from.rawValue, "to": action.target.rawValue]),
                by: actor, in: tx)
            // Publishing and unpublishing change what the public sees; a rejection never does,
            // but bumping is cheap and keeps the rule simple.
            try await siteVersion.bump(tx, .otherPages)
        }
    }

    // MARK: e-Service

    /// Publishes the public reply to the e-Service request `requestID` as a question and answer:
    /// creates one, or updates the one that request already has, and returns its id. Runs on
    /// `db` as given (the caller's write transaction); the caller records the audit entry and
    /// bumps the site's version.
    static func publishFromServiceReply(
        requestID: UUID, subject: String, question: String, answer: String, answeredBy: UUID, at: Date, on db: any Database
    ) async throws -> UUID {
        var errors = FormErrors()
        let subject = text(subject, field: "subject", label: QuestionsText.fieldSubject, limit: QuestionRules.subjectLimit, multiline: false, required: true, into: &errors)
        let message = text(question, field: "message", label: QuestionsText.fieldMessage, limit: QuestionRules.messageLimit, multiline: true, required: true, into: &errors)
        let answer = text(answer, field: "answer", label: QuestionsText.fieldAnswer, limit: QuestionRules.answerLimit, multiline: true, required: true, into: &errors)
        guard errors.isEmpty, let subject, let message, let answer else { throw PrakatError.validation(errors.fieldErrors) }
        let existing = try await Question.query(on: db).filter(\.$eServiceRequestID == requestID).first()
        let entry = existing ?? Question()
        if existing == nil {
            entry.id = UUID()
            entry.createdAt = at
            entry.sourceRaw = QuestionSource.eservice.rawValue
            entry.eServiceRequestID = requestID
        }
        entry.subject = subject
        entry.message = message
        // Citizens' names stay with their requests.
        entry.askerName = nil
        entry.answer = answer
        entry.answeredBy = answeredBy
        entry.answeredAt = at
        // An update keeps the time it was first published, if it still is.
        if let existing, existing.state == .published, let first = existing.publishedAt { entry.publishedAt = first } else { entry.publishedAt = at }
        entry.stateRaw = QuestionState.published.rawValue
        entry.updatedAt = at
        entry.contentKey = QuestionRules.contentKey(subject: subject, message: message)
        entry.refreshSearchText()
        if existing == nil { try await entry.create(on: db) } else { try await entry.update(on: db) }
        return try entry.requireID()
    }

    // MARK: Reads

    /// Published questions, newest first; with `query`, those whose subject, message or answer
    /// contain every word of it (substring matching: Thai has no spaces between words).
    static func published(matching query: String?, offset: Int, limit: Int, on db: any Database) async throws -> (items: [Question], total: Int) {
        func base() -> QueryBuilder<Question> {
            var builder = Question.query(on: db).filter(\.$stateRaw == QuestionState.published.rawValue)
            for term in PublicationSearch.terms(query ?? "") { builder = builder.filter(\.$searchText ~~ term) }
            return builder
        }
        let total = try await base().count()
        let items = try await base().sort(\.$publishedAt, .descending).sort(\.$createdAt, .descending).range(offset..<(offset + limit)).all()
        return (items, total)
    }

    static func staffQueue(_ state: QuestionState, offset: Int, limit: Int, on db: any Database) async throws -> (items: [Question], total: Int) {
        let base = { Question.query(on: db).filter(\.$stateRaw == state.rawValue) }
        let total = try await base().count()
        let sorted = state == .published ? base().sort(\.$publishedAt, .descending) : base().sort(\.$createdAt, state == .pending ? .ascending : .descending)
        return (try await sorted.range(offset..<(offset + limit)).all(), total)
    }
}

extension Request {
    var questions: QuestionService {
        QuestionService(db: db, writer: writer, audit: audit, siteVersion: application.siteVersion, clock: clock)
    }
}
