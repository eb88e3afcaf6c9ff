import Foundation
import Testing

@testable import PrakatCore

@Suite("Base32 and recovery codes")
struct RecoveryCodesTests {
    @Test(arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")
    ])
    func base32RFC4648Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8))
    }

    @Test func base32ToleratesPaddingAndGroups() {
        #expect(Base32.decode("MZXW 6YTB OI======") == Array("foobar".utf8))
        let secret = (0..<20).map { _ in UInt8.random(in: .min ... .max) }
        #expect(Base32.decode(Base32.encode(secret)) == secret)
        #expect(Base32.encode(secret).count == 32)
    }

    @Test(arguments: ["MZXW1", "MZXW8", "M", "MZX", "MZXW6Y", "MZ=XW", "ก", "MZXW6YTB!"])
    func malformedBase32IsRefused(_ text: String) {
        #expect(Base32.decode(text) == nil)
    }

    @Test func recoveryCodesAreTenDistinctAndHashNormalised() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        for code in codes { #expect(RecoveryCodes.looksLikeCode(code)) }
        let code = codes[0]
        #expect(RecoveryCodes.hash(code) == RecoveryCodes.hash(code.uppercased().replacingOccurrences(of: "-", with: " ")))
        #expect(RecoveryCodes.hash(code).count == 64)
        #expect(!RecoveryCodes.looksLikeCode("123456"))
    }
}
