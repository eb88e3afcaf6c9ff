/// Reads the directory of an OLE2 compound file ([MS-CFB]), the container of .doc and .xls,
/// to tell what the file really is from the names of its streams.
///
/// Only the header, the FAT and the directory are read; streams are not, except the first
/// sector of the main stream to see whether it is encrypted.
struct CompoundFile: Sendable {
    enum Content: Sendable, Equatable {
        case word, excel
        /// A password-protected .docx or .xlsx: Office wraps these in a compound file.
        case encryptedPackage
        /// A Windows Installer package (.msi, .msp, .mst), which is a program.
        case installer
        /// Anything else: PowerPoint, Outlook messages, Visio…
        case other
    }

    var content: Content
    var hasMacros: Bool
    var isEncrypted: Bool

    private struct DirectoryEntry {
        var name: String
        var type: UInt8
        var startSector: Int
        var size: Int
    }

    private static let endOfChain = 0xFFFF_FFFE
    private static let freeSector = 0xFFFF_FFFF
    /// Streams smaller than this live in the mini stream, which we do not read.
    private static let miniStreamCutoff = 4096
    /// Root entry class ids of Windows Installer databases, patches and transforms, as stored
    /// (little-endian GUID fields): {000C1084…}, {000C1086…}, {000C1082…}-0000-0000-C000-000000000046.
    private static let installerClassIDs: [[UInt8]] = [0x84, 0x86, 0x82].map {
        [$0, 0x10, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]
    }

