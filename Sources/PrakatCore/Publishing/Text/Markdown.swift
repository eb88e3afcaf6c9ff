import Foundation

/// Markdown for the bodies of published items: a deliberate, safe subset.
///
/// Supported: paragraphs (a single line break stays a line break, `<br>`), headings `#`–`###`
/// as `<h2>`–`<h4>` (the page's `<h1>` is the item's title; deeper levels stay `<h4>`),
/// `**bold**`, `*italic*` / `_italic_` (an underscore inside a word or URL is not emphasis),
/// `` `code` ``, fenced code blocks, `-` / `*` / `+` and `1.` lists (nesting by indentation),
/// `>` blockquotes, `---` rules, `[text](url)` links, bare and `<…>` http(s) autolinks,
/// GFM pipe tables, backslash escapes and HTML entity references (`&amp;`, `&#3585;`).
///
/// Deliberately not supported:
/// - raw HTML: it is shown as text, escaped, never passed through;
/// - images: the app shows attachments itself;
/// - links anywhere `SafeURL` does not allow: the link text is shown without a link;
/// - indented code blocks: editors indent paragraphs with spaces, which must not turn into code;
/// - setext headings and lazy continuation of blockquotes (every quoted line starts with `>`);
/// - lists numbered in Thai digits (`๑.`): an `<ol>` would show them as 1., 2., so they stay text.
///
/// Thai text is passed through as it is: no space is added or removed between words.
public enum Markdown {
    /// Renders the body of a published item. Raw HTML in the source is ESCAPED (shown as text),
    /// never passed through. Every link has `rel="noopener"`, absolute ones `rel="noopener noreferrer"`.
    /// Blocks are separated by a line feed; the output is the same for the same input on every machine.
    public static func html(_ source: String) -> String {
        HTMLOutput.blocks(BlockParser.parse(source))
    }

    /// Plain text for excerpts, OpenGraph descriptions and search: markup removed, whitespace
    /// collapsed, cut at `maxGraphemes` on a grapheme boundary (never inside a Thai cluster) with
    /// "…" when cut. The "…" counts towards `maxGraphemes`, so the result is never longer.
    /// Raw HTML in the source is text here too: it is kept, not stripped (escape it on output).
    public static func plainText(_ source: String, maxGraphemes: Int = .max) -> String {
        // An excerpt needs only the start of a long text: parsing whole bodies for 180 letters
        // took half of the time of an uncached listing (measured at 100,000 items). The start is
        // read in growing pieces, each ending at a paragraph break, until it holds enough.
        if maxGraphemes <= 4_096 {
            var budget = max(256, maxGraphemes * 4)
            while let head = excerptHead(source, budget: budget) {
                let text = collapsedPlainText(head)
                if text.count > maxGraphemes { return cut(text, maxGraphemes: maxGraphemes) }
                budget *= 4
            }
        }
        return cut(collapsedPlainText(source), maxGraphemes: maxGraphemes)
    }

    /// How much of an item's plain text is kept with it when it is published: enough for the
    /// longest excerpt shown anywhere (a feed entry's summary).
    public static let storedExcerptLength = 400

    /// The plain-text start of a body, as stored beside it at publish time so listings, feeds
    /// and page descriptions never parse Markdown while rendering.
    public static func storedExcerpt(_ source: String) -> String {
        plainText(source, maxGraphemes: storedExcerptLength)
    }

    /// A shorter excerpt from a stored one: the same text `plainText(body, maxGraphemes:)` gives
    /// for any length up to `storedExcerptLength`, because both cut the same collapsed text.
    public static func excerpt(fromStored stored: String, maxGraphemes: Int) -> String {
        cut(stored, maxGraphemes: maxGraphemes)
    }

    static func collapsedPlainText(_ source: String) -> String {
        var parts: [String] = []
        PlainOutput.collect(BlockParser.parse(source), into: &parts)
        return collapseWhitespace(parts.joined(separator: " "))
    }

