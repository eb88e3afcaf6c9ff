import Foundation
import Testing

@testable import PrakatCore

@Suite("Image dimensions")
struct ImageDimensionsTests {
    typealias I = ImageFixture

    // MARK: PNG

    @Test func png() throws {
        let size = try #require(ImageDimensions(bytes: I.png(width: 1200, height: 630)))
        #expect(size == ImageDimensions(kind: .png, width: 1200, height: 630))
        #expect(size.orientation == nil)
    }

    @Test func realPNG() throws {
        let size = try #require(ImageDimensions(Data(I.metadataPNG)))
        #expect(size == ImageDimensions(kind: .png, width: 4, height: 3))
        #expect(ImageDimensions(bytes: Fixture.png) == ImageDimensions(kind: .png, width: 1, height: 1))
    }

    @Test func pngWithoutIENDOrWithAWrongFirstChunk() {
        let whole = I.png()
        #expect(ImageDimensions(bytes: Array(whole.dropLast(12))) == nil)
        #expect(ImageDimensions(bytes: Signature.png + Fixture.pngChunk("IDAT", []) + Fixture.pngChunk("IEND", [])) == nil)
        // IHDR of the wrong length
        #expect(ImageDimensions(bytes: Signature.png + Fixture.pngChunk("IHDR", Fixture.be32(1) + Fixture.be32(1)) + Fixture.pngChunk("IEND", [])) == nil)
    }

    // MARK: JPEG

    @Test func jpegBaseline() throws {
        let size = try #require(ImageDimensions(bytes: I.jpeg(width: 1920, height: 1080)))
        #expect(size == ImageDimensions(kind: .jpeg, width: 1920, height: 1080))
    }

    @Test(arguments: [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF] as [UInt8])
    func everyStartOfFrame(marker: UInt8) throws {
        let size = try #require(ImageDimensions(bytes: I.jpeg(width: 33, height: 17, sofMarker: marker)))
        #expect(size.width == 33 && size.height == 17)
    }

    /// DHT, JPG and DAC sit among the SOF markers but hold no frame size: reading one as a frame
    /// would give nonsense, so the walk goes past them to the real SOF.
    @Test(arguments: [0xC4, 0xC8, 0xCC] as [UInt8])
    func tablesThatLookLikeFramesAreSkipped(marker: UInt8) throws {
        let decoy = I.segment(marker, [8, 0x99, 0x99, 0x77, 0x77, 1, 1, 0x11, 0])
        let bytes = I.soi + I.app0 + decoy + I.dqt + I.sof(width: 800, height: 600) + I.dht + I.sos + I.scanData + I.eoi
        let size = try #require(ImageDimensions(bytes: bytes))
        #expect(size.width == 800 && size.height == 600)
        #expect(!ImageDimensions.isStartOfFrame(marker))
    }

    @Test func realJPEGs() throws {
        #expect(ImageDimensions(bytes: I.photoJPEG) == ImageDimensions(kind: .jpeg, width: 16, height: 8, orientation: 6))
        #expect(ImageDimensions(bytes: I.progressiveJPEG) == ImageDimensions(kind: .jpeg, width: 16, height: 16, orientation: 1))
        #expect(ImageDimensions(bytes: I.cmykJPEG) == ImageDimensions(kind: .jpeg, width: 8, height: 8))
        #expect(ImageDimensions(bytes: Fixture.jpeg) == nil, "the upload fixture has no SOF: no size to read")
    }

    @Test func fillBytesBeforeMarkers() throws {
        let bytes = I.soi + [0xFF, 0xFF] + I.app0 + [0xFF, 0xFF] + I.dqt + I.sof(width: 5, height: 7) + I.dht + I.sos + I.scanData + [0xFF, 0xFF] + I.eoi
        let size = try #require(ImageDimensions(bytes: bytes))
        #expect(size.width == 5 && size.height == 7)
    }

    // MARK: EXIF orientation

    @Test(arguments: 1...8)
    func orientationBigAndLittleEndian(orientation: Int) throws {
        for bigEndian in [true, false] {
            let size = try #require(ImageDimensions(bytes: I.jpeg([I.app0, I.app1Exif(orientation: orientation, bigEndian: bigEndian)], width: 400, height: 300)))
            #expect(size.orientation == orientation)
            let turned = orientation >= 5
            #expect(size.displayWidth == (turned ? 300 : 400))
            #expect(size.displayHeight == (turned ? 400 : 300))
        }
    }

    @Test func orientationAbsentOrOutOfRangeIsNil() throws {
        for exif in [I.exif(orientation: nil), I.exif(orientation: 0), I.exif(orientation: 9), I.exif(orientation: 0xFFFF), I.exif(orientation: 6, orientationType: 4)] {
            let size = try #require(ImageDimensions(bytes: I.jpeg([I.segment(0xE1, exif)])))
            #expect(size.orientation == nil)
            #expect(size.width == 640)
        }
    }

    @Test func onlyTheFirstExifSegmentCounts() throws {
        let size = try #require(ImageDimensions(bytes: I.jpeg([I.app1Exif(orientation: 3), I.xmp, I.app1Exif(orientation: 8)])))
        #expect(size.orientation == 3)
    }

