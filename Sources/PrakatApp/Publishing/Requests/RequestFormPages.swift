import Fluent
import Foundation
import PrakatCore
import Vapor

/// The request form: a new request, editing a draft or a returned one, and the form again
/// when the token or session expired while the person typed.
extension PublishingRoutes {
    struct RequestForm: Content {
        var categoryId: String?
        var title: String?
        var details: String?
        var externalLinks: String?
        var note: String?
        var requesterPhone: String?
        var esarabanNumber: String?
        var sourceName: String?
        var sourceDate: String?
        var publishAt: String?
        var expireAt: String?
        var urgent: String?
        var checklist: [String]?
        var version: Int?
    }

    struct FormBody: Encodable {
        var action: String
        var isNew: Bool
        var version: Int
        var form: FormValues
        var categories: [CategoryOption]
        var checklist: [ChecklistOption]
        /// Said where the checklist would be when this fiscal year has none yet (the field used to
        /// vanish without a word: a new install ships last year's lists).
        var checklistMissing: String?
        var checklistsPath: String
        var errors: FormErrors
        var titleMax: Int
        var unitName: String
        var cancelPath: String
        var urgentHours: Int
    }

    struct FormValues: Encodable {
        var title = ""
        var details = ""
        var externalLinks = ""
        var note = ""
        var requesterPhone = ""
        var esarabanNumber = ""
        var sourceName = ""
        var sourceDate = ""
        var publishAt = ""
        var expireAt = ""
        var urgent = false
    }

    static func parse(_ form: RequestForm, errors: inout FormErrors) -> RequestInput {
        let publishAt = PublishingFormat.parseInstant(form.publishAt)
        if publishAt.invalid { errors.add("publishAt", PublishingText.publishAtInvalid) }
        let expireAt = PublishingFormat.parseInstant(form.expireAt)
        if expireAt.invalid { errors.add("expireAt", PublishingText.expireAtInvalid) }
        var sourceDate: CalendarDate?
        if let raw = form.sourceDate?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            sourceDate = CalendarDate.parseInput(raw)
            if sourceDate == nil { errors.add("sourceDate", PublishingText.sourceDateInvalid) }
        }
        var checklist: [UUID] = []
        for raw in form.checklist ?? [] {
            if let id = UUID(uuidString: raw) { checklist.append(id) } else { errors.add("checklist", PublishingText.checklistUnknown) }
        }
        return RequestInput(
            categoryID: form.categoryId.flatMap { UUID(uuidString: $0) },
            title: form.title ?? "", details: form.details ?? "",
            externalLinks: (form.externalLinks ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            note: form.note, sourceName: form.sourceName, sourceDate: sourceDate,
            publishAt: publishAt.value, expireAt: expireAt.value, urgent: form.urgent != nil, checklistItemIDs: checklist,
            requesterPhone: form.requesterPhone, esarabanNumber: form.esarabanNumber)
    }

    func renderForm(_ req: Request, request: PublicationRequest?, form: RequestForm?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let categories = try await SiteCategory.query(on: req.db).sort(\.$position).all()
        let selectedCategory = form?.categoryId?.lowercased() ?? request?.$category.id.lowercased ?? (try? req.query.get(String.self, at: "category")) ?? ""
        let tagged: Set<String>
        if let form {
            tagged = Set((form.checklist ?? []).map { $0.lowercased() })
        } else if let id = request?.id {
            tagged = Set(try await RequestChecklistTag.query(on: req.db).filter(\.$requestID == id).all().map(\.checklistItemID.lowercased))
        } else {
            tagged = []
        }
        // Items of this fiscal year and the next (a request's tags must be of its own year), and
        // whatever the request already carries.
        let thisYear = FiscalYear.containing(req.clock.now()).beYear
        let items = try await ChecklistItem.query(on: req.db).sort(\.$fiscalYear).sort(\.$position).all()
            .filter { item in item.fiscalYear.map { [thisYear, thisYear + 1].contains($0) } ?? true || tagged.contains(item.id?.lowercased ?? "") }
        let unit = try await OrgUnit.find(request?.$unit.id ?? user.$unit.id, on: req.db)
        var values = FormValues()
        if let form {
            values = FormValues(
                title: form.title ?? "", details: form.details ?? "", externalLinks: form.externalLinks ?? "", note: form.note ?? "",
                requesterPhone: form.requesterPhone ?? "", esarabanNumber: form.esarabanNumber ?? "",
                sourceName: form.sourceName ?? "", sourceDate: form.sourceDate ?? "", publishAt: form.publishAt ?? "",
                expireAt: form.expireAt ?? "", urgent: form.urgent != nil)
        } else if let request {
            values = FormValues(
                title: request.title, details: request.details, externalLinks: request.externalLinks, note: request.note ?? "",
                requesterPhone: request.requesterPhone ?? "", esarabanNumber: request.esarabanNumber ?? "",
                sourceName: request.sourceName ?? "", sourceDate: request.sourceDate ?? "",
                publishAt: PublishingFormat.localInput(request.publishAt), expireAt: PublishingFormat.localInput(request.expireAt),
                urgent: request.urgent)
        }
        let body = FormBody(
            action: request.map { PublishingRoute.requestEdit($0.id!).path } ?? PublishingRoute.requests.path,
            isNew: request == nil, version: form?.version ?? request?.version ?? 0, form: values,
            categories: categories.map { category in
                let depth = category.parentID == nil ? "" : "— "
                return CategoryOption(
                    id: category.id!.lowercased, label: depth + category.nameTh, selected: category.id!.lowercased == selectedCategory.lowercased(),
                    requiresSource: category.requiresSource, requiresSourceDate: category.requiresSourceDate,
                    requiresExpiry: category.requiresExpiry, defaultDays: category.defaultDays)
            },
            checklist: items.map {
                ChecklistOption(
                    id: $0.id!.lowercased, label: "\($0.code) \($0.titleTh)" + ($0.fiscalYear.map { " (ปีงบประมาณ \($0))" } ?? ""), selected: tagged.contains($0.id!.lowercased))
            },
            checklistMissing: items.isEmpty ? PublishingText.checklistMissing(fiscalYear: thisYear) : nil, checklistsPath: ComplianceRoute.checklists.path,
            errors: errors, titleMax: req.application.prakat.titleMaxGraphemes, unitName: unit?.nameTh ?? "",
            cancelPath: request.map { PublishingRoute.request($0.id!).path } ?? PublishingRoute.desk.path,
            urgentHours: req.application.prakat.urgentApprovalHours)
        return try await req.render("Publishing/request-form", title: request == nil ? PublishingText.newRequestTitle : PublishingText.editRequestTitle, body, status: status)
    }