    /// The start of a source, ending at the first paragraph break (else line break) past `budget`
    /// bytes, so no block or inline construct before it is cut open. Nil when there is no such
    /// break before the end, or when a link reference definition (`[x]: …`) may follow: it could
    /// change the text before it.
    static func excerptHead(_ source: String, budget: Int) -> String? {
        let bytes = source.utf8
        guard bytes.count > budget else { return nil }
        let newline = UInt8(ascii: "\n")
        var lineEnd: String.Index?
        var paragraphEnd: String.Index?
        var previous: UInt8 = 0
        var index = bytes.index(bytes.startIndex, offsetBy: budget)
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == newline {
                let after = bytes.index(after: index)
                if lineEnd == nil { lineEnd = after }
                if previous == newline {
                    paragraphEnd = after
                    break
                }
            }
            if byte != UInt8(ascii: "\r") && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { previous = byte }
            index = bytes.index(after: index)
        }
        guard let end = paragraphEnd ?? lineEnd, end < bytes.endIndex else { return nil }
        var bracket = false
        for byte in bytes[end...] {
            if bracket, byte == UInt8(ascii: ":") { return nil }
            bracket = byte == UInt8(ascii: "]")
        }
        return String(source[..<end])
    }

    /// Runs of whitespace (line breaks and no-break spaces included) become one space, and the
    /// ends are trimmed. Zero-width spaces are not whitespace: Thai text uses them as word-break hints.
    static func collapseWhitespace(_ s: String) -> String {
        var result = ""
        result.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for character in s {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    static func cut(_ s: String, maxGraphemes: Int) -> String {
        guard maxGraphemes > 0 else { return "" }
        let cut: String.Index
        switch ThaiGraphemes.start(ofGrapheme: maxGraphemes - 1, in: s) {
        case .whole:
            return s
        case .at(let offset):
            cut = s.utf8.index(s.utf8.startIndex, offsetBy: offset)
        case nil:
            // One walk to where the cut would be (`count` would walk the whole text first).
            guard let index = s.index(s.startIndex, offsetBy: maxGraphemes - 1, limitedBy: s.endIndex), index != s.endIndex,
                s.index(after: index) != s.endIndex
            else { return s }
            cut = index
        }
        var kept = String(s[..<cut])
        while kept.last?.isWhitespace == true { kept.removeLast() }
        return kept + "…"
    }
}

/// Grapheme boundaries read from the UTF-8 bytes of text that is only printable ASCII, Thai and
/// common punctuation (dashes, quotation marks, "…"), as every listing's excerpts are: Swift's
/// general grapheme breaking was most of the time of cutting them (about 4 % of an uncached home
/// page, 17 % of the feed). In that text a grapheme starts at every scalar except a Thai
/// combining mark (Grapheme_Cluster_Break Extend: ั, ิ–ฺ, ็–๎) or sara am (ำ, SpacingMark),
/// which stay with what comes before them (UAX #29, GB9 and GB9a).
enum ThaiGraphemes {
    enum Cut: Equatable {
        /// The text has no grapheme after the asked one: nothing is cut.
        case whole
        /// The asked grapheme starts at this UTF-8 offset, and another follows it.
        case at(Int)
    }

    /// Where grapheme `index` (from 0) starts, when one follows it. Nil when a byte of another
    /// kind comes first (then Swift's own breaking decides) or the string has no contiguous UTF-8.
    static func start(ofGrapheme index: Int, in s: String) -> Cut? {
        s.utf8.withContiguousStorageIfAvailable { bytes -> Cut? in
            var grapheme = -1
            var asked = 0
            var offset = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                let startsGrapheme: Bool
                if byte >= 0x20 && byte < 0x7F {
                    startsGrapheme = true
                    offset += 1
                } else if byte == 0xE0, offset + 2 < bytes.count, bytes[offset + 1] == 0xB8 || bytes[offset + 1] == 0xB9,
                    bytes[offset + 2] & 0xC0 == 0x80
                {
                    let scalar = 0x0E00 + Int(bytes[offset + 1] - 0xB8) * 64 + Int(bytes[offset + 2] & 0x3F)
                    // Unassigned code points of the block are left to Swift.
                    guard (0x0E01...0x0E3A).contains(scalar) || (0x0E3F...0x0E5B).contains(scalar) else { return nil }
                    startsGrapheme = grapheme < 0 || !joinsPrevious(scalar)
                    offset += 3
                } else if byte == 0xE2, offset + 2 < bytes.count, bytes[offset + 1] == 0x80, (0x90...0xA7).contains(bytes[offset + 2]) {
                    // Dashes, quotation marks, the bullet and "…" (U+2010–U+2027): a stored
                    // excerpt that was cut ends with "…".
                    startsGrapheme = true
                    offset += 3
                } else {
                    return nil
                }
                guard startsGrapheme else { continue }
                grapheme += 1
                let start = offset - (byte < 0x80 ? 1 : 3)
                if grapheme == index { asked = start }
                if grapheme == index + 1 { return .at(asked) }
            }
            return .whole
        } ?? nil
    }

    static func joinsPrevious(_ scalar: Int) -> Bool {
        scalar == 0x0E31 || scalar == 0x0E33 || (0x0E34...0x0E3A).contains(scalar) || (0x0E47...0x0E4E).contains(scalar)
    }
}

