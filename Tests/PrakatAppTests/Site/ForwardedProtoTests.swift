import Foundation
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Issue 15 §8: behind a trusted proxy, its `X-Forwarded-Proto` decides per request whether
/// people came over HTTPS (Secure/__Host- cookies, HSTS, absolute links); from anyone else the
/// header is ignored; without it the public URL decides, as before.
@Suite("X-Forwarded-Proto from trusted proxies")
struct ForwardedProtoTests {
    /// Over a real socket, so the peer is loopback.
    private func get(_ app: Application, _ path: String, proto: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let proto { headers.replaceOrAdd(name: "X-Forwarded-Proto", value: proto) }
        return try await app.testing(method: .running(port: 0)).performTest(
            request: TestingHTTPRequest(
                method: .GET, url: URI(string: path), headers: headers, body: ByteBuffer()))
    }

    @Test func aTrustedProxySayingHTTPSMakesCookiesSecureSendsHSTSAndBuildsHTTPSLinks() async throws {
        try await withPrakat(environment: ["PRAKAT_TRUSTED_PROXIES": "127.0.0.1,::1", "PRAKAT_PUBLIC_URL": "http://www.example.go.th"]) { app, _, _ in
            let login = try await get(app, "/login", proto: "https")
            #expect(login.headers.first(name: "Strict-Transport-Security")?.contains("max-age=31536000") == true)
            let cookie = try #require(login.headers[.setCookie].first { $0.hasPrefix("__Host-prakat_csrf=") })
            #expect(cookie.contains("Secure"))
            let robots = try await get(app, "/robots.txt", proto: "https")
            #expect(robots.body.string.contains("Sitemap: https://www.example.go.th/sitemap.xml"))

            // The same proxy forwarding a plain-HTTP request: nothing secure is claimed.
            let plain = try await get(app, "/login", proto: "http")
            #expect(plain.headers.first(name: "Strict-Transport-Security") == nil)
            #expect(plain.headers[.setCookie].contains { $0.hasPrefix("prakat_csrf=") })
            #expect(try await get(app, "/robots.txt", proto: "http").body.string.contains("Sitemap: http://www.example.go.th/sitemap.xml"))
        }
    }

    @Test func theHeaderFromAnUntrustedPeerIsIgnored() async throws {
        try await withPrakat(environment: ["PRAKAT_TRUSTED_PROXIES": "10.9.9.9", "PRAKAT_PUBLIC_URL": "http://www.example.go.th"]) { app, _, _ in
            let login = try await get(app, "/login", proto: "https")
            #expect(login.headers.first(name: "Strict-Transport-Security") == nil)
            #expect(login.headers[.setCookie].contains { $0.hasPrefix("prakat_csrf=") })
        }
    }

    @Test func withoutTheHeaderThePublicURLStillDecides() async throws {
        try await withPrakat(httpsBaseURL: true, environment: ["PRAKAT_TRUSTED_PROXIES": "127.0.0.1,::1"]) { app, _, _ in
            let login = try await get(app, "/login", proto: nil)
            #expect(login.headers.first(name: "Strict-Transport-Security") != nil)
            #expect(login.headers[.setCookie].contains { $0.hasPrefix("__Host-prakat_csrf=") })
        }
    }

    @Test func onlyTheNearestProxysValueCounts() {
        let trusted = [IPAddressRange("127.0.0.1")].compactMap { $0 }
        func https(_ peer: String?, _ values: [String], configured: Bool = false, tls: Bool = false) -> Bool {
            RequestScheme.isHTTPS(usesTLS: tls, configuredHTTPS: configured, peerIP: peer, forwardedProto: values, trustedProxies: trusted)
        }
        #expect(https("127.0.0.1", ["https"]))
        #expect(!https("127.0.0.1", ["https, http"]), "the client wrote https, the proxy appended http")
        #expect(https("127.0.0.1", ["http", "https"]))
        #expect(!https("127.0.0.1", ["http"], configured: true))
        #expect(https("127.0.0.1", ["gopher"], configured: true), "an unknown value leaves the configured scheme")
        #expect(!https("192.0.2.1", ["https"]))
        #expect(https("192.0.2.1", ["http"], tls: true), "our own TLS settles it")
        #expect(RequestScheme.baseURL("http://www.example.go.th", https: true) == "https://www.example.go.th")
        #expect(RequestScheme.baseURL("https://www.example.go.th:8443", https: false) == "http://www.example.go.th:8443")
    }
}
