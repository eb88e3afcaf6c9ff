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
        // An earlier time with the same signature; another key; another form; garbage.
        #expect(token.verify("v1.1770605000.\(parts[2])", now: later) == .forged)
        let other = SpamTimeToken(purpose: "questions.ask", keyring: SecretKeyring(current: .generate()))
        #expect(other.verify(issued, now: later) == .forged)
        #expect(SpamTimeToken(purpose: "complaints.new", keyring: SecretKeyring(current: key)).verify(issued, now: later) == .forged)
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
    }
}
