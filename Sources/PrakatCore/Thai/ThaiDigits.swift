/// Conversion between Arabic digits (0–9) and Thai digits (๐–๙).
///
/// Printed official documents use Thai digits while screens and the JSON API use Arabic ones,
/// so every value is stored with Arabic digits and converted only at the edges.
/// Only the ten digits are mapped; every other character (including `,` and `.`) is untouched.
public enum ThaiDigits {
    /// Unicode distance between '0' (U+0030) and '๐' (U+0E50); both blocks are contiguous.
    private static let offset: UInt32 = 0x0E50 - 0x0030

    /// Replaces every Arabic digit with the Thai digit of the same value.
    public static func toThai(_ s: String) -> String {
        map(s) { (0x30...0x39).contains($0) ? $0 + offset : nil }
    }

    /// Replaces every Thai digit with the Arabic digit of the same value.
    public static func toArabic(_ s: String) -> String {
        map(s) { (0x0E50...0x0E59).contains($0) ? $0 - offset : nil }
    }

    /// Rebuilds `s` scalar by scalar; `transform` returns the replacement value or nil to keep it.
    private static func map(_ s: String, _ transform: (UInt32) -> UInt32?) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if let value = transform(scalar.value), let replacement = Unicode.Scalar(value) {
                scalars.append(replacement)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

/// Which digits to print numbers with.
///
/// A setting rather than a hard-coded choice: official print-outs use `.thai`,
/// while on-screen display may use either (see the product conventions).
public enum ThaiDigitStyle: String, Sendable, Hashable, Codable, CaseIterable {
    /// ๐ ๑ ๒ ๓ ๔ ๕ ๖ ๗ ๘ ๙
    case thai
    /// 0 1 2 3 4 5 6 7 8 9
    case arabic

    /// Renders `s` (written with Arabic digits) in this style.
    public func apply(_ s: String) -> String {
        switch self {
        case .thai: ThaiDigits.toThai(s)
        case .arabic: s
        }
    }
}
