import Foundation
import PrakatCore
import Testing

@Suite("Thai phone numbers")
struct ThaiPhoneTests {
    @Test(arguments: ["038 285 511", "0-3828-5511", "02 590 1000", "081-234-5678", "0812345678", "+66 81 234 5678", "1669", "038-285-511 ต่อ 123", "02 590 1000 ext. 42"])
    func acceptsThaiNumbers(_ raw: String) {
        #expect(ThaiPhone.validated(raw) != nil, "\(raw)")
    }

    @Test(arguments: [
        "", "12345", "081-234-567", "08123456789", "0112345678", "+1 415 555 0100", "081+2345678", "๐๘๑๒๓๔๕๖๗๘", "081-234-5678 ต่อ", "abc", "038285511 ต่อ 1234567",
        "081\u{202E}2345678", String(repeating: "0", count: 41)
    ])
    func refusesEverythingElse(_ raw: String) {
        #expect(ThaiPhone.validated(raw) == nil, "\(raw)")
    }

    @Test func spacesAreTidied() {
        #expect(ThaiPhone.validated("  081  234   5678 ") == "081 234 5678")
    }
}
