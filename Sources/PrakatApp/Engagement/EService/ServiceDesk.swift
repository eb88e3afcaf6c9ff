import Fluent
import Foundation
import PrakatCore
import Vapor

/// Why an e-Service step did not happen; pages and the API turn it into Thai messages.
enum ServiceDeskError: Error {
    case invalid(FormErrors)
    case denied(ServiceDeskDenial)
    case upload(UploadRejection)
    case notFound
}

/// What a citizen sent, every field as typed.
struct ServiceSubmission: Sendable {
    var typeID: UUID?
    var subject: String?
    var message: String?
    var name: String?
    var phone: String?
    var email: String?
    var consent: Bool
    /// Answers to the type's extra fields, in the type's order.
    var extra: [String?] = []
    var files: [(fileName: String, data: Data)] = []
}

/// Every write of citizens' requests: one transaction each, with its timeline entry, its audit
/// entry and the notices it causes.
struct ServiceDesk: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let clock: any PrakatClock
    let notifier: Notifier
    let uploadPolicy: UploadPolicy
    let siteVersion: SiteVersion

    static let subjectLimit = 200
    static let messageLimit = 5000
    static let nameLimit = 120
    static let extraLimit = 500
    static let outcomeLimit = 2000
    static let maxFiles = 5
    /// Files a citizen may send: documents and photos, never archives (nobody needs to open one).
    static let fileExtensions: Set<String> = ["pdf", "jpg", "png", "doc", "docx", "xls", "xlsx"]

    // MARK: Checks

    /// A text field by the rule of every engagement form (`TypedText`); one-line fields refuse
    /// line breaks. Nil when empty (with `required`'s message) or refused.
    static func text(
        _ raw: String?, field: String, label: String, limit: Int, multiline: Bool = true, required: String?, into errors: inout FormErrors
    ) -> String? {
        switch TypedText.clean(raw, limit: limit, multiline: multiline) {
        case .success(let value): return value
        case .failure(.empty):
            if let required { errors.add(field, required) }
        case .failure(.tooLong): errors.add(field, EServiceText.tooLong(label, limit))
        case .failure(.controlCharacters): errors.add(field, EServiceText.controlCharacters(label))
        }
        return nil
    }

    static func phoneDigits(_ raw: String) -> String? {
        let allowed = raw.unicodeScalars.allSatisfy { CharacterSet.decimalDigits.contains($0) && $0.isASCII || $0 == "-" || $0 == " " || $0 == "+" }
        let digits = raw.unicodeScalars.filter { $0.isASCII && CharacterSet.decimalDigits.contains($0) }
        guard allowed, (9...12).contains(digits.count) else { return nil }
        return raw
    }

    struct CheckedSubmission: Sendable {
        var type: ServiceType
        var subject: String
        var message: String
        var name: String?
        var phone: String?
        var email: String?
        var extra: [ServiceRequest.ExtraField]
        var files: [(InspectedFile, Data)]
    }

    func check(_ input: ServiceSubmission) async throws -> Result<CheckedSubmission, FormErrors> {
        var errors = FormErrors()
        let type: ServiceType?
        if let id = input.typeID, let found = try await ServiceType.find(id, on: db), found.active { type = found } else { type = nil }
        if type == nil { errors.add("typeId", EServiceText.typeMissing) }
        let subject = Self.text(input.subject, field: "subject", label: "หัวเรื่อง", limit: Self.subjectLimit, multiline: false, required: EServiceText.subjectRequired, into: &errors)
        let message = Self.text(input.message, field: "message", label: "รายละเอียด", limit: Self.messageLimit, required: EServiceText.messageRequired, into: &errors)
        let anonymousAllowed = type?.allowsAnonymous ?? true
        let name = Self.text(
            input.name, field: "name", label: "ชื่อ-สกุล", limit: Self.nameLimit, multiline: false, required: anonymousAllowed ? nil : EServiceText.nameRequired, into: &errors)
        var phone = Self.text(input.phone, field: "phone", label: "หมายเลขโทรศัพท์", limit: 20, multiline: false, required: nil, into: &errors)
        if let given = phone, Self.phoneDigits(given) == nil {
            errors.add("phone", EServiceText.phoneInvalid)
            phone = nil
        }
        var email = Self.text(input.email, field: "email", label: "อีเมล", limit: EmailAddress.maximumLength, multiline: false, required: nil, into: &errors)
        if let given = email {
            do { email = try EmailAddress(given).value } catch { errors.add("email", EServiceText.emailInvalid) }
        }
        if !anonymousAllowed, input.phone?.isEmpty ?? true, input.email?.isEmpty ?? true, errors.messages["phone"] == nil {
            errors.add("phone", EServiceText.contactRequired)
        }
        if !input.consent { errors.add("consent", EServiceText.consentRequired) }
        var extra: [ServiceRequest.ExtraField] = []
        for (index, field) in (type?.fields ?? []).enumerated() {
            let raw = index < input.extra.count ? input.extra[index] : nil
            let value = Self.text(
                raw, field: "field\(index + 1)", label: field.label, limit: Self.extraLimit, multiline: false,
                required: field.required ? EServiceText.fieldRequired(field.label) : nil,
                into: &errors)
            if let value { extra.append(.init(label: field.label, value: value)) }
        }
        var files: [(InspectedFile, Data)] = []
        let sent = input.files.filter { !$0.data.isEmpty }
        if sent.count > Self.maxFiles {
            errors.add("file", EServiceText.tooManyFiles)
        } else {
            var policy = uploadPolicy
            policy.allowedExtensions = Self.fileExtensions
            for file in sent {
                do {
                    files.append((try UploadInspector.inspect(fileName: file.fileName, data: file.data, policy: policy), file.data))
                } catch {
                    errors.add("file", "\(file.fileName): \(error.thaiMessage)")
                    break
                }
            }
        }
        guard errors.isEmpty, let type, let subject, let message else { return .failure(errors) }
        return .success(CheckedSubmission(type: type, subject: subject, message: message, name: name, phone: phone, email: email, extra: extra, files: files))
    }

    // MARK: Citizen

    struct Receipt: Sendable {
        var request: ServiceRequest
        var secret: String
    }

    /// Files a checked request: the next number of the fiscal year, the due time in working
    /// days, the first timeline entry; the desk (or the type's named people) is told.
    func submit(_ checked: CheckedSubmission, channel: ServiceChannel, actor: AuditActor) async throws -> Receipt {
        let secret = ServiceSecret.generate()
        let holidays = try await calendar()
        let typeID = try checked.type.requireID()
        let extraJSON = String(decoding: try JSONEncoder().encode(checked.extra), as: UTF8.self)
        let request = try await writer.write { tx in
            let now = clock.now()
            let year = FiscalYear.containing(now).beYear
            let last = try await ServiceRequest.query(on: tx.db).filter(\.$fiscalYear == year).sort(\.$number, .descending).first()
            let number = (last?.number ?? 0) + 1
            guard let code = TrackingCode(fiscalYear: year, number: number) else { throw PrakatError.badRequest("เลขติดตามเรื่องของปีนี้เต็มแล้ว") }
            let request = ServiceRequest()
            request.id = UUID()
            request.fiscalYear = year
            request.number = number
            request.trackingCode = code.description
            request.typeID = typeID
            request.subject = checked.subject
            request.message = checked.message
            request.extraFieldsJSON = extraJSON
            request.requesterName = checked.name
            request.requesterPhone = checked.phone
            request.requesterEmail = checked.email
            request.consentAt = now
            request.channelRaw = channel.rawValue
            request.secretHash = ServiceSecret.hash(secret)
            request.stateRaw = checked.type.unitID == nil ? ServiceRequestState.received.rawValue : ServiceRequestState.assigned.rawValue
            request.unitID = checked.type.unitID
            request.submittedAt = now
            request.dueAt = holidays.due(after: now, workingDays: checked.type.dueWorkingDays)
            request.updatedAt = now
            try await request.create(on: tx.db)
            let requestID = try request.requireID()
            let event = try await addEvent(.submitted, to: requestID, message: nil, actor: nil, at: now, tx)
            try await store(checked.files, requestID: requestID, eventID: event, now: now, tx)
            try await audit.record(
                AuditEvent(
                    .serviceRequestSubmitted, entityType: "service_request", entityID: requestID.lowercased,
                    details: ["code": code.description, "type": checked.type.slug, "channel": channel.rawValue, "files": String(checked.files.count)]),
                by: actor, in: tx)
            try await tellResponsible(request, type: checked.type, kind: .serviceAssigned, keyPart: "new", tx)
            return request
        }
        return Receipt(request: request, secret: secret)
    }

    /// The request a citizen holds the code and secret of; nil for a wrong secret exactly as for
    /// a code that does not exist (the hash is computed either way).
    func citizenRequest(code: String, secret: String?) async throws -> ServiceRequest? {
        var stored: ServiceRequest?
        if let parsed = TrackingCode(parsing: code.trimmingCharacters(in: .whitespaces)) {
            stored = try await ServiceRequest.query(on: db).filter(\.$trackingCode == parsed.description).first()
        }
        let matches = ServiceSecret.matches(secret, storedHash: stored?.secretHash ?? String(repeating: "0", count: 64))
        return matches ? stored : nil
    }

    func addInformation(to request: ServiceRequest, message raw: String?, files: [(fileName: String, data: Data)], actor: AuditActor) async throws {
        guard request.state.isOpen else { throw ServiceDeskError.denied(.closed) }
        var errors = FormErrors()
        let message = Self.text(raw, field: "message", label: "ข้อความ", limit: Self.messageLimit, required: EServiceText.replyRequired, into: &errors)
        var inspected: [(InspectedFile, Data)] = []
        var policy = uploadPolicy
        policy.allowedExtensions = Self.fileExtensions
        let sent = files.filter { !$0.data.isEmpty }
        if sent.count > Self.maxFiles { errors.add("file", EServiceText.tooManyFiles) }
        for file in sent.prefix(Self.maxFiles) {
            do {
                inspected.append((try UploadInspector.inspect(fileName: file.fileName, data: file.data, policy: policy), file.data))
            } catch {
                errors.add("file", "\(file.fileName): \(error.thaiMessage)")
                break
            }
        }
        guard errors.isEmpty, let message, let requestID = request.id else { throw ServiceDeskError.invalid(errors) }
        let files = inspected
        try await writer.write { tx in
            let now = clock.now()
            let locked = try await locked(requestID, tx)
            guard locked.state.isOpen else { throw ServiceDeskError.denied(.closed) }
            let event = try await addEvent(.citizenInfo, to: requestID, message: message, actor: nil, at: now, tx)
            try await store(files, requestID: requestID, eventID: event, now: now, tx)
            try await move(locked, after: .citizenInfo, now: now, tx)
            try await audit.record(
                AuditEvent(.serviceRequestInfoAdded, entityType: "service_request", entityID: requestID.lowercased, details: ["files": String(files.count)]),
                by: actor, in: tx)
        }
    }

    static let commentLimit = 1000

    /// The citizen's rating of a closed request, once (issue 12 §7).
    func rate(_ request: ServiceRequest, score raw: String?, comment rawComment: String?, actor: AuditActor) async throws {
        guard request.state == .closed else { throw ServiceDeskError.denied(.notClosed) }
        guard request.ratedAt == nil else { throw ServiceDeskError.denied(.closed) }
        var errors = FormErrors()
        let score = ServiceRating.score(raw)
        if score == nil { errors.add("score", EServiceText.scoreInvalid) }
        let comment = Self.text(rawComment, field: "comment", label: "ความคิดเห็น", limit: Self.commentLimit, required: nil, into: &errors)
        guard errors.isEmpty, let score, let requestID = request.id else { throw ServiceDeskError.invalid(errors) }
        try await writer.write { tx in
            let now = clock.now()
            let locked = try await locked(requestID, tx)
            guard locked.state == .closed else { throw ServiceDeskError.denied(.notClosed) }
            guard locked.ratedAt == nil else { throw ServiceDeskError.denied(.closed) }
            locked.ratedAt = now
            try await locked.update(on: tx.db)
            try await addEvent(.rated, to: requestID, message: nil, actor: nil, at: now, tx)
            // Counted with the site's satisfaction survey (issue 12 §7); the comment stays
            // private until a moderator publishes it.
            guard try await SatisfactionService.recordServiceRating(requestID: requestID, score: score, comment: comment, at: now, on: tx.db) else {
                throw ServiceDeskError.denied(.closed)
            }
            try await audit.record(
                AuditEvent(.serviceRequestRated, entityType: "service_request", entityID: requestID.lowercased, details: ["score": String(score)]), by: actor,
                in: tx)
        }
    }

    // MARK: Staff

    func actor(_ user: User) throws -> ServiceDeskActor {
        ServiceDeskActor(userID: try user.requireID(), roles: user.roles, unitID: user.$unit.id)
    }

    func facts(_ request: ServiceRequest, on database: (any Database)? = nil) async throws -> ServiceRequestFacts {
        let database = database ?? db
        let type = try await ServiceType.find(request.typeID, on: database)
        let confidential = type?.confidential ?? true
        let named = confidential ? try await ServiceTypePerson.query(on: database).filter(\.$typeID == request.typeID).all().map(\.userID) : []
        return ServiceRequestFacts(state: request.state, confidential: confidential, namedPeople: Set(named), unitID: request.unitID, assigneeID: request.assigneeID)
    }

    /// The request, when `user` may see it; otherwise not found (a confidential complaint does
    /// not even admit to existing).
    func request(_ id: UUID, for user: User) async throws(ServiceDeskError) -> ServiceRequest {
        do {
            guard let request = try await ServiceRequest.find(id, on: db) else { throw ServiceDeskError.notFound }
            guard ServiceDeskRules.canSee(try actor(user), try await facts(request)) else { throw ServiceDeskError.notFound }
            return request
        } catch let error as ServiceDeskError {
            throw error
        } catch {
            throw .notFound
        }
    }

    /// One step on a request by staff, checked against the rules inside the transaction.
    private func step(
        _ id: UUID, _ action: ServiceDeskAction, by user: User, _ body: @escaping @Sendable (ServiceRequest, Date, WriteTransaction) async throws -> Void
    ) async throws {
        let desk = try actor(user)
        try await writer.write { tx in
            let request = try await locked(id, tx)
            if let denial = ServiceDeskRules.denial(action, by: desk, on: try await facts(request, on: tx.db)) { throw ServiceDeskError.denied(denial) }
            try await body(request, clock.now(), tx)
        }
    }

    struct Assignment: Sendable {
        var unitID: UUID?
        var userID: UUID?
    }

    func assign(_ id: UUID, to assignment: Assignment, by user: User, actor: AuditActor) async throws {
        var errors = FormErrors()
        guard let unitID = assignment.unitID else {
            errors.add("unitId", EServiceText.unitRequired)
            throw ServiceDeskError.invalid(errors)
        }
        guard try await OrgUnit.find(unitID, on: db) != nil else {
            errors.add("unitId", EServiceText.unitUnknown)
            throw ServiceDeskError.invalid(errors)
        }
        var assignee: User?
        if let userID = assignment.userID {
            guard let person = try await User.find(userID, on: db), person.isActive, person.$unit.id == unitID else {
                errors.add("userId", EServiceText.assigneeUnknown)
                throw ServiceDeskError.invalid(errors)
            }
            assignee = person
        }
        let chosen = assignee
        try await step(id, .assign, by: user) { request, now, tx in
            let facts = try await facts(request, on: tx.db)
            if facts.confidential, let chosen, let chosenID = chosen.id, !facts.namedPeople.contains(chosenID) {
                var errors = FormErrors()
                errors.add("userId", EServiceText.assigneeNotNamed)
                throw ServiceDeskError.invalid(errors)
            }
            request.unitID = unitID
            request.assigneeID = chosen?.id
            let requestID = try request.requireID()
            let event = ServiceEvent()
            event.id = UUID()
            event.requestID = requestID
            event.kindRaw = ServiceEventKind.assigned.rawValue
            event.actorID = user.id
            event.unitID = unitID
            event.assigneeID = chosen?.id
            event.at = now
            try await event.create(on: tx.db)
            try await move(request, after: .assigned, now: now, tx)
            try await audit.record(
                AuditEvent(
                    .serviceRequestAssigned, entityType: "service_request", entityID: requestID.lowercased,
                    details: ["unit": unitID.lowercased, "user": chosen?.id?.lowercased ?? ""]),
                by: actor, in: tx)
            if let type = try await ServiceType.find(request.typeID, on: tx.db) {
                try await tellResponsible(request, type: type, kind: .serviceAssigned, keyPart: "assigned:\(event.id?.lowercased ?? "")", tx)
            }
        }
    }

    func reply(_ id: UUID, message raw: String?, isPublic: Bool, by user: User, actor: AuditActor) async throws {
        var errors = FormErrors()
        guard let message = Self.text(raw, field: "message", label: "ข้อความ", limit: Self.messageLimit, required: EServiceText.replyRequired, into: &errors), errors.isEmpty else {
            throw ServiceDeskError.invalid(errors)
        }
        let kind: ServiceEventKind = isPublic ? .publicReply : .internalNote
        try await step(id, isPublic ? .reply : .note, by: user) { request, now, tx in
            let requestID = try request.requireID()
            _ = try await addEvent(kind, to: requestID, message: message, actor: user.id, at: now, tx)
            try await move(request, after: kind, now: now, tx)
            try await audit.record(
                AuditEvent(isPublic ? .serviceRequestReplied : .serviceRequestNoted, entityType: "service_request", entityID: requestID.lowercased),
                by: actor, in: tx)
        }
    }

    func close(_ id: UUID, outcome raw: String?, by user: User, actor: AuditActor) async throws {
        var errors = FormErrors()
        guard let outcome = Self.text(raw, field: "outcome", label: "ผลการดำเนินการ", limit: Self.outcomeLimit, required: EServiceText.outcomeRequired, into: &errors),
            errors.isEmpty
        else { throw ServiceDeskError.invalid(errors) }
        try await step(id, .close, by: user) { request, now, tx in
            let requestID = try request.requireID()
            _ = try await addEvent(.closed, to: requestID, message: outcome, actor: user.id, at: now, tx)
            request.outcome = outcome
            request.closedAt = now
            try await move(request, after: .closed, now: now, tx)
            try await audit.record(
                AuditEvent(.serviceRequestClosed, entityType: "service_request", entityID: requestID.lowercased, details: ["onTime": now <= request.dueAt ? "yes" : "no"]),
                by: actor, in: tx)
        }
    }

    func reopen(_ id: UUID, by user: User, actor: AuditActor) async throws {
        try await step(id, .reopen, by: user) { request, now, tx in
            let requestID = try request.requireID()
            _ = try await addEvent(.reopened, to: requestID, message: nil, actor: user.id, at: now, tx)
            request.closedAt = nil
            request.outcome = nil
            request.overdueNoticedAt = nil
            try await move(request, after: .reopened, now: now, tx)
            try await audit.record(AuditEvent(.serviceRequestReopened, entityType: "service_request", entityID: requestID.lowercased), by: actor, in: tx)
        }
    }

    /// A public reply and the question it answers become a published public Q&A entry (issue 12
    /// §3); the site's version moves so cached pages show it.
    func publishAsQuestion(_ id: UUID, eventID: UUID, by user: User, actor: AuditActor) async throws -> UUID {
        let answeredBy = try user.requireID()
        return try await writer.write { tx in
            let request = try await locked(id, tx)
            if let denial = ServiceDeskRules.denial(.publishAsQuestion, by: try self.actor(user), on: try await facts(request, on: tx.db)) {
                throw ServiceDeskError.denied(denial)
            }
            guard let event = try await ServiceEvent.find(eventID, on: tx.db), event.requestID == id, event.kind == .publicReply, let answer = event.message else {
                throw ServiceDeskError.notFound
            }
            let questionID = try await QuestionService.publishFromServiceReply(
                requestID: id, subject: request.subject, question: request.message, answer: answer, answeredBy: answeredBy, at: clock.now(), on: tx.db)
            event.questionID = questionID
            try await event.update(on: tx.db)
            try await siteVersion.bump(tx, .otherPages)
            try await audit.record(
                AuditEvent(
                    .serviceReplyPublishedAsQuestion, entityType: "service_request", entityID: id.lowercased,
                    details: ["question": questionID.lowercased, "reply": eventID.lowercased]),
                by: actor, in: tx)
            return questionID
        }
    }

    // MARK: Reading

    /// What the staff list shows `user`: every request they may see, newest first, filtered.
    struct ListFilter: Sendable {
        var state: ServiceRequestState?
        var unitID: UUID?
        var typeID: UUID?
        var overdueOnly = false
        var page = 1
        var perPage = 20
    }

    func list(for user: User, _ filter: ListFilter) async throws -> (items: [ServiceRequest], total: Int) {
        let visible = try await ServiceVisibility.of(user, on: db)
        let now = clock.now()
        func query() -> QueryBuilder<ServiceRequest> {
            let base = visible.query(on: db)
            if let state = filter.state { base.filter(\.$stateRaw == state.rawValue) }
            if let unit = filter.unitID { base.filter(\.$unitID == unit) }
            if let type = filter.typeID { base.filter(\.$typeID == type) }
            if filter.overdueOnly { base.filter(\.$stateRaw != ServiceRequestState.closed.rawValue).filter(\.$dueAt < now) }
            return base
        }
        let total = try await query().count()
        let items = try await query().sort(\.$submittedAt, .descending).range(((filter.page - 1) * filter.perPage)..<(filter.page * filter.perPage)).all()
        return (items, total)
    }

    func events(of requestID: UUID, publicOnly: Bool) async throws -> [ServiceEvent] {
        let all = try await ServiceEvent.query(on: db).filter(\.$requestID == requestID).sort(\.$at).all()
        return publicOnly ? all.filter { $0.kind?.isPublic ?? false } : all
    }

    func calendar() async throws -> WorkingDayCalendar {
        WorkingDayCalendar(holidays: Set(try await PublicHoliday.query(on: db).all().compactMap(\.date)))
    }

    // MARK: Pieces

    private func locked(_ id: UUID, _ tx: WriteTransaction) async throws -> ServiceRequest {
        guard let request = try await ServiceRequest.find(id, on: tx.db) else { throw ServiceDeskError.notFound }
        return request
    }

    private func move(_ request: ServiceRequest, after event: ServiceEventKind, now: Date, _ tx: WriteTransaction) async throws {
        request.stateRaw = ServiceDeskRules.state(after: event, from: request.state, hasUnit: request.unitID != nil).rawValue
        request.updatedAt = now
        try await request.update(on: tx.db)
    }

    @discardableResult
    func addEvent(_ kind: ServiceEventKind, to requestID: UUID, message: String?, actor: UUID?, at now: Date, _ tx: WriteTransaction) async throws -> UUID {
        let event = ServiceEvent()
        let id = UUID()
        event.id = id
        event.requestID = requestID
        event.kindRaw = kind.rawValue
        event.message = message
        event.actorID = actor
        event.at = now
        try await event.create(on: tx.db)
        return id
    }

    private func store(_ files: [(InspectedFile, Data)], requestID: UUID, eventID: UUID, now: Date, _ tx: WriteTransaction) async throws {
        for (file, data) in files {
            if try await Blob.find(file.sha256, on: tx.db) == nil {
                try await Blob(sha256: file.sha256, data: data, createdAt: now).create(on: tx.db)
            }
            let stored = ServiceFile()
            stored.id = UUID()
            stored.requestID = requestID
            stored.eventID = eventID
            stored.fileName = file.fileName
            stored.contentType = file.contentType
            stored.size = file.size
            stored.sha256 = file.sha256
            stored.createdAt = now
            try await stored.create(on: tx.db)
        }
    }

    /// Who must act: the assigned person, else the assigned unit's people, else the desk;
    /// for a confidential type only its named people.
    static func responsiblePeople(_ request: ServiceRequest, type: ServiceType, on database: any Database) async throws -> [User] {
        let typeID = try type.requireID()
        if type.confidential {
            let named = try await ServiceTypePerson.query(on: database).filter(\.$typeID == typeID).all().map(\.userID)
            let people = try await User.query(on: database).filter(\.$id ~~ named).filter(\.$isActive == true).all()
            if let assignee = request.assigneeID, let person = people.first(where: { $0.id == assignee }) { return [person] }
            return people
        }
        if let assignee = request.assigneeID, let person = try await User.find(assignee, on: database), person.isActive { return [person] }
        if let unit = request.unitID {
            let people = try await User.query(on: database).filter(\.$unit.$id == unit).filter(\.$isActive == true).all()
            if !people.isEmpty { return people }
        }
        return try await Notifier.people(with: [.serviceDesk], in: database)
    }

    func tellResponsible(_ request: ServiceRequest, type: ServiceType, kind: NotificationKind, keyPart: String, _ tx: WriteTransaction) async throws {
        let recipients = try await Self.responsiblePeople(request, type: type, on: tx.db)
        let requestID = try request.requireID()
        try await notifier.notify(
            recipients,
            about: .init(
                kind: kind, title: EServiceText.noticeTitle(code: request.trackingCode, type: type.nameTh),
                detail: "กำหนดดำเนินการให้แล้วเสร็จ: " + ThaiDateFormat.long(request.dueAt.addingTimeInterval(-1), digits: .arabic, showsTime: false),
                link: EServiceRoute.request(requestID).path, dedupeKey: "\(kind.rawValue):\(requestID.lowercased):\(keyPart)"),
            in: tx)
    }
}

