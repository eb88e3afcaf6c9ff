import Testing

@testable import PrakatCore

@Suite("Markdown.html")
struct MarkdownTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let source: String
        let html: String
        var description: String { name }
    }

    static let constructs: [Case] = [
        Case(name: "empty", source: "", html: ""),
        Case(name: "blank lines only", source: "\n \n\t\n", html: ""),
        Case(name: "paragraphs", source: "หนึ่ง\n\nสอง", html: "<p>หนึ่ง</p>\n<p>สอง</p>"),
        Case(
            name: "single newline is a line break", source: "บรรทัดแรก\nบรรทัดสอง  \n  บรรทัดสาม",
            html: "<p>บรรทัดแรก<br>\nบรรทัดสอง<br>\nบรรทัดสาม</p>"),
        Case(name: "CR LF and CR", source: "a\r\nb\rc\r\n\r\nd", html: "<p>a<br>\nb<br>\nc</p>\n<p>d</p>"),
        Case(
            name: "headings start at h2", source: "# ข่าว\n## ประกาศ\n### รายละเอียด",
            html: "<h2>ข่าว</h2>\n<h3>ประกาศ</h3>\n<h4>รายละเอียด</h4>"),
        Case(name: "deeper headings stay h4", source: "#### สี่\n###### หก", html: "<h4>สี่</h4>\n<h4>หก</h4>"),
        Case(name: "closing hashes", source: "## ข่าว ##", html: "<h3>ข่าว</h3>"),
        Case(name: "hash without space is text", source: "#hashtag", html: "<p>#hashtag</p>"),
        Case(name: "empty heading is text", source: "#\n## ##", html: "<p>#<br>\n## ##</p>"),
        Case(name: "hash inside heading text", source: "# C#", html: "<h2>C#</h2>"),
        Case(name: "seven hashes is text", source: "####### x", html: "<p>####### x</p>"),
        Case(name: "heading interrupts a paragraph", source: "text\n# head", html: "<p>text</p>\n<h2>head</h2>"),
        Case(name: "bold", source: "**ตัวหนา** and __bold__", html: "<p><strong>ตัวหนา</strong> and <strong>bold</strong></p>"),
        Case(name: "bold inside Thai words", source: "ประกาศ**สำคัญ**มาก", html: "<p>ประกาศ<strong>สำคัญ</strong>มาก</p>"),
        Case(name: "italic", source: "*เอียง* and _italic_", html: "<p><em>เอียง</em> and <em>italic</em></p>"),
        Case(name: "underscores inside words", source: "file_name_here and snake_case", html: "<p>file_name_here and snake_case</p>"),
        Case(name: "nested emphasis", source: "***both*** *a **b** c*", html: "<p><em><strong>both</strong></em> <em>a <strong>b</strong> c</em></p>"),
        Case(name: "unmatched delimiters", source: "2 * 3 * 4 and **open", html: "<p>2 * 3 * 4 and **open</p>"),
        Case(name: "backslash escapes", source: "\\*not em\\* \\_ \\# \\[x\\](y)", html: "<p>*not em* _ # [x](y)</p>"),
        Case(name: "inline code", source: "use `a < b && *c*` here", html: "<p>use <code>a &lt; b &amp;&amp; *c*</code> here</p>"),
        Case(name: "code with backticks", source: "`` a`b ``", html: "<p><code>a`b</code></p>"),
        Case(name: "unclosed backtick", source: "a ` b", html: "<p>a ` b</p>"),
        Case(
            name: "fenced code", source: "```swift\nlet x = \"<b>\" & y\n\n  indented\n```",
            html: "<pre><code>let x = &quot;&lt;b&gt;&quot; &amp; y\n\n  indented\n</code></pre>"),
        Case(name: "tilde fence", source: "~~~\n**not bold**\n~~~", html: "<pre><code>**not bold**\n</code></pre>"),
        Case(name: "unclosed fence runs to the end", source: "```\ncode", html: "<pre><code>code\n</code></pre>"),
        Case(
            name: "fence interrupts a paragraph", source: "text\n```\ncode\n```\nafter",
            html: "<p>text</p>\n<pre><code>code\n</code></pre>\n<p>after</p>"),
        Case(
            name: "bullet list", source: "- หนึ่ง\n- สอง\n* ใหม่",
            html: "<ul>\n<li>หนึ่ง</li>\n<li>สอง</li>\n</ul>\n<ul>\n<li>ใหม่</li>\n</ul>"),
        Case(name: "ordered list", source: "1. ก\n2. ข\n3. ค", html: "<ol>\n<li>ก</li>\n<li>ข</li>\n<li>ค</li>\n</ol>"),
        Case(name: "ordered list start", source: "3. ค\n4. ง", html: "<ol start=\"3\">\n<li>ค</li>\n<li>ง</li>\n</ol>"),
        Case(
            name: "nested list", source: "- a\n  - b\n  - c\n- d",
            html: "<ul>\n<li>a\n<ul>\n<li>b</li>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>"),
        Case(
            name: "ordered inside bullet", source: "- a\n   1. b",
            html: "<ul>\n<li>a\n<ol>\n<li>b</li>\n</ol>\n</li>\n</ul>"),
        Case(name: "loose list", source: "- a\n\n- b", html: "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>"),
        Case(name: "list item continuation", source: "- a\n  more\nlazy", html: "<ul>\n<li>a<br>\nmore<br>\nlazy</li>\n</ul>"),
        Case(name: "list interrupts a paragraph", source: "รายการ:\n- a", html: "<p>รายการ:</p>\n<ul>\n<li>a</li>\n</ul>"),
        Case(name: "only 1. interrupts a paragraph", source: "ปี\n2566. ไม่ใช่รายการ", html: "<p>ปี<br>\n2566. ไม่ใช่รายการ</p>"),
        Case(name: "Thai-digit numbering stays text", source: "๑. บันทึกข้อความ\n๒. ต่อ", html: "<p>๑. บันทึกข้อความ<br>\n๒. ต่อ</p>"),
        Case(name: "number without space is text", source: "2.5 ล้านบาท", html: "<p>2.5 ล้านบาท</p>"),
        Case(
            name: "blockquote", source: "> อ้างอิง\n> ต่อ\n>\n> ย่อหน้าใหม่",
            html: "<blockquote>\n<p>อ้างอิง<br>\nต่อ</p>\n<p>ย่อหน้าใหม่</p>\n</blockquote>"),
        Case(name: "nested blockquote", source: "> a\n>> b", html: "<blockquote>\n<p>a</p>\n<blockquote>\n<p>b</p>\n</blockquote>\n</blockquote>"),
        Case(name: "blockquote with list", source: "> - a\n> - b", html: "<blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</blockquote>"),
        Case(name: "rules", source: "---\n***\n_ _ _", html: "<hr>\n<hr>\n<hr>"),
        Case(name: "rule after text", source: "text\n---", html: "<p>text</p>\n<hr>"),
        Case(
            name: "absolute link", source: "[กระทรวง](https://www.moph.go.th/)",
            html: "<p><a href=\"https://www.moph.go.th/\" rel=\"noopener noreferrer\">กระทรวง</a></p>"),
        Case(
            name: "site link", source: "[ข่าว](/news/12?page=2&x=1)",
            html: "<p><a href=\"/news/12?page=2&amp;x=1\" rel=\"noopener\">ข่าว</a></p>"),
        Case(name: "link with title and angle brackets", source: "[a](<https://x.go.th/a b> \"ชื่อ\")", html: "<p>a</p>"),
        Case(
            name: "link title is dropped", source: "[a](https://x.go.th \"ชื่อ\")",
            html: "<p><a href=\"https://x.go.th\" rel=\"noopener noreferrer\">a</a></p>"),
        Case(
            name: "link with parentheses", source: "[a](https://x.go.th/a_(b))",
            html: "<p><a href=\"https://x.go.th/a_(b)\" rel=\"noopener noreferrer\">a</a></p>"),
        Case(
            name: "emphasis in link text", source: "[**ด่วน** ประกาศ](/a)",
            html: "<p><a href=\"/a\" rel=\"noopener\"><strong>ด่วน</strong> ประกาศ</a></p>"),
        Case(
            name: "no link inside a link", source: "[a https://x.go.th](/b)",
            html: "<p><a href=\"/b\" rel=\"noopener\">a https://x.go.th</a></p>"),
        Case(name: "brackets without destination", source: "[ไม่ใช่ลิงก์] (x)", html: "<p>[ไม่ใช่ลิงก์] (x)</p>"),
        Case(
            name: "images are not supported", source: "![รูป](https://x.go.th/a.png)",
            html: "<p>!<a href=\"https://x.go.th/a.png\" rel=\"noopener noreferrer\">รูป</a></p>"),
        Case(
            name: "bare URL", source: "ดู https://www.moph.go.th/news?a=1&b=2.",
            html: "<p>ดู <a href=\"https://www.moph.go.th/news?a=1&amp;b=2\" rel=\"noopener noreferrer\">https://www.moph.go.th/news?a=1&amp;b=2</a>.</p>"),
        Case(
            name: "bare URL next to Thai", source: "ดูที่https://x.go.th/aได้ทุกวัน",
            html: "<p>ดูที่<a href=\"https://x.go.th/a\" rel=\"noopener noreferrer\">https://x.go.th/a</a>ได้ทุกวัน</p>"),
        Case(
            name: "bare URL with underscores", source: "https://x.go.th/a_b_c_d",
            html: "<p><a href=\"https://x.go.th/a_b_c_d\" rel=\"noopener noreferrer\">https://x.go.th/a_b_c_d</a></p>"),
        Case(
            name: "bare URL in parentheses", source: "(https://x.go.th/a)",
            html: "<p>(<a href=\"https://x.go.th/a\" rel=\"noopener noreferrer\">https://x.go.th/a</a>)</p>"),
        Case(
            name: "bare URL in bold", source: "**https://x.go.th**",
            html: "<p><strong><a href=\"https://x.go.th\" rel=\"noopener noreferrer\">https://x.go.th</a></strong></p>"),
        Case(name: "not a URL inside a word", source: "xhttps://x.go.th", html: "<p>xhttps://x.go.th</p>"),
        Case(name: "scheme without host", source: "https:// and https://", html: "<p>https:// and https://</p>"),
        Case(
            name: "angle autolink", source: "<https://กระทรวง.ไทย/หน้า>",
            html: "<p><a href=\"https://กระทรวง.ไทย/หน้า\" rel=\"noopener noreferrer\">https://กระทรวง.ไทย/หน้า</a></p>"),
        Case(name: "URL in code is not linked", source: "`https://x.go.th`", html: "<p><code>https://x.go.th</code></p>"),
        Case(
            name: "table", source: "| ปี | งบประมาณ |\n|---|---:|\n| 2569 | **1,000** |\n| 2570 |",
            html: "<table>\n<thead>\n<tr>\n<th>ปี</th>\n<th>งบประมาณ</th>\n</tr>\n</thead>\n<tbody>\n"
                + "<tr>\n<td>2569</td>\n<td><strong>1,000</strong></td>\n</tr>\n<tr>\n<td>2570</td>\n<td></td>\n</tr>\n</tbody>\n</table>"),
        Case(
            name: "table after a paragraph line", source: "ตาราง\na | b\n--|--",
            html: "<p>ตาราง</p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n</table>"),
        Case(name: "mismatched delimiter row is text", source: "a | b\n--|--|--", html: "<p>a | b<br>\n--|--|--</p>"),
        Case(
            name: "entities decode once", source: "AT&T &amp; &lt;b&gt; &copy; &#3585; &#x0E01; &bogus; &",
            html: "<p>AT&amp;T &amp; &lt;b&gt; © ก ก &amp;bogus; &amp;</p>"),
        Case(name: "indented text is not code", source: "    ย่อหน้า", html: "<p>ย่อหน้า</p>"),
        Case(name: "controls are dropped", source: "a\u{1}b\u{7F}c\u{85}d", html: "<p>abc<br>\nd</p>")
    ]

    @Test(arguments: constructs)
    func rendersConstruct(c: Case) {
        let html = Markdown.html(c.source)
        #expect(html == c.html)
        #expect(HTMLAllowList.problems(in: html) == [])
    }

    /// The seed's own wording, which has spaces only between phrases.
    static let thaiParagraphs = [
        "สำนักงานสาธารณสุขจังหวัดชลบุรี",
        "ประกาศแนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน และขั้นตอนการเผยแพร่ข้อมูลข่าวสาร",
        "น้ำท่วมฉับพลัน ให้ประชาชนเฝ้าระวัง ๙ ก.พ. ๒๕๖๙ เวลา ๑๔:๓๐ น.",
        "เก้าไม้ที่ก่ำเก็บ ฯลฯ ๆ ฿๑,๐๐๐",
        "\u{200B}คำ\u{200B}ที่\u{200B}มี\u{200B}ตัวแบ่ง\u{200B}"
    ]

    @Test(arguments: thaiParagraphs)
    func thaiTextIsUntouched(text: String) {
        #expect(Markdown.html(text) == "<p>\(text)</p>")
        #expect(Markdown.html(text).unicodeScalars.elementsEqual("<p>\(text)</p>".unicodeScalars))
        #expect(Markdown.plainText(text) == text.trimmingThaiTestSpaces)
    }

    @Test func textIsEscapedExactlyOnce() {
        let html = Markdown.html("ก & ข &amp; \"ค\" 'ง' <จ>")
        #expect(html == "<p>ก &amp; ข &amp; &quot;ค&quot; &#39;ง&#39; &lt;จ&gt;</p>")
        #expect(!html.contains("&amp;amp;"))
        #expect(!Markdown.html("[a&amp;b](/x?a=1&amp;b=2)").contains("&amp;amp;"))
    }

    @Test func externalAndSiteLinksGetTheirRel() {
        let html = Markdown.html("[a](/a) [b](http://b.go.th) [c](HTTPS://C.GO.TH)")
        #expect(
            html == "<p><a href=\"/a\" rel=\"noopener\">a</a> "
                + "<a href=\"http://b.go.th\" rel=\"noopener noreferrer\">b</a> "
                + "<a href=\"HTTPS://C.GO.TH\" rel=\"noopener noreferrer\">c</a></p>")
    }

    @Test func isDeterministic() {
        let source = MarkdownTests.constructs.map(\.source).joined(separator: "\n\n")
        let first = Markdown.html(source)
        #expect(Markdown.html(source) == first)
        #expect(HTMLAllowList.problems(in: first) == [])
    }

    /// Pathological input must neither crash (deep recursion) nor take quadratic time.
    @Test(arguments: [
        String(repeating: ">", count: 10_000) + " x",
        String(repeating: "- ", count: 5_000) + "x",
        (0..<200).map { String(repeating: " ", count: $0 * 2) + "- x" }.joined(separator: "\n"),
        String(repeating: "[", count: 20_000) + "x" + String(repeating: "](/a)", count: 20_000),
        String(repeating: "*a ", count: 20_000),
        String(repeating: "_a **b", count: 10_000),
        String(repeating: "`", count: 5_000) + " " + String(repeating: "`` ", count: 5_000),
        String(repeating: "<", count: 20_000) + String(repeating: "https://a", count: 5_000),
        String(repeating: "&#", count: 20_000),
        String(repeating: "[a](", count: 10_000),
        String(repeating: "(", count: 10_000) + "https://x.go.th/" + String(repeating: ")", count: 10_000)
    ])
    func survivesHostileInput(source: String) {
        let clock = ContinuousClock()
        var html = ""
        let elapsed = clock.measure { html = Markdown.html(source) }
        #expect(elapsed < .seconds(10))
        #expect(HTMLAllowList.problems(in: html) == [])
        _ = Markdown.plainText(source, maxGraphemes: 100)
    }
}

