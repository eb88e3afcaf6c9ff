import Foundation
import Testing

@testable import PrakatCore

@Suite("Spam control: the signed form-issued-at time")
struct SpamTimeTokenTests {
    let key = SecretKey.generate()
    var token: SpamTimeToken { SpamTimeToken(purpose: "questions.ask", keyring: SecretKeyring(current: key)) }
    let shown = Date(timeIntervalSince1970: 1_770_606_000)

    @Test func aFormSentAfterTheMinimumTimeIsValid() {
        let issued = token.issue(at: shown)
        #expect(issued.hasPrefix("v1.1770606000."))
        #expect(token.verify(issued, now: shown.addingTimeInterval(SpamTimeToken.minimumFill)) == .valid)
        #expect(token.verify(issued, now: shown.addingTimeInterval(3600)) == .valid)
    }

    @Test func tooFastExpiredAndFromTheFutureAreTold() {
        let issued = token.issue(at: shown)
        #expect(token.verify(issued, now: shown) == .tooFast)
        #expect(token.verify(issued, now: shown.addingTimeInterval(2.9)) == .tooFast)
        #expect(token.verify(issued, now: shown.addingTimeInterval(SpamTimeToken.maximumAge + 1)) == .expired)
        #expect(token.verify(issued, now: shown.addingTimeInterval(-3600)) == .forged)
    }

    @Test func forgedTokensAreRefused() {
        let issued = token.issue(at: shown)
        let parts = issued.split(separator: ".").map(String.init)
        let later = shown.addingTimeInterval(10)
        // An earlier time with the same signature, another key, another form: shaped like ours and
        // recent, so the form goes back to the person (never `valid`).
        #expect(token.verify("v1.1770605000.\(parts[2])", now: later) == .unknownKey)
        let other = SpamTimeToken(purpose: "questions.ask", keyring: SecretKeyring(current: .generate()))
        #expect(other.verify(issued, now: later) == .unknownKey)
        #expect(SpamTimeToken(purpose: "complaints.new", keyring: SecretKeyring(current: key)).verify(issued, now: later) == .unknownKey)
        // The same, dated in the future or past the maximum age, or with a signature of another length.
        #expect(other.verify(issued, now: shown.addingTimeInterval(-3600)) == .forged)
        #expect(other.verify(issued, now: shown.addingTimeInterval(SpamTimeToken.maximumAge + 1)) == .forged)
        #expect(token.verify("v1.1770606000.\(parts[2].dropLast(4))", now: later) == .forged)
        // Garbage.
        for bad in [
            nil, "", "v1", "v1..", "v2.1770606000.\(parts[2])", "v1.-5.\(parts[2])", "v1.1770606000.", "v1.1770606000.!!!", "v1.99999999999999999999.x",
            String(repeating: "v", count: 10_000), "v1.١٧٧٠٦٠٦٠٠٠.\(parts[2])"
        ] {
            #expect(token.verify(bad, now: later) == .forged, "\(bad ?? "nil")")
        }
    }

    @Test func aRotatedKeyStillAcceptsFormsAlreadyShown() {
        let issued = token.issue(at: shown)
        let rotated = SpamTimeToken(purpose: "questions.ask", keyring: SecretKeyring(current: .generate(), previous: [key]))
        #expect(rotated.verify(issued, now: shown.addingTimeInterval(10)) == .valid)
        // Once the old key is gone (the rotation finished and the keyring was read again).
        let afterwards = SpamTimeToken(purpose: "questions.ask", keyring: SecretKeyring(current: .generate()))
        #expect(afterwards.verify(issued, now: shown.addingTimeInterval(10)) == .unknownKey)
    }
}
