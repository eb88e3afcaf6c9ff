import Fluent
import Foundation
import PrakatCore

/// A transparency checklist: the items of one framework (MOPH-MOIT, NACC-OIT) for one fiscal
/// year. Titles, numbers and periods change every year, so each year is its own checklist and
/// earlier years stay readable.
final class Checklist: Model, @unchecked Sendable {
    static let schema = "checklists"

    @ID(key: .id) var id: UUID?
    @Field(key: "framework") var framework: String
    @Field(key: "fiscal_year") var fiscalYear: Int
    @Field(key: "title") var title: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(framework: String, fiscalYear: Int, title: String, createdAt: Date) {
        self.framework = framework
        self.fiscalYear = fiscalYear
        self.title = title
        self.createdAt = createdAt
    }

    var fiscal: FiscalYear { FiscalYear(beYear: fiscalYear) }
}

/// An item of a transparency checklist (MOIT/OIT), kept as data per framework and fiscal year.
final class ChecklistItem: Model, @unchecked Sendable {
    static let schema = "checklist_items"

    @ID(key: .id) var id: UUID?
    /// framework|fiscalYear|code, unique.
    @Field(key: "key") var key: String
    @Field(key: "framework") var framework: String
    @OptionalField(key: "fiscal_year") var fiscalYear: Int?
    @Field(key: "code") var code: String
    @Field(key: "title_th") var titleTh: String
    @OptionalField(key: "title_en") var titleEn: String?
    @Field(key: "period") var period: String
    @Field(key: "position") var position: Int
    // CreateChecklists: the checklist (framework × year) it belongs to, and what the year asks.
    @OptionalField(key: "checklist_id") var checklistID: UUID?
    @OptionalField(key: "requirement") var requirement: String?
    @OptionalField(key: "period_note") var periodNote: String?
    /// Deadlines replacing the period's defaults, ISO dates separated by spaces.
    @OptionalField(key: "due_dates") var dueDatesText: String?
    /// The unit that should act when the item has no evidence.
    @OptionalField(key: "unit_id") var unitID: UUID?

    init() {}

    static func key(framework: String, fiscalYear: Int, code: String) -> String { "\(framework)|\(fiscalYear)|\(code)" }

    var checklistPeriod: ChecklistPeriod { ChecklistPeriod(rawValue: period) ?? .current }

    var dueDates: [CalendarDate] {
        (dueDatesText ?? "").split(separator: " ").compactMap { CalendarDate(iso: String($0)) }
    }

    var reference: ChecklistItemReference? {
        fiscalYear.map { ChecklistItemReference(framework: framework, fiscalYear: $0, code: code) }
    }

    /// "MOIT5 หน่วยงานมีการสรุปผล…" as forms and printouts show it.
    var label: String { "\(code) \(titleTh)" }

    func apply(_ draft: ChecklistDraftItem, unitID: UUID?) {
        code = draft.code
        titleTh = draft.titleTh
        titleEn = draft.titleEn
        requirement = draft.requirement
        period = draft.period.rawValue
        periodNote = draft.periodNote
        dueDatesText = draft.dueDates.isEmpty ? nil : draft.dueDates.map(\.iso).joined(separator: " ")
        self.unitID = unitID
    }
}

/// A public item serving as evidence for a checklist item. One publication may serve several
/// items in several years; a webmaster can tag an evergreen item for a new year without a revision.
final class PublicationChecklistTag: Model, @unchecked Sendable {
    static let schema = "publication_checklist_tags"

    enum Origin: String, Codable, Sendable {
        /// Carried from the publication request's form when it was published.
        case request
        /// Added by a webmaster on the item (audited).
        case webmaster
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "publication_id") var publicationID: UUID
    @Field(key: "checklist_item_id") var checklistItemID: UUID
    @Field(key: "origin") var origin: String
    @Field(key: "tagged_at") var taggedAt: Date
    @OptionalField(key: "tagged_by") var taggedBy: UUID?

    init() {}

    init(publicationID: UUID, checklistItemID: UUID, origin: Origin, at: Date, by: UUID?) {
        self.publicationID = publicationID
        self.checklistItemID = checklistItemID
        self.origin = origin.rawValue
        self.taggedAt = at
        self.taggedBy = by
    }
}

/// Which checklist item the documents Prakat makes itself are evidence for: the agency can change
/// the mapping (a plan progress report is MOIT 2 evidence in the MOPH framework, say).
final class ChecklistAutoTag: Model, @unchecked Sendable {
    static let schema = "checklist_auto_tags"

    @ID(key: .id) var id: UUID?
    /// A `ChecklistAutoTagSource` raw value, unique.
    @Field(key: "source") var source: String
    @Field(key: "framework") var framework: String
    /// Item codes separated by spaces (one document may serve several items).
    @Field(key: "codes") var codes: String

    init() {}

    init(source: ChecklistAutoTagSource, framework: String, codes: [String]) {
        self.source = source.rawValue
        self.framework = framework
        self.codes = codes.joined(separator: " ")
    }

    var codeList: [String] { codes.split(separator: " ").map(String.init) }
}

/// The documents Prakat writes itself and sends to publishing.
enum ChecklistAutoTagSource: String, CaseIterable, Codable, Sendable {
    case planProgressReport
    case eServiceStatistics
    case annualPublishingReport

    var thaiName: String {
        switch self {
        case .planProgressReport: "รายงานผลการดำเนินงานตามแผน (รอบ 6/9/12 เดือน)"
        case .eServiceStatistics: "สถิติการให้บริการออนไลน์ (e-Service)"
        case .annualPublishingReport: "รายงานผลการกำกับติดตามการเผยแพร่ข้อมูลประจำปี"
        }
    }

    /// What a new install maps each source to.
    var defaultMapping: (framework: String, codes: [String]) {
        switch self {
        case .planProgressReport: ("MOPH-MOIT", ["MOIT2"])
        case .eServiceStatistics: ("MOPH-MOIT", ["MOIT10"])
        case .annualPublishingReport: ("MOPH-MOIT", ["MOIT1"])
        }
    }
}
