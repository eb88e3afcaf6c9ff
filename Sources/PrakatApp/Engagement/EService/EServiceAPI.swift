import Fluent
import Foundation
import PrakatCore
import Vapor

/// The e-Service part of the API contract ("Engagement"): the catalogue, filing and tracking a
/// request, the desk's steps, the statistics.
enum EServiceAPIRoute: TypedRoute {
    case types
    case submit
    case track(String)
    case list
    case assign(UUID)
    case reply(UUID)
    case close(UUID)
    case rate(String)
    case stats

    static let exampleID = EServiceRoute.exampleID
    static let exampleCode = EServiceRoute.exampleCode
    static let examples: [EServiceAPIRoute] = [
        .types, .submit, .track(exampleCode), .list, .assign(exampleID), .reply(exampleID), .close(exampleID), .rate(exampleCode), .stats
    ]

    var method: HTTPMethod {
        switch self {
        case .types, .track, .list, .stats: .GET
        case .submit, .assign, .reply, .close, .rate: .POST
        }
    }

    var segments: [RouteSegment] {
        let base: [RouteSegment] = [.constant("api"), .constant("v1"), .constant("eservice")]
        switch self {
        case .types: return base + [.constant("types")]
        case .submit, .list: return base + [.constant("requests")]
        // One parameter name for both a code and an id: the router has one tree per level.
        case .track(let code): return base + [.constant("requests"), .parameter("id", code)]
        case .assign(let id): return base + [.constant("requests"), .parameter("id", id.lowercased), .constant("assign")]
        case .reply(let id): return base + [.constant("requests"), .parameter("id", id.lowercased), .constant("reply")]
        case .close(let id): return base + [.constant("requests"), .parameter("id", id.lowercased), .constant("close")]
        case .rate(let code): return base + [.constant("requests"), .parameter("id", code), .constant("rating")]
        case .stats: return base + [.constant("stats")]
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .types, .submit, .track, .rate, .stats: .everyone
        case .list, .reply, .close: .roles(EServiceRoute.deskRoles)
        case .assign: .roles(EServiceRoute.deskRoles)
        }
    }

    var options: RouteOptions {
        self == .submit ? RouteOptions(filesPerPost: ServiceDesk.maxFiles) : .none
    }

    static func parse(_ template: EServiceAPIRoute, _ p: RouteParameters) -> EServiceAPIRoute? {
        switch template {
        case .types, .submit, .list, .stats: return template
        case .track: return p.string("id").flatMap(TrackingCode.init(parsing:)).map { .track($0.description) }
        case .rate: return p.string("id").flatMap(TrackingCode.init(parsing:)).map { .rate($0.description) }
        case .assign: return p.uuid("id").map(EServiceAPIRoute.assign)
        case .reply: return p.uuid("id").map(EServiceAPIRoute.reply)
        case .close: return p.uuid("id").map(EServiceAPIRoute.close)
        }
    }
}

struct EServiceAPI {
    static func register(_ routes: any RoutesBuilder) {
        let api = EServiceAPI()
        routes.register(EServiceAPIRoute.self) { req, route in
            switch route {
            case .types: try await api.types(req)
            case .submit: try await api.submit(req)
            case .track(let code): try await api.track(req, code: code)
            case .list: try await api.list(req)
            case .assign(let id): try await api.assign(req, id: id)
            case .reply(let id): try await api.reply(req, id: id)
            case .close(let id): try await api.close(req, id: id)
            case .rate(let code): try await api.rate(req, code: code)
            case .stats: try await api.stats(req)
            }
        }
    }

    struct TypeResponse: Content {
        var id: UUID
        var slug: String
        var nameTh: String
        var confidential: Bool
        var allowsAnonymous: Bool
        var dueWorkingDays: Int
        var fields: [ServiceTypeField]
    }

    func types(_ req: Request) async throws -> Page<TypeResponse> {
        let paging = try PageRequest(req)
        let types = try await ServiceType.query(on: req.db).filter(\.$active == true).sort(\.$position).all()
        let items = types.compactMap { type in
            type.id.map {
                TypeResponse(
                    id: $0, slug: type.slug, nameTh: type.nameTh, confidential: type.confidential, allowsAnonymous: type.allowsAnonymous,
                    dueWorkingDays: type.dueWorkingDays, fields: type.fields)
            }
        }
        return Page(items: Array(items.dropFirst(paging.offset).prefix(paging.perPage)), page: paging.page, perPage: paging.perPage, total: items.count)
    }

