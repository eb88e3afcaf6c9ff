import Fluent
import Foundation
import PrakatCore
import Vapor

/// The Publishing part of the JSON API (`/api/v1`).
enum PublishingAPIRoute: TypedRoute {
    case categories
    case requestCreate
    case request(UUID)
    case requestUpdate(UUID)
    case requestAttachments(UUID)
    case requestAction(UUID, RequestAction)
    case publications
    case publicationWithdraw(UUID)

    /// The workflow steps the API offers on a request (withdraw is on the publication).
    static let requestActions: [RequestAction] = [.submit, .approve, .returnToAuthor, .reject, .permit, .refuse, .publish]

    static let examples: [PublishingAPIRoute] = {
        let id = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()
        return [.categories, .requestCreate, .request(id), .requestUpdate(id), .requestAttachments(id)]
            + requestActions.map { .requestAction(id, $0) } + [.publications, .publicationWithdraw(id)]
    }()

    var method: HTTPMethod {
        switch self {
        case .categories, .request, .publications: .GET
        case .requestCreate, .requestAttachments, .requestAction, .publicationWithdraw: .POST
        case .requestUpdate: .PATCH
        }
    }

    var segments: [RouteSegment] {
        let api: [RouteSegment] = [.constant("api"), .constant("v1")]
        switch self {
        case .categories: return api + [.constant("categories")]
        case .requestCreate: return api + [.constant("requests")]
        case .request(let id), .requestUpdate(let id): return api + [.constant("requests"), .parameter("id", id.lowercased)]
        case .requestAttachments(let id): return api + [.constant("requests"), .parameter("id", id.lowercased), .constant("attachments")]
        case let .requestAction(id, action): return api + [.constant("requests"), .parameter("id", id.lowercased), .constant(action.rawValue)]
        case .publications: return api + [.constant("publications")]
        case .publicationWithdraw(let id): return api + [.constant("publications"), .parameter("id", id.lowercased), .constant("withdraw")]
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .categories, .publications: .everyone
        case .requestCreate, .requestUpdate, .requestAttachments: .roles([.staff])
        case .request: .roles(PublishingRoles.participants)
        case .requestAction(_, let action): .roles(action.permittedRoles)
        case .publicationWithdraw: .roles([.webmaster])
        }
    }

    var options: RouteOptions {
        // Attachments are limited by the upload checks, not by the default body size.
        if case .requestAttachments = self { return RouteOptions(body: .collect(maxSize: nil)) }
        return .none
    }

    static func parse(_ template: PublishingAPIRoute, _ p: RouteParameters) -> PublishingAPIRoute? {
        switch template {
        case .categories, .requestCreate, .publications: template
        case .request: p.uuid("id").map(PublishingAPIRoute.request)
        case .requestUpdate: p.uuid("id").map(PublishingAPIRoute.requestUpdate)
        case .requestAttachments: p.uuid("id").map(PublishingAPIRoute.requestAttachments)
        case .requestAction(_, let action): p.uuid("id").map { .requestAction($0, action) }
        case .publicationWithdraw: p.uuid("id").map(PublishingAPIRoute.publicationWithdraw)
        }
    }
}

/// The same workflow and rules as the pages, over JSON.
struct PublishingAPI {
    static func register(_ routes: any RoutesBuilder) {
        let api = PublishingAPI()
        routes.register(PublishingAPIRoute.self) { req, route in
            switch route {
            case .categories: try await api.categories(req)
            case .requestCreate: try await api.create(req)
            case .request(let id): try await api.show(req, id: id)
            case .requestUpdate(let id): try await api.update(req, id: id)
            case .requestAttachments(let id): try await api.attach(req, id: id)
            case let .requestAction(id, action): try await api.perform(action, req, id: id)
            case .publications: try await api.publications(req)
            case .publicationWithdraw(let id): try await api.withdraw(req, publicationID: id)
            }
        }
    }

    // MARK: Categories

    struct CategoryResponse: Content {
        var id: UUID
        var slug: String
        var nameTh: String
        var nameEn: String?
        var parentId: UUID?
        var clause: String?
        var requiresSource: Bool
        var requiresSourceDate: Bool
        var requiresExpiry: Bool
        var defaultDays: Int?
        var expiredPolicy: String
        var url: String
    }

