import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// The annual publishing report read from the database: a hand-counted set of requests and their
/// history for fiscal year 2569 (1 October 2025 – 30 September 2026), then its page, print page,
/// CSV, API and the button that sends it to publishing.
@Suite("Annual publishing report")
struct PublishingReportPagesTests {
    /// A moment in Bangkok.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 10, _ minute: Int = 0) -> Date {
        let date = CalendarDate(year: year, month: month, day: day) ?? CalendarDate.bangkok(containing: Date(timeIntervalSince1970: 0))
        return date.startInBangkok.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    typealias Step = (action: RequestAction, at: Date, from: RequestState, to: RequestState)

    /// A request as the workflow would have left it: the row and one history row per step.
    @discardableResult
    static func insert(
        _ app: Application, _ fixtures: Fixtures, _ title: String, unit: OrgUnit, category: SiteCategory, urgent: Bool = false, expireAt: Date? = nil,
        publicationID: UUID? = nil, _ steps: [Step]
    ) async throws -> UUID {
        let first = steps.first?.at ?? at(2026, 1, 1)
        let request = PublicationRequest()
        request.id = UUID()
        request.$unit.id = try unit.requireID()
        request.$author.id = try fixtures.staff.requireID()
        request.$category.id = try category.requireID()
        request.publicationID = publicationID
        request.revision = 1
        request.requestDate = CalendarDate.bangkok(containing: first).iso
        request.title = title
        request.details = "รายละเอียด"
        request.externalLinks = ""
        request.expireAt = expireAt
        request.urgent = urgent
        request.state = steps.last?.to ?? .draft
        request.version = steps.count + 1
        request.fiscalYear = FiscalYear.containing(first).beYear
        request.fiscalQuarter = 1
        request.providerName = fixtures.staff.displayName
        request.providerPosition = fixtures.staff.position
        request.createdAt = first
        request.updatedAt = steps.last?.at ?? first
        try await request.create(on: app.db)
        for step in steps {
            let event = RequestEvent()
            event.id = UUID()
            event.requestID = try request.requireID()
            event.action = step.action.rawValue
            event.actorName = "ทดสอบ"
            event.address = "127.0.0.1"
            event.at = step.at
            event.fromState = step.from.rawValue
            event.toState = step.to.rawValue
            try await event.create(on: app.db)
        }
        return try request.requireID()
    }