/// Which requests a person may see, as a query (the same rule as `ServiceDeskRules.canSee`).
struct ServiceVisibility: Sendable {
    var userID: UUID
    var unitID: UUID?
    var confidentialNamed: [UUID]
    var ordinary: [UUID]
    var seesAllOrdinary: Bool

    static func of(_ user: User, on db: any Database) async throws -> ServiceVisibility {
        let userID = try user.requireID()
        let types = try await ServiceType.query(on: db).all()
        let named = Set(try await ServiceTypePerson.query(on: db).filter(\.$userID == userID).all().map(\.typeID))
        return ServiceVisibility(
            userID: userID, unitID: user.$unit.id,
            confidentialNamed: types.filter(\.confidential).compactMap(\.id).filter { named.contains($0) },
            ordinary: types.filter { !$0.confidential }.compactMap(\.id),
            seesAllOrdinary: user.hasAny([.serviceDesk, .auditor]))
    }

    func query(on db: any Database) -> QueryBuilder<ServiceRequest> {
        ServiceRequest.query(on: db).group(.or) { any in
            // An id no request has: the OR group is never empty (that would match everything).
            any.filter(\.$id == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
            if !confidentialNamed.isEmpty { any.filter(\.$typeID ~~ confidentialNamed) }
            guard !ordinary.isEmpty else { return }
            if seesAllOrdinary {
                any.filter(\.$typeID ~~ ordinary)
            } else {
                any.group(.and) { own in
                    own.filter(\.$typeID ~~ ordinary)
                    own.group(.or) { mine in
                        mine.filter(\.$assigneeID == userID)
                        if let unitID { mine.filter(\.$unitID == unitID) }
                    }
                }
            }
        }
    }
}

/// The staff shell's counts of citizens' requests that wait for this person.
enum ServiceDeskCounts {
    /// The desk: requests nobody has assigned yet; everyone else: open requests of theirs.
    static func open(for user: User, on db: any Database) async throws -> Int? {
        let visible = try await ServiceVisibility.of(user, on: db)
        let query = visible.query(on: db)
        if user.hasAny([.serviceDesk]) {
            query.filter(\.$stateRaw == ServiceRequestState.received.rawValue)
        } else if user.hasAny([.auditor]) {
            return nil
        } else {
            query.filter(\.$stateRaw != ServiceRequestState.closed.rawValue)
        }
        return try await query.count()
    }

    /// Open requests the reminder job found past their due time.
    static func overdue(for user: User, on db: any Database) async throws -> Int? {
        try await ServiceVisibility.of(user, on: db).query(on: db)
            .filter(\.$stateRaw != ServiceRequestState.closed.rawValue).filter(\.$overdueNoticedAt != nil).count()
    }
}

extension Request {
    var serviceDesk: ServiceDesk {
        ServiceDesk(
            db: db, writer: writer, audit: audit, clock: clock, notifier: application.notifier,
            uploadPolicy: UploadPolicy(maxBytes: application.prakat.maxUploadBytes), siteVersion: application.siteVersion)
    }
}

extension Application {
    var serviceDesk: ServiceDesk {
        ServiceDesk(
            db: db, writer: writer, audit: audit, clock: clock, notifier: notifier,
            uploadPolicy: UploadPolicy(maxBytes: prakat.maxUploadBytes), siteVersion: siteVersion)
    }
}
