import Foundation

/// Turning the name a browser sent into one that is safe to store, show and offer for download.
public enum FileName {
    /// The sanitised name, or nil if nothing usable remains.
    ///
    /// Keeps Thai and every other script; removes what could mislead or break: folder parts
    /// (`/` and `\`, so `../../etc/passwd.pdf` is `passwd.pdf`), control characters, invisible
    /// direction overrides (which make `exe.pdf` display as `fdp.exe`), zero-width spaces, and
    /// the characters Windows forbids in names, since clerks download these files on Windows.
    /// Runs of white space become one space; leading dots (hidden files) and trailing dots and
    /// spaces (dropped by Windows) go. Long names are cut to `maxGraphemes` user-perceived
    /// characters, extension kept, never inside a Thai cluster (a consonant with its vowel and
    /// tone marks is one `Character`).
    public static func sanitise(_ raw: String, maxGraphemes: Int = 150) -> String? {
        guard maxGraphemes > 0 else { return nil }
        let normalised = raw.precomposedStringWithCanonicalMapping
        // Only the last path component: browsers on old Windows send the full path.
        let lastComponent = normalised.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.last.map(String.init) ?? ""

        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in lastComponent.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if isRemoved(scalar) { continue }
            if pendingSpace, !scalars.isEmpty { scalars.append(" ") }
            pendingSpace = false
            scalars.append(scalar)
        }
        var name = String(scalars)
        name = String(name.drop { $0 == "." || $0 == " " })
        name = trimTrailingDotsAndSpaces(name)

        var (stem, ext) = split(name)
        stem = trimTrailingDotsAndSpaces(stem)
        guard !stem.isEmpty else { return nil }
        if reservedOnWindows.contains(stem.uppercased()) { stem = "_" + stem }

        let extLength = ext.map { $0.count + 1 } ?? 0
        if stem.count + extLength > maxGraphemes {
            // A silly small limit still keeps one character of the stem, so the extension survives.
            stem = trimTrailingDotsAndSpaces(String(stem.prefix(max(1, maxGraphemes - extLength))))
            if stem.isEmpty { return nil }
        }
        return ext.map { "\(stem).\($0)" } ?? stem
    }

    /// The extension, lowercase and without the dot, or nil when the name has none.
    public static func fileExtension(of name: String) -> String? {
        split(name).ext?.lowercased()
    }

    /// Longest tail treated as an extension; a longer one is part of the name, so that
    /// truncation never has to drop a real extension to make room for a fake one.
    static let maxExtensionLength = 16

    /// Splits at the last dot: ("report.pdf", "exe") for "report.pdf.exe".
    static func split(_ name: String) -> (stem: String, ext: String?) {
        guard let dot = name.lastIndex(of: ".") else { return (name, nil) }
        let stem = String(name[..<dot])
        let ext = String(name[name.index(after: dot)...])
        guard !stem.isEmpty, !ext.isEmpty, ext.count <= maxExtensionLength, !ext.contains(" ") else { return (name, nil) }
        return (stem, ext)
    }

    private static func trimTrailingDotsAndSpaces(_ s: String) -> String {
        var s = s
        while let last = s.last, last == "." || last == " " { s.removeLast() }
        return s
    }

    /// Device names Windows will not open as files, whatever the extension.
    private static let reservedOnWindows = Set(["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] })

    /// Characters dropped from names (white space is handled before this).
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        isControlOrOverride(scalar) || isInvisible(scalar) || forbiddenOnWindows.contains(scalar)
    }

    /// Control characters (NUL included) and direction overrides: never part of a real name,
    /// and an override makes `photo\u{202E}gpj.exe` display as `photoexe.jpg`.
    static func isControlOrOverride(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true  // embeddings, overrides and isolates
        default: false
        }
    }

    /// Invisible marks: harmless, but a stored name should look like what it is.
    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x061C: true  // LRM, RLM, ALM
        case 0x200B, 0xFEFF: true  // zero-width space (Thai word processors insert it) and BOM
        case 0xFFF9...0xFFFB: true  // interlinear annotation controls
        default: false
        }
    }

    private static let forbiddenOnWindows = Set("<>:\"|?*".unicodeScalars)
}
