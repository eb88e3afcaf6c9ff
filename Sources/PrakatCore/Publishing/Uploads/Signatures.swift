/// Magic numbers: what a file is, by its first bytes.
enum Signature {
    static let pdf = Array("%PDF-".utf8)
    static let pdfEnd = Array("%%EOF".utf8)
    static let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let zipLocalHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let zipEndOfDirectory: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
    static let jpegEnd: [UInt8] = [0xFF, 0xD9]
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let rar4: [UInt8] = [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x00]
    static let rar5: [UInt8] = [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07, 0x01, 0x00]

    /// Programs and scripts for Windows, Linux and macOS, whatever they are named.
    private static let executables: [[UInt8]] = [
        [0x7F, 0x45, 0x4C, 0x46],  // ELF
        [0xFE, 0xED, 0xFA, 0xCE], [0xFE, 0xED, 0xFA, 0xCF],  // Mach-O, big-endian 32/64
        [0xCE, 0xFA, 0xED, 0xFE], [0xCF, 0xFA, 0xED, 0xFE],  // Mach-O, little-endian 32/64
        [0xCA, 0xFE, 0xBA, 0xBE],  // Mach-O universal binary (and Java class files)
        Array("#!".utf8), [0xEF, 0xBB, 0xBF, 0x23, 0x21],  // scripts, with or without a BOM
        [0x4C, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00]  // Windows shortcut (.lnk)
    ]

    /// True for the start of a program or script. `MZ` (DOS and Windows PE, also self-extracting
    /// archives) needs a full 64-byte DOS header, so a text that happens to begin "MZ" passes.
    static func isExecutable(_ reader: ByteReader, at offset: Int = 0, length: Int? = nil) -> Bool {
        let available = min(length ?? reader.count, reader.count - min(offset, reader.count))
        if reader.matches([0x4D, 0x5A], at: offset), available >= 64 { return true }
        return executables.contains { $0.count <= available && reader.matches($0, at: offset) }
    }
}
