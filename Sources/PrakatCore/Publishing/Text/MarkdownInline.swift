/// What a line of inline Markdown becomes: text still to be escaped, and tags. Tags always
/// come in matching, properly nested open/close pairs.
enum InlineToken: Equatable {
    case text(String)
    case code(String)
    case lineBreak
    case open(InlineTag)
    case close(InlineTag)
}

enum InlineTag: Equatable {
    case emphasis
    case strong
    /// `href` has passed `SafeURL.isAllowedLink`.
    case link(href: String)
}

/// Inline Markdown after CommonMark's rules for code spans, emphasis (the delimiter-run
/// algorithm, so `snake_case_names` and URLs stay as they are), links and entities, plus GFM's
/// bare-URL autolinks. Works on `Character`s, so a Thai cluster is never split.
///
/// Every step looks at a bounded neighbourhood or at precomputed matches, so hostile input
/// (thousands of `[`, `*` or backticks) stays roughly linear.
struct InlineParser {
    static func tokens(_ text: String, allowsLinks: Bool = true) -> [InlineToken] {
        // Most paragraphs of a Thai body hold no byte that can start a construct: they are their
        // own text. Splitting them into `Character`s first (Thai grapheme breaking) was about half
        // of rendering an item's body.
        guard text.utf8.contains(where: mayStartConstruct) else { return text.isEmpty ? [] : [.text(text)] }
        return scannedTokens(text, allowsLinks: allowsLinks)
    }

