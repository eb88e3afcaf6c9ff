import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp
@testable import PrakatCore

@Suite("ITA checklists")
struct ChecklistTests {
    static let fy2570 = #"""
        [{"code": "MOIT1", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "period": "fiscal-year"},
         {"code": "MOIT5", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "สรุปผลการจัดซื้อจัดจ้างรายเดือน", "period": "monthly", "unit": "strategy"},
         {"code": "MOIT9", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "ช่องทางการร้องเรียน <b>ทดสอบ</b>", "period": "current"},
         {"code": "MOIT10", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "สรุปผลเรื่องร้องเรียน", "period": "half-year"}]
        """#

    /// Bangkok noon of an ISO day.
    static func noon(_ iso: String) -> Date { CalendarDate(iso: iso)!.startInBangkok.addingTimeInterval(12 * 3600) }

    func item(_ app: Application, _ key: String) async throws -> ChecklistItem {
        try #require(try await ChecklistItem.query(on: app.db).filter(\.$key == key).first())
    }

    func statuses(_ app: Application, _ id: String) async throws -> [String: String] {
        let body = try await APIClient.anonymous(app).call(.GET, "/api/v1/checklists/\(id)/status").json()
        var result: [String: String] = [:]
        for entry in body["items"] as? [[String: Any]] ?? [] { result[entry["code"] as? String ?? ""] = entry["status"] as? String }
        return result
    }

    @Test func importTagStatusPublicPageExportsAndCopy() async throws {
        try await withPrakat { app, fixtures, clock in
            let before = try await Newsroom.open(app, fixtures, clock)
            // An evergreen complaints page published in FY2569, before the new checklist exists.
            let channels = try await before.publish(title: "ช่องทางการร้องเรียนร้องทุกข์")
            clock.set(Self.noon("2026-10-20"))
            // Tokens of February have expired by October: everyone signs in again.
            let room = Newsroom(
                app: app, fixtures: fixtures, clock: clock, categories: before.categories, staff: try await APIClient.signIn(app, "staff"),
                head: try await APIClient.signIn(app, "unithead"), uploader: try await APIClient.signIn(app, "uploader"),
                webmaster: try await APIClient.signIn(app, "webmaster"))

            let created = try await room.webmaster.call(.POST, "/api/v1/checklists", json: Self.fy2570)
            #expect(created.status == .created, "\(created.text)")
            let checklistID = try #require(try created.json()["id"] as? String)
            #expect(try created.json()["itemCount"] as? Int == 4)
            #expect((try created.json()["publicUrl"] as? String)?.hasSuffix("/ita/MOPH-MOIT/2570") == true)
            #expect(try await item(app, "MOPH-MOIT|2570|MOIT5").unitID == fixtures.otherUnit.id)
            #expect(try await room.webmaster.call(.POST, "/api/v1/checklists", json: Self.fy2570).status == .conflict)

            // A Q1 complaints summary tagged on its form; the evergreen page tagged for the new year.
            let moit10 = try await item(app, "MOPH-MOIT|2570|MOIT10")
            let summary = try await room.publish(title: "สรุปผลเรื่องร้องเรียน ไตรมาส 1", fields: ["checklistItemIds": [moit10.id!.uuidString]])
            let tagged = try await room.webmaster.send(.POST, "/api/v1/publications/\(channels.publicationID.lowercased)/checklist-items", ["items": ["MOPH-MOIT/2570/MOIT9"]])
            #expect(tagged.status == .noContent, "\(tagged.text)")
            #expect(try await room.auditActions(for: channels.publicationID).contains("publication.tagged"))

            var status = try await statuses(app, checklistID)
            #expect(status == ["MOIT1": "missing", "MOIT5": "missing", "MOIT9": "present", "MOIT10": "present"])
            // Late October: October's procurement summary is due within the week.
            clock.set(Self.noon("2026-10-26"))
            #expect(try await statuses(app, checklistID)["MOIT5"] == "dueSoon")
            // March: October–February were never published; the first half of MOIT10 is filled.
            clock.set(Self.noon("2027-03-15"))
            status = try await statuses(app, checklistID)
            #expect(status["MOIT5"] == "stale")
            #expect(status["MOIT10"] == "present")
            // April: the second half is open and far from its deadline; in September it is near.
            clock.set(Self.noon("2027-09-10"))
            #expect(try await statuses(app, checklistID)["MOIT10"] == "dueSoon")
            clock.set(Self.noon("2027-10-01"))
            #expect(try await statuses(app, checklistID)["MOIT10"] == "stale")
            clock.set(Self.noon("2026-11-01"))

            // The public page: every item, its evidence link, honest gaps, escaped titles.
            let page = try await visitor(app, "/ita/MOPH-MOIT/2570")
            #expect(page.status == .ok)
            #expect(page.text.contains("MOIT10"))
            #expect(page.text.contains("href=\"\(summary.path)\""))
            #expect(page.text.contains("href=\"\(channels.path)\""))
            #expect(page.text.contains(ComplianceText.noPublicEvidence))
            #expect(page.text.contains("&lt;b&gt;ทดสอบ&lt;/b&gt;"))
            #expect(try await visitor(app, "/ita").text.contains("href=\"/ita/MOPH-MOIT/2570\""))
            #expect(try await visitor(app, "/").text.contains("href=\"/ita\""))
            #expect(try await visitor(app, "/sitemap/pages.xml").text.contains("/ita/MOPH-MOIT/2570</loc>"))
            #expect(try await visitor(app, "/ita/MOPH-MOIT/2599").status == .notFound)
            #expect(try await visitor(app, "/ita/MOPH%20MOIT/2570").status == .notFound)

            // CSV: one row per item with the evidence URL and date.
            let csv = try await APIClient.anonymous(app).call(.GET, "/api/v1/checklists/\(checklistID)/export.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let rows = try CSV.parse(String(decoding: csv.bytes.dropFirst(3), as: UTF8.self))
            #expect(rows.count == 5)
            let moit10Row = try #require(rows.first { $0.first == "MOIT10" })
            #expect(moit10Row[4].hasSuffix(summary.path))
            #expect(moit10Row[5] == "2026-10-20")

            // Copy to FY2571 with a renumbering; a colliding map and an existing year are refused.
            let webmaster = try await APIClient.signIn(app, "webmaster")
            let copied = try await webmaster.send(.POST, "/api/v1/checklists/\(checklistID)/copy", ["fiscalYear": 2571, "renumber": ["MOIT5": "MOIT6"]])
            #expect(copied.status == .created, "\(copied.text)")
            #expect(try await ChecklistItem.query(on: app.db).filter(\.$fiscalYear == 2571).all().map(\.code).sorted() == ["MOIT1", "MOIT10", "MOIT6", "MOIT9"])
            let collision = try await webmaster.send(.POST, "/api/v1/checklists/\(checklistID)/copy", ["fiscalYear": 2572, "renumber": ["MOIT5": "MOIT9"]])
            #expect(collision.status == .unprocessableEntity)
            #expect(try collision.fieldErrors().contains { $0.message.contains("MOIT5, MOIT9") })
            #expect(try await webmaster.send(.POST, "/api/v1/checklists/\(checklistID)/copy", ["fiscalYear": 2571]).status == .conflict)
            #expect(try await webmaster.send(.POST, "/api/v1/checklists/\(checklistID)/copy", ["fiscalYear": 2800]).status == .unprocessableEntity)
            #expect(try await Checklist.query(on: app.db).filter(\.$fiscalYear == 2572).count() == 0)
            // Earlier years stay readable.
            #expect(try await visitor(app, "/ita/MOPH-MOIT/2569").status == .ok)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test(ToolRequirement.libreoffice.trait)
    func theXLSXExportOpensInLibreOffice() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let moit9 = try await item(app, "MOPH-MOIT|2569|MOIT9")
            let published = try await room.publish(title: "ช่องทางร้องเรียน, \"ทางโทรศัพท์\"", fields: ["checklistItemIds": [moit9.id!.uuidString]])
            let checklist = try #require(try await Checklist.query(on: app.db).filter(\.$framework == "MOPH-MOIT").filter(\.$fiscalYear == 2569).first())
            let xlsx = try await APIClient.anonymous(app).call(.GET, "/api/v1/checklists/\(checklist.id!.lowercased)/export.xlsx")
            #expect(xlsx.status == .ok)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("ita.xlsx")
            try xlsx.bytes.write(to: file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/libreoffice")
            // Its own profile, so a LibreOffice the person has open does not take the job.
            process.arguments = [
                "-env:UserInstallation=file://" + directory.appendingPathComponent("profile").path, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir", directory.path, file.path
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let converted = try String(contentsOf: directory.appendingPathComponent("ita.csv"), encoding: .utf8)
            let rows = try CSV.parse(converted)
            #expect(rows.first == ComplianceText.exportHeader)
            #expect(rows.count == 23)
            let row = try #require(rows.first { $0.first == "MOIT9" })
            #expect(row[1] == moit9.titleTh)
            #expect(row[4].hasSuffix(published.path))
        }
    }

    @Test func badImportsAreRefusedWholeInThai() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let before = try await ChecklistItem.query(on: app.db).count()
            let badCSV = "code,title_th,period\nMOIT1,ชื่อ,fiscal-year\nMOIT1,ซ้ำ,yearly\nMOIT3,,current\n"
            let refused = try await room.webmaster.call(
                .POST, "/api/v1/checklists?framework=MOPH-MOIT&fiscalYear=2570", json: badCSV, contentType: "text/csv")
            #expect(refused.status == .unprocessableEntity)
            let fields = try refused.fieldErrors().map(\.field)
            #expect(fields.contains("rows[3].code") && fields.contains("rows[3].period") && fields.contains("rows[4].title_th"))
            #expect(try refused.fieldErrors().allSatisfy { $0.message.contains("แถวที่") })
            #expect(try await ChecklistItem.query(on: app.db).count() == before)
            #expect(try await Checklist.query(on: app.db).filter(\.$fiscalYear == 2570).count() == 0)
            // TIS-620 CSV from Thai Excel imports.
            let csv = "code,title_th,period\nMOIT1,มาตรการเผยแพร่,fiscal-year\n"
            let tis = Data(csv.unicodeScalars.map { (0x0E01...0x0E5B).contains($0.value) ? UInt8($0.value - 0x0D60) : UInt8($0.value) })
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: room.webmaster.token ?? "")
            headers.replaceOrAdd(name: .contentType, value: "text/csv")
            let imported = try await app.testing().performTest(
                request: TestingHTTPRequest(method: .POST, url: "/api/v1/checklists?framework=MOPH-MOIT&fiscalYear=2570", headers: headers, body: ByteBuffer(data: tis)))
            #expect(imported.status == .created, "\(imported.text)")
            #expect(try await item(app, "MOPH-MOIT|2570|MOIT1").titleTh == "มาตรการเผยแพร่")
            // Out of range, repeated, missing query, wrong type, unknown references.
            #expect(
                try await room.webmaster.call(.POST, "/api/v1/checklists?framework=MOPH-MOIT&fiscalYear=2800", json: csv, contentType: "text/csv").status
                    == .unprocessableEntity)
            #expect(
                try await room.webmaster.call(.POST, "/api/v1/checklists?fiscalYear=2571&fiscalYear=2572", json: csv, contentType: "text/csv").status == .badRequest)
            #expect(try await room.webmaster.call(.POST, "/api/v1/checklists", json: csv, contentType: "text/csv").status == .unprocessableEntity)
            #expect(try await room.webmaster.call(.POST, "/api/v1/checklists", json: csv, contentType: "text/plain").status == .unsupportedMediaType)
            #expect(try await room.webmaster.call(.POST, "/api/v1/checklists", json: "[1,", contentType: "application/json").status == .unprocessableEntity)
            let published = try await room.publish(title: "ข่าวทดสอบ")
            for items in [["MOPH-MOIT/2570/MOIT99"], ["not a reference"], [String]()] {
                let response = try await room.webmaster.send(.POST, "/api/v1/publications/\(published.publicationID.lowercased)/checklist-items", ["items": items])
                #expect(response.status == .unprocessableEntity, "\(items)")
            }
            #expect(
                try await room.webmaster.send(.POST, "/api/v1/publications/\(UUID().lowercased)/checklist-items", ["items": ["MOPH-MOIT/2569/MOIT1"]]).status
                    == .notFound)
            // A request tagged with an item of another fiscal year (it is FY2569 now).
            let other = try await item(app, "MOPH-MOIT|2570|MOIT1")
            let wrongYear = try await room.staff.send(
                .POST, "/api/v1/requests", ["categoryId": room.categoryID("news"), "title": "ข่าว", "details": "รายละเอียด", "checklistItemIds": [other.id!.uuidString]])
            #expect(wrongYear.status == .unprocessableEntity)
            #expect(try wrongYear.fieldErrors().contains { $0.message.contains("ปีงบประมาณ 2570") && $0.message.contains("2569") })
        }
    }

    @Test func whoMayDoWhat() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let checklist = try #require(try await Checklist.query(on: app.db).filter(\.$framework == "MOPH-MOIT").first())
            let id = checklist.id!.lowercased
            let item = try #require(try await ChecklistItem.query(on: app.db).filter(\.$checklistID == checklist.id!).first())
            let published = try await room.publish(title: "ข่าวทดสอบสิทธิ์")
            // Anyone reads; only webmasters write.
            let anonymous = APIClient.anonymous(app)
            #expect(try await anonymous.call(.GET, "/api/v1/checklists").status == .ok)
            #expect(try await anonymous.call(.GET, "/api/v1/checklists/\(id)/status").status == .ok)
            #expect(try await anonymous.call(.POST, "/api/v1/checklists", json: Self.fy2570).status == .unauthorized)
            for client in [room.staff, room.head, room.uploader] {
                #expect(try await client.call(.POST, "/api/v1/checklists", json: Self.fy2570).status == .forbidden)
                #expect(try await client.send(.POST, "/api/v1/checklists/\(id)/copy", ["fiscalYear": 2570]).status == .forbidden)
                #expect(
                    try await client.send(.POST, "/api/v1/publications/\(published.publicationID.lowercased)/checklist-items", ["items": ["MOPH-MOIT/2569/MOIT1"]])
                        .status == .forbidden)
            }
            // Pages: every signed-in person sees the dashboard; only webmasters change; packs for webmasters and auditors.
            let staff = Browser(app)
            try await staff.signIn("staff")
            #expect(try await staff.request(.GET, "/staff/ita").status == .ok)
            #expect(try await staff.request(.GET, "/staff/ita/\(id)").status == .ok)
            #expect(try await staff.request(.GET, "/staff/ita/\(id)/copy").status == .forbidden)
            #expect(try await staff.post("/staff/ita/\(id)/items/\(item.id!.lowercased)/remove", [:]).status == .forbidden)
            #expect(try await staff.request(.GET, "/staff/ita/\(id)/items/\(item.id!.lowercased)/evidence.zip").status == .forbidden)
            #expect(try await staff.request(.GET, "/staff/publications/\(published.publicationID.lowercased)/checklist").status == .forbidden)
            let auditor = Browser(app)
            try await auditor.signIn("auditor")
            #expect(try await auditor.request(.GET, "/staff/ita/\(id)/items/\(item.id!.lowercased)/evidence.zip?quarter=2").status == .ok)
            #expect(try await auditor.request(.GET, "/staff/ita/\(id)/items/\(item.id!.lowercased)/evidence.zip?quarter=5").status == .badRequest)
            #expect(try await visitor(app, "/staff/ita").status != .ok)
            #expect(try await staff.request(.GET, "/staff/ita/\(UUID().lowercased)").status == .notFound)
        }
    }

    @Test func webmasterPagesImportEditCopyTagAndPack() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            // A CSV without its year is refused with the reason, nothing saved.
            let csv = "code,title_th,period,unit\nMOIT1,มาตรการเผยแพร่,fiscal-year,strategy\nMOIT2,ข้อมูลเป็นปัจจุบัน,current,\n"
            let noYear = try await webmaster.upload("/staff/ita/import", fileName: "moit-2570.csv", data: Data(csv.utf8), fields: ["framework": "MOPH-MOIT"])
            #expect(noYear.status == .unprocessableEntity)
            #expect(noYear.text.contains(ComplianceText.yearMissing))
            let bad = try await webmaster.upload(
                "/staff/ita/import", fileName: "moit-2570.csv", data: Data((csv + "MOIT3,ไม่มีรอบ,yearly,\n").utf8),
                fields: ["framework": "MOPH-MOIT", "fiscalYear": "2570"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("แถวที่ 4"))
            let imported = try await webmaster.upload(
                "/staff/ita/import", fileName: "moit-2570.csv", data: Data(csv.utf8), fields: ["framework": "MOPH-MOIT", "fiscalYear": "๒๕๗๐"])
            #expect(imported.status == .seeOther, "\(imported.text)")
            let dashboardPath = try #require(imported.location)
            let dashboard = try await webmaster.request(.GET, dashboardPath)
            #expect(dashboard.text.contains("ครบ 0 จาก 2 ข้อ"))
            #expect(dashboard.text.contains(fixtures.otherUnit.nameTh))
            let checklist = try #require(try await Checklist.query(on: app.db).filter(\.$fiscalYear == 2570).first())
            let moit2 = try await item(app, "MOPH-MOIT|2570|MOIT2")

            // Edit an item: bad due date kept with the message, then saved.
            let itemPath = "/staff/ita/\(checklist.id!.lowercased)/items/\(moit2.id!.lowercased)"
            let form = ["code": "MOIT2", "titleTh": "ข้อมูลเป็นปัจจุบัน (แก้ไข)", "period": "half-year", "dueDates": "31/13/2570", "unitId": ""]
            let refused = try await webmaster.post(itemPath, form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("31/13/2570"))
            var fixed = form
            fixed["dueDates"] = "30/04/2570 31/10/2570"
            #expect(try await webmaster.post(itemPath, fixed).status == .seeOther)
            let edited = try await item(app, "MOPH-MOIT|2570|MOIT2")
            #expect(edited.dueDates.map(\.iso) == ["2027-04-30", "2027-10-31"])
            #expect(edited.checklistPeriod == .halfYear)
            // A code another item has is refused.
            var taken = fixed
            taken["code"] = "MOIT1"
            #expect(try await webmaster.post(itemPath, taken).status == .unprocessableEntity)

            // Copy with a colliding map: the form again with the reason; then a good copy.
            let copyPath = "/staff/ita/\(checklist.id!.lowercased)/copy"
            let collision = try await webmaster.post(copyPath, ["fiscalYear": "2571", "renumber": "MOIT1 → MOIT2"])
            #expect(collision.status == .unprocessableEntity)
            #expect(collision.text.contains("MOIT1, MOIT2"))
            #expect(try await webmaster.post(copyPath, ["fiscalYear": "2571", "renumber": "MOIT1 → MOIT1A"]).status == .seeOther)
            #expect(try await ChecklistItem.query(on: app.db).filter(\.$fiscalYear == 2571).all().map(\.code).sorted() == ["MOIT1A", "MOIT2"])

            // Tag a public item on its page and take the tag off; both audited.
            let published = try await room.publish(title: "ประกาศเจตจำนงสุจริต", attachment: ("ประกาศ.pdf", TestFiles.pdf()))
            let tagsPath = "/staff/publications/\(published.publicationID.lowercased)/checklist"
            #expect(try await webmaster.request(.GET, tagsPath).text.contains("MOIT2 ข้อมูลเป็นปัจจุบัน (แก้ไข)"))
            #expect(try await webmaster.request(.POST, tagsPath, formPairs: [("_csrf", try await webmaster.csrf()), ("items[]", moit2.id!.lowercased)]).status == .seeOther)
            #expect(try await webmaster.post(tagsPath, [:]).status == .unprocessableEntity)
            // In use: the item cannot be removed.
            let removal = try await webmaster.post(itemPath + "/remove", [:])
            #expect(removal.status == .seeOther)
            #expect(try await ChecklistItem.find(moit2.id, on: app.db) != nil)

            // The evidence pack of the quarter holds the index, the memo and form, and the attachment.
            let pack = try await webmaster.request(.GET, itemPath + "/evidence.zip?quarter=all")
            #expect(pack.status == .ok)
            #expect(pack.headers.first(name: .contentType) == "application/zip")
            let names = try ZipDirectory(ByteReader([UInt8](pack.bytes)), maxEntries: 50).names
            #expect(names.contains("index.txt"))
            #expect(names.contains { $0.hasPrefix("\(published.number)/memo.") })
            #expect(names.contains { $0.hasPrefix("\(published.number)/form.") })
            #expect(names.contains("\(published.number)/ประกาศ.pdf"))

            #expect(try await webmaster.post("\(tagsPath)/\(moit2.id!.lowercased)/remove", [:]).status == .seeOther)
            #expect(try await room.auditActions(for: published.publicationID).suffix(2) == ["publication.tagged", "publication.untagged"])

            // The automatic tags: plan reports now count for MOIT2 and MOIT1.
            let saved = try await webmaster.post(
                "/staff/ita/auto-tags",
                [
                    "planProgressReport.framework": "MOPH-MOIT", "planProgressReport.codes": "MOIT2 MOIT1",
                    "eServiceStatistics.framework": "MOPH-MOIT", "eServiceStatistics.codes": "MOIT10",
                    "annualPublishingReport.framework": "MOPH-MOIT", "annualPublishingReport.codes": "MOIT1"
                ])
            #expect(saved.status == .seeOther)
            let planItems = try await ChecklistService.autoTagItemIDs(.planProgressReport, fiscalYear: 2570, on: app.db)
            #expect(Set(planItems) == Set([moit2.id!, try await item(app, "MOPH-MOIT|2570|MOIT1").id!]))
            let badMap = try await webmaster.post("/staff/ita/auto-tags", ["planProgressReport.framework": "MOPH MOIT", "planProgressReport.codes": "MOIT 2"])
            #expect(badMap.status == .unprocessableEntity)
            try await expectAuditVocabulary(app.db)
        }
    }

    @Test func itemsNearTheirDeadlineAreRemindedOncePerDeadline() async throws {
        try await withPrakat { app, fixtures, _ in
            // MOIT7 (half-year, FY2569) has no evidence; its first deadline is 31 March 2026.
            let moit7 = try await item(app, "MOPH-MOIT|2569|MOIT7")
            moit7.unitID = fixtures.unit.id
            try await moit7.save(on: app.db)
            let job = ReminderJob(db: app.db, writer: app.writer, notifier: app.notifier)
            _ = try await job.run(now: Self.noon("2026-02-20"))
            #expect(try await StaffNotification.query(on: app.db).filter(\.$kind == NotificationKind.checklistDueSoon.rawValue).count() == 0)
            _ = try await job.run(now: Self.noon("2026-03-10"))
            let notices = try await StaffNotification.query(on: app.db).filter(\.$kind == NotificationKind.checklistDueSoon.rawValue).all()
            let moit7Notices = notices.filter { $0.subject.contains("MOIT7 ") }
            // The webmaster and the head of the unit named for the item.
            #expect(Set(moit7Notices.map(\.userID)) == Set([fixtures.users[.webmaster]!.id!, fixtures.head.id!]))
            #expect(moit7Notices.allSatisfy { $0.link.hasPrefix("/staff/ita/") })
            // Once per deadline, however often the job runs.
            let count = notices.count
            _ = try await job.run(now: Self.noon("2026-03-11"))
            #expect(try await StaffNotification.query(on: app.db).filter(\.$kind == NotificationKind.checklistDueSoon.rawValue).count() == count)
        }
    }
}
