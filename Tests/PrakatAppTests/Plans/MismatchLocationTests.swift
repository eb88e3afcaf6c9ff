import Foundation
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// A planner saw the API's path ("quarterPlan") in the project page's mismatch table.
@Suite("Plans: where a mismatch is, in Thai")
struct MismatchLocationTests {
    @Test func locationsAreNamedInThai() {
        #expect(PlansText.locationName("quarterPlan") == "แผนรายไตรมาส (ข้อ 11)")
        #expect(PlansText.locationName("expenseLines[3].unitPrice") == "ค่าใช้จ่าย (ข้อ 7) แถวที่ 4 · ราคาต่อหน่วย")
        #expect(PlansText.locationName("targetGroups[0].categories[2]") == "กลุ่มเป้าหมาย (ข้อ 4) แถวที่ 1 · ประเภท แถวที่ 3")
        #expect(PlansText.locationName("activities[1].subItems") == "กิจกรรม แถวที่ 2 · รายการย่อย")
        // Something new stays readable rather than vanishing.
        #expect(PlansText.locationName("somethingElse[x]") == "somethingElse")
        #expect(PlansText.locationName("") == "")
    }

    @Test func theProjectPageShowsTheThaiName() async throws {
        try await withPrakat { app, _, _ in
            let planner = Browser(app)
            try await planner.signIn("planner")
            // The first activity's budget with no quarter split.
            var form = smallProjectForm
            form["a0-q2-2569-budget"] = nil
            let created = try await planner.post(PlansRoute.projectCreate.path, form)
            #expect(created.status == .seeOther || created.status == .found, "\(created.text.prefix(1000))")
            let project = try #require(try await PlanProject.query(on: app.db).first())
            #expect(project.mismatchCount > 0)
            let page = try await planner.request(.GET, PlansRoute.project(try project.requireID()).path)
            #expect(page.text.contains("แผนรายไตรมาส (ข้อ 11)"))
            #expect(!page.text.contains("<code>quarterPlan</code>"))
        }
    }
}
