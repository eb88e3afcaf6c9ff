/// The chunks of a PNG file, walked once and checked: what `ImageDimensions` reads and
/// `ImageMetadataStripper` filters.
///
/// PNG is a signature then chunks of length (4 bytes, big-endian), type (4 letters), data and CRC.
/// Lengths come from the file, so every step is bounds-checked; the walk must start with IHDR and
/// reach IEND, or the file is taken as cut off or damaged. CRCs are not checked (viewers cope with a
/// wrong one, and the upload inspector does not check them either).
struct PNGChunks {
    struct Chunk {
        /// The four type letters, e.g. "IHDR".
        let type: String
        /// The whole chunk: length, type, data and CRC.
        let range: Range<Int>
        /// The data alone.
        let data: Range<Int>
    }

    /// Every chunk up to and including IEND; bytes after IEND are not part of the image.
    let chunks: [Chunk]

    /// PNG limits lengths to 2^31 - 1 (PNG §5.3).
    static let maxChunkLength = 0x7FFF_FFFF

    init?(_ reader: ByteReader) {
        guard reader.matches(Signature.png) else { return nil }
        var chunks: [Chunk] = []
        var position = Signature.png.count
        while true {
            guard let length = reader.u32be(position), length <= Self.maxChunkLength, let typeBytes = reader.slice(position + 4, 4) else { return nil }
            // Type letters are ASCII A–Z or a–z (PNG §5.4); anything else means the walk lost its place.
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else { return nil }
            let type = String(decoding: typeBytes, as: UTF8.self)
            // length < 2^31, so these sums cannot overflow; contains() keeps the chunk and its CRC inside the file.
            let dataStart = position + 8
            guard reader.contains(offset: dataStart, length: length + 4) else { return nil }
            if chunks.isEmpty, type != "IHDR" || length != 13 { return nil }
            let end = dataStart + length + 4
            chunks.append(Chunk(type: type, range: position..<end, data: dataStart..<(dataStart + length)))
            if type == "IEND" {
                self.chunks = chunks
                return
            }
            position = end
        }
    }
}

/// The parts of a JPEG file, from SOI to EOI: marker segments, standalone markers and the
/// entropy-coded data after each SOS.
///
/// Segment lengths come from the file and are bounds-checked. Scan data is not decoded, only
/// crossed: inside it a 0xFF byte is followed by 0x00 (byte stuffing) or a restart marker
/// RST0–RST7, so the first 0xFF followed by anything else is the next marker (ITU T.81 §B.1.1.5).
/// That finds the segments between the scans of a progressive JPEG and the EOI that ends the image.
struct JPEGParts {
    enum Part {
        /// A marker with a length: APPn, COM, DQT, DHT, SOFn, SOS, DRI… `range` covers 0xFF, the
        /// marker byte, the length and the payload; `payload` the bytes after the length.
        case segment(marker: UInt8, range: Range<Int>, payload: Range<Int>)
        /// A marker without a length (TEM, RSTn) outside scan data.
        case standalone(marker: UInt8, range: Range<Int>)
        /// Entropy-coded data after an SOS segment, copied as it is (restart markers included).
        case scanData(range: Range<Int>)
    }

    static let sos: UInt8 = 0xDA
    static let eoi: UInt8 = 0xD9
    static let soi: UInt8 = 0xD8

    /// In file order, SOI and EOI left out.
    let parts: [Part]

    init?(_ reader: ByteReader) {
        guard reader.matches([0xFF, Self.soi]) else { return nil }
        var parts: [Part] = []
        var position = 2
        var sawScan = false
        while true {
            // A marker is 0xFF, any number of 0xFF fill bytes, then the marker code.
            guard reader.u8(position) == 0xFF else { return nil }
            while reader.u8(position + 1) == 0xFF { position += 1 }
            guard let marker = reader.u8(position + 1) else { return nil }
            switch marker {
            case Self.eoi:
                // An image needs at least one scan; an EOI before any is not a picture.
                guard sawScan else { return nil }
                self.parts = parts
                return
            case Self.soi, 0x00:
                return nil
            case 0x01, 0xD0...0xD7:
                parts.append(.standalone(marker: marker, range: position..<(position + 2)))
                position += 2
            default:
                guard let length = reader.u16be(position + 2), length >= 2, reader.contains(offset: position + 2, length: length) else { return nil }
                let end = position + 2 + length
                parts.append(.segment(marker: marker, range: position..<end, payload: (position + 4)..<end))
                position = end
                if marker == Self.sos {
                    sawScan = true
                    guard let dataEnd = Self.endOfScanData(reader, from: position) else { return nil }
                    if dataEnd > position { parts.append(.scanData(range: position..<dataEnd)) }
                    position = dataEnd
                }
            }
        }
    }

    /// Offset of the 0xFF that starts the first marker after the scan data at `start`
    /// (fill bytes before it stay with the data); nil when the file ends first.
    private static func endOfScanData(_ reader: ByteReader, from start: Int) -> Int? {
        let bytes = reader.bytes
        var index = start
        while index < bytes.count {
            guard bytes[index] == 0xFF else {
                index += 1
                continue
            }
            var next = index + 1
            while next < bytes.count, bytes[next] == 0xFF { next += 1 }
            guard next < bytes.count else { return nil }
            switch bytes[next] {
            case 0x00, 0xD0...0xD7: index = next + 1
            default: return next - 1
            }
        }
        return nil
    }
}

extension ByteReader {
    func u16be(_ offset: Int) -> Int? {
        guard contains(offset: offset, length: 2) else { return nil }
        return Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
    }

    func u16(_ offset: Int, bigEndian: Bool) -> Int? {
        bigEndian ? u16be(offset) : u16le(offset)
    }

    func u32(_ offset: Int, bigEndian: Bool) -> Int? {
        bigEndian ? u32be(offset) : u32le(offset)
    }
}
