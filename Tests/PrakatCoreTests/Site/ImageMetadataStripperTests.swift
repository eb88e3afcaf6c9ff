import Foundation
import Testing

@testable import PrakatCore

@Suite("Image metadata stripper")
struct ImageMetadataStripperTests {
    typealias I = ImageFixture
    typealias F = Fixture

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        bytes.firstRange(of: Array(text.utf8)) != nil
    }

    /// `bytes` with every occurrence of each of `pieces` cut out.
    static func removing(_ pieces: [[UInt8]], from bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        for piece in pieces {
            while let range = result.firstRange(of: piece) { result.removeSubrange(range) }
        }
        return result
    }

    // MARK: JPEG

    @Test func exifWithGPSAndCommentAreRemovedAndTheRestIsIdentical() throws {
        let original = I.soi + I.app0 + I.app1Exif(orientation: 6) + I.comment + I.dqt + I.sof(width: 64, height: 48) + I.dht + I.sos + I.scanData + I.eoi
        #expect(Self.contains(original, "GPS"))
        let stripped = try #require(ImageMetadataStripper.strip(bytes: original))
        #expect(stripped == I.soi + I.app0 + I.dqt + I.sof(width: 64, height: 48) + I.dht + I.sos + I.scanData + I.eoi)
        #expect(!Self.contains(stripped, "GPS"))
        #expect(!Self.contains(stripped, "Exif"))
        #expect(!Self.contains(stripped, "somchai"))
    }

    @Test(arguments: 2...8)
    func orientationCanBeKept(orientation: Int) throws {
        let original = I.jpeg([I.app0, I.comment, I.app1Exif(orientation: orientation, bigEndian: false), I.xmp])
        let stripped = try #require(ImageMetadataStripper.strip(bytes: original, keepingOrientation: true))
        #expect(stripped == I.jpeg([I.app0, ImageMetadataStripper.orientationSegment(orientation)]))
        #expect(ImageDimensions(bytes: stripped)?.orientation == orientation)
        #expect(!Self.contains(stripped, "GPS") && !Self.contains(stripped, "Cam"))
        #expect(ImageMetadataStripper.strip(bytes: stripped, keepingOrientation: true) == stripped)
        #expect(ImageMetadataStripper.strip(bytes: stripped) == I.jpeg([I.app0]))
    }

    @Test func orientationGoesRightAfterSOIWithoutJFIF() throws {
        let original = I.jpeg([I.iccProfile, I.app1Exif(orientation: 6)])
        let stripped = try #require(ImageMetadataStripper.strip(bytes: original, keepingOrientation: true))
        #expect(stripped == I.jpeg([ImageMetadataStripper.orientationSegment(6), I.iccProfile]))
        #expect(ImageMetadataStripper.strip(bytes: stripped, keepingOrientation: true) == stripped)
    }

    @Test func noOrientationSegmentWhenThereIsNothingToTurn() {
        for head in [[I.app0, I.app1Exif(orientation: 1)], [I.app0, I.app1Exif(orientation: nil)], [I.app0, I.app1Exif(orientation: 9)], [I.app0, I.xmp], [I.app0]] {
            #expect(ImageMetadataStripper.strip(bytes: I.jpeg(head), keepingOrientation: true) == I.jpeg([I.app0]))
        }
        #expect(ImageMetadataStripper.strip(bytes: I.metadataPNG, keepingOrientation: true) == ImageMetadataStripper.strip(bytes: I.metadataPNG))
    }

    @Test func realPhotoKeepsItsQuarterTurn() throws {
        let stripped = try #require(ImageMetadataStripper.strip(Data(I.photoJPEG), keepingOrientation: true))
        let size = try #require(ImageDimensions(stripped))
        #expect(size.orientation == 6 && size.displayWidth == 8 && size.displayHeight == 16)
        #expect(!Self.contains([UInt8](stripped), "GPS") && !Self.contains([UInt8](stripped), "PhoneMaker"))
    }

    @Test func keepsWhatDecodingNeeds() throws {
        let original = I.jpeg([I.app0, I.iccProfile, I.adobe])
        #expect(ImageMetadataStripper.strip(bytes: original) == original)
    }

    @Test func dropsEveryOtherApplicationSegment() throws {
        let others = (0xE1...0xEF).map { I.segment(UInt8($0), F.ascii("vendor data \($0)")) }
        let lookalikes = [
            I.segment(0xE0, F.ascii("JFXX\0") + [0x10, 0xFF, 0xD8, 0xFF, 0xD9]),  // a JFXX thumbnail
            I.mpf, I.segment(0xE2, F.ascii("FPXR\0")), I.segment(0xEE, F.ascii("NotAdobe")), I.xmp, I.photoshop, I.comment,
            I.segment(0xE0, []), I.segment(0xE2, F.ascii("ICC_PROFILE")), I.segment(0xEE, F.ascii("Adob"))  // cut-short names
        ]
        let original = I.jpeg([I.app0] + others + lookalikes + [I.iccProfile])
        let stripped = try #require(ImageMetadataStripper.strip(bytes: original))
        #expect(stripped == I.jpeg([I.app0, I.iccProfile]))
    }

    @Test func segmentsBetweenProgressiveScansAreFilteredAndScanDataCopied() throws {
        let scan2 = I.segment(0xDA, [1, 1, 0x00, 1, 5, 0]) + [0x11, 0xFF, 0x00, 0x22]
        let original =
            I.soi + I.app0 + I.dqt + I.sof(width: 8, height: 8, marker: 0xC2) + I.dht + I.sos + I.scanData
            + I.comment + I.app1Exif(orientation: 1) + I.dht + scan2 + I.eoi
        let stripped = try #require(ImageMetadataStripper.strip(bytes: original))
        #expect(stripped == I.soi + I.app0 + I.dqt + I.sof(width: 8, height: 8, marker: 0xC2) + I.dht + I.sos + I.scanData + I.dht + scan2 + I.eoi)
    }

    @Test func bytesAfterEOIAreLeftOff() throws {
        let image = I.jpeg()
        let trailer = F.ascii("ftypmp42 motion photo with its own GPS") + I.soi + I.app1Exif(orientation: 1) + I.eoi
        #expect(ImageMetadataStripper.strip(bytes: image + trailer) == image)
        #expect(ImageMetadataStripper.strip(bytes: image + [0, 0, 0, 0]) == image)
    }

    @Test func realPhoto() throws {
        let original = I.photoJPEG
        let stripped = try #require(ImageMetadataStripper.strip(bytes: original))
        for gone in ["Exif", "GPS", "PhoneMaker", "somchai", "http://ns.adobe.com/xap", "Photoshop", "MPF", "TRAILER"] {
            #expect(Self.contains(original, gone))
            #expect(!Self.contains(stripped, gone), "\(gone) must be gone")
        }
        #expect(Self.contains(stripped, "JFIF") && Self.contains(stripped, "ICC_PROFILE"))
        // SOI and APP0, then the ICC profile as it was, then everything from the first DQT to EOI as it was.
        let app0End = 2 + 18
        let icc = try #require(original.firstRange(of: F.ascii("ICC_PROFILE"))).lowerBound - 4
        let iccLength = Int(original[icc + 2]) << 8 | Int(original[icc + 3])
        let tables = try #require(original.firstRange(of: [0xFF, 0xDB])).lowerBound
        let end = try #require(original.ranges(of: I.eoi).last).upperBound
        #expect(stripped == Array(original[0..<app0End] + original[icc..<(icc + 2 + iccLength)] + original[tables..<end]))
        #expect(ImageDimensions(bytes: stripped) == ImageDimensions(kind: .jpeg, width: 16, height: 8))
    }

    @Test func realProgressive() throws {
        let original = I.progressiveJPEG
        let firstExif = try #require(original.firstRange(of: F.ascii("Exif"))).lowerBound - 4
        let firstExifLength = Int(original[firstExif + 2]) << 8 | Int(original[firstExif + 3])
        var expected = original
        expected.removeSubrange(firstExif..<(firstExif + 2 + firstExifLength))
        expected = Self.removing([I.segment(0xFE, F.ascii("between scans")), I.segment(0xE1, F.ascii("Exif\0\0MM\0*\0\0\0\u{8}\0\0"))], from: expected)
        #expect(expected.count == original.count - 36 - 17 - 20)
        #expect(ImageMetadataStripper.strip(bytes: original) == expected)
    }

    @Test func realCMYKKeepsItsAdobeSegment() {
        #expect(ImageMetadataStripper.strip(bytes: I.cmykJPEG) == I.cmykJPEG)
    }

    @Test func brokenJPEGIsNil() {
        let whole = I.jpeg([I.app0, I.app1Exif(orientation: 6), I.comment])
        for length in 0..<whole.count {
            #expect(ImageMetadataStripper.strip(bytes: Array(whole.prefix(length))) == nil, "cut at \(length)")
        }
        #expect(ImageMetadataStripper.strip(bytes: I.soi + [0xFF, 0xE1, 0x00, 0x01] + I.eoi) == nil)
        #expect(ImageMetadataStripper.strip(bytes: I.soi + [0xFF, 0xE1, 0xFF, 0xFF] + I.eoi) == nil)
        #expect(ImageMetadataStripper.strip(bytes: I.soi + I.app0 + I.eoi) == nil, "no scan: no picture")
        #expect(ImageMetadataStripper.strip(bytes: I.soi + I.app0 + I.soi + I.sos + I.eoi) == nil)
    }

    // MARK: PNG

    @Test func pngMetadataChunksAreRemovedAndTheRestIsIdentical() throws {
        let kept = [F.pngChunk("iCCP", F.ascii("sRGB\0\0") + [0x78, 0x9C]), F.pngChunk("pHYs", F.be32(3780) + F.be32(3780) + [1]), F.pngChunk("gAMA", F.be32(45455))]
        let dropped = [
            F.pngChunk("tEXt", F.ascii("Author\0somchai")), F.pngChunk("zTXt", F.ascii("Comment\0\0") + [0x78, 0x9C]),
            F.pngChunk("iTXt", F.ascii("Description\0\0\0th\0\0") + Array("ภาพกิจกรรม GPS".utf8)), F.pngChunk("tIME", [0x07, 0xE9, 3, 14, 9, 30, 0]),
            F.pngChunk("eXIf", Array(I.exif(orientation: 6).dropFirst(6)))
        ]
        let original = I.png(extra: [kept[0]] + dropped + [kept[1], kept[2]])
        let stripped = try #require(ImageMetadataStripper.strip(bytes: original))
        #expect(stripped == I.png(extra: kept))
        #expect(!Self.contains(stripped, "GPS") && !Self.contains(stripped, "somchai"))
    }

    @Test func realPNG() throws {
        let original = I.metadataPNG
        let stripped = try #require(ImageMetadataStripper.strip(Data(original)))
        let chunks = try #require(PNGChunks(ByteReader([UInt8](stripped)))).chunks.map(\.type)
        #expect(chunks == ["IHDR", "iCCP", "IDAT", "IEND"])
        for gone in ["somchai", "GPS", "PhoneMaker", "appended zip?"] {
            #expect(!Self.contains([UInt8](stripped), gone), "\(gone) must be gone")
        }
        let originalChunks = try #require(PNGChunks(ByteReader(original))).chunks.filter { chunks.contains($0.type) }
        #expect([UInt8](stripped) == Signature.png + originalChunks.flatMap { original[$0.range] })
    }

    @Test func anAPNGKeepsItsAnimation() throws {
        let animation = [F.pngChunk("acTL", F.be32(1) + F.be32(0)), F.pngChunk("fcTL", [UInt8](repeating: 0, count: 26))]
        #expect(ImageMetadataStripper.strip(bytes: I.png(extra: animation)) == I.png(extra: animation))
    }

    @Test func brokenPNGIsNil() {
        let whole = I.png(extra: [F.pngChunk("tEXt", F.ascii("a\0b"))])
        for length in 0..<whole.count {
            #expect(ImageMetadataStripper.strip(bytes: Array(whole.prefix(length))) == nil, "cut at \(length)")
        }
        let ihdr = F.pngChunk("IHDR", F.be32(1) + F.be32(1) + [8, 2, 0, 0, 0])
        #expect(ImageMetadataStripper.strip(bytes: Signature.png + F.pngChunk("IDAT", []) + ihdr + F.pngChunk("IEND", [])) == nil, "IHDR not first")
        #expect(ImageMetadataStripper.strip(bytes: Signature.png + ihdr + F.be32(0x8000_0000) + F.ascii("IDAT") + F.pngChunk("IEND", [])) == nil, "length past 2^31 - 1")
        #expect(ImageMetadataStripper.strip(bytes: Signature.png + ihdr + F.be32(0xFFFF_FFF4) + F.ascii("IDAT") + F.pngChunk("IEND", [])) == nil)
        #expect(ImageMetadataStripper.strip(bytes: Signature.png + ihdr + F.pngChunk("ID\u{0}T", []) + F.pngChunk("IEND", [])) == nil, "type not letters")
        #expect(ImageMetadataStripper.strip(bytes: Signature.png + ihdr) == nil, "no IEND")
    }

    // MARK: Both

    @Test func notAnImageIsNil() {
        for bytes in [[], F.pdf, F.ascii("<svg/>"), F.windowsProgram, Array(Signature.png.prefix(7)), [0xFF, 0xD8]] as [[UInt8]] {
            #expect(ImageMetadataStripper.strip(bytes: bytes) == nil)
        }
        #expect(ImageMetadataStripper.strip(Data()) == nil)
    }

    static let corpus: [[UInt8]] = [
        I.photoJPEG, I.progressiveJPEG, I.cmykJPEG, I.metadataPNG, I.jpeg([I.app0, I.app1Exif(orientation: 6), I.comment, I.xmp, I.iccProfile, I.adobe]),
        I.png(extra: [F.pngChunk("tEXt", F.ascii("a\0b")), F.pngChunk("tIME", [0, 0, 0, 0, 0, 0, 0])]), F.png
    ]

    @Test func strippingTwiceChangesNothingMore() throws {
        for original in Self.corpus {
            let once = try #require(ImageMetadataStripper.strip(bytes: original))
            #expect(ImageMetadataStripper.strip(bytes: once) == once)
            let turned = try #require(ImageMetadataStripper.strip(bytes: original, keepingOrientation: true))
            #expect(ImageMetadataStripper.strip(bytes: turned, keepingOrientation: true) == turned)
            #expect(once.count <= original.count)
            #expect(ImageDimensions(bytes: once)?.width == ImageDimensions(bytes: original)?.width)
        }
    }

    @Test func randomMutationsNeverTrapAndWhatComesOutIsClean() {
        var generator = SplitMix64(seed: 0x5791)
        var stripped = 0
        for seed in Self.corpus {
            for _ in 0..<400 {
                let mutated = UploadFuzzTests.mutate(seed, using: &generator)
                guard let once = ImageMetadataStripper.strip(bytes: mutated) else { continue }
                stripped += 1
                #expect(ImageMetadataStripper.strip(bytes: once) == once)
                let turned = ImageMetadataStripper.strip(bytes: mutated, keepingOrientation: true)
                #expect(turned.flatMap { ImageMetadataStripper.strip(bytes: $0, keepingOrientation: true) } == turned)
                if let parts = JPEGParts(ByteReader(once))?.parts {
                    for case let .segment(marker, _, _) in parts {
                        #expect(marker != 0xE1 && marker != 0xFE && !(0xE3...0xED).contains(marker) && marker != 0xEF)
                    }
                } else if let chunks = PNGChunks(ByteReader(once))?.chunks {
                    #expect(chunks.allSatisfy { !ImageMetadataStripper.droppedPNGChunks.contains($0.type) })
                } else {
                    Issue.record("the stripper's output must read back as a JPEG or PNG")
                }
            }
        }
        #expect(stripped > 0)
        for head in [Signature.png, Signature.jpeg, I.soi + I.app0 + I.sos] {
            for _ in 0..<300 {
                _ = ImageMetadataStripper.strip(bytes: head + (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
        }
    }
}
