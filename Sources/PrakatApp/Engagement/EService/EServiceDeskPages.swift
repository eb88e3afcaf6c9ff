import Fluent
import Foundation
import PrakatCore
import Vapor

/// The service desk's pages (issue 12 §3): the list of citizens' requests each person may see,
/// one request with its whole timeline, and the steps on it.
struct EServiceDeskPages {
    // MARK: List

    struct ListBody: Encodable {
        struct Row: Encodable {
            var code: String
            var path: String
            var subject: String
            var typeName: String
            var confidential: Bool
            var state: String
            var unitName: String?
            var submitted: String
            var due: String
            var overdue: Bool
        }
        struct Option: Encodable {
            var value: String
            var label: String
            var selected: Bool
        }
        var rows: [Row]
        var states: [Option]
        var types: [Option]
        var overdueOnly: Bool
        var paging: PublicSiteRoutes.Paging
        var action: String
        var statsPath: String
    }

    struct ListQuery: Content {
        var state: String?
        var type: String?
        var overdue: String?
        var page: Int?
    }

    func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let query = (try? req.query.decode(ListQuery.self)) ?? ListQuery()
        var filter = ServiceDesk.ListFilter()
        filter.state = query.state.flatMap(ServiceRequestState.init(rawValue:))
        filter.typeID = query.type.flatMap(UUID.init(uuidString:))
        filter.overdueOnly = query.overdue == "1"
        filter.page = min(max(query.page ?? 1, 1), 100_000)
        let desk = req.serviceDesk
        let (items, total) = try await desk.list(for: user, filter)
        let types = try await ServiceType.query(on: req.db).sort(\.$position).all()
        let units = try await OrgUnit.query(on: req.db).all()
        let now = req.clock.now()
        var extra = ""
        if let state = filter.state { extra += "&state=\(state.rawValue)" }
        if let type = filter.typeID { extra += "&type=\(type.lowercased)" }
        if filter.overdueOnly { extra += "&overdue=1" }
        let rows = items.map { item in
            let type = types.first { $0.id == item.typeID }
            return ListBody.Row(
                code: item.trackingCode, path: EServiceRoute.request(item.id ?? UUID()).path, subject: item.subject, typeName: type?.nameTh ?? "",
                confidential: type?.confidential ?? false, state: item.state.thaiName,
                unitName: item.unitID.flatMap { id in units.first { $0.id == id }?.nameTh },
                submitted: ThaiDateFormat.long(item.submittedAt, digits: .arabic, showsTime: true), due: ThaiDateFormat.long(item.dueAt.addingTimeInterval(-1), digits: .arabic),
                overdue: item.isOverdue(at: now))
        }
        let body = ListBody(
            rows: rows,
            states: ServiceRequestState.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: $0 == filter.state) },
            types: types.map { .init(value: $0.id?.lowercased ?? "", label: $0.nameTh, selected: $0.id == filter.typeID) },
            overdueOnly: filter.overdueOnly,
            paging: PublicSiteRoutes.paging(total: total, page: filter.page, base: EServiceRoute.desk.path, extra: extra),
            action: EServiceRoute.desk.path, statsPath: EServiceRoute.stats.path)
        return try await req.render("Engagement/EService/desk", title: EServiceText.deskTitle, body)
    }

    // MARK: One request

    struct RequestBody: Encodable, HasBreadcrumbs {
        struct Entry: Encodable {
            var when: String
            var label: String
            var who: String
            var message: String?
            var isPublic: Bool
            var files: [FileLink]
            var publishPath: String?
            var questionPath: String?
        }
        struct FileLink: Encodable {
            var name: String
            var path: String
            var size: String
        }
        struct Option: Encodable {
            var value: String
            var label: String
            var selected: Bool
        }
        var code: String
        var typeName: String
        var confidential: Bool
        var subject: String
        var message: String
        var extra: [ServiceRequest.ExtraField]
        var requester: String
        var phone: String?
        var email: String?
        var channel: String
        var state: String
        var submitted: String
        var due: String
        var overdue: Bool
        var unitName: String?
        var assigneeName: String?
        var outcome: String?
        var entries: [Entry]
        var units: [Option]
        var people: [Option]
        var canAssign: Bool
        var canReply: Bool
        var canClose: Bool
        var canReopen: Bool
        var assignAction: String
        var replyAction: String
        var closeAction: String
        var reopenAction: String
        var errors: FormErrors
        var values: [String: String]
        var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: EServiceText.deskTitle, path: EServiceRoute.desk.path)] }
    }

    func show(_ req: Request, id: UUID) async throws -> Response {
        try await render(req, id: id, errors: FormErrors(), values: [:])
    }

    func render(_ req: Request, id: UUID, errors: FormErrors, values: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let desk = req.serviceDesk
        let request: ServiceRequest
        do { request = try await desk.request(id, for: user) } catch { throw PrakatError.notFound() }
        let facts = try await desk.facts(request)
        let actor = try desk.actor(user)
        func allowed(_ action: ServiceDeskAction) -> Bool { ServiceDeskRules.denial(action, by: actor, on: facts) == nil }
        let type = try await ServiceType.find(request.typeID, on: req.db)
        let events = try await desk.events(of: id, publicOnly: false)
        let files = try await ServiceFile.query(on: req.db).filter(\.$requestID == id).sort(\.$createdAt).all()
        let people = try await User.query(on: req.db).filter(\.$isActive == true).sort(\.$displayName).all()
        let units = try await OrgUnit.query(on: req.db).sort(\.$nameTh).all()
        func name(_ id: UUID?) -> String {
            guard let id else { return "ผู้ยื่นเรื่อง" }
            return people.first { $0.id == id }?.displayName ?? "เจ้าหน้าที่"
        }
        let canPublish = allowed(.publishAsQuestion)
        let entries = events.compactMap { event -> RequestBody.Entry? in
            guard let kind = event.kind else { return nil }
            var label: String
            switch kind {
            case .submitted: label = "ได้รับเรื่องทาง\(request.channel.thaiName)"
            case .assigned:
                let unit = event.unitID.flatMap { u in units.first { $0.id == u }?.nameTh } ?? ""
                label = "ส่งให้ \(unit)" + (event.assigneeID.map { " (\(name($0)))" } ?? "")
            case .publicReply: label = "ตอบกลับผู้ยื่น (เปิดเผยต่อผู้ยื่น)"
            case .internalNote: label = "บันทึกภายใน (ผู้ยื่นไม่เห็น)"
            case .citizenInfo: label = "ผู้ยื่นเพิ่มข้อมูล"
            case .closed: label = "ปิดเรื่อง"
            case .reopened: label = "เปิดเรื่องอีกครั้ง"
            case .rated: label = "ผู้ยื่นประเมินความพึงพอใจ"
            }
            return .init(
                when: ThaiDateFormat.long(event.at, digits: .arabic, showsTime: true), label: label, who: name(event.actorID), message: event.message,
                isPublic: kind.isPublic,
                files: files.filter { $0.eventID == event.id }.map {
                    .init(name: $0.fileName, path: EServiceRoute.file(id, $0.id ?? UUID()).path, size: PublishingFormat.size($0.size))
                },
                publishPath: kind == .publicReply && canPublish && event.questionID == nil ? EServiceRoute.publishReply(id, event.id ?? UUID()).path : nil,
                questionPath: event.questionID.map { QuestionsRoute.show($0).path })
        }
        let namedPeople = facts.confidential ? people.filter { facts.namedPeople.contains($0.id ?? UUID()) } : people
        let body = RequestBody(
            code: request.trackingCode, typeName: type?.nameTh ?? "", confidential: facts.confidential, subject: request.subject, message: request.message,
            extra: request.extraFields, requester: request.requesterName ?? "ไม่ประสงค์ออกนาม", phone: request.requesterPhone, email: request.requesterEmail,
            channel: request.channel.thaiName, state: request.state.thaiName,
            submitted: ThaiDateFormat.long(request.submittedAt, digits: .arabic, showsTime: true),
            due: ThaiDateFormat.long(request.dueAt.addingTimeInterval(-1), digits: .arabic), overdue: request.isOverdue(at: req.clock.now()),
            unitName: request.unitID.flatMap { u in units.first { $0.id == u }?.nameTh }, assigneeName: request.assigneeID.map { name($0) },
            outcome: request.outcome, entries: entries,
            units: units.map { .init(value: $0.id?.lowercased ?? "", label: $0.nameTh, selected: $0.id == request.unitID) },
            people: namedPeople.map { person in
                let unitName = units.first { $0.id == person.$unit.id }?.nameTh
                return .init(
                    value: person.id?.lowercased ?? "", label: person.displayName + (unitName.map { " — " + $0 } ?? ""), selected: person.id == request.assigneeID)
            },
            canAssign: allowed(.assign), canReply: allowed(.reply), canClose: allowed(.close), canReopen: allowed(.reopen),
            assignAction: EServiceRoute.step(id, .assign).path, replyAction: EServiceRoute.step(id, .reply).path, closeAction: EServiceRoute.step(id, .close).path,
            reopenAction: EServiceRoute.step(id, .reopen).path, errors: errors, values: values)
        return try await req.render("Engagement/EService/request", title: "เรื่องเลขที่ \(request.trackingCode)", body, status: status)
    }

    // MARK: Steps

    struct StepForm: Content {
        var unitId: String?
        var userId: String?
        var message: String?
        var visibility: String?
        var outcome: String?
    }

    func step(_ req: Request, id: UUID, step: ServiceStep) async throws -> Response {
        let user = try req.requireUser()
        let form = (try? req.content.decode(StepForm.self)) ?? StepForm()
        let desk = req.serviceDesk
        let values = ["message": form.message ?? "", "outcome": form.outcome ?? "", "visibility": form.visibility ?? ""]
        let done: String
        do {
            switch step {
            case .assign:
                let unit = form.unitId.flatMap { $0.isEmpty ? nil : $0 }
                let person = form.userId.flatMap { $0.isEmpty ? nil : $0 }
                var errors = FormErrors()
                if let unit, UUID(uuidString: unit) == nil { errors.add("unitId", EServiceText.unitUnknown) }
                if let person, UUID(uuidString: person) == nil { errors.add("userId", EServiceText.assigneeUnknown) }
                guard errors.isEmpty else { throw ServiceDeskError.invalid(errors) }
                try await desk.assign(id, to: .init(unitID: unit.flatMap(UUID.init(uuidString:)), userID: person.flatMap(UUID.init(uuidString:))), by: user, actor: req.auditActor)
                done = EServiceText.assigned
            case .reply:
                let isPublic = form.visibility != "internal"
                try await desk.reply(id, message: form.message, isPublic: isPublic, by: user, actor: req.auditActor)
                done = isPublic ? EServiceText.replied : EServiceText.noted
            case .close:
                try await desk.close(id, outcome: form.outcome, by: user, actor: req.auditActor)
                done = EServiceText.closed
            case .reopen:
                try await desk.reopen(id, by: user, actor: req.auditActor)
                done = EServiceText.reopened
            }
        } catch ServiceDeskError.invalid(let errors) {
            return try await render(req, id: id, errors: errors, values: values, status: .unprocessableEntity)
        } catch ServiceDeskError.denied(let denial) {
            if denial == .hidden { throw PrakatError.notFound() }
            return req.redirect(to: EServiceRoute.request(id).path, flash: Flash(kind: .error, text: denial.thaiMessage))
        } catch ServiceDeskError.notFound {
            throw PrakatError.notFound()
        }
        return req.redirect(to: EServiceRoute.request(id).path, flash: Flash(kind: .success, text: done))
    }

    /// A file the citizen sent: only to people who may see the request, always as a download.
    func file(_ req: Request, id: UUID, fileID: UUID) async throws -> Response {
        let user = try req.requireUser()
        do { _ = try await req.serviceDesk.request(id, for: user) } catch { throw PrakatError.notFound() }
        guard let file = try await ServiceFile.find(fileID, on: req.db), file.requestID == id else { throw PrakatError.notFound() }
        return try await AttachmentResponse.blob(
            sha256: file.sha256, contentType: file.contentType, disposition: ContentDisposition.attachment(fileName: file.fileName), req: req,
            cacheControl: "private, no-store")
    }

    /// One action: the reply and the citizen's question become a published public Q&A entry
    /// (without the citizen's name); the desk lands on it to remove any personal detail left.
    func publishReply(_ req: Request, id: UUID, eventID: UUID) async throws -> Response {
        let user = try req.requireUser()
        do {
            let questionID = try await req.serviceDesk.publishAsQuestion(id, eventID: eventID, by: user, actor: req.auditActor)
            return req.redirect(to: QuestionsRoute.show(questionID).path, flash: Flash(kind: .success, text: EServiceText.publishedAsQuestion))
        } catch ServiceDeskError.denied(let denial) {
            if denial == .hidden { throw PrakatError.notFound() }
            return req.redirect(to: EServiceRoute.request(id).path, flash: Flash(kind: .error, text: denial.thaiMessage))
        } catch ServiceDeskError.notFound {
            throw PrakatError.notFound()
        } catch let error as PrakatError where error.status == .unprocessableEntity {
            return req.redirect(to: EServiceRoute.request(id).path, flash: Flash(kind: .error, text: error.detail ?? error.title))
        }
    }
}
