/// RFC 4648 base32 (the alphabet authenticator apps use for TOTP secrets).
///
/// Kept rather than Vapor's (which PrakatCore could not use anyway), because Vapor's fails what
/// people and apps do with these secrets: `Base32.canonical` pads its output ("MY======") and
/// refuses unpadded or lower-case input ("MY", "my"); `Base32.relaxed` (`Data(base32Encoded:)`)
/// refuses lower case ("mzxw6ytboi") and a padded secret copied in groups
/// ("MZXW 6YTB OI======"). `RecoveryCodesTests` holds these vectors.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Upper case, without `=` padding (what `otpauth://` URIs carry).
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 0x1F)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1F)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Case-insensitive; spaces, hyphens and trailing `=` are ignored (people copy secrets in
    /// groups). Returns nil for any other character or an impossible length.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var sawPadding = false
        var symbols = 0
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "-" { continue }
            if scalar == "=" { sawPadding = true; continue }
            if sawPadding { return nil }
            let value: UInt32
            switch scalar.value {
            case 0x41...0x5A: value = scalar.value - 0x41  // A–Z
            case 0x61...0x7A: value = scalar.value - 0x61  // a–z
            case 0x32...0x37: value = scalar.value - 0x32 + 26  // 2–7
            default: return nil
            }
            symbols += 1
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        // 1, 3 and 6 leftover symbols cannot come from whole bytes.
        if [1, 3, 6].contains(symbols % 8) { return nil }
        return output
    }
}
