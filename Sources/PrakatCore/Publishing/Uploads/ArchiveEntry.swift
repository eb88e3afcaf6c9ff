import Foundation

/// One entry of a ZIP or RAR listing, as declared by the archive (nothing is unpacked).
struct ArchiveEntry: Sendable {
    /// The names an unpacker may use: the main one first, then any alternative it stores
    /// (ZIP's Unicode path field, RAR 4's Unicode name). Rules apply to every one, since
    /// which one an unpacker honours differs between programs.
    var names: [String]
    var isDirectory = false
    var isEncrypted = false
    /// A symbolic or hard link: unpacking it can make a later entry write outside the folder.
    var isLink = false
    var uncompressedSize = 0
    /// Set when the entry's content is stored uncompressed and begins with a program.
    var storedExecutable = false

    var displayName: String { names.last ?? "" }
}

/// The checks every archive gets, whatever its format (PRODUCT: "archives are not trusted").
/// We never unpack; these rules protect the clerk or citizen who will.
enum ArchiveRules {
    /// Programs and scripts by extension (case-insensitive). Windows runs these on a double
    /// click, so they are refused inside archives even though we cannot see their content.
    static let executableExtensions: Set<String> = [
        "exe", "dll", "com", "bat", "cmd", "scr", "pif", "cpl", "msi", "msp", "mst", "msc",
        "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "wsc", "hta", "sct",
        "jar", "apk", "dex", "lnk", "url", "scf", "inf", "reg", "gadget", "application",
        "appx", "appxbundle", "msix", "msixbundle", "sh", "bash", "zsh", "csh", "ksh",
        "command", "app", "pkg", "dmg", "deb", "rpm", "run", "elf", "so", "dylib"
    ]

    /// Office documents that carry macros, refused when the policy refuses macros.
    static let macroExtensions: Set<String> = [
        "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam"
    ]

    /// Archives and disk images: their content would go unchecked.
    static let archiveExtensions: Set<String> = [
        "zip", "zipx", "rar", "7z", "gz", "tgz", "tar", "bz2", "tbz", "tbz2", "xz", "txz",
        "lz", "lzma", "zst", "z", "cab", "iso", "img", "vhd", "vhdx", "wim", "arj", "lzh", "lha", "ace"
    ]

    struct Options {
        /// False for Office Open XML packages, which legitimately embed other files.
        var refuseNestedArchives = true
    }

    /// Applies the per-entry rules in archive order, then the limits on the whole archive.
    static func check(_ entries: [ArchiveEntry], archiveSize: Int, policy: UploadPolicy, options: Options = Options()) throws(UploadRejection) {
        if entries.count > policy.maxArchiveEntries { throw .tooManyEntries(limit: policy.maxArchiveEntries) }
        var total = 0
        for entry in entries {
            for name in entry.names {
                if !isSafePath(name) { throw .unsafeArchiveEntry(printable(name)) }
            }
            if entry.isLink { throw .unsafeArchiveEntry(printable(entry.displayName)) }
            if !entry.isDirectory {
                for name in entry.names {
                    let ext = windowsExtension(name)
                    if executableExtensions.contains(ext) || (policy.rejectMacros && macroExtensions.contains(ext)) {
                        throw .executableInArchive(printable(name))
                    }
                    if options.refuseNestedArchives, archiveExtensions.contains(ext) {
                        throw .nestedArchive(printable(name))
                    }
                }
                if entry.storedExecutable { throw .executableInArchive(printable(entry.displayName)) }
            }
            if entry.isEncrypted { throw .encryptedArchive }
            guard let sum = checkedSum(total, entry.uncompressedSize) else { throw .archiveBomb }
            total = sum
        }
        if total > policy.maxUncompressedBytes { throw .archiveBomb }
        let (ratioLimit, overflow) = archiveSize.multipliedReportingOverflow(by: policy.maxCompressionRatio)
        if !overflow, total > ratioLimit { throw .archiveBomb }
    }

    /// A relative path that stays inside the folder it is unpacked into and shows its real name:
    /// no `..` segment, no leading `/`, no `\` (a separator on Windows), no `:` (drive letters
    /// and NTFS alternate streams), no control or direction-override characters.
    static func isSafePath(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/") else { return false }
        if name.unicodeScalars.contains(where: { $0 == "\\" || $0 == ":" || FileName.isControlOrOverride($0) }) {
            return false
        }
        return !name.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." }
    }

    /// The extension Windows will see: trailing dots and spaces are dropped when a file is
    /// written, so `evil.exe.` and `evil.exe ` unpack as `evil.exe`.
    static func windowsExtension(_ path: String) -> String {
        var last = Substring(path.split(separator: "/").last ?? "")
        while let end = last.last, end == "." || end == " " { last.removeLast() }
        guard let dot = last.lastIndex(of: ".") else { return "" }
        return last[last.index(after: dot)...].lowercased()
    }

    /// A name fit for a message: controls and direction marks shown as U+FFFD, at most 80 characters.
    static func printable(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            scalars.append(FileName.isControlOrOverride(scalar) ? "\u{FFFD}" : scalar)
        }
        let shown = String(scalars)
        return shown.count > 80 ? shown.prefix(79) + "…" : shown
    }

    /// Thai Windows writes ZIP names without the UTF-8 flag in code page 874 (TIS-620 plus a
    /// few punctuation marks). Names that are valid UTF-8 are taken as UTF-8 first, as macOS
    /// and many tools write UTF-8 without setting the flag.
    static func decodeName<C: Collection<UInt8>>(_ bytes: C, isUTF8: Bool) -> String {
        if isUTF8 { return String(decoding: bytes, as: UTF8.self) }
        if let utf8 = String(bytes: bytes, encoding: .utf8) { return utf8 }  // nil unless valid UTF-8
        return ThaiCodePage.windows874.decodeReplacingUnassigned(bytes)
    }
}
