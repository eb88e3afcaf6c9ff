import Foundation
import PrakatCore
import Vapor

/// A staff step on a citizen's request, posted from its page.
enum ServiceStep: String, CaseIterable, Sendable {
    case assign, reply, close, reopen
}

/// e-Service pages: the citizen's catalogue, forms and status page under `/eservice`, the
/// service desk's pages under `/staff/eservice`.
enum EServiceRoute: TypedRoute {
    // Citizens
    case catalogue
    case form(String)
    case submit(String)
    case track
    case status(String)
    /// What a citizen is shown once a request is filed: its code and secret (the form's POST
    /// answers with a redirect here, so reloading the receipt does not file the request again).
    case receipt(String)
    case addInformation(String)
    case rate(String)
    case stats
    case statsCSV
    case statsPrint
    // Staff
    case desk
    case request(UUID)
    case step(UUID, ServiceStep)
    case file(UUID, UUID)
    /// A public reply becomes a public question and answer.
    case publishReply(UUID, UUID)
    case statsPublish
    // Administrators
    case types
    case typeNew
    case typeCreate
    case typeEdit(UUID)
    case typeUpdate(UUID)
    case holidays
    case holidayAdd
    case holidayRemove(UUID)

    static let exampleID = UUID(uuidString: "6f1c2a7e-0b5d-4c1e-9a64-2f7d3b8e5c01") ?? UUID()
    static let exampleCode = "2570-000123"
    static let examples: [EServiceRoute] =
        [
            .catalogue, .form("complaint"), .submit("complaint"), .track, .status(exampleCode), .receipt(exampleCode), .addInformation(exampleCode), .rate(exampleCode),
            .stats, .statsCSV, .statsPrint, .desk, .request(exampleID)
        ] + ServiceStep.allCases.map { .step(exampleID, $0) }
        + [
            .file(exampleID, exampleID), .publishReply(exampleID, exampleID), .statsPublish, .types, .typeNew, .typeCreate, .typeEdit(exampleID), .typeUpdate(exampleID), .holidays,
            .holidayAdd,
            .holidayRemove(exampleID)
        ]

    var method: HTTPMethod {
        switch self {
        case .submit, .addInformation, .rate, .step, .publishReply, .statsPublish, .typeCreate, .typeUpdate, .holidayAdd, .holidayRemove: .POST
        default: .GET
        }
    }

    var segments: [RouteSegment] {
        let eservice: [RouteSegment] = [.constant("eservice")]
        let staff: [RouteSegment] = [.constant("staff"), .constant("eservice")]
        switch self {
        case .catalogue: return eservice
        case .form(let slug), .submit(let slug): return eservice + [.constant("forms"), .parameter("serviceType", slug)]
        case .track: return eservice + [.constant("track")]
        case .status(let code): return eservice + [.constant("track"), .parameter("trackingCode", code)]
        case .receipt(let code): return eservice + [.constant("track"), .parameter("trackingCode", code), .constant("receipt")]
        case .addInformation(let code): return eservice + [.constant("track"), .parameter("trackingCode", code), .constant("information")]
        case .rate(let code): return eservice + [.constant("track"), .parameter("trackingCode", code), .constant("rating")]
        case .stats: return eservice + [.constant("stats")]
        case .statsCSV: return eservice + [.constant("stats"), .constant("csv")]
        case .statsPrint: return eservice + [.constant("stats"), .constant("print")]
        case .desk: return staff
        case .request(let id): return staff + [.constant("requests"), .parameter("serviceRequestID", id.lowercased)]
        case .step(let id, let step): return staff + [.constant("requests"), .parameter("serviceRequestID", id.lowercased), .parameter("serviceStep", step.rawValue)]
        case .file(let id, let file):
            return staff + [.constant("requests"), .parameter("serviceRequestID", id.lowercased), .constant("files"), .parameter("serviceFileID", file.lowercased)]
        case .publishReply(let id, let event):
            return staff + [
                .constant("requests"), .parameter("serviceRequestID", id.lowercased), .constant("replies"), .parameter("serviceEventID", event.lowercased),
                .constant("publish")
            ]
        case .statsPublish: return staff + [.constant("stats"), .constant("publish")]
        case .types, .typeCreate: return staff + [.constant("types")]
        case .typeNew: return staff + [.constant("types"), .constant("new")]
        case .typeEdit(let id), .typeUpdate(let id): return staff + [.constant("types"), .parameter("serviceTypeID", id.lowercased)]
        case .holidays, .holidayAdd: return staff + [.constant("holidays")]
        case .holidayRemove(let id): return staff + [.constant("holidays"), .parameter("holidayID", id.lowercased), .constant("remove")]
        }
    }

