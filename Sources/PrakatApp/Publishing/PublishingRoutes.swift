import Fluent
import Foundation
import PrakatCore
import Vapor

/// The staff side of seed 1's workflow: the desk with each role's inboxes, the request form,
/// the request page with its actions, attachments and history.
struct PublishingRoutes {
    // MARK: Desk

    struct DeskBody: Encodable {
        var displayName: String
        var position: String
        var unitName: String?
        var roles: [String]
        var unitHeadMissing: Bool
        var canCreate: Bool
        var myDrafts: [RequestSummary]
        var returnedToMe: [RequestSummary]
        var mySubmitted: [RequestSummary]
        var awaitingMyApproval: [RequestSummary]
        var awaitingPublication: [RequestSummary]
        var urgentAwaitingApproval: [RequestSummary]
        var expiringSoon: [RequestSummary]
        var showsPublisherInbox: Bool
        var showsWebmasterInbox: Bool
        var isHead: Bool
        var newRequestPath: String
        var requestsPath: String
        var webmasterShortage: Bool
        // The dashboard's cards come from the staff shell (`site.staff`): its counts and its menu.
        var waitingHeading = PublishingText.deskWaiting
        var nothingWaiting = PublishingText.deskNothingWaiting
        var areasHeading = PublishingText.deskAreas
        var openList = PublishingText.deskOpenList
    }

    func desk(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let userID = try user.requireID()
        let unit = try await user.$unit.get(on: req.db)
        let now = req.clock.now()
        let lookup = try await SummaryLookup.load(req.db)

        let mine = try await PublicationRequest.query(on: req.db).filter(\.$author.$id == userID).sort(\.$updatedAt, .descending).limit(200).all()
        let headedUnits = try await OrgUnit.query(on: req.db).filter(\.$headUserID == userID).all().compactMap(\.id)
        let awaitingApproval = try await PublishingInbox.awaitingApproval(by: user, on: req.db)?.sort(\.$submittedAt).all() ?? []
        var urgentAwaiting: [PublicationRequest] = []
        if user.has(.unitHead), !headedUnits.isEmpty {
            urgentAwaiting = try await PublicationRequest.query(on: req.db).filter(\.$unit.$id ~~ headedUnits)
                .filter(\.$stateRaw == RequestState.published.rawValue).filter(\.$urgent == true).filter(\.$approvedAt == nil).all()
        }
        let awaitingPublication = try await PublishingInbox.awaitingPublication(by: user, on: req.db)?.sort(\.$approvedAt).all() ?? []
        let returned = try await PublishingInbox.returned(to: user, on: req.db)?.sort(\.$updatedAt, .descending).all() ?? []
        var expiring: [PublicationRequest] = []
        let isPublisher = user.hasAny([.uploader, .webmaster])
        if user.has(.webmaster) {
            // seed 1 §3.2: the webmaster keeps items current; what ends in the next 14 days comes first.
            let soon = now.addingTimeInterval(14 * 86_400)
            let publications = try await Publication.query(on: req.db).filter(\.$withdrawnAt == nil)
                .filter(\.$expireAt > now).filter(\.$expireAt <= soon).sort(\.$expireAt).all()
            let ids = publications.map(\.currentRequestID)
            expiring = ids.isEmpty ? [] : try await PublicationRequest.query(on: req.db).filter(\.$id ~~ ids).sort(\.$expireAt).all()
        }
        let webmasters = try await User.query(on: req.db).filter(\.$isActive == true).all().filter { $0.has(.webmaster) }.count
        let body = DeskBody(
            displayName: user.displayName, position: user.position, unitName: unit?.nameTh,
            roles: user.roles.sorted().map(\.thaiName), unitHeadMissing: unit != nil && unit?.headUserID == nil,
            canCreate: user.has(.staff) && unit != nil,
            myDrafts: mine.filter { $0.state == .draft }.map(lookup.summary),
            returnedToMe: returned.map(lookup.summary),
            mySubmitted: mine.filter { [.submitted, .approved, .published].contains($0.state) }.prefix(20).map(lookup.summary),
            awaitingMyApproval: awaitingApproval.map(lookup.summary),
            awaitingPublication: awaitingPublication.map(lookup.summary),
            urgentAwaitingApproval: urgentAwaiting.map(lookup.summary),
            expiringSoon: expiring.map(lookup.summary),
            showsPublisherInbox: isPublisher, showsWebmasterInbox: user.has(.webmaster), isHead: user.has(.unitHead),
            newRequestPath: PublishingRoute.requestNew.path, requestsPath: PublishingRoute.requests.path,
            webmasterShortage: user.hasAny([.webmaster, .administrator]) && webmasters < 2)
        return try await req.render("Publishing/desk", title: PublishingText.deskTitle, body)
    }

