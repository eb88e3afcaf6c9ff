import Foundation
import Vapor

/// Refuses a multipart body whose boundary cannot be parsed, before anything decodes it.
///
/// MultipartKit's parser stops the whole process (`precondition(!boundary.isEmpty)`) on
/// `Content-Type: multipart/form-data; boundary=`, and the CSRF check reads the form of every
/// POST, so without this one anonymous request to any form route would take the server down.
/// RFC 2046 §5.1.1: a boundary is 1–70 characters from a small set, not ending in a space.
struct MultipartBoundaryGuard: AsyncMiddleware {
    static let boundaryCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")

    static func isValid(_ boundary: String) -> Bool {
        (1...70).contains(boundary.count) && boundary.allSatisfy(boundaryCharacters.contains) && !boundary.hasSuffix(" ")
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let contentType = request.headers.contentType, contentType.type.lowercased() == "multipart" {
            let boundary = contentType.parameters["boundary"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            guard let boundary, Self.isValid(boundary) else { throw Abort(.badRequest) }
        }
        return try await next.respond(to: request)
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
        path.utf8.count <= maximumPathBytes && path.split(separator: "/").allSatisfy {
            ($0.removingPercentEncoding ?? String($0)).utf8.count <= maximumSegmentBytes
        }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard Self.couldNameAFile(request.url.path) else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