    @Test func brokenExifGivesNoOrientationButStillASize() throws {
        let exif = I.exif(orientation: 6)
        var badOffset = exif
        badOffset.replaceSubrange(10..<14, with: [0xFF, 0xFF, 0xFF, 0xF0])  // IFD0 far past the segment
        var badOrder = exif
        badOrder.replaceSubrange(6..<8, with: Array("XX".utf8))
        var badMagic = exif
        badMagic[9] = 43
        let cutShort = Array(exif.prefix(20))
        for payload in [badOffset, badOrder, badMagic, cutShort, ImageDimensions.exifHeader, Array("Exif".utf8)] {
            let size = try #require(ImageDimensions(bytes: I.jpeg([I.segment(0xE1, payload)])))
            #expect(size.orientation == nil)
        }
    }

    @Test func entryCountLargerThanTheSegment() throws {
        var exif = I.exif(orientation: nil)
        exif.replaceSubrange(14..<16, with: [0xFF, 0xFF])
        let size = try #require(ImageDimensions(bytes: I.jpeg([I.segment(0xE1, exif)])))
        #expect(size.orientation == nil)
    }

    // MARK: Refused

    @Test(arguments: [(0, 10), (10, 0), (20_001, 10), (10, 20_001), (65_535, 65_535)])
    func absurdJPEGSizes(width: Int, height: Int) {
        #expect(ImageDimensions(bytes: I.jpeg(width: width, height: height)) == nil)
    }

    @Test(arguments: [(0, 10), (10, 0), (20_001, 10), (10, 20_001), (0x7FFF_FFFF, 1), (1, 0xFFFF_FFFF)])
    func absurdPNGSizes(width: Int, height: Int) {
        #expect(ImageDimensions(bytes: I.png(width: width, height: height)) == nil)
    }

    @Test func theLimitItselfIsAccepted() {
        #expect(ImageDimensions(bytes: I.png(width: 20_000, height: 20_000))?.width == 20_000)
        #expect(ImageDimensions(bytes: I.jpeg(width: 20_000, height: 1))?.width == 20_000)
    }

    @Test func notAnImage() {
        for bytes in [[], Fixture.pdf, Fixture.ascii("<svg/>"), Signature.png, I.soi, [0xFF, 0xD8, 0xFF], I.soi + I.eoi] as [[UInt8]] {
            #expect(ImageDimensions(bytes: bytes) == nil)
        }
    }

    @Test func jpegCutAnywhereIsNil() throws {
        let whole = I.jpeg([I.app0, I.app1Exif(orientation: 6)])
        for length in 0..<whole.count {
            #expect(ImageDimensions(bytes: Array(whole.prefix(length))) == nil, "cut at \(length)")
        }
        for real in [I.photoJPEG, I.progressiveJPEG, I.cmykJPEG] {
            // Bytes after EOI are no part of the image: cutting them leaves it whole.
            let end = try #require(real.ranges(of: I.eoi).last).upperBound
            for length in 0..<end {
                #expect(ImageDimensions(bytes: Array(real.prefix(length))) == nil, "cut at \(length)")
            }
            #expect(ImageDimensions(bytes: Array(real.prefix(end))) != nil)
        }
    }

    @Test func pngCutAnywhereIsNil() throws {
        for whole in [I.png(), I.metadataPNG] {
            // IEND's type, then its CRC: the end of the image.
            let end = try #require(whole.ranges(of: Array("IEND".utf8)).last).upperBound + 4
            #expect(ImageDimensions(bytes: Array(whole.prefix(end))) != nil)
            for length in 0..<end {
                #expect(ImageDimensions(bytes: Array(whole.prefix(length))) == nil, "cut at \(length)")
            }
        }
    }

    @Test func segmentLengthsThatLieAreNil() {
        // A length below 2, and one running past the end.
        #expect(ImageDimensions(bytes: I.soi + [0xFF, 0xE1, 0x00, 0x01] + I.dqt + I.sof(width: 1, height: 1) + I.sos + I.eoi) == nil)
        #expect(ImageDimensions(bytes: I.soi + [0xFF, 0xE1, 0xFF, 0xFF, 0x00] + I.eoi) == nil)
        // A non-marker byte where a marker belongs, and an EOI before any scan.
        #expect(ImageDimensions(bytes: I.soi + [0x00] + I.app0 + I.sof(width: 1, height: 1) + I.sos + I.eoi) == nil)
        #expect(ImageDimensions(bytes: I.soi + I.app0 + I.sof(width: 1, height: 1) + I.eoi) == nil)
    }

    @Test func randomMutationsNeverTrap() {
        var generator = SplitMix64(seed: 0x1A6E)
        let seeds = [I.photoJPEG, I.progressiveJPEG, I.cmykJPEG, I.metadataPNG, I.jpeg([I.app0, I.app1Exif(orientation: 6)]), I.png()]
        for seed in seeds {
            for _ in 0..<400 {
                let mutated = UploadFuzzTests.mutate(seed, using: &generator)
                if let size = ImageDimensions(bytes: mutated) {
                    #expect((1...ImageDimensions.maxSide).contains(size.width) && (1...ImageDimensions.maxSide).contains(size.height))
                    #expect(size.orientation.map { (1...8).contains($0) } ?? true)
                }
            }
        }
        for head in [Signature.png, Signature.jpeg, I.soi + I.app0 + [0xFF, 0xE1]] {
            for _ in 0..<300 {
                _ = ImageDimensions(bytes: head + (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
        }
    }
}