    // MARK: List

    struct ListBody: Encodable {
        struct StateOption: Encodable { var value: String; var label: String; var selected: Bool }
        var requests: [RequestSummary]
        var states: [StateOption]
        var query: String
    }

    func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let lookup = try await SummaryLookup.load(req.db)
        let stateFilter = (try? req.query.get(String.self, at: "state")).flatMap(RequestState.init(rawValue:))
        let text = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
        var query = PublicationRequest.query(on: req.db).sort(\.$updatedAt, .descending)
        if let stateFilter { query = query.filter(\.$stateRaw == stateFilter.rawValue) }
        let heads = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: req.db).all().map { ($0.id!, $0.headUserID) })
        let visible = try await query.limit(1_000).all()
            .filter { PublishingService.canView($0, user: user, unitHeadID: heads[$0.$unit.id] ?? nil) }
            .filter { text.isEmpty || PublicationSearch.normalise($0.title).contains(PublicationSearch.normalise(text)) }
        let body = ListBody(
            requests: visible.prefix(200).map(lookup.summary),
            states: RequestState.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: $0 == stateFilter) },
            query: text)
        return try await req.render("Publishing/requests", title: PublishingText.requestsTitle, body)
    }

    // MARK: Form

    struct RequestForm: Content {
        var categoryId: String?
        var title: String?
        var details: String?
        var externalLinks: String?
        var note: String?
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
            publishAt: publishAt.value, expireAt: expireAt.value, urgent: form.urgent != nil, checklistItemIDs: checklist)
    }

    private func renderForm(_ req: Request, request: PublicationRequest?, form: RequestForm?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
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
        let items = try await ChecklistItem.query(on: req.db).sort(\.$position).all()
        let unit = try await OrgUnit.find(request?.$unit.id ?? user.$unit.id, on: req.db)
        var values = FormValues()
        if let form {
            values = FormValues(title: form.title ?? "", details: form.details ?? "", externalLinks: form.externalLinks ?? "", note: form.note ?? "",
                                sourceName: form.sourceName ?? "", sourceDate: form.sourceDate ?? "", publishAt: form.publishAt ?? "",
                                expireAt: form.expireAt ?? "", urgent: form.urgent != nil)
        } else if let request {
            values = FormValues(title: request.title, details: request.details, externalLinks: request.externalLinks, note: request.note ?? "",
                                sourceName: request.sourceName ?? "", sourceDate: request.sourceDate ?? "",
                                publishAt: PublishingFormat.localInput(request.publishAt), expireAt: PublishingFormat.localInput(request.expireAt),
                                urgent: request.urgent)
        }
        let body = FormBody(
            action: request.map { PublishingRoute.requestEdit($0.id!).path } ?? PublishingRoute.requests.path,
            isNew: request == nil, version: form?.version ?? request?.version ?? 0, form: values,
            categories: categories.map { category in
                let depth = category.parentID == nil ? "" : "— "
                return CategoryOption(id: category.id!.lowercased, label: depth + category.nameTh, selected: category.id!.lowercased == selectedCategory.lowercased(),
                                      requiresSource: category.requiresSource, requiresSourceDate: category.requiresSourceDate,
                                      requiresExpiry: category.requiresExpiry, defaultDays: category.defaultDays)
            },
            checklist: items.map { ChecklistOption(id: $0.id!.lowercased, label: "\($0.code) \($0.titleTh)" + ($0.fiscalYear.map { " (ปีงบประมาณ \($0))" } ?? ""), selected: tagged.contains($0.id!.lowercased)) },
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

    private func findRequest(_ req: Request, id: UUID) async throws -> (PublicationRequest, UUID?) {
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

    // MARK: Request page

    struct ShowBody: Encodable {
        struct ActionButton: Encodable {
            var action: String
            var label: String
            var path: String
            var needsReason: Bool
            var isPublish: Bool
            var danger: Bool
        }
        struct Revision: Encodable { var revision: Int; var state: String; var path: String; var current: Bool }
        var request: RequestSummary
        var version: Int
        var details: String
        var detailsHTML: String
        var links: [String]
        var note: String?
        var sourceName: String?
        var sourceDate: String?
        var requestDate: String
        var publishAt: String?
        var expireAt: String?
        var publishAtInput: String
        var expireAtInput: String
        var stateReason: String?
        var fiscalLabel: String
        var provider: String
        var approver: String?
        var approvedAt: String?
        var publisher: String?
        var publishedAt: String?
        var publicPath: String?
        var publicStatus: String?
        var urgentDeadline: String?
        var attachments: [AttachmentView]
        var history: [EventView]
        var checklist: [String]
        var actions: [ActionButton]
        var canEdit: Bool
        var editPath: String
        var attachPath: String
        var revisePath: String?
        var printFormPath: String
        var printMemoPath: String
        var formPDFPath: String
        var memoPDFPath: String
        var revisions: [Revision]
        var maxUploadSize: String
        var acceptedTypes: String
        var uploadError: String?
    }

    func show(_ req: Request, requestID: UUID) async throws -> Response {
        try await renderShow(req, requestID: requestID, uploadError: nil, status: .ok)
    }

    func renderShow(_ req: Request, requestID: UUID, uploadError: String?, status: HTTPResponseStatus) async throws -> Response {
        let (request, head) = try await findRequest(req, id: requestID)
        let user = try req.requireUser()
        let id = try request.requireID()
        let lookup = try await SummaryLookup.load(req.db)
        let service = req.publishing
        let facts = service.facts(request, unitHeadID: head)
        let actor = try PublishingService.actor(user)
        let candidates: [(RequestAction, Bool)] = [(.submit, false), (.approve, false), (.returnToAuthor, false), (.reject, true), (.publish, false), (.withdraw, true)]
        let actions = candidates.compactMap { action, danger -> ShowBody.ActionButton? in
            guard RequestWorkflow.denial(action, by: actor, on: facts) == nil else { return nil }
            return .init(action: action.rawValue, label: action.thaiName, path: PublishingRoute.requestAction(id, action).path,
                         needsReason: action.requiresReason, isPublish: action == .publish, danger: danger)
        }
        let files = try await Attachment.query(on: req.db).filter(\.$requestID == id).sort(\.$position).all()
        let events = try await RequestEvent.query(on: req.db).filter(\.$requestID == id).sort(\.$at).all()
        let tags = try await RequestChecklistTag.query(on: req.db).filter(\.$requestID == id).all().map(\.checklistItemID)
        let items = tags.isEmpty ? [] : try await ChecklistItem.query(on: req.db).filter(\.$id ~~ tags).sort(\.$position).all()
        var publication: Publication?
        if let publicationID = request.publicationID { publication = try await Publication.find(publicationID, on: req.db) }
        let revisions = try await request.publicationID.asyncMap { pid in
            try await PublicationRequest.query(on: req.db).filter(\.$publicationID == pid).sort(\.$revision).all()
        } ?? []
        let canEdit = RequestWorkflow.denial(.edit, by: actor, on: facts) == nil
        let revisable = publication.map { RequestWorkflow.denial(.revise, by: actor, on: facts) == nil && $0.currentRequestID == id } ?? false
        let quarter = FiscalQuarter(fiscalYear: FiscalYear(beYear: request.fiscalYear), number: request.fiscalQuarter)
        let body = ShowBody(
            request: lookup.summary(request), version: request.version, details: request.details, detailsHTML: Markdown.html(request.details),
            links: request.links, note: request.note, sourceName: request.sourceName, sourceDate: PublishingFormat.thaiDate(iso: request.sourceDate),
            requestDate: PublishingFormat.thaiDate(iso: request.requestDate) ?? request.requestDate,
            publishAt: PublishingFormat.dateTime(request.publishAt), expireAt: PublishingFormat.dateTime(request.expireAt),
            publishAtInput: PublishingFormat.localInput(request.publishAt), expireAtInput: PublishingFormat.localInput(request.expireAt),
            stateReason: request.stateReason,
            fiscalLabel: quarter.map { "ปีงบประมาณ \(request.fiscalYear) ไตรมาสที่ \($0.number)" } ?? "ปีงบประมาณ \(request.fiscalYear)",
            provider: "\(request.providerName) (\(request.providerPosition))",
            approver: request.approverName.map { "\($0) (\(request.approverPosition ?? ""))" }, approvedAt: PublishingFormat.dateTime(request.approvedAt),
            publisher: request.publisherName.map { "\($0) (\(request.publisherPosition ?? ""))" }, publishedAt: PublishingFormat.dateTime(request.publishedAt),
            publicPath: publication.map { PublicRoute.item($0.number).path },
            publicStatus: publication.map { $0.window.status(at: req.clock.now()).thaiName },
            urgentDeadline: PublishingFormat.dateTime(publication?.urgentDeadline),
            attachments: files.map { file in
                AttachmentView(id: file.id!.lowercased, fileName: file.fileName, kindName: FileKind(rawValue: file.kind)?.thaiName ?? file.kind,
                               size: PublishingFormat.size(file.size), sha256: file.sha256, path: PublishingRoute.requestFile(id, file.id!).path,
                               removePath: canEdit ? PublishingRoute.requestFileRemove(id, file.id!).path : nil,
                               entries: file.archiveEntries.split(separator: "\n").map(String.init))
            },
            history: events.map { EventView(action: $0.action, actionName: RequestAction(rawValue: $0.action)?.thaiName ?? $0.action, actorName: $0.actorName,
                                            at: PublishingFormat.dateTime($0.at) ?? "", reason: $0.reason, address: $0.address) },
            checklist: items.map { "\($0.code) \($0.titleTh)" },
            actions: actions, canEdit: canEdit, editPath: PublishingRoute.requestEdit(id).path, attachPath: PublishingRoute.requestAttachments(id).path,
            revisePath: revisable ? publication.map { PublishingRoute.revise($0.id!).path } : nil,
            printFormPath: PublishingRoute.printForm(id).path, printMemoPath: PublishingRoute.printMemo(id).path,
            formPDFPath: PublishingRoute.printFormPDF(id).path, memoPDFPath: PublishingRoute.printMemoPDF(id).path,
            revisions: revisions.map { .init(revision: $0.revision, state: $0.state.thaiName, path: PublishingRoute.request($0.id!).path, current: $0.id == publication?.currentRequestID) },
            maxUploadSize: PublishingFormat.size(req.application.prakat.maxUploadBytes),
            acceptedTypes: ".pdf,.xls,.xlsx,.doc,.docx,.jpg,.jpeg,.png,.zip,.rar",
            uploadError: uploadError)
        return try await req.render("Publishing/request", title: request.title, body, status: status)
    }

    // MARK: Actions

    struct ActionForm: Content {
        var version: Int?
        var reason: String?
        var publishAt: String?
        var expireAt: String?
    }

    func perform(_ action: RequestAction, _ req: Request, requestID: UUID) async throws -> Response {
        let (request, _) = try await findRequest(req, id: requestID)
        let id = try request.requireID()
        let form = try req.content.decode(ActionForm.self)
        let publishAt = PublishingFormat.parseInstant(form.publishAt)
        let expireAt = PublishingFormat.parseInstant(form.expireAt)
        if publishAt.invalid || expireAt.invalid {
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .error, text: publishAt.invalid ? PublishingText.publishAtInvalid : PublishingText.expireAtInvalid))
        }
        do {
            _ = try await req.publishing.perform(action, on: id, expectedVersion: form.version, reason: form.reason,
                                                 options: .init(publishAt: publishAt.value, expireAt: expireAt.value), by: try req.requireUser(), actor: req.auditActor)
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .success, text: PublishingText.done(action.thaiName)))
        } catch let error as PublishingError {
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .error, text: error.message))
        }
    }

    func revise(_ req: Request, publicationID id: UUID) async throws -> Response {
        do {
            let draft = try await req.publishing.revise(publicationID: id, by: try req.requireUser(), actor: req.auditActor)
            return req.redirect(to: PublishingRoute.requestEdit(draft.id!).path, flash: Flash(kind: .info, text: "สร้างฉบับแก้ไขที่ \(draft.revision) แล้ว ฉบับที่เผยแพร่อยู่ยังแสดงต่อจนกว่าฉบับแก้ไขจะได้รับอนุมัติและเผยแพร่"))
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }

    // MARK: Attachments

    struct UploadForm: Content {
        var file: File?
    }

    func attach(_ req: Request, requestID: UUID) async throws -> Response {
        let (request, _) = try await findRequest(req, id: requestID)
        let id = try request.requireID()
        let upload = try? req.content.decode(UploadForm.self)
        guard let file = upload?.file, file.data.readableBytes > 0 || !file.filename.isEmpty else {
            return try await renderShow(req, requestID: requestID, uploadError: PublishingText.fileMissing, status: .unprocessableEntity)
        }
        do {
            _ = try await req.publishing.attach(fileName: file.filename, data: Data(file.data.readableBytesView), to: id, by: try req.requireUser(), actor: req.auditActor)
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .success, text: PublishingText.attached))
        } catch let error as PublishingError {
            if case .upload = error { return try await renderShow(req, requestID: requestID, uploadError: error.message, status: error.prakatError.status) }
            if case .invalid = error { return try await renderShow(req, requestID: requestID, uploadError: error.message, status: .unprocessableEntity) }
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .error, text: error.message))
        }
    }

    func detach(_ req: Request, requestID: UUID, fileID: UUID) async throws -> Response {
        let (request, _) = try await findRequest(req, id: requestID)
        let id = try request.requireID()
        do {
            try await req.publishing.detach(fileID, from: id, by: try req.requireUser(), actor: req.auditActor)
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .success, text: PublishingText.detached))
        } catch let error as PublishingError {
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .error, text: error.message))
        }
    }

    func download(_ req: Request, requestID: UUID, fileID: UUID) async throws -> Response {
        let (request, _) = try await findRequest(req, id: requestID)
        guard let file = try await Attachment.query(on: req.db).filter(\.$id == fileID).filter(\.$requestID == request.requireID()).first()
        else { throw PrakatError.notFound() }
        return try await AttachmentResponse.make(file, req: req, cacheControl: "private, no-store")
    }
}

