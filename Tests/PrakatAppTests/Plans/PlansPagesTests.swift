import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// A small project typed into the web form, no JSON.
let smallProjectForm: [String: String] = [
    "title": "โครงการอบรม <script>alert(1)</script> การใช้ระบบ",
    "fiscalYear": "2569", "startYear": "2569", "endYear": "2569",
    "objectives": "เพื่อให้เจ้าหน้าที่ใช้ระบบได้\nเพื่อลดการพิมพ์ซ้ำ",
    "activityRows": "3", "indicatorRows": "2", "expenseRows": "2", "budgetRows": "2",
    "by0-year": "2569", "by0-in": "50,000",
    "a0-number": "1", "a0-title": "อบรมเชิงปฏิบัติการ", "a0-budget": "30000", "a0-unit": "คน", "a0-plan-2569": "40",
    "a0-q2-2569-out": "40", "a0-q2-2569-budget": "30,000.00",
    "a0-tdesc": "เจ้าหน้าที่", "a0-ttotal": "40", "a0-trows": "กลุ่มงานสุขภาพดิจิทัล | 25\nกลุ่มงานอื่น | 15",
    "a1-number": "2", "a1-title": "ติดตามผล", "a1-budget": "20000", "a1-subitems": "ค่าเดินทาง | 12,000 | 3\nค่าเอกสาร | 8,000 | 3",
    "a1-q3-2569-budget": "20000",
    "i0-kind": "quantitative", "i0-desc": "ผู้เข้าอบรมไม่น้อยกว่าร้อยละ 80", "i0-cmp": ">=", "i0-target": "80", "i0-unit": "ร้อยละ",
    "i0-source": "attendance", "i0-acts": "1",
    "i1-kind": "quantitative", "i1-desc": "ผู้ตอบให้คะแนนความเข้าใจ 4–5 ไม่น้อยกว่าร้อยละ 80", "i1-cmp": ">=", "i1-target": "80", "i1-unit": "ร้อยละ",
    "i1-source": "questionnaire", "i1-acts": "1", "i1-question": "1", "i1-min": "4",
    "authors": "นางสาวทดสอบ ระบบ | นักวิเคราะห์นโยบายและแผน | 0 3828 5511"
]

