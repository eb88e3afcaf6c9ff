import Fluent
import Foundation
import PrakatCore
import Vapor

/// Every write of checklists, their items and the evidence tags of publications, each with its
/// audit entry in the same transaction; and the status reads the dashboard, the public ITA page,
/// the exports and the API share.
struct ChecklistService: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let clock: any PrakatClock

    // MARK: Reads

    func all() async throws -> [Checklist] {
        try await Checklist.query(on: db).sort(\.$fiscalYear, .descending).sort(\.$framework).all()
    }

    func checklist(_ id: UUID) async throws -> Checklist {
        guard let checklist = try await Checklist.find(id, on: db) else { throw PrakatError.notFound() }
        return checklist
    }

    func checklist(framework: String, fiscalYear: Int) async throws -> Checklist {
        guard ChecklistText.isValidFramework(framework), ChecklistText.fiscalYears.contains(fiscalYear),
            let checklist = try await Checklist.query(on: db).filter(\.$framework == framework).filter(\.$fiscalYear == fiscalYear).first()
        else { throw PrakatError.notFound() }
        return checklist
    }

    func items(of checklist: Checklist) async throws -> [ChecklistItem] {
        try await ChecklistItem.query(on: db).filter(\.$checklistID == checklist.requireID()).sort(\.$position).all()
    }

    func item(_ id: UUID, in checklist: Checklist) async throws -> ChecklistItem {
        guard let item = try await ChecklistItem.find(id, on: db), item.checklistID == checklist.id else { throw PrakatError.notFound() }
        return item
    }

    /// Item counts per checklist, for lists.
    func itemCounts() async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        for item in try await ChecklistItem.query(on: db).field(\.$checklistID).all() {
            if let id = item.checklistID { counts[id, default: 0] += 1 }
        }
        return counts
    }

    /// The status of every item of `checklist` today. Evidence lists only what the public can open
    /// now when `publicOnly`; the status itself always counts every publication that served its
    /// window (an item that ended on schedule still served it), never a withdrawn one.
    func status(of checklist: Checklist, publicOnly: Bool) async throws -> ChecklistStatusReport {
        try await Self.status(of: checklist, publicOnly: publicOnly, now: clock.now(), on: db)
    }

    static func status(of checklist: Checklist, publicOnly: Bool, now: Date, on db: any Database) async throws -> ChecklistStatusReport {
        let today = CalendarDate.bangkok(containing: now)
        let items = try await ChecklistItem.query(on: db).filter(\.$checklistID == checklist.requireID()).sort(\.$position).all()
        let itemIDs = items.compactMap(\.id)
        let tags = itemIDs.isEmpty ? [] : try await PublicationChecklistTag.query(on: db).filter(\.$checklistItemID ~~ itemIDs).all()
        let publicationIDs = Set(tags.map(\.publicationID))
        let publications = publicationIDs.isEmpty ? [] : try await Publication.query(on: db).filter(\.$id ~~ publicationIDs).all()
        var byID: [UUID: Publication] = [:]
        for publication in publications { if let id = publication.id { byID[id] = publication } }
        let unitIDs = Set(items.compactMap(\.unitID))
        let units = unitIDs.isEmpty ? [] : try await OrgUnit.query(on: db).filter(\.$id ~~ unitIDs).all()
        var unitNames: [UUID: String] = [:]
        for unit in units { if let id = unit.id { unitNames[id] = unit.nameTh } }

        var rows: [ChecklistStatusReport.Row] = []
        for item in items {
            let served = tags.filter { $0.checklistItemID == item.id }.compactMap { byID[$0.publicationID] }
                .filter { $0.withdrawnAt == nil && $0.publishAt <= now }
                .sorted { $0.publishAt > $1.publishAt }
            let facts = served.map {
                ChecklistEvidenceFact(publishedOn: CalendarDate.bangkok(containing: $0.publishAt), isPublicNow: $0.window.isPublic(at: now))
            }
            let evaluation = ChecklistStatusRule.evaluate(item.checklistPeriod, in: checklist.fiscal, dueDates: item.dueDates, evidence: facts, today: today)
            let evidence = served.filter { !publicOnly || $0.window.isPublic(at: now) }.map {
                ChecklistStatusReport.Evidence(
                    number: $0.number, title: $0.title, path: PublicRoute.item($0.number).path, publishedAt: $0.publishAt,
                    isPublicNow: $0.window.isPublic(at: now))
            }
            rows.append(
                ChecklistStatusReport.Row(
                    item: item, status: evaluation.status, dueAt: evaluation.dueAt, evaluation: evaluation, evidence: evidence,
                    unitName: item.unitID.flatMap { unitNames[$0] }))
        }
        return ChecklistStatusReport(checklist: checklist, today: today, rows: rows)
    }

    // MARK: Import, copy, edit

    /// Stores an imported checklist. Units named in the file must exist (by code or Thai name).
    func importChecklist(_ draft: ChecklistDraft, actor: AuditActor) async throws -> Checklist {
        let units = try await unitIndex()
        var problems: [Problem.FieldError] = []
        var unitIDs: [UUID?] = []
        for (index, item) in draft.items.enumerated() {
            guard let name = item.unit else { unitIDs.append(nil); continue }
            if let id = units[name.lowercased()] {
                unitIDs.append(id)
            } else {
                unitIDs.append(nil)
                problems.append(.init(field: "unit", message: "แถวที่ \(index + 1) " + ComplianceText.unknownUnit(name)))
            }
        }
        guard problems.isEmpty else { throw PrakatError.validation(problems) }
        let now = clock.now()
        let resolvedUnits = unitIDs
        return try await writer.write { tx in
            if try await Checklist.query(on: tx.db).filter(\.$framework == draft.framework).filter(\.$fiscalYear == draft.fiscalYear).first() != nil {
                throw ComplianceError.checklistExists(draft.framework, draft.fiscalYear)
            }
            let checklist = Checklist(
                framework: draft.framework, fiscalYear: draft.fiscalYear, title: ComplianceText.checklistTitle(draft.framework, draft.fiscalYear),
                createdAt: now)
            try await checklist.create(on: tx.db)
            for (index, draftItem) in draft.items.enumerated() {
                try await Self.newItem(draftItem, unitID: resolvedUnits[index], in: checklist, position: index).create(on: tx.db)
            }
            try await audit.record(
                AuditEvent(
                    .checklistImported, entityType: "checklist", entityID: checklist.id?.lowercased,
                    details: ["framework": draft.framework, "fiscalYear": String(draft.fiscalYear), "items": String(draft.items.count)]),
                by: actor, in: tx)
            return checklist
        }
    }

    /// Copies a checklist to another year, renumbering codes by `renumber` (old → new). Due
    /// dates move by the difference in years; evidence stays with the old year.
    func copy(_ source: Checklist, to fiscalYear: Int, renumber: [String: String], actor: AuditActor) async throws -> Checklist {
        guard ChecklistText.fiscalYears.contains(fiscalYear) else {
            throw PrakatError.validation([.init(field: "fiscalYear", message: ComplianceText.yearOutOfRange)])
        }
        let items = try await items(of: source)
        let codes: [String]
        switch ChecklistRenumbering.apply(renumber, to: items.map(\.code)) {
        case .success(let renumbered): codes = renumbered
        case .failure(let failure): throw PrakatError.validation(failure.problems.map { .init(field: $0.field, message: $0.message) })
        }
        let shift = fiscalYear - source.fiscalYear
        let now = clock.now()
        return try await writer.write { tx in
            if try await Checklist.query(on: tx.db).filter(\.$framework == source.framework).filter(\.$fiscalYear == fiscalYear).first() != nil {
                throw ComplianceError.checklistExists(source.framework, fiscalYear)
            }
            let copy = Checklist(
                framework: source.framework, fiscalYear: fiscalYear, title: ComplianceText.checklistTitle(source.framework, fiscalYear), createdAt: now)
            try await copy.create(on: tx.db)
            for (index, item) in items.enumerated() {
                // 29 February moves to the 28th in a common year.
                let dueDates = item.dueDates.compactMap {
                    CalendarDate(year: $0.year + shift, month: $0.month, day: min($0.day, CalendarDate.daysInMonth(year: $0.year + shift, month: $0.month)))
                }
                let draft = ChecklistDraftItem(
                    code: codes[index], titleTh: item.titleTh, titleEn: item.titleEn, requirement: item.requirement, period: item.checklistPeriod,
                    periodNote: item.periodNote, dueDates: dueDates)
                try await Self.newItem(draft, unitID: item.unitID, in: copy, position: index).create(on: tx.db)
            }
            try await audit.record(
                AuditEvent(
                    .checklistCopied, entityType: "checklist", entityID: copy.id?.lowercased,
                    details: [
                        "from": source.id?.lowercased ?? "", "fiscalYear": String(fiscalYear),
                        "renumbered": renumber.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value)" }.joined(separator: " ")
                    ]),
                by: actor, in: tx)
            return copy
        }
    }

    /// Adds an item (`item` nil) or changes one. A code another item of the checklist has is refused.
    func save(_ draft: ChecklistDraftItem, unitID: UUID?, item existing: ChecklistItem?, in checklist: Checklist, actor: AuditActor) async throws -> ChecklistItem {
        try await writer.write { tx in
            let checklistID = try checklist.requireID()
            let sameCode = try await ChecklistItem.query(on: tx.db).filter(\.$checklistID == checklistID).filter(\.$code == draft.code).first()
            if let sameCode, sameCode.id != existing?.id {
                throw PrakatError.validation([.init(field: "code", message: ComplianceText.codeTaken(draft.code))])
            }
            let item: ChecklistItem
            if let existing {
                item = existing
                item.apply(draft, unitID: unitID)
                item.key = ChecklistItem.key(framework: checklist.framework, fiscalYear: checklist.fiscalYear, code: draft.code)
                try await item.save(on: tx.db)
            } else {
                let last = try await ChecklistItem.query(on: tx.db).filter(\.$checklistID == checklistID).sort(\.$position, .descending).first()
                item = Self.newItem(draft, unitID: unitID, in: checklist, position: (last?.position ?? -1) + 1)
                try await item.create(on: tx.db)
            }
            try await audit.record(
                AuditEvent(
                    existing == nil ? .checklistItemAdded : .checklistItemEdited, entityType: "checklist_item", entityID: item.id?.lowercased,
                    details: ["checklist": checklistID.lowercased, "code": draft.code, "period": draft.period.rawValue]),
                by: actor, in: tx)
            return item
        }
    }

    /// Removes an item that nothing points at yet; an item with evidence or a request's tag stays (409).
    func remove(_ item: ChecklistItem, actor: AuditActor) async throws {
        try await writer.write { tx in
            let id = try item.requireID()
            let evidence = try await PublicationChecklistTag.query(on: tx.db).filter(\.$checklistItemID == id).count()
            let requests = try await RequestChecklistTag.query(on: tx.db).filter(\.$checklistItemID == id).count()
            guard evidence + requests == 0 else { throw ComplianceError.itemInUse(item.code) }
            try await item.delete(on: tx.db)
            try await audit.record(
                AuditEvent(.checklistItemRemoved, entityType: "checklist_item", entityID: id.lowercased, details: ["code": item.code]), by: actor, in: tx)
        }
    }

    // MARK: Evidence tags

    /// Makes a public item evidence for more items, in any year, without a new revision.
    func tag(publicationID: UUID, itemIDs: [UUID], by userID: UUID?, actor: AuditActor) async throws {
        let now = clock.now()
        try await writer.write { tx in
            guard try await Publication.find(publicationID, on: tx.db) != nil else { throw PrakatError.notFound() }
            let existing = Set(try await PublicationChecklistTag.query(on: tx.db).filter(\.$publicationID == publicationID).all().map(\.checklistItemID))
            var added: [String] = []
            for itemID in itemIDs where !existing.contains(itemID) {
                try await PublicationChecklistTag(publicationID: publicationID, checklistItemID: itemID, origin: .webmaster, at: now, by: userID).create(on: tx.db)
                added.append(itemID.lowercased)
            }
            guard !added.isEmpty else { return }
            try await audit.record(
                AuditEvent(.publicationTagged, entityType: "publication", entityID: publicationID.lowercased, details: ["items": added.joined(separator: " ")]),
                by: actor, in: tx)
        }
    }

    func untag(publicationID: UUID, itemID: UUID, actor: AuditActor) async throws {
        try await writer.write { tx in
            let tags = try await PublicationChecklistTag.query(on: tx.db).filter(\.$publicationID == publicationID).filter(\.$checklistItemID == itemID).all()
            guard !tags.isEmpty else { throw PrakatError.notFound() }
            for tag in tags { try await tag.delete(on: tx.db) }
            try await audit.record(
                AuditEvent(.publicationUntagged, entityType: "publication", entityID: publicationID.lowercased, details: ["item": itemID.lowercased]),
                by: actor, in: tx)
        }
    }

    /// Items named `MOPH-MOIT/2570/MOIT5`, each checked: unknown names are refused with the name.
    func resolve(_ references: [String]) async throws -> [UUID] {
        var ids: [UUID] = []
        var problems: [Problem.FieldError] = []
        for (index, text) in references.enumerated() {
            guard let reference = ChecklistItemReference(parsing: text) else {
                problems.append(.init(field: "items[\(index)]", message: ComplianceText.badReference(text)))
                continue
            }
            let key = ChecklistItem.key(framework: reference.framework, fiscalYear: reference.fiscalYear, code: reference.code)
            guard let item = try await ChecklistItem.query(on: db).filter(\.$key == key).first(), let id = item.id else {
                problems.append(.init(field: "items[\(index)]", message: ComplianceText.unknownReference(text)))
                continue
            }
            ids.append(id)
        }
        guard problems.isEmpty else { throw PrakatError.validation(problems) }
        return ids
    }

    // MARK: Automatic tags

    func autoTags() async throws -> [ChecklistAutoTagSource: ChecklistAutoTag] {
        var result: [ChecklistAutoTagSource: ChecklistAutoTag] = [:]
        for row in try await ChecklistAutoTag.query(on: db).all() {
            if let source = ChecklistAutoTagSource(rawValue: row.source) { result[source] = row }
        }
        return result
    }

    func setAutoTag(_ source: ChecklistAutoTagSource, framework: String, codes: [String], actor: AuditActor) async throws {
        try await writer.write { tx in
            let row = try await ChecklistAutoTag.query(on: tx.db).filter(\.$source == source.rawValue).first() ?? ChecklistAutoTag(source: source, framework: framework, codes: [])
            row.framework = framework
            row.codes = codes.joined(separator: " ")
            try await row.save(on: tx.db)
            try await audit.record(
                AuditEvent(.checklistAutoTagsChanged, entityType: "checklist_auto_tag", entityID: source.rawValue, details: ["framework": framework, "codes": row.codes]),
                by: actor, in: tx)
        }
    }

    /// The items a document Prakat made for `fiscalYear` is evidence for, by the agency's mapping
    /// (none when the year's checklist does not exist yet or lacks the codes).
    static func autoTagItemIDs(_ source: ChecklistAutoTagSource, fiscalYear: Int, on db: any Database) async throws -> [UUID] {
        let mapping = try await ChecklistAutoTag.query(on: db).filter(\.$source == source.rawValue).first()
        let framework = mapping?.framework ?? source.defaultMapping.framework
        let codes = mapping?.codeList ?? source.defaultMapping.codes
        guard !codes.isEmpty else { return [] }
        let keys = codes.map { ChecklistItem.key(framework: framework, fiscalYear: fiscalYear, code: $0) }
        return try await ChecklistItem.query(on: db).filter(\.$key ~~ keys).all().compactMap(\.id)
    }

    /// At publication, the request's tags become its item's evidence; tags an earlier version
    /// carried and this one dropped go, tags a webmaster added stay.
    static func carryRequestTags(requestID: UUID, publicationID: UUID, at now: Date, on db: any Database) async throws {
        let requested = Set(try await RequestChecklistTag.query(on: db).filter(\.$requestID == requestID).all().map(\.checklistItemID))
        let current = try await PublicationChecklistTag.query(on: db).filter(\.$publicationID == publicationID).all()
        for tag in current where tag.origin == PublicationChecklistTag.Origin.request.rawValue && !requested.contains(tag.checklistItemID) {
            try await tag.delete(on: db)
        }
        let have = Set(current.map(\.checklistItemID))
        for itemID in requested where !have.contains(itemID) {
            try await PublicationChecklistTag(publicationID: publicationID, checklistItemID: itemID, origin: .request, at: now, by: nil).create(on: db)
        }
    }

    // MARK: Helpers

    static func newItem(_ draft: ChecklistDraftItem, unitID: UUID?, in checklist: Checklist, position: Int) -> ChecklistItem {
        let item = ChecklistItem()
        item.framework = checklist.framework
        item.fiscalYear = checklist.fiscalYear
        item.checklistID = checklist.id
        item.key = ChecklistItem.key(framework: checklist.framework, fiscalYear: checklist.fiscalYear, code: draft.code)
        item.position = position
        item.apply(draft, unitID: unitID)
        return item
    }

    /// Units by slug and by Thai name, lower-cased.
    func unitIndex() async throws -> [String: UUID] {
        var index: [String: UUID] = [:]
        for unit in try await OrgUnit.query(on: db).all() {
            guard let id = unit.id else { continue }
            index[unit.slug.lowercased()] = id
            index[unit.nameTh.lowercased()] = id
        }
        return index
    }
}

