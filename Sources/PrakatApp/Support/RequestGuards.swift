import Foundation
import PrakatCore
import Vapor

/// Refuses a multipart body whose boundary cannot be parsed, before anything decodes it.
///
/// MultipartKit's parser stops the whole process (`precondition(!boundary.isEmpty)`) on
/// `Content-Type: multipart/form-data; boundary=`, and the CSRF check reads the form of every
/// POST, so without this one anonymous request to any form route would take the server down.
/// The body itself is checked by `SafeFormDataDecoder` when something decodes it.
struct MultipartBoundaryGuard: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let contentType = request.headers.contentType, contentType.type.lowercased() == "multipart" {
            guard let boundary = SafeFormDataDecoder.boundary(of: request.headers), MultipartPreflight.isValidBoundary(boundary) else {
                throw PrakatError(status: .badRequest, kind: "multipart", title: SupportText.badMultipartTitle, detail: SupportText.badMultipartBoundary)
            }
        }
        return try await next.respond(to: request)
    }
}

/// The only `multipart/form-data` decoder the app uses (installed for every request in
/// `configure`): it walks the body with `MultipartPreflight` before MultipartKit sees it, because
/// MultipartKit traps (ends the process) on non-ASCII bytes where it expects a header name.
struct SafeFormDataDecoder: ContentDecoder {
    let formData = FormDataDecoder()

    /// The boundary as sent, without the quotes RFC 2046 allows around it.
    static func boundary(of headers: HTTPHeaders) -> String? {
        guard var boundary = headers.contentType?.parameters["boundary"] else { return nil }
        if boundary.count >= 2, boundary.hasPrefix("\""), boundary.hasSuffix("\"") {
            boundary = String(boundary.dropFirst().dropLast())
        }
        return boundary
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
        try decode(D.self, from: body, headers: headers, userInfo: [:])
    }

    func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: any Sendable]) throws -> D {
        guard let boundary = Self.boundary(of: headers), MultipartPreflight.isValidBoundary(boundary) else {
            throw PrakatError(status: .badRequest, kind: "multipart", title: SupportText.badMultipartTitle, detail: SupportText.badMultipartBoundary)
        }
        let bytes = Array(body.readableBytesView)
        guard MultipartPreflight.check(bytes, boundary: boundary) == .safe else {
            throw PrakatError(status: .badRequest, kind: "multipart", title: SupportText.badMultipartTitle, detail: SupportText.badMultipartBody)
        }
        var decoder = formData
        decoder.userInfo.merge(userInfo) { $1 }
        do {
            return try decoder.decode(D.self, from: bytes, boundary: boundary)
        } catch let error as DecodingError {
            throw error
        } catch let error as any AbortError {
            throw error
        } catch {
            // MultipartKit's own syntax error has no status: it is the sender's malformed body.
            throw PrakatError(status: .badRequest, kind: "multipart", title: SupportText.badMultipartTitle, detail: SupportText.badMultipartBody)
        }
    }
}

/// Vapor's FileMiddleware, but only for paths a file could have.
///
/// It asks the file system about every GET path, and a segment longer than NAME_MAX (255 bytes
/// on Linux) makes `stat` fail with ENAMETOOLONG, which it throws: any visitor could turn any
/// URL into a 500 and an incident in the log. Such a path names no file, so the router answers.
struct PublicFilesMiddleware: AsyncMiddleware {
    static let maximumSegmentBytes = 255
    static let maximumPathBytes = 1024
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
    }

    static func couldNameAFile(_ path: String) -> Bool {
        path.utf8.count <= maximumPathBytes
            && path.split(separator: "/").allSatisfy {
                ($0.removingPercentEncoding ?? String($0)).utf8.count <= maximumSegmentBytes
            }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard Self.couldNameAFile(request.url.path) else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
