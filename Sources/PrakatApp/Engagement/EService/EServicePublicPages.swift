import Fluent
import Foundation
import PrakatCore
import Vapor

/// The citizen's side (issue 12 §2): the catalogue, a form per type, the receipt with the code
/// and secret, and the status page where the citizen reads replies, adds information and rates.
struct EServicePublicPages {
    // MARK: Catalogue

    struct CatalogueBody: Encodable {
        struct TypeRow: Encodable {
            var name: String
            var summary: String
            var path: String
            var days: Int
            var anonymous: Bool
            var confidential: Bool
        }
        var intro: String
        var types: [TypeRow]
        var trackPath: String
        var statsPath: String
    }

    func catalogue(_ req: Request) async throws -> Response {
        let types = try await ServiceType.query(on: req.db).filter(\.$active == true).sort(\.$position).all()
        return try await req.render(
            "Engagement/EService/catalogue", title: EServiceText.catalogueTitle,
            CatalogueBody(
                intro: EServiceText.catalogueIntro,
                types: types.map {
                    .init(
                        name: $0.nameTh, summary: $0.summary, path: EServiceRoute.form($0.slug).path, days: $0.dueWorkingDays, anonymous: $0.allowsAnonymous,
                        confidential: $0.confidential)
                },
                trackPath: EServiceRoute.track.path, statsPath: EServiceRoute.stats.path))
    }

    // MARK: Form

    struct FormBody: Encodable {
        struct Field: Encodable {
            var name: String
            var label: String
            var required: Bool
            var value: String
            var error: String?
        }
        var typeName: String
        var summary: String
        var action: String
        var anonymous: Bool
        var confidential: Bool
        var days: Int
        var fields: [Field]
        var values: [String: String]
        var errors: FormErrors
        var pdpa: String
        var consentLabel: String
        var maxFileMB: String
        var chooseFilesAgain: Bool
        var cataloguePath: String
    }

    struct SubmissionForm: Content {
        var subject: String?
        var message: String?
        var name: String?
        var phone: String?
        var email: String?
        var consent: String?
        var field1: String?
        var field2: String?
        var field3: String?
        var field4: String?
        var field5: String?
        var field6: String?
        var field7: String?
        var field8: String?
        var field9: String?
        var field10: String?

        var extra: [String?] { [field1, field2, field3, field4, field5, field6, field7, field8, field9, field10] }

        var typed: [String: String] {
            var values = ["subject": subject ?? "", "message": message ?? "", "name": name ?? "", "phone": phone ?? "", "email": email ?? ""]
            for (index, value) in extra.enumerated() { values["field\(index + 1)"] = value ?? "" }
            if consent != nil { values["consent"] = "1" }
            return values
        }
    }

    func activeType(_ req: Request, slug: String) async throws -> ServiceType {
        guard let type = try await ServiceType.query(on: req.db).filter(\.$slug == slug).filter(\.$active == true).first() else { throw PrakatError.notFound() }
        return type
    }

    func form(_ req: Request, slug: String) async throws -> Response {
        try await renderForm(req, type: try await activeType(req, slug: slug), values: [:], errors: FormErrors())
    }

    private func renderForm(
        _ req: Request, type: ServiceType, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok, filesLost: Bool = false
    ) async throws -> Response {
        let fields = type.fields.enumerated().map { index, field in
            FormBody.Field(
                name: "field\(index + 1)", label: field.label, required: field.required, value: values["field\(index + 1)"] ?? "", error: errors.messages["field\(index + 1)"])
        }
        let body = FormBody(
            typeName: type.nameTh, summary: type.summary, action: EServiceRoute.submit(type.slug).path, anonymous: type.allowsAnonymous,
            confidential: type.confidential, days: type.dueWorkingDays, fields: fields, values: values, errors: errors, pdpa: EServiceText.pdpaNotice,
            consentLabel: EServiceText.consentLabel, maxFileMB: ByteText.describe(req.application.prakat.maxUploadBytes),
            chooseFilesAgain: filesLost, cataloguePath: EServiceRoute.catalogue.path)
        return try await req.render("Engagement/EService/form", title: type.nameTh, body, status: status, withForm: true)
    }

