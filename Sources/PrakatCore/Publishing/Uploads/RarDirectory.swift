/// Lists the entries of a RAR archive from its block headers, without unpacking.
///
/// RAR 5 (WinRAR 5.0 and later, the default since 5.50) and RAR 4 are both read, so the same
/// entry rules apply as for ZIP. Header CRCs are not verified: a wrong CRC makes WinRAR refuse
/// the file, which harms no one.
struct RarDirectory: Sendable {
    var entries: [ArchiveEntry]

    static func hasSignature(_ reader: ByteReader) -> Bool {
        reader.matches(Signature.rar5) || reader.matches(Signature.rar4)
    }

    init(_ reader: ByteReader, maxEntries: Int) throws(UploadRejection) {
        if reader.matches(Signature.rar5) {
            entries = try Self.readVersion5(reader, maxEntries: maxEntries)
        } else if reader.matches(Signature.rar4) {
            entries = try Self.readVersion4(reader, maxEntries: maxEntries)
        } else {
            throw .archiveUnreadable
        }
    }

    // MARK: RAR 5

    /// A RAR 5 variable-length integer: 7 bits a byte, low first, high bit set on all but the last.
    /// Returns the value and the offset after it; nil past the buffer or beyond `Int`.
    private static func vint(_ reader: ByteReader, _ offset: Int) -> (value: Int, next: Int)? {
        var value: UInt64 = 0
        for index in 0..<10 {
            guard let byte = reader.u8(offset + index) else { return nil }
            let bits = UInt64(byte & 0x7F)
            guard index < 9 || bits <= 1 else { return nil }  // the 10th byte holds bit 63 only
            value |= bits << (7 * UInt64(index))
            if byte & 0x80 == 0 {
                guard let result = Int(exactly: value) else { return nil }
                return (result, offset + index + 1)
            }
        }
        return nil
    }

    private static func readVersion5(_ reader: ByteReader, maxEntries: Int) throws(UploadRejection) -> [ArchiveEntry] {
        var entries: [ArchiveEntry] = []
        var position = Signature.rar5.count
        while position < reader.count {
            // CRC32, header size, then the header: type, flags, [extra size], [data size], fields.
            guard let (headerSize, headerStart) = vint(reader, position + 4) else { throw .truncated }
            guard let headerEnd = checkedSum(headerStart, headerSize), headerSize > 0 else { throw .archiveUnreadable }
            guard headerEnd <= reader.count else { throw .truncated }
            guard let (type, afterType) = vint(reader, headerStart), let (flags, afterFlags) = vint(reader, afterType)
            else { throw .archiveUnreadable }
            var cursor = afterFlags
            var extraSize = 0, dataSize = 0
            if flags & 0x0001 != 0 {
                guard let (size, next) = vint(reader, cursor) else { throw .archiveUnreadable }
                (extraSize, cursor) = (size, next)
            }
            if flags & 0x0002 != 0 {
                guard let (size, next) = vint(reader, cursor) else { throw .archiveUnreadable }
                (dataSize, cursor) = (size, next)
            }
            guard cursor <= headerEnd, extraSize <= headerEnd - cursor else { throw .archiveUnreadable }
            let extraRange = (headerEnd - extraSize)..<headerEnd

            switch type {
            case 1:  // main archive header: a volume of a multi-part archive cannot be checked alone
                guard let (archiveFlags, _) = vint(reader, cursor), cursor < extraRange.lowerBound else { throw .archiveUnreadable }
                if archiveFlags & 0x0001 != 0 { throw .archiveUnreadable }
            case 2:  // file header
                entries.append(try readFileHeader5(reader, fieldsAt: cursor, extra: extraRange))
                if entries.count > maxEntries { throw .tooManyEntries(limit: maxEntries) }
            case 4:  // archive encryption header: every following header, names included, is encrypted
                throw .encryptedArchive
            case 5:  // end of archive
                return entries
            default:  // service headers (comment, recovery record, NTFS streams…) and unknown blocks
                break
            }
            // Data that continues into another volume is another sign of a multi-part archive.
            if flags & 0x0018 != 0 { throw .archiveUnreadable }
            guard let next = checkedSum(headerEnd, dataSize) else { throw .archiveUnreadable }
            guard next <= reader.count else { throw .truncated }
            position = next
        }
        throw .truncated  // RAR 5 always ends with an end-of-archive header
    }

