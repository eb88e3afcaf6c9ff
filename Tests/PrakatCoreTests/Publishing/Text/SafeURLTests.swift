import Testing

@testable import PrakatCore

@Suite("SafeURL")
struct SafeURLTests {
    @Test(arguments: [
        "https://www.moph.go.th",
        "https://www.moph.go.th/",
        "http://cbo.moph.go.th/news?id=12&page=2#top",
        "HTTPS://WWW.MOPH.GO.TH/NEWS",
        "https://x.go.th:8443/a",
        "https://[2001:db8::1]/a",
        "https://[2001:db8::1]:8080",
        "https://192.168.1.10/a",
        "https://กระทรวง.ไทย/หน้า",
        "https://www.moph.go.th./",
        "https://a.example/%6Aavascript:alert(1)",
        "https://a.example/?next=javascript:alert(1)",
        "https://a.example/a_(b)",
        "https://a.example/O'Brien",
        "https://my_host.example/",
        "/",
        "/news/12",
        "/news/12?page=2&x=1#comments",
        "/search?q=สาธารณสุข",
        "/a//b"
    ])
    func accepts(url: String) {
        #expect(SafeURL.isAllowedLink(url))
    }

    @Test(arguments: [
        "",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " javascript:alert(1)",
        "\u{0}javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "%6Aavascript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "mailto:a@b.go.th",
        "ftp://x.go.th/",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https:\\\\evil.example",
        "https:/evil.example",
        "https:evil.example",
        "https://",
        "https:///a",
        "https://:80/",
        "https://gov.go.th@evil.example/",
        "https://user:pass@x.go.th/",
        "https://x.go.th:/",
        "https://x.go.th:123456/",
        "https://x.go.th:80a/",
        "https://a..b/",
        "https://[::1",
        "https://[zz]/",
        "http%3A//x.go.th",
        "news/12",
        "./news",
        "../news",
        "#top",
        "?q=1",
        "https://x.go.th/a b",
        " https://x.go.th",
        "https://x.go.th ",
        "https://x.go.th/\u{A0}",
        "https://x.go.th/\u{202E}gpj.exe",
        "https://x.go.th/\u{200B}",
        "https://x.go.th/\u{FEFF}",
        "/news\u{0}",
        "/news\u{7F}",
        "/news\u{85}",
        "https://x.go.th/\"onmouseover=\"alert(1)",
        "https://x.go.th/<script>",
        "https://x.go.th/`",
        "https://evil.example\\@x.go.th/"
    ])
    func rejects(url: String) {
        #expect(!SafeURL.isAllowedLink(url))
    }
}