    struct ReceiptBody: Encodable {
        var code: String
        var secret: String
        var statusPath: String
        var typeName: String
        var due: String
        var warning: String
        var trackPath: String
    }

    func submit(_ req: Request, slug: String) async throws -> Response {
        let type = try await activeType(req, slug: slug)
        let form = (try? req.content.decode(SubmissionForm.self)) ?? SubmissionForm()
        let submission = ServiceSubmission(
            typeID: type.id, subject: form.subject, message: form.message, name: form.name, phone: form.phone, email: form.email, consent: form.consent != nil,
            extra: form.extra, files: try MultipartFiles.collect(req, names: ["file", "file[]"]).map { ($0.filename, Data($0.data.readableBytesView)) })
        let desk = req.serviceDesk
        switch try await desk.check(submission) {
        case .failure(let errors):
            let sentFiles = submission.files.contains { !$0.data.isEmpty }
            return try await renderForm(req, type: type, values: form.typed, errors: errors, status: .unprocessableEntity, filesLost: sentFiles)
        case .success(let checked):
            // Filed: to the receipt by a GET (303), so that reloading it does not file the
            // request a second time; its address carries the secret as the status page's does.
            let receipt = try await desk.submit(checked, channel: .web, actor: req.auditActor)
            let response = req.redirect(to: Self.receiptPath(code: receipt.request.trackingCode, secret: receipt.secret), redirectType: .normal)
            Self.keepPrivate(response)
            return response
        }
    }

    /// The receipt of a request just filed: its code and secret, the status page's address and
    /// when an answer is due. Opened with the code and secret only, like the status page.
    func receipt(_ req: Request, code: String) async throws -> Response {
        let secret = req.query[String.self, at: "secret"]
        guard let request = try await req.serviceDesk.citizenRequest(code: code, secret: secret), let secret else {
            return try await notFound(req, code: code)
        }
        let type = try await ServiceType.find(request.typeID, on: req.db)
        let body = ReceiptBody(
            code: request.trackingCode, secret: secret, statusPath: Self.statusPath(code: request.trackingCode, secret: secret), typeName: type?.nameTh ?? "",
            due: ThaiDateFormat.long(request.dueAt.addingTimeInterval(-1), digits: .arabic), warning: EServiceText.secretWarning,
            trackPath: EServiceRoute.track.path)
        let response = try await req.render("Engagement/EService/receipt", title: EServiceText.submittedTitle, body)
        Self.keepPrivate(response)
        return response
    }

    /// The receipt's address: the secret in the query, as for the status page.
    static func receiptPath(code: String, secret: String) -> String { withSecret(EServiceRoute.receipt(code), secret) }

