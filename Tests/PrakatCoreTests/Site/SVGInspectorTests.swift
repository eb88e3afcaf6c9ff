import Foundation
import Testing

@testable import PrakatCore

/// An SVG the inspector must refuse, and why.
struct HostileSVG: Sendable, CustomTestStringConvertible {
    let label: String
    let svg: String
    let reason: SVGRefusal

    init(_ label: String, _ svg: String, _ reason: SVGRefusal) {
        self.label = label
        self.svg = svg
        self.reason = reason
    }

    var testDescription: String { label }
}

/// An SVG the inspector must let through, with the size it must read.
struct BenignSVG: Sendable, CustomTestStringConvertible {
    let label: String
    let svg: String
    let width: Double?
    let height: Double?

    var testDescription: String { label }
}

extension HostileSVG {
    static let ns = #"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#

    /// Payloads from XSS cheat sheets and SVG sanitiser bug reports, and the tricks used to hide them.
    static let corpus: [HostileSVG] = [
        // Event handlers
        .init("onload unquoted", "<svg onload=alert(1)>", .eventHandler),
        .init("onload quoted", #"<svg \#(ns) onload="alert(1)"/>"#, .eventHandler),
        .init("upper case SVG ONLOAD", "<SVG ONLOAD=alert(1)>", .eventHandler),
        .init("slash instead of space", "<svg/onload=alert(1)>", .eventHandler),
        .init("line breaks inside the tag", "<svg\n\tonload\n=\n\"alert(1)\"\n>", .eventHandler),
        .init("onclick on a nested element", ##"<svg \##(ns)><a href="#x" onclick="alert(1)"><text>x</text></a></svg>"##, .eventHandler),
        .init("onbegin on an animation", #"<svg \#(ns)><animate onbegin="alert(1)" attributeName="x" dur="1s"/></svg>"#, .eventHandler),
        .init("namespaced handler", #"<svg \#(ns) xmlns:ev="http://www.w3.org/2001/xml-events"><rect ev:onclick="alert(1)"/></svg>"#, .eventHandler),
        .init("handler named with a prefix", #"<svg \#(ns)><rect on:click="alert(1)"/></svg>"#, .eventHandler),
        .init("XHTML img onerror inside", #"<svg \#(ns)><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="alert(1)"/></svg>"#, .eventHandler),
        .init("handler without a value", "<svg onload><rect/></svg>", .eventHandler),
        .init("set onclick", #"<svg \#(ns)><set attributeName="onclick" to="alert(1)"/></svg>"#, .eventHandler),
        .init("no space before the handler", #"<svg \#(ns)><rect x="1"onclick="alert(1)"/></svg>"#, .eventHandler),
        .init("handler cut off at the end of the file", "<svg><rect onmouseover=\"alert(1)", .eventHandler),
        // Script elements
        .init("script element", "<svg><script>alert(1)</script></svg>", .script),
        .init("SCRIPT upper case", #"<svg \#(ns)><SCRIPT>alert(1)</SCRIPT></svg>"#, .script),
        .init("self-closing script with href", ##"<svg \##(ns)><script href="#x"/></svg>"##, .script),
        .init("prefixed script", #"<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg:svg>"#, .script),
        .init("script in the XHTML namespace", #"<svg \#(ns)><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>"#, .script),
        .init("SVG Tiny handler", #"<svg \#(ns)><handler type="application/ecmascript">alert(1)</handler></svg>"#, .script),
        .init("CSS expression", #"<svg \#(ns)><rect style="width:expression(alert(1))"/></svg>"#, .script),
        .init("CSS behavior", #"<svg \#(ns)><rect style="behavior: url(#x)"/></svg>"#, .script),
        .init("CSS -moz-binding", #"<svg \#(ns)><style>rect{-moz-binding:url(#x)}</style></svg>"#, .script),
        // Script addresses
        .init("javascript: link", #"<svg \#(ns)><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>"#, .scriptURL),
        .init("javascript: in href", #"<svg \#(ns)><a href="javascript:alert(document.domain)"><rect/></a></svg>"#, .scriptURL),
        .init("hex entity inside the scheme", #"<svg \#(ns)><a href="java&#x73;cript:alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("decimal entity for the first letter", #"<svg \#(ns)><a href="&#106;avascript:alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("upper-case hex entity", #"<svg \#(ns)><a href="&#X6A;avascript:alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("entity with leading zeros", #"<svg \#(ns)><a href="&#0000106;avascript:alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("entities without semicolons", #"<svg \#(ns)><a href="&#x6a&#x61&#x76&#x61script:alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("tab entity inside the scheme", #"<svg \#(ns)><a href="java&#9;script:alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("line feed entity inside the scheme", #"<svg \#(ns)><a href="jav&#x0A;ascript:alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("HTML named entities", #"<svg \#(ns)><a href="java&Tab;script&colon;alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("mixed case and spaces", #"<svg \#(ns)><a href="  JaVaScRiPt:alert(1)"><rect/></a></svg>"#, .scriptURL),
        .init("NUL inside the scheme", "<svg \(ns)><a href=\"java\u{0}script:alert(1)\"><rect/></a></svg>", .scriptURL),
        .init("vbscript", #"<svg \#(ns)><a href="vbscript:msgbox(1)"><rect/></a></svg>"#, .scriptURL),
        .init("javascript: through another prefix", #"<svg \#(ns)><a x:href="javascript:alert(1)" xmlns:x="http://www.w3.org/1999/xlink"><rect/></a></svg>"#, .scriptURL),
        .init("javascript: in animation values", #"<svg \#(ns)><a><animate attributeName="x" values="javascript:alert(1)"/></a></svg>"#, .scriptURL),
        .init("javascript: in a CSS url", #"<svg \#(ns)><rect style="fill:url(javascript:alert(1))"/></svg>"#, .scriptURL),
        .init("script address cut off", "<svg><a href=\"javascript:alert(1)", .scriptURL),
        // Data addresses
        .init("SVG as data", #"<svg \#(ns)><use href="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+#x"/></svg>"#, .disallowedData),
        .init("HTML as data", #"<svg \#(ns)><image href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="/></svg>"#, .disallowedData),
        .init("data with markup", #"<svg \#(ns)><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><rect/></a></svg>"#, .disallowedData),
        .init("PNG label without base64", #"<svg \#(ns)><image href="data:image/png,&lt;svg onload=alert(1)&gt;"/></svg>"#, .disallowedData),
        .init("PNG label with junk", #"<svg \#(ns)><image href="data:image/png;base64,iVBOR;w0K"/></svg>"#, .disallowedData),
        .init("font as data in CSS", #"<svg \#(ns)><style>@font-face{font-family:x;src:url(data:font/woff2;base64,AAAA)}</style></svg>"#, .disallowedData),
        // External references
        .init("image over http", #"<svg \#(ns)><image href="http://evil.example/x.png"/></svg>"#, .externalReference),
        .init("image over https via xlink", #"<svg \#(ns)><image xlink:href="https://evil.example/x.png" width="1" height="1"/></svg>"#, .externalReference),
        .init("protocol-relative", #"<svg \#(ns)><image href="//evil.example/x.png"/></svg>"#, .externalReference),
        .init("relative path", #"<svg \#(ns)><image href="x.png"/></svg>"#, .externalReference),
        .init("parent path", #"<svg \#(ns)><image href="../../uploads/x.png"/></svg>"#, .externalReference),
        .init("file address", #"<svg \#(ns)><image href="file:///etc/passwd"/></svg>"#, .externalReference),
        .init("use of another file", #"<svg \#(ns)><use href="other.svg#a"/></svg>"#, .externalReference),
        .init("use of a remote sprite", #"<svg \#(ns)><use xlink:href="https://evil.example/sprite.svg#icon"/></svg>"#, .externalReference),
        .init("link to a web site", #"<svg \#(ns)><a href="https://agency.go.th/"><rect/></a></svg>"#, .externalReference),
        .init("feImage from the web", #"<svg \#(ns)><filter id="f"><feImage href="https://evil.example/x.png"/></filter></svg>"#, .externalReference),
        .init("xml:base", ##"<svg \##(ns) xml:base="https://evil.example/"><use href="#a"/></svg>"##, .externalReference),
        .init("style @import url", #"<svg \#(ns)><style>@import url(//x.example/a.css);</style></svg>"#, .externalReference),
        .init("style @import string", #"<svg \#(ns)><style>@import "a.css";</style></svg>"#, .externalReference),
        .init("style @import escaped", #"<svg \#(ns)><style>@\69mport url(a.css);</style></svg>"#, .externalReference),
        .init("style @import entity-encoded", #"<svg \#(ns)><style>@&#x69;mport url(a.css);</style></svg>"#, .externalReference),
        .init("style @IMPORT upper case", #"<svg \#(ns)><style>@IMPORT url(a.css);</style></svg>"#, .externalReference),
        .init("style url to the web", #"<svg \#(ns)><style>rect{fill:url(https://evil.example/p.svg#g)}</style></svg>"#, .externalReference),
        .init("style split by a comment", #"<svg \#(ns)><style>@imp<!-- x -->ort url(a.css);</style></svg>"#, .externalReference),
        .init("style split by an element with text", #"<svg \#(ns)><style>@imp<g>ZZ</g>ort url(a.css);</style></svg>"#, .externalReference),
        .init("style inside a style", #"<svg \#(ns)><style>rect{fill:red}<style>@import url(a.css);</style>g{}</style></svg>"#, .externalReference),
        .init("style in CDATA", #"<svg \#(ns)><style><![CDATA[ rect { fill: url("https://evil.example/") } ]]></style></svg>"#, .externalReference),
        .init("url hidden by comment-like strings", #"<svg \#(ns)><style>a{content:"/*"} b{background:url(http://x.example/)} c{content:"*/"}</style></svg>"#, .externalReference),
        .init("escaped url(", #"<svg \#(ns)><rect style="background:\75 rl(http://x.example/)"/></svg>"#, .externalReference),
        .init("image-set", #"<svg \#(ns)><style>svg{background:image-set("https://x.example/t.png" 1x)}</style></svg>"#, .externalReference),
        .init("style attribute url", #"<svg \#(ns)><rect style="fill:url(http://evil.example/#p)"/></svg>"#, .externalReference),
        .init("fill attribute url", #"<svg \#(ns)><rect fill="url(http://evil.example/#p)"/></svg>"#, .externalReference),
        .init("mask url quoted", #"<svg \#(ns)><rect mask="url('https://evil.example/m.svg#m')"/></svg>"#, .externalReference),
        .init("DOCTYPE with a foreign DTD", #"<!DOCTYPE svg SYSTEM "http://evil.example/x.dtd"><svg \#(ns)/>"#, .externalReference),
        .init("DOCTYPE PUBLIC with a file DTD", #"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "file:///etc/passwd"><svg \#(ns)/>"#, .externalReference),
        // Embedded documents
        .init("foreignObject with iframe", ##"<svg \##(ns)><foreignObject width="100" height="100"><iframe src="#"/></foreignObject></svg>"##, .embeddedDocument),
        .init("FOREIGNOBJECT upper case", #"<svg \#(ns)><FOREIGNOBJECT/></svg>"#, .embeddedDocument),
        .init("iframe", ##"<svg \##(ns)><iframe src="#x"/></svg>"##, .embeddedDocument),
        .init("embed", ##"<svg \##(ns)><embed src="#x"/></svg>"##, .embeddedDocument),
        .init("object", ##"<svg \##(ns)><object data="#x"/></svg>"##, .embeddedDocument),
        .init("meta refresh", #"<svg \#(ns)><meta http-equiv="refresh" content="0;url=https://evil.example/"/></svg>"#, .embeddedDocument),
        .init("link stylesheet", ##"<svg \##(ns)><link rel="stylesheet" href="#x"/></svg>"##, .embeddedDocument),
        // Animated links
        .init("set href to javascript", #"<svg \#(ns)><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>"#, .animatedLink),
        .init("animate xlink:href", #"<svg \#(ns)><a><animate attributeName="xlink:href" values="https://evil.example/" dur="1s"/></a></svg>"#, .animatedLink),
        .init("set HREF spaced", ##"<svg \##(ns)><a><set attributeName=" HREF " to="#a"/></a></svg>"##, .animatedLink),
        .init("animate href by entity", ##"<svg \##(ns)><a><animate attributeName="&#x68;ref" values="#a"/></a></svg>"##, .animatedLink),
        // Entities and DOCTYPE
        .init(
            "XXE", #"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg \#(ns)><text>&xxe;</text></svg>"#,
            .entityDeclaration),
        .init(
            "billion laughs",
            #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><svg \#(ns)>&lol2;</svg>"#,
            .entityDeclaration),
        .init("empty internal subset, lower case", "<!doctype svg [ ]><svg/>", .entityDeclaration),
        .init(
            "Illustrator's old entity subset",
            #"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg/>"#,
            .entityDeclaration),
        .init("ENTITY inside the root", #"<svg \#(ns)><!ENTITY x "y"></svg>"#, .entityDeclaration),
        .init("ENTITY in a DOCTYPE literal", #"<!DOCTYPE svg SYSTEM "<!ENTITY x>"><svg/>"#, .entityDeclaration),
        // Processing instructions
        .init("xml-stylesheet", #"<?xml version="1.0"?><?xml-stylesheet type="text/css" href="https://evil.example/x.css"?><svg \#(ns)/>"#, .processingInstruction),
        .init("PHP", #"<svg \#(ns)><?php system($_GET['c']); ?></svg>"#, .processingInstruction),
        // Hidden markup
        .init("CDATA hiding an img for inline HTML", #"<svg \#(ns)><title><![CDATA[><img src=x onerror=alert(1)>]]></title></svg>"#, .hiddenMarkup),
        .init("markup in a comment, read as text by inline HTML", #"<svg \#(ns)><title><style><!-- </style><img src=x onerror=alert(1)> --></style></title></svg>"#, .hiddenMarkup),
        .init("commented-out markup", #"<svg \#(ns)><!-- <script>alert(1)</script> --></svg>"#, .hiddenMarkup),
        .init("CDATA hiding a script", #"<svg \#(ns)><text><![CDATA[</text><script>alert(1)</script>]]></text></svg>"#, .hiddenMarkup),
        // Malformed: what a browser reads differently, or not at all
        .init("HTML's short comment", #"<svg \#(ns)><!--> x=1 --></svg>"#, .malformed),
        .init("HTML's --!> comment end", #"<svg \#(ns)><!-- --!> x --></svg>"#, .malformed),
        .init("HTML's short comment hiding an image", #"<svg \#(ns)><!--><img src=x onerror=alert(1)>--></svg>"#, .hiddenMarkup),
        .init("undefined entity", #"<svg \#(ns)><text>&xxe;</text></svg>"#, .malformed),
        .init("unclosed root", #"<svg \#(ns)><rect/>"#, .malformed),
        .init("mismatched end tag", #"<svg \#(ns)><g></svg></g>"#, .malformed),
        .init("second root", #"<svg \#(ns)/><svg \#(ns)/>"#, .malformed),
        .init("text after the root", #"<svg \#(ns)/>trailing"#, .malformed),
        .init("stray less-than", #"<svg \#(ns)><text>1 < 2</text></svg>"#, .malformed),
        .init("unquoted harmless value", #"<svg width=10></svg>"#, .malformed),
        .init("duplicate attribute", #"<svg \#(ns) width="1" width="2"/>"#, .malformed),
        .init("less-than in an attribute", #"<svg \#(ns)><rect id="<b>"/></svg>"#, .malformed),
        .init("unterminated comment", #"<svg \#(ns)/><!-- "#, .malformed),
        .init("declaration not first", " <?xml version=\"1.0\"?><svg/>", .malformed),
        .init("CDATA outside the root", #"<svg \#(ns)/><![CDATA[x]]>"#, .malformed),
        .init("NUL in text", "<svg \(ns)><text>a\u{0}b</text></svg>", .malformed),
        .init("reference to NUL", #"<svg \#(ns)><text>&#0;</text></svg>"#, .malformed),
        .init("reference past Unicode", #"<svg \#(ns)><text>&#x110000;</text></svg>"#, .malformed),
        .init("lower-case cdata", #"<svg \#(ns)><text><![cdata[x]]></text></svg>"#, .malformed),
        .init("markup inside the XML declaration", #"<?xml <script>alert(1)</script> ?><svg \#(ns)/>"#, .malformed),
        .init("greater-than in a declaration value", #"<?xml version="1.0" encoding="utf-8>"?><svg \#(ns)/>"#, .malformed),
        .init("declaration without version", #"<?xml encoding="utf-8"?><svg \#(ns)/>"#, .malformed),
        .init("markup in a DOCTYPE literal", #"<!DOCTYPE svg SYSTEM "http://www.w3.org/><svg onload=alert(1)>"><svg \#(ns)/>"#, .malformed),
        .init("DOCTYPE after the root", #"<svg \#(ns)><!DOCTYPE svg></svg>"#, .malformed),
        .init("end tag with attributes", #"<svg \#(ns)><g></g id="x"></svg>"#, .malformed),
        // Not SVG at all
        .init("HTML page", "<html><body><svg onload=alert(1)></svg></body></html>", .notSVG),
        .init("plain text", "hello", .notSVG),
        .init("empty", "", .notSVG),
        .init("only a comment", "<!-- svg -->", .notSVG),
        .init("text before the root", "x<svg/>", .notSVG),
        .init("space inside the opening bracket", "< svg/>", .notSVG),
        .init("JSON", #"{"svg": true}"#, .notSVG),
        .init("Shift_JIS declared", #"<?xml version="1.0" encoding="Shift_JIS"?><svg/>"#, .notUTF8Text),
        .init("UTF-16 declared", #"<?xml version="1.0" encoding="UTF-16"?><svg/>"#, .notUTF8Text)
    ]
}

extension BenignSVG {
    static let ns = HostileSVG.ns

    static let corpus: [BenignSVG] = [
        BenignSVG(label: "minimal", svg: #"<svg xmlns="http://www.w3.org/2000/svg"/>"#, width: nil, height: nil),
        BenignSVG(
            label: "logo with gradient, use and a Thai title",
            svg: #"""
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- โลโก้หน่วยงาน -->
                <svg \#(ns) width="240" height="80" viewBox="0 0 240 80">
                  <title>ตราสัญลักษณ์ องค์การบริหารส่วนตำบลบ้านใหม่</title>
                  <desc>สีน้ำเงิน &amp; สีทอง &#x0E01;&#3585;</desc>
                  <defs>
                    <linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#1f4e79"/><stop offset="1" stop-color="#ffcc00"/></linearGradient>
                    <clipPath id="c"><circle cx="40" cy="40" r="36"/></clipPath>
                    <g id="a"><path d="M10 10 L30 10 L20 30 Z"/></g>
                  </defs>
                  <rect width="240" height="80" fill="url(#g)" clip-path="url( '#c' )" style="stroke:url(&quot;#g&quot;)"/>
                  <use href="#a" x="100"/>
                  <use xlink:href="#a" x="140"/>
                  <a href="#top"><text x="10" y="70" font-family="'TH Sarabun New', sans-serif">อบต.บ้านใหม่</text></a>
                </svg>
                """#,
            width: 240, height: 80),
        BenignSVG(
            label: "Illustrator export",
            svg: """
                <?xml version="1.0" encoding="utf-8"?>
                <!-- Generator: Adobe Illustrator 24.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
                <svg version="1.1" id="Layer_1" \(ns) x="0px" y="0px"
                \t viewBox="0 0 200 100" style="enable-background:new 0 0 200 100;" xml:space="preserve">
                <style type="text/css">
                \t.st0{fill:#1F4E79;}
                \t.st1{fill:url(#SVGID_1_);}
                </style>
                <linearGradient id="SVGID_1_" gradientUnits="userSpaceOnUse" x1="0" y1="50" x2="200" y2="50">
                \t<stop  offset="0" style="stop-color:#1F4E79"/>
                \t<stop  offset="1" style="stop-color:#FFCC00"/>
                </linearGradient>
                <rect class="st1" width="200" height="100"/>
                <path class="st0" d="M10,10h50v50H10V10z"/>
                </svg>

                """,
            width: 200, height: 100),
        BenignSVG(
            label: "Inkscape export with DOCTYPE, metadata and CDATA style",
            svg: #"""
                <?xml version="1.0" encoding="UTF-8" standalone="no"?>
                <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
                <svg width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg8"
                   inkscape:version="1.1 (c68e22c387, 2021-05-23)" sodipodi:docname="logo.svg"
                   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
                   \#(ns) xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
                   xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <style id="s1"><![CDATA[
                    .logo { fill: #1f4e79; stroke: url(#g2); }
                    g > path { opacity: 0.9 }
                  ]]></style>
                  <sodipodi:namedview id="base" pagecolor="#ffffff" inkscape:zoom="0.35"/>
                  <metadata id="metadata5"><rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format>
                    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/><dc:title>ตรา</dc:title></cc:Work></rdf:RDF></metadata>
                  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1"><path class="logo" d="m 10,10 h 50 v 50 z" id="path1"/></g>
                </svg>
                """#,
            width: 210 * 96 / 25.4, height: 297 * 96 / 25.4),
        BenignSVG(label: "byte order mark", svg: "\u{FEFF}<svg \(ns) viewBox=\"0,0,64,32\"><rect width=\"64\" height=\"32\"/></svg>", width: 64, height: 32),
        BenignSVG(
            label: "embedded PNG",
            svg: """
                <svg \(ns) width="2in" height="1in"><image width="10" height="10" href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk
                YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="/><image xlink:href=" DATA:IMAGE/JPEG;BASE64,/9j/4AAQ"/></svg>
                """,
            width: 192, height: 96),
        BenignSVG(
            label: "harmless animation",
            svg: #"""
                <svg \#(ns) width="100%" height="100%" viewBox="0 0 50 50"><circle r="10"><animate attributeName="opacity" values="0;1;0" dur="2s"
                 repeatCount="indefinite"/><set attributeName="fill" to="url(#g)" begin="1s"/><animateTransform attributeName="transform" type="rotate"
                 from="0" to="360" dur="3s"/></circle><animateMotion dur="5s"><mpath href="#p"/></animateMotion></svg>
                """#,
            width: 50, height: 50),
        BenignSVG(
            label: "prefixed root", svg: #"<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="12" height="8"><svg:rect width="1"/></svg:svg>"#, width: 12, height: 8),
        BenignSVG(
            label: "comments, white space and single quotes",
            svg: "<!-- a --><!-- b -->\n\n<svg \(ns) width = '30' height='20' >\n<!-- script -> not here -->\n<g\n id='x'\n></g   >\n</svg   >\n<!-- after -->\n",
            width: 30, height: 20),
        BenignSVG(
            label: "empty href is the file itself", svg: #"<svg \#(ns) width="1e2" height="5E1"><a href=""><rect/></a><use xlink:href=" #a "/></svg>"#, width: 100, height: 50),
        BenignSVG(label: "ASCII file declared Latin-1", svg: #"<?xml version="1.0" encoding="ISO-8859-1"?><svg \#(ns) width="10" height="10"/>"#, width: 10, height: 10),
        BenignSVG(label: "script named in text only", svg: #"<svg \#(ns)><text>javascript: onload=alert(1) &lt;script&gt;</text></svg>"#, width: nil, height: nil)
    ]
}

@Suite("SVG inspector")
struct SVGInspectorTests {
    @Test(arguments: HostileSVG.corpus)
    func refuses(sample: HostileSVG) {
        #expect(SVGInspector.inspect(bytes: Array(sample.svg.utf8)) == .refused(sample.reason))
    }

    @Test(arguments: BenignSVG.corpus)
    func accepts(sample: BenignSVG) throws {
        let verdict = SVGInspector.inspect(Data(sample.svg.utf8))
        guard case let .safe(width, height) = verdict else {
            Issue.record("refused: \(verdict)")
            return
        }
        #expect(width.map { abs($0 - (sample.width ?? -1)) < 0.0001 } ?? (sample.width == nil), "width \(String(describing: width))")
        #expect(height.map { abs($0 - (sample.height ?? -1)) < 0.0001 } ?? (sample.height == nil), "height \(String(describing: height))")
    }

    /// What the inspector lets through, a real XML parser reads as well-formed too (DOCTYPEs left
    /// out so that the parser is never tempted to fetch a DTD).
    @Test(arguments: BenignSVG.corpus.filter { !$0.svg.contains("<!DOCTYPE") && !$0.svg.hasPrefix("\u{FEFF}") })
    func acceptedFilesAreWellFormedXML(sample: BenignSVG) {
        #expect(ParsedXML(sample.svg) != nil)
    }

    @Test func everyReasonHasAThaiMessage() {
        for reason in SVGRefusal.allCases {
            #expect(reason.thaiMessage.contains("SVG"))
            #expect(!reason.thaiMessage.isEmpty)
        }
        #expect(SVGRefusal.script.thaiMessage.hasPrefix("ไฟล์ SVG มีสคริปต์"))
        #expect(SVGRefusal.externalReference.thaiMessage.hasPrefix("ไฟล์ SVG อ้างถึงไฟล์ภายนอก"))
    }

    @Test func everyReasonIsReachable() {
        let reached = Set(HostileSVG.corpus.map(\.reason))
        #expect(reached.count == SVGRefusal.allCases.count)
    }

    // MARK: Bytes that are not UTF-8 text

    @Test func binaryAndOtherEncodingsAreRefused() {
        let utf16: [UInt8] = [0xFF, 0xFE] + "<svg/>".utf16.flatMap { (unit: UInt16) -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        for bytes in [Fixture.png, Fixture.jpeg, utf16, [0x3C, 0x73, 0x76, 0x67, 0xC0, 0xAF, 0x3E], [0x3C, 0x73, 0x76, 0x67, 0x3E, 0xED, 0xA0, 0x80]] as [[UInt8]] {
            #expect(SVGInspector.inspect(bytes: bytes) == .refused(.notUTF8Text))
        }
        let latin1Thai: [UInt8] = Array(#"<?xml version="1.0" encoding="TIS-620"?><svg><text>"#.utf8) + [0xA1, 0xA2] + Array("</text></svg>".utf8)
        #expect(SVGInspector.inspect(bytes: latin1Thai) == .refused(.notUTF8Text))
        let declaredLatin1WithThai = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><svg><text>ก</text></svg>"#.utf8)
        #expect(SVGInspector.inspect(bytes: declaredLatin1WithThai) == .refused(.notUTF8Text))
    }

    // MARK: Size

    @Test(
        arguments: [
            (#"width="100" height="50""#, 100.0, 50.0),
            (#"width="100px" height="2in""#, 100, 192),
            (#"width="12pt" height="1pc""#, 16, 16),
            (#"width=" 12.5 " height="+.5""#, 12.5, 0.5),
            (#"width="120" viewBox="0 0 240 60""#, 120, 30),
            (#"height="30" viewBox="0,0,240,60""#, 120, 30),
            (#"width="100" height="50" viewBox="0 0 1 1""#, 100, 50),
            (#"viewBox="-10 -10 300 150""#, 300, 150),
            (#"viewBox="  0 , 0 , 8e1 , 4e1  ""#, 80, 40)
        ] as [(String, Double, Double)])
    func size(attributes: String, width: Double, height: Double) {
        let verdict = SVGInspector.inspect(bytes: Array("<svg \(attributes)/>".utf8))
        guard case let .safe(readWidth?, readHeight?) = verdict else {
            Issue.record("no size: \(verdict)")
            return
        }
        #expect(abs(readWidth - width) < 0.0001 && abs(readHeight - height) < 0.0001)
    }

    @Test(arguments: [
        #"width="50%" height="50%""#, #"width="10em" height="2ex""#, #"width="-5" height="0""#, #"width="1e400" height="nan""#, #"width="inf" height="0x10""#,
        #"width="12.5.5" height="1 2""#, #"viewBox="0 0 100""#, #"viewBox="0 0 0 10""#, #"viewBox="0 0 10 -1""#, #"viewBox="a b c d""#, #"width="" height="""#,
        #"viewBox="0 0 1e400 1""#, #"width="e5" height=".""#
    ])
    func noSize(attributes: String) {
        #expect(SVGInspector.inspect(bytes: Array("<svg \(attributes)/>".utf8)) == .safe(width: nil, height: nil))
    }

    @Test func sizeFromAHugeViewBoxStaysFinite() {
        let verdict = SVGInspector.inspect(bytes: Array(#"<svg width="1e308" viewBox="0 0 1e-300 1e300"/>"#.utf8))
        #expect(verdict == .safe(width: 1e308, height: nil))
    }

    // MARK: Hostile bytes

    static let benignSeeds = BenignSVG.corpus.map { Array($0.svg.utf8) }

    @Test func mutationsNeverTrap() {
        var generator = SplitMix64(seed: 0x5A6)
        var refused = 0
        for seed in Self.benignSeeds {
            for _ in 0..<300 {
                let mutated = UploadFuzzTests.mutate(seed, using: &generator)
                if case .refused = SVGInspector.inspect(bytes: mutated) { refused += 1 }
            }
        }
        #expect(refused > 0)
    }

    /// Token soup from the pieces attacks are made of: never a trap, and nothing it accepts holds
    /// `<script`, `<iframe` or `<foreignObject` (with no comments in the soup, such text can only be a tag).
    static func checkSoup(_ pieces: [String], prefix: String, suffix: String, maxPieces: Int, seed: UInt64) -> Int {
        var generator = SplitMix64(seed: seed)
        var safe = 0
        for _ in 0..<4000 {
            var text = prefix
            for _ in 0..<Int.random(in: 0...maxPieces, using: &generator) { text += pieces[Int.random(in: 0..<pieces.count, using: &generator)] }
            text += suffix
            if SVGInspector.inspect(bytes: Array(text.utf8)).isSafe {
                safe += 1
                let lower = text.lowercased()
                #expect(!lower.contains("<script") && !lower.contains("<iframe") && !lower.contains("<foreignobject"), "accepted: \(text)")
            }
        }
        return safe
    }

    @Test func characterSoup() {
        let pieces = [
            "<svg", "<SVG", "<script", "<ScRiPt", "<iframe", "<foreignObject", "</svg>", "</script>", ">", "/>", "/", " ", "\n", "\t", "=", "\"", "'", "on",
            "load", "onload", "href", "xlink:", "javascript:", "&#x6A;", "&#106", "&amp;", "&", ";", "#", "url(", ")", "<![CDATA[", "]]>", "<!DOCTYPE",
            "<!ENTITY", "[", "]", "<?", "?>", "xml", "<style>", "</style>", "@import", "\\", "data:", "image/png;base64,", "x", "1", "<", "<a", "<set",
            "attributeName", "<use", "ก", "\u{0}"
        ]
        _ = Self.checkSoup(pieces, prefix: "", suffix: "", maxPieces: 40, seed: 0x50FA)
    }

    @Test func elementSoup() {
        let pieces = [
            "<g>", "</g>", "<rect/>", "<rect x='1'/>", "<rect style='fill:url(#a)'/>", "text", "&amp;", "&#x0E01;", "<![CDATA[a > b]]>", "<a href='#a'>", "</a>",
            "<style>", "</style>", "rect{fill:red}", "<use href='#a'/>", "<title>ตรา</title>", "<script>", "</script>", "<ScRiPt/>", "<iframe/>",
            "<foreignObject>", "</foreignObject>", "<", ">", "\"", "'", "&#x6A;", "&", "<![CDATA[<script>]]>", "<?x?>", "<!DOCTYPE svg>", "=", " onload=x",
            "<svg/onload=x>", "</svg>", "<svg>", "javascript:", "url(", ")", "<set attributeName='href' to='#a'/>", "<a href='java&#x73;cript:x'>", "\u{0}",
            "<image href='https://x.example/a.png'/>", "<style>@import url(a.css)</style>", "<svg:script/>", "<x:iframe/>"
        ]
        let safe = Self.checkSoup(pieces, prefix: "<svg>", suffix: "</svg>", maxPieces: 8, seed: 0x50FB)
        #expect(safe > 100, "the soup must often make a harmless file, or the property says little")
    }

    @Test func randomBytesNeverTrap() {
        var generator = SplitMix64(seed: 0xB17E5)
        for head in ["", "<svg", "<svg ", "<?xml", "<!DOCTYPE svg", "<svg><style>", "<svg><a href=\"", "<svg><!--", "<svg><![CDATA["] {
            for _ in 0..<300 {
                let tail = (0..<Int.random(in: 0...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                _ = SVGInspector.inspect(bytes: Array(head.utf8) + tail)
            }
        }
    }

    /// A large logo: a long path and a big embedded picture, read in one pass (a 4 MB one takes about
    /// 0.15 s in a release build; this debug-built test keeps to 1 MB).
    @Test func aLargeLogo() {
        let path = String(repeating: "L12.5,7.25 ", count: 45_000)
        let picture = String(repeating: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", count: 16_000)
        let svg = #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><path d="M0 0 \#(path)Z"/><image href="data:image/png;base64,\#(picture)"/></svg>"#
        #expect(svg.utf8.count > 1_000_000)
        #expect(SVGInspector.inspect(bytes: Array(svg.utf8)) == .safe(width: 100, height: 100))
    }

    @Test func deepNestingAndLongRunsStayLinear() {
        let deep = "<svg>" + String(repeating: "<g>", count: 100_000) + String(repeating: "</g>", count: 100_000) + "</svg>"
        #expect(SVGInspector.inspect(bytes: Array(deep.utf8)).isSafe)
        let manyAttributes = "<svg " + (0..<20_000).map { "a\($0)=\"url(#x)\"" }.joined(separator: " ") + "/>"
        #expect(SVGInspector.inspect(bytes: Array(manyAttributes.utf8)).isSafe)
        let entities = "<svg><text>" + String(repeating: "&#x0E01;&amp;", count: 50_000) + "</text></svg>"
        #expect(SVGInspector.inspect(bytes: Array(entities.utf8)).isSafe)
        let unclosed = "<svg><!--" + String(repeating: "-", count: 200_000)
        #expect(SVGInspector.inspect(bytes: Array(unclosed.utf8)) == .refused(.malformed))
        let openTags = String(repeating: "<svg a='", count: 50_000)
        #expect(!SVGInspector.inspect(bytes: Array(openTags.utf8)).isSafe)
    }
}
