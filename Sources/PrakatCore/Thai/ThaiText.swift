import Foundation

/// Measuring Thai text the way a reader sees it.
public enum ThaiText {
    /// Number of user-perceived characters (extended grapheme clusters) after NFC normalisation.
    ///
    /// Not `utf8.count` or `unicodeScalars.count`: Thai writes vowels above and below the
    /// consonant and stacks tone marks on top, all in the consonant's cell, so "ที่" is 3 scalars
    /// but 1 character here. SARA AM (ำ) is a Unicode *SpacingMark* and also joins the preceding
    /// consonant ("น้ำ" = น + ้ + ำ is 1, "สำนักงาน" is 6). Leading vowels (เ แ โ ใ ไ), SARA A (ะ)
    /// and SARA AA (า) are letters of their own: "เก้า" is 3, "ประกาศ" is 6.
    /// NFC first, so text pasted in decomposed form (Latin e + ◌́) measures like its composed twin.
    public static func graphemeLength(_ s: String) -> Int {
        s.precomposedStringWithCanonicalMapping.count
    }

    /// Number of lines: 0 for "", otherwise line breaks + 1. A line break is any newline
    /// character (LF, CR, CRLF as one, NEL, LS, PS, VT, FF), as browsers may submit any of them.
    public static func lineCount(_ s: String) -> Int {
        s.isEmpty ? 0 : s.count(where: \.isNewline) + 1
    }
}

/// A broken rule of `TitleRule`.
public enum TitleViolation: Sendable, Hashable, Error {
    /// Blank once surrounding spaces, line breaks and zero-width spaces are removed.
    case empty
    /// `count` grapheme clusters, more than `max`.
    case tooLong(count: Int, max: Int)
    /// `count` lines, more than `max` (= `maxLineBreaks` + 1).
    case tooManyLines(count: Int, max: Int)

    /// A message for the form, in Thai.
    public var message: String {
        switch self {
        case .empty: "กรุณากรอกหัวข้อ"
        case let .tooLong(count, max): "หัวข้อยาว \(count) ตัวอักษร เกินกำหนด \(max) ตัวอักษร"
        case let .tooManyLines(count, max): "หัวข้อมี \(count) บรรทัด เกินกำหนด \(max) บรรทัด"
        }
    }
}

/// The publication request's title must fit two printed lines of the A4 form. A printed
/// width cannot be known without the font, so the proxy is a grapheme-cluster limit plus a
/// limit on explicit line breaks; both are configurable.
public struct TitleRule: Sendable, Hashable, Codable {
    public var maxGraphemes: Int
    public var maxLineBreaks: Int

    public init(maxGraphemes: Int = 160, maxLineBreaks: Int = 1) {
        self.maxGraphemes = maxGraphemes
        self.maxLineBreaks = maxLineBreaks
    }

    /// Spaces, line breaks, and the invisible zero-width space / BOM that text pasted from
    /// Thai word processors often carries.
    private static let blank = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{200B}\u{FEFF}"))

    /// Every rule `title` breaks, empty when it is acceptable. Leading and trailing spaces
    /// and line breaks are ignored, since they are trimmed before saving.
    public func violations(_ title: String) -> [TitleViolation] {
        let trimmed = title.trimmingCharacters(in: Self.blank)
        if trimmed.isEmpty { return [.empty] }
        var found: [TitleViolation] = []
        let length = ThaiText.graphemeLength(trimmed)
        if length > maxGraphemes { found.append(.tooLong(count: length, max: maxGraphemes)) }
        let lines = ThaiText.lineCount(trimmed)
        if lines > maxLineBreaks + 1 { found.append(.tooManyLines(count: lines, max: maxLineBreaks + 1)) }
        return found
    }
}
