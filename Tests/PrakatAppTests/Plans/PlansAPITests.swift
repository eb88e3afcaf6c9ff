import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// The demo document (seed 2) as API JSON.
func seedTwoJSON(extra: [String: Any] = [:], edit: ((inout [String: Any]) -> Void)? = nil) throws -> String {
    let data = try JSONEncoder().encode(PlansDemo.document)
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    for (key, value) in extra { object[key] = value }
    edit?(&object)
    return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
}

@Suite("Plans API")
struct PlansAPITests {
    @Test func seedTwoChecksCleanAndHasItsNumbers() {
        let doc = PlansDemo.document
        #expect(ProjectChecks.validate(doc).isEmpty)
        #expect(ProjectChecks.check(doc).isEmpty)
        #expect(doc.totalBudget == Baht(baht: 2_500_000))
        #expect(doc.activities.map(\.budget) == [400_000, 350_000, 50_000, 1_700_000].map { Baht(baht: $0) })
        #expect(doc.activity(4)!.subItems.map(\.budget) == [200_000, 400_000, 400_000, 300_000, 200_000, 200_000].map { Baht(baht: $0) })
        #expect(doc.targetCount(activity: 1) == 330 && doc.targetCount(activity: 2) == 330 && doc.targetCount(activity: 3) == 130)
        #expect(doc.targetGroups[0].categories.map(\.computedCount) == [183, 120, 27])
        #expect(doc.outputTargets.map { $0.plans[0].plan } == [13, 13, 12, 6])
        #expect(doc.authors.count == 2 && doc.objectives.count == 5 && doc.expectedResults.count == 4 && doc.attachments.count == 4)
        #expect(BahtText.words(doc.totalBudget) == "สองล้านห้าแสนบาทถ้วน")
    }

