import Fluent
import Foundation
import PrakatCore
import Vapor

/// The public questions pages and the moderators' pages: decode, let the route's policy and
/// `QuestionAction.denial` decide, call `QuestionService`, render.
struct QuestionPages {
    static let perPage = 20
    static let formPurpose = "questions.ask"

    static func register(_ routes: any RoutesBuilder) {
        let pages = QuestionPages()
        routes.register(
            QuestionsRoute.self,
            refill: { req, route in
                switch route {
                case .submit: try await pages.refillAsk(req)
                case .update(let id): try await pages.refillModeration(req, id: id)
                default: throw PrakatError.notFound()
                }
            }
        ) { req, route in
            switch route {
            case .list(let query): try await pages.list(req, query: query)
            case .ask: try await pages.askForm(req)
            case .submit: try await pages.submit(req)
            case .thanks: try await pages.thanks(req)
            case .queue(let state): try await pages.queue(req, state: state)
            case .show(let id): try await pages.show(req, id: id)
            case .update(let id): try await pages.update(req, id: id)
            case let .action(id, action): try await pages.perform(action, req, id: id)
            }
        }
        QuestionsAPI.register(routes)
    }

    static func date(_ date: Date?) -> String? { date.map { ThaiDateFormat.long($0, digits: .arabic) } }

    /// The error summary's entries, each linking to its field.
    struct ErrorLink: Encodable {
        var href: String
        var message: String

        static func list(_ errors: FormErrors) -> [ErrorLink] { errors.fieldErrors.map { ErrorLink(href: "#" + $0.field, message: $0.message) } }
    }

    static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: Public list

    struct ListBody: Encodable {
        struct Entry: Encodable {
            var anchor: String
            var subject: String
            /// Paragraphs: line breaks as typed, no markup.
            var message: [String]
            var name: String?
            var answer: [String]
            var answeredOn: String?
            var isoDate: String?
        }
        var intro: String
        var query: String
        var entries: [Entry]
        var paging: PublicSiteRoutes.Paging
        var emptyText: String
        var askPath: String
        var listPath: String
    }

    func list(_ req: Request, query raw: String?) async throws -> Response {
        try await req.cachedPublicPage {
            let query = String((raw ?? "").prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
            let page = PublicSiteRoutes.requestedPage(req)
            let found = try await QuestionService.published(matching: query, offset: (page - 1) * Self.perPage, limit: Self.perPage, on: req.db)
            let base = QuestionsRoute.list(query.isEmpty ? nil : query).path
            let body = ListBody(
                intro: QuestionsText.publicIntro, query: query,
                entries: found.items.map { question in
                    ListBody.Entry(
                        anchor: "q-" + (question.id?.lowercased ?? ""), subject: question.subject, message: Self.paragraphs(question.message), name: question.askerName,
                        answer: Self.paragraphs(question.answer ?? ""), answeredOn: Self.date(question.answeredAt ?? question.publishedAt),
                        isoDate: (question.publishedAt).map(InternetDate.rfc3339))
                },
                paging: PublicSiteRoutes.paging(total: found.total, page: page, base: base),
                emptyText: query.isEmpty ? QuestionsText.empty : QuestionsText.noResults(query), askPath: QuestionsRoute.ask.path,
                listPath: QuestionsRoute.list(nil).path)
            let title = query.isEmpty ? QuestionsText.publicTitle : "\(QuestionsText.publicTitle): \(query)"
            let response = try await req.render("Engagement/Questions/list", title: title, body)
            let latest = found.items.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0)
            return PublicContent(response: response, lastModified: latest, validUntil: nil)
        }
    }

    // MARK: Asking

    struct AskBody: Encodable {
        var intro: String
        var action: String
        var values: [String: String]
        var errors: FormErrors
        var errorList: [ErrorLink]
        var notice: String?
        var issuedAt: String
        var limits: [String: Int]
        var listPath: String
    }

    struct AskForm: Content {
        var subject: String?
        var message: String?
        var name: String?
        /// The honeypot: hidden from people and from assistive technology; only bots fill it.
        var website: String?
        var issuedAt: String?

        var typed: [String: String] { ["subject": subject ?? "", "message": message ?? "", "name": name ?? ""] }
    }

    static let limits = ["subject": QuestionRules.subjectLimit, "message": QuestionRules.messageLimit, "name": QuestionRules.nameLimit]

    func timeToken(_ req: Request) -> SpamTimeToken { SpamTimeToken(purpose: Self.formPurpose, keyring: req.application.twoFactorKeys) }

    func renderAsk(_ req: Request, values: [String: String], errors: FormErrors, notice: String?, status: HTTPResponseStatus) async throws -> Response {
        let body = AskBody(
            intro: QuestionsText.askIntro, action: QuestionsRoute.submit.path, values: values, errors: errors, errorList: ErrorLink.list(errors), notice: notice,
            issuedAt: timeToken(req).issue(at: req.clock.now()), limits: Self.limits, listPath: QuestionsRoute.list(nil).path)
        return try await req.render("Engagement/Questions/ask", title: QuestionsText.askTitle, body, status: status, withForm: true)
    }

