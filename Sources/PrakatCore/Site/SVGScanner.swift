/// The tokenizer behind `SVGInspector`: one pass over the bytes, tag by tag.
///
/// It reads what a browser's XML parser reads, but does not stop at the first error: it also reads
/// what an HTML parser would make of the same bytes (unquoted attribute values, a missing space
/// between attributes, `<svg/onload=…>`), so an SVG shown inline in a page is covered too. Every
/// such departure from XML marks the file malformed, and a malformed file is refused even when
/// nothing dangerous was found. When it is unsure where a construct ends, the scanner moves on by
/// as little as it can, so no `<` is skipped unseen.
///
/// A reason to refuse is thrown as soon as it is found; "malformed" waits for the end, so that a
/// file both broken and hostile is refused for what it tries to do.
struct SVGScanner {
    private struct Attribute {
        /// As written, prefix included (`xlink:href`).
        let name: ArraySlice<UInt8>
        /// References decoded (`&#x6A;` is `j`).
        let value: [UInt8]
        /// The name in ASCII lower case, whole and without its prefix (`xlink:href`, `href`).
        let lowercasedName: String
        let lowercasedLocalName: String

        init(name: ArraySlice<UInt8>, value: [UInt8]) {
            self.name = name
            self.value = value
            lowercasedName = SVGValues.lowercasedName(name)
            lowercasedLocalName = SVGValues.lowercasedName(SVGScanner.localName(name))
        }
    }

