/// Decides whether a `multipart/form-data` body is safe to hand to MultipartKit.
///
/// MultipartKit 4.7 looks a header-name byte up in a 128-entry table, so any byte of 0x80 or
/// more where it expects a header name ends the process with "Index out of range" (80 bytes,
/// anonymous, on any form route). The parser must not see such a body. This walks the body with
/// the same state machine MultipartKit uses, so it knows exactly which bytes MultipartKit will
/// read as header names, and refuses the body if any of them is not an RFC 7230 token byte.
/// Header *values* are not restricted: browsers send UTF-8 file names in them.
public enum MultipartPreflight {
    public enum Verdict: Equatable, Sendable {
        case safe
        /// Refused before parsing; `offset` is the first offending byte.
        case refused(offset: Int)
    }

    /// RFC 2046 §5.1.1: 1–70 characters from this set, not ending in a space.
    public static func isValidBoundary(_ boundary: String) -> Bool {
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        let bytes = Array(boundary.utf8)
        return (1...70).contains(bytes.count) && bytes.allSatisfy(allowed.contains) && bytes.last != UInt8(ascii: " ")
    }

    /// A header-name byte MultipartKit accepts (RFC 7230 `tchar`), checked without a table.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return tokenPunctuation.contains(byte)
        }
    }
    private static let tokenPunctuation = Array("!#$%&'*+-.^_`|~".utf8)

    private enum State {
        case preamble(matched: Int)
        case preHeaders(expectingLF: Bool)
        case headerName(empty: Bool)
        case headerValue
        case postHeaderValue
        case postHeaders
        case body
        case boundary(matched: Int)
    }

    public static func check<Bytes: Collection>(_ body: Bytes, boundary: String) -> Verdict where Bytes.Element == UInt8 {
        // One walk over contiguous bytes: called generically from another module, the loop went
        // through the collection's witnesses byte by byte (a 4 MB upload: 0.3 s of an event loop,
        // three walks a request).
        if let verdict = body.withContiguousStorageIfAvailable({ check(bytes: $0, boundary: boundary) }) { return verdict }
        return Array(body).withUnsafeBufferPointer { check(bytes: $0, boundary: boundary) }
    }

    static func check(bytes body: UnsafeBufferPointer<UInt8>, boundary: String) -> Verdict {
        guard isValidBoundary(boundary) else { return .refused(offset: 0) }
        let delimiter = Array("\r\n--\(boundary)".utf8)
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var state = State.preamble(matched: 0)
        var offset = 0
        while offset < body.count {
            let byte = body[offset]
            defer { offset += 1 }
            switch state {
            case .preamble(var matched):
                // MultipartKit lets the first delimiter start without its CRLF.
                if matched == 0, byte == delimiter[2] {
                    matched = 3
                } else if byte == delimiter[matched] {
                    matched += 1
                } else if matched > 0, byte == delimiter[0] {
                    matched = 1
                } else {
                    matched = 0
                }
                state = matched >= delimiter.count ? .preHeaders(expectingLF: false) : .preamble(matched: matched)
            case .preHeaders(let expectingLF):
                if !expectingLF, byte == cr {
                    state = .preHeaders(expectingLF: true)
                } else if expectingLF, byte == lf {
                    state = .headerName(empty: true)
                } else {
                    return .safe  // MultipartKit stops with a syntax error here
                }
            case .headerName(let empty):
                if byte == UInt8(ascii: ":"), !empty {
                    state = .headerValue
                } else if byte == cr, empty {
                    state = .postHeaders
                } else if byte >= 0x80 {
                    return .refused(offset: offset)  // the byte MultipartKit would trap on
                } else if isTokenByte(byte) {
                    state = .headerName(empty: false)
                } else {
                    return .safe  // a syntax error, thrown, not trapped
                }
            case .headerValue:
                if byte == cr { state = .postHeaderValue }
            case .postHeaderValue:
                guard byte == lf else { return .safe }
                state = .headerName(empty: true)
            case .postHeaders:
                guard byte == lf else { return .safe }
                state = .body
            case .body:
                // Nearly every byte of an upload is here: step to the next CR in a tight loop
                // (the state machine byte by byte took 5 ns a byte, three walks a request).
                var next = offset
                while next < body.count, body[next] != cr { next += 1 }
                guard next < body.count else { return .safe }
                offset = next
                state = .boundary(matched: 1)
            case .boundary(let matched):
                if matched >= delimiter.count {
                    if byte == cr {
                        state = .preHeaders(expectingLF: true)
                    } else {
                        return .safe  // "-" starts the epilogue, anything else is a syntax error
                    }
                } else if byte == delimiter[matched] {
                    state = .boundary(matched: matched + 1)
                } else if byte == delimiter[0] {
                    state = .boundary(matched: 1)
                } else {
                    state = .body
                }
            }
        }
        return .safe
    }
}