    func categories(_ req: Request) async throws -> Page<CategoryResponse> {
        let paging = try PageRequest(req)
        let all = try await SiteCategory.query(on: req.db).sort(\.$position).all()
        let base = req.publicBaseURL
        let items = all.map {
            CategoryResponse(
                id: $0.id!, slug: $0.slug, nameTh: $0.nameTh, nameEn: $0.nameEn, parentId: $0.parentID, clause: $0.clause,
                requiresSource: $0.requiresSource, requiresSourceDate: $0.requiresSourceDate, requiresExpiry: $0.requiresExpiry,
                defaultDays: $0.defaultDays, expiredPolicy: $0.expiredPolicyRaw, url: base + PublicRoute.category($0.slug).path)
        }
        let slice = items.dropFirst(paging.offset).prefix(paging.perPage)
        return Page(items: Array(slice), page: paging.page, perPage: paging.perPage, total: items.count)
    }

    // MARK: Requests

    struct RequestBody: Decodable {
        var categoryId: String?
        var title: String?
        var details: String?
        var externalLinks: [String]?
        var note: String?
        var sourceName: String?
        var sourceDate: String?
        var publishAt: Date?
        var expireAt: Date?
        var urgent: Bool?
        var checklistItemIds: [String]?
        var requesterPhone: String?
        var esarabanNumber: String?
        var version: Int?
    }

    struct HistoryEntry: Content {
        var action: String
        var actorId: UUID?
        var actorName: String
        var at: Date
        var reason: String?
        var fromState: String
        var toState: String
    }

    struct AttachmentResponse: Content {
        var id: UUID
        var fileName: String
        var size: Int
        var sha256: String
        var contentType: String
        var archiveEntries: [String]
        /// Photos only: the text alternative, the credit and the size as shown.
        var alt: String?
        var credit: String?
        var width: Int?
        var height: Int?

        init(_ attachment: Attachment) {
            id = attachment.id ?? UUID()
            fileName = attachment.fileName
            size = attachment.size
            sha256 = attachment.sha256
            contentType = attachment.contentType
            archiveEntries = attachment.archiveEntries.split(separator: "\n").map(String.init)
            alt = attachment.altText
            credit = attachment.credit
            width = attachment.width
            height = attachment.height
        }
    }

    struct RequestResponse: Content {
        var id: UUID
        var state: String
        var version: Int
        var unitId: UUID
        var authorId: UUID
        var categoryId: UUID
        var title: String
        var details: String
        var externalLinks: [String]
        var note: String?
        var sourceName: String?
        var sourceDate: String?
        var publishAt: Date?
        var expireAt: Date?
        var urgent: Bool
        var requestDate: String
        var fiscalYear: Int
        var fiscalQuarter: Int
        var approverId: UUID?
        var approvedAt: Date?
        var publisherId: UUID?
        var publishedAt: Date?
        /// The head of agency's decision (permit or refuse, by the state and history), when asked for.
        var permitterId: UUID?
        var permittedAt: Date?
        var requesterPhone: String?
        var esarabanNumber: String?
        var reason: String?
        var revision: Int
        var publicationId: UUID?
        var url: String?
        var checklistItemIds: [UUID]
        var attachments: [AttachmentResponse]
        var history: [HistoryEntry]
    }

