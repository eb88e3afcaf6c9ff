/// Bounds-checked reads from an uploaded file.
///
/// Every offset and length in an upload comes from a stranger, so no read here can trap:
/// each returns nil when it would leave the buffer, and no sum of untrusted values is formed
/// without an overflow check (`offset <= count - length` instead of `offset + length <= count`).
struct ByteReader: Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// True when `length` bytes starting at `offset` lie inside the buffer.
    func contains(offset: Int, length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }

    func u8(_ offset: Int) -> UInt8? {
        contains(offset: offset, length: 1) ? bytes[offset] : nil
    }

    func u16le(_ offset: Int) -> Int? {
        guard contains(offset: offset, length: 2) else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    func u32le(_ offset: Int) -> Int? {
        guard contains(offset: offset, length: 4) else { return nil }
        return (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    /// A 64-bit little-endian value, nil when it does not fit an `Int` (no upload is that large).
    func u64le(_ offset: Int) -> Int? {
        guard contains(offset: offset, length: 8) else { return nil }
        let value = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
        return Int(exactly: value)
    }

    func u32be(_ offset: Int) -> Int? {
        guard contains(offset: offset, length: 4) else { return nil }
        return (0..<4).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
    }

    func slice(_ offset: Int, _ length: Int) -> ArraySlice<UInt8>? {
        contains(offset: offset, length: length) ? bytes[offset..<(offset + length)] : nil
    }

    /// True when the buffer holds exactly `prefix` at `offset`.
    func matches(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
        guard let window = slice(offset, prefix.count) else { return false }
        return window.elementsEqual(prefix)
    }

    /// Offset of the first occurrence of `needle` in `range` (clamped to the buffer), or nil.
    func firstIndex(of needle: [UInt8], in range: Range<Int>) -> Int? {
        let lower = max(range.lowerBound, 0)
        let upper = min(range.upperBound, bytes.count) - needle.count
        guard !needle.isEmpty, lower <= upper else { return nil }
        return (lower...upper).first { matches(needle, at: $0) }
    }
}

/// Addition that reports overflow as nil, for sums of sizes read from a file.
func checkedSum(_ a: Int, _ b: Int) -> Int? {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? nil : sum
}
