import Fluent
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// What a survey answer says, as sent (the form and the API both end here).
struct SatisfactionInput: Sendable {
    var score: Result<Int, SatisfactionRules.Problem>
    var comment: String?
    var page: String?
}

/// Every problem of an answer, each naming its field.
struct SatisfactionProblems: Error {
    var problems: [SatisfactionRules.Problem]
}

/// A checked answer, ready to store.
struct CheckedSatisfaction: Sendable, Equatable {
    var score: Int
    var comment: String?
    var page: String?
}

/// Every write of satisfaction responses and their comments' moderation, each with its audit
/// entry in the same transaction; and the reads the statistics page, the API and the staff page share.
struct SatisfactionService: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let siteVersion: SiteVersion
    let clock: any PrakatClock

    /// All problems at once, each naming its field (`score`, `comment`, `page`).
    static func check(_ input: SatisfactionInput) -> Result<CheckedSatisfaction, SatisfactionProblems> {
        var problems: [SatisfactionRules.Problem] = []
        var score = 0
        switch input.score {
        case .success(let value): score = value
        case .failure(let problem): problems.append(problem)
        }
        var comment: String?
        switch SatisfactionRules.comment(input.comment) {
        case .success(let value): comment = value
        case .failure(let problem): problems.append(problem)
        }
        var page: String?
        switch SatisfactionRules.page(input.page) {
        case .success(let value): page = value
        case .failure(let problem): problems.append(problem)
        }
        guard problems.isEmpty else { return .failure(SatisfactionProblems(problems: problems)) }
        return .success(CheckedSatisfaction(score: score, comment: comment, page: page))
    }

    /// Stores a survey answer; the audit entry says an answer came, not from whom.
    func submit(_ checked: CheckedSatisfaction) async throws -> SatisfactionResponse {
        let now = clock.now()
        return try await writer.write { tx in
            let response = Self.response(score: checked.score, comment: checked.comment, page: checked.page, source: .survey, requestID: nil, at: now)
            try await response.create(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .satisfactionSubmitted, entityType: "satisfaction_response", entityID: response.id?.lowercased,
                    details: ["score": String(checked.score), "source": SatisfactionSource.survey.rawValue, "comment": checked.comment == nil ? "no" : "yes"]),
                by: AuditActor(userID: nil, name: "anonymous", address: "-"), in: tx)
            return response
        }
    }

    /// The e-Service desk's entry point: records the rating of a closed request (source
    /// `eservice`). Throws `PrakatError.validation` naming `score` or `comment` for a bad value;
    /// false when the request was already rated (one rating per request), true when recorded.
    /// The caller writes its own audit entry, in its own transaction if `db` is one.
    static func recordServiceRating(requestID: UUID, score: Int, comment: String?, at: Date, on db: any Database) async throws -> Bool {
        var errors: [Problem.FieldError] = []
        if case .failure(let problem) = SatisfactionRules.score(score) { errors.append(.init(field: problem.field, message: problem.message)) }
        let checkedComment: String?
        switch SatisfactionRules.comment(comment) {
        case .success(let value): checkedComment = value
        case .failure(let problem):
            checkedComment = nil
            errors.append(.init(field: problem.field, message: problem.message))
        }
        guard errors.isEmpty else { throw PrakatError.validation(errors) }
        if try await SatisfactionResponse.query(on: db).filter(\.$eserviceRequestID == requestID).count() > 0 { return false }
        let response = response(score: score, comment: checkedComment, page: nil, source: .eservice, requestID: requestID, at: at)
        do {
            try await response.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Rated by a concurrent request between the check and the insert.
            return false
        }
        return true
    }

    private static func response(score: Int, comment: String?, page: String?, source: SatisfactionSource, requestID: UUID?, at: Date) -> SatisfactionResponse {
        let response = SatisfactionResponse()
        response.id = UUID()
        response.score = score
        response.comment = comment
        response.page = page
        response.sourceRaw = source.rawValue
        response.eserviceRequestID = requestID
        response.fiscalYear = FiscalYear.containing(at).beYear
        response.createdAt = at
        response.commentStateRaw = SatisfactionCommentState.hidden.rawValue
        return response
    }

    /// Publishes or hides a response's comment. Nil when there is no such response or it has no comment.
    /// Published comments are public content (the statistics page): the site's version moves.
    func moderate(_ id: UUID, to state: SatisfactionCommentState, actor: AuditActor) async throws -> SatisfactionResponse? {
        let now = clock.now()
        return try await writer.write { tx in
            guard let response = try await SatisfactionResponse.find(id, on: tx.db), response.comment != nil else { return nil }
            response.commentStateRaw = state.rawValue
            response.moderatedBy = actor.userID
            response.moderatedAt = now
            try await response.update(on: tx.db)
            try await siteVersion.bump(tx, .otherPages)
            try await audit.record(
                AuditEvent(
                    state == .published ? .satisfactionCommentPublished : .satisfactionCommentHidden, entityType: "satisfaction_response",
                    entityID: response.id?.lowercased, details: ["fiscalYear": String(response.fiscalYear), "score": String(response.score)]),
                by: actor, in: tx)
            return response
        }
    }

    // MARK: Reads

    /// Count, mean and spread of a fiscal year's responses (survey and e-Service alike).
    func summary(_ year: FiscalYear) async throws -> SatisfactionSummary {
        guard let sql = db as? any SQLDatabase else { return SatisfactionSummary(distribution: [:]) }
        let rows = try await sql.select().column("score").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SatisfactionResponse.schema).where("fiscal_year", .equal, year.beYear).groupBy("score").all()
        var distribution: [Int: Int] = [:]
        for row in rows {
            distribution[try row.decode(column: "score", as: Int.self)] = try row.decode(column: "n", as: Int.self)
        }
        return SatisfactionSummary(distribution: distribution)
    }

    /// Comments a moderator published in `year`, newest first.
    func publishedComments(_ year: FiscalYear, limit: Int = 50) async throws -> [SatisfactionResponse] {
        try await SatisfactionResponse.query(on: db).filter(\.$fiscalYear == year.beYear)
            .filter(\.$commentStateRaw == SatisfactionCommentState.published.rawValue).filter(\.$comment != nil)
            .sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// The fiscal years that have responses, newest first, with the current one always there.
    func years(now: Date) async throws -> [FiscalYear] {
        guard let sql = db as? any SQLDatabase else { return [FiscalYear.containing(now)] }
        let rows = try await sql.select().distinct().column("fiscal_year").from(SatisfactionResponse.schema).all()
        var years = Set(try rows.map { try $0.decode(column: "fiscal_year", as: Int.self) }.compactMap(FiscalYear.init(validatingBEYear:)))
        years.insert(FiscalYear.containing(now))
        return years.sorted(by: >)
    }
}

extension Request {
    var satisfaction: SatisfactionService {
        SatisfactionService(db: db, writer: writer, audit: audit, siteVersion: application.siteVersion, clock: clock)
    }
}