    private func input(_ body: RequestBody) throws -> RequestInput {
        var errors: [Problem.FieldError] = []
        var sourceDate: CalendarDate?
        if let raw = body.sourceDate, !raw.isEmpty {
            sourceDate = CalendarDate(iso: raw).flatMap { $0.isWithinInputRange ? $0 : nil }
            if sourceDate == nil { errors.append(.init(field: "sourceDate", message: PublishingText.sourceDateInvalid)) }
        }
        var categoryID: UUID?
        if let raw = body.categoryId {
            categoryID = UUID(uuidString: raw)
            if categoryID == nil { errors.append(.init(field: "categoryId", message: PublishingText.categoryUnknown)) }
        }
        var checklist: [UUID] = []
        for raw in body.checklistItemIds ?? [] {
            if let id = UUID(uuidString: raw) { checklist.append(id) } else { errors.append(.init(field: "checklistItemIds", message: PublishingText.checklistUnknown)) }
        }
        if !errors.isEmpty { throw PrakatError.validation(errors) }
        return RequestInput(
            categoryID: categoryID, title: body.title ?? "", details: body.details ?? "", externalLinks: body.externalLinks ?? [],
            note: body.note, sourceName: body.sourceName, sourceDate: sourceDate, publishAt: body.publishAt, expireAt: body.expireAt,
            urgent: body.urgent ?? false, checklistItemIDs: checklist, requesterPhone: body.requesterPhone, esarabanNumber: body.esarabanNumber)
    }

