import Testing

@testable import PrakatCore

@Suite("Photo sizes and the thumbnail tool")
struct PhotoSizesTests {
    @Test func onlyNarrowerCopiesAreMade() {
        #expect(PhotoSizes.widths(forDisplayWidth: 4000) == [480, 1200])
        #expect(PhotoSizes.widths(forDisplayWidth: 1200) == [480])
        #expect(PhotoSizes.widths(forDisplayWidth: 481) == [480])
        #expect(PhotoSizes.widths(forDisplayWidth: 480).isEmpty)
        #expect(PhotoSizes.widths(forDisplayWidth: 1).isEmpty)
    }

    @Test func heightsKeepTheProportions() {
        #expect(PhotoSizes.height(forWidth: 480, displayWidth: 1600, displayHeight: 1000) == 300)
        #expect(PhotoSizes.height(forWidth: 1200, displayWidth: 4032, displayHeight: 3024) == 900)
        // Portrait, and rounding to the nearest pixel.
        #expect(PhotoSizes.height(forWidth: 480, displayWidth: 3024, displayHeight: 4032) == 640)
        #expect(PhotoSizes.height(forWidth: 480, displayWidth: 1000, displayHeight: 333) == 160)
        // A panorama never gets a height of 0.
        #expect(PhotoSizes.height(forWidth: 480, displayWidth: 20_000, displayHeight: 1) == 1)
        #expect(PhotoSizes.height(forWidth: 480, displayWidth: 0, displayHeight: 0) == 1)
    }

    @Test func theToolIsKnownByItsFileName() {
        #expect(ThumbnailTool(executablePath: "/usr/bin/vipsthumbnail") == .vips)
        #expect(ThumbnailTool(executablePath: "/usr/bin/convert") == .imageMagick)
        #expect(ThumbnailTool(executablePath: "magick") == .imageMagick)
    }

    @Test func vipsReadsStandardInputAndStripsMetadata() {
        #expect(ThumbnailTool.vips.arguments(width: 480, kind: .jpeg) == ["stdin", "--size", "480x", "-o", ".jpg[Q=82,strip,optimize_coding]"])
        #expect(ThumbnailTool.vips.arguments(width: 1200, kind: .png) == ["stdin", "--size", "1200x", "-o", ".png[strip,compression=9]"])
    }

    @Test func imageMagickNamesTheDecoderAndTurnsThePhotoUpright() {
        #expect(ThumbnailTool.imageMagick.arguments(width: 480, kind: .jpeg) == ["jpeg:-", "-auto-orient", "-strip", "-thumbnail", "480x", "-quality", "82", "jpeg:-"])
        #expect(ThumbnailTool.imageMagick.arguments(width: 480, kind: .png) == ["png:-", "-auto-orient", "-strip", "-thumbnail", "480x", "png:-"])
    }

    @Test func onlyPhotosHaveCopies() {
        #expect(ThumbnailTool.vips.arguments(width: 480, kind: .pdf) == nil)
        #expect(ThumbnailTool.imageMagick.arguments(width: 480, kind: .zip) == nil)
        #expect(ThumbnailTool.vips.arguments(width: 0, kind: .jpeg) == nil)
    }
}

@Suite("Simple PNG pictures")
struct SimplePNGTests {
    @Test func knownChecksums() {
        // Every PNG ends with the same IEND chunk, whose CRC is well known.
        #expect(SimplePNG.chunk("IEND", []) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        // Adler-32 of "Wikipedia" is 0x11E60398.
        #expect(Array(SimplePNG.zlibStored(Array("Wikipedia".utf8)).suffix(4)) == [0x11, 0xE6, 0x03, 0x98])
    }

    @Test func storedBlocksSplitAt65535Bytes() {
        let stream = SimplePNG.zlibStored([UInt8](repeating: 7, count: 70_000))
        // Header, two blocks (5-byte headers), the data, Adler-32.
        #expect(stream.count == 2 + 5 + 65_535 + 5 + 4_465 + 4)
        #expect(stream[2] == 0)
        #expect(stream[2 + 5 + 65_535] == 1)
    }

    @Test func aPictureReadsBackWithItsSize() throws {
        let palette = [SimplePNG.Colour(11, 93, 59), SimplePNG.Colour(255, 255, 255)]
        let png = try #require(SimplePNG.indexed(width: 800, height: 450, palette: palette) { x, y in (x / 40 + y / 40) % 2 })
        #expect(ImageDimensions(bytes: png) == ImageDimensions(kind: .png, width: 800, height: 450))
        // Extra chunks are kept where a camera would put them, and stripped like a camera's.
        let tagged = try #require(SimplePNG.indexed(width: 4, height: 4, palette: palette, extraChunks: [("tEXt", Array("Comment\0GPS 13.36N".utf8))]) { _, _ in 0 })
        #expect(String(decoding: tagged, as: UTF8.self).contains("GPS"))
        let stripped = try #require(ImageMetadataStripper.strip(bytes: tagged))
        #expect(!String(decoding: stripped, as: UTF8.self).contains("GPS"))
    }

    @Test func nothingForImpossiblePictures() {
        #expect(SimplePNG.indexed(width: 0, height: 4, palette: [.init(0, 0, 0)]) { _, _ in 0 } == nil)
        #expect(SimplePNG.indexed(width: 4, height: 4, palette: []) { _, _ in 0 } == nil)
        #expect(SimplePNG.indexed(width: 20_001, height: 1, palette: [.init(0, 0, 0)]) { _, _ in 0 } == nil)
    }
}