// MARK: - Blocks

indirect enum MarkdownBlock: Equatable {
    case paragraph(String)
    case heading(level: Int, text: String)
    case code(String)
    case rule
    case quote([MarkdownBlock])
    case list(ListKind, items: [[MarkdownBlock]], tight: Bool)
    case table(header: [String], rows: [[String]])

    enum ListKind: Equatable {
        case bullet
        case ordered(start: Int)
    }
}

/// Splits the source into lines and lines into blocks, one container at a time: a blockquote's
/// or list item's lines are stripped of their prefix and parsed again, one level deeper.
enum BlockParser {
    /// Deeper quotes or lists are read as plain text, so hostile input cannot exhaust the stack.
    static let maxDepth = 8

    static func parse(_ source: String) -> [MarkdownBlock] {
        parse(lines(of: source), depth: 0)
    }

    /// The normalised source's lines. Split at LF bytes: an ASCII byte is never part of a longer
    /// UTF-8 sequence, and LF is a grapheme of its own, so this is where splitting at the
    /// `Character` "\n" splits, without grapheme-breaking the whole text first (half of parsing an
    /// item's body in Thai).
    static func lines(of source: String) -> [String] {
        normalized(source).utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// All line breaks become LF (browsers may submit CR LF, CR, NEL, LS or PS); NUL becomes
    /// U+FFFD as CommonMark asks; the remaining C0 and C1 controls except tab are dropped, since
    /// they have no place in a web page and break XML readers of the same text. Text with none of
    /// them, nearly every stored body, is returned as it is after one pass over its scalars.
    static func normalized(_ source: String) -> String {
        needsNormalizing(source) ? normalizedScalarByScalar(source) : source
    }

    /// Whether the text holds a scalar the rules change: a C0 control other than tab and LF, DEL,
    /// a C1 control (NEL among them), LS or PS. Reading scalars costs little; reading
    /// `Character`s (Thai grapheme breaking) was the expense.
    private static func needsNormalizing(_ source: String) -> Bool {
        source.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x09, 0x0A: false
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: true
            default: false
            }
        }
    }

    /// `normalized`'s rules applied scalar by scalar: what the check spares clean text from.
    static func normalizedScalarByScalar(_ source: String) -> String {
        var result = String.UnicodeScalarView()
        result.reserveCapacity(source.utf8.count)
        var afterCR = false
        for scalar in source.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar.value {
            case 0x0A where afterCR: break
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: result.append("\n")
            case 0x00: result.append("\u{FFFD}")
            case 0x09: result.append(scalar)
            case 0x01...0x1F, 0x7F...0x9F: break
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    static func parse(_ lines: [String], depth: Int) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if Line.isBlank(line) {
                i += 1
            } else if let fence = Line.openingFence(line) {
                var content: [String] = []
                i += 1
                while i < lines.count, !Line.closes(fence, lines[i]) {
                    content.append(Line.dropColumns(lines[i], fence.indent))
                    i += 1
                }
                i += 1  // the closing fence, or past the end when it is missing
                blocks.append(.code(content.map { $0 + "\n" }.joined()))
            } else if let heading = Line.heading(line) {
                blocks.append(.heading(level: heading.level, text: heading.text))
                i += 1
            } else if Line.isRule(line) {
                blocks.append(.rule)
                i += 1
            } else if depth < maxDepth, Line.quoteContent(line) != nil {
                var inner: [String] = []
                while i < lines.count, let content = Line.quoteContent(lines[i]) {
                    inner.append(content)
                    i += 1
                }
                blocks.append(.quote(parse(inner, depth: depth + 1)))
            } else if depth < maxDepth, let marker = Line.listMarker(line) {
                blocks.append(parseList(lines, from: &i, first: marker, depth: depth))
            } else if let header = Line.tableHeader(lines, at: i) {
                blocks.append(parseTable(lines, from: &i, header: header, depth: depth))
            } else {
                var paragraph = [line]
                i += 1
                while i < lines.count, !Line.isBlank(lines[i]), !interrupts(lines, at: i, depth: depth) {
                    paragraph.append(lines[i])
                    i += 1
                }
                blocks.append(.paragraph(paragraph.map(Line.trimmed).joined(separator: "\n")))
            }
        }
        return blocks
    }

    /// Whether line `i` starts a new block instead of continuing a paragraph. As in CommonMark,
    /// an ordered list only interrupts a paragraph when it starts at 1, so a line that happens
    /// to begin with "2566. " stays text.
    static func interrupts(_ lines: [String], at i: Int, depth: Int) -> Bool {
        let line = lines[i]
        if Line.openingFence(line) != nil || Line.heading(line) != nil || Line.isRule(line) { return true }
        if Line.tableHeader(lines, at: i) != nil { return true }
        guard depth < maxDepth else { return false }
        if Line.quoteContent(line) != nil { return true }
        if let marker = Line.listMarker(line), !Line.isBlank(marker.rest) {
            if case let .ordered(start, _) = marker.kind { return start == 1 }
            return true
        }
        return false
    }

    private static func parseList(_ lines: [String], from i: inout Int, first: Line.ListMarker, depth: Int) -> MarkdownBlock {
        var items: [[String]] = []
        var current = [first.rest]
        var contentColumn = first.contentColumn
        var blankBetweenItems = false
        var sawBlank = false
        i += 1
        while i < lines.count {
            let line = lines[i]
            if Line.isBlank(line) {
                current.append("")
                sawBlank = true
            } else if Line.indent(line) >= contentColumn {
                current.append(Line.dropColumns(line, contentColumn))
                sawBlank = false
            } else if let marker = Line.listMarker(line), marker.kind.continues(first.kind) {
                blankBetweenItems = blankBetweenItems || sawBlank
                items.append(current)
                current = [marker.rest]
                contentColumn = marker.contentColumn
                sawBlank = false
            } else if !sawBlank, !interrupts(lines, at: i, depth: depth),
                !current.contains(where: { Line.openingFence($0) != nil })
            {
                // Lazy continuation: a wrapped line of the item's paragraph need not be indented.
                current.append(Line.trimmed(line))
            } else {
                break
            }
            i += 1
        }
        items.append(current)
        // Trailing blank lines belong to neither the item nor the list.
        while let last = items.last?.last, Line.isBlank(last) { items[items.count - 1].removeLast() }
        let parsed = items.map { lines -> [MarkdownBlock] in
            var lines = lines
            while let last = lines.last, Line.isBlank(last) { lines.removeLast() }
            return parse(lines, depth: depth + 1)
        }
        let blankInsideItem = zip(items, parsed).contains { lines, blocks in
            blocks.count > 1 && lines.dropLast().contains(where: Line.isBlank)
        }
        let kind: MarkdownBlock.ListKind =
            switch first.kind {
            case .bullet: .bullet
            case let .ordered(start, _): .ordered(start: start)
            }
        return .list(kind, items: parsed, tight: !blankBetweenItems && !blankInsideItem)
    }

    private static func parseTable(_ lines: [String], from i: inout Int, header: [String], depth: Int) -> MarkdownBlock {
        var rows: [[String]] = []
        i += 2  // header and delimiter row
        while i < lines.count, !Line.isBlank(lines[i]), lines[i].contains("|"), !interrupts(lines, at: i, depth: depth) {
            // Rows are cut or padded to the header's width, as in GFM.
            var cells = Line.tableCells(lines[i])
            if cells.count > header.count { cells.removeLast(cells.count - header.count) }
            cells += Array(repeating: "", count: header.count - cells.count)
            rows.append(cells)
            i += 1
        }
        return .table(header: header, rows: rows)
    }
}

