import Foundation
import Testing

@testable import PrakatCore

@Suite("Upload inspector")
struct UploadInspectorTests {
    typealias F = Fixture

    func inspect(_ name: String, _ bytes: [UInt8], policy: UploadPolicy = .standard) throws(UploadRejection) -> InspectedFile {
        try UploadInspector.inspect(fileName: name, data: Data(bytes), policy: policy)
    }

    static let goodFiles: [(name: String, bytes: [UInt8], kind: FileKind)] = [
        ("ประกาศ.pdf", Fixture.pdf, .pdf),
        ("หนังสือเวียน.doc", Fixture.wordDocument, .doc),
        ("หนังสือเวียน-ใหญ่.doc", Fixture.wordDocument(encrypted: false), .doc),
        ("งบประมาณ.xls", Fixture.excelWorkbook, .xls),
        ("งบประมาณ-ใหญ่.xls", Fixture.excelWorkbook(encrypted: false), .xls),
        ("รายงาน.docx", Fixture.docx(), .docx),
        ("แผนงาน.xlsx", Fixture.xlsx(), .xlsx),
        ("ภาพกิจกรรม.jpg", Fixture.jpeg, .jpeg),
        ("ภาพกิจกรรม.JPEG", Fixture.jpeg, .jpeg),
        ("แผนผัง.png", Fixture.png, .png),
        ("เอกสารแนบ.zip", Fixture.zip(names: ["ประกาศ.pdf", "ภาพ/", "ภาพ/กิจกรรม.jpg"]), .zip),
        ("เอกสารแนบ.rar", Fixture.rar5([.init(name: "ประกาศ.pdf", data: Fixture.pdf)]), .rar),
        ("เก่า.rar", Fixture.rar4([.init(name: "old.pdf", data: Fixture.pdf)]), .rar)
    ]

    @Test(arguments: goodFiles)
    func accepted(file: (name: String, bytes: [UInt8], kind: FileKind)) throws {
        let inspected = try inspect(file.name, file.bytes)
        #expect(inspected.kind == file.kind)
        #expect(inspected.contentType == file.kind.contentType)
        #expect(inspected.size == file.bytes.count)
        #expect(inspected.fileName == file.name)
        #expect(inspected.sha256 == Digest.sha256Hex(file.bytes))
    }

    @Test func everyKindIsAcceptedWithItsUsualExtension() throws {
        let kinds = Set(Self.goodFiles.map(\.kind))
        #expect(kinds == Set(FileKind.allCases))
    }

    @Test func shaIsLowercaseHexOfTheContent() throws {
        let inspected = try inspect("a.pdf", F.pdf)
        #expect(inspected.sha256.count == 64)
        #expect(inspected.sha256.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func exactlyFourMegabytesIsAccepted() throws {
        let bytes = F.pdf(size: 4 * 1024 * 1024)
        let inspected = try inspect("big.pdf", bytes)
        #expect(inspected.size == 4 * 1024 * 1024)
    }

