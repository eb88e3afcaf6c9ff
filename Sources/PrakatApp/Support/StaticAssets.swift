import Crypto
import Foundation
import LeafKit
import PrakatCore
import Vapor

/// The site's static files (stylesheets, icons, a theme's images) with their content in their
/// address (issue 14 §9): `/static/<first 8 hex of SHA-256>/css/prakat.css`.
///
/// Read once at start from `<data>/theme/Public` (a theme's file wins) and `Resources/Public`,
/// so templates ask for an address with a dictionary lookup. A fingerprinted address never
/// changes content, so browsers keep it for a year without asking again; a deploy that changes a
/// file changes its address. The plain addresses (`/css/prakat.css`) keep working for bookmarks,
/// printed pages and old caches, with a short lifetime. Files are served from memory: what is
/// served is exactly what was hashed, even if a file changes on disk before the next restart.
struct StaticAssets: Sendable {
    struct File: Sendable {
        var hash: String
        var etag: String
        var lastModified: Date
        var contentType: String
        var body: ByteBuffer
    }

    static let prefix = "/static/"
    /// Larger files are left to `PublicFilesMiddleware` (streamed, not fingerprinted).
    static let maximumBytes = 4 << 20
    static let immutable = "public, max-age=31536000, immutable"
    /// The plain address, and a fingerprint from another deploy: fine for a few minutes.
    static let shortLived = "public, max-age=300"

    /// Keyed by the plain address (`/css/prakat.css`).
    let files: [String: File]

    init(files: [String: File] = [:]) {
        self.files = files
    }

    /// Every file under `directories`, the first directory's file winning.
    static func load(_ directories: [String]) -> StaticAssets {
        var files: [String: File] = [:]
        let manager = FileManager.default
        for directory in directories.reversed() {
            guard let names = manager.enumerator(atPath: directory) else { continue }
            for case let name as String in names {
                let path = (directory as NSString).appendingPathComponent(name)
                guard isAddressable(name), let attributes = try? manager.attributesOfItem(atPath: path),
                    attributes[.type] as? FileAttributeType == .typeRegular,
                    let size = attributes[.size] as? NSNumber, size.intValue <= maximumBytes,
                    let data = manager.contents(atPath: path)
                else { continue }
                let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
                let modified = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
                let ext = (name as NSString).pathExtension.lowercased()
                files["/" + name] = File(
                    hash: String(digest.prefix(8)), etag: "\"\(digest.prefix(32))\"",
                    lastModified: Date(timeIntervalSince1970: floor(modified.timeIntervalSince1970)),
                    contentType: HTTPMediaType.fileExtension(ext)?.serialize() ?? "application/octet-stream",
                    body: ByteBuffer(bytes: data))
            }
        }
        return StaticAssets(files: files)
    }

    /// Names that need no percent-encoding in a URL and no hidden files (`.DS_Store`, editors'
    /// swap files): only these get an address of their own.
    static func isAddressable(_ name: String) -> Bool {
        !name.isEmpty && name.split(separator: "/").allSatisfy { !$0.hasPrefix(".") }
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./".unicodeScalars.contains($0) }
    }

    /// The fingerprinted address of a plain one; anything else (a route, a relative or `file://`
    /// address of a page printed to PDF, an unknown file) is returned as it is.
    func url(for path: String) -> String {
        guard let file = files[path] else { return path }
        return Self.prefix + file.hash + path
    }

    /// The file a request asks for and the Cache-Control it gets; nil when it is not ours.
    func match(_ requestPath: String) -> (file: File, cacheControl: String)? {
        guard let decoded = requestPath.removingPercentEncoding else { return nil }
        if decoded.hasPrefix(Self.prefix) {
            let rest = decoded.dropFirst(Self.prefix.count)
            guard let slash = rest.firstIndex(of: "/"), let file = files[String(rest[slash...])] else { return nil }
            return (file, rest[..<slash] == file.hash ? Self.immutable : Self.shortLived)
        }
        return files[decoded].map { (file: $0, cacheControl: Self.shortLived) }
    }
}

/// Answers GET and HEAD for the files `StaticAssets` knows, before any authentication or
/// database work: a lookup in a dictionary, so no request path can reach another file.
struct StaticAssetsMiddleware: AsyncMiddleware {
    let assets: StaticAssets

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let matched = assets.match(request.url.path) else {
            return try await next.respond(to: request)
        }
        let file = matched.file
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: file.contentType)
        headers.replaceOrAdd(name: .eTag, value: file.etag)
        headers.replaceOrAdd(name: .lastModified, value: InternetDate.rfc822(file.lastModified))
        headers.replaceOrAdd(name: .cacheControl, value: matched.cacheControl)
        if ConditionalGet.isNotModified(request.headers, etag: file.etag, lastModified: file.lastModified) {
            return Response(status: .notModified, headers: headers)
        }
        headers.replaceOrAdd(name: .contentLength, value: String(file.body.readableBytes))
        return Response(status: .ok, headers: headers, body: request.method == .HEAD ? .empty : .init(buffer: file.body))
    }
}

/// `#asset("/css/prakat.css")` in a template: the file's fingerprinted address.
struct AssetTag: LeafTag, Sendable {
    let assets: StaticAssets

    func render(_ ctx: LeafContext) throws -> LeafData {
        .string(ctx.parameters.first?.string.map(assets.url(for:)) ?? "")
    }
}

/// RFC 9110 §13.1: `If-None-Match` (any of its tags, or `*`) decides; without it,
/// `If-Modified-Since` at or after the last change.
enum ConditionalGet {
    /// If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" and "x" match either way.
    static func isNotModified(_ headers: HTTPHeaders, etag: String, lastModified: Date) -> Bool {
        let opaque = { (tag: String) in tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag }
        if let match = headers.first(name: .ifNoneMatch) {
            return match.split(separator: ",").contains {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag == "*" || opaque(tag) == opaque(etag)
            }
        }
        guard let since = headers.first(name: .ifModifiedSince).flatMap(InternetDate.parseHTTPDate) else { return false }
        return floor(lastModified.timeIntervalSince1970) <= since.timeIntervalSince1970
    }
}
