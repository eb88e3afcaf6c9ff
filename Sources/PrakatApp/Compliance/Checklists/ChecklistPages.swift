import Fluent
import Foundation
import PrakatCore
import Vapor

/// The ITA pages: public checklist pages, the staff dashboard, import, copy, item edits, the
/// automatic tags and a public item's evidence tags. Handlers decode, let the route's policy
/// decide, call `ChecklistService`, render.
struct ChecklistPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = ChecklistPages()
        let exports = ChecklistExports()
        routes.register(ComplianceRoute.self) { req, route in
            switch route {
            case .publicIndex: try await pages.publicIndex(req)
            case let .publicChecklist(framework, year): try await pages.publicChecklist(req, framework: framework, year: year)
            case .checklists: try await pages.list(req, form: nil, errors: FormErrors())
            case .importChecklist: try await pages.importChecklist(req)
            case .dashboard(let id): try await pages.dashboard(req, id: id)
            case .copyForm(let id): try await pages.copyForm(req, id: id, form: nil, errors: FormErrors())
            case .copy(let id): try await pages.copy(req, id: id)
            case .newItem(let id): try await pages.itemForm(req, checklistID: id, itemID: nil, form: nil, errors: FormErrors())
            case .createItem(let id): try await pages.saveItem(req, checklistID: id, itemID: nil)
            case let .item(id, itemID): try await pages.itemForm(req, checklistID: id, itemID: itemID, form: nil, errors: FormErrors())
            case let .updateItem(id, itemID): try await pages.saveItem(req, checklistID: id, itemID: itemID)
            case let .removeItem(id, itemID): try await pages.removeItem(req, checklistID: id, itemID: itemID)
            case let .evidencePack(id, itemID, quarter): try await exports.evidencePack(req, checklistID: id, itemID: itemID, quarter: quarter)
            case .autoTags: try await pages.autoTags(req, errors: FormErrors())
            case .saveAutoTags: try await pages.saveAutoTags(req)
            case .publicationTags(let id): try await pages.publicationTags(req, id: id, errors: FormErrors())
            case .addPublicationTags(let id): try await pages.addPublicationTags(req, id: id)
            case let .removePublicationTag(id, itemID): try await pages.removePublicationTag(req, id: id, itemID: itemID)
            }
        }
        let api = ComplianceAPI()
        routes.register(ComplianceAPIRoute.self) { req, route in
            switch route {
            case .list: try await api.list(req)
            case .create: try await api.create(req)
            case .copy(let id): try await api.copy(req, id: id)
            case .status(let id): try await api.status(req, id: id)
            case .exportCSV(let id): try await exports.csv(req, id: id)
            case .exportXLSX(let id): try await exports.xlsx(req, id: id)
            case .tagPublication(let id): try await api.tagPublication(req, id: id)
            }
        }
    }

    // MARK: Shared view models

    struct ChecklistLink: Encodable {
        var title: String
        var framework: String
        var fiscalYear: Int
        var itemCount: Int
        var publicPath: String
        var staffPath: String
    }

    struct EvidenceView: Encodable {
        var title: String
        var url: String
        var path: String
        var date: String
        var isPublicNow: Bool
    }

    struct RowView: Encodable {
        var code: String
        var title: String
        var requirement: String?
        var period: String
        var periodNote: String?
        var status: String
        var statusLabel: String
        var due: String?
        var windows: String?
        var unit: String?
        var evidence: [EvidenceView]
        var editPath: String?
        var packPath: String?
        var anchor: String
    }

    static func rowViews(_ report: ChecklistStatusReport, base: String, staff: (editable: Bool, packs: Bool)?) -> [RowView] {
        let checklistID = report.checklist.id ?? UUID()
        return report.rows.map { row in
            let itemID = row.item.id ?? UUID()
            let evaluation = row.evaluation
            return RowView(
                code: row.item.code, title: row.item.titleTh, requirement: row.item.requirement, period: row.item.checklistPeriod.thaiName,
                periodNote: row.item.periodNote, status: row.status.rawValue, statusLabel: row.status.thaiName,
                due: row.dueAt.map { ThaiDateFormat.long($0, digits: .arabic) },
                windows: evaluation.windows > 1 ? "มีหลักฐาน \(evaluation.coveredWindows) จาก \(evaluation.windows) รอบ" : nil,
                unit: row.unitName,
                evidence: row.evidence.map {
                    EvidenceView(
                        title: $0.title, url: base + $0.path, path: $0.path, date: ThaiDateFormat.long($0.publishedAt, digits: .arabic),
                        isPublicNow: $0.isPublicNow)
                },
                editPath: staff?.editable == true ? ComplianceRoute.item(checklistID, itemID).path : nil,
                packPath: staff?.packs == true ? ComplianceRoute.evidencePack(checklistID, itemID, quarter: nil).path : nil,
                anchor: "item-" + row.item.code.lowercased().replacingOccurrences(of: ".", with: "-"))
        }
    }

    func links(_ req: Request) async throws -> [ChecklistLink] {
        let counts = try await req.checklists.itemCounts()
        return try await req.checklists.all().map { checklist in
            ChecklistLink(
                title: checklist.title, framework: checklist.framework, fiscalYear: checklist.fiscalYear, itemCount: checklist.id.flatMap { counts[$0] } ?? 0,
                publicPath: ComplianceRoute.publicChecklist(framework: checklist.framework, fiscalYear: checklist.fiscalYear).path,
                staffPath: ComplianceRoute.dashboard(checklist.id ?? UUID()).path)
        }
    }

    // MARK: Public

    struct PublicIndexBody: Encodable {
        var intro: String
        var checklists: [ChecklistLink]
        var empty: String
    }

    func publicIndex(_ req: Request) async throws -> Response {
        try await req.render(
            "Compliance/ita-index", title: ComplianceText.publicIndexTitle,
            PublicIndexBody(intro: ComplianceText.publicIntro, checklists: try await links(req), empty: ComplianceText.noChecklists))
    }

    struct PublicChecklistBody: Encodable {
        var intro: String
        var today: String
        var complete: Int
        var total: Int
        var percent: Int
        var rows: [RowView]
        var csvPath: String
        var xlsxPath: String
        var noEvidence: String
        var otherYears: [ChecklistLink]
        var agencyName: String
    }

    func publicChecklist(_ req: Request, framework: String, year: Int) async throws -> Response {
        let checklist = try await req.checklists.checklist(framework: framework, fiscalYear: year)
        let report = try await req.checklists.status(of: checklist, publicOnly: true)
        let id = try checklist.requireID()
        // Other years of the same framework: no item counts needed on this public page.
        let others = try await Checklist.query(on: req.db).filter(\.$framework == framework).filter(\.$fiscalYear != year)
            .sort(\.$fiscalYear, .descending).all().map {
                ChecklistLink(
                    title: $0.title, framework: $0.framework, fiscalYear: $0.fiscalYear, itemCount: 0,
                    publicPath: ComplianceRoute.publicChecklist(framework: $0.framework, fiscalYear: $0.fiscalYear).path,
                    staffPath: ComplianceRoute.dashboard($0.id ?? UUID()).path)
            }
        let body = PublicChecklistBody(
            intro: ComplianceText.publicIntro, today: ThaiDateFormat.long(report.today, digits: .arabic), complete: report.complete, total: report.total,
            percent: report.percent, rows: Self.rowViews(report, base: req.publicBaseURL, staff: nil), csvPath: ComplianceAPIRoute.exportCSV(id).path,
            xlsxPath: ComplianceAPIRoute.exportXLSX(id).path, noEvidence: ComplianceText.noPublicEvidence, otherYears: others,
            agencyName: await req.agencyProfile().nameTh)
        return try await req.render("Compliance/ita-checklist", title: checklist.title, body)
    }

    // MARK: Staff: list and import

    struct ImportForm: Content {
        var file: File?
        var framework: String?
        var fiscalYear: String?
    }

    struct ListBody: Encodable {
        var checklists: [ChecklistLink]
        var empty: String
        var canEdit: Bool
        var importAction: String
        var autoTagsPath: String
        var framework: String
        var fiscalYear: String
        var errors: FormErrors
        var problems: [String]
    }

    func list(_ req: Request, form: ImportForm?, errors: FormErrors, problems: [String] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        let body = ListBody(
            checklists: try await links(req), empty: ComplianceText.noChecklists, canEdit: user.has(.webmaster),
            importAction: ComplianceRoute.importChecklist.path, autoTagsPath: ComplianceRoute.autoTags.path, framework: form?.framework ?? "",
            fiscalYear: form?.fiscalYear ?? "", errors: errors, problems: problems)
        return try await req.render("Compliance/checklists", title: ComplianceText.listTitle, body, status: status, withForm: true)
    }

    func importChecklist(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(ImportForm.self)) ?? ImportForm()
        var errors = FormErrors()
        guard let file = form.file, file.data.readableBytes > 0 else {
            errors.add("file", ComplianceText.fileMissing)
            return try await list(req, form: form, errors: errors, status: .unprocessableEntity)
        }
        guard file.data.readableBytes <= 1_048_576 else {
            errors.add("file", ComplianceText.fileTooLarge)
            return try await list(req, form: form, errors: errors, status: .unprocessableEntity)
        }
        let framework = form.framework?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let yearText = form.fiscalYear?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let year = yearText.flatMap { ThaiDigits.toArabic($0) }.flatMap { Int($0) }
        if yearText != nil, year.map(ChecklistText.fiscalYears.contains) != true {
            errors.add("fiscalYear", ComplianceText.yearOutOfRange)
            return try await list(req, form: form, errors: errors, status: .unprocessableEntity)
        }
        let bytes = Array(file.data.readableBytesView)
        do {
            let draft = try ChecklistImporting.draft(bytes: bytes, fileName: file.filename, framework: framework, fiscalYear: year)
            let checklist = try await req.checklists.importChecklist(draft, actor: req.auditActor)
            return req.redirect(to: ComplianceRoute.dashboard(try checklist.requireID()).path, flash: Flash(kind: .success, text: ComplianceText.imported))
        } catch let failure as ChecklistImportProblems {
            errors.add("file", ComplianceText.importRefused)
            return try await list(req, form: form, errors: errors, problems: failure.problems.map(\.description), status: .unprocessableEntity)
        } catch let error as PrakatError where error.status == .unprocessableEntity || error.status == .conflict {
            errors.add("file", ComplianceText.importRefused)
            return try await list(
                req, form: form, errors: errors, problems: error.fieldErrors.isEmpty ? [error.detail ?? error.title] : error.fieldErrors.map(\.message),
                status: error.status)
        }
    }

    // MARK: Staff: dashboard

    struct DashboardBody: Encodable {
        struct UnitLine: Encodable {
            var unit: String
            var codes: String
        }
        var checklistTitle: String
        var today: String
        var complete: Int
        var total: Int
        var percent: Int
        var counts: [String: Int]
        var rows: [RowView]
        var toAct: [UnitLine]
        var publicPath: String
        var csvPath: String
        var xlsxPath: String
        var copyPath: String?
        var newItemPath: String?
        var listPath: String
        var noEvidence: String
    }

    func dashboard(_ req: Request, id: UUID) async throws -> Response {
        let user = try req.requireUser()
        let checklist = try await req.checklists.checklist(id)
        let report = try await req.checklists.status(of: checklist, publicOnly: false)
        let editable = user.has(.webmaster)
        let packs = !user.roles.isDisjoint(with: ComplianceRoute.packReaders)
        var counts: [String: Int] = [:]
        for status in ChecklistStatus.allCases { counts[status.rawValue] = report.rows.filter { $0.status == status }.count }
        // Which unit should act: items not present, grouped by their responsible unit.
        var byUnit: [String: [String]] = [:]
        for row in report.rows where row.status != .present {
            byUnit[row.unitName ?? ComplianceText.noUnit, default: []].append(row.item.code)
        }
        let body = DashboardBody(
            checklistTitle: checklist.title, today: ThaiDateFormat.long(report.today, digits: .arabic), complete: report.complete, total: report.total,
            percent: report.percent, counts: counts, rows: Self.rowViews(report, base: req.publicBaseURL, staff: (editable, packs)),
            toAct: byUnit.sorted { $0.key < $1.key }.map { DashboardBody.UnitLine(unit: $0.key, codes: $0.value.joined(separator: ", ")) },
            publicPath: ComplianceRoute.publicChecklist(framework: checklist.framework, fiscalYear: checklist.fiscalYear).path,
            csvPath: ComplianceAPIRoute.exportCSV(id).path, xlsxPath: ComplianceAPIRoute.exportXLSX(id).path,
            copyPath: editable ? ComplianceRoute.copyForm(id).path : nil, newItemPath: editable ? ComplianceRoute.newItem(id).path : nil,
            listPath: ComplianceRoute.checklists.path, noEvidence: ComplianceText.noEvidence)
        return try await req.render("Compliance/dashboard", title: checklist.title, body)
    }

    // MARK: Staff: copy to a new year

    struct CopyForm: Content {
        var fiscalYear: String?
        var renumber: String?
    }

    struct CopyBody: Encodable {
        var checklistTitle: String
        var action: String
        var cancelPath: String
        var fiscalYear: String
        var renumber: String
        var codes: String
        var errors: FormErrors
        var problems: [String]
    }

    func copyForm(
        _ req: Request, id: UUID, form: CopyForm?, errors: FormErrors, problems: [String] = [], status: HTTPResponseStatus = .ok
    ) async throws
        -> Response
    {
        let checklist = try await req.checklists.checklist(id)
        let items = try await req.checklists.items(of: checklist)
        let body = CopyBody(
            checklistTitle: checklist.title, action: ComplianceRoute.copy(id).path, cancelPath: ComplianceRoute.dashboard(id).path,
            fiscalYear: form?.fiscalYear ?? String(checklist.fiscalYear + 1), renumber: form?.renumber ?? "",
            codes: items.map(\.code).joined(separator: ", "), errors: errors, problems: problems)
        return try await req.render("Compliance/copy", title: ComplianceText.copyTitle, body, status: status)
    }

    func copy(_ req: Request, id: UUID) async throws -> Response {
        let form = (try? req.content.decode(CopyForm.self)) ?? CopyForm()
        let source = try await req.checklists.checklist(id)
        var errors = FormErrors()
        let year = form.fiscalYear.flatMap { ThaiDigits.toArabic($0.trimmingCharacters(in: .whitespaces)) }.flatMap { Int($0) }
        guard let year, ChecklistText.fiscalYears.contains(year) else {
            errors.add("fiscalYear", ComplianceText.yearOutOfRange)
            return try await copyForm(req, id: id, form: form, errors: errors, status: .unprocessableEntity)
        }
        let map: [String: String]
        switch ChecklistRenumbering.parseLines(form.renumber ?? "") {
        case .success(let parsed): map = parsed
        case .failure(let failure):
            errors.add("renumber", ComplianceText.renumberRefused)
            return try await copyForm(req, id: id, form: form, errors: errors, problems: failure.problems.map(\.description), status: .unprocessableEntity)
        }
        do {
            let copy = try await req.checklists.copy(source, to: year, renumber: map, actor: req.auditActor)
            return req.redirect(to: ComplianceRoute.dashboard(try copy.requireID()).path, flash: Flash(kind: .success, text: ComplianceText.copied))
        } catch let error as PrakatError where error.status == .unprocessableEntity || error.status == .conflict {
            errors.add(error.status == .conflict ? "fiscalYear" : "renumber", error.status == .conflict ? (error.detail ?? error.title) : ComplianceText.renumberRefused)
            return try await copyForm(req, id: id, form: form, errors: errors, problems: error.fieldErrors.map(\.message), status: error.status)
        }
    }

    // MARK: Staff: items

    struct ItemForm: Content {
        var code: String?
        var titleTh: String?
        var titleEn: String?
        var requirement: String?
        var period: String?
        var periodNote: String?
        var dueDates: String?
        var unitId: String?
    }

    struct ItemBody: Encodable {
        struct Option: Encodable {
            var value: String
            var label: String
            var selected: Bool
        }
        var checklistTitle: String
        var action: String
        var cancelPath: String
        var removeAction: String?
        var form: ItemForm
        var periods: [Option]
        var units: [Option]
        var errors: FormErrors
        var tagged: [EvidenceView]
    }

    func itemForm(
        _ req: Request, checklistID: UUID, itemID: UUID?, form: ItemForm?, errors: FormErrors, status: HTTPResponseStatus = .ok
    ) async throws
        -> Response
    {
        let checklist = try await req.checklists.checklist(checklistID)
        let item = try await itemID.asyncMap { try await req.checklists.item($0, in: checklist) }
        let values =
            form
            ?? ItemForm(
                code: item?.code, titleTh: item?.titleTh, titleEn: item?.titleEn, requirement: item?.requirement,
                period: item?.period ?? ChecklistPeriod.fiscalYear.rawValue, periodNote: item?.periodNote,
                dueDates: item?.dueDates.map { ThaiDateFormat.short($0, digits: .arabic) }.joined(separator: " "), unitId: item?.unitID?.lowercased)
        let units = try await OrgUnit.query(on: req.db).sort(\.$nameTh).all()
        var tagged: [EvidenceView] = []
        if let item {
            let report = try await req.checklists.status(of: checklist, publicOnly: false)
            tagged =
                Self.rowViews(report, base: req.publicBaseURL, staff: nil).first { $0.code == item.code }?.evidence ?? []
        }
        let body = ItemBody(
            checklistTitle: checklist.title,
            action: itemID.map { ComplianceRoute.updateItem(checklistID, $0).path } ?? ComplianceRoute.createItem(checklistID).path,
            cancelPath: ComplianceRoute.dashboard(checklistID).path, removeAction: itemID.map { ComplianceRoute.removeItem(checklistID, $0).path },
            form: values,
            periods: ChecklistPeriod.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: $0.rawValue == values.period) },
            units: [.init(value: "", label: ComplianceText.noUnit, selected: (values.unitId ?? "").isEmpty)]
                + units.map { .init(value: $0.id?.lowercased ?? "", label: $0.nameTh, selected: $0.id?.lowercased == values.unitId?.lowercased()) },
            errors: errors, tagged: tagged)
        return try await req.render(
            "Compliance/item-form", title: item == nil ? ComplianceText.newItemTitle : ComplianceText.editItemTitle + " " + (item?.code ?? ""), body,
            status: status)
    }

    func saveItem(_ req: Request, checklistID: UUID, itemID: UUID?) async throws -> Response {
        let form = (try? req.content.decode(ItemForm.self)) ?? ItemForm()
        let checklist = try await req.checklists.checklist(checklistID)
        let item = try await itemID.asyncMap { try await req.checklists.item($0, in: checklist) }
        var errors = FormErrors()
        var unitID: UUID?
        if let raw = form.unitId?.nilIfEmpty {
            if let id = UUID(uuidString: raw), try await OrgUnit.find(id, on: req.db) != nil { unitID = id } else { errors.add("unitId", ComplianceText.unknownUnitChoice) }
        }
        let checked = ChecklistImport.check(
            code: form.code ?? "", titleTh: form.titleTh ?? "", period: form.period ?? "", titleEn: form.titleEn, requirement: form.requirement,
            periodNote: form.periodNote, dueDates: form.dueDates, fiscalYear: checklist.fiscalYear)
        let draft: ChecklistDraftItem
        switch checked {
        case .success(let value): draft = value
        case .failure(let failure):
            for problem in failure.problems { errors.add(Self.formField(problem.field), problem.message) }
            return try await itemForm(req, checklistID: checklistID, itemID: itemID, form: form, errors: errors, status: .unprocessableEntity)
        }
        guard errors.isEmpty else { return try await itemForm(req, checklistID: checklistID, itemID: itemID, form: form, errors: errors, status: .unprocessableEntity) }
        do {
            _ = try await req.checklists.save(draft, unitID: unitID, item: item, in: checklist, actor: req.auditActor)
        } catch let error as PrakatError where error.status == .unprocessableEntity {
            for fieldError in error.fieldErrors { errors.add(fieldError.field, fieldError.message) }
            return try await itemForm(req, checklistID: checklistID, itemID: itemID, form: form, errors: errors, status: .unprocessableEntity)
        }
        return req.redirect(to: ComplianceRoute.dashboard(checklistID).path, flash: Flash(kind: .success, text: ComplianceText.itemSaved))
    }

    static func formField(_ field: String) -> String {
        switch field {
        case "title_th": "titleTh"
        case "title_en": "titleEn"
        case "period_note": "periodNote"
        case "due_dates": "dueDates"
        case "unit": "unitId"
        default: field
        }
    }

    func removeItem(_ req: Request, checklistID: UUID, itemID: UUID) async throws -> Response {
        let checklist = try await req.checklists.checklist(checklistID)
        let item = try await req.checklists.item(itemID, in: checklist)
        do {
            try await req.checklists.remove(item, actor: req.auditActor)
        } catch let error as PrakatError where error.status == .conflict {
            return req.redirect(to: ComplianceRoute.item(checklistID, itemID).path, flash: Flash(kind: .error, text: error.detail ?? error.title))
        }
        return req.redirect(to: ComplianceRoute.dashboard(checklistID).path, flash: Flash(kind: .success, text: ComplianceText.itemRemoved))
    }

    // MARK: Staff: automatic tags

    struct AutoTagsBody: Encodable {
        struct Row: Encodable {
            var source: String
            var label: String
            var framework: String
            var codes: String
        }
        var action: String
        var rows: [Row]
        var errors: FormErrors
        var errorList: [String]
        var intro: String
    }

    func autoTags(_ req: Request, errors: FormErrors, typed: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let mapping = try await req.checklists.autoTags()
        let rows = ChecklistAutoTagSource.allCases.map { source in
            AutoTagsBody.Row(
                source: source.rawValue, label: source.thaiName,
                framework: typed[source.rawValue + ".framework"] ?? mapping[source]?.framework ?? source.defaultMapping.framework,
                codes: typed[source.rawValue + ".codes"] ?? mapping[source]?.codeList.joined(separator: " ") ?? source.defaultMapping.codes.joined(separator: " "))
        }
        return try await req.render(
            "Compliance/auto-tags", title: ComplianceText.autoTagsTitle,
            AutoTagsBody(action: ComplianceRoute.saveAutoTags.path, rows: rows, errors: errors, errorList: errors.list, intro: ComplianceText.autoTagsIntro), status: status)
    }

    func saveAutoTags(_ req: Request) async throws -> Response {
        let typed = (try? req.content.decode([String: String].self)) ?? [:]
        var errors = FormErrors()
        var changes: [(ChecklistAutoTagSource, String, [String])] = []
        for source in ChecklistAutoTagSource.allCases {
            let framework = (typed[source.rawValue + ".framework"] ?? "").trimmingCharacters(in: .whitespaces)
            let codes = (typed[source.rawValue + ".codes"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            if !ChecklistText.isValidFramework(framework) { errors.add(source.rawValue + ".framework", ComplianceText.badFrameworkName) }
            if let bad = codes.first(where: { !ChecklistText.isValidCode($0) }) { errors.add(source.rawValue + ".codes", ComplianceText.badCodeName(bad)) }
            if codes.count > 10 { errors.add(source.rawValue + ".codes", ComplianceText.tooManyCodes) }
            changes.append((source, framework, codes))
        }
        guard errors.isEmpty else { return try await autoTags(req, errors: errors, typed: typed, status: .unprocessableEntity) }
        let current = try await req.checklists.autoTags()
        for (source, framework, codes) in changes where current[source]?.framework != framework || current[source]?.codeList != codes {
            try await req.checklists.setAutoTag(source, framework: framework, codes: codes, actor: req.auditActor)
        }
        return req.redirect(to: ComplianceRoute.autoTags.path, flash: Flash(kind: .success, text: ComplianceText.autoTagsSaved))
    }

    // MARK: Staff: a public item's evidence tags

    struct PublicationTagsBody: Encodable {
        struct Tag: Encodable {
            var label: String
            var checklist: String
            var origin: String
            var removeAction: String
        }
        struct Group: Encodable {
            var title: String
            var options: [ItemBody.Option]
        }
        var publicationTitle: String
        var publicPath: String
        var tags: [Tag]
        var action: String
        var groups: [Group]
        var errors: [String]
    }

    func publicationTags(_ req: Request, id: UUID, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let publication = try await Publication.find(id, on: req.db) else { throw PrakatError.notFound() }
        let tags = try await PublicationChecklistTag.query(on: req.db).filter(\.$publicationID == id).all()
        let checklists = try await req.checklists.all()
        var titles: [UUID: String] = [:]
        for checklist in checklists { if let cid = checklist.id { titles[cid] = checklist.title } }
        let allItems = try await ChecklistItem.query(on: req.db).sort(\.$position).all()
        var itemsByID: [UUID: ChecklistItem] = [:]
        for item in allItems { if let itemID = item.id { itemsByID[itemID] = item } }
        let taggedIDs = Set(tags.map(\.checklistItemID))
        let tagViews = tags.compactMap { tag -> PublicationTagsBody.Tag? in
            guard let item = itemsByID[tag.checklistItemID] else { return nil }
            return PublicationTagsBody.Tag(
                label: item.label, checklist: item.checklistID.flatMap { titles[$0] } ?? item.framework,
                origin: tag.origin == PublicationChecklistTag.Origin.request.rawValue ? ComplianceText.originRequest : ComplianceText.originWebmaster,
                removeAction: ComplianceRoute.removePublicationTag(id, tag.checklistItemID).path)
        }
        // Offer the items of the two newest years of each framework: older years are closed.
        var groups: [PublicationTagsBody.Group] = []
        var perFramework: [String: Int] = [:]
        for checklist in checklists {
            perFramework[checklist.framework, default: 0] += 1
            guard perFramework[checklist.framework, default: 0] <= 2, let cid = checklist.id else { continue }
            let options = allItems.filter { $0.checklistID == cid && !taggedIDs.contains($0.id ?? UUID()) }
                .map { ItemBody.Option(value: $0.id?.lowercased ?? "", label: $0.label, selected: false) }
            if !options.isEmpty { groups.append(.init(title: checklist.title, options: options)) }
        }
        let body = PublicationTagsBody(
            publicationTitle: publication.title, publicPath: PublicRoute.item(publication.number).path, tags: tagViews,
            action: ComplianceRoute.addPublicationTags(id).path, groups: groups, errors: errors.list)
        return try await req.render("Compliance/publication-tags", title: ComplianceText.tagsTitle, body, status: status)
    }

    struct TagForm: Content {
        var items: [String]?
    }

    func addPublicationTags(_ req: Request, id: UUID) async throws -> Response {
        let form = (try? req.content.decode(TagForm.self)) ?? TagForm()
        var ids: [UUID] = []
        var errors = FormErrors()
        for raw in form.items ?? [] {
            if let itemID = UUID(uuidString: raw), try await ChecklistItem.find(itemID, on: req.db) != nil {
                ids.append(itemID)
            } else {
                errors.add("items", ComplianceText.unknownItem)
            }
        }
        if ids.isEmpty && errors.isEmpty { errors.add("items", ComplianceText.chooseItems) }
        guard errors.isEmpty else { return try await publicationTags(req, id: id, errors: errors, status: .unprocessableEntity) }
        try await req.checklists.tag(publicationID: id, itemIDs: ids, by: req.auth.get(User.self)?.id, actor: req.auditActor)
        return req.redirect(to: ComplianceRoute.publicationTags(id).path, flash: Flash(kind: .success, text: ComplianceText.tagged))
    }

    func removePublicationTag(_ req: Request, id: UUID, itemID: UUID) async throws -> Response {
        try await req.checklists.untag(publicationID: id, itemID: itemID, actor: req.auditActor)
        return req.redirect(to: ComplianceRoute.publicationTags(id).path, flash: Flash(kind: .success, text: ComplianceText.untagged))
    }
}
