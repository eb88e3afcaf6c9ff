import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Printable evidence (issue 3 §5): the request form with its three sign-off blocks, the memo,
/// and their PDFs.
@Suite("Publishing: printable form, memo and PDF")
struct PublishingPrintTests {
    @Test func theFormShowsTheThreeSignOffsWithThaiDigitsAndTheUnit() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "รายงานผลการดำเนินงาน ปีงบประมาณ 2569 ไตรมาสที่ 2", details: "ผลงาน 12 ตัวชี้วัด")
            let staff = Browser(app)
            try await staff.signIn("staff")
            let form = try await staff.request(.GET, "/staff/requests/\(item.requestID.lowercased)/form")
            #expect(form.status == .ok)
            let html = form.text
            #expect(html.contains("แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์"))
            for role in ["ผู้รับผิดชอบการให้ข้อมูล", "ผู้อนุมัติรับรอง", "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่"] {
                #expect(html.contains(role), "\(role)")
            }
            for person in [fixtures.staff, fixtures.head, try #require(fixtures.users[.uploader])] {
                #expect(html.contains(person.displayName), "\(person.username)")
            }
            #expect(html.components(separatedBy: "(ลงนามในระบบแล้ว)").count - 1 == 3)
            #expect(html.contains("๙ กุมภาพันธ์ ๒๕๖๙"))
            #expect(html.contains("ปีงบประมาณ ๒๕๖๙ ไตรมาสที่ ๒"), "Thai digits in the title")
            #expect(html.contains("ผลงาน ๑๒ ตัวชี้วัด"))
            #expect(html.contains(fixtures.unit.nameTh))
            #expect(html.contains("สำนักงานสาธารณสุขจังหวัดชลบุรี"))

            let memo = try await staff.request(.GET, "/staff/requests/\(item.requestID.lowercased)/memo")
            #expect(memo.status == .ok)
            #expect(memo.text.contains("บันทึกข้อความ"))
            #expect(memo.text.contains("ขออนุญาต"))
            #expect(memo.text.contains("ขออนุญาตนำไปเผยแพร่บนเว็บไซต์"))
            #expect(memo.text.contains(fixtures.unit.nameTh))
        }
    }

    /// Issue 15 §9: the unit is named กลุ่มงาน…, so "หัวหน้ากลุ่มงาน" + its name printed the kind twice.
    @Test func theMemoNamesTheHeadsUnitWithoutDoublingItsKind() async throws {
        try await withPrakat { app, fixtures, clock in
            let head = fixtures.head
            head.position = "หัวหน้ากลุ่มงานสุขภาพดิจิทัล"
            try await head.update(on: app.db)
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "ประกาศผลการดำเนินงาน")
            let staff = Browser(app)
            try await staff.signIn("staff")
            let memo = try await staff.request(.GET, "/staff/requests/\(item.requestID.lowercased)/memo").text
            #expect(!memo.contains("กลุ่มงานกลุ่มงาน"))
            #expect(memo.components(separatedBy: "<p>หัวหน้ากลุ่มงานสุขภาพดิจิทัล</p>").count - 1 == 1, "position and title printed once")
        }
    }

    @Test func aDraftsFormHasBlankSignOffLines() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ร่างคำขอ")
            let staff = Browser(app)
            try await staff.signIn("staff")
            let html = try await staff.request(.GET, "/staff/requests/\(id.lowercased)/form").text
            #expect(!html.contains("(ลงนามในระบบแล้ว)"))
            #expect(html.contains("........................................"))
        }
    }

    @Test func printPagesAre404ForSomeoneWhoMayNotSeeTheRequest() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "คำขอเฉพาะผู้เกี่ยวข้อง")
            try await room.act("submit", id, by: room.staff)
            try await makeUser(app, "staff2", roles: [.staff], unit: fixtures.unit)
            try await makeUser(app, "outsider", roles: [.staff], unit: fixtures.otherUnit)
            for username in ["staff2", "outsider"] {
                let browser = Browser(app)
                try await browser.signIn(username)
                for page in ["form", "memo", "form.pdf", "memo.pdf"] {
                    let response = try await browser.request(.GET, "/staff/requests/\(id.lowercased)/\(page)")
                    #expect(response.status == .notFound, "\(username) \(page)")
                }
            }
            let planner = Browser(app)
            try await planner.signIn("planner")
            #expect(try await planner.request(.GET, "/staff/requests/\(id.lowercased)/form").status == .forbidden)
            let anonymous = try await visitor(app, "/staff/requests/\(id.lowercased)/memo")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location?.hasPrefix("/login") == true)
            // The head who approves it may print it.
            let head = Browser(app)
            try await head.signIn("unithead")
            #expect(try await head.request(.GET, "/staff/requests/\(id.lowercased)/memo").status == .ok)
        }
    }

    @Test func thePDFComesFromChromiumOrSaysWhatToInstall() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let item = try await room.publish(title: "แบบฟอร์มสำหรับพิมพ์เป็น PDF")
            let staff = Browser(app)
            try await staff.signIn("staff")
            let response = try await staff.request(.GET, "/staff/requests/\(item.requestID.lowercased)/form.pdf")
            if app.prakat.chromiumPath != nil, FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") {
                #expect(response.status == .ok, "\(response.text.prefix(300))")
                #expect(response.headers.first(name: .contentType) == "application/pdf")
                #expect(response.bytes.starts(with: Array("%PDF-".utf8)))
                #expect(response.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
            } else {
                #expect(response.status == .serviceUnavailable)
                #expect(response.text.contains("apt-get install chromium"))
            }
        }
    }

    @Test func withoutChromiumThePDFAnswers503WithTheInstallHintAndThePrintPageStillWorks() async throws {
        try await withPrakat { app, fixtures, clock in
            app.pdfRenderer = PDFRenderer(chromiumPath: nil, workDirectory: NSTemporaryDirectory())
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "คำขอไม่มีเครื่องสร้าง PDF")
            let staff = Browser(app)
            try await staff.signIn("staff")
            let pdf = try await staff.request(.GET, "/staff/requests/\(id.lowercased)/memo.pdf")
            #expect(pdf.status == .serviceUnavailable)
            #expect(pdf.text.contains("apt-get install chromium"))
            let page = try await staff.request(.GET, "/staff/requests/\(id.lowercased)/memo")
            #expect(page.status == .ok)
            #expect(page.text.contains("apt-get install chromium"))
        }
    }
}