    /// The hand-counted set (the comment on each says what it adds to FY 2569).
    static func seed(_ app: Application, _ fixtures: Fixtures) async throws {
        let u1 = fixtures.unit, u2 = fixtures.otherUnit
        let news = try #require(try await SiteCategory.query(on: app.db).filter(\.$slug == "news").first())
        let procurement = SiteCategory(slug: "procurement-news", nameTh: "ข่าวจัดซื้อจัดจ้าง", nameEn: nil, clause: "1.8", position: 2)
        try await procurement.create(on: app.db)
        // A: submitted and approved in FY 2568, published in 2569 after 7 days, taken down on time.
        try await insert(
            app, fixtures, "A", unit: u1, category: news, expireAt: at(2025, 12, 1, 0),
            [
                (.submit, at(2025, 9, 25), .draft, .submitted), (.approve, at(2025, 9, 28), .submitted, .approved), (.publish, at(2025, 10, 2), .approved, .published),
                (.expire, at(2025, 12, 1, 0, 1), .published, .expired)
            ])
        // B: returned twice, published after 10 days, the take-down recorded 5 days late.
        try await insert(
            app, fixtures, "B", unit: u1, category: news, expireAt: at(2026, 1, 31, 0),
            [
                (.create, at(2025, 10, 30), .draft, .draft), (.submit, at(2025, 11, 1), .draft, .submitted), (.returnToAuthor, at(2025, 11, 3), .submitted, .returned),
                (.submit, at(2025, 11, 5), .returned, .submitted), (.returnToAuthor, at(2025, 11, 6), .submitted, .returned),
                (.submit, at(2025, 11, 8), .returned, .submitted), (.approve, at(2025, 11, 9), .submitted, .approved),
                (.publish, at(2025, 11, 11), .approved, .published), (.expire, at(2026, 2, 5), .published, .expired)
            ])
        // C: rejected.
        try await insert(
            app, fixtures, "C", unit: u1, category: procurement, [(.submit, at(2026, 1, 10), .draft, .submitted), (.reject, at(2026, 1, 12), .submitted, .rejected)])
        // D: urgent, published 2 hours after submission, approved after the fact, withdrawn 2 days after its end (late).
        try await insert(
            app, fixtures, "D", unit: u2, category: news, urgent: true, expireAt: at(2026, 6, 1, 0),
            [
                (.submit, at(2026, 3, 1), .draft, .submitted), (.publish, at(2026, 3, 1, 12), .submitted, .published), (.approve, at(2026, 3, 2), .published, .published),
                (.withdraw, at(2026, 6, 3), .published, .withdrawn)
            ])
        // E: urgent, published after an hour, never approved: lapsed (a problem).
        try await insert(
            app, fixtures, "E", unit: u2, category: procurement, urgent: true,
            [
                (.submit, at(2026, 4, 1), .draft, .submitted), (.publish, at(2026, 4, 1, 11), .submitted, .published),
                (.urgentLapse, at(2026, 4, 4, 11), .published, .withdrawn)
            ])
        // F: waiting for approval at the year's end (a problem), approved in FY 2570.
        try await insert(
            app, fixtures, "F", unit: u2, category: procurement, [(.submit, at(2026, 9, 1), .draft, .submitted), (.approve, at(2026, 10, 5), .submitted, .approved)])
        // J: published after 7 days; its period ended on 1 August and no take-down was recorded (a problem).
        try await insert(
            app, fixtures, "J", unit: u1, category: procurement, expireAt: at(2026, 8, 1, 0),
            [(.submit, at(2026, 1, 25), .draft, .submitted), (.approve, at(2026, 1, 28), .submitted, .approved), (.publish, at(2026, 2, 1), .approved, .published)])
        // K, published after 2 days, replaced by its revision K2 (2 days, taken down on time): K has no take-down of its own.
        let publicationID = UUID()
        let k = try await insert(
            app, fixtures, "K", unit: u2, category: news, expireAt: at(2026, 3, 1, 0), publicationID: publicationID,
            [(.submit, at(2025, 12, 1), .draft, .submitted), (.approve, at(2025, 12, 2), .submitted, .approved), (.publish, at(2025, 12, 3), .approved, .published)])
        let k2 = try await insert(
            app, fixtures, "K2", unit: u2, category: news, expireAt: at(2026, 3, 1, 0), publicationID: publicationID,
            [
                (.revise, at(2026, 2, 19), .draft, .draft), (.submit, at(2026, 2, 20), .draft, .submitted), (.approve, at(2026, 2, 21), .submitted, .approved),
                (.publish, at(2026, 2, 22), .approved, .published), (.expire, at(2026, 3, 1, 0, 0), .published, .expired)
            ])
        let publication = Publication()
        publication.id = publicationID
        publication.number = 1
        publication.categoryID = try news.requireID()
        publication.unitID = try u2.requireID()
        publication.currentRequestID = k2
        publication.title = "K2"
        publication.body = ""
        publication.externalLinks = ""
        publication.publishAt = at(2025, 12, 3)
        publication.expireAt = at(2026, 3, 1, 0)
        publication.takedownRecordedAt = at(2026, 3, 1, 0)
        publication.firstPublishedAt = at(2025, 12, 3)
        publication.updatedAt = at(2026, 3, 1, 0)
        publication.searchTitle = "k2"
        publication.searchBody = ""
        publication.searchFiles = ""
        publication.excerpt = ""
        try await publication.create(on: app.db)
        _ = k
    }

    /// requests, approved, returned, rejected, published, on time, late, urgent, average days, problems.
    static func figures(_ json: Any?) -> [String] {
        let f = json as? [String: Any] ?? [:]
        let keys = ["requests", "approved", "returned", "rejected", "published", "takenDownOnTime", "takenDownLate", "urgentUses"]
        let average = (f["averageDaysToPublish"] as? Double).map { String(format: "%.1f", $0) } ?? "–"
        return keys.map { (f[$0] as? Int).map(String.init) ?? "?" } + [average, (f["openProblems"] as? Int).map(String.init) ?? "?"]
    }

    static func row(_ report: [String: Any], _ list: String, _ name: String) -> [String] {
        figures(((report[list] as? [[String: Any]]) ?? []).first { $0["nameTh"] as? String == name }?["figures"])
    }

