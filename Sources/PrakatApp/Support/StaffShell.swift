import Fluent
import Foundation
import PrakatCore
import Vapor

// The back-office shell: one layout (`Staff/layout`) for every page staff work on, with the
// navigation each person's roles allow, who is signed in, breadcrumbs and counts of what waits.
//
// Which layout a page wears is decided here, from the route, never by the template: every
// page template extends `page`, which picks `Staff/layout` when `site.staff` is set and the
// public `Site/layout` otherwise. A route that only signed-in people may call gets the shell;
// a route open to everyone gets the public layout unless its page model is a `SharedPage`.

/// A page of a route open to everyone that staff also work on (a plan's project or round):
/// signed-in people see it in the staff shell, visitors in the public layout.
protocol SharedPage {}

/// One step of the trail above a staff page's heading. The shell adds the desk before and the
/// page's own title after the steps the page model supplies.
struct Breadcrumb: Encodable, Hashable, Sendable {
    var label: String
    var path: String
}

/// A page model that knows where its page sits (a request below the request list, a round below
/// its project). Pages without it get desk › title.
protocol HasBreadcrumbs {
    var breadcrumbs: [Breadcrumb] { get }
}

/// Where an entry stands in the staff navigation. Sections keep this order; a section without
/// an entry the person may open is not shown, so a section whose feature does not exist yet
/// (the e-Service queue, compliance, statistics) shows nothing until that feature declares an entry.
enum StaffNavSection: Int, CaseIterable, Comparable, Sendable {
    case desk, requests, eService, plans, compliance, statistics, categories, administration, account

    /// The heading above the section's entries; nil for sections of one entry that names itself.
    var title: String? {
        switch self {
        case .desk, .requests, .eService, .plans, .compliance, .statistics, .categories: nil
        case .administration: SupportText.navAdministration
        case .account: SupportText.navAccount
        }
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Something that waits for the signed-in person (requests to approve, to publish, returned),
/// counted with one COUNT query. `count` answers nil when it does not concern this person.
struct StaffCount: Sendable {
    var label: String
    /// Where the waiting things are listed.
    var path: String
    var count: @Sendable (User, any Database) async throws -> Int?
}

/// One link of the staff navigation, shown to the people its route lets in.
struct StaffNavEntry: Sendable {
    var section: StaffNavSection
    var label: String
    var path: String
    var policy: AccessPolicy
    var counts: [StaffCount]

    /// An entry for a typed route: the path and who sees it come from the route itself, so the
    /// menu never links to a page that does not exist or that the person may not open.
    init<Route: TypedRoute>(_ route: Route, _ label: String, in section: StaffNavSection, counts: [StaffCount] = []) {
        self.init(path: route.path, policy: route.policy, label, in: section, counts: counts)
    }

    /// For features whose routes are not typed yet; `StaffShellTests` checks the path is a
    /// registered GET route with this policy.
    init(path: String, policy: AccessPolicy, _ label: String, in section: StaffNavSection, counts: [StaffCount] = []) {
        self.section = section
        self.label = label
        self.path = path
        self.policy = policy
        self.counts = counts
    }
}

/// A feature's entries in the staff navigation.
protocol StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] { get }
}

enum StaffNavigation {
    /// Every feature that adds to the staff navigation; a new feature adds its type here.
    static var features: [any StaffNavigationProvider.Type] {
        [
            PublishingRoute.self, HomeContentRoute.self, PlansNavigation.self, AccountsRoute.self, AgencyRoute.self, NotificationsRoute.self, OperationsRoute.self,
            EServiceRoute.self, QuestionsRoute.self,
            // Engagement (issue 12)
            SatisfactionRoute.self,
            // Compliance (issue 13)
            ComplianceRoute.self,
            // Compliance: the annual publishing report
            PublishingReportRoute.self,
            // Compliance (ITA issue, point 6)
            CurrencyRoute.self
        ]
    }

    static var entries: [StaffNavEntry] {
        features.flatMap { $0.staffNavigation }.enumerated()
            .sorted { ($0.element.section, $0.offset) < ($1.element.section, $1.offset) }
            .map(\.element)
    }
}

