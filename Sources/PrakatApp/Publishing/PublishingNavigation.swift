import Fluent
import Foundation
import PrakatCore
import Vapor

/// The desk's inboxes as queries: the desk lists their rows and the staff shell counts them
/// (one COUNT each), so a card's number and the list below it use the same filter.
/// Each answers nil when the inbox does not concern the person.
enum PublishingInbox {
    /// Submitted requests of the units `user` heads, not written by them.
    static func awaitingApproval(by user: User, on db: any Database) async throws -> QueryBuilder<PublicationRequest>? {
        guard user.hasAny(RequestAction.approve.permittedRoles) else { return nil }
        let userID = try user.requireID()
        let headedUnits = try await OrgUnit.query(on: db).filter(\.$headUserID == userID).all().compactMap(\.id)
        guard !headedUnits.isEmpty else { return nil }
        return waiting(for: .approve, on: db).filter(\.$unit.$id ~~ headedUnits).filter(\.$author.$id != userID)
    }

    /// Approved requests, and urgent ones already submitted, waiting for an uploader or webmaster.
    static func awaitingPublication(by user: User, on db: any Database) -> QueryBuilder<PublicationRequest>? {
        guard user.hasAny(RequestAction.publish.permittedRoles) else { return nil }
        return waiting(for: .publish, on: db)
    }

    /// Requests the unit heads approved, waiting for the head of agency's permission: for every
    /// holder of the `agencyHead` role, or only the delegate the agency's setting names.
    static func awaitingPermission(by user: User, on db: any Database) async throws -> QueryBuilder<PublicationRequest>? {
        guard user.hasAny(RequestAction.permit.permittedRoles) else { return nil }
        let permission = try await AgencyHeadPermission.current(on: db)
        if let delegate = permission.delegateID, delegate != user.id { return nil }
        return waiting(for: .permit, on: db).filter(\.$author.$id != (try user.requireID()))
    }

    /// The author's requests sent back for correction.
    static func returned(to user: User, on db: any Database) throws -> QueryBuilder<PublicationRequest>? {
        guard user.hasAny(RequestAction.submit.permittedRoles) else { return nil }
        return waiting(for: .submit, on: db).filter(\.$author.$id == (try user.requireID()))
    }

    /// Requests in the states from which `action` can be taken (`RequestAction.inbox`).
    private static func waiting(for action: RequestAction, on db: any Database) -> QueryBuilder<PublicationRequest> {
        PublicationRequest.query(on: db).group(.or) { any in
            for condition in action.inbox {
                any.group(.and) { one in
                    one.filter(\.$stateRaw == condition.state.rawValue)
                    if condition.urgentOnly { one.filter(\.$urgent == true) }
                }
            }
        }
    }
}

extension PublishingRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        let desk = PublishingRoute.desk.path
        return [
            StaffNavEntry(PublishingRoute.desk, PublishingText.deskTitle, in: .desk),
            StaffNavEntry(
                PublishingRoute.requests, PublishingText.navRequests, in: .requests,
                counts: [
                    StaffCount(label: PublishingText.awaitingMyApproval, path: desk + "#inbox-approval") { user, db in
                        try await PublishingInbox.awaitingApproval(by: user, on: db)?.count()
                    },
                    StaffCount(label: PublishingText.awaitingMyPermission, path: desk + "#inbox-permission") { user, db in
                        try await PublishingInbox.awaitingPermission(by: user, on: db)?.count()
                    },
                    StaffCount(label: PublishingText.awaitingPublication, path: desk + "#inbox-publish") { user, db in
                        try await PublishingInbox.awaitingPublication(by: user, on: db)?.count()
                    },
                    StaffCount(label: PublishingText.returnedToMe, path: desk + "#inbox-returned") { user, db in
                        try await PublishingInbox.returned(to: user, on: db)?.count()
                    }
                ]),
            StaffNavEntry(PublishingRoute.categories, PublishingText.categoriesTitle, in: .categories)
        ]
    }
}

// Where the publishing pages sit below the desk.
extension PublishingRoutes.ShowBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: PublishingText.navRequests, path: PublishingRoute.requests.path)] }
}

extension PublishingRoutes.FormBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: PublishingText.navRequests, path: PublishingRoute.requests.path)] }
}

extension CategoryRoutes.FormBody: HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: PublishingText.categoriesTitle, path: PublishingRoute.categories.path)] }
}
