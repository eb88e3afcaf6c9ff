/// Reads a ZIP archive's central directory (APPNOTE 6.3.10) without unpacking anything.
///
/// Strict on purpose: an archive whose directory disagrees with itself or with its local
/// headers is refused, because unpackers resolve such disagreements differently and a
/// checked listing is only worth something if it is the listing every unpacker will use.
struct ZipDirectory: Sendable {
    var entries: [ArchiveEntry]
    /// Names as listed, for Office Open XML part checks.
    var names: [String] { entries.map(\.displayName) }

    private static let centralHeader: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
    private static let zip64Locator: [UInt8] = [0x50, 0x4B, 0x06, 0x07]
    private static let endRecordSize = 22
    private static let centralHeaderSize = 46
    private static let localHeaderSize = 30
    private static let maxed32 = 0xFFFF_FFFF

    /// True when the file starts like a ZIP: a local file header, or the end record of an empty archive.
    static func hasSignature(_ reader: ByteReader) -> Bool {
        reader.matches(Signature.zipLocalHeader) || reader.matches(Signature.zipEndOfDirectory)
    }

    /// The listing; `maxEntries` stops reading early when the end record already promises too many.
    init(_ reader: ByteReader, maxEntries: Int) throws(UploadRejection) {
        let end = try Self.findEndRecord(reader)
        guard let disk = reader.u16le(end + 4), let directoryDisk = reader.u16le(end + 6),
            let entriesOnDisk = reader.u16le(end + 8), let totalEntries = reader.u16le(end + 10),
            let directorySize = reader.u32le(end + 12), let directoryOffset = reader.u32le(end + 16)
        else { throw .archiveUnreadable }

        // ZIP64 (needed only past 65,535 entries or 4 GB) cannot occur honestly within the size limit.
        if totalEntries == 0xFFFF || directorySize == Self.maxed32 || directoryOffset == Self.maxed32
            || reader.matches(Self.zip64Locator, at: end - 20)
        {
            throw .archiveUnreadable
        }
        // Split archives: one part alone cannot be unpacked.
        guard disk == 0, directoryDisk == 0, entriesOnDisk == totalEntries else { throw .archiveUnreadable }
        if totalEntries > maxEntries { throw .tooManyEntries(limit: maxEntries) }
        // The directory must end exactly where the end record begins: no gap to hide data in,
        // and no prepended bytes that shift every offset.
        guard directoryOffset <= end, directorySize == end - directoryOffset else { throw .archiveUnreadable }

        var entries: [ArchiveEntry] = []
        var spans: [(start: Int, end: Int)] = []
        var position = directoryOffset
        for _ in 0..<totalEntries {
            let (entry, span, next) = try Self.readCentralHeader(reader, at: position, directoryOffset: directoryOffset, end: end)
            entries.append(entry)
            spans.append(span)
            position = next
        }
        guard position == end else { throw .archiveUnreadable }

        // Entries that overlap share bytes: the trick behind non-recursive ZIP bombs, and a way
        // to show one content under two names.
        let ordered = spans.sorted { $0.start < $1.start }
        for (earlier, later) in zip(ordered, ordered.dropFirst()) where earlier.end > later.start {
            throw .archiveUnreadable
        }
        self.entries = entries
    }

    /// The end of central directory record: searched backwards over the longest possible
    /// comment, and accepted only where its comment length reaches exactly to the end of file.
    private static func findEndRecord(_ reader: ByteReader) throws(UploadRejection) -> Int {
        let last = reader.count - endRecordSize
        guard last >= 0 else { throw .truncated }
        var sawSignature = false
        for candidate in stride(from: last, through: max(0, last - 0xFFFF), by: -1)
        where reader.matches(Signature.zipEndOfDirectory, at: candidate) {
            sawSignature = true
            if let commentLength = reader.u16le(candidate + 20), candidate + endRecordSize + commentLength == reader.count {
                return candidate
            }
        }
        // No end record at all: the usual cause is a cut-off download.
        throw sawSignature ? .archiveUnreadable : .truncated
    }

