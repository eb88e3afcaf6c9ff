/// Writes small PNG pictures without an image library: an indexed-colour image (one byte per
/// pixel, up to 256 colours) whose pixel data is stored in uncompressed deflate blocks. Any PNG
/// reader opens it. The demo agency's activity photos and the tests' photos are drawn with it.
public enum SimplePNG {
    public struct Colour: Sendable, Equatable {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8

        public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    /// A `width` × `height` picture of `palette` colours; `pixel(x, y)` picks each one's index
    /// (taken modulo the palette's size). `extraChunks` (type, data) go before the pixels, as
    /// cameras and editors put text and EXIF there. Nil for an empty palette or a side outside 1…20,000.
    public static func indexed(
        width: Int, height: Int, palette: [Colour], extraChunks: [(type: String, data: [UInt8])] = [], pixel: (Int, Int) -> Int
    ) -> [UInt8]? {
        guard (1...20_000).contains(width), (1...20_000).contains(height), !palette.isEmpty, palette.count <= 256 else { return nil }
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter: none
            for x in 0..<width { raw.append(UInt8(((pixel(x, y) % palette.count) + palette.count) % palette.count)) }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", be32(width) + be32(height) + [8, 3, 0, 0, 0])
        png += chunk("PLTE", palette.flatMap { [$0.red, $0.green, $0.blue] })
        for extra in extraChunks { png += chunk(extra.type, extra.data) }
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(data.count) + typed + be32(Int(crc32(typed)))
    }

    /// A zlib stream of stored blocks (at most 65,535 bytes each) and its Adler-32.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let length = min(65_535, data.count - offset)
            let isLast = offset + length >= data.count
            out.append(isLast ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += data[offset..<(offset + length)]
            offset += length
        } while offset < data.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + be32(Int(b << 16 | a))
    }

    static func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