/// The status of a checklist's items on one day.
struct ChecklistStatusReport: Sendable {
    struct Evidence: Sendable {
        var number: Int
        var title: String
        var path: String
        var publishedAt: Date
        var isPublicNow: Bool
    }

    struct Row: Sendable {
        var item: ChecklistItem
        var status: ChecklistStatus
        var dueAt: CalendarDate?
        var evaluation: ChecklistEvaluation
        var evidence: [Evidence]
        var unitName: String?
    }

    var checklist: Checklist
    var today: CalendarDate
    var rows: [Row]

    var complete: Int { rows.filter { $0.status == .present }.count }
    var total: Int { rows.count }
    /// Whole percent complete, for the dashboard's bar.
    var percent: Int { total == 0 ? 0 : complete * 100 / total }
}

enum ComplianceError {
    static func checklistExists(_ framework: String, _ year: Int) -> PrakatError {
        PrakatError(status: .conflict, kind: "conflict", title: SupportText.conflictTitle, detail: ComplianceText.checklistExists(framework, year))
    }

    static func itemInUse(_ code: String) -> PrakatError {
        PrakatError(status: .conflict, kind: "conflict", title: SupportText.conflictTitle, detail: ComplianceText.itemInUse(code))
    }
}

extension Request {
    var checklists: ChecklistService { ChecklistService(db: db, writer: writer, audit: audit, clock: clock) }
}

extension Application {
    var checklists: ChecklistService { ChecklistService(db: db, writer: writer, audit: audit, clock: clock) }
}
