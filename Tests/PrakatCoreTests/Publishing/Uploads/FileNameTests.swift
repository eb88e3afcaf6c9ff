import Testing

@testable import PrakatCore

@Suite("File names")
struct FileNameTests {
    @Test(arguments: [
        ("รายงานผลการดำเนินงาน ไตรมาส ๒.pdf", "รายงานผลการดำเนินงาน ไตรมาส ๒.pdf"),
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\สมชาย\\Desktop\\ประกาศ.pdf", "ประกาศ.pdf"),
        ("a/b\\c.pdf", "c.pdf"),
        ("report\u{202E}fdp.exe", "reportfdp.exe"),
        ("\u{2066}ประกาศ\u{2069}.pdf", "ประกาศ.pdf"),
        ("ประ\u{200B}กาศ.pdf", "ประกาศ.pdf"),  // zero-width space pasted from a word processor
        ("a\u{0}b\u{7}c.pdf", "abc.pdf"),
        ("what? <yes>: \"maybe\" | no*.pdf", "what yes maybe no.pdf"),
        ("  many    spaces\t\tand\nlines  .pdf", "many spaces and lines.pdf"),  // a space before the dot goes too,
        ("...hidden.pdf", "hidden.pdf"),
        ("report.pdf...  ", "report.pdf"),
        ("report .pdf", "report.pdf"),
        ("e\u{301}te\u{301}.pdf", "été.pdf"),  // NFC
        ("CON.pdf", "_CON.pdf"),
        ("README", "README"),
        ("archive.tar.gz", "archive.tar.gz")
    ])
    func sanitises(raw: String, expected: String) {
        #expect(FileName.sanitise(raw) == expected)
    }

    @Test(arguments: ["", "   ", "...", "../..//./", "/", "\\\\", "\u{202E}\u{0}", ".pdf/", "C:\\", "?*<>"])
    func nothingUsableIsNil(raw: String) {
        #expect(FileName.sanitise(raw) == nil)
    }

    @Test func aLeadingDotIsNotAnExtension() {
        #expect(FileName.sanitise(".pdf") == "pdf")
        #expect(FileName.fileExtension(of: "pdf") == nil)
    }

    @Test func longLatinNameIsCutKeepingTheExtension() throws {
        let name = try #require(FileName.sanitise(String(repeating: "a", count: 300) + ".pdf"))
        #expect(name == String(repeating: "a", count: 146) + ".pdf")
    }

    @Test func longThaiNameIsCutBetweenClusters() throws {
        // "น้ำ" is three scalars in one cluster; cutting must never separate them.
        let name = try #require(FileName.sanitise(String(repeating: "น้ำ", count: 200) + ".docx", maxGraphemes: 50))
        #expect(name.count == 50)
        #expect(name == String(repeating: "น้ำ", count: 45) + ".docx")
    }

    @Test func cuttingDoesNotLeaveATrailingSpaceOrDot() throws {
        let name = try #require(FileName.sanitise("abcd efgh.pdf", maxGraphemes: 9))
        #expect(name == "abcd.pdf")
    }

    @Test func aLongTailIsNotTakenForAnExtension() throws {
        let name = try #require(FileName.sanitise("a." + String(repeating: "x", count: 40), maxGraphemes: 10))
        #expect(name == "a.xxxxxxxx")
        #expect(FileName.fileExtension(of: name) == "xxxxxxxx")
    }

    @Test func extensionIsLowercase() {
        #expect(FileName.fileExtension(of: "SCAN.JPEG") == "jpeg")
        #expect(FileName.fileExtension(of: "report.pdf.exe") == "exe")
    }
}

@Suite("Content-Disposition")
struct ContentDispositionTests {
    @Test func thaiNameHasAnASCIIFallbackAndAUTF8Name() {
        let value = ContentDisposition.attachment(fileName: "รายงาน ไตรมาส ๒.pdf")
        #expect(
            value
                == "attachment; filename=\"_ _ _.pdf\"; filename*=UTF-8''%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%20%E0%B9%84%E0%B8%95%E0%B8%A3%E0%B8%A1%E0%B8%B2%E0%B8%AA%20%E0%B9%92.pdf"
        )
    }

    @Test func inlineUsesTheSameEncoding() {
        #expect(ContentDisposition.inline(fileName: "a b.png") == "inline; filename=\"a b.png\"; filename*=UTF-8''a%20b.png")
    }

    @Test func quotesBackslashesAndLineBreaksCannotEscapeTheHeader() {
        let value = ContentDisposition.attachment(fileName: "a\"b\\c\r\nSet-Cookie: x.pdf")
        #expect(value == "attachment; filename=\"a_b_c_Set-Cookie: x.pdf\"; filename*=UTF-8''a%22b%5Cc%0D%0ASet-Cookie%3A%20x.pdf")
        #expect(!value.contains("\r") && !value.contains("\n"))
    }

    @Test func attrCharsAreNotEncoded() {
        let kept = "AZaz09!#$&+-.^_`|~"
        #expect(ContentDisposition.attachment(fileName: kept).hasSuffix("UTF-8''" + kept))
        #expect(ContentDisposition.attachment(fileName: "50%.pdf").hasSuffix("UTF-8''50%25.pdf"))
    }
}
