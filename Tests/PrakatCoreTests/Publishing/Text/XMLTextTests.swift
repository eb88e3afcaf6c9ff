import Testing

@testable import PrakatCore

@Suite("XMLText and HTMLEscaping")
struct XMLTextTests {
    @Test func htmlEscapesTheFiveCharacters() {
        #expect(HTMLEscaping.escape("<a href=\"x\">'ก' & ข</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;ก&#39; &amp; ข&lt;/a&gt;")
        #expect(HTMLEscaping.escape("&amp;") == "&amp;amp;")
        #expect(HTMLEscaping.escape("สำนักงาน") == "สำนักงาน")
        #expect(HTMLEscaping.escape("") == "")
        #expect(HTMLEscaping.escape("😀<ก̂>\u{E33}'") == "😀&lt;ก̂&gt;\u{E33}&#39;")
    }

    /// The byte scan gives what replacing scalar by scalar gives, for any text.
    @Test func htmlEscapingByBytesMatchesEscapingByScalars() {
        let entities: [Unicode.Scalar: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["&", "<", ">", "\"", "'", "ก", "ำ", "\u{E4D}", "\u{301}", "a", " ", "😀", "\u{0}", "\r\n", "é", "\u{FEFF}"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(HTMLEscaping.escape(text) == text.replacingScalars(entities), "\(Array(text.unicodeScalars))")
        }
    }

    /// `"` + U+0301 is one Character that is not `"`; the browser still sees a quote.
    @Test func escapesQuotesCarryingCombiningMarks() {
        #expect(HTMLEscaping.escape("\"\u{301}") == "&quot;\u{301}")
        #expect(HTMLEscaping.escape("<\u{301}") == "&lt;\u{301}")
        #expect(XMLText.escape("'\u{301}") == "&apos;\u{301}")
    }

    /// The feed's byte scan gives what escaping scalar by scalar gives, for any text: the five,
    /// every C0 control, U+FFFE / U+FFFF and their neighbours (U+FFFD, U+FEFF share bytes with
    /// them), Thai, emoji.
    @Test(arguments: 1...3 as ClosedRange<UInt64>)
    func xmlEscapingByBytesMatchesEscapingByScalars(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let controls = (0x00...0x1F).compactMap(Unicode.Scalar.init).map(String.init)
        let pieces =
            ["&", "<", ">", "\"", "'", "ก", "ำ", "\u{E4D}", "\u{301}", "a", " ", "😀", "\r\n", "é", "\u{FEFF}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFFF}", "\u{7F}", "\u{85}"]
            + controls
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            #expect(XMLText.escape(text) == XMLText.escapedScalarByScalar(text), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func xmlEscapesAndDropsForbiddenCharacters() {
        #expect(XMLText.escape("<t> & \"q\" 'a'") == "&lt;t&gt; &amp; &quot;q&quot; &apos;a&apos;")
        #expect(XMLText.escape("a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g\u{FFFE}h\u{FFFF}i") == "abcdefghi")
        #expect(XMLText.escape("tab\tlf\ncr\r") == "tab\tlf\ncr&#13;")
        #expect(XMLText.escape("ชลบุรี \u{7F}\u{85}\u{FFFD}😀") == "ชลบุรี \u{7F}\u{85}\u{FFFD}😀")
    }
}
