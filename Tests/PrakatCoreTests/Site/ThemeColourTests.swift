import Foundation
import Testing

@testable import PrakatCore

@Suite("Theme colour")
struct ThemeColourTests {
    @Test(arguments: [
        ("#1f4e79", "#1f4e79"),
        ("#1F4E79", "#1f4e79"),
        ("  #1F4e79  ", "#1f4e79"),
        ("\t#000000\n", "#000000"),
        ("#fff", "#ffffff"),
        ("#FFF", "#ffffff"),
        ("#abc", "#aabbcc"),
        ("#09F", "#0099ff"),
        ("\u{3000}#123456\u{00A0}", "#123456"),  // ideographic and no-break spaces pasted from a document
        ("\u{FEFF}#ffffff\u{200B}", "#ffffff")
    ])
    func parses(text: String, hex: String) throws {
        let colour = try #require(ThemeColour(hex: text))
        #expect(colour.hex == hex)
    }

    @Test(arguments: [
        "", " ", "#", "fff", "1f4e79", "#ff", "#ffff", "#fffff", "#fffffff", "#ggg", "#12345g", "# fff", "#ff f", "#fff ;", "#fff;",
        "##fff", "#-12", "#+12", "0x123456", "red", "rgb(0, 0, 0)", "#fff0", "#๑๒๓", "＃fff", "#ｆｆｆ", "#fff\u{0}", "#\u{0}fff", "#f\u{301}ff",
        "#fff\u{200B}fff", "\u{202E}#fff", "#1f4e79 #000000", "#1f4e79\n#000000"
    ])
    func refusesAnythingElse(text: String) {
        #expect(ThemeColour(hex: text) == nil)
    }

    @Test func parsesEveryShortForm() throws {
        let digits = Array("0123456789abcdefABCDEF")
        for r in digits {
            for g in digits.prefix(16) {
                let colour = try #require(ThemeColour(hex: "#\(r)\(g)\(r)"))
                let expected = "#\(r)\(r)\(g)\(g)\(r)\(r)".lowercased()
                #expect(colour.hex == expected)
            }
        }
    }

    @Test func hexRoundTrips() {
        var generator = SplitMix64(seed: 0x7E3E)
        for _ in 0..<2000 {
            let colour = ThemeColour(red: .random(in: 0...255, using: &generator), green: .random(in: 0...255, using: &generator), blue: .random(in: 0...255, using: &generator))
            #expect(ThemeColour(hex: colour.hex) == colour)
            #expect(ThemeColour(hex: colour.hex.uppercased()) == colour)
        }
    }

    // MARK: WCAG

    @Test(arguments: [
        ("#ffffff", 1.0), ("#000000", 0.0), ("#808080", 0.215861), ("#ff0000", 0.2126), ("#00ff00", 0.7152), ("#0000ff", 0.0722),
        ("#767676", 0.181164), ("#1f4e79", 0.071206)
    ])
    func relativeLuminance(hex: String, luminance: Double) throws {
        let colour = try #require(ThemeColour(hex: hex))
        #expect(abs(colour.relativeLuminance - luminance) < 0.000001)
    }

    /// Reference values from the WCAG 2.x formula (WebAIM's contrast checker gives the same to two decimals).
    @Test(arguments: [
        ("#767676", 4.5422, 4.6233), ("#777777", 4.4781, 4.6895), ("#757575", 4.6075, 4.5578), ("#ff0000", 3.9985, 5.2520),
        ("#0000ff", 8.5925, 2.4440), ("#1f4e79", 8.6630, 2.4241), ("#ffcc00", 1.5120, 13.8891), ("#008000", 5.1374, 4.0877),
        ("#e53935", 4.2268, 4.9683), ("#ffffff", 1.0, 21.0), ("#000000", 21.0, 1.0)
    ])
    func contrastRatios(hex: String, withWhite: Double, withBlack: Double) throws {
        let colour = try #require(ThemeColour(hex: hex))
        #expect(abs(colour.contrastWithWhite - withWhite) < 0.0001)
        #expect(abs(colour.contrastWithBlack - withBlack) < 0.0001)
        #expect(colour.contrastRatio(with: .white) == ThemeColour.white.contrastRatio(with: colour))
    }

    @Test func blackOnWhiteIsTwentyOneToOneAndAColourOnItselfIsOne() throws {
        #expect(ThemeColour.black.contrastRatio(with: .white) == 21)
        let navy = try #require(ThemeColour(hex: "#1f4e79"))
        #expect(navy.contrastRatio(with: navy) == 1)
    }

