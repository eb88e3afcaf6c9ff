import Foundation
import PrakatCore
import Vapor

/// The ITA pages: the public page per checklist (`/ita/MOPH-MOIT/2570`), the staff dashboard per
/// year with import, copy and item edits, the evidence tags of a public item, the automatic tags.
enum ComplianceRoute: TypedRoute {
    case publicIndex
    case publicChecklist(framework: String, fiscalYear: Int)
    case checklists
    case importChecklist
    case dashboard(UUID)
    case copyForm(UUID)
    case copy(UUID)
    case newItem(UUID)
    case createItem(UUID)
    case item(UUID, UUID)
    case updateItem(UUID, UUID)
    case removeItem(UUID, UUID)
    /// `?quarter=1…4`, as typed: the evidence pack (zip) of one item and quarter.
    case evidencePack(UUID, UUID, quarter: String?)
    case autoTags
    case saveAutoTags
    case publicationTags(UUID)
    case addPublicationTags(UUID)
    case removePublicationTag(UUID, UUID)

    static let exampleID = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3401") ?? UUID()
    static let exampleItemID = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3402") ?? UUID()
    static let examples: [ComplianceRoute] = [
        .publicIndex, .publicChecklist(framework: "MOPH-MOIT", fiscalYear: 2570), .checklists, .importChecklist, .dashboard(exampleID),
        .copyForm(exampleID), .copy(exampleID), .newItem(exampleID), .createItem(exampleID), .item(exampleID, exampleItemID),
        .updateItem(exampleID, exampleItemID), .removeItem(exampleID, exampleItemID), .evidencePack(exampleID, exampleItemID, quarter: nil),
        .evidencePack(exampleID, exampleItemID, quarter: "2"), .autoTags, .saveAutoTags, .publicationTags(exampleID),
        .addPublicationTags(exampleID), .removePublicationTag(exampleID, exampleItemID)
    ]

    /// Who edits checklists and tags evidence.
    static let editors: Set<Role> = [.webmaster]
    /// Who may take the evidence packs (memos and forms are internal documents).
    static let packReaders: Set<Role> = [.webmaster, .administrator, .auditor]

    var method: HTTPMethod {
        switch self {
        case .publicIndex, .publicChecklist, .checklists, .dashboard, .copyForm, .newItem, .item, .evidencePack, .autoTags, .publicationTags: .GET
        case .importChecklist, .copy, .createItem, .updateItem, .removeItem, .saveAutoTags, .addPublicationTags, .removePublicationTag: .POST
        }
    }

    var segments: [RouteSegment] {
        let staff: [RouteSegment] = [.constant("staff"), .constant("ita")]
        func checklist(_ id: UUID) -> [RouteSegment] { staff + [.parameter("checklistID", id.lowercased)] }
        func item(_ id: UUID, _ itemID: UUID) -> [RouteSegment] { checklist(id) + [.constant("items"), .parameter("itemID", itemID.lowercased)] }
        func publication(_ id: UUID) -> [RouteSegment] {
            [.constant("staff"), .constant("publications"), .parameter("publicationID", id.lowercased), .constant("checklist")]
        }
        switch self {
        case .publicIndex: return [.constant("ita")]
        case let .publicChecklist(framework, year): return [.constant("ita"), .parameter("framework", framework), .parameter("fiscalYear", String(year))]
        case .checklists: return staff
        case .importChecklist: return staff + [.constant("import")]
        case .dashboard(let id): return checklist(id)
        case .copyForm(let id), .copy(let id): return checklist(id) + [.constant("copy")]
        case .newItem(let id): return checklist(id) + [.constant("items"), .constant("new")]
        case .createItem(let id): return checklist(id) + [.constant("items")]
        case let .item(id, itemID), let .updateItem(id, itemID): return item(id, itemID)
        case let .removeItem(id, itemID): return item(id, itemID) + [.constant("remove")]
        case let .evidencePack(id, itemID, _): return item(id, itemID) + [.constant("evidence.zip")]
        case .autoTags, .saveAutoTags: return staff + [.constant("auto-tags")]
        case .publicationTags(let id), .addPublicationTags(let id): return publication(id)
        case let .removePublicationTag(id, itemID): return publication(id) + [.parameter("itemID", itemID.lowercased), .constant("remove")]
        }
    }

    var query: [URLQueryItem] {
        if case .evidencePack(_, _, let quarter?) = self { return [URLQueryItem(name: "quarter", value: quarter)] }
        return []
    }

    var policy: AccessPolicy {
        switch self {
        case .publicIndex, .publicChecklist: .everyone
        case .checklists, .dashboard: .signedIn
        case .evidencePack: .roles(Self.packReaders)
        case .importChecklist, .copyForm, .copy, .newItem, .createItem, .item, .updateItem, .removeItem, .autoTags, .saveAutoTags, .publicationTags,
            .addPublicationTags, .removePublicationTag:
            .roles(Self.editors)
        }
    }

