import Foundation
import Testing

@testable import PrakatCore

@Suite("ITA checklists: status by period across a fiscal year, imports, renumbering")
struct ChecklistRulesTests {
    let year = FiscalYear(beYear: 2570)

    func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }
    func published(_ iso: String, live: Bool = true) -> ChecklistEvidenceFact { ChecklistEvidenceFact(publishedOn: day(iso), isPublicNow: live) }

    func status(_ period: ChecklistPeriod, _ evidence: [ChecklistEvidenceFact], on iso: String, due: [String] = []) -> ChecklistEvaluation {
        ChecklistStatusRule.evaluate(period, in: year, dueDates: due.map(day), evidence: evidence, today: day(iso))
    }

    @Test func halfYearItemsWalkedAcrossTheYear() {
        // Nothing yet, the first half's deadline (31 March) far away.
        #expect(status(.halfYear, [], on: "2026-10-05").status == .missing)
        // A Q1 report fills the first half; in Q3 the second half is open and far from its deadline.
        let q1 = published("2026-11-20")
        #expect(status(.halfYear, [q1], on: "2026-11-21").status == .present)
        #expect(status(.halfYear, [q1], on: "2027-04-10").status == .present)
        #expect(status(.halfYear, [q1], on: "2027-04-10").dueAt == day("2027-09-30"))
        // Without the Q3 report the second half turns dueSoon a month before 30 September, then stale.
        #expect(status(.halfYear, [q1], on: "2027-09-05").status == .dueSoon)
        #expect(status(.halfYear, [q1], on: "2027-10-01").status == .stale)
        // Q1 and Q3 reports make the item present, at the year's end and after it.
        let q3 = published("2027-05-10")
        #expect(status(.halfYear, [q1, q3], on: "2027-09-05").status == .present)
        #expect(status(.halfYear, [q1, q3], on: "2027-12-01").status == .present)
        #expect(status(.halfYear, [q1, q3], on: "2027-12-01").coveredWindows == 2)
    }

    @Test func aMissingQ2ReportTurnsDueSoonThenStaleAtItsDeadline() {
        #expect(status(.halfYear, [], on: "2027-02-28").status == .missing)
        #expect(status(.halfYear, [], on: "2027-03-02").status == .dueSoon)
        #expect(status(.halfYear, [], on: "2027-03-31").status == .dueSoon)
        let after = status(.halfYear, [], on: "2027-04-01")
        #expect(after.status == .stale)
        #expect(after.dueAt == day("2027-03-31"))
        // A report published late still leaves the first half missed.
        #expect(status(.halfYear, [published("2027-04-05")], on: "2027-04-06").status == .stale)
        // A deadline moved to 30 April (due dates of the item) keeps a 5 April report in time.
        #expect(status(.halfYear, [published("2027-04-05")], on: "2027-04-06", due: ["2027-04-30", "2027-10-31"]).status == .present)
    }

    @Test func oneReportNeverFillsTwoWindows() {
        // With the first deadline in April, a report of 10 April falls in both halves' spans: it fills one.
        let report = published("2027-04-10")
        let evaluation = status(.halfYear, [report], on: "2027-10-01", due: ["2027-04-30", "2027-09-30"])
        #expect(evaluation.coveredWindows == 1)
        #expect(evaluation.status == .stale)
    }

    @Test func monthlyItemsCountMonths() {
        let october = published("2026-10-28"), november = published("2026-11-30")
        let mid = status(.monthly, [october, november], on: "2026-12-15")
        #expect(mid.status == .present)
        #expect(mid.coveredWindows == 2 && mid.windows == 12)
        #expect(status(.monthly, [october, november], on: "2026-12-26").status == .dueSoon)
        #expect(status(.monthly, [october, november], on: "2027-01-01").status == .stale)
        #expect(status(.monthly, [october, november], on: "2027-01-01").dueAt == day("2026-12-31"))
        // A month skipped stays missed even when later months are there.
        #expect(status(.monthly, [october, published("2026-12-05")], on: "2026-12-10").status == .stale)
        #expect(status(.monthly, [], on: "2026-10-10").status == .missing)
    }

    @Test func fiscalYearItemsNeedAnItemPublishedInTheYear() {
        // Published before the year began: not evidence of this year.
        #expect(status(.fiscalYear, [published("2026-09-01")], on: "2026-10-10").status == .missing)
        #expect(status(.fiscalYear, [published("2027-01-05")], on: "2027-01-06").status == .present)
        #expect(status(.fiscalYear, [], on: "2027-09-10").status == .dueSoon)
        #expect(status(.fiscalYear, [], on: "2027-10-01").status == .stale)
        #expect(status(.fiscalYear, [], on: "2026-12-01", due: ["2026-12-31"]).status == .dueSoon)
    }

    @Test func currentItemsNeedSomethingPublicNow() {
        #expect(status(.current, [published("2025-01-01")], on: "2026-11-01").status == .present)
        #expect(status(.current, [published("2025-01-01", live: false)], on: "2026-11-01").status == .stale)
        #expect(status(.current, [], on: "2026-11-01").status == .missing)
        #expect(status(.current, [], on: "2026-11-01", due: ["2026-11-10"]).status == .dueSoon)
        #expect(status(.current, [], on: "2026-11-11", due: ["2026-11-10"]).status == .stale)
    }

    // MARK: Imports

    static let sample = #"""
        [{"code": "MOIT1", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "มาตรการเผยแพร่ข้อมูล", "period": "fiscal-year"},
         {"code": "MOIT5", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "สรุปผลจัดซื้อจัดจ้างรายเดือน", "period": "monthly",
          "due_dates": ["2026-11-15"], "unit": "general-administration"}]
        """#

    @Test func jsonInTheFormatOfTheDataFile() throws {
        let draft = try ChecklistImport.parseJSON(Array(Self.sample.utf8))
        #expect(draft.framework == "MOPH-MOIT" && draft.fiscalYear == 2570)
        #expect(draft.items.map(\.code) == ["MOIT1", "MOIT5"])
        #expect(draft.items[1].period == .monthly)
        #expect(draft.items[1].dueDates == [day("2026-11-15")])
        #expect(draft.items[1].unit == "general-administration")
        // With a BOM too.
        #expect(try ChecklistImport.parseJSON([0xEF, 0xBB, 0xBF] + Array(Self.sample.utf8)).items.count == 2)
    }

    func problems(_ body: () throws(ChecklistImportProblems) -> ChecklistDraft) -> [ChecklistImportProblem] {
        do {
            _ = try body()
            return []
        } catch {
            return error.problems
        }
    }

    @Test func badJSONNamesTheRowAndField() {
        let bad = #"""
            [{"code": "MOIT1", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "", "period": "fiscal-year"},
             {"code": "MOIT1", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "ซ้ำ", "period": "yearly"},
             {"code": "MOIT 3", "framework": "MOPH-MOIT", "fiscal_year": 2570, "title_th": "รหัสมีช่องว่าง", "period": "monthly", "due_dates": ["31/13/2570"]}]
            """#
        let found = problems { () throws(ChecklistImportProblems) in try ChecklistImport.parseJSON(Array(bad.utf8)) }
        #expect(found.contains { $0.row == 1 && $0.field == "title_th" })
        #expect(found.contains { $0.row == 2 && $0.field == "code" && $0.message.contains("ซ้ำกับแถวที่ 1") })
        #expect(found.contains { $0.row == 2 && $0.field == "period" && $0.message.contains("yearly") })
        #expect(found.contains { $0.row == 3 && $0.field == "code" })
        #expect(found.contains { $0.row == 3 && $0.field == "due_dates" })
        #expect(found.allSatisfy { !$0.description.isEmpty })
        // Not a list, several years, a year outside 2500–2700.
        #expect(problems { () throws(ChecklistImportProblems) in try ChecklistImport.parseJSON(Array("{\"a\":1}".utf8)) }.first?.field == "file")
        let years = Self.sample.replacingOccurrences(of: "\"fiscal_year\": 2570, \"title_th\": \"สรุป", with: "\"fiscal_year\": 2571, \"title_th\": \"สรุป")
        #expect(problems { () throws(ChecklistImportProblems) in try ChecklistImport.parseJSON(Array(years.utf8)) }.contains { $0.field == "fiscal_year" })
        let old = Self.sample.replacingOccurrences(of: "2570", with: "2499")
        #expect(problems { () throws(ChecklistImportProblems) in try ChecklistImport.parseJSON(Array(old.utf8)) }.contains { $0.field == "fiscal_year" })
    }

    @Test func csvWithBOMOrTIS620() throws {
        let csv = "code,title_th,period,due_dates\r\nMOIT1,มาตรการเผยแพร่ข้อมูล,fiscal-year,\r\nMOIT7,\"รายงาน, รอบ 6 เดือน\",รอบ 6 เดือน,31/03/2570 30/09/2570\r\n"
        let utf8 = try ChecklistImport.parseCSV([0xEF, 0xBB, 0xBF] + Array(csv.utf8), framework: "MOPH-MOIT", fiscalYear: 2570)
        #expect(utf8.items.map(\.code) == ["MOIT1", "MOIT7"])
        #expect(utf8.items[1].titleTh == "รายงาน, รอบ 6 เดือน")
        #expect(utf8.items[1].period == .halfYear)
        #expect(utf8.items[1].dueDates == [day("2027-03-31"), day("2027-09-30")])
        // The same file saved by Thai Excel (TIS-620) reads the same.
        let tis = csv.unicodeScalars.map { scalar -> UInt8 in
            (0x0E01...0x0E5B).contains(scalar.value) ? UInt8(scalar.value - 0x0D60) : UInt8(scalar.value)
        }
        #expect(try ChecklistImport.parseCSV(tis, framework: "MOPH-MOIT", fiscalYear: 2570) == utf8)
    }

    @Test func badCSVIsRefusedWhole() {
        let missingColumn = "code,title_th\nMOIT1,ชื่อ\n"
        #expect(
            problems { () throws(ChecklistImportProblems) in try ChecklistImport.parseCSV(Array(missingColumn.utf8), framework: "MOPH-MOIT", fiscalYear: 2570) }
                .contains { $0.field == "period" && $0.row == 1 })
        let rows = "code,title_th,period\nMOIT1,ชื่อ,fiscal-year\nMOIT2,,current\nMOIT1,ซ้ำ,ทุกวัน\n"
        let found = problems { () throws(ChecklistImportProblems) in try ChecklistImport.parseCSV(Array(rows.utf8), framework: "MOPH-MOIT", fiscalYear: 2570) }
        #expect(found.contains { $0.row == 3 && $0.field == "title_th" })
        #expect(found.contains { $0.row == 4 && $0.field == "code" })
        #expect(found.contains { $0.row == 4 && $0.field == "period" })
        // Bytes that are neither UTF-8 nor TIS-620.
        #expect(
            problems { () throws(ChecklistImportProblems) in try ChecklistImport.parseCSV([0xFF, 0xFE, 0x00, 0x41], framework: "MOPH-MOIT", fiscalYear: 2570) }
                .first?.field == "file")
    }

    // MARK: Renumbering

    @Test func renumberingMapsCodesAndRefusesCollisions() throws {
        let codes = ["MOIT1", "MOIT5", "MOIT6"]
        #expect(try ChecklistRenumbering.apply(["MOIT5": "MOIT6", "MOIT6": "MOIT7"], to: codes).get() == ["MOIT1", "MOIT6", "MOIT7"])
        // MOIT5 → MOIT6 while MOIT6 keeps its code: both would be MOIT6.
        guard case .failure(let collision) = ChecklistRenumbering.apply(["MOIT5": "MOIT6"], to: codes) else { Issue.record("collision accepted"); return }
        #expect(collision.problems.contains { $0.message.contains("MOIT5, MOIT6") })
        guard case .failure(let unknown) = ChecklistRenumbering.apply(["MOIT9": "MOIT10"], to: codes) else { Issue.record("unknown accepted"); return }
        #expect(unknown.problems.first?.field == "renumber.MOIT9")
        guard case .failure(let twoToOne) = ChecklistRenumbering.apply(["MOIT1": "X1", "MOIT5": "X1"], to: codes) else { Issue.record("two to one"); return }
        #expect(!twoToOne.problems.isEmpty)
        #expect(try ChecklistRenumbering.parseLines("MOIT5 → MOIT6\n\nMOIT6=MOIT7\nO1, O2").get() == ["MOIT5": "MOIT6", "MOIT6": "MOIT7", "O1": "O2"])
        guard case .failure = ChecklistRenumbering.parseLines("MOIT5 MOIT6 MOIT7") else { Issue.record("three words accepted"); return }
    }

    @Test func itemReferences() {
        #expect(ChecklistItemReference(parsing: "MOPH-MOIT/2570/MOIT5") == ChecklistItemReference(framework: "MOPH-MOIT", fiscalYear: 2570, code: "MOIT5"))
        for bad in ["MOPH-MOIT/2570", "MOPH-MOIT/25700/MOIT5", "MOPH MOIT/2570/MOIT5", "/2570/MOIT5", "MOPH-MOIT/2570/", "MOPH-MOIT/๒๕๗๐/MOIT5"] {
            #expect(ChecklistItemReference(parsing: bad) == nil, "\(bad)")
        }
    }

    // MARK: ZIP

    @Test func zipEntriesReadBackWithTheirNamesAndContent() throws {
        var zip = ZipWriter()
        try zip.add(name: "index.txt", bytes: Data("ดัชนี".utf8), modified: Date(timeIntervalSince1970: 1_770_606_000))
        try zip.add(name: "12/บันทึกข้อความ.pdf", bytes: Data("%PDF-1.4".utf8), modified: Date(timeIntervalSince1970: 1_770_606_000))
        try zip.add(name: "12/บันทึกข้อความ.pdf", bytes: Data("%PDF-1.4 second".utf8), modified: Date(timeIntervalSince1970: 1_770_606_000))
        let data = zip.finish()
        let entries = try ZipDirectory(ByteReader([UInt8](data)), maxEntries: 10).names
        #expect(entries == ["index.txt", "12/บันทึกข้อความ.pdf", "12/บันทึกข้อความ (2).pdf"])
    }
}