    @Test(arguments: [
        ("#767676", true), ("#777777", false), ("#757575", true), ("#1f4e79", true), ("#0066cc", true), ("#008000", true), ("#2e7d32", true),
        ("#c62828", true), ("#6a1b9a", true), ("#000000", true), ("#ff0000", false), ("#e53935", false), ("#00897b", false), ("#ffcc00", false),
        ("#f5a623", false), ("#808080", false), ("#ffffff", false)
    ])
    func whiteTextReachesAA(hex: String, passes: Bool) throws {
        let colour = try #require(ThemeColour(hex: hex))
        #expect(colour.reachesAAWithWhiteText == passes)
    }

    @Test(arguments: [
        ("#1f4e79", TextColour.white), ("#000000", .white), ("#767676", .black), ("#757575", .white), ("#ffcc00", .black), ("#ffffff", .black), ("#777777", .black),
        ("#ff0000", .black), ("#0000ff", .white)
    ])
    func betterTextColour(hex: String, text: TextColour) throws {
        let colour = try #require(ThemeColour(hex: hex))
        #expect(colour.betterTextColour == text)
        #expect(colour.contrastRatio(with: text.colour) >= colour.contrastRatio(with: text == .white ? .black : .white))
    }

    // MARK: Validation

    @Test func validColourIsNormalised() {
        #expect(ThemeColour.validate("  #1F4E79 ") == .success("#1f4e79"))
        #expect(ThemeColour.validate("#000") == .success("#000000"))
        #expect(ThemeColour.validate("#767676") == .success("#767676"))
    }

    @Test func emptyAndNotAColour() {
        #expect(ThemeColour.validate("") == .failure(.empty))
        #expect(ThemeColour.validate(" \n") == .failure(.empty))
        #expect(ThemeColour.validate("navy") == .failure(.notAColour))
        #expect(ThemeColour.validate("#1f4e7") == .failure(.notAColour))
    }

    @Test func lowContrastCarriesTheMeasuredRatio() throws {
        guard case let .failure(.lowContrast(ratio)) = ThemeColour.validate("#ffcc00") else {
            Issue.record("#ffcc00 must be refused for contrast")
            return
        }
        #expect(abs(ratio - 1.512) < 0.001)
    }

    @Test func lowContrastMessage() {
        guard case let .failure(rejection) = ThemeColour.validate("#f5a623") else {
            Issue.record("#f5a623 must be refused")
            return
        }
        #expect(rejection.thaiMessage.hasPrefix("สีประจำหน่วยงานทำให้ตัวอักษรสีขาวอ่านยาก (คอนทราสต์ 2.0:1 ต่ำกว่า 4.5:1 ตามมาตรฐาน WCAG AA)"))
    }

    @Test func aRatioJustBelowTheLineIsNotShownAsTheLine() {
        guard case let .failure(rejection) = ThemeColour.validate("#777777") else {
            Issue.record("#777777 must be refused")
            return
        }
        #expect(rejection.thaiMessage.contains("คอนทราสต์ 4.47:1 ต่ำกว่า 4.5:1"))
    }

    @Test(arguments: [
        (2.14, "2.1"), (2.16, "2.2"), (1.0, "1.0"), (1.512, "1.5"), (4.2268, "4.2"), (4.4781, "4.47"), (4.449, "4.4"), (4.467, "4.46"), (4.4999, "4.49"),
        (4.5, "4.5"), (21, "21.0"), (4.401, "4.4"), (.nan, "0.0"), (-.infinity, "0.0"), (.infinity, "0.0"), (-3, "0.0"), (1e300, "1000.0")
    ])
    func ratioText(ratio: Double, text: String) {
        #expect(ThemeColourRejection.ratioText(ratio) == text)
    }

    @Test func everyMessageNamesTheField() {
        for rejection in [ThemeColourRejection.empty, .notAColour, .lowContrast(ratio: 3)] {
            #expect(rejection.thaiMessage.contains("สีประจำหน่วยงาน"))
        }
    }

    @Test func hostileTextNeverTraps() {
        var generator = SplitMix64(seed: 0xC010)
        let alphabet = Array("#0123456789abcdefABCDEFghxyz \t\n\u{0}\u{301}\u{200B}๑＃ｆ;-+")
        for _ in 0..<3000 {
            let text = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            switch ThemeColour.validate(text) {
            case let .success(hex): #expect(hex.count == 7 && hex.hasPrefix("#"))
            case let .failure(rejection): #expect(rejection.thaiMessage.contains("สีประจำหน่วยงาน"))
            }
        }
        #expect(ThemeColour(hex: String(repeating: "#fff", count: 100_000)) == nil)
        #expect(ThemeColour(hex: "#" + String(repeating: "f", count: 1_000_000)) == nil)
    }
}