    // MARK: Filing and tracking

    struct SubmissionBody: Decodable {
        var typeId: String
        var subject: String
        var message: String
        var name: String?
        var phone: String?
        var email: String?
        var consent: Bool
        var fields: [String]?
    }

    struct MultipartSubmission: Decodable {
        init() {}

        var typeId: String?
        var subject: String?
        var message: String?
        var name: String?
        var phone: String?
        var email: String?
        var consent: String?
        var fields: [String]?
    }

    struct Receipt: Content {
        var trackingCode: String
        var secret: String
        var statusUrl: String
        var dueAt: Date
    }

    func submit(_ req: Request) async throws -> Response {
        var submission: ServiceSubmission
        if req.headers.contentType?.type == "multipart" {
            let form: MultipartSubmission
            do {
                form = try req.content.decode(MultipartSubmission.self)
            } catch let error as PrakatError {
                // The body is not multipart at all (the guard's 400).
                throw error
            } catch {
                // Well-formed multipart without the fields (no parts at all): the fields' own messages (422).
                form = MultipartSubmission()
            }
            submission = ServiceSubmission(
                typeID: form.typeId.flatMap(UUID.init(uuidString:)), subject: form.subject, message: form.message, name: form.name, phone: form.phone,
                email: form.email, consent: ["true", "1", "on", "yes"].contains(form.consent?.lowercased() ?? ""), extra: form.fields ?? [],
                files: try MultipartFiles.collect(req, names: ["file", "file[]"]).map { ($0.filename, Data($0.data.readableBytesView)) })
        } else {
            let body = try req.decodeJSON(SubmissionBody.self)
            submission = ServiceSubmission(
                typeID: UUID(uuidString: body.typeId), subject: body.subject, message: body.message, name: body.name, phone: body.phone, email: body.email,
                consent: body.consent, extra: body.fields ?? [])
        }
        let desk = req.serviceDesk
        switch try await desk.check(submission) {
        case .failure(let errors):
            if let upload = errors.messages["file"], errors.messages.count == 1 {
                throw PrakatError(status: .unsupportedMediaType, kind: "unsupported-file", title: SupportText.unsupportedMediaTitle, detail: upload)
            }
            throw PrakatError.validation(errors.fieldErrors)
        case .success(let checked):
            let receipt = try await desk.submit(checked, channel: .api, actor: req.auditActor)
            let base = req.publicBaseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let body = Receipt(
                trackingCode: receipt.request.trackingCode, secret: receipt.secret,
                statusUrl: base + EServicePublicPages.statusPath(code: receipt.request.trackingCode, secret: receipt.secret), dueAt: receipt.request.dueAt)
            let response = try await body.encodeResponse(status: .created, for: req)
            EServicePublicPages.keepPrivate(response)
            return response
        }
    }

    struct StatusResponse: Content {
        struct Reply: Content {
            var at: Date
            var message: String
        }
        var trackingCode: String
        var type: String
        var subject: String
        var state: String
        var submittedAt: Date
        var dueAt: Date
        var closedAt: Date?
        var outcome: String?
        var replies: [Reply]
    }

    func track(_ req: Request, code: String) async throws -> Response {
        // An empty `secret=` is someone not holding the secret: the same 404 as a wrong one, not the
        // 400 other empty query values get (the contract: "whoever holds the secret; otherwise 404").
        let secret = try req.singleQueryValue("secret", emptyAllowed: true)
        guard let request = try await req.serviceDesk.citizenRequest(code: code, secret: secret), let id = request.id else {
            throw PrakatError.notFound()
        }
        let type = try await ServiceType.find(request.typeID, on: req.db)
        let replies = try await req.serviceDesk.events(of: id, publicOnly: true).filter { $0.kind == .publicReply }
        let body = StatusResponse(
            trackingCode: request.trackingCode, type: type?.slug ?? "", subject: request.subject, state: request.state.rawValue, submittedAt: request.submittedAt,
            dueAt: request.dueAt, closedAt: request.closedAt, outcome: request.outcome, replies: replies.map { .init(at: $0.at, message: $0.message ?? "") })
        let response = try await body.encodeResponse(for: req)
        EServicePublicPages.keepPrivate(response)
        return response
    }