    func newRequest(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard user.$unit.id != nil else { throw PrakatError.forbidden(PublishingText.notStaff) }
        return try await renderForm(req, request: nil, form: nil, errors: FormErrors())
    }

    func create(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(RequestForm.self)
        var errors = FormErrors()
        let input = Self.parse(form, errors: &errors)
        guard errors.isEmpty else { return try await renderForm(req, request: nil, form: form, errors: errors, status: .unprocessableEntity) }
        do {
            let request = try await req.publishing.create(input, by: user, actor: req.auditActor)
            return req.redirect(to: PublishingRoute.request(request.id!).path, flash: Flash(kind: .success, text: PublishingText.created))
        } catch PublishingError.invalid(let errors) {
            return try await renderForm(req, request: nil, form: form, errors: errors, status: .unprocessableEntity)
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }

    func findRequest(_ req: Request, id: UUID) async throws -> (PublicationRequest, UUID?) {
        guard let request = try await req.publishing.request(id) else {
            throw PrakatError.notFound()
        }
        let head = try await OrgUnit.find(request.$unit.id, on: req.db)?.headUserID
        // 404, not 403, for requests the person may not see (the API contract).
        guard PublishingService.canView(request, user: try req.requireUser(), unitHeadID: head) else { throw PrakatError.notFound() }
        return (request, head)
    }

    /// The request form again with what was typed, after its token or session expired.
    func refillForm(_ req: Request, requestID: UUID?) async throws -> Response {
        let request = try await requestID.asyncMap { try await findRequest(req, id: $0).0 }
        return try await renderForm(req, request: request, form: try req.content.decode(RequestForm.self), errors: FormErrors())
    }

    func edit(_ req: Request, requestID: UUID) async throws -> Response {
        let (request, _) = try await findRequest(req, id: requestID)
        guard request.$author.id == req.currentUser?.id else { throw PrakatError.forbidden(WorkflowDenial.notPermitted(.edit).message) }
        guard request.state.isEditable else {
            return req.redirect(to: PublishingRoute.request(request.id!).path, flash: Flash(kind: .error, text: WorkflowDenial.wrongState(request.state, .edit).message))
        }
        return try await renderForm(req, request: request, form: nil, errors: FormErrors())
    }

    func update(_ req: Request, requestID: UUID) async throws -> Response {
        let (request, _) = try await findRequest(req, id: requestID)
        let user = try req.requireUser()
        let form = try req.content.decode(RequestForm.self)
        var errors = FormErrors()
        let input = Self.parse(form, errors: &errors)
        guard errors.isEmpty else { return try await renderForm(req, request: request, form: form, errors: errors, status: .unprocessableEntity) }
        do {
            _ = try await req.publishing.update(request.id!, expectedVersion: form.version, input: input, by: user, actor: req.auditActor)
            return req.redirect(to: PublishingRoute.request(request.id!).path, flash: Flash(kind: .success, text: PublishingText.saved))
        } catch PublishingError.invalid(let errors) {
            return try await renderForm(req, request: request, form: form, errors: errors, status: .unprocessableEntity)
        } catch PublishingError.staleVersion {
            // Keep what they typed, show the newer version's number so a second save goes through knowingly.
            var errors = FormErrors()
            errors.add("version", PublishingText.staleVersion)
            var kept = form
            kept.version = (try await PublicationRequest.find(request.id!, on: req.db))?.version
            return try await renderForm(req, request: request, form: kept, errors: errors, status: .conflict)
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }
}