extension String {
    /// Trims ordinary spaces only, to compare plain text with its source.
    fileprivate var trimmingThaiTestSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}

/// Text without a byte that can start a construct is its own single text token; the shortcut must
/// give what scanning gives. Random text over Thai, letters, digits and the punctuation that is
/// only text here (`] ( ) ! # - > " ' | / . ,`, "http" without a colon), and sometimes one of the
/// bytes that does start a construct.
@Suite("Markdown inline: plain text")
struct MarkdownInlinePlainTextTests {
    @Test(arguments: 1...3 as ClosedRange<UInt64>)
    func plainTextIsWhatScanningGives(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let text = ["ก", "ำ", "\u{E49}", "น้ำ", "a", "Z", "7", " ", "]", "(", ")", "!", "#", "-", ">", "\"", "'", "|", "/", ".", ",", "http", "www.", "😀", "\u{301}"]
        let constructs = ["\\", "`", "*", "_", "[", "<", "&", "\n", ":", "**", "[a](b)", "&amp;", "https://x.go.th"]
        for round in 0..<600 {
            let pieces = (0..<Int.random(in: 0...25, using: &random)).map { _ in text.randomElement(using: &random) ?? "" }
            var sample = pieces.joined()
            if round % 3 == 0, let construct = constructs.randomElement(using: &random) {
                let at = Int.random(in: 0...pieces.count, using: &random)
                sample = (pieces[..<at] + [construct] + pieces[at...]).joined()
            }
            for allowsLinks in [true, false] {
                #expect(
                    InlineParser.tokens(sample, allowsLinks: allowsLinks) == InlineParser.scannedTokens(sample, allowsLinks: allowsLinks),
                    "\(Array(sample.unicodeScalars))")
            }
        }
        #expect(InlineParser.tokens("ประกาศ (ฉบับที่ 2) ราคา 1,000 บาท!") == [.text("ประกาศ (ฉบับที่ 2) ราคา 1,000 บาท!")])
        #expect(InlineParser.tokens("") == [])
    }
}

