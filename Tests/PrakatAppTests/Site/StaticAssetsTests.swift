import Crypto
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Issue 14 §9: static files under an address that carries their content, kept by browsers for
/// a year; the plain addresses keep working with a short lifetime.
@Suite("Static files: fingerprinted addresses and caching")
struct StaticAssetsTests {
    static func hash(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test func pagesLinkTheFingerprintedStylesheetAndIcon() async throws {
        try await withPrakat { app, _, _ in
            let css = try Data(contentsOf: URL(fileURLWithPath: app.prakat.resourcesDirectory + "/Public/css/prakat.css"))
            let address = "/static/\(Self.hash(css).prefix(8))/css/prakat.css"
            #expect(app.assets.url(for: "/css/prakat.css") == address)
            let home = try await visitor(app, "/")
            #expect(home.text.contains("href=\"\(address)\""))
            #expect(home.text.contains("href=\"\(app.assets.url(for: "/favicon.svg"))\""))
            #expect(!home.text.contains("href=\"/css/prakat.css\""))
            // Routes, relative and file addresses (pages printed to PDF) are left alone.
            #expect(app.assets.url(for: "/agency/theme/0b5d3b.css") == "/agency/theme/0b5d3b.css")
            #expect(app.assets.url(for: "css/plans.css") == "css/plans.css")
        }
    }

    @Test func aFingerprintedFileIsImmutableAndThePlainOneShortLived() async throws {
        try await withPrakat { app, _, _ in
            let css = try Data(contentsOf: URL(fileURLWithPath: app.prakat.resourcesDirectory + "/Public/css/prakat.css"))
            let fingerprinted = try await visitor(app, app.assets.url(for: "/css/prakat.css"))
            #expect(fingerprinted.status == .ok)
            #expect(fingerprinted.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
            #expect(fingerprinted.headers.contentType?.subType == "css")
            #expect(Data(fingerprinted.body.readableBytesView) == css)
            let etag = try #require(fingerprinted.headers.first(name: .eTag))
            let lastModified = try #require(fingerprinted.headers.first(name: .lastModified))
            #expect(etag == "\"\(Self.hash(css).prefix(32))\"")

            let plain = try await visitor(app, "/css/prakat.css")
            #expect(plain.status == .ok)
            #expect(plain.headers.first(name: .cacheControl) == "public, max-age=300")
            #expect(plain.headers.first(name: .eTag) == etag, "one ETag per content, whatever the address")

            // Conditional requests.
            #expect(try await visitor(app, "/css/prakat.css", headers: ["If-None-Match": etag]).status == .notModified)
            #expect(try await visitor(app, "/css/prakat.css", headers: ["If-None-Match": "\"other\", W/\(etag)"]).status == .notModified)
            #expect(try await visitor(app, "/css/prakat.css", headers: ["If-None-Match": "\"other\""]).status == .ok)
            #expect(try await visitor(app, "/css/prakat.css", headers: ["If-Modified-Since": lastModified]).status == .notModified)
            #expect(try await visitor(app, "/css/prakat.css", headers: ["If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"]).status == .ok)
            let head = try await Browser(app).request(.HEAD, app.assets.url(for: "/css/prakat.css"))
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
        }
    }

    /// An address from an older deploy gets today's file (briefly cached), never a 500; an
    /// unknown file or a path out of the folder is the router's 404 (or FileMiddleware's 403).
    @Test func staleUnknownAndHostileAddresses() async throws {
        try await withPrakat { app, _, _ in
            let stale = try await visitor(app, "/static/00000000/css/prakat.css")
            #expect(stale.status == .ok)
            #expect(stale.headers.first(name: .cacheControl) == "public, max-age=300")
            for path in [
                "/static/00000000/css/nothing.css", "/static/", "/static/abc", "/static/00000000/../../Package.swift",
                "/static/00000000/%2e%2e/%2e%2e/Package.swift", "/static/00000000/css/../../../Package.swift", "/static/00000000//etc/passwd",
                "/static/00000000/..%2f..%2fPackage.swift"
            ] {
                let response = try await visitor(app, path)
                #expect(response.status == .notFound || response.status == .forbidden || response.status == .badRequest, "\(path): \(response.status)")
                #expect(!response.text.contains("swift-tools-version"), "\(path)")
            }
        }
    }

    /// A theme's file wins over the bundled one, and its hash is its own content's.
    @Test func aThemeFileWins() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("assets-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/theme/css", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/bundled/css", withIntermediateDirectories: true)
        try Data("body{color:red}".utf8).write(to: URL(fileURLWithPath: root + "/theme/css/prakat.css"))
        try Data("body{color:black}".utf8).write(to: URL(fileURLWithPath: root + "/bundled/css/prakat.css"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/bundled/css/plans.css"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/bundled/css/.hidden.css"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/bundled/css/with space.css"))
        let assets = StaticAssets.load([root + "/theme", root + "/bundled"])
        #expect(assets.url(for: "/css/prakat.css") == "/static/\(Self.hash(Data("body{color:red}".utf8)).prefix(8))/css/prakat.css")
        #expect(assets.url(for: "/css/plans.css").hasPrefix("/static/"))
        #expect(assets.files.count == 2, "hidden files and names needing encoding keep their plain address only")
    }
}
