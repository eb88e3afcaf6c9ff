import Foundation

/// Width and height of an uploaded PNG or JPEG, read from its header without decoding the pixels.
///
/// Logos, banners and news photos are sized and laid out from these numbers, so a file whose
/// structure is cut off or broken gives nil rather than a guess. So does a side longer than
/// `maxSide`: a 20000 × 20000 image is 1.6 GB of pixels once decoded, which is how a small
/// "decompression bomb" file takes down whatever resizes it.
public struct ImageDimensions: Sendable, Equatable {
    /// `.png` or `.jpeg`.
    public let kind: FileKind
    /// Pixels as stored, before any EXIF rotation.
    public let width: Int
    public let height: Int
    /// JPEG EXIF orientation, 1 (as stored) to 8; nil for PNG and for a JPEG without one.
    /// Cameras store the sensor's pixels and record how the phone was held in this tag.
    public let orientation: Int?

    /// Longest side accepted, in pixels.
    public static let maxSide = 20_000

    public init(kind: FileKind, width: Int, height: Int, orientation: Int? = nil) {
        self.kind = kind
        self.width = width
        self.height = height
        self.orientation = orientation
    }

    public init?(_ data: Data) {
        self.init(bytes: [UInt8](data))
    }

    /// Reads a PNG (IHDR) or JPEG (the first SOFn); nil for anything else, for a file cut off or
    /// damaged, and for a side of 0 or more than `maxSide`.
    public init?(bytes: [UInt8]) {
        let reader = ByteReader(bytes)
        let found: ImageDimensions?
        if reader.matches(Signature.png) {
            found = Self.png(reader)
        } else if reader.matches(Signature.jpeg) {
            found = Self.jpeg(reader)
        } else {
            found = nil
        }
        guard let found, (1...Self.maxSide).contains(found.width), (1...Self.maxSide).contains(found.height) else { return nil }
        self = found
    }

    /// Width and height as the image is shown: swapped when the EXIF orientation turns it a quarter (5–8).
    public var displayWidth: Int { isQuarterTurned ? height : width }
    public var displayHeight: Int { isQuarterTurned ? width : height }

    private var isQuarterTurned: Bool { (5...8).contains(orientation ?? 1) }

    // MARK: PNG

    private static func png(_ reader: ByteReader) -> ImageDimensions? {
        guard let header = PNGChunks(reader)?.chunks.first, let width = reader.u32be(header.data.lowerBound),
            let height = reader.u32be(header.data.lowerBound + 4)
        else { return nil }
        return ImageDimensions(kind: .png, width: width, height: height)
    }

    // MARK: JPEG

    /// SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG, reserved) and CC (DAC) share the range
    /// but are not frames (ITU T.81 Table B.1).
    static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    private static func jpeg(_ reader: ByteReader) -> ImageDimensions? {
        guard let parts = JPEGParts(reader)?.parts else { return nil }
        var orientation: Int?
        var exifSeen = false
        for part in parts {
            guard case let .segment(marker, _, payload) = part else { continue }
            if marker == 0xE1, !exifSeen, payload.count >= exifHeader.count, reader.matches(exifHeader, at: payload.lowerBound) {
                exifSeen = true
                orientation = exifOrientation(reader, payload: payload)
            }
            if isStartOfFrame(marker) {
                // Precision (1 byte), then height and width (2 bytes each, big-endian). A height of 0
                // means "given later by a DNL marker", which almost nothing writes: refused.
                guard payload.count >= 6, let height = reader.u16be(payload.lowerBound + 1), let width = reader.u16be(payload.lowerBound + 3) else { return nil }
                return ImageDimensions(kind: .jpeg, width: width, height: height, orientation: orientation)
            }
        }
        return nil
    }

    static let exifHeader = Array("Exif\0\0".utf8)

    /// The Orientation tag (0x0112) of IFD0 in an APP1 Exif payload; nil when it is absent or
    /// anything on the way to it is out of bounds or not as TIFF 6.0 defines it.
    ///
    /// TIFF offsets count from the TIFF header and come from the file, so the payload is read
    /// through its own reader: no offset can reach past the segment.
    static func exifOrientation(_ reader: ByteReader, payload: Range<Int>) -> Int? {
        guard let slice = reader.slice(payload.lowerBound, payload.count), slice.count > exifHeader.count else { return nil }
        let tiff = ByteReader(Array(slice.dropFirst(exifHeader.count)))
        let bigEndian: Bool
        if tiff.matches(Array("MM".utf8)) {
            bigEndian = true
        } else if tiff.matches(Array("II".utf8)) {
            bigEndian = false
        } else {
            return nil
        }
        guard tiff.u16(2, bigEndian: bigEndian) == 42, let ifd = tiff.u32(4, bigEndian: bigEndian), let count = tiff.u16(ifd, bigEndian: bigEndian) else { return nil }
        for index in 0..<count {
            // Entries are 12 bytes: tag, type, count, then the value when it fits in 4 bytes.
            let entry = ifd + 2 + 12 * index
            guard let tag = tiff.u16(entry, bigEndian: bigEndian) else { return nil }
            guard tag == 0x0112 else { continue }
            // SHORT (type 3), one value, stored in the first two bytes of the value field.
            guard tiff.u16(entry + 2, bigEndian: bigEndian) == 3, tiff.u32(entry + 4, bigEndian: bigEndian) == 1,
                let value = tiff.u16(entry + 8, bigEndian: bigEndian), (1...8).contains(value)
            else { return nil }
            return value
        }
        return nil
    }
}
