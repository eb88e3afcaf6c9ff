import Foundation
import Testing

@testable import PrakatCore

@Suite("SatisfactionRules")
struct SatisfactionRulesTests {
    @Test func scores() {
        for text in ["1", "2", "3", "4", "5", " 5 "] { #expect((try? SatisfactionRules.score(text: text).get()) != nil, "\(text)") }
        #expect(SatisfactionRules.score(text: nil) == .failure(.scoreMissing))
        #expect(SatisfactionRules.score(text: "") == .failure(.scoreMissing))
        for text in ["0", "6", "five", "-1", "4.5", "๕", "99999999999999999999", "1e0"] {
            #expect(SatisfactionRules.score(text: text) == .failure(.scoreOutOfRange), "\(text)")
        }
        #expect(SatisfactionRules.score(0) == .failure(.scoreOutOfRange))
        #expect(SatisfactionRules.score(6) == .failure(.scoreOutOfRange))
        #expect(SatisfactionRules.score(Int.min) == .failure(.scoreOutOfRange))
        #expect(SatisfactionRules.score(nil) == .failure(.scoreMissing))
        #expect(SatisfactionRules.Problem.scoreOutOfRange.field == "score")
        #expect(SatisfactionRules.label(1) == "น้อยที่สุด")
        #expect(SatisfactionRules.label(5) == "มากที่สุด")
    }

    @Test func comments() {
        #expect(SatisfactionRules.comment(nil) == .success(nil))
        #expect(SatisfactionRules.comment("  \r\n ") == .success(nil))
        #expect(SatisfactionRules.comment(" ดีมาก\r\nขอบคุณ ") == .success("ดีมาก\nขอบคุณ"))
        #expect(SatisfactionRules.comment("a\rb\tc") == .success("a\nb\tc"))
        #expect(SatisfactionRules.comment(String(repeating: "ก", count: 1000)) == .success(String(repeating: "ก", count: 1000)))
        #expect(SatisfactionRules.comment(String(repeating: "ก", count: 1001)) == .failure(.commentTooLong))
        #expect(SatisfactionRules.comment("a\u{0}b") == .failure(.commentControlCharacters))
        #expect(SatisfactionRules.comment("a\u{85}b") == .failure(.commentControlCharacters))
        // Script is kept as text (pages escape it); it is not a control character.
        #expect(SatisfactionRules.comment("<script>alert(1)</script>") == .success("<script>alert(1)</script>"))
        #expect(SatisfactionRules.Problem.commentTooLong.field == "comment")
    }

    @Test func pages() {
        for path in ["/", "/c/news", "/p/12?x=1", "/search?q=%E0%B8%81"] { #expect(SatisfactionRules.page(path) == .success(path), "\(path)") }
        #expect(SatisfactionRules.page(nil) == .success(nil))
        #expect(SatisfactionRules.page("") == .success(nil))
        for path in ["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "/a b", "/a\u{0}", "c/news", "/" + String(repeating: "a", count: 300)] {
            #expect(SatisfactionRules.page(path) == .failure(.pageInvalid), "\(path)")
        }
    }

    @Test func summary() {
        let empty = SatisfactionSummary(distribution: [:])
        #expect(empty.count == 0)
        #expect(empty.average == nil)
        #expect(empty.averageText == "-")
        #expect(empty.percent(5) == 0)
        let summary = SatisfactionSummary(distribution: [5: 3, 4: 1, 1: 1, 9: 100, 0: 7])
        #expect(summary.count == 5)
        #expect(summary.distribution.keys.sorted() == [1, 2, 3, 4, 5])
        #expect(summary.average == 4.0)
        #expect(summary.averageText == "4.0")
        #expect(summary.percent(5) == 60)
        #expect(SatisfactionSummary(distribution: [5: 2, 4: 1]).averageText == "4.7")
        #expect(SatisfactionSummary(distribution: [5: 2, 4: 1]).averageRounded == 4.67)
    }

    @Test func csvNeutralisesFormulasAndKeepsThai() {
        #expect(CSVCell.safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")")
        for cell in ["+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] { #expect(CSVCell.safe(cell) == "'" + cell, "\(cell)") }
        #expect(CSVCell.safe("-5") == "-5")
        #expect(CSVCell.safe("ดีมาก") == "ดีมาก")
        let bytes = SatisfactionExport.csv([
            SatisfactionExportRow(
                createdAt: "2026-02-09T03:00:00Z", score: 1, source: .survey, page: "/c/news", comment: "=cmd|' /C calc'!A0", commentState: .hidden,
                eserviceRequestID: nil),
            SatisfactionExportRow(
                createdAt: "2026-02-09T04:00:00Z", score: 5, source: .eservice, page: nil, comment: "<script>alert(\"x\")</script>, ขอบคุณ",
                commentState: .published, eserviceRequestID: "3f2504e0-4f89-11d3-9a0c-0305e82c3301")
        ])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows[0].hasPrefix("วันเวลา,คะแนน"))
        #expect(rows[1].contains(",'=cmd|' /C calc'!A0,"))
        #expect(rows[2].contains("\"<script>alert(\"\"x\"\")</script>, ขอบคุณ\""))
        #expect(rows[2].contains(SatisfactionSource.eservice.thaiName))
    }
}
