import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Progress rounds through their pages: who may do which step, what each sees, and what a
/// refused step leaves behind (nothing).
@Suite("Plans: progress rounds")
struct RoundPagesTests {
    @Test func theRoundsPermissionMatrix() async throws {
        try await withPrakat { app, _, _ in
            let (project, round) = try await filledRound(app)
            let address = RoundAddress(project: project, year: FiscalYear(beYear: 2569), kind: .m6)
            func browser(_ username: String) async throws -> Browser {
                let browser = Browser(app)
                try await browser.signIn(username)
                return browser
            }
            let staff = try await browser("staff"), head = try await browser("unithead"), auditor = try await browser("auditor")
            let webmaster = try await browser("webmaster")

            // A draft round is the agency's business: the public is told nothing exists.
            #expect(try await Browser(app).request(.GET, round).status == .notFound)
            // Staff see only the step the rules allow them (submit), the head nothing yet.
            let draft = try await staff.request(.GET, round).text
            #expect(draft.contains(PlansRoute.roundAction(address, .submit).path))
            #expect(!draft.contains(PlansRoute.roundAction(address, .approve).path))
            #expect(!(try await head.request(.GET, round).text.contains(PlansRoute.roundAction(address, .approve).path)))

            // Roles outside the action's permitted roles are refused by the route's policy.
            #expect(try await auditor.post(PlansRoute.roundAction(address, .submit).path, [:]).status == .forbidden)
            #expect(try await webmaster.post(PlansRoute.roundAction(address, .approve).path, [:]).status == .forbidden)
            #expect(try await staff.post(PlansRoute.roundAction(address, .approve).path, [:]).status == .forbidden)
            // Approving a draft is a conflict with its state: the page says so, nothing changes.
            _ = try await head.post(PlansRoute.roundAction(address, .approve).path, [:])
            #expect(try await PlanRound.query(on: app.db).first()?.state == .draft)

            #expect(try await staff.post(PlansRoute.roundAction(address, .submit).path, [:]).status == .seeOther)
            let submitted = try await head.request(.GET, round).text
            #expect(submitted.contains(PlansRoute.roundAction(address, .approve).path))
            #expect(submitted.contains(PlansRoute.roundAction(address, .return).path))
            // Returning needs a reason; without one nothing changes.
            _ = try await head.post(PlansRoute.roundAction(address, .return).path, ["reason": "  "])
            #expect(try await PlanRound.query(on: app.db).first()?.state == .submitted)
            #expect(try await head.post(PlansRoute.roundAction(address, .approve).path, [:]).status == .seeOther)

            // Approved: locked for everyone, public, and the audit trail names each step.
            let approved = try #require(try await PlanRound.query(on: app.db).first())
            #expect(approved.state == .approved)
            _ = try await staff.post(round, [RoundPages.cellName(1, nil, 2, "out"): "99"])
            #expect(try await PlanRound.query(on: app.db).first()?.dataJSON == approved.dataJSON)
            #expect(try await Browser(app).request(.GET, round).status == .ok)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityType == "round").sort(\.$sequence).all().map(\.action)
            #expect(actions == ["round.saved", "round.submitted", "round.approved"])
            try await expectAuditVocabulary(app.db)
        }
    }

    /// A round outside the project's years, an unknown kind or a project that is not there: 404.
    @Test(arguments: ["/rounds/2590/m6", "/rounds/2569/m7", "/rounds/99999/m6", "/rounds/2569/M6"])
    func addressesThatAreNoRoundAre404(_ suffix: String) async throws {
        try await withPrakat { app, _, _ in
            let (project, _) = try await filledRound(app)
            let staff = Browser(app)
            try await staff.signIn("staff")
            #expect(try await staff.request(.GET, PlansRoute.project(project).path + suffix).status == .notFound)
            #expect(try await staff.request(.GET, PlansRoute.project(UUID()).path + "/rounds/2569/m6").status == .notFound)
        }
    }
}
