import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Issue 5 §6: an approved progress report goes to seed 1's publishing workflow as a pre-filled
/// request tagged MOIT 2, and is public only after the unit head approves and an uploader publishes.
@Suite("Plans: sending an approved report to publishing")
struct PlansPublishingTests {
    @Test func anApprovedReportBecomesADraftRequestTaggedMOIT2ThatGoesThroughApproval() async throws {
        try await withPrakat { app, fixtures, clock in
            let newsroom = try await Newsroom.open(app, fixtures, clock)
            let (id, round) = try await filledRound(app)
            let staff = Browser(app)
            try await staff.signIn("staff")
            let head = Browser(app)
            try await head.signIn("unithead")

            // Not approved yet: no button, and posting says why without creating anything.
            #expect(try await staff.post(round + "/submit", [:]).status == .seeOther)
            #expect(!(try await staff.request(.GET, round)).text.contains("ส่งขอเผยแพร่บนเว็บไซต์"))
            let early = try await staff.post(PlansRoute.roundPublicationRequest(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path, [:])
            #expect(early.status == .seeOther)
            #expect(try await PublicationRequest.query(on: app.db).count() == 0)

            #expect(try await head.post(round + "/approve", [:]).status == .seeOther)
            let page = try await staff.request(.GET, round)
            #expect(page.text.contains("ส่งขอเผยแพร่บนเว็บไซต์"))
            // A planner without the staff role sees the report but may not write a request.
            let planner = Browser(app)
            try await planner.signIn("planner")
            #expect(!(try await planner.request(.GET, round)).text.contains("ส่งขอเผยแพร่บนเว็บไซต์"))
            #expect(try await planner.post(PlansRoute.roundPublicationRequest(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path, [:]).status == .forbidden)
            #expect(try await PublicationRequest.query(on: app.db).count() == 0)

            let sent = try await staff.post(PlansRoute.roundPublicationRequest(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path, [:])
            #expect(sent.status == .seeOther)
            let request = try #require(try await PublicationRequest.query(on: app.db).first())
            let requestID = try request.requireID()
            #expect(sent.headers.first(name: .location) == PublishingRoute.request(requestID).path)
            #expect(request.state == .draft)
            #expect(request.$unit.id == fixtures.unit.id)
            #expect(request.title.hasPrefix("รายงานผลการดำเนินงาน รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2569"))
            #expect(request.details.contains("อบรมครบตามแผน"))
            #expect(request.details.contains("28,500.00"))
            #expect(request.details.contains("ผู้เข้าอบรมบางส่วนติดภารกิจ"))
            #expect(request.$category.id == newsroom.categories["action-plan"]?.id)
            let tags = try await RequestChecklistTag.query(on: app.db).filter(\.$requestID == requestID).all()
            let codes = try await ChecklistItem.query(on: app.db).filter(\.$id ~~ tags.map(\.checklistItemID)).all().map(\.code)
            #expect(codes == ["MOIT2"])
            let attachments = try await Attachment.query(on: app.db).filter(\.$requestID == requestID).all()
            #expect(attachments.count == (app.pdfRenderer.isAvailable ? 1 : 0))

            // Sent once: a second press leads to the same request.
            let again = try await staff.post(PlansRoute.roundPublicationRequest(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path, [:])
            #expect(again.headers.first(name: .location) == PublishingRoute.request(requestID).path)
            #expect(try await PublicationRequest.query(on: app.db).count() == 1)
            #expect((try await staff.request(.GET, round)).text.contains("ดูคำขอเผยแพร่ที่สร้างจากรายงานนี้"))

            // Seed 1's workflow from here: nothing is public until approved and published.
            #expect(
                try await visitor(app, "/search?q=" + "รายงานผลการดำเนินงาน".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
                    .text.contains("ไม่พบ"))
            #expect(try await newsroom.act("submit", requestID, by: newsroom.staff).status == .ok)
            #expect(try await newsroom.act("approve", requestID, by: newsroom.head).status == .ok)
            let published = try await newsroom.publishApproved(requestID)
            let item = try await visitor(app, published.path)
            #expect(item.status == .ok)
            #expect(item.text.contains("รายงานผลการดำเนินงาน รอบ 6 เดือน"))
        }
    }

    /// Issue 15 §6: two presses at once both passed the check on the round and made two requests.
    /// The race is replayed in order: the first press's request exists (with its origin) but has
    /// not been linked to the round yet when the second press arrives.
    @Test func aSecondPressThatRacesTheFirstOpensTheSameRequest() async throws {
        try await withPrakat { app, fixtures, clock in
            let newsroom = try await Newsroom.open(app, fixtures, clock)
            let (id, round) = try await filledRound(app)
            let staff = Browser(app)
            try await staff.signIn("staff")
            #expect(try await staff.post(round + "/submit", [:]).status == .seeOther)
            let head = Browser(app)
            try await head.signIn("unithead")
            #expect(try await head.post(round + "/approve", [:]).status == .seeOther)
            let send = PlansRoute.roundPublicationRequest(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path

            #expect(try await staff.post(send, [:]).status == .seeOther)
            let first = try #require(try await PublicationRequest.query(on: app.db).first())
            let stored = try #require(try await PlanRound.query(on: app.db).first())
            #expect(first.originKey == PublicationRequest.origin(planRound: try stored.requireID()))
            stored.publicationRequestID = nil  // the first press has not linked it yet
            try await stored.update(on: app.db)

            let second = try await staff.post(send, [:])
            #expect(second.status == .seeOther)
            #expect(second.location == PublishingRoute.request(try first.requireID()).path)
            #expect(try await PublicationRequest.query(on: app.db).count() == 1)

            // And the database itself refuses a second request with the same origin.
            let other = try #require(try await PublicationRequest.find(try await newsroom.draft(title: "คำขออื่น"), on: app.db))
            other.originKey = first.originKey
            await #expect(throws: (any Error).self) { try await other.update(on: app.db) }
        }
    }

    @Test func aLongProjectNameIsShortenedToFitTheTitleLimit() {
        let long = String(repeating: "โครงการสัมมนาเชิงปฏิบัติการ ", count: 12)
        let fitted = ProgressReportDocument.fitted("รายงานผลการดำเนินงาน รอบ 6 เดือน " + long, max: 160)
        #expect(ThaiText.graphemeLength(fitted) <= 160)
        #expect(fitted.hasSuffix("…"))
        #expect(ProgressReportDocument.fitted("สั้น", max: 160) == "สั้น")
    }
}

/// The small project of the pages test, approved and active, with its 6-month round filled in
/// by staff (not yet submitted).
func filledRound(_ app: Application) async throws -> (project: UUID, round: String) {
    let planner = Browser(app)
    try await planner.signIn("planner")
    _ = try await planner.post(PlansRoute.projectCreate.path, smallProjectForm)
    let id = try #require(try await PlanProject.query(on: app.db).first()?.requireID())
    let head = Browser(app)
    try await head.signIn("unithead")
    #expect(try await planner.post(PlansRoute.projectAction(id, .submit).path, [:]).status == .seeOther)
    #expect(try await head.post(PlansRoute.projectAction(id, .approve).path, [:]).status == .seeOther)
    #expect(try await planner.post(PlansRoute.projectAction(id, .activate).path, [:]).status == .seeOther)
    let staff = Browser(app)
    try await staff.signIn("staff")
    let round = PlansRoute.round(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path
    #expect(
        try await staff.post(
            round,
            [
                RoundPages.cellName(1, nil, 2, "out"): "34", RoundPages.cellName(1, nil, 2, "spent"): "28,500",
                "summary": "อบรมครบตามแผน", "problems": "ผู้เข้าอบรมบางส่วนติดภารกิจ"
            ]
        ).status == .seeOther)
    return (id, round)
}
