/// The single-byte Thai encodings older Thai software writes: TIS-620, and Windows code page 874
/// (TIS-620 plus a few punctuation marks in 0x80–0x9F). Spreadsheets saved as "CSV" and ZIP
/// entry names from Thai Windows arrive in them.
public enum ThaiCodePage: Sendable {
    /// Strictly TIS-620 (with Windows' no-break space at 0xA0): what the CSV import accepts.
    case tis620
    /// Code page 874: TIS-620 and the euro sign, ellipsis, quotes, bullet and dashes.
    case windows874

    /// The character `byte` stands for, or nil where the code page assigns none
    /// (0xDB–0xDE, 0xFC–0xFF, and 0x80–0x9F outside Windows' additions).
    public func scalar(_ byte: UInt8) -> Unicode.Scalar? {
        switch byte {
        case 0x00...0x7F, 0xA0:
            return Unicode.Scalar(byte)
        case 0xA1...0xDA, 0xDF...0xFB:
            // The Thai block in TIS-620 order: U+0E01–U+0E5B is the byte plus 0x0D60.
            return Unicode.Scalar(UInt32(byte) + 0x0D60)
        case 0x80...0x9F:
            guard self == .windows874 else { return nil }
            return Self.windowsPunctuation[byte]
        default:
            return nil
        }
    }

    /// The text, or nil when any byte is unassigned (then it was not this encoding).
    public func decode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String? {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            guard let scalar = scalar(byte) else { return nil }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// The text with U+FFFD for unassigned bytes: for names that are shown, never refused.
    public func decodeReplacingUnassigned<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(scalar(byte) ?? "\u{FFFD}") }
        return String(scalars)
    }

    private static let windowsPunctuation: [UInt8: Unicode.Scalar] = [
        0x80: "\u{20AC}",  // €
        0x85: "\u{2026}",  // …
        0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}",
        0x95: "\u{2022}",  // •
        0x96: "\u{2013}", 0x97: "\u{2014}"
    ]
}
