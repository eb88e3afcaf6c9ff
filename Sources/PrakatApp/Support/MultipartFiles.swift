import Foundation
import PrakatCore
import Vapor

/// Every file part of a `multipart/form-data` body whose name is one of `names`, in order.
/// MultipartKit's decoder keeps only the last of several parts sent under one name without
/// `[]` (`file`, `file`, `file`: what a phone app or curl sends for "parts `file`"), so files
/// are read from the parts themselves. The body passes the same preflight as every form first.
enum MultipartFiles {
    static let maxParts = 200

    static func collect(_ req: Request, names: Set<String>) throws -> [File] {
        guard let boundary = SafeFormDataDecoder.boundary(of: req.headers), MultipartPreflight.isValidBoundary(boundary),
            let buffer = req.body.data
        else { return [] }
        let bytes = Array(buffer.readableBytesView)
        guard MultipartPreflight.check(bytes, boundary: boundary) == .safe else {
            throw PrakatError(status: .badRequest, kind: "multipart", title: SupportText.badMultipartTitle, detail: SupportText.badMultipartBody)
        }
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var body = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if parts.count < maxParts { parts.append(MultipartPart(headers: headers, body: body)) }
            headers = HTTPHeaders()
            body = ByteBuffer()
        }
        do {
            try parser.execute(bytes)
        } catch {
            throw PrakatError(status: .badRequest, kind: "multipart", title: SupportText.badMultipartTitle, detail: SupportText.badMultipartBody)
        }
        return parts.compactMap { part in
            guard let name = part.name, names.contains(name) else { return nil }
            return File(multipart: part)
        }
    }
}
