import Fluent
import Foundation
import PrakatCore
import Vapor

/// The desk (each role's inboxes) and the list of requests a person may see.
extension PublishingRoutes {
    struct DeskBody: Encodable {
        var displayName: String
        var position: String
        var unitName: String?
        var roles: [String]
        var unitHeadMissing: Bool
        var canCreate: Bool
        var myDrafts: [RequestSummary]
        var returnedToMe: [RequestSummary]
        var mySubmitted: [RequestSummary]
        var awaitingMyApproval: [RequestSummary]
        var awaitingPublication: [RequestSummary]
        /// Approved by the unit heads, waiting for the head of agency's permission.
        var awaitingMyPermission: [RequestSummary]
        var isAgencyHead: Bool
        var urgentAwaitingApproval: [RequestSummary]
        var expiringSoon: [RequestSummary]
        var showsPublisherInbox: Bool
        var showsWebmasterInbox: Bool
        var isHead: Bool
        var newRequestPath: String
        var requestsPath: String
        var webmasterShortage: Bool
        // The dashboard's cards come from the staff shell (`site.staff`): its counts and its menu.
        var waitingHeading = PublishingText.deskWaiting
        var nothingWaiting = PublishingText.deskNothingWaiting
        var areasHeading = PublishingText.deskAreas
        var openList = PublishingText.deskOpenList
    }

    func desk(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        // First run: the administrator names the agency before anything else (the public site
        // says "being set up" until then).
        if user.has(.administrator), await !req.agencyProfile().configured {
            return req.redirect(to: AgencyRoute.setup, flash: Flash(kind: .info, text: AgencyText.firstRunIntro))
        }
        let userID = try user.requireID()
        let unit = try await user.$unit.get(on: req.db)
        let now = req.clock.now()
        let mine = try await PublicationRequest.query(on: req.db).filter(\.$author.$id == userID).sort(\.$updatedAt, .descending).limit(200).all()
        let headedUnits = try await OrgUnit.query(on: req.db).filter(\.$headUserID == userID).all().compactMap(\.id)
        let awaitingApproval = try await PublishingInbox.awaitingApproval(by: user, on: req.db)?.sort(\.$submittedAt).all() ?? []
        var urgentAwaiting: [PublicationRequest] = []
        if user.has(.unitHead), !headedUnits.isEmpty {
            urgentAwaiting = try await PublicationRequest.query(on: req.db).filter(\.$unit.$id ~~ headedUnits)
                .filter(\.$stateRaw == RequestState.published.rawValue).filter(\.$urgent == true).filter(\.$approvedAt == nil).all()
        }
        let awaitingPublication = try await PublishingInbox.awaitingPublication(by: user, on: req.db)?.sort(\.$approvedAt).all() ?? []
        let returned = try await PublishingInbox.returned(to: user, on: req.db)?.sort(\.$updatedAt, .descending).all() ?? []
        let awaitingPermission = try await PublishingInbox.awaitingPermission(by: user, on: req.db)?.sort(\.$approvedAt).all() ?? []
        var expiring: [PublicationRequest] = []
        let isPublisher = user.hasAny([.uploader, .webmaster])
        if user.has(.webmaster) {
            // seed 1 §3.2: the webmaster keeps items current; what ends in the next 14 days comes first.
            let soon = now.addingTimeInterval(14 * 86_400)
            let publications = try await Publication.query(on: req.db).filter(\.$withdrawnAt == nil)
                .filter(\.$expireAt > now).filter(\.$expireAt <= soon).sort(\.$expireAt).all()
            let ids = publications.map(\.currentRequestID)
            expiring = ids.isEmpty ? [] : try await PublicationRequest.query(on: req.db).filter(\.$id ~~ ids).sort(\.$expireAt).all()
        }
        let webmasters = try await User.query(on: req.db).filter(\.$isActive == true).all().filter { $0.has(.webmaster) }.count
        let lookup = try await SummaryLookup.load(req.db, for: mine + returned + awaitingApproval + awaitingPublication + awaitingPermission + urgentAwaiting + expiring)
        let body = DeskBody(
            displayName: user.displayName, position: user.position, unitName: unit?.nameTh,
            roles: user.roles.sorted().map(\.thaiName), unitHeadMissing: unit != nil && unit?.headUserID == nil,
            canCreate: user.has(.staff) && unit != nil,
            myDrafts: mine.filter { $0.state == .draft }.map(lookup.summary),
            returnedToMe: returned.map(lookup.summary),
            mySubmitted: mine.filter { [.submitted, .approved, .awaitingPermission, .published].contains($0.state) }.prefix(20).map(lookup.summary),
            awaitingMyApproval: awaitingApproval.map(lookup.summary),
            awaitingPublication: awaitingPublication.map(lookup.summary),
            awaitingMyPermission: awaitingPermission.map(lookup.summary), isAgencyHead: user.has(.agencyHead),
            urgentAwaitingApproval: urgentAwaiting.map(lookup.summary),
            expiringSoon: expiring.map(lookup.summary),
            showsPublisherInbox: isPublisher, showsWebmasterInbox: user.has(.webmaster), isHead: user.has(.unitHead),
            newRequestPath: PublishingRoute.requestNew.path, requestsPath: PublishingRoute.requests.path,
            webmasterShortage: user.hasAny([.webmaster, .administrator]) && webmasters < 2)
        return try await req.render("Publishing/desk", title: PublishingText.deskTitle, body)
    }

