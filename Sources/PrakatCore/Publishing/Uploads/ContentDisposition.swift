/// `Content-Disposition` header values that carry a Thai file name to every browser.
///
/// RFC 6266: `filename*` (RFC 5987, UTF-8 percent-encoded) is what current browsers use;
/// the plain `filename` is an ASCII fallback for the rest. Neither can break out of the
/// header: CR, LF and quotes never reach it unescaped.
public enum ContentDisposition {
    /// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>`: download.
    public static func attachment(fileName: String) -> String {
        value("attachment", fileName)
    }

    /// The same with `inline`: show in the browser (PDF and images).
    public static func inline(fileName: String) -> String {
        value("inline", fileName)
    }

    private static func value(_ type: String, _ fileName: String) -> String {
        "\(type); filename=\"\(asciiFallback(fileName))\"; filename*=UTF-8''\(percentEncoded(fileName))"
    }

    /// Printable ASCII kept; any other character (a whole Thai cluster counts as one), `"` and
    /// `\` become `_`, a run of them a single `_`, so "รายงาน ไตรมาส ๒.pdf" is "_ _ _.pdf" and
    /// the extension survives for the browser to pick an application by.
    static func asciiFallback(_ fileName: String) -> String {
        var result = ""
        for character in fileName {
            let printable = character.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
            if printable, character != "\"", character != "\\" {
                result.append(character)
            } else if result.last != "_" {
                result.append("_")
            }
        }
        return result.isEmpty ? "_" : result
    }

    /// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~".
    private static let attrChars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)

    static func percentEncoded(_ fileName: String) -> String {
        var result = ""
        for byte in fileName.utf8 {
            if attrChars.contains(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += byte < 0x10 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return result
    }
}
