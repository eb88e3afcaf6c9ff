import Testing

@testable import PrakatCore

/// Whatever an editor types (or pastes), the rendered body contains only Markdown's own tags
/// and links that `SafeURL` allows.
@Suite("Markdown XSS corpus")
struct MarkdownXSSTests {
    static let payloads: [String] = [
        // Raw HTML of every kind is text.
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\nonerror=alert(1)\">",
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "</p><script>alert(1)</script><p>",
        "<style>body{display:none}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<!-- <script>alert(1)</script> -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=javascript:alert(1)>x</a>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=javascript:alert(1)>",
        "<body onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<xmp><script>alert(1)</script></xmp>",
        "<<script>script>alert(1)<</script>/script>",
        "<scr\u{0}ipt>alert(1)</scr\u{0}ipt>",
        // Markup around HTML does not make it live.
        "**<script>**alert(1)**</script>**",
        "# <script>alert(1)</script>",
        "> <iframe src=x>",
        "- <svg onload=alert(1)>",
        "| <script> | x |\n|---|---|\n| <img src=x onerror=alert(1)> | y |",
        "`<script>alert(1)</script>`",
        "```\n</code></pre><script>alert(1)</script>\n```",
        // Entities are decoded once and escaped again, never turned into markup.
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "&#x3C;img src=x onerror=alert(1)&#x3E;",
        // Link destinations.
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](java\u{0}script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](%6Aavascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](\\javascript:alert(1))",
        "[x](\u{FEFF}javascript:alert(1))",
        "[x](javascript\u{200B}:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](data:image/svg+xml,<svg onload=alert(1)>)",
        "[x](vbscript:msgbox(1))",
        "[x](//evil.example)",
        "[x](/\\evil.example)",
        "[x](https://gov.go.th@evil.example)",
        "[x](https://evil.example/\u{202E}gpj.exe)",
        "![x](javascript:alert(1))",
        "![x](https://a.example/x.png)",
        // Attribute breakouts.
        "[x](https://a.example/\" onmouseover=\"alert(1))",
        "[x](<https://a.example/\" onmouseover=\"alert(1)>)",
        "[x](https://a.example/\"onmouseover=\"alert(1))",
        "[x](https://a.example \"t\\\" onmouseover=\\\"alert(1)\")",
        "[x](https://a.example 'a' onclick='b')",
        "[x\" onmouseover=\"alert(1)](https://a.example)",
        "[<img src=x onerror=alert(1)>](https://a.example)",
        "[**<svg onload=alert(1)>**](/news/1)",
        // Autolinks.
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "<https://a.example/\" onmouseover=\"alert(1)>",
        "<https://a.example/?q=<script>>",
        "javascript:alert(1)",
        "https://a.example/\"onmouseover=\"alert(1)",
        "https://a.example/'onmouseover='alert(1)'",
        "https://a.example/<script>alert(1)</script>",
        "https://a.example/\u{0}<svg onload=alert(1)>",
        // Unicode tricks.
        "\u{202E}[gpj.exe](https://evil.example/a.exe)",
        "\u{202E}<script>alert(1)</script>",
        "<scr\u{0301}ipt>alert(1)</script>",
        "[x](https://a.example/\"\u{0301} onmouseover=alert(1))",
        "\"\u{0301} onmouseover=alert(1)"
    ]

    @Test(arguments: payloads)
    func rendersOnlyAllowedMarkup(payload: String) {
        let html = Markdown.html(payload)
        #expect(HTMLAllowList.problems(in: html) == [], "\(html)")
        let lowercased = html.lowercased()
        for forbidden in ["<script", "<iframe", "<svg", "<img", "<style", "<object", "<embed", "<body", "<math", "\u{0}"] {
            #expect(!lowercased.contains(forbidden), "\(forbidden) in \(html)")
        }
        // Event handlers act only as attribute names and script URLs only as attribute values;
        // as text (or inside a quoted URL) they are harmless.
        for tag in HTMLAllowList.tags(in: lowercased) {
            let names = tag.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 0 }.map(\.element).joined()
            for forbidden in ["onerror=", "onload=", "onmouseover=", "onclick=", "style="] {
                #expect(!names.contains(forbidden), "\(forbidden) in \(tag)")
            }
            for forbidden in ["javascript:", "data:", "vbscript:"] {
                #expect(!HTMLAllowList.unescape(tag).contains(forbidden), "\(forbidden) in \(tag)")
            }
        }
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.payloads.count >= 40)
    }

    @Test func rawHTMLIsShownAsText() {
        #expect(Markdown.html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
        #expect(Markdown.html("<img src=x onerror=alert(1)>") == "<p>&lt;img src=x onerror=alert(1)&gt;</p>")
        #expect(Markdown.html("<!-- x -->") == "<p>&lt;!-- x --&gt;</p>")
    }

    @Test func refusedLinksKeepOnlyTheirText() {
        #expect(Markdown.html("[คลิก](javascript:alert(1))") == "<p>คลิก</p>")
        #expect(Markdown.html("[x](&#106;avascript:alert(1))") == "<p>x</p>")
        #expect(Markdown.html("[x](data:text/html,hi)") == "<p>x</p>")
        #expect(Markdown.html("[**ตัวหนา**](//evil.example)") == "<p><strong>ตัวหนา</strong></p>")
    }

    @Test func attributeBreakoutsStayInsideTheAttributeOrOutsideTheLink() {
        #expect(
            Markdown.html("[x\" onmouseover=\"alert(1)](https://a.example)")
                == "<p><a href=\"https://a.example\" rel=\"noopener noreferrer\">x&quot; onmouseover=&quot;alert(1)</a></p>")
        #expect(Markdown.html("[x](<https://a.example/\" onmouseover=\"alert(1)>)") == "<p>x</p>")
        #expect(
            Markdown.html("https://a.example/\"onmouseover=\"alert(1)")
                == "<p><a href=\"https://a.example/\" rel=\"noopener noreferrer\">https://a.example/</a>&quot;onmouseover=&quot;alert(1)</p>")
    }

    @Test func nullBytesBecomeReplacementCharacters() {
        #expect(Markdown.html("a\u{0}b") == "<p>a\u{FFFD}b</p>")
        #expect(Markdown.html("&#0;") == "<p>\u{FFFD}</p>")
    }
}