    private let bytes: [UInt8]
    private var position = 0
    /// Where the content starts, after a byte order mark: the only place for `<?xml …?>`.
    private var contentStart = 0
    private var wellFormed = true
    private var rootSeen = false
    private var doctypeSeen = false
    /// Names of the elements open at `position`, outermost first.
    private var openElements: [ArraySlice<UInt8>] = []
    /// The `<style>` elements open at `position`: how deep each was opened, and its text so far. A
    /// style sheet is the text directly inside its element (CDATA included, comments and the text of
    /// child elements not), so only text read at exactly that depth is added.
    private var styles: [(depth: Int, text: [UInt8])] = []
    private var size: (width: Double?, height: Double?) = (nil, nil)

    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Elements that run script: SVG's own, and SVG Tiny 1.2's event handler and listener.
    private static let scriptElements: Set<String> = ["script", "handler", "listener"]
    /// Elements that embed HTML or another document, or change how the page around them behaves.
    private static let embeddingElements: Set<String> = [
        "foreignobject", "iframe", "frame", "frameset", "embed", "object", "applet", "portal", "meta", "base", "link", "form"
    ]
    /// SMIL animation elements, whose `attributeName` says which attribute they rewrite.
    private static let animationElements: Set<String> = ["animate", "set", "animatetransform", "animatemotion", "animatecolor", "discard"]
    /// Encodings that read ASCII as ASCII: harmless in a declaration when every byte is ASCII.
    private static let asciiCompatibleEncodings: Set<String> = [
        "us-ascii", "ascii", "iso-8859-1", "latin1", "iso-8859-11", "windows-1252", "windows-874", "tis-620"
    ]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The size from the root element, or the first reason to refuse.
    mutating func scan() throws(SVGRefusal) -> (width: Double?, height: Double?) {
        try checkCharacters()
        if bytes.starts(with: Self.bom) { position = Self.bom.count }
        contentStart = position
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "<") {
                try markup()
            } else {
                try text()
            }
        }
        try closeStyles(deeperThan: 0)
        guard rootSeen else { throw .notSVG }
        guard wellFormed, openElements.isEmpty else { throw .malformed }
        return size
    }

    // MARK: Characters

    /// Valid UTF-8 throughout; characters XML forbids (NUL, most control characters) make it malformed.
    private mutating func checkCharacters() throws(SVGRefusal) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                if !SVGValues.isXMLCharacter(scalar) { wellFormed = false }
            case .emptyInput:
                return
            case .error:
                throw .notUTF8Text
            }
        }
    }

    // MARK: Text

    private mutating func text() throws(SVGRefusal) {
        let start = position
        position = bytes[start...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
        let raw = bytes[start..<position]
        let decoded = SVGValues.decodeReferences(raw)
        // `]]>` may only close a CDATA section.
        if !decoded.wellFormed || SVGValues.range(of: "]]>", in: raw) != nil { wellFormed = false }
        guard !openElements.isEmpty else {
            // Outside the root only white space may stand; before it, anything else means this is no SVG.
            if !raw.allSatisfy(SVGValues.isSpace) {
                if !rootSeen { throw .notSVG }
                wellFormed = false
            }
            return
        }
        appendToStyle(decoded.bytes)
    }

    private mutating func appendToStyle<C: Collection<UInt8>>(_ text: C) {
        if let last = styles.indices.last, styles[last].depth == openElements.count { styles[last].text += text }
    }

    /// Checks and forgets the style sheets whose elements are no longer open.
    private mutating func closeStyles(deeperThan depth: Int) throws(SVGRefusal) {
        while let last = styles.last, last.depth > depth {
            styles.removeLast()
            try SVGValues.checkCSS(last.text)
        }
    }

    // MARK: Markup

    private mutating func markup() throws(SVGRefusal) {
        switch byte(at: position + 1) {
        case UInt8(ascii: "?"): try processingInstruction()
        case UInt8(ascii: "!"): try declaration()
        case UInt8(ascii: "/"): try endTag()
        default: try startTag()
        }
    }

    private mutating func startTag() throws(SVGRefusal) {
        var index = position + 1
        while index < bytes.count, !Self.endsName(bytes[index]) { index += 1 }
        let name = bytes[(position + 1)..<index]
        guard let first = name.first, Self.isNameStart(first) else {
            // A `<` that starts no tag: text to HTML, an error to XML. Step over the `<` alone.
            if !rootSeen { throw .notSVG }
            wellFormed = false
            position += 1
            return
        }
        if !name.allSatisfy(Self.isNameByte) { wellFormed = false }
        var attributes: [Attribute] = []
        var selfClosing = false
        var closed = false
        while index < bytes.count {
            let spaceBefore = index
            while index < bytes.count, SVGValues.isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            let current = bytes[index]
            if current == UInt8(ascii: ">") {
                index += 1
                closed = true
                break
            }
            if current == UInt8(ascii: "/") {
                if byte(at: index + 1) == UInt8(ascii: ">") {
                    index += 2
                    closed = true
                    selfClosing = true
                    break
                }
                // `<svg/onload=…>`: HTML reads on; so does this scanner.
                wellFormed = false
                index += 1
                continue
            }
            // XML wants white space before every attribute; HTML does without.
            if index == spaceBefore { wellFormed = false }
            let (attribute, next) = readAttribute(from: index)
            attributes.append(attribute)
            index = next
        }
        position = index
        // XML forbids an attribute twice in one tag; HTML keeps the first. Both copies are checked.
        if !closed || Set(attributes.map(\.name)).count != attributes.count { wellFormed = false }
        try element(name, attributes, selfClosing: selfClosing || !closed)
    }

    /// One attribute from `start`: the name, and a value quoted, unquoted (HTML only) or absent
    /// (HTML only); returns where reading stopped.
    private mutating func readAttribute(from start: Int) -> (Attribute, Int) {
        // The first byte always belongs to the name, even `=` (as in HTML), so reading moves on.
        var index = start + 1
        while index < bytes.count, !Self.endsName(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
        let name = bytes[start..<index]
        if let first = name.first, !Self.isNameStart(first) || !name.allSatisfy(Self.isNameByte) { wellFormed = false }
        var cursor = index
        while cursor < bytes.count, SVGValues.isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else {
            wellFormed = false
            return (Attribute(name: name, value: []), index)
        }
        cursor += 1
        while cursor < bytes.count, SVGValues.isSpace(bytes[cursor]) { cursor += 1 }
        let raw: ArraySlice<UInt8>
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
            let quote = bytes[cursor]
            if let close = bytes[(cursor + 1)...].firstIndex(of: quote) {
                raw = bytes[(cursor + 1)..<close]
                index = close + 1
            } else {
                wellFormed = false
                raw = bytes[(cursor + 1)...]
                index = bytes.count
            }
            // XML forbids `<` in attribute values.
            if raw.contains(UInt8(ascii: "<")) { wellFormed = false }
        } else {
            wellFormed = false
            let valueStart = cursor
            while cursor < bytes.count, !SVGValues.isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
            raw = bytes[valueStart..<cursor]
            index = cursor
        }
        let decoded = SVGValues.decodeReferences(raw)
        if !decoded.wellFormed { wellFormed = false }
        return (Attribute(name: name, value: decoded.bytes), index)
    }

    private mutating func element(_ name: ArraySlice<UInt8>, _ attributes: [Attribute], selfClosing: Bool) throws(SVGRefusal) {
        let local = SVGValues.lowercasedName(Self.localName(name))
        if !rootSeen {
            guard local == "svg" else { throw .notSVG }
            rootSeen = true
            size = Self.rootSize(attributes)
        } else if openElements.isEmpty {
            wellFormed = false  // a second root element
        }
        try Self.check(element: local, attributes)
        if !selfClosing {
            openElements.append(name)
            if local == "style" { styles.append((openElements.count, [])) }
        }
    }

    private mutating func endTag() throws(SVGRefusal) {
        var index = position + 2
        while index < bytes.count, !Self.endsName(bytes[index]) { index += 1 }
        let name = bytes[(position + 2)..<index]
        while index < bytes.count, SVGValues.isSpace(bytes[index]) { index += 1 }
        if byte(at: index) == UInt8(ascii: ">") {
            index += 1
        } else {
            // HTML allows (and ignores) attributes in an end tag; XML does not. Skip to its `>`, but
            // never past a `<`, which is looked at as markup of its own.
            wellFormed = false
            index = bytes[index...].firstIndex { $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "<") } ?? bytes.count
            if byte(at: index) == UInt8(ascii: ">") { index += 1 }
        }
        position = index
        if openElements.last == name {
            openElements.removeLast()
        } else {
            wellFormed = false
            if let open = openElements.lastIndex(of: name) { openElements.removeSubrange(open...) }
        }
        try closeStyles(deeperThan: openElements.count)
    }

    // MARK: Comments, CDATA, DOCTYPE

    private mutating func declaration() throws(SVGRefusal) {
        if matches("<!--") {
            try comment()
        } else if matches("<![CDATA[") {
            try cdata()
        } else if matchesIgnoringCase("<!doctype") {
            try doctype()
        } else if ["<!entity", "<!attlist", "<!element", "<!notation"].contains(where: { matchesIgnoringCase($0) }) {
            throw .entityDeclaration
        } else {
            wellFormed = false
            position += 2
        }
    }

    /// XML comments may not hold `--` nor end in `-`; HTML ends `<!-->` and `<!--->` at once, and
    /// `--!>` too, so such a comment would hide different markup from each parser. Nor may they hold
    /// a `<`: inside `<title><style>` an HTML page showing the SVG inline reads no comment at all,
    /// only text up to `</style>`, and then markup.
    private mutating func comment() throws(SVGRefusal) {
        let start = position + 4
        guard let close = SVGValues.range(of: "-->", in: bytes[start...]) else {
            if bytes[start...].contains(UInt8(ascii: "<")) { throw .hiddenMarkup }
            wellFormed = false
            position = bytes.count
            return
        }
        let content = bytes[start..<close.lowerBound]
        if content.contains(UInt8(ascii: "<")) { throw .hiddenMarkup }
        if content.first == UInt8(ascii: ">") || content.starts(with: "->".utf8) || content.last == UInt8(ascii: "-")
            || SVGValues.range(of: "--", in: content) != nil
        {
            wellFormed = false
        }
        position = close.upperBound
    }

    /// CDATA is text to XML, but an HTML page showing the SVG inline reads it as a comment ending at
    /// the first `>` inside `<title>` or `<desc>`, and whatever follows as markup. So no `<` inside.
    private mutating func cdata() throws(SVGRefusal) {
        let start = position + 9
        let close = SVGValues.range(of: "]]>", in: bytes[start...])
        let content = bytes[start..<(close?.lowerBound ?? bytes.count)]
        if content.contains(UInt8(ascii: "<")) { throw .hiddenMarkup }
        if close == nil || openElements.isEmpty { wellFormed = false }
        appendToStyle(content)
        position = close?.upperBound ?? bytes.count
    }

    /// Only `<!DOCTYPE svg>` or one naming a W3C DTD by address is accepted (Illustrator and older
    /// Inkscape write `PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/…/svg11.dtd"`; browsers
    /// never fetch it). An internal subset `[…]` is where entities are declared: refused.
    private mutating func doctype() throws(SVGRefusal) {
        if rootSeen || doctypeSeen { wellFormed = false }
        doctypeSeen = true
        var index = position + 9
        var words: [String] = []
        var literals: [ArraySlice<UInt8>] = []
        var closed = false
        while index < bytes.count {
            let current = bytes[index]
            if SVGValues.isSpace(current) {
                index += 1
            } else if current == UInt8(ascii: "[") {
                throw .entityDeclaration
            } else if current == UInt8(ascii: ">") {
                index += 1
                closed = true
                break
            } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                guard let end = bytes[(index + 1)...].firstIndex(of: current) else { break }
                literals.append(bytes[(index + 1)..<end])
                index = end + 1
            } else {
                let start = index
                while index < bytes.count, !SVGValues.isSpace(bytes[index]), ![UInt8(ascii: ">"), UInt8(ascii: "["), 0x22, 0x27].contains(bytes[index]) {
                    index += 1
                }
                // A word after a literal is out of place (PUBLIC "a" "b" is all there may be).
                if !literals.isEmpty { wellFormed = false }
                words.append(SVGValues.lowercasedName(bytes[start..<index]))
            }
        }
        let text = bytes[position..<index].map(SVGValues.asciiLowercase)
        if SVGValues.range(of: "<!entity", in: text[...]) != nil { throw .entityDeclaration }
        // HTML ends a DOCTYPE at the first `>`, even inside quotes: what follows would be markup to it.
        if literals.contains(where: { $0.contains(UInt8(ascii: ">")) || $0.contains(UInt8(ascii: "<")) }) { wellFormed = false }
        position = index
        guard closed, let name = words.first, !name.isEmpty else {
            wellFormed = false
            return
        }
        switch (words.dropFirst().first, literals.count, words.count) {
        case (nil, 0, 1): return
        case ("system", 1, 2): try Self.checkDTDAddress(literals[0])
        case ("public", 2, 2): try Self.checkDTDAddress(literals[1])
        default: wellFormed = false
        }
    }

    private static func checkDTDAddress(_ literal: ArraySlice<UInt8>) throws(SVGRefusal) {
        let address = SVGValues.lowercasedName(SVGValues.trimmingSpaces(literal))
        guard address.hasPrefix("http://www.w3.org/") || address.hasPrefix("https://www.w3.org/") else { throw .externalReference }
    }

    // MARK: Processing instructions

    /// `<?xml …?>` at the very start is the XML declaration; any other processing instruction
    /// (`<?xml-stylesheet href=…?>` loads a style sheet) is refused.
    private mutating func processingInstruction() throws(SVGRefusal) {
        let targetStart = position + 2
        var index = targetStart
        while index < bytes.count, !SVGValues.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "?") { index += 1 }
        let target = bytes[targetStart..<index]
        guard !target.isEmpty else {
            wellFormed = false
            position += 2
            return
        }
        guard SVGValues.lowercasedName(target) == "xml" else { throw .processingInstruction }
        guard let close = SVGValues.range(of: "?>", in: bytes[index...]) else {
            wellFormed = false
            position = bytes.count
            return
        }
        if position == contentStart, target.elementsEqual("xml".utf8) {
            try checkDeclaration(bytes[index..<close.lowerBound])
        } else {
            wellFormed = false  // `<?XML` is reserved, and the declaration comes first or not at all
        }
        position = close.upperBound
    }

    /// `version`, then optionally `encoding` and `standalone`, as `name="value"` and nothing else.
    /// HTML ends `<?…` at the first `>`, so a `>` or `<` hidden in a value would start markup there.
    /// The declared encoding must be UTF-8, or one that reads the file's bytes (all ASCII) the same way.
    private mutating func checkDeclaration(_ declaration: ArraySlice<UInt8>) throws(SVGRefusal) {
        var names: [String] = []
        var index = declaration.startIndex
        while true {
            while index < declaration.endIndex, SVGValues.isSpace(declaration[index]) { index += 1 }
            guard index < declaration.endIndex else { break }
            let nameStart = index
            while index < declaration.endIndex, SVGValues.isASCIIAlphanumeric(declaration[index]) { index += 1 }
            let name = String(decoding: declaration[nameStart..<index], as: UTF8.self)
            while index < declaration.endIndex, SVGValues.isSpace(declaration[index]) { index += 1 }
            guard index < declaration.endIndex, declaration[index] == UInt8(ascii: "=") else {
                wellFormed = false
                return
            }
            index += 1
            while index < declaration.endIndex, SVGValues.isSpace(declaration[index]) { index += 1 }
            guard index < declaration.endIndex, declaration[index] == 0x22 || declaration[index] == 0x27,
                let end = declaration[(index + 1)...].firstIndex(of: declaration[index])
            else {
                wellFormed = false
                return
            }
            let value = declaration[(index + 1)..<end]
            index = end + 1
            names.append(name)
            if !value.allSatisfy({ SVGValues.isASCIIAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) {
                wellFormed = false
                continue
            }
            if name == "encoding" {
                let encoding = SVGValues.lowercasedName(value)
                if encoding != "utf-8", encoding != "utf8", !(Self.asciiCompatibleEncodings.contains(encoding) && bytes.allSatisfy({ $0 < 0x80 })) {
                    throw .notUTF8Text
                }
            }
        }
        if names.first != "version" || !Set(names).isSubset(of: ["version", "encoding", "standalone"]) || Set(names).count != names.count { wellFormed = false }
    }

    // MARK: Checks

    private static func check(element local: String, _ attributes: [Attribute]) throws(SVGRefusal) {
        if scriptElements.contains(local) { throw .script }
        if embeddingElements.contains(local) { throw .embeddedDocument }
        if animationElements.contains(local) {
            for attribute in attributes where attribute.lowercasedLocalName == "attributename" {
                let target = SVGValues.lowercasedName(localName(SVGValues.trimmingSpaces(attribute.value[...])))
                if target.hasPrefix("on") { throw .eventHandler }
                if SVGValues.addressAttributes.contains(target) { throw .animatedLink }
            }
        }
        // Three passes, so that the gravest reason is the one given, whatever the attributes' order.
        // `onload`, `ONLOAD`, `svg:onload`, and anything else that starts with "on":
        for attribute in attributes where attribute.lowercasedName.hasPrefix("on") || attribute.lowercasedLocalName.hasPrefix("on") {
            throw .eventHandler
        }
        for attribute in attributes where SVGValues.mentionsScriptScheme(attribute.value) {
            throw .scriptURL
        }
        for attribute in attributes {
            if SVGValues.addressAttributes.contains(attribute.lowercasedLocalName) { try SVGValues.checkAddress(attribute.value) }
            try SVGValues.checkCSS(attribute.value)
        }
    }

    /// Width and height in CSS pixels: from the attributes, the missing one from the viewBox's
    /// proportions, or both from the viewBox (as a browser sizes an `<img>` of it).
    private static func rootSize(_ attributes: [Attribute]) -> (width: Double?, height: Double?) {
        var width: Double?
        var height: Double?
        var box: (width: Double, height: Double)?
        for attribute in attributes {
            switch attribute.lowercasedName {
            case "width": width = SVGValues.length(attribute.value)
            case "height": height = SVGValues.length(attribute.value)
            case "viewbox": box = SVGValues.viewBoxSize(attribute.value)
            default: break
            }
        }
        guard let box else { return (width, height) }
        switch (width, height) {
        case (nil, nil): return (box.width, box.height)
        case let (width?, nil): return (width, finite(width * box.height / box.width))
        case let (nil, height?): return (finite(height * box.width / box.height), height)
        default: return (width, height)
        }
    }

    private static func finite(_ value: Double) -> Double? {
        value.isFinite && value > 0 ? value : nil
    }

    // MARK: Bytes

    private func byte(at index: Int) -> UInt8? {
        index >= 0 && index < bytes.count ? bytes[index] : nil
    }

    private func matches(_ text: String) -> Bool {
        bytes[position...].starts(with: text.utf8)
    }

    private func matchesIgnoringCase(_ lowercase: String) -> Bool {
        bytes[position...].lazy.map(SVGValues.asciiLowercase).starts(with: lowercase.utf8)
    }

    /// The name after its prefix: `svg` in `svg:svg`, `href` in `xlink:href`.
    fileprivate static func localName(_ name: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let colon = name.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return name[(colon + 1)...]
    }

    /// Where a tag or attribute name stops, as HTML's tokenizer sees it.
    private static func endsName(_ byte: UInt8) -> Bool {
        SVGValues.isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