    struct RatingBody: Decodable {
        var secret: String
        var score: Int
        var comment: String?
    }

    func rate(_ req: Request, code: String) async throws -> Response {
        let body = try req.decodeJSON(RatingBody.self)
        guard let request = try await req.serviceDesk.citizenRequest(code: code, secret: body.secret) else { throw PrakatError.notFound() }
        do {
            try await req.serviceDesk.rate(request, score: String(body.score), comment: body.comment, actor: req.auditActor)
        } catch ServiceDeskError.invalid(let errors) {
            throw PrakatError.validation(errors.fieldErrors)
        } catch ServiceDeskError.denied(let denial) {
            throw PrakatError(
                status: .conflict, kind: "conflict", title: SupportText.conflictTitle, detail: denial == .closed ? EServiceText.alreadyRated : EServiceText.notClosedYet)
        }
        return Response(status: .created)
    }

    // MARK: The desk

    struct RequestResponse: Content {
        var id: UUID
        var trackingCode: String
        var typeId: UUID
        var subject: String
        var state: String
        var channel: String
        var unitId: UUID?
        var assigneeId: UUID?
        var submittedAt: Date
        var dueAt: Date
        var closedAt: Date?
        var overdue: Bool
        var outcome: String?

        init(_ request: ServiceRequest, now: Date) {
            id = request.id ?? UUID()
            trackingCode = request.trackingCode
            typeId = request.typeID
            subject = request.subject
            state = request.state.rawValue
            channel = request.channel.rawValue
            unitId = request.unitID
            assigneeId = request.assigneeID
            submittedAt = request.submittedAt
            dueAt = request.dueAt
            closedAt = request.closedAt
            overdue = request.isOverdue(at: now)
            outcome = request.outcome
        }
    }

    func list(_ req: Request) async throws -> Page<RequestResponse> {
        let paging = try PageRequest(req)
        var filter = ServiceDesk.ListFilter()
        var errors: [Problem.FieldError] = []
        if let state = try req.singleQueryValue("state") {
            if let parsed = ServiceRequestState(rawValue: state) { filter.state = parsed } else { errors.append(.init(field: "state", message: EServiceText.stateUnknown)) }
        }
        if let unit = try req.singleQueryValue("unitId") {
            if let parsed = UUID(uuidString: unit) { filter.unitID = parsed } else { errors.append(.init(field: "unitId", message: EServiceText.unitUnknown)) }
        }
        if let overdue = try req.singleQueryValue("overdue") {
            guard overdue == "true" || overdue == "false" else { throw PrakatError.validation([.init(field: "overdue", message: "ต้องเป็น true หรือ false")], status: .badRequest) }
            filter.overdueOnly = overdue == "true"
        }
        guard errors.isEmpty else { throw PrakatError.validation(errors, status: .badRequest) }
        filter.page = paging.page
        filter.perPage = paging.perPage
        let (items, total) = try await req.serviceDesk.list(for: try req.requireUser(), filter)
        let now = req.clock.now()
        return Page(items: items.map { RequestResponse($0, now: now) }, page: paging.page, perPage: paging.perPage, total: total)
    }

    struct AssignBody: Decodable {
        var unitId: String
        var userId: String?
    }

    struct ReplyBody: Decodable {
        var message: String
        var `public`: Bool
    }

    struct CloseBody: Decodable {
        var outcome: String
    }

    struct ReplyResponse: Content {
        var at: Date
        var message: String
        var `public`: Bool
    }

    func assign(_ req: Request, id: UUID) async throws -> RequestResponse {
        let body = try req.decodeJSON(AssignBody.self)
        var errors: [Problem.FieldError] = []
        let unit = UUID(uuidString: body.unitId)
        if unit == nil { errors.append(.init(field: "unitId", message: EServiceText.unitUnknown)) }
        let person = body.userId.flatMap { $0.isEmpty ? nil : $0 }
        if let person, UUID(uuidString: person) == nil { errors.append(.init(field: "userId", message: EServiceText.assigneeUnknown)) }
        guard errors.isEmpty else { throw PrakatError.validation(errors) }
        return try await perform(req, id) { desk, user in
            try await desk.assign(id, to: .init(unitID: unit, userID: person.flatMap(UUID.init(uuidString:))), by: user, actor: req.auditActor)
        }
    }

