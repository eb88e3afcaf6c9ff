import Testing

@testable import PrakatCore

@Suite("Markdown.plainText")
struct MarkdownPlainTextTests {
    @Test(arguments: [
        ("", ""),
        ("# หัวข้อ\n\n**ตัวหนา** และ *เอียง* กับ `code`", "หัวข้อ ตัวหนา และ เอียง กับ code"),
        ("[ลิงก์](https://www.moph.go.th) [ห้าม](javascript:alert(1)) https://x.go.th/a_b", "ลิงก์ ห้าม https://x.go.th/a_b"),
        ("- หนึ่ง\n- สอง\n\n> อ้าง\n\n---\n\n1. สาม", "หนึ่ง สอง อ้าง สาม"),
        ("| ปี | งบ |\n|---|---|\n| 2569 | 100 |", "ปี งบ 2569 100"),
        ("```\nlet   x\n```", "let x"),
        ("  หลาย   ช่อง\n\n\n\tว่าง\u{A0}\u{A0}มาก  ", "หลาย ช่อง ว่าง มาก"),
        ("AT&amp;T \\*ดาว\\* &lt;b&gt;", "AT&T *ดาว* <b>"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("บรรทัด\nถัดไป", "บรรทัด ถัดไป")
    ])
    func removesMarkup(source: String, expected: String) {
        #expect(Markdown.plainText(source) == expected)
    }

    static let office = "สำนักงานสาธารณสุขจังหวัดชลบุรี"

    @Test(arguments: 0...30)
    func cutsThaiOnGraphemeBoundaries(max: Int) {
        let graphemes = Array(Self.office)
        let result = Markdown.plainText(Self.office, maxGraphemes: max)
        if max >= graphemes.count {
            #expect(result == Self.office)
        } else if max == 0 {
            #expect(result == "")
        } else {
            #expect(result.count == max)
            #expect(result.hasSuffix("…"))
            let kept = Array(result.dropLast())
            #expect(kept == Array(graphemes.prefix(kept.count)))
            // Never a half cluster: every kept character is a whole character of the input.
            #expect(String(kept).unicodeScalars.elementsEqual(Self.office.unicodeScalars.prefix(String(kept).unicodeScalars.count)))
        }
    }

    @Test func countsSaraAmAndToneMarksWithTheirConsonant() {
        #expect(Array(Self.office).count == 23)
        #expect(Markdown.plainText(Self.office, maxGraphemes: 2) == "สำ…")
        #expect(Markdown.plainText("น้ำท่วมฉับพลัน", maxGraphemes: 2) == "น้ำ…")
        #expect(Markdown.plainText("น้ำท่วมฉับพลัน", maxGraphemes: 3) == "น้ำท่…")
    }

    @Test func cutIgnoresMarkupAndTrimsBeforeTheEllipsis() {
        #expect(Markdown.plainText("**ประกาศ** ข่าว", maxGraphemes: 8) == "ประกาศ…")
        #expect(Markdown.plainText("**ประกาศ** ข่าว", maxGraphemes: 10) == "ประกาศ ข่าว")
        #expect(Markdown.plainText("abc", maxGraphemes: 1) == "…")
        #expect(Markdown.plainText("abc", maxGraphemes: -1) == "")
        #expect(Markdown.plainText("abc", maxGraphemes: 3) == "abc")
    }
}

/// `cut` stops walking at the cut (a listing cuts every excerpt): it must keep what counting
/// every grapheme first kept, at and around the limit, for Thai clusters and trailing spaces.
@Suite("Markdown.cut")
struct MarkdownCutTests {
    static func counted(_ s: String, _ max: Int) -> String {
        guard max > 0 else { return "" }
        guard s.count > max else { return s }
        var kept = String(s.prefix(max - 1))
        while kept.last?.isWhitespace == true { kept.removeLast() }
        return kept + "…"
    }

    @Test(arguments: ["", "ก", "น้ำ", "สำนักงาน สาธารณสุข", "ab cd  ef", "กี่ ที่ ", "a\u{0301}b\u{0301} c"])
    func keepsWhatCountingFirstKept(text: String) {
        for max in 0...(text.count + 2) {
            #expect(Markdown.cut(text, maxGraphemes: max) == Self.counted(text, max), "\(text) \(max)")
        }
    }

