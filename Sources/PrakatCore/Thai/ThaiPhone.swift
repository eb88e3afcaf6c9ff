import Foundation

/// A Thai telephone number as people write it on forms: `038 285 511`, `0-3828-5511`,
/// `081-234-5678`, `+66 81 234 5678`, a four-digit hotline (`1669`), each optionally followed by an
/// internal extension (`ต่อ 1234`, `ext. 1234`).
public enum ThaiPhone {
    public static let maxLength = 40

    /// The number tidied (spaces collapsed) when valid, else nil.
    public static func validated(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, text.count <= maxLength else { return nil }
        var number = Substring(text)
        for marker in ["ต่อ", "ext.", "ext", "x"] {
            if let range = text.range(of: marker, options: .caseInsensitive) {
                let extensionDigits = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard (1...6).contains(extensionDigits.count), extensionDigits.unicodeScalars.allSatisfy(isDigit) else { return nil }
                number = text[..<range.lowerBound]
                break
            }
        }
        let scalars = number.unicodeScalars
        guard scalars.allSatisfy({ isDigit($0) || $0 == " " || $0 == "-" || $0 == "+" }) else { return nil }
        // A plus sign only as the country code's, at the start.
        let plusCount = scalars.filter { $0 == "+" }.count
        var digits = String(String.UnicodeScalarView(scalars.filter(isDigit)))
        if plusCount > 0 {
            guard plusCount == 1, number.trimmingCharacters(in: .whitespaces).hasPrefix("+66"), digits.hasPrefix("66") else { return nil }
            digits = "0" + digits.dropFirst(2)
        }
        guard isThaiNumber(digits) else { return nil }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func isThaiNumber(_ digits: String) -> Bool {
        let d = Array(digits.utf8)
        if d.count == 4 { return d[0] == UInt8(ascii: "1") }
        guard d.first == UInt8(ascii: "0"), d.count >= 2 else { return false }
        switch d.count {
        // Landlines: 02 (Bangkok) and 03–07 area codes.
        case 9: return (UInt8(ascii: "2")...UInt8(ascii: "7")).contains(d[1])
        // Mobiles: 06, 08, 09.
        case 10: return [UInt8(ascii: "6"), UInt8(ascii: "8"), UInt8(ascii: "9")].contains(d[1])
        default: return false
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
