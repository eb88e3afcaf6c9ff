import Foundation

/// Removes what a photo says about where and when it was taken, and on what, before it is published.
///
/// A phone photo of a site visit carries GPS coordinates, the owner's name and the device's serial
/// number in EXIF; editing software adds XMP with file paths and edit history; some cameras keep an
/// uncropped thumbnail. None of it is needed to show the picture, and an agency's web site is no
/// place to leak a clerk's home address. The pixels are not touched: segments and chunks are
/// dropped whole and everything kept is copied byte for byte, so nothing is re-compressed.
public enum ImageMetadataStripper {
    /// The file without its metadata, or nil when it is not a whole, well-formed PNG or JPEG.
    ///
    /// `keepingOrientation`: a phone stores a portrait photo as landscape pixels plus an EXIF
    /// Orientation tag, and browsers turn the picture by that tag. Without EXIF such a photo shows
    /// on its side, so for photos pass true: the JPEG then keeps a new, minimal EXIF segment holding
    /// the orientation alone (when it is not 1), and nothing else of the original.
    public static func strip(_ data: Data, keepingOrientation: Bool = false) -> Data? {
        strip(bytes: [UInt8](data), keepingOrientation: keepingOrientation).map { Data($0) }
    }

    public static func strip(bytes: [UInt8], keepingOrientation: Bool = false) -> [UInt8]? {
        let reader = ByteReader(bytes)
        if reader.matches(Signature.png) { return stripPNG(reader) }
        if reader.matches(Signature.jpeg) { return stripJPEG(reader, keepingOrientation: keepingOrientation) }
        return nil
    }

    // MARK: JPEG

    static let jfif = Array("JFIF\0".utf8)
    static let iccProfile = Array("ICC_PROFILE\0".utf8)
    static let adobe = Array("Adobe".utf8)

    /// Keeps what decoding needs and drops the rest:
    /// - APP0 only when it is JFIF (a JFXX APP0 holds a thumbnail);
    /// - APP2 only when it is an ICC profile (without it colours shift; an MPF APP2 indexes
    ///   extra images, which are dropped with everything after EOI);
    /// - APP14 only when it is Adobe's (it says whether the data is YCbCr or RGB/CMYK);
    /// - every other APPn (APP1: EXIF with GPS, XMP; APP13: Photoshop IRB) and every COM.
    ///
    /// Tables, frame headers, scans and the scan data between them are copied as they are.
    /// Bytes after EOI (a phone's motion-photo video, a second image with its own EXIF) are left off.
    static func stripJPEG(_ reader: ByteReader, keepingOrientation: Bool = false) -> [UInt8]? {
        guard let parts = JPEGParts(reader)?.parts else { return nil }
        var output: [UInt8] = [0xFF, JPEGParts.soi]
        output.reserveCapacity(reader.count)
        var pending: [UInt8]?
        if keepingOrientation, let exif = parts.first(where: { isExif($0, reader) }), case let .segment(_, _, payload) = exif,
            let orientation = ImageDimensions.exifOrientation(reader, payload: payload), orientation != 1
        {
            pending = orientationSegment(orientation)
        }
        for (index, part) in parts.enumerated() {
            // The new EXIF segment goes right after SOI, or after JFIF's APP0 when that comes first (as it must).
            if index == 0, !isJFIF(part, reader), let segment = pending {
                output += segment
                pending = nil
            }
            switch part {
            case let .segment(marker, range, payload):
                if keepsJPEGSegment(marker: marker, reader: reader, payload: payload) { output += reader.bytes[range] }
            case let .standalone(_, range), let .scanData(range):
                output += reader.bytes[range]
            }
            if let segment = pending {
                output += segment
                pending = nil
            }
        }
        output += [0xFF, JPEGParts.eoi]
        return output
    }

    private static func isExif(_ part: JPEGParts.Part, _ reader: ByteReader) -> Bool {
        guard case let .segment(0xE1, _, payload) = part else { return false }
        return payload.count >= ImageDimensions.exifHeader.count && reader.matches(ImageDimensions.exifHeader, at: payload.lowerBound)
    }

    private static func isJFIF(_ part: JPEGParts.Part, _ reader: ByteReader) -> Bool {
        guard case let .segment(0xE0, _, payload) = part else { return false }
        return payload.count >= jfif.count && reader.matches(jfif, at: payload.lowerBound)
    }

    /// APP1 with "Exif", a big-endian TIFF header and an IFD0 of one entry: Orientation, a SHORT.
    static func orientationSegment(_ orientation: Int) -> [UInt8] {
        let tiff: [UInt8] = Array("MM".utf8) + [0, 42, 0, 0, 0, 8] + [0, 1] + [0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(clamping: orientation), 0, 0] + [0, 0, 0, 0]
        let payload = ImageDimensions.exifHeader + tiff
        return [0xFF, 0xE1, 0, UInt8(payload.count + 2)] + payload
    }

    private static func keepsJPEGSegment(marker: UInt8, reader: ByteReader, payload: Range<Int>) -> Bool {
        switch marker {
        case 0xE0: reader.matches(jfif, at: payload.lowerBound) && payload.count >= jfif.count
        case 0xE2: reader.matches(iccProfile, at: payload.lowerBound) && payload.count >= iccProfile.count
        case 0xEE: reader.matches(adobe, at: payload.lowerBound) && payload.count >= adobe.count
        case 0xE1...0xEF, 0xFE: false
        default: true
        }
    }

    // MARK: PNG

    /// Text (tEXt, zTXt, iTXt: author, software, comments, sometimes a whole XMP packet), EXIF
    /// (eXIf, GPS included) and the last-modified time (tIME).
    static let droppedPNGChunks: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]

    /// Every other chunk is kept in order: colour (iCCP, sRGB, gAMA, cHRM), transparency,
    /// animation (APNG) and the image data. Bytes after IEND are left off.
    static func stripPNG(_ reader: ByteReader) -> [UInt8]? {
        guard let chunks = PNGChunks(reader)?.chunks else { return nil }
        var output = Signature.png
        output.reserveCapacity(reader.count)
        for chunk in chunks where !droppedPNGChunks.contains(chunk.type) {
            output += reader.bytes[chunk.range]
        }
        return output
    }
}
