/// Checks on the values inside an SVG: entity references, addresses, CSS and lengths.
///
/// Everything works on UTF-8 bytes. Every character that matters here is ASCII, and in UTF-8 an
/// ASCII byte never occurs inside a multi-byte character, so cutting at ASCII bytes is always safe.
enum SVGValues {
    // MARK: Entity references

    /// A value with its character and entity references replaced, as a browser reads it.
    /// `wellFormed` is false when a reference is one XML does not define, or is cut short.
    struct Decoded {
        var bytes: [UInt8]
        var wellFormed: Bool
    }

    /// The five entities XML predefines; a file may not define more (DTDs are refused).
    private static let xmlEntities: [String: UInt8] = ["amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27]

    /// HTML names an attacker uses to hide `javascript:` from naive filters. They are not XML, so
    /// the file is malformed anyway; decoding them lets the refusal name the real reason.
    private static let htmlEntities: [String: UInt8] = [
        "Tab": 0x09, "NewLine": 0x0A, "colon": 0x3A, "sol": 0x2F, "bsol": 0x5C, "lpar": 0x28, "rpar": 0x29, "num": 0x23,
        "period": 0x2E, "comma": 0x2C, "excl": 0x21, "quest": 0x3F, "commat": 0x40, "semi": 0x3B, "equals": 0x3D
    ]

    /// Replaces `&#106;`, `&#x6A;` and `&amp;`-style references. Numeric references without their
    /// `;` are decoded too (HTML does so), but make the value malformed.
    static func decodeReferences(_ raw: ArraySlice<UInt8>) -> Decoded {
        guard raw.contains(0x26) else { return Decoded(bytes: Array(raw), wellFormed: true) }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var wellFormed = true
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == 0x26 else {
                output.append(byte)
                index += 1
                continue
            }
            if index + 1 < raw.endIndex, raw[index + 1] == 0x23 {
                guard let (scalar, next, terminated) = numericReference(raw, from: index + 2) else {
                    wellFormed = false
                    output.append(byte)
                    index += 1
                    continue
                }
                if !terminated { wellFormed = false }
                if isXMLCharacter(scalar) { output += Array(String(Character(scalar)).utf8) } else { wellFormed = false }
                index = next
                continue
            }
            // A named reference: letters and digits up to ';', at most a short name long.
            var end = index + 1
            while end < raw.endIndex, end - index <= 32, isASCIIAlphanumeric(raw[end]) { end += 1 }
            let name = String(decoding: raw[(index + 1)..<end], as: UTF8.self)
            if end < raw.endIndex, raw[end] == 0x3B, let value = xmlEntities[name] ?? htmlEntities[name] {
                if xmlEntities[name] == nil { wellFormed = false }
                output.append(value)
                index = end + 1
            } else {
                wellFormed = false
                output.append(byte)
                index += 1
            }
        }
        return Decoded(bytes: output, wellFormed: wellFormed)
    }

    /// Digits after `&#`: the scalar, where reading stopped, and whether a `;` ended it.
    /// nil when there are no digits or the value is past U+10FFFF.
    private static func numericReference(_ raw: ArraySlice<UInt8>, from start: Int) -> (Unicode.Scalar, Int, Bool)? {
        var index = start
        var radix: UInt32 = 10
        if index < raw.endIndex, raw[index] | 0x20 == 0x78 {  // x or X
            radix = 16
            index += 1
        }
        var value: UInt32 = 0
        var digits = 0
        while index < raw.endIndex, let digit = digitValue(raw[index], radix: radix) {
            // Leading zeros are allowed and may be many; the value itself is capped.
            value = value * radix + digit
            guard value <= 0x10FFFF else { return nil }
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        let terminated = index < raw.endIndex && raw[index] == 0x3B
        if terminated { index += 1 }
        // Surrogates (not scalars) become U+FFFD, which passes every check below harmlessly.
        return (Unicode.Scalar(value) ?? "\u{FFFD}", index, terminated)
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x61...0x66 where radix == 16: UInt32(byte - 0x61 + 10)
        case 0x41...0x46 where radix == 16: UInt32(byte - 0x41 + 10)
        default: nil
        }
    }

    /// XML 1.0 `Char`: tab, line feed, carriage return and everything from U+0020 except the
    /// surrogates and U+FFFE, U+FFFF.
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    // MARK: Addresses

    /// Attributes whose value is an address a browser may load or follow (local names, lower case).
    /// `base` is `xml:base`, which would change what every other address in the file means.
    static let addressAttributes: Set<String> = [
        "href", "src", "base", "action", "formaction", "data", "background", "poster", "codebase", "lowsrc", "dynsrc", "longdesc", "usemap",
        "srcset", "ping", "archive", "classid"
    ]

    private static let scriptSchemes = ["javascript:", "vbscript:", "livescript:"]
    private static let allowedDataImages = ["data:image/png;base64,", "data:image/jpeg;base64,", "data:image/gif;base64,"]

