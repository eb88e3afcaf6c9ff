import Foundation

/// Rebuilds the SVG that `qrencode -t SVG` prints from its numbers alone, so nothing the tool
/// wrote (comments, attributes, scripts if it were ever replaced by something hostile) reaches
/// the page: only a viewBox, one white square and one black path.
public enum QRCodeSVG {
    public static func sanitize(_ raw: String, label: String) -> String? {
        guard raw.utf8.count < 2_000_000 else { return nil }
        // A scan of the bytes, not Swift's Regex: a code has hundreds of squares, and matching
        // them with Regex made this the costliest part of the pages that show one.
        let scanner = QRCodeOutputReader(Array(raw.utf8))
        let size = scanner.firstMatch(after: "viewBox=\"0 0 ") { (cursor: inout QRCodeOutputReader.Cursor) -> (width: Int, height: Int)? in
            guard let width = cursor.number(), cursor.take(" "), let height = cursor.number(), cursor.take("\"") else { return nil }
            return (width, height)
        }
        guard let size, size.width > 0, size.height > 0 else { return nil }
        let (width, height) = size
        let offset =
            scanner.firstMatch(after: "translate(") { (cursor: inout QRCodeOutputReader.Cursor) -> (x: Int, y: Int)? in
                guard let x = cursor.number(), cursor.take(","), cursor.skipWhitespace(), let y = cursor.number(), cursor.take(")") else { return nil }
                return (x, y)
            } ?? (0, 0)
        let (offsetX, offsetY) = offset
        var path = ""
        var modules = 0
        scanner.forEachMatch(after: "<rect x=\"") { (cursor: inout QRCodeOutputReader.Cursor) in
            guard let x = cursor.number(), cursor.take("\" y=\""), let y = cursor.number(), cursor.take("\" width=\""),
                let w = cursor.number(), cursor.take("\" height=\""), let h = cursor.number(), cursor.take("\" fill=\"#"),
                let white = cursor.colourIsWhite(), cursor.take("\""), cursor.skipWhitespace(), cursor.take("/>")
            else { return }
            guard !white else { return }
            path += "M\(x + offsetX) \(y + offsetY)h\(w)v\(h)h-\(w)z"
            modules += 1
        }
        guard modules > 0 else { return nil }
        let escapedLabel = HTMLEscaping.escape(label)
        return
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="\##(escapedLabel)" class="qr-code" shape-rendering="crispEdges"><rect width="\##(width)" height="\##(height)" fill="#fff"/><path fill="#000" d="\##(path)"/></svg>"##
    }
}

/// Finds a literal in UTF-8 bytes and reads what follows it: numbers of one to four ASCII
/// digits, exact text, ASCII white space and six-digit hexadecimal colours.
private struct QRCodeOutputReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    struct Cursor {
        let bytes: [UInt8]
        var index: Int

        mutating func take(_ literal: String) -> Bool {
            let literal = Array(literal.utf8)
            guard index + literal.count <= bytes.count, bytes[index..<index + literal.count].elementsEqual(literal) else { return false }
            index += literal.count
            return true
        }

        /// One to four ASCII digits (the most a QR code's coordinates need).
        mutating func number() -> Int? {
            var value = 0
            var digits = 0
            while index < bytes.count, digits < 4, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            guard digits > 0, !(index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])) else { return nil }
            return value
        }

        /// Always true: white space is optional where it is allowed.
        mutating func skipWhitespace() -> Bool {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(bytes[index]) { index += 1 }
            return true
        }

        /// Six hexadecimal digits: whether they are ffffff (any case); nil if they are not six.
        mutating func colourIsWhite() -> Bool? {
            guard index + 6 <= bytes.count else { return nil }
            var white = true
            for byte in bytes[index..<index + 6] {
                switch byte {
                case UInt8(ascii: "f"), UInt8(ascii: "F"): break
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "e"), UInt8(ascii: "A")...UInt8(ascii: "E"): white = false
                default: return nil
                }
            }
            index += 6
            return white
        }
    }

    /// The result of `read` at the first occurrence of `literal` where it reads one.
    func firstMatch<T>(after literal: String, _ read: (inout Cursor) -> T?) -> T? {
        var result: T?
        forEachOccurrence(of: literal) { cursor in
            result = read(&cursor)
            return result == nil
        }
        return result
    }

    /// Calls `read` after every occurrence of `literal`.
    func forEachMatch(after literal: String, _ read: (inout Cursor) -> Void) {
        forEachOccurrence(of: literal) { cursor in
            read(&cursor)
            return true
        }
    }

    /// `body` is given a cursor just past each occurrence, in order, until it returns false.
    private func forEachOccurrence(of literal: String, _ body: (inout Cursor) -> Bool) {
        let needle = Array(literal.utf8)
        guard let first = needle.first, needle.count <= bytes.count else { return }
        var start = 0
        while start + needle.count <= bytes.count {
            guard let found = bytes[start...].firstIndex(of: first) else { return }
            guard found + needle.count <= bytes.count else { return }
            if bytes[found..<found + needle.count].elementsEqual(needle) {
                var cursor = Cursor(bytes: bytes, index: found + needle.count)
                guard body(&cursor) else { return }
            }
            start = found + 1
        }
    }
}