    @Test func plannerPostsTheSeedAndReadsTotals() async throws {
        try await withPrakat { app, _, _ in
            let planner = try await APIClient.signIn(app, "planner")
            let created = try await planner.call(.POST, "/api/v1/projects", json: try seedTwoJSON())
            #expect(created.status == .created)
            let body = try created.json()
            #expect((body["checks"] as? [Any])?.isEmpty == true)
            #expect(body["totalBudget"] as? String == "2500000.00")
            let id = try #require(body["id"] as? String)

            let detail = try await planner.call(.GET, "/api/v1/projects/\(id)")
            #expect(detail.status == .ok)
            let project = try detail.json()
            let totals = try #require(project["totals"] as? [String: Any])
            #expect(totals["totalInWords"] as? String == "สองล้านห้าแสนบาทถ้วน")
            #expect(totals["activitiesTotal"] as? String == "2500000.00")
            #expect((project["activities"] as? [[String: Any]])?.count == 4)
            #expect(project["state"] as? String == "draft")

            let list = try await planner.call(.GET, "/api/v1/projects?fiscalYear=2564").json()
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["totalBudget"] as? String == "2500000.00" && items[0]["fiscalYears"] as? [Int] == [2564])

            // Drafts are not public.
            #expect(try await APIClient(app: app).call(.GET, "/api/v1/projects/\(id)").status == .notFound)
            let publicList = try await APIClient(app: app).call(.GET, "/api/v1/projects").json()
            #expect(publicList["total"] as? Int == 0)
        }
    }

    @Test(arguments: [
        ("negative money", #"{"title":"x","fiscalYear":2569,"activities":[{"number":1,"title":"a","budget":"-5.00"}]}"#, "activities[0].budget"),
        ("money as text", #"{"title":"x","fiscalYear":2569,"activities":[{"number":1,"title":"a","budget":"ห้าบาท"}]}"#, "activities[0].budget"),
        ("money as a float", #"{"title":"x","fiscalYear":2569,"activities":[{"number":1,"title":"a","budget":12.5}]}"#, "activities[0].budget"),
        (
            "quarter outside", #"{"title":"x","fiscalYear":2569,"activities":[{"number":1,"title":"a"}],"quarterPlan":[{"activity":1,"fiscalYear":2570,"quarter":1}]}"#,
            "quarterPlan[0].fiscalYear"
        ),
        (
            "quarter 5", #"{"title":"x","fiscalYear":2569,"activities":[{"number":1,"title":"a"}],"quarterPlan":[{"activity":1,"fiscalYear":2569,"quarter":5}]}"#,
            "quarterPlan[0].quarter"
        ),
        (
            "percent over 100", #"{"title":"x","fiscalYear":2569,"indicators":[{"kind":"quantitative","description":"d","comparator":">=","target":120,"unit":"ร้อยละ"}]}"#,
            "indicators[0].target"
        ),
        (
            "target group of zero", #"{"title":"x","fiscalYear":2569,"activities":[{"number":1,"title":"a"}],"targetGroups":[{"activity":1,"description":"d","statedTotal":0}]}"#,
            "targetGroups[0].statedTotal"
        )
    ])
    func badInputIs422AndSavesNothing(_ name: String, _ json: String, _ field: String) async throws {
        try await withPrakat { app, _, _ in
            let planner = try await APIClient.signIn(app, "planner")
            let response = try await planner.call(.POST, "/api/v1/projects", json: json)
            #expect(response.status == .unprocessableEntity, "\(name)")
            #expect(response.headers.contentType?.description.contains("problem+json") == true || response.headers.contentType?.subType == "json")
            let problem = try response.json()
            let errors = try #require(problem["errors"] as? [[String: String]], "\(name)")
            #expect(errors.contains { $0["field"] == field }, "\(name): \(errors)")
            #expect(errors.allSatisfy { ($0["message"] ?? "").unicodeScalars.contains { (0x0E00...0x0E7F).contains($0.value) } })
            #expect(try await PlanProject.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "project").count() == 0)
        }
    }

    @Test func wrongTypeAndRoles() async throws {
        try await withPrakat { app, _, _ in
            let planner = try await APIClient.signIn(app, "planner")
            #expect(try await planner.call(.POST, "/api/v1/projects", json: "{}", contentType: "text/plain").status == .unsupportedMediaType)
            #expect(try await planner.call(.POST, "/api/v1/projects", json: "{bad").status == .badRequest)
            let auditor = try await APIClient.signIn(app, "auditor")
            #expect(try await auditor.call(.POST, "/api/v1/projects", json: try seedTwoJSON()).status == .forbidden)
            #expect(try await APIClient(app: app).call(.POST, "/api/v1/projects", json: try seedTwoJSON()).status == .unauthorized)
            #expect(try await planner.call(.GET, "/api/v1/projects?fiscalYear=abc").status == .badRequest)
        }
    }

    @Test func workflowThroughTheAPIAndTheReport() async throws {
        try await withPrakat { app, fixtures, _ in
            let staff = try await APIClient.signIn(app, "staff")
            let head = try await APIClient.signIn(app, "unithead")
            let planner = try await APIClient.signIn(app, "planner")
            // An inconsistent draft can be saved but not submitted.
            let broken = try await staff.call(
                .POST, "/api/v1/projects",
                json: try seedTwoJSON { doc in
                    var activities = doc["activities"] as! [[String: Any]]
                    activities[2]["budget"] = "60000.00"
                    doc["activities"] = activities
                })
            #expect(broken.status == .created)
            let brokenBody = try broken.json()
            let checks = try #require(brokenBody["checks"] as? [[String: Any]])
            #expect(checks.map { $0["code"] as? String } == ["activities-total", "quarters-total"])
            let brokenID = try #require(brokenBody["id"] as? String)
            #expect(try await staff.call(.POST, "/api/v1/projects/\(brokenID)/submit").status == .unprocessableEntity)

            let id = try #require(try await staff.call(.POST, "/api/v1/projects", json: try seedTwoJSON()).json()["id"] as? String)
            #expect(try await head.call(.POST, "/api/v1/projects/\(id)/approve").status == .conflict)  // not submitted yet
            #expect(try await staff.call(.POST, "/api/v1/projects/\(id)/submit").json()["state"] as? String == "submitted")
            #expect(try await staff.call(.POST, "/api/v1/projects/\(id)/approve").status == .forbidden)  // staff may not approve
            #expect(try await head.call(.POST, "/api/v1/projects/\(id)/approve").json()["state"] as? String == "approved")
            #expect(try await planner.call(.POST, "/api/v1/projects/\(id)/approve").status == .conflict)  // approving twice
            #expect(try await staff.call(.PUT, "/api/v1/projects/\(id)", json: try seedTwoJSON()).status == .conflict)  // no edits after approval

            // Public once approved.
            #expect(try await APIClient(app: app).call(.GET, "/api/v1/projects/\(id)").status == .ok)

            // 6-month round: Q3 is outside it, percentages over 100 are refused, nothing saved.
            let bad = #"{"actuals":[{"activity":1,"quarter":3,"spent":"1.00"}],"indicatorResults":[{"path":"L1","actual":101}]}"#
            let refused = try await staff.call(.PUT, "/api/v1/projects/\(id)/rounds/2564/m6", json: bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(try await PlanRound.query(on: app.db).count() == 0)

            let good =
                #"{"actuals":[{"activity":1,"quarter":2,"output":13,"spent":"386450.00"}],"indicatorResults":[{"path":"L2.1","actual":82.5}],"problems":["ช้า"],"suggestions":["เร็วขึ้น"]}"#
            #expect(try await staff.call(.PUT, "/api/v1/projects/\(id)/rounds/2564/m6", json: good).status == .ok)
            #expect(try await APIClient(app: app).call(.GET, "/api/v1/projects/\(id)/report?round=6").status == .notFound)  // not approved yet
            #expect(try await staff.call(.POST, "/api/v1/projects/\(id)/rounds/2564/m6/submit").json()["state"] as? String == "submitted")
            #expect(try await head.call(.POST, "/api/v1/projects/\(id)/rounds/2564/m6/approve").json()["state"] as? String == "approved")
            #expect(try await staff.call(.PUT, "/api/v1/projects/\(id)/rounds/2564/m6", json: good).status == .conflict)  // locked

            let report = try await APIClient(app: app).call(.GET, "/api/v1/projects/\(id)/report?round=6")
            #expect(report.status == .ok)
            let body = try report.json()
            let pva = try #require(body["planVsActual"] as? [String: Any])
            #expect(pva["plannedTotal"] as? String == "400000.00")
            #expect(pva["spentTotal"] as? String == "386450.00")
            let indicators = try #require(body["indicators"] as? [[String: Any]])
            #expect(indicators.first { $0["path"] as? String == "L2.1" }?["status"] as? String == "pass")
            _ = fixtures
        }
    }

    @Test func publishingSeamDescribesAnApprovedRound() async throws {
        let doc = PlansDemo.document
        let seam = ProgressReportDocument(projectID: UUID(), unitID: UUID(), document: doc, kind: .m6, year: 2564, data: PlansDemo.sixMonthReport)
        #expect(seam.checklistCodes == ["MOIT2"])
        #expect(seam.quarter == 2 && seam.fiscalYear == 2564)
        #expect(seam.title.hasPrefix("รายงานผลการดำเนินงาน รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2564 โครงการสัมมนา"))
        #expect(seam.details.contains("ใช้จ่ายจริง 386,450.00 บาท"))
    }
}
