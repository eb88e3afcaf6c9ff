import Foundation
import Testing

@testable import PrakatCore

/// A file the inspector must refuse, and why.
struct BadFile: Sendable, CustomTestStringConvertible {
    let label: String
    let fileName: String
    let bytes: [UInt8]
    var policy = UploadPolicy.standard
    let expected: UploadRejection

    var testDescription: String { label }
}

extension BadFile {
    typealias F = Fixture
    static let fourMB = 4 * 1024 * 1024

    /// The issue asks for at least 25 kinds of bad file, each with a Thai message.
    static let corpus: [BadFile] = [
        // Programs, whatever they are named
        BadFile(label: "Windows program renamed .pdf", fileName: "ประกาศ.pdf", bytes: F.windowsProgram, expected: .executable),
        BadFile(label: "Linux program renamed .docx", fileName: "report.docx", bytes: F.linuxProgram, expected: .executable),
        BadFile(label: "macOS program renamed .png", fileName: "logo.png", bytes: F.macProgram, expected: .executable),
        BadFile(label: "shell script renamed .jpg", fileName: "photo.jpg", bytes: F.shellScript, expected: .executable),
        BadFile(
            label: "Windows installer renamed .doc", fileName: "form.doc",
            bytes: F.ole2([.init(name: "\u{4840}\u{3F3F}")], rootClassID: [0x84, 0x10, 0x0C, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46]),
            expected: .executable),
        // Size
        BadFile(label: "empty file", fileName: "empty.pdf", bytes: [], expected: .empty),
        BadFile(label: "4 MB + 1 byte", fileName: "big.pdf", bytes: F.pdf(size: fourMB + 1), expected: .tooLarge(limit: fourMB)),
        // Names and extensions
        BadFile(label: "disallowed .svg", fileName: "logo.svg", bytes: F.ascii("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), expected: .extensionNotAllowed("svg")),
        BadFile(label: "disallowed .html", fileName: "page.html", bytes: F.ascii("<html><script>alert(1)</script></html>"), expected: .extensionNotAllowed("html")),
        BadFile(label: "disallowed .exe holding text", fileName: "setup.exe", bytes: F.ascii("not really a program"), expected: .extensionNotAllowed("exe")),
        BadFile(label: "no extension", fileName: "README", bytes: F.pdf, expected: .missingExtension),
        BadFile(label: "double extension .pdf.exe", fileName: "report.pdf.exe", bytes: F.pdf, expected: .extensionNotAllowed("exe")),
        BadFile(label: "name of dots and slashes only", fileName: "../..//./", bytes: F.pdf, expected: .missingName),
        BadFile(label: "name of control and bidi characters only", fileName: "\u{202E}\u{0}\t\u{2066}", bytes: F.pdf, expected: .missingName),
        BadFile(
            label: "type the agency's policy turned off", fileName: "photo.png", bytes: F.png,
            policy: UploadPolicy(allowedExtensions: ["pdf"]), expected: .extensionNotAllowed("png")),
        // Content that is not what the name says
        BadFile(label: "text named .pdf", fileName: "notes.pdf", bytes: F.ascii("Hello, this is plain text.\n"), expected: .contentMismatch(declared: "pdf")),
        BadFile(label: "PNG named .jpg", fileName: "photo.jpg", bytes: F.png, expected: .contentMismatch(declared: "jpg")),
        BadFile(label: "PNG named .jpeg", fileName: "photo.jpeg", bytes: F.png, expected: .contentMismatch(declared: "jpeg")),
        BadFile(label: "JPEG named .png", fileName: "photo.png", bytes: F.jpeg, expected: .contentMismatch(declared: "png")),
        BadFile(label: "PDF named .docx", fileName: "report.docx", bytes: F.pdf, expected: .contentMismatch(declared: "docx")),
        BadFile(label: "plain zip named .docx", fileName: "report.docx", bytes: F.zip(names: ["a.txt", "b.txt"]), expected: .contentMismatch(declared: "docx")),
        BadFile(label: "docx named .xlsx", fileName: "budget.xlsx", bytes: F.docx(), expected: .contentMismatch(declared: "xlsx")),
        BadFile(label: "xlsx named .docx", fileName: "report.docx", bytes: F.xlsx(), expected: .contentMismatch(declared: "docx")),
        BadFile(label: "docx named .doc", fileName: "report.doc", bytes: F.docx(), expected: .contentMismatch(declared: "doc")),
        BadFile(label: "Word .doc named .xls", fileName: "budget.xls", bytes: F.wordDocument, expected: .contentMismatch(declared: "xls")),
        BadFile(label: "Excel .xls named .doc", fileName: "report.doc", bytes: F.excelWorkbook, expected: .contentMismatch(declared: "doc")),
        BadFile(
            label: "PowerPoint .ppt named .doc", fileName: "slides.doc", bytes: F.ole2([.init(name: "PowerPoint Document"), .init(name: "Current User")]),
            expected: .contentMismatch(declared: "doc")),
        BadFile(label: "RAR named .zip", fileName: "files.zip", bytes: F.rar5([.init(name: "a.pdf")]), expected: .contentMismatch(declared: "zip")),
        BadFile(label: "ZIP named .rar", fileName: "files.rar", bytes: F.zip(names: ["a.pdf"]), expected: .contentMismatch(declared: "rar")),
        // Cut off or broken
        BadFile(label: "PDF without %%EOF", fileName: "report.pdf", bytes: Array(F.pdf.prefix(60)), expected: .truncated),
        BadFile(label: "PNG without IEND", fileName: "photo.png", bytes: Array(F.png.dropLast(12)), expected: .truncated),
        BadFile(label: "PNG whose first chunk is not IHDR", fileName: "photo.png", bytes: Signature.png + F.pngChunk("IEND", []), expected: .damaged),
        BadFile(label: "JPEG without end marker", fileName: "photo.jpg", bytes: Array(F.jpeg.dropLast(6)), expected: .truncated),
        BadFile(label: "OLE2 shorter than its header", fileName: "report.doc", bytes: Array(F.wordDocument.prefix(300)), expected: .truncated),
        BadFile(label: "OLE2 with its directory cut off", fileName: "report.doc", bytes: Array(F.wordDocument.prefix(1024)), expected: .truncated),
        BadFile(label: "OLE2 with a wrong byte order mark", fileName: "report.doc", bytes: patched(F.wordDocument, at: 0x1C, [0xFF, 0xFF]), expected: .damaged),
        // Office protections
        BadFile(
            label: "password-protected .docx", fileName: "secret.docx", bytes: F.ole2([.init(name: "EncryptionInfo"), .init(name: "EncryptedPackage")]),
            expected: .encryptedDocument),
        BadFile(label: "password-protected .doc", fileName: "secret.doc", bytes: F.wordDocument(encrypted: true), expected: .encryptedDocument),
        BadFile(label: "password-protected .xls", fileName: "secret.xls", bytes: F.excelWorkbook(encrypted: true), expected: .encryptedDocument),
        BadFile(label: ".doc with macros", fileName: "form.doc", bytes: F.ole2([.init(name: "WordDocument"), .init(name: "Macros", type: 1)]), expected: .containsMacros),
        BadFile(label: ".xlsm renamed .xlsx", fileName: "budget.xlsx", bytes: F.xlsx(extra: [.init(name: "xl/vbaProject.bin")]), expected: .containsMacros),
        // Archives: programs inside
        BadFile(label: "zip with evil.exe", fileName: "files.zip", bytes: F.zip(names: ["readme.pdf", "evil.exe"]), expected: .executableInArchive("evil.exe")),
        BadFile(label: "zip with SETUP.EXE in capitals", fileName: "files.zip", bytes: F.zip(names: ["SETUP.EXE"]), expected: .executableInArchive("SETUP.EXE")),
        BadFile(label: "zip with a/b/run.bat", fileName: "files.zip", bytes: F.zip(names: ["a/", "a/b/", "a/b/run.bat"]), expected: .executableInArchive("a/b/run.bat")),
        BadFile(label: "zip with invoice.pdf.js", fileName: "files.zip", bytes: F.zip(names: ["invoice.pdf.js"]), expected: .executableInArchive("invoice.pdf.js")),
        BadFile(label: "zip with 'photo.exe.' (Windows drops the dot)", fileName: "files.zip", bytes: F.zip(names: ["photo.exe."]), expected: .executableInArchive("photo.exe.")),
        BadFile(
            label: "zip with a program stored as readme.txt", fileName: "files.zip", bytes: F.zip([.init(name: "readme.txt", data: F.windowsProgram)]),
            expected: .executableInArchive("readme.txt")),
        BadFile(
            label: "zip whose Unicode path field says evil.exe", fileName: "files.zip",
            bytes: F.zip([.init(name: "readme.txt", centralExtra: F.le16(0x7075) + F.le16(5 + 8) + [1] + F.le32(0) + F.ascii("evil.exe"))]),
            expected: .executableInArchive("evil.exe")),
        BadFile(label: "zip with a macro document", fileName: "files.zip", bytes: F.zip(names: ["form.docm"]), expected: .executableInArchive("form.docm")),
        BadFile(
            label: "docx with a program inside", fileName: "report.docx", bytes: F.docx(extra: [.init(name: "word/media/run.exe")]),
            expected: .executableInArchive("word/media/run.exe")),
        // Archives inside archives
        BadFile(label: "zip with inner.zip", fileName: "files.zip", bytes: F.zip([.init(name: "inner.zip", data: F.zip(names: ["a.pdf"]))]), expected: .nestedArchive("inner.zip")),
        BadFile(label: "zip with x.rar", fileName: "files.zip", bytes: F.zip(names: ["docs/x.rar"]), expected: .nestedArchive("docs/x.rar")),
        BadFile(label: "zip with a disk image", fileName: "files.zip", bytes: F.zip(names: ["backup.ISO"]), expected: .nestedArchive("backup.ISO")),
        // Archives: names that escape or hide
        BadFile(label: "zip with ../../etc/passwd", fileName: "files.zip", bytes: F.zip(names: ["../../etc/passwd"]), expected: .unsafeArchiveEntry("../../etc/passwd")),
        BadFile(label: "zip with a .. segment in the middle", fileName: "files.zip", bytes: F.zip(names: ["docs/../../x.pdf"]), expected: .unsafeArchiveEntry("docs/../../x.pdf")),
        BadFile(label: "zip with /abs/path", fileName: "files.zip", bytes: F.zip(names: ["/abs/path"]), expected: .unsafeArchiveEntry("/abs/path")),
        BadFile(label: "zip with C:\\win.ini", fileName: "files.zip", bytes: F.zip(names: ["C:\\win.ini"]), expected: .unsafeArchiveEntry("C:\\win.ini")),
        BadFile(label: "zip with backslash path", fileName: "files.zip", bytes: F.zip(names: ["..\\x.pdf"]), expected: .unsafeArchiveEntry("..\\x.pdf")),
        BadFile(label: "zip with a NUL in a name", fileName: "files.zip", bytes: F.zip(names: ["a\u{0}.pdf"]), expected: .unsafeArchiveEntry("a\u{FFFD}.pdf")),
        BadFile(
            label: "zip with a right-to-left override", fileName: "files.zip", bytes: F.zip(names: ["photo\u{202E}gpj.pdf"]), expected: .unsafeArchiveEntry("photo\u{FFFD}gpj.pdf")),
        BadFile(
            label: "zip with a symbolic link", fileName: "files.zip",
            bytes: F.zip([.init(name: "link", data: F.ascii("/etc/passwd"), madeBy: 3 << 8 | 30, externalAttributes: 0o120777 << 16)]),
            expected: .unsafeArchiveEntry("link")),
        // Archives: protection and size
        BadFile(label: "zip with an encrypted entry", fileName: "files.zip", bytes: F.zip([.init(name: "secret.pdf", flags: 0x0001)]), expected: .encryptedArchive),
        BadFile(label: "zip with an AES-encrypted entry", fileName: "files.zip", bytes: F.zip([.init(name: "secret.pdf", method: 99)]), expected: .encryptedArchive),
        BadFile(
            label: "zip with too many entries", fileName: "files.zip", bytes: F.zip(names: ["1.pdf", "2.pdf", "3.pdf", "4.pdf"]),
            policy: UploadPolicy(maxArchiveEntries: 3), expected: .tooManyEntries(limit: 3)),
        BadFile(
            label: "zip bomb by ratio", fileName: "files.zip",
            bytes: F.zip([.init(name: "big.txt", method: 8, declaredUncompressedSize: 50 * 1024 * 1024)]), expected: .archiveBomb),
        BadFile(
            label: "zip bomb by declared total", fileName: "files.zip",
            bytes: F.zip((1...3).map { .init(name: "part\($0).txt", method: 8, declaredUncompressedSize: 0xFFFF_FFF0) }),
            policy: UploadPolicy(maxCompressionRatio: Int.max / 2), expected: .archiveBomb),
        BadFile(
            label: "zip bomb declared in a ZIP64 field", fileName: "files.zip",
            bytes: F.zip([.init(name: "big.txt", method: 8, declaredUncompressedSize: 0xFFFF_FFFF, centralExtra: F.le16(1) + F.le16(8) + F.le64(1 << 40))]),
            expected: .archiveBomb),
        // Archives: structure
        BadFile(
            label: "zip with a ZIP64 size but no ZIP64 field", fileName: "files.zip",
            bytes: F.zip([.init(name: "a.txt", declaredUncompressedSize: 0xFFFF_FFFF)]), expected: .archiveUnreadable),
        BadFile(label: "zip with a corrupted central directory", fileName: "files.zip", bytes: corruptedDirectory(), expected: .archiveUnreadable),
        BadFile(label: "zip whose end record points out of bounds", fileName: "files.zip", bytes: directoryOutOfBounds(), expected: .archiveUnreadable),
        BadFile(label: "zip cut before its end record", fileName: "files.zip", bytes: Array(F.zip(names: ["a.pdf"]).dropLast(30)), expected: .truncated),
        BadFile(
            label: "zip whose local name differs from its directory", fileName: "files.zip",
            bytes: F.zip([.init(name: "readme.txt", localName: F.ascii("evil.exe!!"))]), expected: .archiveUnreadable),
        BadFile(label: "zip with overlapping entries", fileName: "files.zip", bytes: overlappingEntries(), expected: .archiveUnreadable),
        BadFile(label: "zip claiming ZIP64", fileName: "files.zip", bytes: patched(F.zip(names: ["a.pdf"]), fromEnd: 22 - 16, F.le32(0xFFFF_FFFF)), expected: .archiveUnreadable),
        BadFile(label: "zip split over several disks", fileName: "files.zip", bytes: patched(F.zip(names: ["a.pdf"]), fromEnd: 22 - 4, F.le16(1)), expected: .archiveUnreadable),
        // RAR
        BadFile(
            label: "RAR 5 with a program", fileName: "files.rar", bytes: F.rar5([.init(name: "docs/", isDirectory: true), .init(name: "docs/run.cmd")]),
            expected: .executableInArchive("docs/run.cmd")),
        BadFile(label: "RAR 5 with encrypted names", fileName: "files.rar", bytes: F.rar5EncryptedHeaders, expected: .encryptedArchive),
        BadFile(
            label: "RAR 5 with an encrypted file", fileName: "files.rar",
            bytes: F.rar5([.init(name: "secret.pdf", extra: F.vint(2) + F.vint(1) + [0])]), expected: .encryptedArchive),
        BadFile(label: "RAR 5 cut short", fileName: "files.rar", bytes: Array(F.rar5([.init(name: "a.pdf", data: F.pdf)]).dropLast(40)), expected: .truncated),
        BadFile(label: "RAR 5 volume of a multi-part set", fileName: "files.part1.rar", bytes: F.rar5([.init(name: "a.pdf")], archiveFlags: 1), expected: .archiveUnreadable),
        BadFile(label: "RAR 5 bomb", fileName: "files.rar", bytes: F.rar5([.init(name: "a.txt", unpackedSize: 1 << 40)]), expected: .archiveBomb),
        BadFile(label: "RAR 4 with ../ path", fileName: "files.rar", bytes: F.rar4([.init(name: "../startup/a.pdf")]), expected: .unsafeArchiveEntry("../startup/a.pdf")),
        BadFile(label: "RAR 4 with a nested 7z", fileName: "files.rar", bytes: F.rar4([.init(name: "more.7z")]), expected: .nestedArchive("more.7z"))
    ]

    static func patched(_ bytes: [UInt8], at offset: Int, _ replacement: [UInt8]) -> [UInt8] {
        var bytes = bytes
        bytes.replaceSubrange(offset..<(offset + replacement.count), with: replacement)
        return bytes
    }

    static func patched(_ bytes: [UInt8], fromEnd distance: Int, _ replacement: [UInt8]) -> [UInt8] {
        patched(bytes, at: bytes.count - distance, replacement)
    }

    /// The second central header's signature overwritten.
    static func corruptedDirectory() -> [UInt8] {
        let built = F.buildZip([.init(name: "a.pdf"), .init(name: "b.pdf")])
        return patched(built.bytes, at: built.centralOffsets[1], F.ascii("XXXX"))
    }

    /// The end record says the directory starts past the end of the file.
    static func directoryOutOfBounds() -> [UInt8] {
        let built = F.buildZip([.init(name: "a.pdf")])
        return patched(built.bytes, at: built.endOffset + 16, F.le32(0x7FFF_0000))
    }

    /// Two directory entries of the same name sharing one local header and its data.
    static func overlappingEntries() -> [UInt8] {
        let built = F.buildZip([.init(name: "a.txt", data: F.ascii("aaaa")), .init(name: "a.txt", data: F.ascii("bbbb"))])
        return patched(built.bytes, at: built.centralOffsets[1] + 42, F.le32(0))
    }
}

@Suite("Bad uploads")
struct BadUploadTests {
    @Test func corpusIsLargeEnough() {
        #expect(BadFile.corpus.count >= 30)
        #expect(Set(BadFile.corpus.map(\.label)).count == BadFile.corpus.count, "labels name the cases, so they must be unique")
    }

    @Test(arguments: BadFile.corpus)
    func refused(file: BadFile) {
        let result = Result { () throws(UploadRejection) in
            try UploadInspector.inspect(fileName: file.fileName, data: Data(file.bytes), policy: file.policy)
        }
        guard case let .failure(rejection) = result else {
            Issue.record("accepted \(file.label)")
            return
        }
        #expect(rejection == file.expected)
        #expect(rejection.thaiMessage.unicodeScalars.contains { (0x0E01...0x0E5B).contains($0.value) })
    }

    @Test func everyRejectionHasAThaiSentence() {
        let all: [UploadRejection] = [
            .empty, .tooLarge(limit: 4 * 1024 * 1024), .missingName, .missingExtension, .extensionNotAllowed("svg"),
            .contentMismatch(declared: "pdf"), .executable, .truncated, .damaged, .encryptedDocument, .containsMacros,
            .archiveUnreadable, .encryptedArchive, .executableInArchive("a.exe"), .nestedArchive("a.zip"),
            .unsafeArchiveEntry("../a"), .tooManyEntries(limit: 2000), .archiveBomb
        ]
        for rejection in all {
            let message = rejection.thaiMessage
            #expect(message.unicodeScalars.contains { (0x0E01...0x0E5B).contains($0.value) }, "\(rejection)")
            #expect(message.contains("กรุณา"), "every message says what to do: \(rejection)")
        }
        #expect(Set(all.map(\.thaiMessage)).count == all.count)
    }

    @Test func messagesNameTheLimitAndTheEntry() {
        #expect(UploadRejection.tooLarge(limit: 4 * 1024 * 1024).thaiMessage.hasPrefix("ไฟล์มีขนาดเกิน ๔ MB"))
        #expect(UploadRejection.tooLarge(limit: 512 * 1024).thaiMessage.contains("๕๑๒ KB"))
        #expect(UploadRejection.tooLarge(limit: 1000).thaiMessage.contains("๑,๐๐๐ ไบต์"))
        #expect(UploadRejection.tooManyEntries(limit: 2000).thaiMessage.contains("๒,๐๐๐ รายการ"))
        #expect(UploadRejection.executableInArchive("โปรแกรม/setup.exe").thaiMessage.contains("“โปรแกรม/setup.exe”"))
        #expect(UploadRejection.extensionNotAllowed("svg").thaiMessage.contains(".svg"))
    }

    @Test func longEntryNamesAreShortenedForTheMessage() {
        let name = String(repeating: "ก", count: 200) + ".exe"
        let result = Result { () throws(UploadRejection) in
            try UploadInspector.inspect(fileName: "a.zip", data: Data(Fixture.zip(names: [name])))
        }
        guard case let .failure(.executableInArchive(shown)) = result else {
            Issue.record("expected executableInArchive, got \(result)")
            return
        }
        #expect(shown.count == 80)
        #expect(shown.hasSuffix("…"))
    }
}