    var options: RouteOptions {
        self == .importChecklist ? RouteOptions(body: .collect(maxSize: "2mb")) : .none
    }

    static func parse(_ template: ComplianceRoute, _ p: RouteParameters) -> ComplianceRoute? {
        switch template {
        case .publicIndex: return .publicIndex
        case .publicChecklist:
            guard let framework = p.string("framework"), ChecklistText.isValidFramework(framework),
                let year = p.int("fiscalYear", in: ChecklistText.fiscalYears)
            else { return nil }
            return .publicChecklist(framework: framework, fiscalYear: year)
        case .checklists: return .checklists
        case .importChecklist: return .importChecklist
        case .dashboard: return p.uuid("checklistID").map(ComplianceRoute.dashboard)
        case .copyForm: return p.uuid("checklistID").map(ComplianceRoute.copyForm)
        case .copy: return p.uuid("checklistID").map(ComplianceRoute.copy)
        case .newItem: return p.uuid("checklistID").map(ComplianceRoute.newItem)
        case .createItem: return p.uuid("checklistID").map(ComplianceRoute.createItem)
        case .item: return Self.pair(p).map { ComplianceRoute.item($0, $1) }
        case .updateItem: return Self.pair(p).map { ComplianceRoute.updateItem($0, $1) }
        case .removeItem: return Self.pair(p).map { ComplianceRoute.removeItem($0, $1) }
        case .evidencePack: return Self.pair(p).map { ComplianceRoute.evidencePack($0, $1, quarter: p.queryValue("quarter")) }
        case .autoTags: return .autoTags
        case .saveAutoTags: return .saveAutoTags
        case .publicationTags: return p.uuid("publicationID").map(ComplianceRoute.publicationTags)
        case .addPublicationTags: return p.uuid("publicationID").map(ComplianceRoute.addPublicationTags)
        case .removePublicationTag:
            guard let id = p.uuid("publicationID"), let itemID = p.uuid("itemID") else { return nil }
            return .removePublicationTag(id, itemID)
        }
    }

    private static func pair(_ p: RouteParameters) -> (UUID, UUID)? {
        guard let id = p.uuid("checklistID"), let itemID = p.uuid("itemID") else { return nil }
        return (id, itemID)
    }
}

extension ComplianceRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [StaffNavEntry(ComplianceRoute.checklists, ComplianceText.navTitle, in: .compliance)]
    }
}

/// The checklists' JSON API (the API contract, "Compliance (ITA)").
enum ComplianceAPIRoute: TypedRoute {
    case list
    case create
    case copy(UUID)
    case status(UUID)
    case exportCSV(UUID)
    case exportXLSX(UUID)
    case tagPublication(UUID)

    static let examples: [ComplianceAPIRoute] = [
        .list, .create, .copy(ComplianceRoute.exampleID), .status(ComplianceRoute.exampleID), .exportCSV(ComplianceRoute.exampleID),
        .exportXLSX(ComplianceRoute.exampleID), .tagPublication(ComplianceRoute.exampleID)
    ]

    var method: HTTPMethod {
        switch self {
        case .list, .status, .exportCSV, .exportXLSX: .GET
        case .create, .copy, .tagPublication: .POST
        }
    }

    var segments: [RouteSegment] {
        let base: [RouteSegment] = [.constant("api"), .constant("v1"), .constant("checklists")]
        switch self {
        case .list, .create: return base
        case .copy(let id): return base + [.parameter("id", id.lowercased), .constant("copy")]
        case .status(let id): return base + [.parameter("id", id.lowercased), .constant("status")]
        case .exportCSV(let id): return base + [.parameter("id", id.lowercased), .constant("export.csv")]
        case .exportXLSX(let id): return base + [.parameter("id", id.lowercased), .constant("export.xlsx")]
        case .tagPublication(let id):
            return [.constant("api"), .constant("v1"), .constant("publications"), .parameter("id", id.lowercased), .constant("checklist-items")]
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .list, .status, .exportCSV, .exportXLSX: .everyone
        case .create, .copy, .tagPublication: .roles([.webmaster])
        }
    }

    var options: RouteOptions {
        self == .create ? RouteOptions(body: .collect(maxSize: "2mb")) : .none
    }

    static func parse(_ template: ComplianceAPIRoute, _ p: RouteParameters) -> ComplianceAPIRoute? {
        switch template {
        case .list: return .list
        case .create: return .create
        case .copy: return p.uuid("id").map(ComplianceAPIRoute.copy)
        case .status: return p.uuid("id").map(ComplianceAPIRoute.status)
        case .exportCSV: return p.uuid("id").map(ComplianceAPIRoute.exportCSV)
        case .exportXLSX: return p.uuid("id").map(ComplianceAPIRoute.exportXLSX)
        case .tagPublication: return p.uuid("id").map(ComplianceAPIRoute.tagPublication)
        }
    }
}
