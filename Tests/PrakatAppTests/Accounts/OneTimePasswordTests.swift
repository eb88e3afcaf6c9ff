import Foundation
import Testing
import Vapor

@testable import PrakatApp

/// The codes come from Vapor's `HOTP`; these are the vectors it must meet.
@Suite("TOTP")
struct OneTimePasswordTests {
    /// RFC 6238 Appendix B, SHA-1 column: the seed is the ASCII of "12345678901234567890", 8 digits.
    @Test(arguments: [
        (59.0, "94287082"),
        (1_111_111_109.0, "07081804"),
        (1_111_111_111.0, "14050471"),
        (1_234_567_890.0, "89005924"),
        (2_000_000_000.0, "69279037"),
        (20_000_000_000.0, "65353130")
    ])
    func rfc6238Vectors(time: Double, expected: String) {
        let totp = OneTimePassword(secret: Array("12345678901234567890".utf8), digits: .eight)
        #expect(totp.code(at: Date(timeIntervalSince1970: time)) == expected)
    }

    @Test func sixDigitCodesAreTheLastSixOfTheRFCValue() {
        let totp = OneTimePassword(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: 59)) == "287082")
        #expect(totp.code(at: Date(timeIntervalSince1970: 1_111_111_109)) == "081804")
    }

    @Test func oneStepEitherSideIsAcceptedAndNoFurther() {
        let totp = OneTimePassword(secret: OneTimePassword.makeSecret())
        let now = Date(timeIntervalSince1970: 1_770_606_000)
        let step = totp.step(at: now)
        #expect(totp.verify(totp.code(step: step), at: now, lastUsedStep: nil) == step)
        #expect(totp.verify(totp.code(step: step - 1), at: now, lastUsedStep: nil) == step - 1)
        #expect(totp.verify(totp.code(step: step + 1), at: now, lastUsedStep: nil) == step + 1)
        // Two steps away: expired (or not yet valid). Codes may collide by chance, so compare first.
        let old = totp.code(step: step - 2)
        if ![step - 1, step, step + 1].map(totp.code(step:)).contains(old) {
            #expect(totp.verify(old, at: now, lastUsedStep: nil) == nil)
        }
    }

    @Test func aCodeCannotBeUsedTwice() {
        let totp = OneTimePassword(secret: OneTimePassword.makeSecret())
        let now = Date(timeIntervalSince1970: 1_770_606_000)
        let code = totp.code(at: now)
        let used = totp.verify(code, at: now, lastUsedStep: nil)
        #expect(used != nil)
        #expect(totp.verify(code, at: now, lastUsedStep: used) == nil)
        // Nor an older one after a newer one was used.
        #expect(totp.verify(totp.code(step: totp.step(at: now) - 1), at: now, lastUsedStep: used) == nil)
    }

    @Test(arguments: ["", "12345", "1234567", "abcdef", "12 34 5x", "١٢٣٤٥٦"])
    func malformedCodesAreRefused(_ typed: String) {
        let totp = OneTimePassword(secret: OneTimePassword.makeSecret())
        #expect(totp.verify(typed, at: Date(), lastUsedStep: nil) == nil)
    }

    @Test func spacesAndThaiDigitsAreAccepted() {
        let totp = OneTimePassword(secret: Array("12345678901234567890".utf8))
        let at = Date(timeIntervalSince1970: 59)
        #expect(totp.verify("287 082", at: at, lastUsedStep: nil) != nil)
        #expect(totp.verify("๒๘๗๐๘๒", at: at, lastUsedStep: nil) != nil)
    }

    @Test func provisioningURIEncodesTheThaiIssuer() {
        let uri = OneTimePassword.provisioningURI(secret: Array("12345678901234567890".utf8), account: "staff", issuer: "สสจ. ชลบุรี")
        #expect(uri.hasPrefix("otpauth://totp/%E0%B8%AA"))
        #expect(uri.contains(":staff?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%E0%B8%AA"))
        #expect(!uri.contains(" "))
        #expect(uri.contains("%20%E0%B8%8A"))
    }
}
