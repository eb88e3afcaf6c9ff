import Testing

@testable import PrakatCore

@Suite("TIS-620 and code page 874")
struct ThaiCodePageTests {
    @Test func everyThaiLetterRoundTrips() throws {
        // U+0E01–U+0E3A and U+0E3F–U+0E5B: the Thai block as TIS-620 assigns it.
        let thai = (0x0E01...0x0E5B).filter { !(0x0E3B...0x0E3E).contains($0) }.compactMap(Unicode.Scalar.init)
        let text = String(String.UnicodeScalarView(thai))
        let bytes = CSVTests.tis620(text)
        #expect(bytes.first == 0xA1 && bytes.last == 0xFB)
        for page in [ThaiCodePage.tis620, .windows874] {
            #expect(page.decode(bytes) == text)
            #expect(page.decodeReplacingUnassigned(bytes) == text)
        }
    }

    @Test func asciiAndTheNoBreakSpacePassThrough() {
        let bytes = Array("Plan 2569, ok".utf8) + [0xA0]
        #expect(ThaiCodePage.tis620.decode(bytes) == "Plan 2569, ok\u{A0}")
        #expect(ThaiCodePage.tis620.decode([]) == "")
    }

    @Test(arguments: [0xDB, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD, 0xFE, 0xFF, 0x81, 0x9F] as [UInt8])
    func unassignedBytesAreNotText(_ byte: UInt8) {
        #expect(ThaiCodePage.tis620.decode([0xA1, byte]) == nil)
        #expect(ThaiCodePage.windows874.decode([0xA1, byte]) == nil)
        #expect(ThaiCodePage.windows874.decodeReplacingUnassigned([0xA1, byte]) == "ก\u{FFFD}")
    }

    @Test func windowsPunctuationOnlyInCodePage874() {
        let bytes: [UInt8] = [0x93, 0xCA, 0x94, 0x20, 0x80, 0x96, 0x85]
        #expect(ThaiCodePage.windows874.decode(bytes) == "\u{201C}ส\u{201D} €–…")
        // The CSV import stays with strict TIS-620: such a file is read as UTF-8 or refused.
        #expect(ThaiCodePage.tis620.decode(bytes) == nil)
        #expect(ThaiCodePage.tis620.decodeReplacingUnassigned(bytes) == "\u{FFFD}ส\u{FFFD} \u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test func zipNamesUseTheSameDecoder() {
        let name: [UInt8] = [0xBB, 0xC3, 0xD0, 0xA1, 0xD2, 0xC8, 0x93, 0xFF] + Array(".pdf".utf8)
        #expect(ArchiveRules.decodeName(name, isUTF8: false) == "ประกาศ\u{201C}\u{FFFD}.pdf")
    }
}