    /// Everyone who works a request reaches the desk; what each sees is decided per request.
    static let deskRoles: Set<Role> = [.serviceDesk, .staff, .unitHead, .auditor, .administrator, .webmaster, .uploader, .planner]

    var policy: AccessPolicy {
        switch self {
        case .catalogue, .form, .submit, .track, .status, .receipt, .addInformation, .rate, .stats, .statsCSV, .statsPrint: .everyone
        case .desk, .request, .step, .file: .roles(Self.deskRoles)
        // The rules allow it to the desk (or a confidential type's people, who may not): checked per request.
        case .publishReply: .roles(Self.deskRoles)
        // A report becomes a publication request of its sender's unit: staff write those.
        case .statsPublish: .roles([.staff])
        case .types, .typeNew, .typeCreate, .typeEdit, .typeUpdate, .holidays, .holidayAdd, .holidayRemove: .administrator()
        }
    }

    var options: RouteOptions {
        switch self {
        // Up to five files at once (ServiceDesk.maxFiles): the body may hold them all.
        case .submit, .addInformation: RouteOptions(filesPerPost: ServiceDesk.maxFiles)
        default: .none
        }
    }

    static func parse(_ template: EServiceRoute, _ p: RouteParameters) -> EServiceRoute? {
        switch template {
        case .catalogue, .track, .stats, .statsCSV, .statsPrint, .desk, .statsPublish, .types, .typeNew, .typeCreate, .holidays, .holidayAdd: return template
        case .form: return slug(p).map(EServiceRoute.form)
        case .submit: return slug(p).map(EServiceRoute.submit)
        case .status: return code(p).map(EServiceRoute.status)
        case .receipt: return code(p).map(EServiceRoute.receipt)
        case .addInformation: return code(p).map(EServiceRoute.addInformation)
        case .rate: return code(p).map(EServiceRoute.rate)
        case .request: return p.uuid("serviceRequestID").map(EServiceRoute.request)
        case .step:
            guard let id = p.uuid("serviceRequestID"), let step = p.string("serviceStep").flatMap(ServiceStep.init(rawValue:)) else { return nil }
            return .step(id, step)
        case .file:
            guard let id = p.uuid("serviceRequestID"), let file = p.uuid("serviceFileID") else { return nil }
            return .file(id, file)
        case .publishReply:
            guard let id = p.uuid("serviceRequestID"), let event = p.uuid("serviceEventID") else { return nil }
            return .publishReply(id, event)
        case .typeEdit: return p.uuid("serviceTypeID").map(EServiceRoute.typeEdit)
        case .typeUpdate: return p.uuid("serviceTypeID").map(EServiceRoute.typeUpdate)
        case .holidayRemove: return p.uuid("holidayID").map(EServiceRoute.holidayRemove)
        }
    }

    static func slug(_ p: RouteParameters) -> String? {
        p.string("serviceType").flatMap { ServiceTypeSlug.isValid($0) ? $0 : nil }
    }

    static func code(_ p: RouteParameters) -> String? {
        p.string("trackingCode").flatMap(TrackingCode.init(parsing:)).map(\.description)
    }
}

enum ServiceTypeSlug {
    /// a–z, digits and hyphens, 2–40 long, starting with a letter.
    static func isValid(_ slug: String) -> Bool {
        let bytes = Array(slug.utf8)
        guard (2...40).contains(bytes.count), let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return bytes.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
    }
}

extension EServiceRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [
            StaffNavEntry(
                EServiceRoute.desk, EServiceText.deskNav, in: .eService,
                counts: [
                    StaffCount(label: EServiceText.openForMe, path: EServiceRoute.desk.path) { user, db in
                        try await ServiceDeskCounts.open(for: user, on: db)
                    },
                    StaffCount(label: EServiceText.overdueForMe, path: EServiceRoute.desk.path + "?overdue=1") { user, db in
                        try await ServiceDeskCounts.overdue(for: user, on: db)
                    }
                ]),
            StaffNavEntry(EServiceRoute.types, EServiceText.typesTitle, in: .administration),
            StaffNavEntry(EServiceRoute.holidays, EServiceText.holidaysTitle, in: .administration)
        ]
    }
}