/// Line-level recognisers. Indentation counts columns, a tab reaching the next multiple of 4.
enum Line {
    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }

    static func trimmed(_ line: String) -> String {
        let isSpace = { (c: Character) in c == " " || c == "\t" }
        guard let start = line.firstIndex(where: { !isSpace($0) }), let end = line.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(line[start...end])
    }

    static func indent(_ line: String) -> Int {
        var column = 0
        for character in line {
            if character == " " { column += 1 } else if character == "\t" { column += 4 - column % 4 } else { break }
        }
        return column
    }

    /// Removes up to `columns` columns of leading spaces and tabs.
    static func dropColumns(_ line: String, _ columns: Int) -> String {
        var column = 0
        var index = line.startIndex
        while column < columns, index < line.endIndex {
            let character = line[index]
            if character == " " {
                column += 1
            } else if character == "\t" {
                let width = 4 - column % 4
                if column + width > columns {
                    // Part of the tab remains as spaces.
                    return String(repeating: " ", count: column + width - columns) + line[line.index(after: index)...]
                }
                column += width
            } else {
                break
            }
            index = line.index(after: index)
        }
        return String(line[index...])
    }

    /// The line without its indentation, when that is at most 3 columns (a block may start there).
    private static func startContent(_ line: String) -> Substring? {
        guard indent(line) <= 3 else { return nil }
        return line.drop { $0 == " " || $0 == "\t" }
    }

    struct Fence {
        let character: Character
        let length: Int
        let indent: Int
    }

    static func openingFence(_ line: String) -> Fence? {
        guard let content = startContent(line), let first = content.first, first == "`" || first == "~" else { return nil }
        let length = content.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        // A backtick fence's info string cannot contain backticks (it would be inline code).
        if first == "`", content.dropFirst(length).contains("`") { return nil }
        return Fence(character: first, length: length, indent: indent(line))
    }

    static func closes(_ fence: Fence, _ line: String) -> Bool {
        guard let content = startContent(line) else { return false }
        let length = content.prefix { $0 == fence.character }.count
        return length >= fence.length && isBlank(String(content.dropFirst(length)))
    }

    static func heading(_ line: String) -> (level: Int, text: String)? {
        guard let content = startContent(line) else { return nil }
        let level = content.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = content.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = trimmed(String(rest))
        // An optional closing run of #, when separated by a space: "## ข่าว ##".
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing == text.count {
            text = ""
        } else if closing > 0, let before = text.dropLast(closing).last, before == " " || before == "\t" {
            text = trimmed(String(text.dropLast(closing)))
        }
        // An empty heading says nothing to a screen reader (axe: empty-heading); keep the "#" as text.
        guard !text.isEmpty else { return nil }
        return (min(level, 3), text)
    }

    /// `---`, `***` or `___`: three or more of the same character, spaces allowed between.
    static func isRule(_ line: String) -> Bool {
        guard let content = startContent(line), let first = content.first, "-*_".contains(first) else { return false }
        var count = 0
        for character in content {
            if character == first { count += 1 } else if character != " " && character != "\t" { return false }
        }
        return count >= 3
    }

    /// The line after its `>` and one optional space, or nil when it is not quoted.
    static func quoteContent(_ line: String) -> String? {
        guard let content = startContent(line), content.first == ">" else { return nil }
        let rest = String(content.dropFirst())
        return rest.first == " " || rest.first == "\t" ? dropColumns(rest, 1) : rest
    }

    struct ListMarker {
        enum Kind {
            case bullet(Character)
            case ordered(start: Int, delimiter: Character)

            /// Items of one list share the bullet character or the number's delimiter.
            func continues(_ other: Kind) -> Bool {
                switch (self, other) {
                case let (.bullet(a), .bullet(b)): a == b
                case let (.ordered(_, a), .ordered(_, b)): a == b
                default: false
                }
            }
        }

        let kind: Kind
        /// The column where the item's content starts; continuation lines are indented this far.
        let contentColumn: Int
        let rest: String
    }

    static func listMarker(_ line: String) -> ListMarker? {
        guard let content = startContent(line), !isRule(line) else { return nil }
        let kind: ListMarker.Kind
        let markerLength: Int
        if let first = content.first, "-*+".contains(first) {
            kind = .bullet(first)
            markerLength = 1
        } else {
            let digits = content.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let start = Int(digits),
                let delimiter = content.dropFirst(digits.count).first, delimiter == "." || delimiter == ")"
            else { return nil }
            kind = .ordered(start: start, delimiter: delimiter)
            markerLength = digits.count + 1
        }
        let afterMarker = content.dropFirst(markerLength)
        guard afterMarker.isEmpty || afterMarker.first == " " || afterMarker.first == "\t" else { return nil }
        let markerEnd = indent(line) + markerLength
        let spaces = afterMarker.prefix { $0 == " " || $0 == "\t" }.count
        let rest = afterMarker.dropFirst(spaces)
        // CommonMark: 1–4 spaces after the marker set the content column; more means the
        // content itself is indented, and an empty first line counts as one space.
        let gap = rest.isEmpty || spaces > 4 ? 1 : spaces
        return ListMarker(kind: kind, contentColumn: markerEnd + gap, rest: String(rest))
    }

    /// Whether the line holds "|" as a character of its own. Asked of every line of every
    /// paragraph: the byte check first spares a line without one from grapheme breaking.
    private static func hasPipe(_ line: String) -> Bool {
        line.utf8.contains(UInt8(ascii: "|")) && line.contains("|")
    }

    /// The header cells when line `i` and the next form the start of a pipe table:
    /// `| a | b |` followed by `|---|:---:|` with as many cells.
    static func tableHeader(_ lines: [String], at i: Int) -> [String]? {
        guard i + 1 < lines.count, startContent(lines[i]) != nil, hasPipe(lines[i]),
            startContent(lines[i + 1]) != nil, hasPipe(lines[i + 1])
        else { return nil }
        let delimiters = tableCells(lines[i + 1])
        let isDelimiterRow = delimiters.allSatisfy { cell in
            var dashes = Substring(cell)
            if dashes.hasPrefix(":") { dashes = dashes.dropFirst() }
            if dashes.hasSuffix(":") { dashes = dashes.dropLast() }
            return !dashes.isEmpty && dashes.allSatisfy { $0 == "-" }
        }
        let header = tableCells(lines[i])
        guard isDelimiterRow, header.count == delimiters.count else { return nil }
        return header
    }

    /// Cells of a table row: optional outer pipes, cells split on unescaped `|`, `\|` kept as `|`.
    static func tableCells(_ line: String) -> [String] {
        var row = trimmed(line)
        if row.hasPrefix("|") { row.removeFirst() }
        if row.hasSuffix("|"), !row.hasSuffix("\\|") { row.removeLast() }
        var cells: [String] = []
        var cell = ""
        var escaped = false
        for character in row {
            if escaped {
                cell += character == "|" ? "|" : "\\\(character)"
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(trimmed(cell))
                cell = ""
            } else {
                cell.append(character)
            }
        }
        if escaped { cell += "\\" }
        cells.append(trimmed(cell))
        return cells
    }
}

