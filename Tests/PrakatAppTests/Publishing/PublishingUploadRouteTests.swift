import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Bad files sent through the real upload routes (seed 1 §2.7): each gets its Thai message on
/// the request page or as problem+json, and what the request already holds stays as it was.
@Suite("Publishing: bad files through the upload routes")
struct PublishingUploadRouteTests {
    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var fileName: String
        var data: Data
        var rejection: UploadRejection
        var status: HTTPStatus
        var testDescription: String { name }
    }

    static let fourMB = 4 * 1024 * 1024

    static let cases: [BadFile] = [
        BadFile(name: "Windows program renamed .pdf", fileName: "คู่มือการใช้งาน.pdf", data: TestFiles.windowsProgram, rejection: .executable, status: .unsupportedMediaType),
        BadFile(name: "empty file", fileName: "ว่างเปล่า.pdf", data: Data(), rejection: .empty, status: .unprocessableEntity),
        BadFile(
            name: "4 MB + 1 byte", fileName: "ไฟล์ใหญ่.pdf",
            data: Data("%PDF-1.4\n%".utf8) + Data(repeating: 0x41, count: fourMB + 1 - 17) + Data("\n%%EOF\n".utf8),
            rejection: .tooLarge(limit: fourMB), status: .payloadTooLarge),
        BadFile(
            name: "zip holding an .exe", fileName: "เอกสารประกอบ.zip",
            data: TestFiles.zip([("อ่านก่อน.txt", Array("สวัสดี".utf8)), ("setup.exe", Array(TestFiles.windowsProgram))]),
            rejection: .executableInArchive("setup.exe"), status: .unsupportedMediaType),
        BadFile(
            name: "zip entry climbing out of its folder", fileName: "แบบฟอร์ม.zip",
            data: TestFiles.zip([("../../etc/cron.d/job.txt", Array("* * * * * root sh".utf8))]),
            rejection: .unsafeArchiveEntry("../../etc/cron.d/job.txt"), status: .unsupportedMediaType),
        BadFile(name: "path-traversal name with nothing left", fileName: "../../../", data: TestFiles.pdf(), rejection: .missingName, status: .unprocessableEntity),
        BadFile(name: "PNG named .jpg", fileName: "ภาพกิจกรรม.jpg", data: TestFiles.png, rejection: .contentMismatch(declared: "jpg"), status: .unsupportedMediaType),
        BadFile(
            name: "SVG with a script", fileName: "โลโก้.svg", data: Data(#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.utf8),
            rejection: .extensionNotAllowed("svg"), status: .unsupportedMediaType),
        BadFile(name: "no extension", fileName: "รายงานประจำปี", data: TestFiles.pdf(), rejection: .missingExtension, status: .unprocessableEntity),
        BadFile(name: "truncated PDF", fileName: "ประกาศ.pdf", data: TestFiles.pdf().prefix(200), rejection: .truncated, status: .unsupportedMediaType),
        BadFile(
            name: "HTML renamed .pdf", fileName: "ข่าว.pdf", data: Data("<html><script>alert(1)</script></html>".utf8),
            rejection: .contentMismatch(declared: "pdf"), status: .unsupportedMediaType),
        BadFile(
            name: "zip inside a zip", fileName: "รวมไฟล์.zip", data: TestFiles.zip([("ชั้นใน.zip", Array(TestFiles.zip([("a.txt", [0x41])])))]),
            rejection: .nestedArchive("ชั้นใน.zip"), status: .unsupportedMediaType)
    ]

    @Test(arguments: cases)
    func aBadFileIsRefusedWithItsThaiMessageAndLeavesTheRequestAsItWas(_ bad: BadFile) async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "คำขอที่มีไฟล์แนบแล้ว")
            let good = TestFiles.pdf("ไฟล์ที่ถูกต้อง")
            let first = try await room.staff.upload("/api/v1/requests/\(id.lowercased)/attachments", fileName: "ไฟล์ที่ถูกต้อง.pdf", data: good)
            #expect(first.status == .created)
            let before = try await room.request(id)

            // Through the page: the request page again, with the message beside the upload field.
            let staff = Browser(app)
            try await staff.signIn("staff")
            let page = try await staff.upload("/staff/requests/\(id.lowercased)/attachments", fileName: bad.fileName, data: bad.data)
            #expect(page.status == bad.status)
            #expect(page.text.contains(#"id="upload-error">\#(bad.rejection.thaiMessage)<"#), "page shows: \(page.text.prefix(200))")
            #expect(page.text.contains("ไฟล์ที่ถูกต้อง.pdf"))

            // Through the API: problem+json naming the field.
            let api = try await room.staff.upload("/api/v1/requests/\(id.lowercased)/attachments", fileName: bad.fileName, data: bad.data)
            #expect(api.status == bad.status)
            #expect(api.isProblemJSON)
            let errors = try api.fieldErrors()
            #expect(errors.first?.field == "file")
            #expect(errors.first?.message == bad.rejection.thaiMessage)

            // Nothing changed: same version, the one good file, its bytes, one blob, one audit entry.
            let after = try await room.request(id)
            #expect(after.version == before.version)
            #expect(after.updatedAt == before.updatedAt)
            let files = try await Attachment.query(on: app.db).filter(\.$requestID == id).all()
            #expect(files.map(\.fileName) == ["ไฟล์ที่ถูกต้อง.pdf"])
            #expect(try await Blob.query(on: app.db).count() == 1)
            #expect(try await room.auditActions(for: id).filter { $0 == "request.attachment_added" }.count == 1)
            let download = try await staff.request(.GET, "/staff/requests/\(id.lowercased)/files/\(files[0].id!.lowercased)")
            #expect(download.bytes == good)
        }
    }

    @Test func namesAreSanitisedButKeepTheirThai() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "คำขอทดสอบชื่อไฟล์")
            let path = "/api/v1/requests/\(id.lowercased)/attachments"
            let windows = try await room.staff.upload(path, fileName: #"C:\Users\clerk\Desktop\รายงาน ไตรมาส ๒.pdf"#, data: TestFiles.pdf("a"))
            #expect(windows.status == .created)
            #expect(try windows.json()["fileName"] as? String == "รายงาน ไตรมาส ๒.pdf")
            let climbing = try await room.staff.upload(path, fileName: "../../etc/passwd.pdf", data: TestFiles.pdf("b"))
            #expect(climbing.status == .created)
            #expect(try climbing.json()["fileName"] as? String == "passwd.pdf")
            let png = try await room.staff.upload(path, fileName: "ภาพกิจกรรม.png", data: TestFiles.png, fields: ["alt": "ภาพทดสอบสีเทา"])
            #expect(png.status == .created)
            #expect(try png.json()["contentType"] as? String == "image/png")
            #expect(try png.json()["sha256"] as? String == Digest.sha256Hex(TestFiles.png))
        }
    }

    @Test func onlyTheAuthorOfAnEditableRequestMayAttach() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "คำขอที่ส่งแล้ว")
            try await room.act("submit", id, by: room.staff)
            let submitted = try await room.staff.upload("/api/v1/requests/\(id.lowercased)/attachments", fileName: "late.pdf", data: TestFiles.pdf())
            #expect(submitted.status == .conflict)
            try await makeUser(app, "staff2", roles: [.staff], unit: fixtures.unit)
            let other = try await APIClient.signIn(app, "staff2")
            let draft = try await room.draft(title: "ร่างของคนอื่น")
            let notMine = try await other.upload("/api/v1/requests/\(draft.lowercased)/attachments", fileName: "x.pdf", data: TestFiles.pdf())
            #expect(notMine.status == .notFound)
            #expect(try await Attachment.query(on: app.db).count() == 0)
        }
    }
}
