import Fluent
import Foundation
import PrakatCore
import Vapor

/// One request: its page (content, attachments, history, the steps this person may take),
/// the workflow steps, a revision of a published item, and its attachments.
extension PublishingRoutes {
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
        /// What the page says under "end of publication": once published, the item's own end
        /// (or none); before, the requested end or the category's default.
        var expiryText: String
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
        /// The number printed on the request form and memo, so a printed copy can be traced here.
        var reference: String
        /// Webmasters: where a published item's ITA evidence tags are added.
        var checklistTagsPath: String?
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
        /// A refused upload's photo text, shown again with its message.
        var uploadAlt: String
        var uploadCredit: String
        var uploadAltError: String?
    }

    /// What a refused upload said about its photo.
    struct UploadRefill {
        var alt = ""
        var credit = ""
        var altError: String?
    }

    func show(_ req: Request, requestID: UUID) async throws -> Response {
        try await renderShow(req, requestID: requestID, uploadError: nil, status: .ok)
    }

    func renderShow(
        _ req: Request, requestID: UUID, uploadError: String?, status: HTTPResponseStatus, refill: UploadRefill = UploadRefill()
    ) async throws -> Response {
        let (request, head) = try await findRequest(req, id: requestID)
        let user = try req.requireUser()
        let id = try request.requireID()
        let lookup = try await SummaryLookup.load(req.db, for: [request])
        let service = req.publishing
        let facts = service.facts(request, unitHeadID: head, permission: try await AgencyHeadPermission.current(on: req.db))
        let actor = try PublishingService.actor(user)
        let candidates: [(RequestAction, Bool)] = [
            (.submit, false), (.approve, false), (.returnToAuthor, false), (.reject, true), (.permit, false), (.refuse, true), (.publish, false), (.withdraw, true)
        ]
        let actions = candidates.compactMap { action, danger -> ShowBody.ActionButton? in
            guard RequestWorkflow.denial(action, by: actor, on: facts) == nil else { return nil }
            return .init(
                action: action.rawValue, label: action.thaiName, path: PublishingRoute.requestAction(id, action).path,
                needsReason: action.requiresReason, isPublish: action == .publish, danger: danger)
        }
        let files = try await Attachment.query(on: req.db).filter(\.$requestID == id).sort(\.$position).all()
        let events = try await RequestEvent.query(on: req.db).filter(\.$requestID == id).sort(\.$at).all()
        let tags = try await RequestChecklistTag.query(on: req.db).filter(\.$requestID == id).all().map(\.checklistItemID)
        let items = tags.isEmpty ? [] : try await ChecklistItem.query(on: req.db).filter(\.$id ~~ tags).sort(\.$position).all()
        var publication: Publication?
        if let publicationID = request.publicationID { publication = try await Publication.find(publicationID, on: req.db) }
        let revisions =
            try await request.publicationID.asyncMap { pid in
                try await PublicationRequest.query(on: req.db).filter(\.$publicationID == pid).sort(\.$revision).all()
            } ?? []
        let canEdit = RequestWorkflow.denial(.edit, by: actor, on: facts) == nil
        let revisable = publication.map { RequestWorkflow.denial(.revise, by: actor, on: facts) == nil && $0.currentRequestID == id } ?? false
        let quarter = FiscalQuarter(fiscalYear: FiscalYear(beYear: request.fiscalYear), number: request.fiscalQuarter)
        let body = ShowBody(
            request: lookup.summary(request), version: request.version, details: request.details, detailsHTML: Markdown.html(request.details),
            links: request.links, note: request.note, sourceName: request.sourceName, sourceDate: PublishingFormat.thaiDate(iso: request.sourceDate),
            requestDate: PublishingFormat.thaiDate(iso: request.requestDate) ?? request.requestDate,
            publishAt: PublishingFormat.dateTime(request.publishAt),
            expiryText: publication.map { PublishingFormat.dateTime($0.expireAt) ?? PublishingText.noEnd }
                ?? PublishingFormat.dateTime(request.expireAt) ?? PublishingText.categoryDefaultEnd,
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
                AttachmentView(
                    id: file.id!.lowercased, fileName: file.fileName, kindName: FileKind(rawValue: file.kind)?.thaiName ?? file.kind,
                    size: PublishingFormat.size(file.size), sha256: file.sha256, path: PublishingRoute.requestFile(id, file.id!).path,
                    removePath: canEdit ? PublishingRoute.requestFileRemove(id, file.id!).path : nil,
                    entries: file.archiveEntries.split(separator: "\n").map(String.init), alt: file.altText, credit: file.credit)
            },
            history: events.map {
                EventView(
                    action: $0.action, actionName: RequestAction(rawValue: $0.action)?.thaiName ?? $0.action, actorName: $0.actorName,
                    at: PublishingFormat.dateTime($0.at) ?? "", reason: $0.reason, address: $0.address)
            },
            checklist: items.map { "\($0.code) \($0.titleTh)" },
            reference: RequestReference.text(fiscalYear: request.fiscalYear, id: id),
            checklistTagsPath: user.has(.webmaster) ? publication.flatMap(\.id).map { ComplianceRoute.publicationTags($0).path } : nil,
            actions: actions, canEdit: canEdit, editPath: PublishingRoute.requestEdit(id).path, attachPath: PublishingRoute.requestAttachments(id).path,
            revisePath: revisable ? publication.map { PublishingRoute.revise($0.id!).path } : nil,
            printFormPath: PublishingRoute.printForm(id).path, printMemoPath: PublishingRoute.printMemo(id).path,
            formPDFPath: PublishingRoute.printFormPDF(id).path, memoPDFPath: PublishingRoute.printMemoPDF(id).path,
            revisions: revisions.map {
                .init(revision: $0.revision, state: $0.state.thaiName, path: PublishingRoute.request($0.id!).path, current: $0.id == publication?.currentRequestID)
            },
            maxUploadSize: PublishingFormat.size(req.application.prakat.maxUploadBytes),
            acceptedTypes: ".pdf,.xls,.xlsx,.doc,.docx,.jpg,.jpeg,.png,.zip,.rar",
            uploadError: uploadError, uploadAlt: refill.alt, uploadCredit: refill.credit, uploadAltError: refill.altError)
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
            return req.redirect(
                to: PublishingRoute.request(id).path, flash: Flash(kind: .error, text: publishAt.invalid ? PublishingText.publishAtInvalid : PublishingText.expireAtInvalid))
        }
        do {
            _ = try await req.publishing.perform(
                action, on: id, expectedVersion: form.version, reason: form.reason,
                options: .init(publishAt: publishAt.value, expireAt: expireAt.value), by: try req.requireUser(), actor: req.auditActor)
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .success, text: PublishingText.done(action.thaiName)))
        } catch let error as PublishingError {
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .error, text: error.message))
        }
    }

    func revise(_ req: Request, publicationID id: UUID) async throws -> Response {
        do {
            let draft = try await req.publishing.revise(publicationID: id, by: try req.requireUser(), actor: req.auditActor)
            return req.redirect(
                to: PublishingRoute.requestEdit(draft.id!).path,
                flash: Flash(kind: .info, text: "สร้างฉบับแก้ไขที่ \(draft.revision) แล้ว ฉบับที่เผยแพร่อยู่ยังแสดงต่อจนกว่าฉบับแก้ไขจะได้รับอนุมัติและเผยแพร่"))
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }

    // MARK: Attachments

    struct UploadForm: Content {
        var file: File?
        /// A photo's text alternative and credit (required and optional).
        var alt: String?
        var credit: String?

        var description: PhotoDescription { PhotoDescription(alt: alt, credit: credit) }
    }

    func attach(_ req: Request, requestID: UUID) async throws -> Response {
        let (request, _) = try await findRequest(req, id: requestID)
        let id = try request.requireID()
        let upload = try? req.content.decode(UploadForm.self)
        guard let file = upload?.file, file.data.readableBytes > 0 || !file.filename.isEmpty else {
            return try await renderShow(req, requestID: requestID, uploadError: PublishingText.fileMissing, status: .unprocessableEntity)
        }
        do {
            _ = try await req.publishing.attach(
                fileName: file.filename, data: Data(file.data.readableBytesView), to: id, by: try req.requireUser(), actor: req.auditActor,
                description: upload?.description ?? PhotoDescription(), logger: req.logger)
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .success, text: PublishingText.attached))
        } catch let error as PublishingError {
            var refill = UploadRefill(alt: upload?.alt ?? "", credit: upload?.credit ?? "")
            if case .upload = error {
                return try await renderShow(req, requestID: requestID, uploadError: error.message, status: error.prakatError.status, refill: refill)
            }
            if case .invalid(let errors) = error {
                // The photo's text is asked for again beside its field; the file must be chosen again.
                refill.altError = errors.messages["alt"]
                let others = errors.messages.filter { $0.key != "alt" }.sorted { $0.key < $1.key }.map(\.value)
                let message = others.isEmpty ? PublishingText.chooseFileAgain : others.joined(separator: " ")
                return try await renderShow(req, requestID: requestID, uploadError: message, status: .unprocessableEntity, refill: refill)
            }
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
            return PrakatError(
                status: status, kind: "upload-rejected", title: "ไฟล์ไม่ผ่านการตรวจสอบ", detail: rejection.thaiMessage,
                fieldErrors: [.init(field: "file", message: rejection.thaiMessage)])
        }
    }
}

/// A request's number on paper: its fiscal year and the start of its id (`2570/cb3cea8d`).
enum RequestReference {
    static func text(fiscalYear: Int, id: UUID) -> String { "\(fiscalYear)/\(idPart(id))" }
    /// Hexadecimal: never put into Thai digits (that made `cb๓cea๘d`).
    static func idPart(_ id: UUID) -> String { String(id.uuidString.prefix(8).lowercased()) }
}