    /// The bytes `scan` acts on: escapes, code spans, emphasis, links, autolinks (a bare URL
    /// needs "://", an angle one "<"), entities and line breaks. Every other byte is text.
    static func mayStartConstruct(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "<"),
            UInt8(ascii: "&"), UInt8(ascii: "\n"), UInt8(ascii: ":"):
            true
        default: false
        }
    }

    /// `tokens` without the shortcut for plain text.
    static func scannedTokens(_ text: String, allowsLinks: Bool = true) -> [InlineToken] {
        var parser = InlineParser(Array(text), allowsLinks: allowsLinks)
        parser.scan()
        parser.resolveEmphasis()
        return parser.output()
    }

    private struct Delimiter {
        let character: Character
        let originalCount: Int
        var count: Int
        let canOpen: Bool
        let canClose: Bool
        /// Tags this run opens, in the order they were matched (the first is innermost).
        var opens: [InlineTag] = []
        /// Tags this run closes, in the order they were matched (the first is innermost).
        var closes: [InlineTag] = []

        /// Whether this run can open emphasis that `closer` closes, including CommonMark's
        /// "rule of 3": `*foo**bar*` is one emphasis, not two.
        func canOpen(with closer: Delimiter) -> Bool {
            guard character == closer.character, canOpen else { return false }
            let eitherCanBeBoth = canClose || closer.canOpen
            let sum = originalCount + closer.originalCount
            return !(eitherCanBeBoth && sum % 3 == 0 && !(originalCount % 3 == 0 && closer.originalCount % 3 == 0))
        }
    }

    private enum Item {
        case token(InlineToken)
        case delimiter(Int)
    }

    private let chars: [Character]
    /// False inside link text: links cannot contain links, nor bare URLs become nested links.
    private let allowsLinks: Bool
    /// Starts of maximal backtick runs, grouped by run length, in ascending order.
    private let backtickRuns: [Int: [Int]]
    /// `[` position → its matching `]`, ignoring escaped brackets and those in code spans.
    private var closingBracket: [Int: Int] = [:]
    private var items: [Item] = []
    private var delimiters: [Delimiter] = []
    private var pending = ""

    private init(_ chars: [Character], allowsLinks: Bool) {
        self.chars = chars
        self.allowsLinks = allowsLinks
        var runs: [Int: [Int]] = [:]
        var i = 0
        while i < chars.count {
            if chars[i].isASCII, chars[i] == "`" {
                var end = i
                while end < chars.count, chars[end] == "`" { end += 1 }
                runs[end - i, default: []].append(i)
                i = end
            } else {
                i += 1
            }
        }
        backtickRuns = runs
        if allowsLinks { matchBrackets() }
    }

    // MARK: Scanning

    private mutating func scan() {
        var i = 0
        while i < chars.count {
            let c = chars[i]
            // Every character with a meaning here is ASCII; Thai text is not, and comparing it
            // with each of them cost most of the time of parsing a Thai body.
            if !c.isASCII {
                pending.append(c)
                i += 1
                continue
            }
            if c == "\\", i + 1 < chars.count, chars[i + 1].isASCIIPunctuation {
                pending.append(chars[i + 1])
                i += 2
            } else if c == "\\", i + 1 < chars.count, chars[i + 1] == "\n" {
                append(.lineBreak)
                i += 2
            } else if c == "`" {
                let length = runLength(at: i)
                if let close = closingBacktickRun(after: i, length: length) {
                    append(.code(codeSpanContent(chars[(i + length)..<close])))
                    i = close + length
                } else {
                    pending += String(repeating: "`", count: length)
                    i += length
                }
            } else if c == "*" || c == "_" {
                let length = runLength(at: i)
                addDelimiter(at: i, length: length)
                i += length
            } else if c == "[", allowsLinks, let (end, tokens) = link(at: i) {
                tokens.forEach { append($0) }
                i = end
            } else if c == "<", allowsLinks, let (end, url) = angleAutolink(at: i) {
                appendLink(href: url, text: url)
                i = end
            } else if c == "h" || c == "H", allowsLinks, let end = bareURLEnd(at: i) {
                let url = String(chars[i..<end])
                if SafeURL.isAllowedLink(url) { appendLink(href: url, text: url) } else { pending += url }
                i = end
            } else if c == "&", let (end, decoded) = entity(at: i) {
                pending += decoded
                i = end
            } else if c == "\n" {
                append(.lineBreak)
                i += 1
            } else {
                pending.append(c)
                i += 1
            }
        }
        flush()
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        items.append(.token(.text(pending)))
        pending = ""
    }

    private mutating func append(_ token: InlineToken) {
        if case let .text(text) = token {
            pending += text
        } else {
            flush()
            items.append(.token(token))
        }
    }

    private mutating func appendLink(href: String, text: String) {
        append(.open(.link(href: href)))
        append(.text(text))
        append(.close(.link(href: href)))
    }

    private func runLength(at i: Int) -> Int {
        var end = i
        while end < chars.count, chars[end] == chars[i] { end += 1 }
        return end - i
    }

    // MARK: Code spans

    /// The next backtick run of exactly `length` after the opening run at `opener`.
    private func closingBacktickRun(after opener: Int, length: Int) -> Int? {
        guard let starts = backtickRuns[length] else { return nil }
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= opener { low = middle + 1 } else { high = middle }
        }
        return low < starts.count ? starts[low] : nil
    }

    /// Line breaks become spaces; one space is stripped from each side when both have one,
    /// so that `` `` `x` `` `` can show backticks.
    private func codeSpanContent(_ slice: ArraySlice<Character>) -> String {
        var content = String(slice.map { $0 == "\n" ? " " : $0 })
        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content = String(content.dropFirst().dropLast())
        }
        return content
    }

    // MARK: Emphasis

    private mutating func addDelimiter(at i: Int, length: Int) {
        let c = chars[i]
        let before: Character? = i > 0 ? chars[i - 1] : nil
        let after: Character? = i + length < chars.count ? chars[i + length] : nil
        // The start and end of the text count as whitespace.
        let beforeIsSpace = before?.isWhitespace ?? true
        let afterIsSpace = after?.isWhitespace ?? true
        let beforeIsPunctuation = before?.isMarkdownPunctuation ?? false
        let afterIsPunctuation = after?.isMarkdownPunctuation ?? false
        let leftFlanking = !afterIsSpace && (!afterIsPunctuation || beforeIsSpace || beforeIsPunctuation)
        let rightFlanking = !beforeIsSpace && (!beforeIsPunctuation || afterIsSpace || afterIsPunctuation)
        // `_` may not open or close inside a word: file_name_here, https://x/a_b_c.
        let canOpen = c == "*" ? leftFlanking : leftFlanking && (!rightFlanking || beforeIsPunctuation)
        let canClose = c == "*" ? rightFlanking : rightFlanking && (!leftFlanking || afterIsPunctuation)
        flush()
        items.append(.delimiter(delimiters.count))
        delimiters.append(Delimiter(character: c, originalCount: length, count: length, canOpen: canOpen, canClose: canClose))
    }

    /// CommonMark's "process emphasis" over a linked list of the delimiter runs, with its
    /// openers-bottom bound so that unmatched runs are not searched again and again.
    private mutating func resolveEmphasis() {
        let count = delimiters.count
        guard count > 1 else { return }
        var previous = Array(-1..<(count - 1))
        var next = Array(1...count)  // `count` marks the end
        func unlink(_ k: Int) {
            if previous[k] >= 0 { next[previous[k]] = next[k] }
            if next[k] < count { previous[next[k]] = previous[k] }
        }
        var openersBottom: [Int: Int] = [:]
        var closer = 0
        while closer < count {
            let current = delimiters[closer]
            guard current.canClose else {
                closer = next[closer]
                continue
            }
            let key = (current.character == "*" ? 0 : 6) + (current.canOpen ? 3 : 0) + current.originalCount % 3
            let bottom = openersBottom[key] ?? -1
            var opener = previous[closer]
            while opener > bottom, !delimiters[opener].canOpen(with: current) {
                opener = previous[opener]
            }
            if opener > bottom {
                let use = delimiters[opener].count >= 2 && current.count >= 2 ? 2 : 1
                let tag: InlineTag = use == 2 ? .strong : .emphasis
                delimiters[opener].count -= use
                delimiters[opener].opens.append(tag)
                delimiters[closer].count -= use
                delimiters[closer].closes.append(tag)
                // Runs between the two can no longer match anything: they stay literal text.
                next[opener] = closer
                previous[closer] = opener
                if delimiters[opener].count == 0 { unlink(opener) }
                if delimiters[closer].count == 0 {
                    let following = next[closer]
                    unlink(closer)
                    closer = following
                }
            } else {
                openersBottom[key] = previous[closer]
                let following = next[closer]
                if !current.canOpen { unlink(closer) }
                closer = following
            }
        }
    }

    private func output() -> [InlineToken] {
        var tokens: [InlineToken] = []
        func appendText(_ text: String) {
            if case let .text(existing)? = tokens.last {
                tokens[tokens.count - 1] = .text(existing + text)
            } else {
                tokens.append(.text(text))
            }
        }
        for item in items {
            switch item {
            case let .token(.text(text)):
                appendText(text)
            case let .token(token):
                tokens.append(token)
            case let .delimiter(k):
                // Closers use a run's leftmost characters, openers its rightmost.
                let run = delimiters[k]
                tokens += run.closes.map(InlineToken.close)
                if run.count > 0 { appendText(String(repeating: run.character, count: run.count)) }
                tokens += run.opens.reversed().map(InlineToken.open)
            }
        }
        return tokens
    }

    // MARK: Links

    private mutating func matchBrackets() {
        var open: [Int] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if !c.isASCII {
                i += 1
            } else if c == "\\", i + 1 < chars.count, chars[i + 1].isASCIIPunctuation {
                i += 2
            } else if c == "`" {
                let length = runLength(at: i)
                i = (closingBacktickRun(after: i, length: length) ?? i) + length
            } else {
                if c == "[" {
                    open.append(i)
                } else if c == "]", let start = open.popLast() {
                    closingBracket[start] = i
                }
                i += 1
            }
        }
    }

    /// `[text](destination "optional title")` starting at `i`: the position after it and its
    /// tokens. The link text is parsed on its own (emphasis cannot cross the brackets). A
    /// destination `SafeURL` refuses leaves just the text; the title is dropped.
    private func link(at i: Int) -> (end: Int, tokens: [InlineToken])? {
        guard let close = closingBracket[i], close + 1 < chars.count, chars[close + 1] == "(",
            let (destination, end) = linkDestination(from: close + 2)
        else { return nil }
        let text = InlineParser.tokens(String(chars[(i + 1)..<close]), allowsLinks: false)
        guard SafeURL.isAllowedLink(destination) else { return (end, text) }
        return (end, [.open(.link(href: destination))] + text + [.close(.link(href: destination))])
    }

    /// Parses `destination "title")` from `start` (just after the `(`): the destination with
    /// escapes and entities decoded — what the browser would see — and the position after `)`.
    private func linkDestination(from start: Int) -> (String, Int)? {
        var j = start
        skipSpace(&j)
        var destination = ""
        if j < chars.count, chars[j] == "<" {
            j += 1
            while j < chars.count, chars[j] != ">" {
                guard chars[j] != "\n", chars[j] != "<" else { return nil }
                decodeOne(at: &j, into: &destination)
            }
            guard j < chars.count else { return nil }
            j += 1
        } else {
            var depth = 0
            while j < chars.count, !chars[j].isWhitespace {
                if chars[j] == "(" {
                    depth += 1
                    guard depth <= 32 else { return nil }
                } else if chars[j] == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                decodeOne(at: &j, into: &destination)
            }
            guard depth == 0 else { return nil }
        }
        let afterDestination = j
        skipSpace(&j)
        if j > afterDestination, j < chars.count, let closer = Self.titleCloser(chars[j]) {
            j += 1
            while j < chars.count, chars[j] != closer {
                if closer == ")", chars[j] == "(" { return nil }
                j += chars[j] == "\\" ? 2 : 1
            }
            guard j < chars.count else { return nil }
            j += 1
            skipSpace(&j)
        }
        guard j < chars.count, chars[j] == ")" else { return nil }
        return (destination, j + 1)
    }

    private static func titleCloser(_ opener: Character) -> Character? {
        switch opener {
        case "\"": "\""
        case "'": "'"
        case "(": ")"
        default: nil
        }
    }

    /// Spaces and tabs, and at most one line break.
    private func skipSpace(_ j: inout Int) {
        var sawLineBreak = false
        while j < chars.count {
            if chars[j] == " " || chars[j] == "\t" {
                j += 1
            } else if chars[j] == "\n", !sawLineBreak {
                sawLineBreak = true
                j += 1
            } else {
                break
            }
        }
    }

    /// Appends the character at `j` to `text`, decoding a backslash escape or an entity.
    private func decodeOne(at j: inout Int, into text: inout String) {
        if chars[j] == "\\", j + 1 < chars.count, chars[j + 1].isASCIIPunctuation {
            text.append(chars[j + 1])
            j += 2
        } else if chars[j] == "&", let (end, decoded) = entity(at: j) {
            text += decoded
            j = end
        } else {
            text.append(chars[j])
            j += 1
        }
    }

    /// `<https://…>`: only http(s), and only what `SafeURL` allows; anything else is text.
    private func angleAutolink(at i: Int) -> (end: Int, url: String)? {
        var j = i + 1
        while j < chars.count, chars[j] != ">" {
            guard !chars[j].isWhitespace, chars[j] != "<" else { return nil }
            j += 1
        }
        guard j < chars.count else { return nil }
        let url = String(chars[(i + 1)..<j])
        guard url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://"),
            SafeURL.isAllowedLink(url)
        else { return nil }
        return (j + 1, url)
    }

    /// The end of a bare `http://` or `https://` URL starting at `i`, after GFM's rules: not
    /// right after an ASCII letter or digit, trailing punctuation and unbalanced `)` left out.
    /// It also ends at the first non-ASCII character: Thai is written without spaces, so in
    /// "ดูที่ https://www.moph.go.thได้ทุกวัน" the Thai text must not become part of the link.
    /// (A Thai-script address can still be linked as `<https://…>` or `[text](https://…)`.)
    private func bareURLEnd(at i: Int) -> Int? {
        if i > 0, chars[i - 1].isASCII, chars[i - 1].isLetter || chars[i - 1].isNumber { return nil }
        let scheme: Int
        if hasPrefix("https://", at: i) {
            scheme = 8
        } else if hasPrefix("http://", at: i) {
            scheme = 7
        } else {
            return nil
        }
        var end = i + scheme
        var opening = 0
        var closing = 0
        while end < chars.count, let value = chars[end].asciiValue, value > 0x20, value < 0x7F,
            !"<>\"`".contains(chars[end])
        {
            if value == UInt8(ascii: "(") { opening += 1 }
            if value == UInt8(ascii: ")") { closing += 1 }
            end += 1
        }
        while end > i + scheme {
            let last = chars[end - 1]
            if "?!.,:;*_~'".contains(last) {
                end -= 1
            } else if last == ")", closing > opening {
                closing -= 1
                end -= 1
            } else {
                break
            }
        }
        return end > i + scheme ? end : nil
    }

    private func hasPrefix(_ prefix: String, at i: Int) -> Bool {
        var j = i
        for expected in prefix {
            guard j < chars.count, chars[j].lowercased() == String(expected) else { return false }
            j += 1
        }
        return true
    }

    // MARK: Entities

    /// `&name;`, `&#123;` or `&#x1F;` at `i`: the position after it and the text it stands for.
    /// Unknown names are not entities (the `&` is text). Code points that are invalid or have
    /// no place in text (NUL, surrogates, controls other than tab and line feed) become U+FFFD.
    private func entity(at i: Int) -> (end: Int, text: String)? {
        var j = i + 1
        guard j < chars.count else { return nil }
        if chars[j] == "#" {
            j += 1
            let isHex = j < chars.count && (chars[j] == "x" || chars[j] == "X")
            if isHex { j += 1 }
            let start = j
            while j < chars.count, j - start < (isHex ? 6 : 7), chars[j].isASCII,
                isHex ? chars[j].isHexDigit : chars[j].isNumber
            {
                j += 1
            }
            guard j > start, j < chars.count, chars[j] == ";",
                let value = UInt32(String(chars[start..<j]), radix: isHex ? 16 : 10)
            else { return nil }
            let replacement: Unicode.Scalar = "\u{FFFD}"
            let scalar =
                Unicode.Scalar(value).flatMap { scalar -> Unicode.Scalar? in
                    switch scalar.value {
                    case 0x09, 0x0A: scalar
                    case 0x00...0x1F, 0x7F...0x9F: nil
                    default: scalar
                    }
                } ?? replacement
            return (j + 1, String(Character(scalar)))
        }
        let start = j
        while j < chars.count, j - start < 32, chars[j].isASCII, chars[j].isLetter || chars[j].isNumber { j += 1 }
        guard j > start, j < chars.count, chars[j] == ";", let text = namedEntities[String(chars[start..<j])] else { return nil }
        return (j + 1, text)
    }

    /// The named references that turn up in text pasted from Word and web pages. The full
    /// HTML list has over 2,000 names; any other one stays as typed.
    private let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "nbsp": "\u{A0}", "shy": "\u{AD}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
        "ZeroWidthSpace": "\u{200B}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
        "copy": "©", "reg": "®", "trade": "™", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷",
        "para": "¶", "sect": "§", "middot": "·", "bull": "•", "hellip": "…", "ndash": "–", "mdash": "—",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»"
    ]
}

extension Character {
    /// !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ — what a backslash can escape.
    fileprivate var isASCIIPunctuation: Bool {
        isASCII && (isPunctuation || isSymbol)
    }

    /// CommonMark's Unicode punctuation for flanking rules: general categories P and S.
    fileprivate var isMarkdownPunctuation: Bool {
        isPunctuation || isSymbol
    }
}
