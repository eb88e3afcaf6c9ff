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

            try await room.act("submit", id, by: room.staff)
            try await room.act("approve", id, by: room.head)
            let published = try await room.publishApproved(id)
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            let tagsPath = ComplianceRoute.publicationTags(published.publicationID).path
            #expect(try await webmaster.request(.GET, PublishingRoute.request(id).path).text.contains(tagsPath))
            #expect(try await webmaster.request(.GET, tagsPath).status == .ok)
            // Others see no link to a page they may not open.
            #expect(!(try await staff.request(.GET, PublishingRoute.request(id).path).text.contains(tagsPath)))
        }
    }
}
