import Foundation
import Testing

@testable import PrakatCore

@Suite("Attendance CSV")
struct CSVTests {
    static let text =
        "ลำดับ,ชื่อ-สกุล,หน่วยงาน,ตำแหน่ง\r\n1,นางสาวเปรมฤดี แทนมาลา,สำนักนโยบายและแผน,\"นักวิเคราะห์นโยบายและแผน, ชำนาญการ\"\r\n2,\"นาย \"\"สมชาย\"\" ใจดี\",สำนักพัฒนาบุคลากร,นักทรัพยากรบุคคล\r\n"

    /// TIS-620 bytes of a Thai string: U+0E01–U+0E5B → 0xA1–0xFB.
    static func tis620(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            (0x0E01...0x0E5B).contains(scalar.value) ? UInt8(scalar.value - 0x0D60) : UInt8(scalar.value)
        }
    }

    @Test func utf8() throws {
        let result = try AttendanceCSV.read(Array(Self.text.utf8))
        #expect(result.encoding == .utf8)
        #expect(result.attendees.count == 2)
        #expect(result.attendees[0] == Attendee(name: "นางสาวเปรมฤดี แทนมาลา", organisation: "สำนักนโยบายและแผน", position: "นักวิเคราะห์นโยบายและแผน, ชำนาญการ"))
        #expect(result.attendees[1].name == "นาย \"สมชาย\" ใจดี")
    }

    @Test func utf8WithBOMAndLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.text.replacingOccurrences(of: "\r\n", with: "\n").utf8)
        let result = try AttendanceCSV.read(bytes)
        #expect(result.encoding == .utf8WithBOM)
        #expect(result.attendees.map(\.name) == ["นางสาวเปรมฤดี แทนมาลา", "นาย \"สมชาย\" ใจดี"])
    }

    @Test func tis620() throws {
        let bytes = Self.tis620(Self.text)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let result = try AttendanceCSV.read(bytes)
        #expect(result.encoding == .tis620)
        #expect(result.attendees[0].organisation == "สำนักนโยบายและแผน")
        #expect(ThaiCodePage.tis620.decode([0xA1, 0xFB]) == "\u{0E01}\u{0E5B}")
        #expect(ThaiCodePage.tis620.decode([0xFC]) == nil)
    }

    @Test func shortTIS620ThatLooksLikeUTF8() throws {
        // "รก" in TIS-620 is C3 A1, which is also UTF-8 for "á".
        let bytes = Self.tis620("ชื่อ-สกุล\nรก\n")
        let result = try AttendanceCSV.read(bytes)
        #expect(result.attendees.map(\.name) == ["รก"])
    }

    @Test func wrongColumnsNameTheRowAndColumn() {
        #expect(throws: CSVError(row: 1, column: "อีเมลล์", message: "ไม่รู้จักคอลัมน์นี้ ใช้ได้เฉพาะ ลำดับ, ชื่อ-สกุล, หน่วยงาน, ตำแหน่ง (ข้อมูลคอลัมน์ที่ 2)")) {
            try AttendanceCSV.read(Array("ชื่อ-สกุล,อีเมลล์\nก,ข\n".utf8))
        }
        #expect(throws: CSVError(row: 1, message: "ไม่พบคอลัมน์ \"ชื่อ-สกุล\" ในแถวหัวตาราง")) {
            try AttendanceCSV.read(Array("หน่วยงาน,ตำแหน่ง\nก,ข\n".utf8))
        }
        #expect(throws: CSVError(row: 3, message: "มี 3 คอลัมน์ แต่หัวตารางมี 2 คอลัมน์")) {
            try AttendanceCSV.read(Array("ชื่อ-สกุล,หน่วยงาน\nก,ข\nค,ง,จ\n".utf8))
        }
        #expect(throws: CSVError(row: 2, column: "ชื่อ-สกุล", message: "ต้องระบุชื่อ")) {
            try AttendanceCSV.read(Array("ชื่อ-สกุล,หน่วยงาน\n,ข\n".utf8))
        }
        #expect(throws: CSVError.self) { try AttendanceCSV.read([0xFF, 0xFE, 0x00, 0x41]) }
        #expect(throws: CSVError.self) { try AttendanceCSV.read(Array("ชื่อ-สกุล\n\"ก\n".utf8)) }
        #expect(throws: CSVError.self) { try AttendanceCSV.read([]) }
    }

    @Test func errorDescriptionIsThai() {
        #expect(CSVError(row: 3, column: "ชื่อ-สกุล", message: "ต้องระบุชื่อ").description == "แถวที่ 3 คอลัมน์ \"ชื่อ-สกุล\": ต้องระบุชื่อ")
    }

    @Test func writingQuotesAndDefusesFormulas() {
        let bytes = CSV.write([["ชื่อ", "จำนวนเงิน"], ["=HYPERLINK(\"x\")", "-5.00"], ["a,b", "2500000.00"]])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "ชื่อ,จำนวนเงิน\r\n\"'=HYPERLINK(\"\"x\"\")\",-5.00\r\n\"a,b\",2500000.00\r\n")
    }
}

@Suite("Plan charts")
struct PlanChartTests {
    @Test func budgetChartHasBarsAndEscapesText() {
        let chart = PlanCharts.budgetByQuarter(
            planned: [.zero, Baht(baht: 400_000), Baht(baht: 50_000), Baht(baht: 2_050_000)],
            spent: [.zero, Baht(baht: 385_620), nil, nil], fiscalYear: FiscalYear(beYear: 2564))
        #expect(chart.rects.filter { $0.fill == PlanCharts.planColour }.count == 5)  // 4 bars + legend
        #expect(chart.rects.filter { $0.fill == PlanCharts.actualColour }.count == 3)
        let tallest = chart.rects.filter { $0.fill == PlanCharts.planColour }.map(\.height).max()
        #expect(tallest == 210)
        #expect(chart.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(chart.svg.contains("2,050,000.00"))
        #expect(PlanCharts.compact(Baht(baht: 2_050_000)) == "2.1 ล้าน")
        #expect(PlanCharts.compact(Baht(baht: 350_000)) == "350,000")
    }

    @Test func indicatorChartColoursAndEscapes() {
        let outcome = IndicatorOutcome(
            path: "Q1", depth: 0, kind: .quantitative, description: "<script>", targetText: "≥ ร้อยละ 80", target: 80,
            unit: "ร้อยละ", actual: 90, status: .pass, basis: "")
        let chart = PlanCharts.indicatorProgress([outcome])
        #expect(chart.rects.first?.fill == PlanCharts.passColour)
        var bad = chart
        bad.title = "<script>alert('x')</script> & \"q\""
        #expect(bad.svg.contains("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</title>"))
        #expect(!bad.svg.contains("<script>"))
    }
}
