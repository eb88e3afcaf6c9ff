import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Webmasters edit the category tree and its rules (issue 3 §1); slugs never change, since
/// category and item URLs are submitted to the ITA.
@Suite("Publishing: category pages for webmasters")
struct PublishingCategoryTests {
    static func form(_ category: SiteCategory, _ changes: [String: String]) -> [String: String] {
        var form = [
            "nameTh": category.nameTh, "nameEn": category.nameEn ?? "", "parentId": category.parentID?.lowercased ?? "",
            "position": String(category.position), "expiredPolicy": category.expiredPolicyRaw, "inNavigation": "on"
        ]
        if let days = category.defaultDays { form["defaultDays"] = String(days) }
        if category.requiresExpiry { form["requiresExpiry"] = "on" }
        form.merge(changes) { $1 }
        return form
    }

    @Test func aWebmasterChangesTheRulesButNotTheSlugAndTheNewRulesApply() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let jobs = try #require(room.categories["jobs"])
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let list = try await webmaster.request(.GET, "/staff/categories")
            #expect(list.status == .ok)
            #expect(list.text.contains("ประกาศรับสมัครงาน"))
            #expect(try await webmaster.request(.GET, "/staff/categories/\(jobs.id!.lowercased)").status == .ok)

            let saved = try await webmaster.post(
                "/staff/categories/\(jobs.id!.lowercased)",
                Self.form(
                    jobs,
                    [
                        "nameTh": "ประกาศรับสมัครงานและทุนการศึกษา", "slug": "hacked", "defaultDays": "14", "expiredPolicy": "archive"
                    ]))
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/staff/categories")
            let stored = try #require(try await SiteCategory.find(jobs.id, on: app.db))
            #expect(stored.slug == "jobs")
            #expect(stored.nameTh == "ประกาศรับสมัครงานและทุนการศึกษา")
            #expect(stored.defaultDays == 14)
            #expect(stored.expiredPolicy == .archive)
            #expect(stored.requiresExpiry)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "category.updated").all()
            #expect(audit.count == 1)
            #expect(audit.first?.actorID == fixtures.users[.webmaster]?.id)

            #expect(try await visitor(app, "/c/jobs").text.contains("ประกาศรับสมัครงานและทุนการศึกษา"))
            #expect(try await visitor(app, "/c/hacked").status == .notFound)
            #expect(try await visitor(app, "/c/jobs/archive").status == .ok)

            // A job posting without an end now runs for the new default of 14 days.
            let item = try await room.publish("jobs", title: "รับสมัครลูกจ้างชั่วคราว ตำแหน่งพนักงานขับรถยนต์")
            let publication = try #require(try await Publication.find(item.publicationID, on: app.db))
            #expect(publication.expireAt == clock.now().addingTimeInterval(14 * 86_400))
        }
    }

    @Test func aBadValueIsShownBesideItsFieldAndNothingChanges() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let jobs = try #require(room.categories["jobs"])
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let response = try await webmaster.post("/staff/categories/\(jobs.id!.lowercased)", Self.form(jobs, ["defaultDays": "0", "nameTh": "ชื่อใหม่"]))
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("จำนวนวันต้องเป็นตัวเลข 1–3650"))
            #expect(response.text.contains("ชื่อใหม่"))
            #expect(try await SiteCategory.find(jobs.id, on: app.db)?.defaultDays == 30)
        }
    }

    @Test func nobodyButAWebmasterMayEditCategories() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let laws = try #require(room.categories["laws"])
            for username in ["staff", "unithead", "uploader", "planner", "administrator", "auditor"] {
                let browser = Browser(app)
                try await browser.signIn(username)
                #expect(try await browser.request(.GET, "/staff/categories").status == .forbidden, "\(username)")
                let post = try await browser.post("/staff/categories/\(laws.id!.lowercased)", Self.form(laws, ["nameTh": "ถูกแก้โดย \(username)"]))
                #expect(post.status == .forbidden, "\(username)")
            }
            let anonymous = Browser(app)
            let post = try await anonymous.post("/staff/categories/\(laws.id!.lowercased)", Self.form(laws, ["nameTh": "ไม่ระบุตัวตน"]))
            #expect(post.status == .unauthorized)
            #expect(try await SiteCategory.find(laws.id, on: app.db)?.nameTh == laws.nameTh)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "category.updated").count() == 0)
        }
    }

    @Test func theAPIListsEachCategorysRules() async throws {
        try await withPrakat { app, fixtures, clock in
            _ = try await Newsroom.open(app, fixtures, clock)
            let response = try await APIClient.anonymous(app).call(.GET, "/api/v1/categories?perPage=100")
            #expect(response.status == .ok)
            let items = try response.json()["items"] as? [[String: Any]] ?? []
            func category(_ slug: String) -> [String: Any]? { items.first { $0["slug"] as? String == slug } }
            #expect(category("laws")?["requiresSource"] as? Bool == true)
            #expect(category("articles")?["requiresSourceDate"] as? Bool == true)
            #expect(category("procurement")?["requiresExpiry"] as? Bool == true)
            #expect(category("procurement")?["defaultDays"] as? Int == 30)
            #expect(category("procurement")?["expiredPolicy"] as? String == "archive")
            #expect(category("jobs")?["expiredPolicy"] as? String == "remove")
            #expect(category("jobs")?["parentId"] as? String == category("news")?["id"] as? String)
        }
    }
}