    /// Thai and ASCII are cut from their bytes: random text over every Thai code point (marks at
    /// the start, after a space, after another mark; unassigned ones), ASCII, common punctuation
    /// (U+2010–U+2027), and scalars the
    /// byte walk leaves to Swift (a line break, CR LF, a zero-width space, a Latin combining
    /// accent, an emoji with a skin tone, a Lao letter beside the Thai block's bytes) must be
    /// cut where Swift's own grapheme count cuts.
    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func cutsRandomTextWhereCountingCuts(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let thai = (0x0E00...0x0E7F).compactMap(Unicode.Scalar.init).map(String.init)
        let ascii = ((0x20...0x7E).map { $0 } + (0x2010...0x2027).map { $0 }).compactMap(Unicode.Scalar.init).map(String.init)
        let others = ["\n", "\r\n", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2028}", "\u{2030}", "\u{0301}", "👍🏽", "\u{0E81}", "é", "\t"]
        for round in 0..<400 {
            let mixesOthers = round % 4 == 0
            let length = Int.random(in: 0...40, using: &random)
            let text = (0..<length).map { _ in
                let pick = Int.random(in: 0..<10, using: &random)
                if mixesOthers && pick == 0 { return others.randomElement(using: &random)! }
                return pick < 7 ? thai.randomElement(using: &random)! : ascii.randomElement(using: &random)!
            }.joined()
            for max in [1, 2, 3, 5, 8, 13, 21, text.count - 1, text.count, text.count + 1] where max >= 0 {
                #expect(Markdown.cut(text, maxGraphemes: max) == Self.counted(text, max), "seed \(seed) \(Array(text.unicodeScalars)) \(max)")
            }
        }
    }

    @Test func readsThaiAndASCIIFromTheirBytes() {
        #expect(ThaiGraphemes.start(ofGrapheme: 1, in: "น้ำท่วม") == .at(9))
        #expect(ThaiGraphemes.start(ofGrapheme: 2, in: "น้ำ a") == .whole)
        #expect(ThaiGraphemes.start(ofGrapheme: 0, in: "\u{0E49}ก") == .at(0))
        #expect(ThaiGraphemes.start(ofGrapheme: 1, in: "ab\ncd") == nil)
        #expect(ThaiGraphemes.start(ofGrapheme: 3, in: "“ก่อ”…") == .at(12))
        #expect(ThaiGraphemes.start(ofGrapheme: 4, in: "“ก่อ”…") == .whole)
        #expect(ThaiGraphemes.start(ofGrapheme: 1, in: "ก\u{0E5C}") == nil)
    }
}

/// Excerpts parse only the start of a long body; they must say what parsing all of it says.
@Suite("Markdown.plainText: excerpts from the start")
struct MarkdownExcerptTests {
    static func whole(_ source: String, _ max: Int) -> String {
        Markdown.cut(Markdown.collapsedPlainText(source), maxGraphemes: max)
    }

    @Test(arguments: 1...200)
    func generatedBodiesGiveTheSameExcerpt(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let body = (0..<Int(seed % 4 + 1)).map { _ in SampleThaiText.body(using: &rng) }.joined(separator: "\n\n")
        for max in [1, 60, 180, 500] {
            #expect(Markdown.plainText(body, maxGraphemes: max) == Self.whole(body, max), "seed \(seed), \(max)")
        }
    }

    /// Listings, feeds and page descriptions cut the excerpt stored at publish time.
    @Test(arguments: 1...60)
    func storedExcerptsGiveEveryShorterExcerpt(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let body = (0..<Int(seed % 3 + 1)).map { _ in SampleThaiText.body(using: &rng) }.joined(separator: "\n\n")
        let stored = Markdown.storedExcerpt(body)
        #expect(stored.count <= Markdown.storedExcerptLength)
        for max in [1, 2, 180, 200, 399, Markdown.storedExcerptLength] {
            #expect(Markdown.excerpt(fromStored: stored, maxGraphemes: max) == Markdown.plainText(body, maxGraphemes: max), "seed \(seed), \(max)")
        }
        let short = "**ประกาศ** น้ำท่วมฉับพลัน"
        #expect(Markdown.excerpt(fromStored: Markdown.storedExcerpt(short), maxGraphemes: 180) == "ประกาศ น้ำท่วมฉับพลัน")
    }

    @Test func constructsAroundTheCutGiveTheSameExcerpt() {
        let sentence = "สำนักงานสาธารณสุขจังหวัดชลบุรีขอประชาสัมพันธ์การรับสมัครอาสาสมัครสาธารณสุขประจำหมู่บ้าน "
        let long = String(repeating: sentence, count: 12)
        let cases = [
            // A reference link defined after the cut: parsed whole, so the link text is right.
            "[ประกาศ][1] " + long + "\n\n" + long + "\n\n[1]: https://www.moph.go.th",
            // A table whose rows start right after the first piece.
            long + "\n| ปี | งบ |\n|---|---|\n| 2569 | 100 |\n\n" + long,
            // A fenced block opened before the cut and closed after it.
            "```\n" + long + "\n\n" + long + "\n```\n\n" + long,
            // No paragraph breaks at all, only line breaks; and no breaks at all.
            Array(repeating: sentence, count: 40).joined(separator: "\n"),
            String(repeating: sentence, count: 40),
            // Heavy markup before the text: long link targets.
            String(repeating: "[ก](https://example.go.th/" + String(repeating: "a", count: 300) + ") ", count: 20) + "\n\n" + long,
            // Emphasis across a line break near the cut, a heading underline after it.
            "*" + long + "\nต่อ*\n\n" + long + "\n===\n\n" + long,
            "\r\n\r\n" + long + "\r\n\r\n" + long
        ]
        for (index, source) in cases.enumerated() {
            for max in [10, 180, 400] {
                #expect(Markdown.plainText(source, maxGraphemes: max) == Self.whole(source, max), "case \(index), \(max)")
            }
        }
    }
}