    // MARK: List

    struct ListBody: Encodable {
        struct StateOption: Encodable { var value: String; var label: String; var selected: Bool }
        var requests: [RequestSummary]
        var states: [StateOption]
        var query: String
    }

    func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let stateFilter = (try? req.query.get(String.self, at: "state")).flatMap(RequestState.init(rawValue:))
        let text = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
        var query = PublicationRequest.query(on: req.db).sort(\.$updatedAt, .descending)
        if let stateFilter { query = query.filter(\.$stateRaw == stateFilter.rawValue) }
        let heads = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: req.db).all().map { ($0.id!, $0.headUserID) })
        let visible = try await query.limit(1_000).all()
            .filter { PublishingService.canView($0, user: user, unitHeadID: heads[$0.$unit.id] ?? nil) }
            .filter { text.isEmpty || PublicationSearch.normalise($0.title).contains(PublicationSearch.normalise(text)) }
        let listed = Array(visible.prefix(200))
        let lookup = try await SummaryLookup.load(req.db, for: listed)
        let body = ListBody(
            requests: listed.map(lookup.summary),
            states: RequestState.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: $0 == stateFilter) },
            query: text)
        return try await req.render("Publishing/requests", title: PublishingText.requestsTitle, body)
    }
}

/// Names for request summaries, loaded once per page instead of once per row.
struct SummaryLookup {
    var units: [UUID: String]
    var users: [UUID: String]
    var categories: [UUID: String]

    /// Reads only the units, authors and categories the listed requests name.
    static func load(_ db: any Database, for requests: [PublicationRequest]) async throws -> SummaryLookup {
        let unitIDs = Array(Set(requests.map(\.$unit.id))), userIDs = Array(Set(requests.map(\.$author.id)))
        let categoryIDs = Array(Set(requests.map(\.$category.id)))
        func named<M: Model>(_ rows: [M], _ name: (M) -> String) -> [UUID: String] where M.IDValue == UUID {
            Dictionary(rows.compactMap { row in row.id.map { ($0, name(row)) } }, uniquingKeysWith: { first, _ in first })
        }
        return SummaryLookup(
            units: unitIDs.isEmpty ? [:] : named(try await OrgUnit.query(on: db).filter(\.$id ~~ unitIDs).all(), \.nameTh),
            users: userIDs.isEmpty ? [:] : named(try await User.query(on: db).filter(\.$id ~~ userIDs).all(), \.displayName),
            categories: categoryIDs.isEmpty ? [:] : named(try await SiteCategory.query(on: db).filter(\.$id ~~ categoryIDs).all(), \.nameTh))
    }

    func summary(_ request: PublicationRequest) -> RequestSummary {
        request.summary(unitName: units[request.$unit.id] ?? "", authorName: users[request.$author.id] ?? "", categoryName: categories[request.$category.id] ?? "")
    }
}
