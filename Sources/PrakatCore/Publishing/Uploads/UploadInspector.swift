import Foundation

/// Decides whether an uploaded file may be attached to a publication request
/// (seed 1 §2.7: allowed types, 4 MB each; PRODUCT: the content must match the extension,
/// names are sanitised, archives are not trusted).
///
/// Pure: no file system, no unpacking, no network. The name is only a claim; every check
/// is made on the bytes, and the extension must name what the bytes are.
public enum UploadInspector {
    /// The inspected file, or the first reason to refuse it.
    ///
    /// Order: name, size, programs (whatever the name), extension, then the content checks
    /// of the kind the extension claims.
    public static func inspect(fileName: String, data: Data, policy: UploadPolicy = .standard) throws(UploadRejection) -> InspectedFile {
        guard let name = FileName.sanitise(fileName, maxGraphemes: policy.maxFileNameGraphemes) else { throw .missingName }
        guard !data.isEmpty else { throw .empty }
        guard data.count <= policy.maxBytes else { throw .tooLarge(limit: policy.maxBytes) }
        let reader = ByteReader([UInt8](data))
        if Signature.isExecutable(reader) { throw .executable }
        guard let ext = FileName.fileExtension(of: name) else { throw .missingExtension }
        guard policy.allows(extension: ext), let kind = FileKind(fileExtension: ext) else {
            throw .extensionNotAllowed(ArchiveRules.printable(ext))
        }
        let entries = try checkContent(reader, is: kind, declared: ext, policy: policy)
        return InspectedFile(fileName: name, kind: kind, size: data.count, sha256: Digest.sha256Hex(data), archiveEntries: entries)
    }

    /// Checks that the bytes are a whole file of `kind`; returns the archive listing, if any.
    private static func checkContent(_ reader: ByteReader, is kind: FileKind, declared ext: String, policy: UploadPolicy) throws(UploadRejection) -> [String] {
        let mismatch = UploadRejection.contentMismatch(declared: ext)
        switch kind {
        case .pdf:
            guard reader.matches(Signature.pdf) else { throw mismatch }
            // Writers end with %%EOF and perhaps a line break; a download cut short has none.
            let tail = max(0, reader.count - 1024)..<reader.count
            guard reader.firstIndex(of: Signature.pdfEnd, in: tail) != nil else { throw .truncated }
            return []

        case .jpeg:
            guard reader.matches(Signature.jpeg) else { throw mismatch }
            // End of image marker last; some cameras and scanners pad with zero bytes after it.
            var end = reader.count
            while end > 0, reader.u8(end - 1) == 0 { end -= 1 }
            guard end >= 5, reader.matches(Signature.jpegEnd, at: end - 2) else { throw .truncated }
            return []

        case .png:
            guard reader.matches(Signature.png) else { throw mismatch }
            try checkPNGChunks(reader)
            return []

        case .doc, .xls:
            guard reader.matches(Signature.ole2) else {
                // A .docx saved under the old extension is still a Word file, but not a .doc.
                throw mismatch
            }
            let file = try CompoundFile(reader)
            switch (file.content, kind) {
            case (.installer, _): throw .executable
            case (.encryptedPackage, _): throw .encryptedDocument
            case (.word, .doc), (.excel, .xls): break
            default: throw mismatch
            }
            if file.isEncrypted { throw .encryptedDocument }
            if policy.rejectMacros, file.hasMacros { throw .containsMacros }
            return []

        case .docx, .xlsx:
            guard ZipDirectory.hasSignature(reader) else {
                // Office saves a .docx or .xlsx with a password to open as a compound file.
                if reader.matches(Signature.ole2), let file = try? CompoundFile(reader) {
                    if file.content == .encryptedPackage { throw .encryptedDocument }
                    if file.content == .installer { throw .executable }
                }
                throw mismatch
            }
            let directory = try ZipDirectory(reader, maxEntries: policy.maxArchiveEntries)
            // Part names in a package are case-insensitive (ECMA-376 Part 2 §9.1.1.1).
            let parts = Set(directory.names.map { $0.lowercased() })
            let mainPart = kind == .docx ? "word/document.xml" : "xl/workbook.xml"
            guard parts.contains("[content_types].xml"), parts.contains(mainPart) else { throw mismatch }
            // A macro project means a .docm or .xlsm renamed; Office refuses to open it as .docx anyway.
            if policy.rejectMacros, parts.contains(where: { $0.hasSuffix("vbaproject.bin") }) { throw .containsMacros }
            // Packages embed other documents (an Excel chart in a Word file is an .xlsx inside),
            // so nested archives are allowed here; programs, unsafe names and bombs are not.
            try ArchiveRules.check(directory.entries, archiveSize: reader.count, policy: policy, options: .init(refuseNestedArchives: false))
            return []

        case .zip:
            guard ZipDirectory.hasSignature(reader) else { throw mismatch }
            let directory = try ZipDirectory(reader, maxEntries: policy.maxArchiveEntries)
            try ArchiveRules.check(directory.entries, archiveSize: reader.count, policy: policy)
            return directory.names

        case .rar:
            guard RarDirectory.hasSignature(reader) else { throw mismatch }
            let directory = try RarDirectory(reader, maxEntries: policy.maxArchiveEntries)
            try ArchiveRules.check(directory.entries, archiveSize: reader.count, policy: policy)
            return directory.entries.map(\.displayName)
        }
    }

    /// PNG chunks (length, type, data, CRC): IHDR must come first, and the walk must reach
    /// IEND inside the file. CRCs are not checked; viewers cope with a wrong one.
    private static func checkPNGChunks(_ reader: ByteReader) throws(UploadRejection) {
        var position = Signature.png.count
        var first = true
        while true {
            guard let length = reader.u32be(position), let type = reader.slice(position + 4, 4) else { throw .truncated }
            if first {
                guard length == 13, type.elementsEqual("IHDR".utf8) else { throw .damaged }
                first = false
            }
            if type.elementsEqual("IEND".utf8) { return }
            // length < 2^32, so no overflow on 64 bits; each step moves forward at least 12 bytes.
            position += 12 + length
            guard position < reader.count else { throw .truncated }
        }
    }
}