// MARK: - Output

enum HTMLOutput {
    static func blocks(_ blocks: [MarkdownBlock], tight: Bool = false) -> String {
        blocks.map { block($0, tight: tight) }.joined(separator: "\n")
    }

    static func block(_ block: MarkdownBlock, tight: Bool) -> String {
        switch block {
        case let .paragraph(text):
            // In a tight list an item's text stands without <p>, as in CommonMark.
            tight ? inline(text) : "<p>\(inline(text))</p>"
        case let .heading(level, text):
            "<h\(level + 1)>\(inline(text))</h\(level + 1)>"
        case let .code(text):
            "<pre><code>\(HTMLEscaping.escape(text))</code></pre>"
        case .rule:
            "<hr>"
        case let .quote(inner):
            "<blockquote>\n\(blocks(inner))\n</blockquote>"
        case let .list(kind, items, tight):
            list(kind, items: items, tight: tight)
        case let .table(header, rows):
            table(header: header, rows: rows)
        }
    }

    static func list(_ kind: MarkdownBlock.ListKind, items: [[MarkdownBlock]], tight: Bool) -> String {
        let (open, close) =
            switch kind {
            case .bullet: ("<ul>", "</ul>")
            case .ordered(start: 1): ("<ol>", "</ol>")
            case let .ordered(start): ("<ol start=\"\(start)\">", "</ol>")
            }
        let renderedItems = items.map { item -> String in
            guard let first = item.first else { return "<li></li>" }
            let body = blocks(item, tight: tight)
            // A tight item's text starts right after <li>; anything else starts on its own line.
            if tight, case .paragraph = first {
                return item.count == 1 ? "<li>\(body)</li>" : "<li>\(body)\n</li>"
            }
            return "<li>\n\(body)\n</li>"
        }
        return ([open] + renderedItems + [close]).joined(separator: "\n")
    }