    func create(_ req: Request) async throws -> Response {
        let body = try req.decodeJSON(RequestBody.self)
        let user = try req.requireUser()
        guard user.$unit.id != nil else { throw PrakatError.forbidden(PublishingText.notStaff) }
        do {
            let request = try await req.publishing.create(try input(body), by: user, actor: req.auditActor)
            return try await describe(request, req).encodeResponse(status: .created, for: req)
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }

    func update(_ req: Request, id: UUID) async throws -> RequestResponse {
        let request = try await find(req, id: id)
        let body = try req.decodeJSON(RequestBody.self)
        do {
            let updated = try await req.publishing.update(request.id!, expectedVersion: body.version, input: try input(body), by: try req.requireUser(), actor: req.auditActor)
            return try await describe(updated, req)
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }

    private func find(_ req: Request, id: UUID) async throws -> PublicationRequest {
        guard let request = try await req.publishing.request(id) else {
            throw PrakatError.notFound()
        }
        let head = try await OrgUnit.find(request.$unit.id, on: req.db)?.headUserID
        guard PublishingService.canView(request, user: try req.requireUser(), unitHeadID: head) else { throw PrakatError.notFound() }
        return request
    }

    func show(_ req: Request, id: UUID) async throws -> RequestResponse {
        try await describe(try await find(req, id: id), req)
    }

    func describe(_ request: PublicationRequest, _ req: Request) async throws -> RequestResponse {
        let id = try request.requireID()
        let files = try await Attachment.query(on: req.db).filter(\.$requestID == id).sort(\.$position).all()
        let events = try await RequestEvent.query(on: req.db).filter(\.$requestID == id).sort(\.$at).all()
        let tags = try await RequestChecklistTag.query(on: req.db).filter(\.$requestID == id).all()
        var url: String?
        if let publicationID = request.publicationID, let publication = try await Publication.find(publicationID, on: req.db) {
            url = req.publicBaseURL + PublicRoute.item(publication.number).path
        }
        return RequestResponse(
            id: id, state: Self.apiState(request, now: req.clock.now()), version: request.version, unitId: request.$unit.id, authorId: request.$author.id,
            categoryId: request.$category.id, title: request.title, details: request.details, externalLinks: request.links, note: request.note,
            sourceName: request.sourceName, sourceDate: request.sourceDate, publishAt: request.publishAt, expireAt: request.expireAt,
            urgent: request.urgent, requestDate: request.requestDate, fiscalYear: request.fiscalYear, fiscalQuarter: request.fiscalQuarter,
            approverId: request.approverID, approvedAt: request.approvedAt, publisherId: request.publisherID, publishedAt: request.publishedAt,
            permitterId: request.permitterID, permittedAt: request.permittedAt, requesterPhone: request.requesterPhone, esarabanNumber: request.esarabanNumber,
            reason: request.stateReason, revision: request.revision, publicationId: request.publicationID, url: url,
            checklistItemIds: tags.map(\.checklistItemID),
            attachments: files.map(AttachmentResponse.init),
            history: events.map {
                .init(
                    action: $0.action, actorId: $0.actorID, actorName: $0.actorName, at: $0.at, reason: $0.reason,
                    fromState: $0.fromState, toState: $0.toState)
            })
    }

    /// The API contract: publishing answers "published" or "scheduled"; a published request whose start is
    /// still ahead reads as scheduled.
    static func apiState(_ request: PublicationRequest, now: Date) -> String {
        if request.state == .published, let start = request.publishAt, start > now { return "scheduled" }
        return request.stateRaw
    }

    func attach(_ req: Request, id: UUID) async throws -> Response {
        let request = try await find(req, id: id)
        guard let contentType = req.headers.contentType, contentType.type == "multipart", contentType.subType == "form-data" else {
            throw PrakatError(
                status: .unsupportedMediaType, kind: "unsupported-media-type", title: SupportText.unsupportedMediaTitle,
                detail: "ส่งไฟล์แบบ multipart/form-data ในส่วนที่ชื่อ file")
        }
        guard let upload = try? req.content.decode(PublishingRoutes.UploadForm.self), let file = upload.file else {
            throw PrakatError.validation([.init(field: "file", message: PublishingText.fileMissing)])
        }
        do {
            let attachment = try await req.publishing.attach(
                fileName: file.filename, data: Data(file.data.readableBytesView), to: request.id!,
                by: try req.requireUser(), actor: req.auditActor, description: upload.description, logger: req.logger)
            return try await AttachmentResponse(attachment).encodeResponse(status: .created, for: req)
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }

    struct ActionBody: Decodable {
        var comment: String?
        var reason: String?
        var publishAt: Date?
        var expireAt: Date?
        var version: Int?
    }

    struct ActionResponse: Content {
        var id: UUID
        var state: String
        var version: Int
        var approverId: UUID?
        var publicationId: UUID?
        var url: String?
    }

    func perform(_ action: RequestAction, _ req: Request, id: UUID) async throws -> ActionResponse {
        let request = try await find(req, id: id)
        let body: ActionBody = (req.body.data?.readableBytes ?? 0) > 0 ? try req.decodeJSON(ActionBody.self) : ActionBody()
        do {
            let done = try await req.publishing.perform(
                action, on: request.id!, expectedVersion: body.version, reason: body.reason ?? (action.requiresReason ? nil : body.comment),
                options: .init(publishAt: body.publishAt, expireAt: body.expireAt), by: try req.requireUser(), actor: req.auditActor)
            var url: String?
            if let publicationID = done.publicationID, let publication = try await Publication.find(publicationID, on: req.db) {
                url = req.publicBaseURL + PublicRoute.item(publication.number).path
            }
            return ActionResponse(
                id: done.id!, state: Self.apiState(done, now: req.clock.now()), version: done.version, approverId: done.approverID,
                publicationId: done.publicationID, url: url)
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }

    // MARK: Publications

    struct PublicationResponse: Content {
        var id: UUID
        var number: Int
        var title: String
        var url: String
        var categoryId: UUID
        var publishedAt: Date
        var expireAt: Date?
        var updatedAt: Date
        var state: String
        var urgent: Bool
    }

    /// Public items for everyone; staff who publish or audit may also list by `state`.
    func publications(_ req: Request) async throws -> Page<PublicationResponse> {
        let paging = try PageRequest(req)
        let now = req.clock.now()
        let items = PublicItems(db: req.db, now: now)
        let categoryID = try (try? req.query.get(String.self, at: "categoryId")).map { raw -> UUID in
            guard let id = UUID(uuidString: raw) else { throw PrakatError.validation([.init(field: "categoryId", message: PublishingText.categoryUnknown)]) }
            return id
        }
        let q = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
        let stateFilter = (try? req.query.get(String.self, at: "state"))?.lowercased()
        let insider = req.currentUser?.hasAny([.uploader, .webmaster, .auditor]) ?? false
        let allowedStates: Set<String> = ["live", "scheduled", "expired", "withdrawn", "urgentlapsed"]
        if let stateFilter, !allowedStates.contains(stateFilter) {
            throw PrakatError.validation([.init(field: "state", message: "state ต้องเป็น live, scheduled, expired, withdrawn หรือ urgentLapsed")])
        }
        let base = req.publicBaseURL
        // Columns, not models: a model is every field (the body too) filled by reflection.
        var rows: [ListedPublication]
        var total: Int
        if !q.isEmpty {
            let result = try await PublicationSearch.search(q, in: items, page: paging.page, perPage: paging.perPage, categoryID: categoryID)
            rows = try await ListedPublication.load(result.ids, on: req.db)
            total = result.total
        } else if insider, let stateFilter, stateFilter != "live" {
            // The same order of rules as PublicationWindow.status, in SQL: no request loads every item.
            var query = Publication.query(on: req.db)
            if let categoryID { query = query.filter(\.$categoryID == categoryID) }
            let notWithdrawn: (QueryBuilder<Publication>) -> QueryBuilder<Publication> = { q in
                q.group(.or) { $0.filter(\.$withdrawnAt == nil).filter(\.$withdrawnAt > now) }
            }
            let notLapsed: (QueryBuilder<Publication>) -> QueryBuilder<Publication> = { q in
                q.group(.or) { $0.filter(\.$urgentDeadline == nil).filter(\.$urgentDeadline > now) }
            }
            switch stateFilter {
            case "withdrawn": query = query.filter(\.$withdrawnAt <= now)
            case "urgentlapsed": query = notWithdrawn(query).filter(\.$urgentDeadline <= now)
            case "expired": query = notLapsed(notWithdrawn(query)).filter(\.$expireAt <= now)
            default:
                query = notLapsed(notWithdrawn(query)).group(.or) { $0.filter(\.$expireAt == nil).filter(\.$expireAt > now) }.filter(\.$publishAt > now)
            }
            total = try await query.count()
            // A page past the end reads nothing (asked for by number, it would step over every entry).
            rows = paging.offset >= total ? [] : try await items.rows(of: query.sort(\.$number, .descending).range(paging.offset..<(paging.offset + paging.perPage)))
        } else {
            if let stateFilter, stateFilter != "live" { return Page(items: [], page: paging.page, perPage: paging.perPage, total: 0) }
            func live() -> QueryBuilder<Publication> {
                let query = items.live()
                return categoryID.map { query.filter(\.$categoryID == $0) } ?? query
            }
            // The count of every live item (or a category's) is kept like the public pages'
            // counts: an integration paging through the API counted 100,000 entries a page.
            let kept = KeptListing(
                req.application.pageCache, archive: false, ids: categoryID.map { [$0] }, tags: [categoryID.map(SiteTag.list) ?? SiteTag.home], now: now)
            if let keptTotal = kept.total {
                total = keptTotal
            } else {
                total = try await items.liveCount(in: categoryID.map { [$0] })
                // Not for an empty category: any made-up id would take a place among the kept.
                // A category's count is true until one of its own items starts or ends.
                if categoryID == nil || total > 0 { kept.keep(total: total, validUntil: try await items.nextChange(in: categoryID.map { [$0] })) }
            }
            rows =
                paging.offset >= total
                ? [] : try await items.rows(of: live().sort(\.$publishAt, .descending).sort(\.$number, .descending).range(paging.offset..<(paging.offset + paging.perPage)))
        }
        return Page(
            items: rows.map {
                PublicationResponse(
                    id: $0.id, number: $0.number, title: $0.title, url: base + PublicRoute.item($0.number).path, categoryId: $0.categoryID,
                    publishedAt: $0.publishAt, expireAt: $0.expireAt, updatedAt: $0.updatedAt, state: $0.window.status(at: now).rawValue,
                    urgent: $0.urgentDeadline != nil)
            }, page: paging.page, perPage: paging.perPage, total: total)
    }

    struct WithdrawBody: Decodable { var reason: String? }

    func withdraw(_ req: Request, publicationID id: UUID) async throws -> ActionResponse {
        let body = try req.decodeJSON(WithdrawBody.self)
        do {
            let done = try await req.publishing.withdraw(publicationID: id, reason: body.reason, by: try req.requireUser(), actor: req.auditActor)
            return ActionResponse(id: done.id!, state: done.stateRaw, version: done.version, approverId: done.approverID, publicationId: done.publicationID, url: nil)
        } catch let error as PublishingError {
            throw error.prakatError
        }
    }
}