    /// True when `value` names a script scheme anywhere, however it is spaced or cased: browsers
    /// drop tabs and line breaks inside addresses, so `java&#9;script:` still runs.
    static func mentionsScriptScheme(_ value: [UInt8]) -> Bool {
        let squeezed = squeezedLowercase(value)
        return scriptSchemes.contains { range(of: $0, in: squeezed[...]) != nil }
    }

    /// Only a reference into the same file (`#id`, or empty: the file itself) and an embedded
    /// PNG, JPEG or GIF picture may be loaded; everything else is refused with its reason.
    static func checkAddress(_ value: [UInt8]) throws(SVGRefusal) {
        let squeezed = squeezedLowercase(value)
        if squeezed.isEmpty || squeezed.first == 0x23 { return }
        if scriptSchemes.contains(where: { squeezed.starts(with: $0.utf8) }) { throw .scriptURL }
        if squeezed.starts(with: "data:".utf8) {
            guard isAllowedDataImage(squeezed) else { throw .disallowedData }
            return
        }
        throw .externalReference
    }

    /// `data:image/png;base64,` (or jpeg, gif) followed by base64 and nothing else.
    private static func isAllowedDataImage(_ squeezed: [UInt8]) -> Bool {
        guard let prefix = allowedDataImages.first(where: { squeezed.starts(with: $0.utf8) }) else { return false }
        return squeezed.dropFirst(prefix.utf8.count).allSatisfy { isASCIIAlphanumeric($0) || $0 == 0x2B || $0 == 0x2F || $0 == 0x3D }
    }

    /// Lower case, with every control character and space removed (what a URL parser ignores,
    /// and more: stricter is safe here).
    private static func squeezedLowercase(_ value: [UInt8]) -> [UInt8] {
        value.compactMap { $0 <= 0x20 ? nil : asciiLowercase($0) }
    }

    // MARK: CSS

    /// Checks a style sheet, a `style` attribute or a presentation attribute (`fill="url(#g)"`).
    ///
    /// Comments are removed (strings respected) and escapes decoded first, as a browser would:
    /// `\75 rl(` is `url(` and `@\69mport` is `@import`.
    static func checkCSS(_ text: [UInt8]) throws(SVGRefusal) {
        // Every construct below needs one of ( : @ - or a backslash or comment to hide it: most values
        // (numbers, colours, names) have none, and need no further look.
        guard text.contains(where: { $0 == 0x28 || $0 == 0x3A || $0 == 0x40 || $0 == 0x2D || $0 == 0x5C || $0 == 0x2F }) else { return }
        let css = decodeCSSEscapes(removingCSSComments(text)).map(asciiLowercase)
        if range(of: "@import", in: css[...]) != nil { throw .externalReference }
        let squeezed = css.filter { $0 > 0x20 }
        if scriptSchemes.contains(where: { range(of: $0, in: squeezed[...]) != nil }) { throw .scriptURL }
        // Old Internet Explorer and Firefox ran script from CSS through these.
        for marker in ["expression(", "-moz-binding", "behavior:", "behaviour:"] where range(of: marker, in: squeezed[...]) != nil {
            throw .script
        }
        // image-set("x.png" 1x) and src("x") load from a string, without url().
        if range(of: "image-set(", in: squeezed[...]) != nil { throw .externalReference }
        var search = css.startIndex
        while let found = range(of: "src(", in: css[search...]) {
            if found.lowerBound == 0 || !isCSSNameByte(css[found.lowerBound - 1]) { throw .externalReference }
            search = found.upperBound
        }
        search = css.startIndex
        while let found = range(of: "url(", in: css[search...]) {
            let (argument, next) = urlArgument(css, from: found.upperBound)
            try checkAddress(argument)
            search = max(next, found.upperBound)
        }
    }

    /// The address inside `url(…)`, quoted or not, and where it ends.
    private static func urlArgument(_ css: [UInt8], from start: Int) -> ([UInt8], Int) {
        var index = start
        while index < css.count, css[index] <= 0x20 { index += 1 }
        guard index < css.count else { return ([], index) }
        let quote = css[index]
        if quote == 0x22 || quote == 0x27 {
            let end = css[(index + 1)...].firstIndex(of: quote) ?? css.count
            return (Array(css[(index + 1)..<end]), end)
        }
        let end = css[index...].firstIndex(of: 0x29) ?? css.count
        return (Array(css[index..<end]), end)
    }

