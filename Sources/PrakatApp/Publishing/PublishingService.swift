import Fluent
import Foundation
import PrakatCore
import Vapor

/// Why a publishing operation did not happen. Routes turn it into a Thai page or problem details.
enum PublishingError: Error {
    case denied(WorkflowDenial)
    /// The form was based on an older version of the request (optimistic locking).
    case staleVersion
    case notFound
    case invalid(FormErrors)
    case upload(UploadRejection)
}

/// What a person typed into the request form (or the API sent), parsed but not yet checked
/// against the category's rules.
struct RequestInput: Sendable {
    var categoryID: UUID?
    var title: String
    var details: String
    var externalLinks: [String]
    var note: String?
    var sourceName: String?
    var sourceDate: CalendarDate?
    var publishAt: Date?
    var expireAt: Date?
    var urgent: Bool
    var checklistItemIDs: [UUID]
    /// Set when another feature makes the request (`PublicationRequest.originKey`); the database
    /// refuses a second request with the same origin.
    var originKey: String? = nil
    /// The requester's phone (optional; a Thai number when given) and the e-saraban number (optional, free text).
    var requesterPhone: String? = nil
    var esarabanNumber: String? = nil
}

/// The publishing workflow of seed 1: every state change happens here, inside one write
/// transaction with its history row and audit entry.
struct PublishingService: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let clock: any PrakatClock
    let config: PrakatConfiguration
    let siteVersion: SiteVersion
    let notifier: Notifier
    /// Makes the smaller copies of photos when they are attached.
    let thumbnailer: Thumbnailer

    static let maxAttachments = 20

    // MARK: Categories

    /// Saves a category the webmaster edited (or created) with its audit entry; public pages
    /// that list categories change with it, so the site version moves in the same transaction.
    func save(_ category: SiteCategory, isNew: Bool, reviewIntervalDays: Int?, actor: AuditActor) async throws {
        try await writer.write { tx in
            try await category.save(on: tx.db)
            if let id = category.id { try await CurrencyCategoryInterval.set(reviewIntervalDays, for: id, on: tx.db) }
            try await siteVersion.bump(tx, .frame)
            try await audit.record(
                AuditEvent(
                    isNew ? .categoryCreated : .categoryUpdated, entityType: "category", entityID: category.id?.lowercased,
                    details: [
                        "slug": category.slug, "nameTh": category.nameTh, "expiredPolicy": category.expiredPolicyRaw,
                        "requiresExpiry": String(category.requiresExpiry), "defaultDays": category.defaultDays.map(String.init) ?? "",
                        "reviewIntervalDays": reviewIntervalDays.map(String.init) ?? ""
                    ]),
                by: actor, in: tx)
        }
    }

    // MARK: Reading

    func request(_ id: UUID) async throws -> PublicationRequest? {
        try await PublicationRequest.query(on: db).filter(\.$id == id).with(\.$unit).with(\.$author).with(\.$category).first()
    }

    /// Who may look at a request: its author, the head of its unit, and (once it has left the
    /// author's desk) uploaders, webmasters and auditors (the API contract, "participants, webmasters, auditors").
    static func canView(_ request: PublicationRequest, user: User, unitHeadID: UUID?) -> Bool {
        if request.$author.id == user.id { return true }
        if request.state == .draft { return false }
        if user.has(.unitHead), user.id == unitHeadID { return true }
        if user.id == request.approverID || user.id == request.publisherID { return true }
        return user.hasAny([.uploader, .webmaster, .auditor, .agencyHead])
    }

    func facts(_ request: PublicationRequest, unitHeadID: UUID?, permission: AgencyHeadPermission = .off) -> RequestFacts {
        RequestFacts(
            state: request.state, authorID: request.$author.id, unitID: request.$unit.id, unitHeadID: unitHeadID,
            urgent: request.urgent, isApproved: request.approvedAt != nil, permissionRequired: permission.required,
            permissionDelegateID: permission.delegateID)
    }

    static func actor(_ user: User) throws -> WorkflowActor {
        WorkflowActor(id: try user.requireID(), roles: user.roles, unitID: user.$unit.id)
    }

    // MARK: Validation

    /// Checks a request's content against the form's rules and its category's (the table of categories).
    func validate(_ input: RequestInput, category: SiteCategory?, errors: inout FormErrors) {
        if input.categoryID == nil {
            errors.add("categoryId", PublishingText.categoryRequired)
        } else if category == nil {
            errors.add("categoryId", PublishingText.categoryUnknown)
        }
        for violation in TitleRule(maxGraphemes: config.titleMaxGraphemes).violations(input.title) {
            errors.add("title", violation.message)
        }
        let details = input.details.trimmingCharacters(in: .whitespacesAndNewlines)
        if details.isEmpty { errors.add("details", PublishingText.detailsRequired) }
        if details.count > 20_000 { errors.add("details", PublishingText.detailsTooLong) }
        if (input.note ?? "").count > 2_000 { errors.add("note", PublishingText.noteTooLong) }
        if let phone = input.requesterPhone?.trimmingCharacters(in: .whitespaces), !phone.isEmpty, ThaiPhone.validated(phone) == nil {
            errors.add("requesterPhone", PublishingText.phoneInvalid)
        }
        if let number = input.esarabanNumber {
            switch TypedText.clean(number, limit: PublishingText.esarabanMax, multiline: false) {
            case .success, .failure(.empty): break
            case .failure(.tooLong): errors.add("esarabanNumber", PublishingText.esarabanTooLong)
            case .failure(.controlCharacters): errors.add("esarabanNumber", PublishingText.esarabanInvalid)
            }
        }
        if input.externalLinks.count > 20 { errors.add("externalLinks", PublishingText.tooManyLinks) }
        for link in input.externalLinks where !ExternalLink.isValid(link) {
            errors.add("externalLinks", PublishingText.linkInvalid(String(link.prefix(200))))
        }
        if let category {
            if category.requiresSource, (input.sourceName ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                errors.add("sourceName", PublishingText.sourceRequired)
            }
            if category.requiresSourceDate, input.sourceDate == nil { errors.add("sourceDate", PublishingText.sourceDateRequired) }
            let start = input.publishAt ?? clock.now()
            let end = category.periodRule.resolvedEnd(start: start, requested: input.expireAt)
            for violation in category.periodRule.violations(start: start, end: end, now: clock.now()) {
                errors.add("expireAt", violation.message)
            }
        }
    }

    private func apply(_ input: RequestInput, to request: PublicationRequest, category: SiteCategory) {
        request.$category.id = category.id!
        request.title = Self.clean(input.title)
        request.details = input.details.trimmingCharacters(in: .whitespacesAndNewlines)
        request.externalLinks = input.externalLinks.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
        request.note = input.note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        request.sourceName = input.sourceName.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        request.sourceDate = input.sourceDate?.iso
        request.publishAt = input.publishAt
        request.expireAt = input.expireAt
        request.urgent = input.urgent
        request.requesterPhone = input.requesterPhone.flatMap(ThaiPhone.validated)
        request.esarabanNumber = input.esarabanNumber.flatMap { try? TypedText.clean($0, limit: PublishingText.esarabanMax, multiline: false).get() }
        deriveFiscalPeriod(request)
    }

    /// Fiscal year and quarter of the evidence: from the publication date once known, else the request date.
    private func deriveFiscalPeriod(_ request: PublicationRequest) {
        let date =
            (request.publishedAt ?? request.publishAt).map(CalendarDate.bangkok(containing:))
            ?? CalendarDate(iso: request.requestDate) ?? CalendarDate.bangkok(containing: clock.now())
        let quarter = FiscalQuarter.containing(date)
        request.fiscalYear = quarter.fiscalYear.beYear
        request.fiscalQuarter = quarter.number
    }

    /// Titles keep one explicit line break at most (checked before); other whitespace is tidied.
    static func clean(_ title: String) -> String {
        title.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{200B}\u{FEFF}")))
            .replacingOccurrences(of: "\r\n", with: "\n")
    }

    // MARK: Create and edit

    func create(_ input: RequestInput, by user: User, actor: AuditActor) async throws -> PublicationRequest {
        let category = try await input.categoryID.asyncMap { try await SiteCategory.find($0, on: db) } ?? nil
        var errors = FormErrors()
        guard let unitID = user.$unit.id, user.has(.staff) else { throw PublishingError.denied(.notPermitted(.create)) }
        validate(input, category: category, errors: &errors)
        let checklist = try await checklistItems(input.checklistItemIDs, publishAt: input.publishAt, requestDate: nil, errors: &errors)
        guard errors.isEmpty, let category else { throw PublishingError.invalid(errors) }
        let now = clock.now()
        return try await writer.write { tx in
            let request = PublicationRequest()
            request.id = UUID()
            request.$unit.id = unitID
            request.$author.id = try user.requireID()
            request.revision = 1
            request.requestDate = CalendarDate.bangkok(containing: now).iso
            request.state = .draft
            request.version = 1
            request.providerName = user.displayName
            request.providerPosition = user.position
            request.createdAt = now
            request.updatedAt = now
            apply(input, to: request, category: category)
            request.originKey = input.originKey
            try await request.create(on: tx.db)
            try await replaceChecklist(request.requireID(), checklist, tx)
            try await record(.create, request, from: .draft, reason: nil, actor: actor, tx)
            return request
        }
    }

    func update(_ id: UUID, expectedVersion: Int?, input: RequestInput, by user: User, actor: AuditActor) async throws -> PublicationRequest {
        let category = try await input.categoryID.asyncMap { try await SiteCategory.find($0, on: db) } ?? nil
        var errors = FormErrors()
        validate(input, category: category, errors: &errors)
        let existing = try await PublicationRequest.find(id, on: db)
        let checklist = try await checklistItems(
            input.checklistItemIDs, publishAt: input.publishAt, requestDate: existing.flatMap { CalendarDate(iso: $0.requestDate) }, errors: &errors)
        guard errors.isEmpty, let category else { throw PublishingError.invalid(errors) }
        let workflowActor = try Self.actor(user)
        return try await writer.write { tx in
            let request = try await lockedRequest(id, expectedVersion: expectedVersion, tx)
            let head = try await unitHead(request, tx)
            if let denial = RequestWorkflow.denial(.edit, by: workflowActor, on: facts(request, unitHeadID: head)) { throw PublishingError.denied(denial) }
            apply(input, to: request, category: category)
            request.version += 1
            request.updatedAt = clock.now()
            try await request.update(on: tx.db)
            try await replaceChecklist(id, checklist, tx)
            try await record(.edit, request, from: request.state, reason: nil, actor: actor, tx)
            return request
        }
    }

    /// The checklist items a request names, each of the request's own fiscal year: evidence for
    /// FY2570 is published in FY2570 (a webmaster tags an evergreen item for a new year on the item).
    private func checklistItems(_ ids: [UUID], publishAt: Date?, requestDate: CalendarDate?, errors: inout FormErrors) async throws -> [UUID] {
        guard !ids.isEmpty else { return [] }
        let unique = Array(Set(ids))
        let found = try await ChecklistItem.query(on: db).filter(\.$id ~~ unique).all()
        if found.count != unique.count { errors.add("checklist", PublishingText.checklistUnknown) }
        let year = FiscalYear.containing(publishAt.map(CalendarDate.bangkok(containing:)) ?? requestDate ?? CalendarDate.bangkok(containing: clock.now()))
        for item in found.sorted(by: { $0.position < $1.position }) {
            if let itemYear = item.fiscalYear, itemYear != year.beYear {
                errors.add("checklist", ComplianceText.otherYearItem(item.code, itemYear: itemYear, requestYear: year.beYear))
            }
        }
        return found.compactMap(\.id)
    }

    private func replaceChecklist(_ requestID: UUID, _ itemIDs: [UUID], _ tx: WriteTransaction) async throws {
        try await RequestChecklistTag.query(on: tx.db).filter(\.$requestID == requestID).delete()
        for itemID in itemIDs {
            try await RequestChecklistTag(requestID: requestID, checklistItemID: itemID).create(on: tx.db)
        }
    }

    // MARK: Transitions

    struct PublishOptions: Sendable {
        var publishAt: Date?
        var expireAt: Date?
    }

    /// Takes one step of the workflow for a person. `expectedVersion` is the version their page
    /// showed; nil (API) means "whatever it is now", and the state check still stops a second approval.
    func perform(
        _ action: RequestAction, on id: UUID, expectedVersion: Int?, reason: String?, options: PublishOptions = .init(),
        by user: User, actor: AuditActor
    ) async throws -> PublicationRequest {
        let workflowActor = try Self.actor(user)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if action.requiresReason, reason == nil { throw PublishingError.denied(.reasonRequired) }
        let result = try await writer.write { tx -> PublicationRequest in
            let request = try await lockedRequest(id, expectedVersion: expectedVersion, tx)
            let head = try await unitHead(request, tx)
            let facts = facts(request, unitHeadID: head, permission: try await AgencyHeadPermission.current(on: tx.db))
            if let denial = RequestWorkflow.denial(action, by: workflowActor, on: facts) { throw PublishingError.denied(denial) }
            let from = request.state
            let now = clock.now()
            // seed 1 §2.8: an urgent item whose approval deadline has passed is already down for the
            // public; deciding on it late must not bring it back, whether or not the expiry job has
            // recorded the lapse yet (it answers the same as after the job).
            if from == .published, action == .approve || action == .reject, let publicationID = request.publicationID,
                let publication = try await Publication.find(publicationID, on: tx.db), publication.currentRequestID == request.id,
                publication.window.status(at: now) == .urgentLapsed
            {
                throw PublishingError.denied(.wrongState(.withdrawn, action))
            }
            switch action {
            case .submit:
                let approver = try await User.find(head, on: tx.db)
                request.approverID = head
                request.approverName = approver?.displayName
                request.approverPosition = approver?.position
                request.submittedAt = now
                request.stateReason = nil
                // The form's provider block is whoever submits, as they are titled on that day.
                request.providerName = user.displayName
                request.providerPosition = user.position
            case .approve:
                request.approverID = try user.requireID()
                request.approverName = user.displayName
                request.approverPosition = user.position
                request.approvedAt = now
                if from == .published, let publicationID = request.publicationID,
                    let publication = try await Publication.find(publicationID, on: tx.db), publication.currentRequestID == request.id
                {
                    // An urgent item approved after the fact stays up for its whole period.
                    publication.urgentDeadline = nil
                    publication.updatedAt = now
                    try await publication.update(on: tx.db)
                    try await siteVersion.bump(tx, .publication(number: publication.number, categories: [publication.categoryID]))
                }
            case .returnToAuthor:
                request.stateReason = reason
            case .reject:
                request.stateReason = reason
                if from == .published { try await takeDown(request, at: now, reason: reason, tx) }
            case .publish:
                try await publish(request, by: user, options: options, at: now, tx)
            case .withdraw:
                request.stateReason = reason
                try await takeDown(request, at: now, reason: reason, tx)
            case .permit, .refuse:
                // The head of agency's block, printed on the memo as signed in the system.
                request.permitterID = try user.requireID()
                request.permitterName = user.displayName
                request.permitterPosition = user.position
                request.permittedAt = now
                request.stateReason = action == .refuse ? reason : nil
            default:
                throw PublishingError.denied(.notPermitted(action))
            }
            request.state = RequestWorkflow.target(of: action, from: facts)
            request.version += 1
            request.updatedAt = now
            try await request.update(on: tx.db)
            try await record(action, request, from: from, reason: reason, actor: actor, tx)
            try await notifyAfter(action, request, from: from, unitHeadID: head, reason: reason, tx)
            return request
        }
        return result
    }

    /// Who must act next hears of it: the head when a request is submitted, the author when it
    /// comes back, the webmasters when it is approved and waits to be published.
    private func notifyAfter(
        _ action: RequestAction, _ request: PublicationRequest, from: RequestState, unitHeadID: UUID?, reason: String?, _ tx: WriteTransaction
    )
        async throws
    {
        let id = try request.requireID()
        let link = PublishingRoute.request(id).path
        let step = "\(id.lowercased):\(request.version)"
        switch action {
        case .submit:
            guard let unitHeadID, let head = try await User.find(unitHeadID, on: tx.db) else { return }
            try await notifier.notify(
                [head], about: .init(kind: .approvalWaiting, title: request.title, link: link, dedupeKey: "approval:\(step)"), in: tx)
        case .returnToAuthor:
            guard let author = try await User.find(request.$author.id, on: tx.db) else { return }
            try await notifier.notify(
                [author], about: .init(kind: .returnedToAuthor, title: request.title, detail: reason.map { "เหตุผล: \($0)" }, link: link, dedupeKey: "returned:\(step)"),
                in: tx)
        case .approve where request.state == .awaitingPermission:
            let permission = try await AgencyHeadPermission.current(on: tx.db)
            let heads = try await Notifier.people(with: RequestAction.permit.permittedRoles, in: tx.db)
                .filter { person in permission.delegateID.map { $0 == person.id } ?? true }
            try await notifier.notify(heads, about: .init(kind: .approvalWaiting, title: request.title, link: link, dedupeKey: "permission:\(step)"), in: tx)
        case .approve where request.state == .approved, .permit:
            let publishers = try await Notifier.people(with: RequestAction.publish.permittedRoles, in: tx.db)
            try await notifier.notify(publishers, about: .init(kind: .approvedToPublish, title: request.title, link: link, dedupeKey: "approved:\(step)"), in: tx)
        default:
            return
        }
    }

    /// Publishes (now or at `publishAt`) a request: its first version creates the public item with
    /// a new stable number; a revision replaces the item's content and keeps its number and URL.
    private func publish(_ request: PublicationRequest, by user: User, options: PublishOptions, at now: Date, _ tx: WriteTransaction) async throws {
        guard let category = try await SiteCategory.find(request.$category.id, on: tx.db) else { throw PublishingError.notFound }
        let requestedStart = options.publishAt ?? request.publishAt
        let start = max(requestedStart ?? now, now)
        let end = category.periodRule.resolvedEnd(start: start, requested: options.expireAt ?? request.expireAt)
        let violations = category.periodRule.violations(start: start, end: end, now: now)
        if !violations.isEmpty {
            var errors = FormErrors()
            for violation in violations { errors.add("expireAt", violation.message) }
            throw PublishingError.invalid(errors)
        }
        request.publisherID = try user.requireID()
        request.publisherName = user.displayName
        request.publisherPosition = user.position
        request.publishedAt = now
        request.publishAt = start
        request.expireAt = end
        deriveFiscalPeriod(request)

        let attachments = try await Attachment.query(on: tx.db).filter(\.$requestID == request.requireID()).all()
        let fileNames = attachments.map(\.fileName) + attachments.flatMap { $0.archiveEntries.split(separator: "\n").map(String.init) }
        let publication: Publication
        if let existingID = request.publicationID, let existing = try await Publication.find(existingID, on: tx.db) {
            publication = existing
            // A revision changes the content now; the item keeps its first publication date.
            publication.expireAt = end
        } else {
            publication = Publication()
            publication.id = UUID()
            let last = try await Publication.query(on: tx.db).sort(\.$number, .descending).first()
            publication.number = (last?.number ?? 0) + 1
            publication.firstPublishedAt = start
            publication.publishAt = start
            publication.expireAt = end
            request.publicationID = publication.id
        }
        // A revision may move the item: the listing it leaves changes too.
        let previousCategory = publication.$categoryID.value
        publication.categoryID = request.$category.id
        publication.unitID = request.$unit.id
        publication.currentRequestID = try request.requireID()
        publication.title = request.title
        publication.body = request.details
        publication.excerpt = Markdown.storedExcerpt(request.details)
        publication.externalLinks = request.externalLinks
        publication.sourceName = request.sourceName
        publication.sourceDate = request.sourceDate
        publication.withdrawnAt = nil
        publication.withdrawReason = nil
        publication.takedownRecordedAt = nil
        // seed 1 §2.8: urgent and not yet approved → must be approved within the configured time.
        publication.urgentDeadline =
            request.approvedAt == nil && request.urgent
            ? start.addingTimeInterval(Double(config.urgentApprovalHours) * 3600) : nil
        publication.updatedAt = now
        publication.searchTitle = PublicationSearch.normalise(request.title)
        publication.searchBody = PublicationSearch.normalise(Markdown.plainText(request.details) + " " + (request.sourceName ?? ""))
        publication.searchFiles = PublicationSearch.normalise(fileNames.joined(separator: " "))
        try await publication.save(on: tx.db)
        try await ChecklistService.carryRequestTags(requestID: request.requireID(), publicationID: publication.requireID(), at: now, on: tx.db)
        try await siteVersion.bump(tx, .publication(number: publication.number, categories: [publication.categoryID] + [previousCategory].compactMap { $0 }))
    }

    private func takeDown(_ request: PublicationRequest, at now: Date, reason: String?, _ tx: WriteTransaction) async throws {
        guard let publicationID = request.publicationID, let publication = try await Publication.find(publicationID, on: tx.db) else { return }
        publication.withdrawnAt = now
        publication.withdrawReason = reason
        publication.takedownRecordedAt = now
        publication.updatedAt = now
        try await publication.update(on: tx.db)
        try await siteVersion.bump(tx, .publication(number: publication.number, categories: [publication.categoryID]))
    }

    /// Starts a new revision of a published item: a draft copy of its current content and files,
    /// which goes through approval again (issue 3 §2).
    func revise(publicationID: UUID, by user: User, actor: AuditActor) async throws -> PublicationRequest {
        let workflowActor = try Self.actor(user)
        return try await writer.write { tx in
            guard let publication = try await Publication.find(publicationID, on: tx.db),
                let current = try await PublicationRequest.find(publication.currentRequestID, on: tx.db)
            else { throw PublishingError.notFound }
            let head = try await unitHead(current, tx)
            if let denial = RequestWorkflow.denial(.revise, by: workflowActor, on: facts(current, unitHeadID: head)) { throw PublishingError.denied(denial) }
            if let open = try await PublicationRequest.query(on: tx.db).filter(\.$publicationID == publicationID)
                .filter(\.$stateRaw ~~ [RequestState.draft, .submitted, .returned, .approved].map(\.rawValue)).first()
            {
                return open
            }
            let now = clock.now()
            let revisions = try await PublicationRequest.query(on: tx.db).filter(\.$publicationID == publicationID).count()
            let draft = PublicationRequest()
            draft.id = UUID()
            draft.$unit.id = current.$unit.id
            draft.$author.id = try user.requireID()
            draft.$category.id = current.$category.id
            draft.publicationID = publicationID
            draft.revision = revisions + 1
            draft.requestDate = CalendarDate.bangkok(containing: now).iso
            draft.title = current.title
            draft.details = current.details
            draft.externalLinks = current.externalLinks
            draft.note = nil
            draft.sourceName = current.sourceName
            draft.sourceDate = current.sourceDate
            draft.publishAt = nil
            draft.expireAt = publication.expireAt
            draft.urgent = false
            draft.state = .draft
            draft.version = 1
            draft.providerName = user.displayName
            draft.providerPosition = user.position
            draft.createdAt = now
            draft.updatedAt = now
            deriveFiscalPeriod(draft)
            try await draft.create(on: tx.db)
            for (index, file) in try await Attachment.query(on: tx.db).filter(\.$requestID == current.requireID()).sort(\.$position).all().enumerated() {
                let copy = Attachment()
                copy.id = UUID()
                copy.requestID = draft.id!
                copy.fileName = file.fileName
                copy.kind = file.kind
                copy.contentType = file.contentType
                copy.size = file.size
                copy.sha256 = file.sha256
                copy.archiveEntries = file.archiveEntries
                copy.altText = file.altText
                copy.credit = file.credit
                copy.width = file.width
                copy.height = file.height
                copy.position = index
                copy.createdAt = now
                try await copy.create(on: tx.db)
            }
            let tags = try await RequestChecklistTag.query(on: tx.db).filter(\.$requestID == current.requireID()).all()
            try await replaceChecklist(draft.requireID(), tags.map(\.checklistItemID), tx)
            try await record(.revise, draft, from: .draft, reason: nil, actor: actor, tx)
            return draft
        }
    }

    /// Withdraws a published item by its public id (the API contract `POST /publications/{id}/withdraw`).
    func withdraw(publicationID: UUID, reason: String?, by user: User, actor: AuditActor) async throws -> PublicationRequest {
        guard let publication = try await Publication.find(publicationID, on: db) else { throw PublishingError.notFound }
        return try await perform(.withdraw, on: publication.currentRequestID, expectedVersion: nil, reason: reason, by: user, actor: actor)
    }

    // MARK: Helpers

    /// Reads the request inside the write transaction (writers are serialised, so nobody changes
    /// it under us) and refuses a form made from an older version.
    func lockedRequest(_ id: UUID, expectedVersion: Int?, _ tx: WriteTransaction) async throws -> PublicationRequest {
        guard let request = try await PublicationRequest.find(id, on: tx.db) else { throw PublishingError.notFound }
        if let expectedVersion, expectedVersion != request.version { throw PublishingError.staleVersion }
        return request
    }

    func unitHead(_ request: PublicationRequest, _ tx: WriteTransaction) async throws -> UUID? {
        try await OrgUnit.find(request.$unit.id, on: tx.db)?.headUserID
    }

    /// The request's history row and the audit entry, in the same transaction as the change.
    func record(_ action: RequestAction, _ request: PublicationRequest, from: RequestState, reason: String?, actor: AuditActor, _ tx: WriteTransaction) async throws {
        let event = RequestEvent()
        event.id = UUID()
        event.requestID = try request.requireID()
        event.action = action.rawValue
        event.actorID = actor.userID
        event.actorName = actor.name
        event.address = actor.address
        event.at = clock.now()
        event.reason = reason
        event.fromState = from.rawValue
        event.toState = request.state.rawValue
        try await event.create(on: tx.db)
        var details = ["from": from.rawValue, "to": request.state.rawValue, "title": request.title, "version": String(request.version)]
        if let publicationID = request.publicationID { details["publication"] = publicationID.uuidString.lowercased() }
        try await audit.record(
            AuditEvent(
                AuditAction(action), entityType: "publication_request",
                entityID: request.id?.uuidString.lowercased(), reason: reason, details: details), by: actor, in: tx)
    }
}

/// Links in a request: absolute http(s) URLs with a host and nothing a browser would reinterpret.
enum ExternalLink {
    static func isValid(_ raw: String) -> Bool {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= 2_000, text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }),
            let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}

extension Request {
    var publishing: PublishingService {
        PublishingService(
            db: db, writer: writer, audit: audit, clock: clock, config: application.prakat, siteVersion: application.siteVersion, notifier: application.notifier,
            thumbnailer: application.thumbnailer)
    }
}

extension Application {
    var publishing: PublishingService {
        PublishingService(
            db: db, writer: writer, audit: audit, clock: clock, config: prakat, siteVersion: siteVersion, notifier: notifier, thumbnailer: thumbnailer)
    }
}
