import Foundation

@testable import PrakatCore

/// Reads rendered Markdown the way a browser's tokenizer would and lists everything that is
/// not one of the tags Markdown may produce. Works on Unicode scalars, like the browser.
enum HTMLAllowList {
    static let tags: Set<String> = [
        "p", "br", "h2", "h3", "h4", "strong", "em", "code", "pre", "ul", "ol", "li",
        "blockquote", "hr", "a", "table", "thead", "tbody", "tr", "th", "td"
    ]
    static let voidTags: Set<String> = ["br", "hr"]
    static let attributes: [String: Set<String>] = ["a": ["href", "rel"], "ol": ["start"]]

    /// The text of every tag, `<` to `>`.
    static func tags(in html: String) -> [String] {
        var found: [String] = []
        var current: String.UnicodeScalarView?
        for scalar in html.unicodeScalars {
            if scalar == "<" { current = .init() }
            current?.append(scalar)
            if scalar == ">", let tag = current {
                found.append(String(tag))
                current = nil
            }
        }
        return found
    }

    /// Empty when every `<` starts an allowed, well-nested tag with allowed attributes, every
    /// `>` ends one, every `&` starts one of the five escapes, and every href is a safe link.
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        var open: [String] = []
        let scalars = Array(html.unicodeScalars)
        var i = 0
        while i < scalars.count {
            switch scalars[i] {
            case "<":
                guard let end = scalars[i...].firstIndex(of: ">") else {
                    problems.append("unterminated <")
                    return problems
                }
                let tag = String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
                problems += check(tag: tag, open: &open)
                i = end + 1
            case ">":
                problems.append("stray > at \(i)")
                i += 1
            case "&":
                let rest = String(String.UnicodeScalarView(scalars[i..<min(i + 6, scalars.count)]))
                if !["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(where: rest.hasPrefix) {
                    problems.append("bare & at \(i)")
                }
                i += 1
            default:
                i += 1
            }
        }
        if !open.isEmpty { problems.append("unclosed \(open)") }
        return problems
    }

    private static func check(tag: String, open: inout [String]) -> [String] {
        if tag.hasPrefix("/") {
            let name = String(tag.dropFirst())
            guard tags.contains(name) else { return ["closing tag not allowed: <\(tag)>"] }
            guard open.last == name else { return ["</\(name)> closes \(open.last ?? "nothing")"] }
            open.removeLast()
            return []
        }
        var rest = Substring(tag)
        let name = String(rest.prefix { $0.isLetter || $0.isNumber })
        rest = rest.dropFirst(name.count)
        guard tags.contains(name) else { return ["tag not allowed: <\(tag)>"] }
        var problems: [String] = []
        // Attributes are exactly ` name="value"` with no quote or angle bracket inside the value.
        while !rest.isEmpty {
            guard rest.first == " " else { return problems + ["malformed tag <\(tag)>"] }
            rest = rest.dropFirst()
            let attribute = String(rest.prefix { $0 != "=" })
            rest = rest.dropFirst(attribute.count)
            guard rest.hasPrefix("=\"") else { return problems + ["malformed attribute in <\(tag)>"] }
            rest = rest.dropFirst(2)
            let value = String(rest.prefix { $0 != "\"" })
            rest = rest.dropFirst(value.count)
            guard rest.hasPrefix("\"") else { return problems + ["unterminated attribute in <\(tag)>"] }
            rest = rest.dropFirst()
            guard attributes[name]?.contains(attribute) == true else {
                problems.append("attribute not allowed: \(attribute) on <\(name)>")
                continue
            }
            if value.unicodeScalars.contains(where: { $0 == "<" || $0 == ">" || $0 == "'" }) {
                problems.append("unescaped character in \(attribute)=\"\(value)\"")
            }
            switch attribute {
            case "href":
                let url = unescape(value)
                if !SafeURL.isAllowedLink(url) || url.lowercased().contains("javascript:") {
                    problems.append("unsafe href \(url)")
                }
            case "rel":
                if value != "noopener" && value != "noopener noreferrer" { problems.append("rel=\(value)") }
            case "start":
                if Int(value) == nil { problems.append("start=\(value)") }
            default:
                break
            }
        }
        if name == "a", !tag.contains(" href=\"") || !tag.contains(" rel=\"noopener") {
            problems.append("link without href or rel: <\(tag)>")
        }
        if !voidTags.contains(name) { open.append(name) }
        return problems
    }

    static func unescape(_ value: String) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