    static func table(header: [String], rows: [[String]]) -> String {
        func row(_ cells: [String], tag: String) -> String {
            "<tr>\n" + cells.map { "<\(tag)>\(inline($0))</\(tag)>\n" }.joined() + "</tr>"
        }
        var parts = ["<table>", "<thead>", row(header, tag: "th"), "</thead>"]
        if !rows.isEmpty {
            parts += ["<tbody>"] + rows.map { row($0, tag: "td") } + ["</tbody>"]
        }
        parts.append("</table>")
        return parts.joined(separator: "\n")
    }

    static func inline(_ text: String) -> String {
        var html = ""
        for token in InlineParser.tokens(text) {
            switch token {
            case let .text(text): html += HTMLEscaping.escape(text)
            case let .code(text): html += "<code>\(HTMLEscaping.escape(text))</code>"
            case .lineBreak: html += "<br>\n"
            case .open(.emphasis): html += "<em>"
            case .open(.strong): html += "<strong>"
            case let .open(.link(href)):
                // noreferrer only off-site: the site's own pages may see where readers came from.
                let rel = href.hasPrefix("/") ? "noopener" : "noopener noreferrer"
                html += "<a href=\"\(HTMLEscaping.escape(href))\" rel=\"\(rel)\">"
            case .close(.emphasis): html += "</em>"
            case .close(.strong): html += "</strong>"
            case .close(.link): html += "</a>"
            }
        }
        return html
    }
}

enum PlainOutput {
    static func collect(_ blocks: [MarkdownBlock], into parts: inout [String]) {
        for block in blocks {
            switch block {
            case let .paragraph(text), let .heading(_, text): parts.append(inline(text))
            case let .code(text): parts.append(text)
            case .rule: break
            case let .quote(inner): collect(inner, into: &parts)
            case let .list(_, items, _): items.forEach { collect($0, into: &parts) }
            case let .table(header, rows): parts += (header + rows.joined()).map(inline)
            }
        }
    }

    static func inline(_ text: String) -> String {
        var plain = ""
        for token in InlineParser.tokens(text) {
            switch token {
            case let .text(text), let .code(text): plain += text
            case .lineBreak: plain += " "
            case .open, .close: break
            }
        }
        return plain
    }
}
