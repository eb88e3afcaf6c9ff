import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

@Suite("Staff shell")
struct StaffShellTests {
    @Test func staffPagesWearTheShellAndPublicPagesTheSiteLayout() async throws {
        try await withPrakat { app, fixtures, _ in
            let browser = Browser(app)
            try await browser.signIn("staff")
            let desk = try await browser.request(.GET, PublishingRoute.desk.path).text
            #expect(desk.contains(#"<body class="staff">"#))
            #expect(desk.contains(##"class="skip-link" href="#main""##))
            #expect(desk.contains(#"<main id="main""#))
            #expect(desk.contains(#"<nav class="staff-nav" aria-label="\#(SupportText.staffMenuLabel)">"#))
            #expect(desk.contains(#"href="/staff" aria-current="page""#))
            #expect(desk.contains(fixtures.staff.displayName))
            #expect(desk.contains(Role.staff.thaiName))
            let token = try #require(browser.cookies["prakat_csrf"])
            #expect(desk.contains(#"action="/logout""#) && desk.contains(#"name="_csrf" value="\#(token)""#))
            #expect(!desk.contains("site-footer"))

            // A request's page marks its area and shows the trail back to the list.
            let list = try await browser.request(.GET, PublishingRoute.requests.path).text
            #expect(list.contains(#"href="/staff/requests" aria-current="page""#))
            #expect(list.contains(#"<li aria-current="page">\#(PublishingText.requestsTitle)</li>"#))

            // The public site stays the public site for someone signed in.
            let home = try await browser.request(.GET, PublicRoute.home.path).text
            #expect(home.contains(#"class="site-header""#))
            #expect(!home.contains("staff-nav"))
        }
    }

    @Test func theMenuShowsWhatEachRoleMayOpen() async throws {
        try await withPrakat { app, _, _ in
            func menu(_ username: String) async throws -> String {
                let browser = Browser(app)
                try await browser.signIn(username)
                // The two-factor page opens even for someone who must still enrol.
                return try await browser.request(.GET, AccountsRoute.twoFactor.path).text
            }
            let staff = try await menu("staff")
            #expect(staff.contains(#"href="/staff/requests""#) && staff.contains(#"href="/plans""#))
            #expect(!staff.contains(#"href="/admin""#) && !staff.contains(#"href="/staff/categories""#))
            let webmaster = try await menu("webmaster")
            #expect(webmaster.contains(#"href="/staff/categories""#) && !webmaster.contains(#"href="/plans""#))
            let auditor = try await menu("auditor")
            #expect(auditor.contains(#"href="/admin/audit""#) && auditor.contains(#"href="/admin/traffic""#))
            #expect(!auditor.contains(#"href="/admin/units""#))
            let administrator = try await menu("administrator")
            for path in ["/admin", "/admin/units", "/admin/users", "/admin/audit", "/admin/security", "/admin/traffic"] {
                #expect(administrator.contains(#"href="\#(path)""#), "\(path)")
            }
            #expect(administrator.contains(#"href="/account/two-factor" aria-current="page""#))
        }
    }

    /// Every entry links to a GET route that exists and lets in exactly the people who see it.
    @Test func everyMenuEntryIsARegisteredRouteWithTheSamePolicy() async throws {
        try await withPrakat { app, _, _ in
            let entries = StaffNavigation.entries
            #expect(entries.count >= 12)
            for entry in entries {
                let path = String(entry.path.split(separator: "?", maxSplits: 1)[0])
                let segments = path.split(separator: "/").map(String.init)
                let route = app.routes.all.first { route in
                    // `plans.on(.GET, "")` registers a trailing empty constant.
                    let components = route.path.filter { $0 != .constant("") }
                    return route.method == .GET && components.count == segments.count
                        && zip(components, segments).allSatisfy { component, segment in
                            if case .constant(let text) = component { return text == segment }
                            return false
                        }
                }
                let registered = try #require(route, "no GET route for \(entry.path)")
                let policy = registered.userInfo[AccessPolicy.userInfoKey] as? AccessPolicy
                #expect(policy?.description == entry.policy.description, "\(entry.path): the menu shows it to \(entry.policy), the route lets in \(String(describing: policy))")
            }
        }
    }

    @Test func countsOfWhatWaitsAreShownInTheMenuAndOnTheDesk() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวรออนุมัติสำหรับการนับ")
            try await room.act("submit", id, by: room.staff)
            let head = Browser(app)
            try await head.signIn("unithead")
            let desk = try await head.request(.GET, PublishingRoute.desk.path).text
            #expect(desk.contains(#"<span class="nav-count">1<span class="visually-hidden"> \#(PublishingText.awaitingMyApproval)</span></span>"#))
            #expect(desk.contains(#"<h3>\#(PublishingText.awaitingMyApproval)</h3><p class="stat">1</p>"#))
            #expect(desk.contains(##"href="/staff#inbox-approval""##))
            #expect(desk.contains("ข่าวรออนุมัติสำหรับการนับ"))
            // The staff member who wrote it waits for nothing.
            let staff = Browser(app)
            try await staff.signIn("staff")
            let own = try await staff.request(.GET, PublishingRoute.desk.path).text
            #expect(!own.contains(#"class="nav-count""#))
            #expect(own.contains(#"<h3>\#(PublishingText.returnedToMe)</h3><p class="stat">0</p>"#))
        }
    }

    @Test func sharedPlansPagesWearTheShellForStaffAndTheSiteLayoutForVisitors() async throws {
        try await withPrakat(environment: ["PRAKAT_DEMO": "1"]) { app, _, _ in
            let hash = try Bcrypt.hash(Fixtures.password, cost: 4)
            let unit = try #require(try await OrgUnit.query(on: app.db).first())
            try await User(
                username: "strategyhead", displayName: "หัวหน้า", position: "หัวหน้า", unitID: unit.id, roles: [.unitHead],
                passwordHash: hash, mustChangePassword: false
            ).create(on: app.db)
            try await PlansDemo.seed(app)
            let project = try #require(try await PlanProject.query(on: app.db).first())
            let path = PlansRoute.project(try project.requireID()).path
            let visitor = try await Browser(app).request(.GET, path).text
            #expect(visitor.contains(#"class="site-header""#) && !visitor.contains("staff-nav"))
            let planner = Browser(app)
            try await planner.signIn("planner")
            let shell = try await planner.request(.GET, path).text
            #expect(shell.contains(#"<body class="staff">"#))
            #expect(shell.contains(#"href="/plans" aria-current="true""#))
            #expect(shell.contains(#"<li><a href="/plans">\#(PlansText.dashboardTitle)</a></li>"#))
        }
    }

    @Test func theCurrentEntryIsTheLongestWholeSegmentPrefix() {
        let paths = ["/staff", "/staff/requests", "/admin", "/admin/units"]
        #expect(StaffShellView.currentPath(among: paths, for: "/staff/requests/3f2504e0") == "/staff/requests")
        #expect(StaffShellView.currentPath(among: paths, for: "/admin/units/new") == "/admin/units")
        #expect(StaffShellView.currentPath(among: paths, for: "/admin/users") == "/admin")
        #expect(StaffShellView.currentPath(among: paths, for: "/staffing") == nil)
    }
}
