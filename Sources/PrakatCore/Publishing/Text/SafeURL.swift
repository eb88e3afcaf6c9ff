/// Which link targets user-written content may point to.
///
/// An allow-list, not a block-list of bad schemes: browsers forgive a great deal
/// (`JaVaScRiPt:`, `java\tscript:`, leading spaces, `\` read as `/`), so instead of guessing
/// every spelling of a dangerous URL, only two plain shapes are accepted.
public enum SafeURL {
    /// True for
    /// - an absolute `http` or `https` URL with a host (`https://www.moph.go.th/news?id=1`), and
    /// - a site-relative path starting with a single `/` (`/news/123`).
    ///
    /// Rejected, among others: every other scheme (`javascript:`, `data:`, `vbscript:`, `mailto:`),
    /// scheme-relative `//host`, relative paths and fragments, user info (`https://gov.go.th@evil.example`
    /// shows a trusted name but goes elsewhere), any whitespace or control or invisible formatting
    /// character anywhere (`java\tscript:`, bidi overrides), backslashes (`/\evil.example` is
    /// `//evil.example` to a browser), and `" < > \``. Entity- or percent-encoded schemes
    /// (`&#106;avascript:`, `%6Aavascript:`) do not start with `http` or `/`, so they fail too.
    /// Nothing is decoded or trimmed here: the string is judged exactly as it will be written.
    public static func isAllowedLink(_ s: String) -> Bool {
        guard !s.isEmpty, s.unicodeScalars.allSatisfy(isPermitted) else { return false }
        if s.hasPrefix("/") { return !s.hasPrefix("//") }
        guard let separator = s.range(of: "://") else { return false }
        let scheme = s[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return false }
        let rest = s[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return isValidAuthority(authority)
    }

    private static let forbidden: Set<Unicode.Scalar> = ["\\", "\"", "<", ">", "`"]

    private static func isPermitted(_ scalar: Unicode.Scalar) -> Bool {
        if forbidden.contains(scalar) || scalar.properties.isWhitespace { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator,
            .surrogate, .privateUse, .unassigned:
            return false
        default:
            return true
        }
    }

    /// `host` or `host:port`, where host is a domain name (IDN letters allowed, as in `.ไทย`)
    /// or a bracketed IPv6 literal. No user info.
    private static func isValidAuthority(_ authority: Substring) -> Bool {
        guard !authority.isEmpty, !authority.contains("@") else { return false }
        let host: Substring
        let port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return false }
            let literal = authority[authority.index(after: authority.startIndex)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if after.isEmpty {
                port = nil
            } else {
                guard after.hasPrefix(":") else { return false }
                port = after.dropFirst()
            }
        } else {
            let parts = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = parts[0]
            port = parts.count == 2 ? parts[1] : nil
            guard isValidDomain(host) else { return false }
        }
        guard !host.isEmpty else { return false }
        if let port {
            guard (1...5).contains(port.count), port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        return true
    }

    private static func isValidDomain(_ host: Substring) -> Bool {
        // One trailing dot is the fully qualified form of the same name.
        let name = host.hasSuffix(".") ? host.dropLast() : host
        guard !name.isEmpty else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        }
    }
}