    init(_ reader: ByteReader) throws(UploadRejection) {
        // A header is 512 bytes; anything shorter was cut off.
        guard reader.count >= 512 else { throw .truncated }
        guard let major = reader.u16le(0x1A), let byteOrder = reader.u16le(0x1C), let shift = reader.u16le(0x1E),
            let fatCount = reader.u32le(0x2C), let firstDirectorySector = reader.u32le(0x30),
            var difatSector = reader.u32le(0x44), let difatCount = reader.u32le(0x48)
        else { throw .truncated }
        guard byteOrder == 0xFFFE, (major == 3 && shift == 9) || (major == 4 && shift == 12) else { throw .damaged }
        let sectorSize = 1 << shift
        let sectorsInFile = reader.count / sectorSize  // the header takes one sector's place
        guard fatCount <= sectorsInFile, difatCount <= sectorsInFile else { throw .damaged }

        func offset(ofSector sector: Int) throws(UploadRejection) -> Int {
            guard sector < Self.endOfChain - 4 else { throw .damaged }  // a special value, not a sector
            let start = (sector + 1) * sectorSize
            guard reader.contains(offset: start, length: sectorSize) else { throw .truncated }
            return start
        }

        // The FAT's own sectors: the first 109 are listed in the header, the rest in a DIFAT chain.
        var fatSectors: [Int] = []
        for index in 0..<min(fatCount, 109) {
            guard let sector = reader.u32le(0x4C + 4 * index) else { throw .truncated }
            fatSectors.append(sector)
        }
        let perSector = sectorSize / 4
        var difatSeen = 0
        while fatSectors.count < fatCount {
            guard difatSeen < difatCount else { throw .damaged }
            difatSeen += 1
            let base = try offset(ofSector: difatSector)
            for index in 0..<(perSector - 1) where fatSectors.count < fatCount {
                guard let sector = reader.u32le(base + 4 * index) else { throw .truncated }
                fatSectors.append(sector)
            }
            guard let next = reader.u32le(base + 4 * (perSector - 1)) else { throw .truncated }
            difatSector = next
        }
        let fatOffsets = try fatSectors.map { (sector: Int) throws(UploadRejection) -> Int in try offset(ofSector: sector) }

        func nextSector(after sector: Int) throws(UploadRejection) -> Int {
            let fatIndex = sector / perSector
            guard fatIndex < fatOffsets.count, let next = reader.u32le(fatOffsets[fatIndex] + 4 * (sector % perSector)) else {
                throw .damaged
            }
            return next
        }

        // Every sector the FAT marks as used must be in the file; if not, the end was cut off.
        for (fatIndex, base) in fatOffsets.enumerated() {
            for index in 0..<perSector {
                guard let value = reader.u32le(base + 4 * index) else { throw .truncated }
                let sector = fatIndex * perSector + index
                if value != Self.freeSector, (sector + 1) * sectorSize >= reader.count { throw .truncated }
            }
        }

        // The directory: 128-byte entries in a chain of sectors; the step limit stops cycles.
        var entries: [DirectoryEntry] = []
        var rootClassID: ArraySlice<UInt8>?
        var sector = firstDirectorySector
        var steps = 0
        while sector != Self.endOfChain {
            steps += 1
            guard steps <= sectorsInFile else { throw .damaged }
            let base = try offset(ofSector: sector)
            for slot in 0..<(sectorSize / 128) {
                let entryOffset = base + slot * 128
                guard let nameLength = reader.u16le(entryOffset + 0x40), let type = reader.u8(entryOffset + 0x42),
                    let start = reader.u32le(entryOffset + 0x74), let size = reader.u32le(entryOffset + 0x78)
                else { throw .truncated }
                guard type != 0 else { continue }  // unused slot
                guard nameLength >= 2, nameLength <= 64, nameLength % 2 == 0,
                    let nameBytes = reader.slice(entryOffset, nameLength - 2)
                else { throw .damaged }
                let units = stride(from: nameBytes.startIndex, to: nameBytes.endIndex, by: 2).map {
                    UInt16(nameBytes[$0]) | UInt16(nameBytes[$0 + 1]) << 8
                }
                if type == 5, rootClassID == nil { rootClassID = reader.slice(entryOffset + 0x50, 16) }
                entries.append(DirectoryEntry(name: String(decoding: units, as: UTF16.self), type: type, startSector: start, size: size))
            }
            sector = try nextSector(after: sector)
        }
        guard entries.first?.type == 5 else { throw .damaged }  // the root entry comes first

        let streams = Dictionary(entries.filter { $0.type == 2 }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let storages = Set(entries.filter { $0.type == 1 }.map(\.name))
        if let rootClassID, Self.installerClassIDs.contains(where: { rootClassID.elementsEqual($0) }) {
            content = .installer
        } else if streams["EncryptedPackage"] != nil {
            content = .encryptedPackage
        } else if streams["WordDocument"] != nil {
            content = .word
        } else if streams["Workbook"] != nil || streams["Book"] != nil {
            content = .excel
        } else {
            content = .other
        }
        // Word keeps VBA in a "Macros" storage, Excel in "_VBA_PROJECT_CUR".
        hasMacros = !storages.isDisjoint(with: ["Macros", "_VBA_PROJECT_CUR"])

        // The first sector of the main stream says whether it is password-protected.
        func firstSector(of stream: DirectoryEntry?) throws(UploadRejection) -> Int? {
            guard let stream, stream.size >= Self.miniStreamCutoff else { return nil }
            return try offset(ofSector: stream.startSector)
        }
        switch content {
        case .word:
            // The File Information Block: wIdent 0xA5EC, then fEncrypted is bit 8 of the flags at 0x0A.
            if let start = try firstSector(of: streams["WordDocument"]), reader.u16le(start) == 0xA5EC, let flags = reader.u16le(start + 0x0A) {
                isEncrypted = flags & 0x0100 != 0
            } else {
                isEncrypted = false
            }
        case .excel:
            // BIFF records (type, length, data) from the BOF; FILEPASS (0x002F) marks encryption
            // and comes before any record that is not part of the workbook's opening.
            isEncrypted = false
            if let start = try firstSector(of: streams["Workbook"] ?? streams["Book"]) {
                var cursor = start
                while cursor < start + sectorSize, let type = reader.u16le(cursor), let length = reader.u16le(cursor + 2) {
                    if type == 0x002F { isEncrypted = true; break }
                    if type == 0x0085 { break }  // BOUNDSHEET: past where FILEPASS may stand
                    cursor += 4 + length
                }
            }
        default:
            isEncrypted = content == .encryptedPackage
        }
    }
}
