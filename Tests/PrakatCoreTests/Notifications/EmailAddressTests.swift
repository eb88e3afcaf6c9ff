import Foundation
import Testing

@testable import PrakatCore

@Suite("E-mail addresses")
struct EmailAddressTests {
    @Test(arguments: ["somchai@agency.go.th", "first.last+news@mail.example.co.th", "a@b.co", "o'neil@x-y.org", "  padded@agency.go.th\n"])
    func ordinaryAddressesAreAccepted(_ text: String) throws {
        let address = try EmailAddress(text)
        #expect(address.value == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(address.description == address.value)
    }

    @Test func theDomainIsWhatFollowsTheAt() throws {
        #expect(try EmailAddress("noreply@Agency.Go.Th").domain == "Agency.Go.Th")
    }

    @Test func refusalsSayWhy() {
        let cases: [(String, EmailAddressError)] = [
            ("", .empty), ("   ", .empty),
            ("no-at.example.com", .notOneAt), ("two@at@example.com", .notOneAt), ("@example.com", .notOneAt), ("user@", .notOneAt),
            ("user name@example.com", .invalidCharacter), ("<user@example.com>", .invalidCharacter),
            ("user@example.com\r\nBcc: victim@example.com", .invalidCharacter), ("user\u{0}@example.com", .invalidCharacter),
            ("\"quoted\"@example.com", .invalidCharacter), ("สมชาย@example.com", .invalidCharacter), ("user@ตัวอย่าง.ไทย", .invalidCharacter),
            ("user@example.com,other@example.com", .invalidCharacter),
            (".user@example.com", .misplacedDot), ("user.@example.com", .misplacedDot), ("us..er@example.com", .misplacedDot),
            ("user@localhost", .invalidDomain), ("user@example..com", .invalidDomain), ("user@-example.com", .invalidDomain),
            ("user@example.com.", .invalidDomain), ("user@exa_mple.com", .invalidDomain)
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text.debugDescription)") { try EmailAddress(text) }
            #expect(EmailAddress(validating: text) == nil)
        }
    }

    @Test func lengthLimitsFollowSMTP() throws {
        let local64 = String(repeating: "a", count: 64)
        #expect(EmailAddress(validating: local64 + "@example.com") != nil)
        #expect(throws: EmailAddressError.tooLong) { try EmailAddress(local64 + "a@example.com") }
        let label = String(repeating: "d", count: 60)
        let domain = [label, label, label, String(repeating: "d", count: 56)].joined(separator: ".") + ".th"
        let address = "ab@" + domain
        #expect(address.utf8.count <= 254)
        #expect(EmailAddress(validating: address) != nil)
        let longer = String(repeating: "x", count: 64) + "@" + [label, label, label].joined(separator: ".") + "." + String(repeating: "e", count: 10) + ".th"
        #expect(longer.utf8.count > 254)
        #expect(throws: EmailAddressError.tooLong) { try EmailAddress(longer) }
        #expect(throws: EmailAddressError.invalidDomain) { try EmailAddress("a@" + String(repeating: "l", count: 64) + ".com") }
    }

    @Test func peopleSeeOneThaiMessageAndAdminsTheReason() {
        #expect(EmailAddressError.notOneAt.thaiMessage == "อีเมลไม่ถูกต้อง")
        #expect(EmailAddressError.invalidCharacter.thaiMessage == "อีเมลไม่ถูกต้อง")
        #expect(EmailAddressError.invalidDomain.thaiDetail.hasPrefix("อีเมลไม่ถูกต้อง: "))
    }
}