    func signedIn(_ app: Application, _ username: String) async throws -> Browser {
        let browser = Browser(app)
        try await browser.signIn(username)
        return browser
    }

    @Test func theFiguresMatchTheHandCount() async throws {
        try await withPrakat { app, fixtures, clock in
            try await Self.seed(app, fixtures)
            clock.set(Self.at(2026, 11, 15))
            let api = try await APIClient.signIn(app, "auditor")
            let response = try await api.call(.GET, PublishingReportAPIRoute.report.path + "?fiscalYear=2569")
            try #require(response.status == .ok, "\(response.status) \(response.text.prefix(500))")
            let report = try response.json()
            #expect(report["fiscalYear"] as? Int == 2569 && report["from"] as? String == "2025-10-01" && report["to"] as? String == "2026-09-30")
            // requests, approved, returned, rejected, published, on time, late, urgent, average days, problems
            #expect(Self.figures(report["totals"]) == ["8", "5", "2", "1", "7", "2", "2", "2", "4.0", "3"])
            #expect(Self.row(report, "units", fixtures.unit.nameTh) == ["3", "2", "2", "1", "3", "1", "1", "0", "8.0", "1"])
            #expect(Self.row(report, "units", fixtures.otherUnit.nameTh) == ["5", "3", "0", "0", "4", "1", "1", "2", "1.0", "2"])
            #expect(Self.row(report, "categories", "ข่าวประชาสัมพันธ์") == ["4", "4", "2", "0", "5", "2", "2", "1", "4.2", "0"])
            #expect(Self.row(report, "categories", "ข่าวจัดซื้อจัดจ้าง") == ["4", "1", "0", "1", "2", "0", "0", "1", "3.5", "3"])
            let problems = (report["problems"] as? [[String: Any]] ?? []).map { "\($0["title"] ?? "") \($0["kind"] ?? "")" }.sorted()
            #expect(problems == ["E urgentLapsed", "F awaitingApproval", "J takedownNotRecorded"])

            // The request over the boundary: F's approval counts in FY 2570; nothing was submitted there yet.
            let next = try await api.call(.GET, PublishingReportAPIRoute.report.path + "?fiscalYear=2570").json()
            #expect(Self.figures(next["totals"]).prefix(2) == ["0", "1"])
            // Without a year: the current one (2570).
            #expect(try await api.call(.GET, PublishingReportAPIRoute.report.path).json()["fiscalYear"] as? Int == 2570)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func theAPIRefusesBadYearsAndOtherRoles() async throws {
        try await withPrakat { app, _, _ in
            let api = try await APIClient.signIn(app, "webmaster")
            let path = PublishingReportAPIRoute.report.path
            for (query, status) in [
                ("?fiscalYear=2569&fiscalYear=2570", HTTPResponseStatus.badRequest), ("?fiscalYear=", .badRequest), ("?fiscalYear=abc", .unprocessableEntity),
                ("?fiscalYear=2499", .unprocessableEntity), ("?fiscalYear=2701", .unprocessableEntity), ("?fiscalYear=99999999999999999999", .unprocessableEntity)
            ] {
                let response = try await api.call(.GET, path + query)
                #expect(response.status == status, "\(query)")
                #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true, "\(query)")
            }
            #expect(try await api.call(.GET, path + "?fiscalYear=2569").status == .ok)
            for username in ["staff", "unithead", "administrator"] {
                #expect(try await APIClient.signIn(app, username).call(.GET, path).status == .forbidden, "\(username)")
            }
            #expect(try await APIClient(app: app).call(.GET, path).status == .unauthorized)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func thePagesPrintAndExport() async throws {
        try await withPrakat { app, fixtures, clock in
            try await Self.seed(app, fixtures)
            clock.set(Self.at(2026, 11, 15))
            let webmaster = try await signedIn(app, "webmaster")
            let page = try await webmaster.request(.GET, PublishingReportRoute.report.path(fiscalYear: 2569))
            #expect(page.status == .ok)
            #expect(page.text.contains(fixtures.otherUnit.nameTh) && page.text.contains("ข่าวจัดซื้อจัดจ้าง"))
            #expect(page.text.contains(PublishingProblemKind.awaitingApproval.thaiName))
            // A webmaster without the staff role does not get the button.
            #expect(!page.text.contains(PublishingReportRoute.publish.path))
            for username in ["auditor", "administrator"] {
                #expect(try await signedIn(app, username).request(.GET, PublishingReportRoute.report.path).status == .ok, "\(username)")
            }
            for username in ["staff", "unithead", "uploader", "planner"] {
                #expect(try await signedIn(app, username).request(.GET, PublishingReportRoute.report.path).status == .forbidden, "\(username)")
            }
            let bad = try await webmaster.request(.GET, PublishingReportRoute.report.path + "?fiscalYear=abc")
            #expect(bad.status == .unprocessableEntity && bad.text.contains(PublishingReportText.yearInvalid))
            #expect(try await webmaster.request(.GET, PublishingReportRoute.report.path + "?fiscalYear=2569&fiscalYear=2570").status == .badRequest)

            // The print page: the memo to the head of agency in Thai digits, then the tables.
            let print = try await webmaster.request(.GET, PublishingReportRoute.print.path(fiscalYear: 2569))
            #expect(print.status == .ok)
            #expect(print.text.contains("บันทึกข้อความ") && print.text.contains("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"))
            #expect(print.text.contains(PublishingReportText.headDecision) && print.text.contains("มีคำขอเผยแพร่ทั้งสิ้น ๘ เรื่อง"))
            #expect(print.text.contains(fixtures.users[.webmaster]?.displayName ?? "-"))

            let csv = try await webmaster.request(.GET, PublishingReportRoute.csv.path(fiscalYear: 2569))
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("\(PublishingReportText.total),") && csv.text.contains(",8,5,2,1,7,2,2,2,4.0,3"))
            // PDF through the shared renderer: a PDF where chromium is installed, a Thai 503 where it is not.
            let pdf = try await webmaster.request(.GET, PublishingReportRoute.pdf.path(fiscalYear: 2569))
            #expect(pdf.status == .ok || pdf.status == .serviceUnavailable)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func sendingToPublishingMakesOneRequestTaggedMOIT1() async throws {
        try await withPrakat { app, fixtures, _ in
            let user = User(
                username: "webstaff", displayName: "นางสาวเว็บ ดูแล", position: "นักวิชาการคอมพิวเตอร์", unitID: fixtures.unit.id, roles: [.staff, .webmaster],
                passwordHash: try Bcrypt.hash(Fixtures.password, cost: 4), mustChangePassword: false)
            try await user.create(on: app.db)
            let browser = try await signedIn(app, "webstaff")
            #expect(try await browser.request(.GET, PublishingReportRoute.report.path).text.contains(PublishingReportRoute.publish.path))
            #expect(try await browser.post(PublishingReportRoute.publish.path, ["fiscalYear": "25x9"]).status == .unprocessableEntity)
            let sent = try await browser.post(PublishingReportRoute.publish.path, ["fiscalYear": "2569"])
            #expect(sent.status == .seeOther && sent.location?.hasPrefix(PublishingRoute.requests.path + "/") == true, "\(sent.location ?? "")")
            let request = try #require(try await PublicationRequest.query(on: app.db).first())
            #expect(request.title.contains("ประจำปีงบประมาณ พ.ศ. 2569") && request.originKey == "publishing-report:2569" && request.state == .draft)
            let tagged = try await RequestChecklistTag.query(on: app.db).filter(\.$requestID == request.requireID()).all().map(\.checklistItemID)
            #expect(tagged == (try await ChecklistService.autoTagItemIDs(.annualPublishingReport, fiscalYear: 2569, on: app.db)))
            let items = try await ChecklistItem.query(on: app.db).filter(\.$id ~~ tagged).all()
            #expect(!items.isEmpty && items.allSatisfy { $0.code == "MOIT1" })
            let again = try await browser.post(PublishingReportRoute.publish.path, ["fiscalYear": "2569"])
            #expect(again.location == sent.location)
            #expect(try await PublicationRequest.query(on: app.db).count() == 1)
            // The web master alone is not a unit's staff; staff alone may not read the report.
            #expect(try await signedIn(app, "webmaster").post(PublishingReportRoute.publish.path, ["fiscalYear": "2569"]).status == .forbidden)
            #expect(try await signedIn(app, "staff").post(PublishingReportRoute.publish.path, ["fiscalYear": "2569"]).status == .forbidden)
            try await expectAuditVocabulary(app.db)
        }
    }
}
