import Foundation
import Testing

@testable import PrakatCore

@Suite("QR code SVG sanitising")
struct QRCodeSVGTests {
    let sample = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <!-- Created with qrencode 4.1.1 (https://fukuchi.org/works/qrencode/index.html) -->
        <svg width="3.49cm" height="3.49cm" viewBox="0 0 33 33" preserveAspectRatio="none" version="1.1" xmlns="http://www.w3.org/2000/svg">
        \t<g id="QRcode">
        \t\t<rect x="0" y="0" width="33" height="33" fill="#ffffff"/>
        \t\t<g id="Pattern" transform="translate(4,4)">
        \t\t\t<rect x="0" y="0" width="1" height="1" fill="#000000"/>
        \t\t\t<rect x="2" y="1" width="1" height="1" fill="#000000"/>
        \t\t</g>
        \t</g>
        </svg>
        """

    @Test func onlyNumbersSurviveIntoARebuiltSVG() throws {
        let svg = try #require(QRCodeSVG.sanitize(sample, label: "คิวอาร์ \"x\""))
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33""#))
        #expect(svg.contains(#"d="M4 4h1v1h-1zM6 5h1v1h-1z""#))
        #expect(svg.contains("&quot;x&quot;"))
        #expect(!svg.contains("qrencode"))
        #expect(!svg.contains("<?xml"))
    }

    @Test func hostileOrEmptyOutputIsRefusedOrStripped() {
        #expect(QRCodeSVG.sanitize("", label: "x") == nil)
        #expect(QRCodeSVG.sanitize(#"<svg viewBox="0 0 10 10"><script>alert(1)</script></svg>"#, label: "x") == nil)
        let mixed = sample.replacingOccurrences(
            of: "</g>\n", with: "<script>alert(1)</script><rect x=\"1\" y=\"1\" width=\"1\" height=\"1\" fill=\"#000000\" onload=\"alert(1)\"/></g>\n")
        let svg = QRCodeSVG.sanitize(mixed, label: "x") ?? ""
        #expect(!svg.contains("script"))
        #expect(!svg.contains("onload"))
    }
}
