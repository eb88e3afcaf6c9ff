import Testing

@testable import PrakatCore

@Suite("ThaiDigits")
struct ThaiDigitsTests {
    static let pairs: [(arabic: String, thai: String)] = [
        ("0123456789", "๐๑๒๓๔๕๖๗๘๙"),
        ("2,500,000.00", "๒,๕๐๐,๐๐๐.๐๐"),
        ("9 กุมภาพันธ์ 2569", "๙ กุมภาพันธ์ ๒๕๖๙"),
        ("14:30 น.", "๑๔:๓๐ น."),
        ("ที่ ขบ 0033.015/51", "ที่ ขบ ๐๐๓๓.๐๑๕/๕๑"),
        ("", ""),
        ("no digits", "no digits")
    ]

    @Test(arguments: pairs)
    func convertsBothWays(pair: (arabic: String, thai: String)) {
        #expect(ThaiDigits.toThai(pair.arabic) == pair.thai)
        #expect(ThaiDigits.toArabic(pair.thai) == pair.arabic)
    }

    @Test func leavesOtherScriptDigitsAlone() {
        // Only the two digit sets are mapped; mixed input is normalised one way.
        #expect(ThaiDigits.toThai("๑2๓") == "๑๒๓")
        #expect(ThaiDigits.toArabic("๑2๓") == "123")
        #expect(ThaiDigits.toArabic("٣") == "٣")  // Arabic-Indic three is not a Thai digit
    }

    @Test func digitStyleApplies() {
        #expect(ThaiDigitStyle.thai.apply("2569") == "๒๕๖๙")
        #expect(ThaiDigitStyle.arabic.apply("2569") == "2569")
    }
}
