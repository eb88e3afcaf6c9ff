import Foundation

/// The colour an agency picks for its site: header bar, buttons and links, all with white text on it.
///
/// Agencies choose their colour from the logo, and a pale yellow or light green makes the white
/// text on it unreadable for people with low vision. Government sites are held to WCAG 2.x AA, so
/// the colour is measured when it is saved rather than trusted (WCAG 2.x §1.4.3, contrast minimum).
public struct ThemeColour: Sendable, Hashable {
    public let red: UInt8
    public let green: UInt8
    public let blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let white = ThemeColour(red: 255, green: 255, blue: 255)
    public static let black = ThemeColour(red: 0, green: 0, blue: 0)

    /// WCAG AA for normal-size text: at least 4.5:1.
    public static let minimumContrast = 4.5

    /// Parses `#RGB` or `#RRGGBB`, hex digits in either case, surrounding white space ignored.
    ///
    /// Nothing else is a colour here: no names ("red"), no `rgb()`, no missing `#`, no alpha.
    /// Only ASCII hex digits count, so Thai or full-width digits typed by accident are refused.
    public init?(hex text: String) {
        let digits = Array(Self.trimmed(text).utf8)
        guard digits.first == UInt8(ascii: "#") else { return nil }
        let values = digits.dropFirst().map(Self.hexValue)
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        let nibbles = values.compactMap { $0 }
        switch nibbles.count {
        case 3:
            // #abc is #aabbcc: each digit doubled, so 0xa becomes 0xaa (= 0xa * 17).
            self.init(red: nibbles[0] * 17, green: nibbles[1] * 17, blue: nibbles[2] * 17)
        case 6:
            self.init(red: nibbles[0] << 4 | nibbles[1], green: nibbles[2] << 4 | nibbles[3], blue: nibbles[4] << 4 | nibbles[5])
        default:
            return nil
        }
    }

    /// `#rrggbb`, lower case: the one form stored and written into the style sheet.
    public var hex: String {
        "#" + [red, green, blue].map { byte in String(Self.hexDigits[Int(byte >> 4)]) + String(Self.hexDigits[Int(byte & 0x0F)]) }.joined()
    }

    /// WCAG 2.x relative luminance, 0 for black to 1 for white.
    ///
    /// WCAG 2.x prints the sRGB threshold as 0.03928 where the sRGB standard has 0.04045; no
    /// 8-bit value lies between the two (10/255 ≈ 0.0392, 11/255 ≈ 0.0431), so both give the same result.
    public var relativeLuminance: Double {
        0.2126 * Self.linear(red) + 0.7152 * Self.linear(green) + 0.0722 * Self.linear(blue)
    }

    /// WCAG contrast ratio with `other`, from 1 (same luminance) to 21 (black on white); symmetric.
    public func contrastRatio(with other: ThemeColour) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    public var contrastWithWhite: Double { contrastRatio(with: .white) }
    public var contrastWithBlack: Double { contrastRatio(with: .black) }

    /// True when white normal-size text on this colour meets WCAG AA (4.5:1, not rounded).
    public var reachesAAWithWhiteText: Bool { contrastWithWhite >= Self.minimumContrast }

    /// The text colour that reads better on this colour; white when the two are equal.
    public var betterTextColour: TextColour {
        contrastWithWhite >= contrastWithBlack ? .white : .black
    }

    /// Checks a colour typed into the agency settings, for the white text the site puts on it.
    ///
    /// Returns the colour as `#rrggbb` (lower case) to store, or why it cannot be used.
    public static func validate(_ text: String) -> Result<String, ThemeColourRejection> {
        if Self.trimmed(text).isEmpty { return .failure(.empty) }
        guard let colour = ThemeColour(hex: text) else { return .failure(.notAColour) }
        guard colour.reachesAAWithWhiteText else { return .failure(.lowContrast(ratio: colour.contrastWithWhite)) }
        return .success(colour.hex)
    }

    // MARK: Helpers

    /// `text` without the white space around it: Unicode white space (the same on every platform,
    /// unlike Foundation's character sets), and the zero-width space and byte order mark that come
    /// along when a colour is copied from a document.
    private static func trimmed(_ text: String) -> Substring {
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace || scalar == "\u{200B}" || scalar == "\u{FEFF}" }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else { return "" }
        return Substring(scalars[first...last])
    }

    private static let hexDigits = Array("0123456789abcdef")

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// One sRGB channel made linear (the sRGB transfer function undone).
    private static func linear(_ channel: UInt8) -> Double {
        let c = Double(channel) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
}

/// White or black text, whichever the theme colour calls for.
public enum TextColour: String, Sendable, CaseIterable {
    case white, black

    public var colour: ThemeColour { self == .white ? .white : .black }
}

/// Why a theme colour was not saved, with a sentence that names the field and says what to do.
public enum ThemeColourRejection: Error, Sendable, Equatable {
    /// Nothing was typed.
    case empty
    /// Not `#RGB` or `#RRGGBB`.
    case notAColour
    /// White text on it stays below 4.5:1 (the measured ratio).
    case lowContrast(ratio: Double)

    public var thaiMessage: String {
        switch self {
        case .empty:
            "กรุณาระบุสีประจำหน่วยงานเป็นรหัสสี เช่น #1f4e79"
        case .notAColour:
            "สีประจำหน่วยงานไม่ถูกต้อง กรุณาระบุเป็นรหัสสีแบบ #RRGGBB หรือ #RGB (เช่น #1f4e79)"
        case let .lowContrast(ratio):
            "สีประจำหน่วยงานทำให้ตัวอักษรสีขาวอ่านยาก (คอนทราสต์ \(Self.ratioText(ratio)):1 ต่ำกว่า 4.5:1 ตามมาตรฐาน WCAG AA) กรุณาเลือกสีที่เข้มกว่านี้"
        }
    }

    /// The ratio with one decimal ("2.1"), or two when one would round up to the 4.5 it failed ("4.48"),
    /// so the message never reads "4.5:1 ต่ำกว่า 4.5:1".
    static func ratioText(_ ratio: Double) -> String {
        // Real colours give 1 to 21; anything else (the case is public) must still not trap in Int(_:).
        guard ratio.isFinite, ratio >= 0 else { return "0.0" }
        guard ratio < 1000 else { return "1000.0" }
        let tenths = Int((ratio * 10).rounded())
        if ratio < ThemeColour.minimumContrast, Double(tenths) / 10 >= ThemeColour.minimumContrast {
            let hundredths = Int((ratio * 100).rounded(.down))
            return "\(hundredths / 100)." + String(String(hundredths % 100 + 100).dropFirst())
        }
        return "\(tenths / 10).\(tenths % 10)"
    }
}