/// What `Staff/layout` shows, as `site.staff`.
struct StaffShellView: Encodable {
    struct Count: Encodable {
        var label: String
        var value: Int
        var path: String
    }

    struct Entry: Encodable {
        var label: String
        var path: String
        /// `page` on the page itself, `true` on the entry of the area the page belongs to, nil elsewhere.
        var current: String?
        var isPage: Bool
        var counts: [Count]
    }

    struct Section: Encodable {
        var title: String?
        var entries: [Entry]
    }

    var sections: [Section]
    /// The trail between the desk and this page (the layout adds both ends).
    var breadcrumbs: [Breadcrumb]
    var deskPath = PublishingRoute.desk.path
    var isDesk: Bool
    /// Every count that concerns this person, for the desk's cards.
    var waiting: [Count]
    var publicSitePath = PublicRoute.home.path
    var text = StaffShellText()
}

/// The shell's own words (from `SupportText`), passed along so the layout holds no Thai of its own.
struct StaffShellText: Encodable {
    var area = SupportText.staffArea
    var desk = PublishingText.deskTitle
    var menu = SupportText.staffMenu
    var menuLabel = SupportText.staffMenuLabel
    var breadcrumbLabel = SupportText.breadcrumbLabel
    var publicSite = SupportText.publicSiteLink
    var signedInAs = SupportText.signedInAs
    var skipLink = SupportText.skipToContent
    var signOut = SupportText.signOut
    var today = SupportText.today
}

extension StaffShellView {
    /// The shell for `user` on `path`: entries their roles allow, the current one marked, and
    /// each entry's counts as `counts` reads them (from the database, or a mock's numbers).
    static func build(
        for user: User, path: String, breadcrumbs: [Breadcrumb], entries: [StaffNavEntry] = StaffNavigation.entries,
        counts countsOf: (StaffCount) -> Int?
    ) -> StaffShellView {
        let visible = entries.filter { $0.policy.permits(user) }
        let current = currentPath(among: visible.map(\.path), for: path)
        var sections: [Section] = []
        var sectionOfLast: StaffNavSection?
        var waiting: [Count] = []
        for entry in visible {
            var counts: [Count] = []
            for count in entry.counts {
                guard let value = countsOf(count) else { continue }
                counts.append(Count(label: count.label, value: value, path: count.path))
            }
            waiting += counts
            let isPage = entry.path == path
            let shown = Entry(
                label: entry.label, path: entry.path, current: isPage ? "page" : (entry.path == current ? "true" : nil),
                isPage: isPage, counts: counts)
            if let last = sections.indices.last, sectionOfLast == entry.section {
                sections[last].entries.append(shown)
            } else {
                sections.append(Section(title: entry.section.title, entries: [shown]))
            }
            sectionOfLast = entry.section
        }
        return StaffShellView(sections: sections, breadcrumbs: breadcrumbs, isDesk: path == PublishingRoute.desk.path, waiting: waiting)
    }

    /// The entry whose path is the longest whole-segment prefix of `path` (`/admin/units` for
    /// `/admin/units/3f…`), so the area a page belongs to is marked too.
    static func currentPath(among paths: [String], for path: String) -> String? {
        paths.filter { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }.max { $0.count < $1.count }
    }
}

extension Request {
    /// The staff shell for this page, or nil when it wears the public layout: nobody is signed
    /// in, no route matched (a 404), or the route is open to everyone and the page is not shared.
    func staffShell(for body: some Encodable) async -> StaffShellView? {
        guard let user = auth.get(User.self), let policy = routePolicy else { return nil }
        if case .everyone = policy, !(body is any SharedPage) { return nil }
        let trail = (body as? any HasBreadcrumbs)?.breadcrumbs ?? []
        let visible = StaffNavigation.entries.filter { $0.policy.permits(user) }
        var values: [String: Int] = [:]
        for count in visible.flatMap(\.counts) {
            // A count that cannot be read leaves the menu usable; the page itself still loads.
            if let value = try? await count.count(user, db) { values[count.path] = value }
        }
        return StaffShellView.build(for: user, path: url.path, breadcrumbs: trail, entries: visible) { values[$0.path] }
    }
}