/// A body's lines are found from its bytes: normalising returns clean text as it is, and the lines
/// are where the scalar-by-scalar rules and a split at the `Character` "\n" put them. Random text
/// over every character the rules change (CR, CR LF, VT, FF, NEL, LS, PS, NUL, the other C0 and C1
/// controls, DEL) and their neighbours in UTF-8 that they must leave (NBSP C2 A0, "…" E2 80 A6,
/// U+2027 and U+202A beside LS/PS), Thai, tab, emoji and combining marks.
@Suite("Markdown blocks: lines from bytes")
struct MarkdownLinesFromBytesTests {
    @Test(arguments: 1...3 as ClosedRange<UInt64>)
    func linesAreWhatTheScalarRulesAndACharacterSplitGive(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let clean = ["ก", "ำ", "\u{E49}", "น้ำ", "a", " ", "\t", "\n", "#", "-", "😀", "\u{301}", "\u{A0}", "…", "\u{2027}", "\u{202A}", "\u{FFFD}"]
        let changed = ["\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{00}", "\u{01}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\n\r"]
        for round in 0..<600 {
            var pieces = (0..<Int.random(in: 0...30, using: &random)).map { _ in clean.randomElement(using: &random) ?? "" }
            if round % 2 == 0, let control = changed.randomElement(using: &random) {
                pieces.insert(control, at: Int.random(in: 0...pieces.count, using: &random))
            }
            let sample = pieces.joined()
            let normalized = BlockParser.normalizedScalarByScalar(sample)
            #expect(BlockParser.normalized(sample) == normalized, "\(Array(sample.unicodeScalars))")
            #expect(
                BlockParser.lines(of: sample) == normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                "\(Array(sample.unicodeScalars))")
        }
        #expect(BlockParser.lines(of: "ก\r\nข\rค\u{2028}ง") == ["ก", "ข", "ค", "ง"])
        #expect(BlockParser.lines(of: "") == [""])
        #expect(BlockParser.lines(of: "\n") == ["", ""])
    }
}
