import Foundation
import Testing

@testable import PrakatCore

@Suite("SMTP replies")
struct SMTPReplyTests {
    @Test func singleAndMultiLineReplies() throws {
        #expect(try SMTPReplyParser.parse("220 mail.example.com ESMTP ready\r\n") == SMTPReply(code: 220, lines: ["mail.example.com ESMTP ready"]))
        #expect(try SMTPReplyParser.parse("250\r\n") == SMTPReply(code: 250, lines: [""]))
        let ehlo = try SMTPReplyParser.parse("250-mail.example.com Hello\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 STARTTLS\r\n")
        #expect(ehlo.code == 250)
        #expect(ehlo.lines == ["mail.example.com Hello", "SIZE 10240000", "8BITMIME", "STARTTLS"])
        // Bare LF line endings, as some servers send.
        #expect(try SMTPReplyParser.parse("550-5.1.1 no such\n550 5.1.1 user\n").text == "5.1.1 no such 5.1.1 user")
    }

    @Test func theParserFeedsLineByLine() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.consume(Array("250-first\r".utf8)) == nil)
        #expect(parser.isInsideReply)
        #expect(try parser.consume(Array("250 last".utf8)) == SMTPReply(code: 250, lines: ["first", "last"]))
        #expect(!parser.isInsideReply)
        #expect(try parser.consume(Array("354 go ahead".utf8))?.isIntermediate == true)
    }

    @Test func garbageIsAnErrorNeverATrap() {
        let cases: [(String, SMTPReplyError)] = [
            ("", .malformed), ("25", .malformed), ("hello", .malformed), ("2500 x", .malformed), ("250x", .malformed),
            ("150 old", .malformed), ("650 x", .malformed), ("260 x", .malformed), ("-250 x", .malformed), ("２５０ x", .malformed),
            ("250-a\r\n550 b", .inconsistentCode), ("250-a\r\n", .malformed), ("250 a\r\n250 b\r\n", .malformed)
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text.debugDescription)") { try SMTPReplyParser.parse(text) }
        }
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyError.lineTooLong) { try parser.consume(Array(("250 " + String(repeating: "x", count: 5000)).utf8)) }
        var many = SMTPReplyParser()
        #expect(throws: SMTPReplyError.tooManyLines) {
            for _ in 0..<200 { _ = try many.consume(Array("250-x".utf8)) }
        }
        var binary = SMTPReplyParser()
        #expect(throws: SMTPReplyError.malformed) { try binary.consume([0xFF, 0x00, 0x32]) }
    }

    @Test func textIsMadePrintable() throws {
        var parser = SMTPReplyParser()
        let reply = try #require(try parser.consume([0x35, 0x35, 0x30, 0x20, 0x41, 0x07, 0x42, 0xFF, 0x1B, 0x5B, 0x33, 0x31, 0x6D]))
        #expect(reply.text == "A B\u{FFFD} [31m")
        let long = try SMTPReplyParser.parse("550 " + String(repeating: "ย", count: 400))
        #expect(long.description.count == 301)
    }

    @Test func ehloCapabilities() throws {
        let reply = try SMTPReplyParser.parse(
            "250-mail.example.com greets you\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n250-auth plain Login XOAUTH2\r\n250-AUTH=CRAM-MD5\r\n250-8BITMIME\r\n250 STARTTLS\r\n")
        let capabilities = SMTPCapabilities(ehlo: reply)
        #expect(capabilities.startTLS)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN", "XOAUTH2", "CRAM-MD5"])
        #expect(capabilities.maximumSize == 35_882_577)
        #expect(capabilities.eightBitMIME)

        // The greeting line is not a capability, "SIZE" without a number or with nonsense is no limit.
        let bare = SMTPCapabilities(ehlo: try SMTPReplyParser.parse("250-STARTTLS\r\n250-SIZE\r\n250 SIZE 99999999999999999999999\r\n"))
        #expect(!bare.startTLS)
        #expect(bare.maximumSize == nil)
        #expect(SMTPCapabilities(ehlo: try SMTPReplyParser.parse("250 mail.example.com\r\n")) == SMTPCapabilities())
    }

    @Test func errorsKnowTheirKindAndSayItInThai() {
        let rejected = SMTPError(step: .recipient, reason: .rejected(SMTPReply(code: 550, lines: ["5.1.1 <x@example.com>: Recipient address rejected"])))
        #expect(rejected.kind == .permanent)
        #expect(rejected.thaiDescription.contains("ปฏิเสธ"))
        #expect(rejected.thaiDescription.contains("RCPT TO"))
        #expect(rejected.thaiDescription.contains("550 5.1.1"))
        #expect(rejected.description == "SMTP recipient: server replied 550 5.1.1 <x@example.com>: Recipient address rejected (permanent)")
        #expect(SMTPError(step: .mailFrom, reason: .rejected(SMTPReply(code: 451, lines: ["try later"]))).isTransient)
        #expect(SMTPError(step: .connect, reason: .connectionFailed("refused")).isTransient)
        #expect(SMTPError(step: .greeting, reason: .timedOut(10)).thaiDescription.contains("10 วินาที"))
        #expect(SMTPError(step: .mailFrom, reason: .messageTooLarge(size: 10, limit: 5)).kind == .permanent)
        let reasons: [SMTPError.Reason] = [
            .connectionFailed(""), .timedOut(2.5), .closedByServer, .rejected(SMTPReply(code: 354, lines: [])), .protocolViolation("x"), .startTLSNotOffered,
            .tlsFailed("x"), .authenticationNotOffered, .credentialsNeedTLS, .messageTooLarge(size: 2, limit: 1), .cancelled
        ]
        for reason in reasons {
            let error = SMTPError(step: .hello, reason: reason)
            #expect(error.thaiDescription.unicodeScalars.contains { (0x0E00...0x0E7F).contains($0.value) })
            #expect(!error.description.isEmpty)
        }
    }
}
