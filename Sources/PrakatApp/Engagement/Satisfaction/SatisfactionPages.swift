import Fluent
import Foundation
import PrakatCore
import Vapor

/// The survey and its thank-you page, the moderators' page and CSV export, and the JSON API.
struct SatisfactionPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = SatisfactionPages()
        routes.register(SatisfactionRoute.self) { req, route in
            switch route {
            case .survey(let page): try await pages.survey(req, page: page)
            case .submit: try await pages.submit(req)
            case .thanks(let page): try await pages.thanks(req, page: page)
            case .responses(let year): try await pages.responses(req, year: year)
            case .export(let year): try await pages.export(req, year: year)
            case .publish(let id): try await pages.moderate(req, id: id, to: .published)
            case .hide(let id): try await pages.moderate(req, id: id, to: .hidden)
            }
        }
        let api = SatisfactionAPI()
        routes.register(SatisfactionAPIRoute.self) { req, route in
            switch route {
            case .submit: try await api.submit(req)
            case .results: try await api.results(req)
            }
        }
    }

    // MARK: Survey

    struct ErrorLink: Encodable {
        var href: String
        var message: String
    }

    struct SurveyBody: Encodable {
        struct Option: Encodable {
            var value: Int
            var label: String
            var id: String
            var checked: Bool
        }
        var intro: String
        var action: String
        var page: String
        var options: [Option]
        var comment: String
        var commentLimit: Int
        var errors: FormErrors
        var errorLinks: [ErrorLink]
        var statsPath: String
    }

    struct SurveyForm: Content {
        var score: String?
        var comment: String?
        var page: String?
        /// The honeypot: people never see it, robots fill it in.
        var website: String?
    }

    func survey(_ req: Request, page: String?) async throws -> Response {
        let from = page.flatMap { SatisfactionRules.isSitePath($0) ? $0 : nil }
        return try await render(req, form: SurveyForm(page: from), errors: FormErrors())
    }

    private func render(_ req: Request, form: SurveyForm, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let chosen = form.score?.trimmingCharacters(in: .whitespaces)
        let body = SurveyBody(
            intro: SatisfactionText.surveyIntro, action: SatisfactionRoute.submit.path,
            page: form.page.flatMap { SatisfactionRules.isSitePath($0) ? $0 : nil } ?? "",
            options: SatisfactionRules.scores.reversed().map {
                .init(value: $0, label: "\($0) \(SatisfactionRules.label($0))", id: "score-\($0)", checked: chosen == String($0))
            },
            comment: form.comment ?? "", commentLimit: SatisfactionRules.commentLimit, errors: errors,
            errorLinks: errors.links(anchors: ["score": "score-5", "comment": "comment", "page": "comment"]),
            statsPath: VisitorsRoute.stats(nil).path)
        return try await req.render("Engagement/Satisfaction/survey", title: SatisfactionText.surveyTitle, body, status: status, withForm: true)
    }

    func submit(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(SurveyForm.self)) ?? SurveyForm()
        let back = form.page.flatMap { SatisfactionRules.isSitePath($0) ? $0 : nil }
        // A robot that filled the hidden field is thanked and nothing is stored.
        if let trap = form.website, !trap.isEmpty {
            return req.redirect(to: SatisfactionRoute.thanks(back).path, redirectType: .normal)
        }
        let input = SatisfactionInput(score: SatisfactionRules.score(text: form.score), comment: form.comment, page: form.page)
        switch SatisfactionService.check(input) {
        case .failure(let failure):
            var errors = FormErrors()
            for problem in failure.problems { errors.add(problem.field, problem.message) }
            return try await render(req, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let checked):
            _ = try await req.satisfaction.submit(checked)
            return req.redirect(to: SatisfactionRoute.thanks(checked.page).path, redirectType: .normal)
        }
    }

    struct ThanksBody: Encodable {
        var text: String
        var backPath: String?
        var statsPath: String
    }

    func thanks(_ req: Request, page: String?) async throws -> Response {
        let back = page.flatMap { SatisfactionRules.isSitePath($0) ? $0 : nil }
        return try await req.render(
            "Engagement/Satisfaction/thanks", title: SatisfactionText.thanksTitle,
            ThanksBody(text: SatisfactionText.thanksText, backPath: back, statsPath: VisitorsRoute.stats(nil).path))
    }

    // MARK: Moderation

    struct ResponsesBody: Encodable {
        struct Row: Encodable {
            var date: String
            var score: Int
            var scoreLabel: String
            var source: String
            var page: String?
            var comment: String
            var published: Bool
            var state: String
            var publishPath: String
            var hidePath: String
        }
        var intro: String
        var filter: YearFilter
        var satisfaction: SatisfactionSummaryView
        var rows: [Row]
        var noComments: String
        var shown: Int
        var total: Int
        var exportPath: String
    }

    static let staffRowLimit = 500

    func responses(_ req: Request, year text: String?) async throws -> Response {
        let now = req.clock.now()
        let (year, invalid) = Self.year(text, now: now)
        let service = req.satisfaction
        let query = SatisfactionResponse.query(on: req.db).filter(\.$fiscalYear == year.beYear).filter(\.$comment != nil)
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt, .descending).limit(Self.staffRowLimit).all()
        let body = ResponsesBody(
            intro: SatisfactionText.staffIntro,
            filter: YearFilter(
                action: SatisfactionRoute.responses(nil).path, selected: year, years: try await service.years(now: now),
                error: invalid ? SatisfactionText.fiscalYearInvalid : nil),
            satisfaction: SatisfactionSummaryView(try await service.summary(year), year: year),
            rows: rows.compactMap { response in
                guard let id = response.id else { return nil }
                return ResponsesBody.Row(
                    date: ThaiDateFormat.short(response.createdAt, digits: .arabic, showsTime: true), score: response.score,
                    scoreLabel: SatisfactionRules.label(response.score), source: response.source.thaiName, page: response.page, comment: response.comment ?? "",
                    published: response.commentState == .published, state: response.commentState.thaiName,
                    publishPath: SatisfactionRoute.publish(id).path, hidePath: SatisfactionRoute.hide(id).path)
            }, noComments: SatisfactionText.noComments, shown: rows.count, total: total, exportPath: SatisfactionRoute.export(String(year.beYear)).path)
        return try await req.render(
            "Engagement/Satisfaction/responses", title: SatisfactionText.staffTitle, body, status: invalid ? .unprocessableEntity : .ok)
    }

    func export(_ req: Request, year text: String?) async throws -> Response {
        let (year, invalid) = Self.year(text, now: req.clock.now())
        if invalid { throw PrakatError.validation([.init(field: "fiscalYear", message: SatisfactionText.fiscalYearInvalid)]) }
        let rows = try await SatisfactionResponse.query(on: req.db).filter(\.$fiscalYear == year.beYear).sort(\.$createdAt).all()
        let bytes = SatisfactionExport.csv(
            rows.map {
                SatisfactionExportRow(
                    createdAt: InternetDate.rfc3339($0.createdAt), score: $0.score, source: $0.source, page: $0.page, comment: $0.comment,
                    commentState: $0.commentState, eserviceRequestID: $0.eserviceRequestID?.lowercased)
            })
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.attachment(fileName: "satisfaction-\(year.beYear).csv"))
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }

    func moderate(_ req: Request, id: UUID, to state: SatisfactionCommentState) async throws -> Response {
        guard let response = try await req.satisfaction.moderate(id, to: state, actor: req.auditActor) else { throw PrakatError.notFound() }
        return req.redirect(
            to: SatisfactionRoute.responses(String(response.fiscalYear)).path,
            flash: Flash(kind: .success, text: state == .published ? SatisfactionText.published : SatisfactionText.hidden))
    }

    /// The year a query names, the current one when it names none or a bad one (then `invalid`).
    static func year(_ text: String?, now: Date) -> (FiscalYear, invalid: Bool) {
        switch VisitorCalendar.fiscalYear(query: text) {
        case .none: (FiscalYear.containing(now), false)
        case .year(let year): (year, false)
        case .invalid: (FiscalYear.containing(now), true)
        }
    }
}

