import Foundation
import Testing

@testable import PrakatCore

@Suite("Secrets at rest: AES-GCM keyring")
struct SecretBoxTests {
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    @Test func aSealedSecretOpensOnlyWithItsKeyAndContext() throws {
        let ring = SecretKeyring(current: .generate())
        let sealed = try ring.seal(secret, context: "user-1")
        #expect(sealed.hasPrefix("aesgcm1:" + ring.current.id + ":"))
        #expect(!sealed.contains(secret))
        #expect(ring.open(sealed, context: "user-1") == secret)
        #expect(ring.open(sealed, context: "user-2") == nil, "copied to another row")
        #expect(SecretKeyring(current: .generate()).open(sealed, context: "user-1") == nil, "another key")
        #expect(try ring.seal(secret, context: "user-1") != sealed, "a fresh nonce every time")
        var tampered = Array(sealed)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        #expect(ring.open(String(tampered), context: "user-1") == nil)
        #expect(ring.open(secret, context: "user-1") == nil, "readable values are not sealed")
        #expect(!SecretKeyring.isSealed(secret) && SecretKeyring.isSealed(sealed))
    }

    @Test func aRotatedKeyringOpensOldValuesAndSealsWithTheNewKey() throws {
        let old = SecretKey.generate()
        let sealedOld = try SecretKeyring(current: old).seal(secret, context: "u")
        let rotating = SecretKeyring(current: .generate(), previous: [old])
        #expect(rotating.open(sealedOld, context: "u") == secret)
        let resealed = try rotating.seal(secret, context: "u")
        #expect(SecretKeyring.keyID(of: resealed) == rotating.current.id)
        #expect(SecretKeyring(current: rotating.current).open(resealed, context: "u") == secret)
    }

    @Test func keysRoundTripThroughBase64AndRefuseWrongLengths() {
        let key = SecretKey.generate()
        #expect(SecretKey(base64: key.base64)?.id == key.id)
        #expect(SecretKey(base64: Data(repeating: 1, count: 16).base64EncodedString()) == nil)
        #expect(SecretKey(base64: "not base64") == nil)
    }
}
