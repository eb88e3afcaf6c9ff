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

    @Test func onlyExactSquaresAreRead() throws {
        let raw = """
            <svg viewBox="0 0 99999 9"><svg viewBox="0 0 21 21">
            <g transform="translate(2, 3)">
            <rect x="1" y="1" width="1" height="1" fill="#FFFFFF"/>
            <rect x="12345" y="1" width="1" height="1" fill="#000000"/>
            <rect x="๑" y="1" width="1" height="1" fill="#000000"/>
            <rect x="1" y="1" width="1" height="1" fill="#00000"/>
            <rect x="1" y="1" width="1" height="1" fill="#000000" />
            <rect x="7" y="8" width="2" height="1" fill="#0A0b0C"/><rect x="1" y="2" width="1" height="1" fill="#000000"
            """
        let svg = try #require(QRCodeSVG.sanitize(raw, label: "x"))
        #expect(svg.contains(#"viewBox="0 0 21 21""#), "the first viewBox that reads as one")
        #expect(svg.contains(#"d="M3 4h1v1h-1zM9 11h2v1h-2z""#), "white, over-long, non-ASCII, short-colour and unclosed squares are left out")
    }

    @Test func aRealSizedCodeIsRebuiltWhole() throws {
        let squares = (0..<49).flatMap { y in (0..<49).filter { x in (x * 7 + y * 3) % 2 == 0 }.map { x in (x, y) } }
        let rects = squares.map { square in ##"<rect x="\##(square.0)" y="\##(square.1)" width="1" height="1" fill="#000000"/>"## }
        let raw = ##"<svg viewBox="0 0 57 57"><g id="Pattern" transform="translate(4,4)">"## + rects.joined() + "</g></svg>"
        let svg = try #require(QRCodeSVG.sanitize(raw, label: "x"))
        #expect(svg.components(separatedBy: "z").count - 1 == squares.count)
        #expect(svg.contains("M4 4h1v1h-1z"))
    }
}
