import Foundation
import Testing

@testable import PrakatCore

@Suite("Mail messages (RFC 5322, MIME, RFC 2047)")
struct MailMessageTests {
    let date = Date(timeIntervalSince1970: 1_770_606_000)
    let id = UUID(uuidString: "6F1C2B3A-0000-4000-8000-00000000ABCD") ?? UUID()
    let from = EmailAddress(validating: "noreply@Agency.go.th")
    let to = EmailAddress(validating: "somchai@example.co.th")
    let thaiSubject = "แจ้งเตือน: คำขอเผยแพร่ประกาศ “จัดซื้อครุภัณฑ์คอมพิวเตอร์ประจำปีงบประมาณ พ.ศ. ๒๕๖๙” ได้รับการอนุมัติแล้ว"

    func message(subject: String, body: String = "เรียน ท่าน\nข้อความ", fromName: String? = nil, toName: String? = nil) throws -> MailMessage {
        MailMessage(id: id, from: try #require(from), fromName: fromName, to: try #require(to), toName: toName, subject: subject, body: body, date: date)
    }

    /// The header block as lines (folded lines kept separate) and the body lines.
    func parts(_ message: MailMessage) throws -> (header: [String], body: [String]) {
        let text = try #require(String(validating: message.rendered, as: UTF8.self))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "bare CR")
        let blocks = text.components(separatedBy: "\r\n\r\n")
        #expect(blocks.count == 2)
        return (blocks[0].components(separatedBy: "\r\n"), blocks[1].components(separatedBy: "\r\n").filter { !$0.isEmpty })
    }

    /// The unfolded value of a header field.
    func field(_ name: String, in header: [String]) -> String? {
        var fields: [String] = []
        for line in header {
            if line.hasPrefix(" "), !fields.isEmpty { fields[fields.count - 1] += line } else { fields.append(line) }
        }
        return fields.first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    /// RFC 2047 decoding of a value: encoded-words decoded, the space between two of them
    /// dropped, other words kept as they are.
    func decoded(_ value: String) -> String {
        var result = ""
        var previousWasEncoded = false
        for word in value.split(separator: " ") {
            var text = String(word)
            var isEncoded = false
            if word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))),
                let decoded = String(data: data, encoding: .utf8)
            {
                text = decoded
                isEncoded = true
            }
            if !result.isEmpty, !(isEncoded && previousWasEncoded) { result += " " }
            result += text
            previousWasEncoded = isEncoded
        }
        return result
    }

    @Test func theHeaderHasEveryFieldInOrder() throws {
        let (header, _) = try parts(try message(subject: "Request approved", fromName: "Prakat"))
        #expect(
            header == [
                "Date: Mon, 09 Feb 2026 03:00:00 +0000",
                "From: Prakat <noreply@Agency.go.th>",
                "To: somchai@example.co.th",
                "Subject: Request approved",
                "Message-ID: <6f1c2b3a-0000-4000-8000-00000000abcd@agency.go.th>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: base64",
                "Auto-Submitted: auto-generated",
                "X-Auto-Response-Suppress: All"
            ])
    }

    @Test func aThaiSubjectIsEncodedInWordsThatFitAndDecodeBack() throws {
        let (header, _) = try parts(try message(subject: thaiSubject))
        let subject = try #require(field("Subject", in: header))
        #expect(decoded(subject) == thaiSubject)
        let start = try #require(header.firstIndex { $0.hasPrefix("Subject: ") })
        var lines = [header[start]]
        lines += header[(start + 1)...].prefix { $0.hasPrefix(" ") }
        #expect(lines.count > 2)
        for line in lines {
            #expect(line.count <= 76, "\(line)")
            #expect(line.allSatisfy { $0.isASCII })
        }
        let words = subject.split(separator: " ")
        for word in words {
            #expect(word.count <= 75)
            let payload = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            // Each word is whole UTF-8 and whole Thai syllables: no word starts with a vowel or
            // tone mark that belongs to the consonant before it.
            let text = try #require(String(data: payload, encoding: .utf8))
            let first = try #require(text.unicodeScalars.first)
            #expect(!((0x0E31...0x0E31).contains(first.value) || (0x0E34...0x0E3A).contains(first.value) || (0x0E47...0x0E4E).contains(first.value)))
        }
    }

    @Test func aThaiDisplayNameIsEncodedBeforeTheAddress() throws {
        let name = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตัวอย่าง เขต ๑ (ระบบประกาศอัตโนมัติ)"
        let (header, _) = try parts(try message(subject: "x", fromName: name, toName: "สมชาย ใจดี"))
        let fromValue = try #require(field("From", in: header))
        #expect(fromValue.hasSuffix(" <noreply@Agency.go.th>"))
        #expect(decoded(String(fromValue.dropLast(" <noreply@Agency.go.th>".count))) == name)
        let toValue = try #require(field("To", in: header))
        #expect(toValue.hasSuffix(" <somchai@example.co.th>"))
        #expect(decoded(String(toValue.dropLast(" <somchai@example.co.th>".count))) == "สมชาย ใจดี")
        for line in header { #expect(line.count <= 78, "\(line)") }
    }

    @Test func punctuationInAnASCIIDisplayNameIsEncodedRatherThanQuoted() throws {
        let (header, _) = try parts(try message(subject: "x", fromName: "Prakat \"Bot\" <admin@evil.example>, x"))
        let value = try #require(field("From", in: header))
        #expect(value.hasPrefix("=?UTF-8?B?"))
        #expect(value.hasSuffix(" <noreply@Agency.go.th>"))
        #expect(!value.contains("evil"))
    }

    @Test func lineBreaksInHeaderTextCannotAddHeaders() throws {
        for subject in ["Hello\r\nBcc: victim@example.com", "Hello\nBcc: victim@example.com", "Hello\rBcc: victim@example.com", "สวัสดี\r\nBcc: x@y.com"] {
            let (header, _) = try parts(try message(subject: subject, fromName: "Name\r\nBcc: victim@example.com", toName: "A\u{85}B\u{2028}C"))
            #expect(!header.contains { $0.hasPrefix("Bcc") })
            for line in header {
                #expect(
                    line.hasPrefix(" ")
                        || [
                            "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
                            "Auto-Submitted", "X-Auto-Response-Suppress"
                        ].contains(String(line.prefix { $0 != ":" })), "\(line)")
            }
            let value = try #require(field("Subject", in: header))
            #expect(decoded(value).contains("Hello Bcc:") || decoded(value).contains("สวัสดี Bcc:"))
        }
    }

    @Test func longASCIISubjectsFoldAtSpaces() throws {
        let subject = Array(repeating: "Your publication request has been approved", count: 3).joined(separator: " ")
        let (header, _) = try parts(try message(subject: subject))
        #expect(field("Subject", in: header) == subject)
        for line in header { #expect(line.count <= 78, "\(line)") }
        // Text that reads like an encoded-word, or a word too long to fold, is encoded.
        #expect(field("Subject", in: try parts(try message(subject: "=?UTF-8?B?SGk=?=")).header)?.hasPrefix("=?UTF-8?B?") == true)
        let long = String(repeating: "x", count: 120)
        let folded = try parts(try message(subject: long)).header
        #expect(decoded(try #require(field("Subject", in: folded))) == long)
    }

    @Test func overlongSubjectsAreCut() throws {
        let (header, _) = try parts(try message(subject: String(repeating: "ก", count: 500)))
        let subject = decoded(try #require(field("Subject", in: header)))
        #expect(subject.count == MailMessage.maximumSubjectLength)
        #expect(subject.hasSuffix("…"))
    }

    @Test func aClusterTooLongForOneWordIsSplitBetweenScalars() throws {
        let zalgo = "a" + String(repeating: "\u{0301}", count: 40) + "ข"
        let words = MIMEHeader.encodedWords(zalgo, firstLineBudget: 60)
        #expect(words.count > 1)
        for word in words {
            let payload = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(data: payload, encoding: .utf8) != nil)
            #expect(word.count <= 60 || word != words[0])
            #expect(word.count <= 75)
        }
        #expect(decoded(words.joined(separator: " ")) == zalgo)
    }

    @Test func theBodyIsBase64OfCRLFTextInShortLines() throws {
        let body = "เรียน คุณสมชาย\n\nคำขอของท่าน\r\nได้รับการอนุมัติแล้ว\rขอบคุณ\n" + String(repeating: "ยาวมาก ", count: 60)
        let (_, lines) = try parts(try message(subject: "x", body: body))
        #expect(lines.count > 5)
        for line in lines { #expect(line.count <= 76) }
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        let data = try #require(Data(base64Encoded: lines.joined()))
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text == body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func theSMTPDataEndsWithTheDotLineAndStuffsDots() throws {
        let data = try message(subject: "x").smtpData
        #expect(data.suffix(5) == Array("\r\n.\r\n".utf8))
        let stuffed = MailMessage.dotStuffed(Array(".a\r\nb\r\n..c\r\nd.e\r\n.".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "..a\r\nb\r\n...c\r\nd.e\r\n..\r\n.\r\n")
    }

    @Test func theMessageIDStaysTheSameForTheSameQueuedMessage() throws {
        let first = try message(subject: "x")
        let second = try message(subject: "y")
        #expect(first.messageID == second.messageID)
        #expect(first.messageID == "<6f1c2b3a-0000-4000-8000-00000000abcd@agency.go.th>")
    }

    @Test func datesAreRFC5322InUTC() {
        #expect(MailMessage.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailMessage.rfc5322Date(date) == "Mon, 09 Feb 2026 03:00:00 +0000")
    }
}