    @Test func theSizeLimitIsConfigurable() throws {
        let policy = UploadPolicy(maxBytes: 10 * 1024 * 1024)
        let inspected = try inspect("big.pdf", F.pdf(size: 5 * 1024 * 1024), policy: policy)
        #expect(inspected.size == 5 * 1024 * 1024)
        #expect(throws: UploadRejection.tooLarge(limit: 100)) {
            try inspect("a.pdf", F.pdf, policy: UploadPolicy(maxBytes: 100))
        }
    }

    @Test func thaiNameIsKept() throws {
        let inspected = try inspect("รายงานผลการดำเนินงาน ไตรมาส ๒.pdf", F.pdf)
        #expect(inspected.fileName == "รายงานผลการดำเนินงาน ไตรมาส ๒.pdf")
    }

    @Test func longNameIsCutKeepingTheExtension() throws {
        let inspected = try inspect(String(repeating: "ก", count: 300) + ".pdf", F.pdf)
        #expect(inspected.fileName.count == 150)
        #expect(inspected.fileName.hasSuffix(".pdf"))
        #expect(inspected.kind == .pdf)
    }

    @Test func pathIsDroppedFromTheName() throws {
        let inspected = try inspect("../../etc/passwd.pdf", F.pdf)
        #expect(inspected.fileName == "passwd.pdf")
    }

    @Test func bidiOverrideCannotDisguiseTheExtension() throws {
        // Shown as "reportfdp.exe"-style tricks elsewhere; here the override is simply removed.
        let inspected = try inspect("report\u{202E}fdp.pdf", F.pdf)
        #expect(inspected.fileName == "reportfdp.pdf")
        #expect(throws: UploadRejection.extensionNotAllowed("exe")) {
            try inspect("photo\u{202E}gpj.exe", F.jpeg)
        }
    }

    @Test func zipListsItsEntriesInOrder() throws {
        let inspected = try inspect("files.zip", F.zip(names: ["ประกาศ.pdf", "ภาพ/", "ภาพ/กิจกรรม.jpg"]))
        #expect(inspected.archiveEntries == ["ประกาศ.pdf", "ภาพ/", "ภาพ/กิจกรรม.jpg"])
    }

    @Test func emptyZipHasNoEntries() throws {
        let inspected = try inspect("empty.zip", F.zip([]))
        #expect(inspected.archiveEntries == [])
        #expect(inspected.size == 22)
    }

    @Test func zipWithACommentIsRead() throws {
        let inspected = try inspect("files.zip", F.zip([.init(name: "a.pdf")], comment: F.ascii("PK\u{5}\u{6} a comment that looks like an end record")))
        #expect(inspected.archiveEntries == ["a.pdf"])
    }

    @Test func thaiWindowsZipNamesAreDecodedFromCodePage874() throws {
        // "ประกาศ.pdf" as Thai Windows writes it: TIS-620 bytes, no UTF-8 flag.
        let tis620: [UInt8] = [0xBB, 0xC3, 0xD0, 0xA1, 0xD2, 0xC8] + F.ascii(".pdf")
        let inspected = try inspect("files.zip", F.zip([.init(name: "", rawName: tis620, flags: 0)]))
        #expect(inspected.archiveEntries == ["ประกาศ.pdf"])
    }

    @Test func rarListsItsEntries() throws {
        let rar5 = try inspect("a.rar", F.rar5([.init(name: "เอกสาร", isDirectory: true), .init(name: "เอกสาร/ประกาศ.pdf")]))
        #expect(rar5.archiveEntries == ["เอกสาร", "เอกสาร/ประกาศ.pdf"])
        let rar4 = try inspect("a.rar", F.rar4([.init(name: "docs", isDirectory: true), .init(name: "docs/a.pdf")]))
        #expect(rar4.archiveEntries == ["docs", "docs/a.pdf"])
    }

    @Test func rar4UnicodeNamesAreDecoded() {
        // Vectors checked against the Python rarfile package's decoder.
        // Mode 2 (a full UTF-16 unit) for every character of "กข": flags 0b10_10_0000.
        let encoded: [UInt8] = [0x0E, 0b1010_0000, 0x01, 0x0E, 0x02, 0x0E]
        #expect(RarDirectory.decodeUnicodeName(legacy: [0xA1, 0xA2], encoded: encoded) == "กข")
        // Mode 1 (low byte with the high byte 0x0E) and mode 0 (plain byte).
        #expect(RarDirectory.decodeUnicodeName(legacy: [], encoded: [0x0E, 0b0100_0000, 0x01, 0x41]) == "กA")
        // Mode 3: a run copied from the legacy bytes, with or without a correction added.
        #expect(RarDirectory.decodeUnicodeName(legacy: Array("abcdef".utf8), encoded: [0x0E, 0b1100_0000, 0x02]) == "abcd")
        #expect(RarDirectory.decodeUnicodeName(legacy: Array("abcdef".utf8), encoded: [0x0E, 0b1100_0000, 0x81, 0x60]) == "\u{0EC1}\u{0EC2}\u{0EC3}")
        #expect(RarDirectory.decodeUnicodeName(legacy: [], encoded: []) == "")
    }

    @Test func officePackagesMayEmbedOtherDocuments() throws {
        // A chart in a Word file carries its data as an .xlsx, and OLE objects as .bin.
        let bytes = F.docx(extra: [.init(name: "word/embeddings/Microsoft_Excel_Worksheet.xlsx"), .init(name: "word/embeddings/oleObject1.bin")])
        let inspected = try inspect("report.docx", bytes)
        #expect(inspected.kind == .docx)
        #expect(inspected.archiveEntries == [])
    }

    @Test func macrosMayBeAllowedByPolicy() throws {
        let policy = UploadPolicy(rejectMacros: false)
        let doc = try inspect("form.doc", F.ole2([.init(name: "WordDocument"), .init(name: "Macros", type: 1)]), policy: policy)
        #expect(doc.kind == .doc)
        let zip = try inspect("files.zip", F.zip(names: ["form.docm"]), policy: policy)
        #expect(zip.archiveEntries == ["form.docm"])
    }

    @Test func jpegMayEndWithZeroPadding() throws {
        let inspected = try inspect("scan.jpg", F.jpeg + [0, 0, 0, 0])
        #expect(inspected.kind == .jpeg)
        #expect(throws: UploadRejection.truncated) { try inspect("scan.jpg", F.jpeg + [0x12, 0]) }
    }

    @Test func pdfMayEndWithALineBreakAfterTheMarker() throws {
        let inspected = try inspect("a.pdf", F.pdf + F.ascii("\r\n"))
        #expect(inspected.kind == .pdf)
        #expect(throws: UploadRejection.contentMismatch(declared: "pdf")) { try inspect("a.pdf", F.ascii("  ") + F.pdf) }
    }

    @Test func archiveLimitsAreConfigurable() throws {
        let bomb = F.zip([.init(name: "big.txt", method: 8, declaredUncompressedSize: 50 * 1024 * 1024)])
        let generous = UploadPolicy(maxCompressionRatio: 100_000_000)
        let inspected = try inspect("a.zip", bomb, policy: generous)
        #expect(inspected.archiveEntries == ["big.txt"])
        // 2000 entries pass by default, and one more does not.
        let names = (0..<2001).map { "f\($0).pdf" }
        #expect(try inspect("a.zip", F.zip(names: Array(names.prefix(2000)))).archiveEntries.count == 2000)
        #expect(throws: UploadRejection.tooManyEntries(limit: 2000)) { try inspect("a.zip", F.zip(names: names)) }
    }

    @Test func zip64SizesAreReadFromTheExtraField() throws {
        // Some writers always use the ZIP64 field; an honest one is accepted.
        let entry = Fixture.ZipEntry(name: "a.txt", declaredUncompressedSize: 0xFFFF_FFFF, centralExtra: F.le16(1) + F.le16(8) + F.le64(5))
        let inspected = try inspect("a.zip", F.zip([entry]))
        #expect(inspected.archiveEntries == ["a.txt"])
    }

    @Test func policyAcceptsJpegWhereverJpgIsAllowed() {
        let policy = UploadPolicy.standard
        #expect(policy.allows(extension: "jpg"))
        #expect(policy.allows(extension: "JPEG"))
        #expect(policy.allows(extension: ".PDF"))
        #expect(!policy.allows(extension: "svg"))
        #expect(!UploadPolicy(allowedExtensions: ["pdf", "txt"]).allows(extension: "txt"), "no content check exists for .txt")
        #expect(UploadPolicy(allowedExtensions: ["jpeg"]).allows(extension: "jpg"))
        #expect(UploadPolicy.standard == UploadPolicy())
        #expect(UploadPolicy.standard.maxBytes == 4 * 1024 * 1024)
    }

    @Test func fileKindDescribesItself() {
        #expect(FileKind.docx.contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(FileKind.xlsx.contentType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(FileKind.rar.contentType == "application/vnd.rar")
        #expect(FileKind.pdf.thaiName == "เอกสาร PDF")
        #expect(FileKind.zip.thaiName == "ไฟล์บีบอัด ZIP")
        #expect(FileKind.allCases.filter(\.isImage) == [.jpeg, .png])
        #expect(FileKind(fileExtension: "JPG") == .jpeg)
        #expect(FileKind(fileExtension: "exe") == nil)
        #expect(Set(FileKind.allCases.map(\.fileExtension)) == UploadPolicy.defaultExtensions)
    }
}
