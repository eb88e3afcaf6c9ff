import Foundation
import Testing

@testable import PrakatCore

/// Whatever a server sends or an operator types, the parsers answer with a value or an error:
/// pseudo-random input from a fixed seed, so a failure repeats.
@Suite("Mail parsers never trap")
struct RobustnessTests {
    /// xorshift64*: deterministic, no Foundation randomness.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    @Test func randomRepliesAreRepliesOrErrors() {
        var random = Generator(state: 0x5EED_0001)
        let alphabet = Array("0123456789 -\r\n245".utf8) + [0x00, 0xFF, 0xE0, 0xB8, 0x81]
        var parser = SMTPReplyParser()
        for _ in 0..<20_000 {
            let length = Int.random(in: 0..<12, using: &random)
            let line = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            do {
                if let reply = try parser.consume(line) { #expect((200...599).contains(reply.code)) }
            } catch {
                parser = SMTPReplyParser()
            }
        }
    }

    @Test func randomSettingsAreSettingsOrErrors() {
        var random = Generator(state: 0x5EED_0002)
        let pieces = [
            "smtp://", "smtps://", "u", ":", "@", "%", "%4", "%40", "?", "&", "=", "from", "a@b.co", "timeout", "99", "[", "]", "::1", "/", "#",
            "starttls", "required", "helo", "tlsCA", "ก", "\r\n", "\u{0}", ".", "-", "65536", "host.example"
        ]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0..<12, using: &random)
            let text = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            if let settings = try? MailSettings(url: text) {
                #expect((1...65535).contains(settings.port))
                #expect(!settings.host.isEmpty)
                #expect(!settings.redacted.contains("\r") && !settings.redacted.contains("\n"))
            }
            _ = EmailAddress(validating: text)
        }
    }

    @Test func randomHeaderTextStaysInsideItsField() throws {
        var random = Generator(state: 0x5EED_0003)
        let pieces = ["a", " ", "\r", "\n", "\r\n", "ก", "่", "=?", "?=", "Bcc: x@y.co", "\u{85}", "\u{2028}", "😀", "\t", ":", "<", ">", "\""]
        let from = try #require(EmailAddress(validating: "noreply@agency.go.th"))
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0..<40, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            let message = MailMessage(id: UUID(), from: from, fromName: text, to: from, toName: text, subject: text, body: text, date: Date())
            let header = try #require(String(validating: message.rendered, as: UTF8.self)).components(separatedBy: "\r\n\r\n")[0]
            for line in header.components(separatedBy: "\r\n") {
                #expect(!line.contains("\r") && !line.contains("\n"))
                #expect(line.hasPrefix(" ") || !line.hasPrefix("Bcc"), "\(line)")
                #expect(line.utf8.count <= 78, "\(line)")
            }
        }
    }
}