/// Names for request summaries, loaded once per page instead of once per row.
struct SummaryLookup {
    var units: [UUID: String]
    var users: [UUID: String]
    var categories: [UUID: String]

    static func load(_ db: any Database) async throws -> SummaryLookup {
        SummaryLookup(
            units: Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).all().map { ($0.id!, $0.nameTh) }),
            users: Dictionary(uniqueKeysWithValues: try await User.query(on: db).all().map { ($0.id!, $0.displayName) }),
            categories: Dictionary(uniqueKeysWithValues: try await SiteCategory.query(on: db).all().map { ($0.id!, $0.nameTh) }))
    }

    func summary(_ request: PublicationRequest) -> RequestSummary {
        request.summary(unitName: units[request.$unit.id] ?? "", authorName: users[request.$author.id] ?? "", categoryName: categories[request.$category.id] ?? "")
    }
}

extension PublishingError {
    var message: String {
        switch self {
        case .denied(let denial): denial.message
        case .staleVersion: PublishingText.staleVersion
        case .notFound: SupportText.notFoundDetail
        case .invalid(let errors): errors.list.joined(separator: " ")
        case .upload(let rejection): rejection.thaiMessage
        }
    }

    var prakatError: PrakatError {
        switch self {
        case .denied(let denial):
            if denial.isConflict { return PrakatError(status: .conflict, kind: "state-conflict", title: "สถานะไม่ถูกต้อง", detail: denial.message) }
            if denial == .reasonRequired { return PrakatError.validation([.init(field: "reason", message: denial.message)]) }
            if denial == .noApprover { return PrakatError(status: .unprocessableEntity, kind: "no-approver", title: "ไม่มีผู้อนุมัติ", detail: denial.message) }
            return PrakatError.forbidden(denial.message)
        case .staleVersion:
            return PrakatError(status: .conflict, kind: "stale-version", title: "ข้อมูลถูกเปลี่ยนไปแล้ว", detail: PublishingText.staleVersion)
        case .notFound:
            return PrakatError.notFound()
        case .invalid(let errors):
            return PrakatError.validation(errors.fieldErrors)
        case .upload(let rejection):
            let status: HTTPResponseStatus
            switch rejection {
            case .tooLarge: status = .payloadTooLarge
            case .empty, .missingName, .missingExtension: status = .unprocessableEntity
            default: status = .unsupportedMediaType
            }
            return PrakatError(status: status, kind: "upload-rejected", title: "ไฟล์ไม่ผ่านการตรวจสอบ", detail: rejection.thaiMessage,
                               fieldErrors: [.init(field: "file", message: rejection.thaiMessage)])
        }
    }
}