    /// Drops `/* … */` outside strings; an unclosed comment runs to the end, as in CSS.
    static func removingCSSComments(_ text: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        var quote: UInt8?
        while index < text.count {
            let byte = text[index]
            if byte == 0x5C {  // a backslash keeps the next byte from starting or ending anything
                output.append(byte)
                if index + 1 < text.count { output.append(text[index + 1]) }
                index += 2
                continue
            }
            if let open = quote {
                // A string ends at its quote, or (unclosed) at a line break.
                if byte == open || byte == 0x0A { quote = nil }
                output.append(byte)
                index += 1
                continue
            }
            if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x2F, index + 1 < text.count, text[index + 1] == 0x2A {
                let close = range(of: "*/", in: text[(index + 2)...])?.upperBound ?? text.count
                index = close
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    /// CSS escapes: `\` and 1–6 hex digits (one white space after them is part of the escape),
    /// `\` and a line break (nothing), `\` and any other character (that character).
    static func decodeCSSEscapes(_ text: [UInt8]) -> [UInt8] {
        guard text.contains(0x5C) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            guard text[index] == 0x5C else {
                output.append(text[index])
                index += 1
                continue
            }
            index += 1
            guard index < text.count else { break }
            var value: UInt32 = 0
            var digits = 0
            while digits < 6, index < text.count, let digit = digitValue(text[index], radix: 16) {
                value = value * 16 + digit
                digits += 1
                index += 1
            }
            if digits > 0 {
                if index < text.count, isSpace(text[index]) { index += 1 }
                let scalar = value == 0 ? nil : Unicode.Scalar(value)
                output += Array(String(Character(scalar ?? "\u{FFFD}")).utf8)
            } else if text[index] == 0x0A || text[index] == 0x0C {
                index += 1
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return output
    }

    private static func isCSSNameByte(_ byte: UInt8) -> Bool {
        isASCIIAlphanumeric(byte) || byte == 0x2D || byte == 0x5F || byte >= 0x80
    }

    // MARK: Lengths

    /// CSS pixels per unit, for the absolute units SVG allows on `width` and `height`.
    private static let pixelsPerUnit: [String: Double] = ["": 1, "px": 1, "pt": 4.0 / 3, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4]

    /// A positive, finite length in CSS pixels; nil for percentages, font-relative units and junk.
    static func length(_ value: [UInt8]) -> Double? {
        let trimmed = trimmingSpaces(value[...])
        guard let numberEnd = numberPrefixLength(trimmed), numberEnd > 0 else { return nil }
        let unit = String(decoding: trimmed.dropFirst(numberEnd).map(asciiLowercase), as: UTF8.self)
        guard let factor = pixelsPerUnit[unit], let number = Double(String(decoding: trimmed.prefix(numberEnd), as: UTF8.self)) else { return nil }
        let pixels = number * factor
        return pixels.isFinite && pixels > 0 ? pixels : nil
    }

    /// `viewBox="min-x min-y width height"`, separated by white space and/or commas; nil unless
    /// all four are numbers and the width and height are positive.
    static func viewBoxSize(_ value: [UInt8]) -> (width: Double, height: Double)? {
        let fields = value.split(whereSeparator: { isSpace($0) || $0 == 0x2C })
        guard fields.count == 4 else { return nil }
        var numbers: [Double] = []
        for field in fields {
            guard numberPrefixLength(field) == field.count, let number = Double(String(decoding: field, as: UTF8.self)), number.isFinite else { return nil }
            numbers.append(number)
        }
        guard numbers[2] > 0, numbers[3] > 0 else { return nil }
        return (numbers[2], numbers[3])
    }

    /// How many leading bytes form an SVG number: sign, digits, fraction, exponent. Checked by
    /// hand so that `Double(_:)` never sees "nan", "inf" or hexadecimal.
    private static func numberPrefixLength(_ text: ArraySlice<UInt8>) -> Int? {
        var index = text.startIndex
        func digitRun() -> Int {
            let start = index
            while index < text.endIndex, (0x30...0x39).contains(text[index]) { index += 1 }
            return index - start
        }
        if index < text.endIndex, text[index] == 0x2B || text[index] == 0x2D { index += 1 }
        var mantissa = digitRun()
        if index < text.endIndex, text[index] == 0x2E {
            index += 1
            mantissa += digitRun()
        }
        guard mantissa > 0 else { return nil }
        if index < text.endIndex, text[index] | 0x20 == 0x65 {  // e or E, only when digits follow
            let beforeExponent = index
            index += 1
            if index < text.endIndex, text[index] == 0x2B || text[index] == 0x2D { index += 1 }
            if digitRun() == 0 { index = beforeExponent }
        }
        return index - text.startIndex
    }

    // MARK: Bytes

    /// Where `needle` (ASCII) first occurs in `haystack`. Hand-written because the standard library's
    /// generic `firstRange(of:)` takes about a second per few megabytes, and an upload may be that big.
    static func range(of needle: String, in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        let needle = Array(needle.utf8)
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        let lastStart = haystack.endIndex - needle.count
        var start = haystack.startIndex
        while start <= lastStart, let candidate = haystack[start...lastStart].firstIndex(of: first) {
            let end = candidate + needle.count
            if haystack[candidate..<end].elementsEqual(needle) { return candidate..<end }
            start = candidate + 1
        }
        return nil
    }

    /// XML white space, and form feed, which HTML also counts.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    static func trimmingSpaces(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = value
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }

    static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// An ASCII-lowercased string of UTF-8 bytes: how tag and attribute names are compared.
    static func lowercasedName<C: Collection<UInt8>>(_ bytes: C) -> String {
        String(decoding: bytes.map(asciiLowercase), as: UTF8.self)
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