/// The fiscal-year chooser of the statistics and moderation pages (a GET form).
struct YearFilter: Encodable {
    struct Option: Encodable {
        var value: Int
        var label: String
        var selected: Bool
    }
    var action: String
    var options: [Option]
    var label: String
    var error: String?

    init(action: String, selected: FiscalYear, years: [FiscalYear], error: String?) {
        self.action = action
        var all = Set(years)
        all.insert(selected)
        options = all.sorted(by: >).map { Option(value: $0.beYear, label: $0.label(digits: .arabic), selected: $0 == selected) }
        label = selected.label(digits: .arabic)
        self.error = error
    }
}

/// Count, mean (one decimal) and spread of a year's responses, for the pages.
struct SatisfactionSummaryView: Encodable {
    struct Row: Encodable {
        var score: Int
        var label: String
        var count: String
        var percent: Int
    }
    var yearLabel: String
    var count: String
    var hasResponses: Bool
    var average: String
    var rows: [Row]

    init(_ summary: SatisfactionSummary, year: FiscalYear) {
        yearLabel = year.label(digits: .arabic)
        count = VisitorFigures.grouped(summary.count)
        hasResponses = summary.count > 0
        average = summary.averageText
        rows = SatisfactionRules.scores.reversed().map {
            Row(score: $0, label: SatisfactionRules.label($0), count: VisitorFigures.grouped(summary.distribution[$0] ?? 0), percent: summary.percent($0))
        }
    }
}

extension FormErrors {
    /// The error summary's links: each message points at its field (`anchors`: field → element id).
    func links(anchors: [String: String]) -> [SatisfactionPages.ErrorLink] {
        messages.sorted { $0.key < $1.key }.map { SatisfactionPages.ErrorLink(href: "#" + (anchors[$0.key] ?? $0.key), message: $0.value) }
    }
}