    func reply(_ req: Request, id: UUID) async throws -> Response {
        let body = try req.decodeJSON(ReplyBody.self)
        _ = try await perform(req, id) { desk, user in
            try await desk.reply(id, message: body.message, isPublic: body.public, by: user, actor: req.auditActor)
        }
        let event = try await ServiceEvent.query(on: req.db).filter(\.$requestID == id).sort(\.$at, .descending).first()
        return try await ReplyResponse(at: event?.at ?? req.clock.now(), message: event?.message ?? body.message, public: body.public)
            .encodeResponse(status: .created, for: req)
    }

    func close(_ req: Request, id: UUID) async throws -> RequestResponse {
        let body = try req.decodeJSON(CloseBody.self)
        return try await perform(req, id) { desk, user in
            try await desk.close(id, outcome: body.outcome, by: user, actor: req.auditActor)
        }
    }

    /// Runs a desk step and answers with the request as it is afterwards; the desk's refusals as
    /// the contract's problems (404 for a request the caller may not see).
    private func perform(_ req: Request, _ id: UUID, _ step: (ServiceDesk, User) async throws -> Void) async throws -> RequestResponse {
        let user = try req.requireUser()
        let desk = req.serviceDesk
        do {
            _ = try await desk.request(id, for: user)
            try await step(desk, user)
        } catch ServiceDeskError.invalid(let errors) {
            throw PrakatError.validation(errors.fieldErrors)
        } catch ServiceDeskError.denied(let denial) {
            if denial == .hidden { throw PrakatError.notFound() }
            if denial == .notAllowed { throw PrakatError.forbidden(denial.thaiMessage) }
            throw PrakatError(status: .conflict, kind: "conflict", title: SupportText.conflictTitle, detail: denial.thaiMessage)
        } catch ServiceDeskError.notFound {
            throw PrakatError.notFound()
        }
        guard let request = try await ServiceRequest.find(id, on: req.db) else { throw PrakatError.notFound() }
        return RequestResponse(request, now: req.clock.now())
    }

    // MARK: Statistics

    struct StatsResponse: Content {
        struct Count: Content {
            var key: String
            var label: String
            var count: Int
        }
        struct Month: Content {
            var month: String
            var received: Int
            var closed: Int
            var closedOnTime: Int
        }
        var fiscalYear: Int
        var half: Int?
        var total: Int
        var byType: [Count]
        var byState: [Count]
        var byChannel: [Count]
        var byMonth: [Month]
        var closed: Int
        var overdue: Int
        var onTimeRate: Double?
        var averageDays: Double?
    }

    func stats(_ req: Request) async throws -> StatsResponse {
        guard
            let period = ServiceStatsPeriod.parse(
                fiscalYear: try req.singleQueryValue("fiscalYear"), half: try req.singleQueryValue("half"), now: req.clock.now())
        else { throw PrakatError.validation([.init(field: "fiscalYear", message: EServiceText.periodInvalid)], status: .badRequest) }
        let (stats, types) = try await req.serviceDesk.statistics(period)
        return StatsResponse(
            fiscalYear: period.fiscalYear.beYear, half: period.half, total: stats.total,
            byType: stats.byType.map { row in
                let type = types.first { $0.id?.lowercased == row.key }
                return .init(key: type?.slug ?? row.key, label: type?.nameTh ?? row.key, count: row.count)
            },
            byState: stats.byState.map { .init(key: $0.key, label: ServiceRequestState(rawValue: $0.key)?.thaiName ?? $0.key, count: $0.count) },
            byChannel: stats.byChannel.map { .init(key: $0.key, label: ServiceChannel(rawValue: $0.key)?.thaiName ?? $0.key, count: $0.count) },
            byMonth: stats.byMonth.map { .init(month: String($0.month.iso.prefix(7)), received: $0.received, closed: $0.closed, closedOnTime: $0.closedOnTime) },
            closed: stats.closed, overdue: stats.overdue, onTimeRate: stats.onTimeRate, averageDays: stats.averageDays)
    }
}