func multipart(_ browser: Browser, _ path: String, fileBytes: [UInt8], fields: [String: String]) async throws -> TestingHTTPResponse {
    let boundary = "----prakat-test-boundary"
    var body = ByteBuffer()
    var allFields = fields
    allFields["_csrf"] = try await browser.csrf()
    for (name, value) in allFields {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n")
    body.writeBytes(fileBytes)
    body.writeString("\r\n--\(boundary)--\r\n")
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
    return try await browser.app.testing().performTest(request: TestingHTTPRequest(method: .POST, url: URI(string: path), headers: headers, body: body))
}

@Suite("Plans pages")
struct PlansPagesTests {
    @Test func plannerEntersASmallProjectHeadApprovesRoundIsReported() async throws {
        try await withPrakat { app, _, clock in
            let planner = Browser(app)
            try await planner.signIn("planner")
            #expect(try await planner.request(.GET, PlansRoute.projectNew.path).status == .ok)
            let created = try await planner.post(PlansRoute.projectCreate.path, smallProjectForm)
            #expect(created.status == .seeOther || created.status == .found, "\(created.text.prefix(2000))")
            let project = try #require(try await PlanProject.query(on: app.db).first())
            let id = try project.requireID()
            #expect(project.totalSatang == 5_000_000)
            #expect(project.mismatchCount == 0)
            let document = try project.document
            #expect(document.activity(2)?.subItems.map(\.budget) == [Baht(baht: 12_000), Baht(baht: 8_000)])
            #expect(document.targetCount(activity: 1) == 40)

            // Its page: totals, words, no mismatches, escaped title.
            let page = try await planner.request(.GET, PlansRoute.project(id).path)
            #expect(page.status == .ok)
            #expect(page.text.contains("50,000.00"))
            #expect(page.text.contains("ห้าหมื่นบาทถ้วน"))
            #expect(page.text.contains("ยอดทุกตารางตรงกัน"))
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;"))

            // The form round-trips: edit page shows what was entered.
            let edit = try await planner.request(.GET, PlansRoute.projectEdit(id).path)
            #expect(edit.text.contains("ค่าเดินทาง | 12,000.00 | 3"))

            #expect(try await planner.post(PlansRoute.projectAction(id, .submit).path, [:]).status == .seeOther)
            // The planner submitted it, so the planner may not approve it.
            let own = try await planner.post(PlansRoute.projectAction(id, .approve).path, [:])
            #expect(own.status == .forbidden)

            let head = Browser(app)
            try await head.signIn("unithead")
            #expect(try await head.post(PlansRoute.projectAction(id, .approve).path, [:]).status == .seeOther)
            #expect(try await PlanProject.find(id, on: app.db)?.state == .approved)
            #expect(try await planner.post(PlansRoute.projectAction(id, .activate).path, [:]).status == .seeOther)

            // Attendance: 34 of 40 from a TIS-620 CSV; a questionnaire answered 10 times (9 rate 4–5).
            let names = (1...34).map { "ผู้เข้าอบรม \($0),กลุ่มงานสุขภาพดิจิทัล" }.joined(separator: "\r\n")
            let csv = "ชื่อ-สกุล,หน่วยงาน\r\n" + names + "\r\n"
            let tis620 = csv.unicodeScalars.map { (0x0E01...0x0E5B).contains($0.value) ? UInt8($0.value - 0x0D60) : UInt8($0.value) }
            let imported = try await multipart(planner, PlansRoute.attendanceImport(id, activity: 1).path, fileBytes: tis620, fields: ["mode": "present"])
            #expect(imported.status == .seeOther)
            #expect(try await PlanAttendee.query(on: app.db).count() == 34)

            #expect(
                try await planner.post(
                    PlansRoute.questionnaires(id).path,
                    [
                        "activity": "1", "title": "แบบประเมิน",
                        "questions": "ท่านเข้าใจเนื้อหา\n? ข้อเสนอแนะ", "pdpaNotice": PlansText.defaultPDPANotice
                    ]
                ).status == .seeOther)
            let questionnaire = try #require(try await PlanQuestionnaire.query(on: app.db).first())
            for score in [5, 5, 4, 4, 4, 5, 4, 4, 5, 2] {
                let visitor = Browser(app)
                let form = try await visitor.request(.GET, PlansRoute.publicQuestionnaire(questionnaire.token).path)
                #expect(form.text.contains("พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล"))
                let answered = try await visitor.post(PlansRoute.publicQuestionnaire(questionnaire.token).path, ["q1": String(score)])
                #expect(answered.status == .ok)
            }
            #expect(try await PlanResponse.query(on: app.db).count() == 10)

            // 6-month round typed by staff of the unit, approved by the head.
            let staff = Browser(app)
            try await staff.signIn("staff")
            let round = PlansRoute.round(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path
            let saved = try await staff.post(
                round,
                [
                    RoundPages.cellName(1, nil, 2, "out"): "34", RoundPages.cellName(1, nil, 2, "spent"): "28,500",
                    "problems": "ผู้เข้าอบรมบางส่วนติดภารกิจ", "suggestions": "จัดรอบเพิ่ม"
                ])
            #expect(saved.status == .seeOther)
            #expect(try await staff.post(round + "/submit", [:]).status == .seeOther)
            #expect(try await head.post(round + "/approve", [:]).status == .seeOther)
            let stored = try #require(try await PlanRound.query(on: app.db).first())
            #expect(stored.state == .approved)

            let report = try await Browser(app).request(.GET, PlansRoute.roundPrint(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path)
            #expect(report.status == .ok)
            #expect(report.text.contains("รายงานผลการดำเนินงาน รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2569"))
            #expect(report.text.contains("28,500.00"))
            #expect(report.text.contains("ผ่าน"))  // 34/40 = 85 %, 9/10 = 90 %
            #expect(report.text.contains("85"))
            #expect(report.text.contains("ผู้เข้าอบรมบางส่วนติดภารกิจ"))
            let roundPage = try await head.request(.GET, round)
            #expect(roundPage.text.contains("MOIT2"))

            // A late round shows on the dashboard: Q1 2569 was due 15 Jan 2026.
            clock.advance(by: 0)
            let dashboard = try await planner.request(.GET, PlansRoute.dashboard().path)
            #expect(dashboard.text.contains("รายงานที่เลยกำหนด"))
            #expect(dashboard.text.contains("ไตรมาสที่ 1 ปี 2569"))
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func badFormInputKeepsWhatWasTypedAndSavesNothing() async throws {
        try await withPrakat { app, _, _ in
            let planner = Browser(app)
            try await planner.signIn("planner")
            var form = smallProjectForm
            form["a0-budget"] = "-30000"
            form["a1-q3-2569-budget"] = "สองหมื่น"
            let response = try await planner.post(PlansRoute.projectCreate.path, form)
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("จำนวนเงินต้องไม่ติดลบ"))
            #expect(response.text.contains("จำนวนเงินต้องเป็นตัวเลข"))
            #expect(response.text.contains("value=\"-30000\""))
            form = smallProjectForm
            form["i0-target"] = "120"
            form["a0-ttotal"] = "0"
            let refused = try await planner.post(PlansRoute.projectCreate.path, form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("ค่าเป้าหมายร้อยละต้องไม่เกิน 100"))
            #expect(refused.text.contains("ต้องมากกว่า 0 คน"))
            #expect(try await PlanProject.query(on: app.db).count() == 0)
        }
    }

    @Test func questionnaireAnsweredTwiceAndBadCSVAreRefused() async throws {
        try await withPrakat { app, _, _ in
            let planner = try await APIClient.signIn(app, "planner")
            let id = try #require(try await planner.call(.POST, "/api/v1/projects", json: try seedTwoJSON()).json()["id"] as? String)
            let projectID = try #require(UUID(uuidString: id))
            let browser = Browser(app)
            try await browser.signIn("planner")
            #expect(
                try await browser.post(
                    PlansRoute.questionnaires(projectID).path,
                    [
                        "activity": "1", "title": "แบบประเมิน", "questions": "เข้าใจ",
                        "pdpaNotice": "ไม่เก็บข้อมูลส่วนบุคคล"
                    ]
                ).status == .seeOther)
            let token = try #require(try await PlanQuestionnaire.query(on: app.db).first()).token
            let visitor = Browser(app)
            _ = try await visitor.request(.GET, PlansRoute.publicQuestionnaire(token).path)
            #expect(try await visitor.post(PlansRoute.publicQuestionnaire(token).path, ["q1": "5"]).status == .ok)
            let again = try await visitor.post(PlansRoute.publicQuestionnaire(token).path, ["q1": "4"])
            #expect(again.status == .conflict)
            #expect(again.text.contains(PlansText.answeredTwice))
            let outOfRange = try await Browser(app).request(.GET, PlansRoute.publicQuestionnaire(token).path)
            #expect(outOfRange.status == .ok)
            #expect(try await PlanResponse.query(on: app.db).count() == 1)

            for (bytes, message) in [
                (Array("ชื่อ-สกุล,อีเมล\nก,ข\n".utf8), "ไม่รู้จักคอลัมน์นี้"),
                (Array("ชื่อ-สกุล,หน่วยงาน\nก,ข\nค\n".utf8), "แถวที่ 3"),
                ([0xFF, 0xFE, 0x41, 0x00] as [UInt8], "ไม่ใช่ข้อความ UTF-8 หรือ TIS-620")
            ] {
                let response = try await multipart(browser, PlansRoute.attendanceImport(projectID, activity: 1).path, fileBytes: bytes, fields: ["mode": "present"])
                #expect(response.status == .unprocessableEntity)
                #expect(response.text.contains(message))
            }
            let bom = try await multipart(
                browser, PlansRoute.attendanceImport(projectID, activity: 1).path,
                fileBytes: [0xEF, 0xBB, 0xBF] + Array("ลำดับ,ชื่อ-สกุล\n1,นาย ก\n2,นาง ข\n".utf8), fields: ["mode": "present"])
            #expect(bom.status == .seeOther)
            #expect(try await PlanAttendee.query(on: app.db).count() == 2)
        }
    }

    @Test func printPageHasSeedSectionsTotalsAndThaiDigits() async throws {
        try await withPrakat { app, _, _ in
            let planner = try await APIClient.signIn(app, "planner")
            let id = try #require(try await planner.call(.POST, "/api/v1/projects", json: try seedTwoJSON()).json()["id"] as? String)
            let browser = Browser(app)
            try await browser.signIn("auditor")
            let print = try await browser.request(.GET, "/plans/projects/\(id)/print")
            #expect(print.status == .ok)
            for heading in [
                "1. หลักการและเหตุผล", "2. วัตถุประสงค์", "3. ระยะเวลาดำเนินการ", "4. เป้าหมายโครงการ", "5. งบประมาณโครงการ",
                "6. เป้าหมายการดำเนินโครงการ", "7. ค่าใช้จ่ายประจำปีงบประมาณ พ.ศ. 2564", "8. ผลที่คาดว่าจะได้รับ", "9. ตัวชี้วัดโครงการ",
                "10. การติดตามและประเมินผล", "11. แผนการดำเนินงาน/แผนกำกับติดตามประเมินผล ประจำปี พ.ศ. 2564", "12. เอกสารแนบ",
                "13. ผู้เขียนโครงการ", "14. ผู้รับผิดชอบโครงการ"
            ] {
                #expect(print.text.contains(heading), "\(heading)")
            }
            #expect(print.text.contains("2,500,000"))
            #expect(print.text.contains("สองล้านห้าแสนบาทถ้วน"))
            #expect(print.text.contains("1,700,000"))
            #expect(print.text.contains("330 คน"))
            #expect(print.text.contains("143 คน"))
            #expect(print.text.contains("<svg"))
            let thai = try await browser.request(.GET, "/plans/projects/\(id)/print?digits=thai")
            #expect(thai.text.contains("๒,๕๐๐,๐๐๐"))
            #expect(thai.text.contains("๑. หลักการและเหตุผล"))
            let csv = try await browser.request(.GET, "/plans/projects/\(id)/export/activities.csv")
            #expect(csv.status == .ok)
            #expect(csv.text.contains("1700000.00"))
            #expect(try await browser.request(.GET, "/plans/projects/\(id)/export/nothing.csv").status == .notFound)
            let svg = try await browser.request(.GET, "/plans/projects/\(id)/charts/budget.svg")
            #expect(svg.headers.contentType?.subType == "svg+xml")
            // Drafts are not public.
            #expect(try await Browser(app).request(.GET, "/plans/projects/\(id)/print").status == .notFound)
        }
    }

    @Test func addingARowKeepsWhatWasTypedAndSavesNothing() async throws {
        try await withPrakat { app, _, _ in
            let planner = Browser(app)
            try await planner.signIn("planner")
            var form = smallProjectForm
            form["addRow"] = "activity"
            let more = try await planner.post(PlansRoute.projectCreate.path, form)
            #expect(more.status == .ok)
            #expect(more.text.contains("กิจกรรม (แถวที่ 4)"))
            #expect(more.text.contains("name=\"activityRows\" value=\"4\""))
            #expect(more.text.contains("อบรมเชิงปฏิบัติการ"))
            #expect(try await PlanProject.query(on: app.db).count() == 0)
            form["addRow"] = "indicator"
            #expect(try await planner.post(PlansRoute.projectCreate.path, form).text.contains("name=\"indicatorRows\" value=\"3\""))
            form["addRow"] = "no-such-kind"
            form["activityRows"] = "4"
            // An unknown kind is just a save.
            #expect(try await planner.post(PlansRoute.projectCreate.path, form).status == .seeOther)
            let project = try #require(try await PlanProject.query(on: app.db).first())
            let id = try project.requireID()
            form["addRow"] = "expense"
            let edit = try await planner.post(PlansRoute.projectEdit(id).path, form)
            #expect(edit.status == .ok)
            #expect(edit.text.contains("name=\"expenseRows\" value=\"3\""))
            // Someone who may not edit the project gets no form either.
            let auditor = Browser(app)
            try await auditor.signIn("auditor")
            #expect(try await auditor.post(PlansRoute.projectEdit(id).path, form).status == .forbidden)
        }
    }

    @Test(arguments: [true, false])
    func aQuestionnaireHasAPrintableQRCodeWhenQrencodeIsThere(_ withQrencode: Bool) async throws {
        let environment = withQrencode ? [:] : ["PRAKAT_QRENCODE": "none"]
        try await withPrakat(environment: environment) { app, _, _ in
            let planner = Browser(app)
            try await planner.signIn("planner")
            _ = try await planner.post(PlansRoute.projectCreate.path, smallProjectForm)
            let id = try #require(try await PlanProject.query(on: app.db).first()?.requireID())
            #expect(
                try await planner.post(
                    PlansRoute.questionnaires(id).path,
                    [
                        "activity": "1", "title": "แบบประเมิน <b>อบรม</b>",
                        "questions": "ท่านเข้าใจเนื้อหา", "pdpaNotice": PlansText.defaultPDPANotice
                    ]
                ).status == .seeOther)
            let questionnaire = try #require(try await PlanQuestionnaire.query(on: app.db).first())
            let path = PlansRoute.questionnaireQR(id, try questionnaire.requireID()).path
            #expect(try await planner.request(.GET, PlansRoute.questionnaires(id).path).text.contains(path))
            let sheet = try await planner.request(.GET, path)
            #expect(sheet.status == .ok)
            #expect(sheet.text.contains(app.prakat.publicBaseURL + PlansRoute.publicQuestionnaire(questionnaire.token).path))
            #expect(sheet.text.contains("แบบประเมิน &lt;b&gt;อบรม&lt;/b&gt;"))
            if withQrencode && app.qrCodes.isAvailable {
                #expect(sheet.text.contains("role=\"img\" aria-label=\"คิวอาร์โค้ด"))
                #expect(sheet.text.contains("<path fill=\"#000\" d=\"M"))
                #expect(!sheet.text.contains("style="))
            } else {
                #expect(!sheet.text.contains("<svg"))
                #expect(sheet.text.contains("apt-get install qrencode"))
            }
            // Staff pages: the public and other agencies' visitors get the sign-in page, not the sheet.
            let anonymous = try await Browser(app).request(.GET, path)
            #expect(anonymous.status == .seeOther || anonymous.status == .unauthorized)
        }
    }

    @Test func demoSeedsTheProjectWithAnApprovedSixMonthRound() async throws {
        try await withPrakat(environment: ["PRAKAT_DEMO": "1"]) { app, _, _ in
            // withPrakat seeds fixtures, not the demo; run the Plans part on its users.
            let hash = try Bcrypt.hash(Fixtures.password, cost: 4)
            let unit = try #require(try await OrgUnit.query(on: app.db).first())
            try await User(
                username: "strategyhead", displayName: "หัวหน้า", position: "หัวหน้า", unitID: unit.id, roles: [.unitHead],
                passwordHash: hash, mustChangePassword: false
            ).create(on: app.db)
            let existing = try #require(try await User.query(on: app.db).filter(\.$username == "planner").first())
            _ = existing
            try await PlansDemo.seed(app)
            let project = try #require(try await PlanProject.query(on: app.db).first())
            #expect(project.state == .active && project.mismatchCount == 0 && project.totalSatang == 250_000_000)
            let id = try project.requireID()
            let report = try await APIClient(app: app).call(.GET, "/api/v1/projects/\(id.uuidString)/report?round=6")
            #expect(report.status == .ok)
            let indicators = try #require(try report.json()["indicators"] as? [[String: Any]])
            #expect(indicators.first { $0["path"] as? String == "Q1" }?["status"] as? String == "pass")  // 297 / 330
            #expect(indicators.first { $0["path"] as? String == "Q2" }?["status"] as? String == "pass")  // 225 / 250
            let page = try await Browser(app).request(.GET, PlansRoute.project(id).path)
            #expect(page.status == .ok)
            #expect(page.text.contains("นางสาวเปรมฤดี แทนมาลา"))
        }
    }
}