    private static func readFileHeader5(_ reader: ByteReader, fieldsAt start: Int, extra: Range<Int>) throws(UploadRejection) -> ArchiveEntry {
        guard let (fileFlags, afterFlags) = vint(reader, start),
            let (unpackedSize, afterSize) = vint(reader, afterFlags),
            let (_, afterAttributes) = vint(reader, afterSize)
        else { throw .archiveUnreadable }
        var cursor = afterAttributes
        if fileFlags & 0x0002 != 0 { cursor += 4 }  // modification time
        if fileFlags & 0x0004 != 0 { cursor += 4 }  // data CRC32
        guard let (_, afterCompression) = vint(reader, cursor),
            let (_, afterHost) = vint(reader, afterCompression),
            let (nameLength, nameStart) = vint(reader, afterHost),
            nameStart <= extra.lowerBound, nameLength <= extra.lowerBound - nameStart,
            let nameBytes = reader.slice(nameStart, nameLength)
        else { throw .archiveUnreadable }
        // An unknown unpacked size (0x0008) leaves nothing to check a bomb against.
        if fileFlags & 0x0008 != 0 { throw .archiveUnreadable }

        var entry = ArchiveEntry(names: [String(decoding: nameBytes, as: UTF8.self)])
        entry.isDirectory = fileFlags & 0x0001 != 0
        entry.uncompressedSize = unpackedSize
        // Extra records: size (from the type on), type, data. 0x01 is encryption, 0x05 a link.
        var record = extra.lowerBound
        while record < extra.upperBound {
            guard let (size, typeStart) = vint(reader, record), size > 0, let recordEnd = checkedSum(typeStart, size),
                recordEnd <= extra.upperBound, let (recordType, _) = vint(reader, typeStart)
            else { throw .archiveUnreadable }
            if recordType == 0x01 { entry.isEncrypted = true }
            if recordType == 0x05 { entry.isLink = true }
            record = recordEnd
        }
        return entry
    }

    // MARK: RAR 4

    private static func readVersion4(_ reader: ByteReader, maxEntries: Int) throws(UploadRejection) -> [ArchiveEntry] {
        var entries: [ArchiveEntry] = []
        var position = Signature.rar4.count
        // Blocks: CRC16, type, flags, header size, [added size when flags has 0x8000].
        while position < reader.count {
            guard let type = reader.u8(position + 2), let flags = reader.u16le(position + 3),
                let headerSize = reader.u16le(position + 5)
            else { throw .truncated }
            guard headerSize >= 7 else { throw .archiveUnreadable }
            guard reader.contains(offset: position, length: headerSize) else { throw .truncated }
            var added = 0
            if flags & 0x8000 != 0 {
                guard headerSize >= 11, let size = reader.u32le(position + 7) else { throw .archiveUnreadable }
                added = size
            }
            switch type {
            case 0x73:  // archive header: 0x0080 = headers encrypted, 0x0001 = volume
                if flags & 0x0080 != 0 { throw .encryptedArchive }
                if flags & 0x0001 != 0 { throw .archiveUnreadable }
            case 0x74:  // file header
                entries.append(try readFileHeader4(reader, at: position, flags: flags, headerSize: headerSize))
                if entries.count > maxEntries { throw .tooManyEntries(limit: maxEntries) }
            case 0x7B:  // end of archive
                return entries
            default:
                break
            }
            guard let next = checkedSum(position + headerSize, added) else { throw .archiveUnreadable }
            guard next <= reader.count else { throw .truncated }
            position = next
        }
        return entries  // RAR 4 archives from old versions may end without an end block
    }