    func askForm(_ req: Request) async throws -> Response {
        try await renderAsk(req, values: ["subject": "", "message": "", "name": ""], errors: FormErrors(), notice: nil, status: .ok)
    }

    /// The CSRF token expired while the person typed: the form again with what they wrote.
    func refillAsk(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(AskForm.self)) ?? AskForm()
        return try await renderAsk(req, values: form.typed, errors: FormErrors(), notice: nil, status: .forbidden)
    }

    func submit(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(AskForm.self)) ?? AskForm()
        let thanks = req.redirect(to: QuestionsRoute.thanks.path, redirectType: .normal)
        // Bots get the same answer as people, so they learn nothing; nothing is saved.
        if !(form.website ?? "").isEmpty {
            req.logger.debug("question form: honeypot filled, not saved")
            return thanks
        }
        switch timeToken(req).verify(form.issuedAt, now: req.clock.now()) {
        case .valid: break
        case .tooFast:
            req.logger.debug("question form: sent too fast, not saved")
            return thanks
        case .forged:
            req.logger.debug("question form: missing or forged time token, not saved")
            return thanks
        case .expired:
            return try await renderAsk(req, values: form.typed, errors: FormErrors(), notice: QuestionsText.formExpired, status: .unprocessableEntity)
        case .unknownKey:
            // Most likely shown before `rotate-2fa-key` and sent after it: not saved, but not
            // thanked for either, so the person sends it again rather than believing it arrived.
            req.logger.debug("question form: time token signed by no key held, form shown again")
            return try await renderAsk(req, values: form.typed, errors: FormErrors(), notice: QuestionsText.formResend, status: .unprocessableEntity)
        }
        switch QuestionService.check(subject: form.subject, message: form.message, name: form.name) {
        case .failure(let errors):
            return try await renderAsk(req, values: form.typed, errors: errors, notice: nil, status: .unprocessableEntity)
        case .success(let checked):
            do {
                _ = try await req.questions.submit(checked, source: .web)
            } catch QuestionError.duplicate {
                return try await renderAsk(req, values: form.typed, errors: FormErrors(), notice: QuestionsText.duplicate, status: .conflict)
            }
            return thanks
        }
    }

    struct ThanksBody: Encodable {
        var text: String
        var listPath: String
        var askPath: String
    }

    func thanks(_ req: Request) async throws -> Response {
        try await req.render(
            "Engagement/Questions/thanks", title: QuestionsText.thanksTitle,
            ThanksBody(text: QuestionsText.thanksText, listPath: QuestionsRoute.list(nil).path, askPath: QuestionsRoute.ask.path))
    }

    // MARK: Moderation queue

    struct QueueBody: Encodable {
        struct Tab: Encodable {
            var label: String
            var path: String
            var current: Bool
            var count: Int
        }
        struct Row: Encodable {
            var subject: String
            var path: String
            var received: String
            var source: String
            var answered: Bool
        }
        var tabs: [Tab]
        var rows: [Row]
        var emptyText: String
        var paging: PublicSiteRoutes.Paging
        var publicPath: String
    }

    func queue(_ req: Request, state: QuestionState) async throws -> Response {
        let page = PublicSiteRoutes.requestedPage(req)
        let found = try await QuestionService.staffQueue(state, offset: (page - 1) * Self.perPage, limit: Self.perPage, on: req.db)
        var tabs: [QueueBody.Tab] = []
        for tab in QuestionState.allCases {
            let count = try await Question.query(on: req.db).filter(\.$stateRaw == tab.rawValue).count()
            tabs.append(QueueBody.Tab(label: QuestionsText.tab(tab), path: QuestionsRoute.queue(tab).path, current: tab == state, count: count))
        }
        let rows = found.items.compactMap { question -> QueueBody.Row? in
            guard let id = question.id else { return nil }
            return QueueBody.Row(
                subject: question.subject, path: QuestionsRoute.show(id).path, received: Self.date(question.createdAt) ?? "",
                source: QuestionsText.sourceName(question.source), answered: question.hasAnswer)
        }
        let body = QueueBody(
            tabs: tabs, rows: rows, emptyText: QuestionsText.queueEmpty(state),
            paging: PublicSiteRoutes.paging(total: found.total, page: page, base: QuestionsRoute.queue(state).path), publicPath: QuestionsRoute.list(nil).path)
        return try await req.render("Engagement/Questions/queue", title: QuestionsText.queueTitle, body)
    }

    // MARK: One question

    struct ShowBody: Encodable, HasBreadcrumbs {
        struct Button: Encodable {
            var label: String
            var path: String
            var danger: Bool
        }
        var state: String
        var stateLabel: String
        var received: String
        var source: String
        var answeredOn: String?
        var publishedOn: String?
        var action: String
        var values: [String: String]
        var errors: FormErrors
        var errorList: [ErrorLink]
        var notice: String?
        var buttons: [Button]
        var limits: [String: Int]
        var queuePath: String
        var publicPath: String?

        var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: QuestionsText.queueTitle, path: QuestionsRoute.queue(.pending).path)] }
    }

    static let moderationLimits = [
        "subject": QuestionRules.subjectLimit, "message": QuestionRules.messageLimit, "name": QuestionRules.nameLimit, "answer": QuestionRules.answerLimit
    ]

    func find(_ req: Request, _ id: UUID) async throws -> Question {
        guard let question = try await Question.find(id, on: req.db) else { throw PrakatError.notFound() }
        return question
    }

    func renderShow(
        _ req: Request, question: Question, values: [String: String]?, errors: FormErrors = FormErrors(), notice: String? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let id = try question.requireID()
        let current = ["subject": question.subject, "message": question.message, "name": question.askerName ?? "", "answer": question.answer ?? ""]
        let buttons = QuestionAction.allCases.filter { $0.denial(from: question.state, hasAnswer: question.hasAnswer) == nil }.map { action in
            ShowBody.Button(label: Self.buttonLabel(action), path: QuestionsRoute.action(id, action).path, danger: action == .reject)
        }
        let body = ShowBody(
            state: question.stateRaw, stateLabel: QuestionsText.tab(question.state), received: Self.date(question.createdAt) ?? "",
            source: QuestionsText.sourceName(question.source), answeredOn: Self.date(question.answeredAt), publishedOn: Self.date(question.publishedAt),
            action: QuestionsRoute.update(id).path, values: values ?? current, errors: errors, errorList: ErrorLink.list(errors), notice: notice,
            buttons: buttons, limits: Self.moderationLimits, queuePath: QuestionsRoute.queue(question.state).path,
            publicPath: question.state == .published ? QuestionsRoute.list(nil).path + "#q-" + id.lowercased : nil)
        return try await req.render("Engagement/Questions/show", title: QuestionsText.editTitle, body, status: status)
    }

    static func buttonLabel(_ action: QuestionAction) -> String {
        switch action {
        case .publish: "เผยแพร่"
        case .unpublish: "ยกเลิกการเผยแพร่"
        case .reject: "ปฏิเสธ (ไม่เผยแพร่)"
        }
    }

    func show(_ req: Request, id: UUID) async throws -> Response {
        try await renderShow(req, question: try await find(req, id), values: nil)
    }

    struct ModerationForm: Content {
        var subject: String?
        var message: String?
        var name: String?
        var answer: String?

        var typed: [String: String] { ["subject": subject ?? "", "message": message ?? "", "name": name ?? "", "answer": answer ?? ""] }
    }

    func refillModeration(_ req: Request, id: UUID) async throws -> Response {
        let form = (try? req.content.decode(ModerationForm.self)) ?? ModerationForm()
        return try await renderShow(req, question: try await find(req, id), values: form.typed, status: .forbidden)
    }

    func update(_ req: Request, id: UUID) async throws -> Response {
        let question = try await find(req, id)
        let form = (try? req.content.decode(ModerationForm.self)) ?? ModerationForm()
        switch QuestionService.check(moderation: form.subject, message: form.message, name: form.name, answer: form.answer) {
        case .failure(let errors):
            return try await renderShow(req, question: question, values: form.typed, errors: errors, status: .unprocessableEntity)
        case .success(let checked):
            do {
                try await req.questions.moderate(id, checked, actor: req.auditActor)
            } catch QuestionError.notFound {
                throw PrakatError.notFound()
            } catch QuestionError.denied(let reason) {
                var errors = FormErrors()
                errors.add("answer", reason)
                return try await renderShow(req, question: question, values: form.typed, errors: errors, status: .unprocessableEntity)
            }
            return req.redirect(to: QuestionsRoute.show(id).path, flash: Flash(kind: .success, text: QuestionsText.saved))
        }
    }

    func perform(_ action: QuestionAction, _ req: Request, id: UUID) async throws -> Response {
        do {
            try await req.questions.perform(action, on: id, actor: req.auditActor)
        } catch QuestionError.notFound {
            throw PrakatError.notFound()
        } catch QuestionError.denied(let reason) {
            return try await renderShow(req, question: try await find(req, id), values: nil, notice: reason, status: .conflict)
        }
        let text: String =
            switch action {
            case .publish: QuestionsText.published
            case .unpublish: QuestionsText.unpublished
            case .reject: QuestionsText.rejected
            }
        return req.redirect(to: QuestionsRoute.show(id).path, flash: Flash(kind: .success, text: text))
    }
}

extension QuestionPages {
    /// The category of online services (seed 1 §1.9) links to the questions and answers.
    static func categoryBoxes(slug: String, clause: String?) -> [EngagementBox] {
        guard slug == "e-service" || clause == "1.9" else { return [] }
        return [
            EngagementBox(
                id: "engagement-questions", title: QuestionsText.categoryBoxTitle, text: QuestionsText.categoryBoxText,
                links: [
                    .init(label: QuestionsText.publicTitle, path: QuestionsRoute.list(nil).path),
                    .init(label: QuestionsText.askLink, path: QuestionsRoute.ask.path)
                ])
        ]
    }
}
