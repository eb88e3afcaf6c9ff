/// Reading `Accept-Encoding` (RFC 9110 §12.5.3): does the client take a gzip body?
public enum AcceptEncoding {
    /// True when `gzip` (or `x-gzip`, or `*` without an explicit `gzip`) is listed with a weight
    /// above zero. Anything unreadable counts as not accepted: the plain body is always safe.
    public static func allowsGzip(_ values: [String]) -> Bool {
        var gzip: Double?
        var any: Double?
        for value in values {
            for entry in value.split(separator: ",") {
                let parts = entry.split(separator: ";")
                guard let first = parts.first else { continue }
                let name = first.trimmedOfSpaces().lowercased()
                var weight = 1.0
                for parameter in parts.dropFirst() {
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2, pair[0].trimmedOfSpaces().lowercased() == "q" else { continue }
                    guard let parsed = Double(pair[1].trimmedOfSpaces()), parsed.isFinite, parsed >= 0, parsed <= 1 else {
                        weight = 0
                        continue
                    }
                    weight = parsed
                }
                switch name {
                case "gzip", "x-gzip": gzip = max(gzip ?? 0, weight)
                case "*": any = max(any ?? 0, weight)
                default: break
                }
            }
        }
        if let gzip { return gzip > 0 }
        return (any ?? 0) > 0
    }
}

extension Substring {
    fileprivate func trimmedOfSpaces() -> String {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
