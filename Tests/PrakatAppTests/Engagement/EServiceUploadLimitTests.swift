import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// The e-Service form takes five files of up to PRAKAT_MAX_UPLOAD_BYTES each; its body was held
/// to one file's limit + 1 MiB, so two 3 MB photos, or one file a little too large, got a bare
/// 413 page and the citizen lost everything typed (a helper's walkthrough of a new install).
@Suite("e-Service: the form's files fit its body limit")
struct EServiceUploadLimitTests {
    static func pdf(bytes: Int) -> Data { Data("%PDF-1.4\n%".utf8) + Data(repeating: 0x41, count: bytes) + Data("\n%%EOF\n".utf8) }

    @Test func everyFileTheFormAllowsFitsAndAnOversizedOneGetsTheFormsOwnMessage() async throws {
        try await withPrakat { app, _, _ in
            let path = EServiceRoute.submit("complaint").path
            let form = ["subject": "ถนนชำรุดหน้าโรงเรียน", "message": "หลุมลึกมาก รถจักรยานยนต์ล้มสองคันแล้ว", "consent": "1", "field1": "หมู่ 4"]
            let citizen = Browser(app)
            // Two files of 3 MB: over one file's limit together, within the form's five.
            let two = try await citizen.upload(path, files: [("file", "ภาพที่ 1.pdf", Self.pdf(bytes: 3_000_000)), ("file", "ภาพที่ 2.pdf", Self.pdf(bytes: 3_000_000))], fields: form)
            #expect(two.status == .seeOther, "\(two.status): \(two.text.prefix(500))")
            #expect(try await ServiceFile.query(on: app.db).count() == 2)

            // One file over its own limit (but within the body's): the form again, what was typed
            // kept, the file's message in Thai.
            let tooLarge = try await citizen.upload(path, files: [("file", "แผนที่.pdf", Self.pdf(bytes: app.prakat.maxUploadBytes + 1_500_000))], fields: form)
            #expect(tooLarge.status == .unprocessableEntity)
            #expect(tooLarge.text.contains("หลุมลึกมาก รถจักรยานยนต์ล้มสองคันแล้ว") && tooLarge.text.contains("ถนนชำรุดหน้าโรงเรียน"))
            #expect(tooLarge.text.contains("id=\"file-error\""))
            #expect(try await ServiceFile.query(on: app.db).count() == 2)

            // Past five files at their largest: 413, naming that limit.
            let limit = ServiceDesk.maxFiles * app.prakat.maxUploadBytes + BodyLimit.textAllowance
            let past = try await citizen.upload(path, files: [("file", "ใหญ่.pdf", Self.pdf(bytes: limit))], fields: form)
            #expect(past.status == .payloadTooLarge)
            #expect(past.text.contains(ByteText.describe(limit)))

            // Other routes keep the default limit.
            let other = try await Browser(app).upload("/login", files: [("file", "x.pdf", Self.pdf(bytes: app.prakat.maxBodyBytes))], fields: [:])
            #expect(other.status == .payloadTooLarge)
            #expect(other.text.contains(ByteText.describe(app.prakat.maxBodyBytes)))
        }
    }
}
