import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// A printed request form carries a number the staff pages show too (its hexadecimal part was
/// put into Thai digits: "๒๕๗๐/cb๓cea๘d"), and a webmaster reaches a published item's ITA
/// evidence tags from its request (the page existed, but no page linked to it).
@Suite("A request's printed number and its evidence link")
struct RequestReferenceTests {
    @Test func thePrintedNumberIsTheOneOnTheRequestPageAndWebmastersFindTheEvidenceTags() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            // An id whose first eight hex characters hold digits and letters both.
            var id = try await room.draft(title: "ประกาศผลการสรรหา")
            while !RequestReference.idPart(id).contains(where: \.isNumber) || !RequestReference.idPart(id).contains(where: \.isLetter) {
                id = try await room.draft(title: "ประกาศผลการสรรหา")
            }
            let request = try await room.request(id)
            let reference = RequestReference.text(fiscalYear: request.fiscalYear, id: id)
            let thaiYear = ThaiDigits.toThai("\(request.fiscalYear)")

            let staff = Browser(app)
            try await staff.signIn("staff")
            let page = try await staff.request(.GET, PublishingRoute.request(id).path)
            #expect(page.text.contains(reference))
            let form = try await staff.request(.GET, PublishingRoute.printForm(id).path)
            #expect(form.status == .ok)
            #expect(form.text.contains("คำขอเลขที่ \(thaiYear)/\(RequestReference.idPart(id))"), "the id part stays as the staff page shows it")

            // Before publishing, the end is the category's default (none was asked for).
            #expect(page.text.contains("<dd>\(PublishingText.categoryDefaultEnd)</dd>"))
            try await room.act("submit", id, by: room.staff)
            try await room.act("approve", id, by: room.head)
            let published = try await room.publishApproved(id)
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let tagsPath = ComplianceRoute.publicationTags(published.publicationID).path
            #expect(try await webmaster.request(.GET, PublishingRoute.request(id).path).text.contains(tagsPath))
            #expect(try await webmaster.request(.GET, tagsPath).status == .ok)
            // Once published, the item's own end (or none) instead of "the category's default".
            let item = try #require(try await Publication.find(published.publicationID, on: app.db))
            let end = PublishingFormat.dateTime(item.expireAt) ?? PublishingText.noEnd
            let after = try await staff.request(.GET, PublishingRoute.request(id).path)
            #expect(after.text.contains("<dd>\(end)</dd>") && !after.text.contains(PublishingText.categoryDefaultEnd))
            // Others see no link to a page they may not open.
            #expect(!(try await staff.request(.GET, PublishingRoute.request(id).path).text.contains(tagsPath)))
        }
    }

    /// A new install ships last year's ITA lists: the request form said nothing where the
    /// checklist would be in a year without one.
    @Test func theRequestFormSaysWhyThereIsNoChecklist() async throws {
        try await withPrakat { app, fixtures, clock in
            _ = try await Newsroom.open(app, fixtures, clock)
            let staff = Browser(app)
            try await staff.signIn("staff")
            let year = FiscalYear.containing(clock.now()).beYear
            let with = try await staff.request(.GET, PublishingRoute.requestNew.path)
            let hasItems = try await ChecklistItem.query(on: app.db).all().contains { [year, year + 1].contains($0.fiscalYear ?? year) }
            #expect(with.text.contains("name=\"checklist[]\"") == hasItems)
            try await ChecklistItem.query(on: app.db).delete()
            let without = try await staff.request(.GET, PublishingRoute.requestNew.path)
            #expect(without.status == .ok)
            #expect(!without.text.contains("name=\"checklist[]\""))
            #expect(without.text.contains(PublishingText.checklistMissing(fiscalYear: year)))
            #expect(without.text.contains(ComplianceRoute.checklists.path))
        }
    }
}