    private static func readFileHeader4(
        _ reader: ByteReader, at position: Int, flags: Int, headerSize: Int
    )
        throws(UploadRejection) -> ArchiveEntry
    {
        let large = flags & 0x0100 != 0
        let nameOffset = position + (large ? 40 : 32)
        guard let unpacked = reader.u32le(position + 11), let hostOS = reader.u8(position + 15),
            let nameLength = reader.u16le(position + 26), let attributes = reader.u32le(position + 28),
            nameOffset + nameLength <= position + headerSize,
            let nameBytes = reader.slice(nameOffset, nameLength)
        else { throw .archiveUnreadable }
        var unpackedSize = unpacked
        if large {
            guard let high = reader.u32le(position + 32), let highUnpacked = reader.u32le(position + 36) else { throw .archiveUnreadable }
            // Packed data past 4 GB cannot be inside an upload; an unpacked size past `Int` is a bomb.
            guard high == 0 else { throw .truncated }
            unpackedSize = highUnpacked >= 0x8000_0000 ? Int.max : unpackedSize | highUnpacked << 32
        }
        // With 0x0200 the name is "legacy bytes, NUL, compressed UTF-16"; both forms are checked.
        let legacy = flags & 0x0200 != 0 ? nameBytes.prefix { $0 != 0 } : nameBytes
        var entry = ArchiveEntry(names: [ArchiveRules.decodeName(legacy, isUTF8: false)])
        if flags & 0x0200 != 0, legacy.count < nameBytes.count {
            let unicode = decodeUnicodeName(legacy: Array(legacy), encoded: Array(nameBytes[(legacy.endIndex + 1)...]))
            if !unicode.isEmpty, unicode != entry.names[0] { entry.names.append(unicode) }
        }
        entry.isDirectory = flags & 0x00E0 == 0x00E0
        entry.isEncrypted = flags & 0x0004 != 0
        // Unix-made archives keep the file mode: 0xA000 is a symlink.
        entry.isLink = hostOS == 3 && attributes & 0xF000 == 0xA000
        entry.uncompressedSize = unpackedSize
        return entry
    }

    /// RAR 4's compressed Unicode names (unrar's DecodeFileName): a high byte, then flag bytes
    /// whose 2-bit codes say how each UTF-16 unit is made, partly from the legacy bytes.
    static func decodeUnicodeName(legacy: [UInt8], encoded: [UInt8]) -> String {
        guard let highByte = encoded.first.map(UInt16.init) else { return "" }
        var units: [UInt16] = []
        var position = 1
        var flags: UInt8 = 0
        var flagBits = 0
        let maxUnits = 1024
        func next() -> UInt16? {
            guard position < encoded.count else { return nil }
            defer { position += 1 }
            return UInt16(encoded[position])
        }
        func legacyByte(_ index: Int) -> UInt16 { index < legacy.count ? UInt16(legacy[index]) : 0 }
        while position < encoded.count, units.count < maxUnits {
            if flagBits == 0 {
                guard let byte = next() else { break }
                flags = UInt8(byte)
                flagBits = 8
            }
            switch flags >> 6 {
            case 0:
                guard let low = next() else { break }
                units.append(low)
            case 1:
                guard let low = next() else { break }
                units.append(low | highByte << 8)
            case 2:
                guard let low = next(), let high = next() else { break }
                units.append(low | high << 8)
            default:
                guard var length = next().map(Int.init) else { break }
                if length & 0x80 != 0 {
                    guard let correction = next() else { break }
                    length = (length & 0x7F) + 2
                    while length > 0, units.count < maxUnits {
                        units.append((legacyByte(units.count) + correction) & 0xFF | highByte << 8)
                        length -= 1
                    }
                } else {
                    length += 2
                    while length > 0, units.count < maxUnits {
                        units.append(legacyByte(units.count))
                        length -= 1
                    }
                }
            }
            flags <<= 2
            flagBits -= 2
        }
        return String(decoding: units, as: UTF16.self)
    }
}