    /// One central directory header, checked against its local header.
    private static func readCentralHeader(
        _ reader: ByteReader, at position: Int, directoryOffset: Int, end: Int
    )
        throws(UploadRejection) -> (ArchiveEntry, (start: Int, end: Int), next: Int)
    {
        guard reader.matches(centralHeader, at: position),
            let madeBy = reader.u16le(position + 4), let flags = reader.u16le(position + 8),
            let method = reader.u16le(position + 10), var compressedSize = reader.u32le(position + 20),
            var uncompressedSize = reader.u32le(position + 24), let nameLength = reader.u16le(position + 28),
            let extraLength = reader.u16le(position + 30), let commentLength = reader.u16le(position + 32),
            let startDisk = reader.u16le(position + 34), let externalAttributes = reader.u32le(position + 38),
            var localOffset = reader.u32le(position + 42),
            let nameBytes = reader.slice(position + centralHeaderSize, nameLength),
            let extra = reader.slice(position + centralHeaderSize + nameLength, extraLength)
        else { throw .archiveUnreadable }
        let next = position + centralHeaderSize + nameLength + extraLength + commentLength
        guard next <= end, startDisk == 0 else { throw .archiveUnreadable }

        // Sizes too large for 32 bits live in the ZIP64 extra field, in this order.
        let extraReader = ByteReader(Array(extra))
        let fields = Self.extraFields(extraReader)
        if uncompressedSize == maxed32 || compressedSize == maxed32 || localOffset == maxed32 {
            guard let zip64 = fields[0x0001] else { throw .archiveUnreadable }
            var cursor = zip64.lowerBound
            func next64() throws(UploadRejection) -> Int {
                guard cursor + 8 <= zip64.upperBound, let value = extraReader.u64le(cursor) else { throw .archiveUnreadable }
                cursor += 8
                return value
            }
            if uncompressedSize == maxed32 { uncompressedSize = try next64() }
            if compressedSize == maxed32 { compressedSize = try next64() }
            if localOffset == maxed32 { localOffset = try next64() }
        }

        var entry = ArchiveEntry(names: [ArchiveRules.decodeName(nameBytes, isUTF8: flags & 0x0800 != 0)])
        // Info-ZIP Unicode path (0x7075): version 1, CRC-32 of the main name, then the UTF-8 name.
        if let unicodePath = fields[0x7075], unicodePath.count > 5, extraReader.u8(unicodePath.lowerBound) == 1,
            let utf8 = extraReader.slice(unicodePath.lowerBound + 5, unicodePath.count - 5)
        {
            let alternative = String(decoding: utf8, as: UTF8.self)
            if alternative != entry.names[0] { entry.names.append(alternative) }
        }
        let host = madeBy >> 8
        let unixMode = externalAttributes >> 16
        entry.isDirectory = entry.names[0].hasSuffix("/")
        // Bit 0: encrypted; bit 6: strong encryption; bit 13: encrypted directory; method 99: AES.
        entry.isEncrypted = flags & 0x0001 != 0 || flags & 0x0040 != 0 || flags & 0x2000 != 0 || method == 99
        // Unix (3) and macOS (19) hosts keep the file mode in the high half: 0xA000 is a symlink.
        entry.isLink = (host == 3 || host == 19) && unixMode & 0xF000 == 0xA000
        entry.uncompressedSize = uncompressedSize

        // The local header must exist, name the same file, and its data must end before the directory.
        guard reader.matches(Signature.zipLocalHeader, at: localOffset),
            let localNameLength = reader.u16le(localOffset + 26), let localExtraLength = reader.u16le(localOffset + 28),
            let localName = reader.slice(localOffset + localHeaderSize, localNameLength),
            localName.elementsEqual(nameBytes)
        else { throw .archiveUnreadable }
        let dataStart = localOffset + localHeaderSize + localNameLength + localExtraLength
        guard let dataEnd = checkedSum(dataStart, compressedSize), dataEnd <= directoryOffset else { throw .archiveUnreadable }
        // A stored (method 0) entry is its own content: a renamed program is visible without unpacking.
        if method == 0, !entry.isEncrypted {
            entry.storedExecutable = Signature.isExecutable(reader, at: dataStart, length: compressedSize)
        }
        return (entry, (localOffset, dataEnd), next)
    }

    /// Extra field blocks (id, size, data) by id, as ranges into `reader`; a malformed tail is ignored.
    private static func extraFields(_ reader: ByteReader) -> [Int: Range<Int>] {
        var fields: [Int: Range<Int>] = [:]
        var cursor = 0
        while let id = reader.u16le(cursor), let size = reader.u16le(cursor + 2), reader.contains(offset: cursor + 4, length: size) {
            if fields[id] == nil { fields[id] = (cursor + 4)..<(cursor + 4 + size) }
            cursor += 4 + size
        }
        return fields
    }
}