    private static func withSecret(_ route: EServiceRoute, _ secret: String) -> String {
        route.path + "?secret=" + (secret.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")
    }

    /// The status page's address as the citizen was given it: the secret in the query.
    static func statusPath(code: String, secret: String) -> String { withSecret(EServiceRoute.status(code), secret) }

    /// Pages that show a secret or a citizen's words: never stored by a browser or a proxy, and
    /// the address (with the secret) never sent to another site.
    static func keepPrivate(_ response: Response) {
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
    }

    // MARK: Tracking

    struct TrackBody: Encodable {
        var code: String
        var notFound: String?
        var action: String
    }

    struct TrackQuery: Content {
        var code: String?
        var secret: String?
    }

    /// The lookup form; with `code` and `secret` in the query it opens the status page.
    func track(_ req: Request) async throws -> Response {
        let query = (try? req.query.decode(TrackQuery.self)) ?? TrackQuery()
        if let code = query.code, !code.isEmpty {
            if let request = try await req.serviceDesk.citizenRequest(code: code, secret: query.secret) {
                return try await renderStatus(req, request, secret: query.secret ?? "", errors: FormErrors(), values: [:])
            }
            let response = try await req.render(
                "Engagement/EService/track", title: EServiceText.trackTitle,
                TrackBody(code: String(code.prefix(20)), notFound: EServiceText.notFound, action: EServiceRoute.track.path), status: .notFound)
            Self.keepPrivate(response)
            return response
        }
        return try await req.render("Engagement/EService/track", title: EServiceText.trackTitle, TrackBody(code: "", notFound: nil, action: EServiceRoute.track.path))
    }

    struct StatusBody: Encodable {
        struct Entry: Encodable {
            var when: String
            var iso: String
            var label: String
            var message: String?
            var fromAgency: Bool
        }
        var code: String
        var typeName: String
        var subject: String
        var state: String
        var submitted: String
        var due: String
        var open: Bool
        var closed: Bool
        var canRate: Bool
        var rated: Bool
        var outcome: String?
        var entries: [Entry]
        var secret: String
        var infoAction: String
        var rateAction: String
        var errors: FormErrors
        var values: [String: String]
        var maxFileMB: String
    }

    func status(_ req: Request, code: String) async throws -> Response {
        let secret = req.query[String.self, at: "secret"]
        guard let request = try await req.serviceDesk.citizenRequest(code: code, secret: secret) else { return try await notFound(req, code: code) }
        return try await renderStatus(req, request, secret: secret ?? "", errors: FormErrors(), values: [:])
    }

    /// A code that does not exist and a wrong secret get the same page: the lookup form, 404.
    private func notFound(_ req: Request, code: String) async throws -> Response {
        let response = try await req.render(
            "Engagement/EService/track", title: EServiceText.trackTitle, TrackBody(code: code, notFound: EServiceText.notFound, action: EServiceRoute.track.path),
            status: .notFound)
        Self.keepPrivate(response)
        return response
    }

    func renderStatus(
        _ req: Request, _ request: ServiceRequest, secret: String, errors: FormErrors, values: [String: String], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let requestID = try request.requireID()
        let type = try await ServiceType.find(request.typeID, on: req.db)
        let events = try await req.serviceDesk.events(of: requestID, publicOnly: true)
        let entries = events.compactMap { event -> StatusBody.Entry? in
            guard let kind = event.kind else { return nil }
            let label: String
            var message: String? = nil
            switch kind {
            case .submitted: label = "ได้รับเรื่อง"
            case .assigned: label = "ส่งเรื่องให้หน่วยงานที่รับผิดชอบ"
            case .publicReply:
                label = "หน่วยงานตอบกลับ"
                message = event.message
            case .citizenInfo:
                label = "ท่านเพิ่มข้อมูล"
                message = event.message
            case .closed:
                label = "ปิดเรื่อง"
                message = event.message
            case .reopened: label = "เปิดเรื่องอีกครั้ง"
            case .rated: label = "ท่านประเมินความพึงพอใจ"
            case .internalNote: return nil
            }
            return .init(
                when: ThaiDateFormat.long(event.at, digits: .arabic, showsTime: true), iso: InternetDate.rfc3339(event.at), label: label, message: message,
                fromAgency: kind == .publicReply || kind == .closed)
        }
        let body = StatusBody(
            code: request.trackingCode, typeName: type?.nameTh ?? "", subject: request.subject, state: request.state.thaiName,
            submitted: ThaiDateFormat.long(request.submittedAt, digits: .arabic, showsTime: true), due: ThaiDateFormat.long(request.dueAt.addingTimeInterval(-1), digits: .arabic),
            open: request.state.isOpen, closed: request.state == .closed, canRate: request.state == .closed && request.ratedAt == nil, rated: request.ratedAt != nil,
            outcome: request.outcome, entries: entries, secret: secret, infoAction: EServiceRoute.addInformation(request.trackingCode).path,
            rateAction: EServiceRoute.rate(request.trackingCode).path, errors: errors, values: values,
            maxFileMB: ByteText.describe(req.application.prakat.maxUploadBytes))
        let response = try await req.render("Engagement/EService/status", title: EServiceText.statusTitle, body, status: status, withForm: true)
        Self.keepPrivate(response)
        return response
    }

    struct InformationForm: Content {
        var secret: String?
        var message: String?
    }

    func addInformation(_ req: Request, code: String) async throws -> Response {
        let form = (try? req.content.decode(InformationForm.self)) ?? InformationForm()
        guard let request = try await req.serviceDesk.citizenRequest(code: code, secret: form.secret) else { throw PrakatError.notFound() }
        do {
            try await req.serviceDesk.addInformation(
                to: request, message: form.message, files: try MultipartFiles.collect(req, names: ["file", "file[]"]).map { ($0.filename, Data($0.data.readableBytesView)) },
                actor: req.auditActor)
        } catch ServiceDeskError.invalid(let errors) {
            return try await renderStatus(req, request, secret: form.secret ?? "", errors: errors, values: ["message": form.message ?? ""], status: .unprocessableEntity)
        } catch ServiceDeskError.denied {
            var errors = FormErrors()
            errors.add("message", EServiceText.closedNoMore)
            return try await renderStatus(req, request, secret: form.secret ?? "", errors: errors, values: ["message": form.message ?? ""], status: .conflict)
        }
        return Self.seeStatus(req, code: code, secret: form.secret ?? "", flash: EServiceText.infoAdded)
    }

    /// Back to the status page after a post (a GET, so reloading does not post again).
    static func seeStatus(_ req: Request, code: String, secret: String, flash: String) -> Response {
        let response = req.redirect(to: statusPath(code: code, secret: secret), flash: Flash(kind: .success, text: flash))
        keepPrivate(response)
        return response
    }

    struct RatingForm: Content {
        var secret: String?
        var score: String?
        var comment: String?
    }

    func rate(_ req: Request, code: String) async throws -> Response {
        let form = (try? req.content.decode(RatingForm.self)) ?? RatingForm()
        guard let request = try await req.serviceDesk.citizenRequest(code: code, secret: form.secret) else { throw PrakatError.notFound() }
        let values = ["score": form.score ?? "", "comment": form.comment ?? ""]
        do {
            try await req.serviceDesk.rate(request, score: form.score, comment: form.comment, actor: req.auditActor)
        } catch ServiceDeskError.invalid(let errors) {
            return try await renderStatus(req, request, secret: form.secret ?? "", errors: errors, values: values, status: .unprocessableEntity)
        } catch ServiceDeskError.denied(let denial) {
            var errors = FormErrors()
            errors.add("score", denial == .closed ? EServiceText.alreadyRated : EServiceText.notClosedYet)
            return try await renderStatus(req, request, secret: form.secret ?? "", errors: errors, values: values, status: .conflict)
        }
        return Self.seeStatus(req, code: code, secret: form.secret ?? "", flash: EServiceText.ratingSaved)
    }
}

extension EServicePublicPages {
    /// The category of online services (seed 1 §1.9) leads to the forms, tracking and statistics.
    static func categoryBoxes(slug: String, clause: String?) -> [EngagementBox] {
        guard slug == "e-service" || clause == "1.9" else { return [] }
        return [
            EngagementBox(
                id: "engagement-eservice", title: EServiceText.catalogueTitle, text: EServiceText.catalogueIntro,
                links: [
                    .init(label: EServiceText.fileLink, path: EServiceRoute.catalogue.path), .init(label: EServiceText.trackTitle, path: EServiceRoute.track.path),
                    .init(label: EServiceText.statsTitle, path: EServiceRoute.stats.path)
                ])
        ]
    }
}
