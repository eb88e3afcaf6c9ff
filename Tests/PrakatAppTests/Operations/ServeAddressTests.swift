import Foundation
import Testing

@testable import PrakatApp

/// `prakat serve --port 18181` linked to port 8080 in feeds, the sitemap and the API's URLs:
/// the public address (when PRAKAT_PUBLIC_URL is not set) follows serve's own options.
@Suite("serve's address in absolute links")
struct ServeAddressTests {
    @Test func serveOptionsAreRead() {
        #expect(ServeAddress(arguments: ["prakat", "serve", "--port", "18181"]) == ServeAddress(port: 18181))
        #expect(ServeAddress(arguments: ["prakat", "serve", "-H", "0.0.0.0", "-p", "9000"]) == ServeAddress(host: "0.0.0.0", port: 9000))
        #expect(ServeAddress(arguments: ["prakat", "--port=9001"]) == ServeAddress(port: 9001))
        #expect(ServeAddress(arguments: ["prakat", "serve", "--bind", "10.0.0.5:8443"]) == ServeAddress(host: "10.0.0.5", port: 8443))
        #expect(ServeAddress(arguments: ["prakat", "serve", "--hostname", "example.go.th"]) == ServeAddress(host: "example.go.th"))
        // Not serve, or nothing usable: nothing changes.
        #expect(ServeAddress(arguments: ["prakat", "doctor", "--port", "9000"]) == ServeAddress())
        #expect(ServeAddress(arguments: ["prakat", "serve", "--port", "http"]) == ServeAddress())
        #expect(ServeAddress(arguments: ["prakat", "serve", "--port", "70000"]) == ServeAddress())
        #expect(ServeAddress(arguments: ["prakat", "serve", "--port"]) == ServeAddress())
        #expect(ServeAddress(arguments: ["prakat"]) == ServeAddress())
    }

    @Test func thePublicAddressFollowsThemUnlessItIsSet() throws {
        let directory = NSTemporaryDirectory() + "prakat-serve-\(UUID().uuidString)"
        let moved = try PrakatConfiguration.fromEnvironment(["PRAKAT_DATA_DIR": directory], arguments: ["prakat", "serve", "--port", "18181"])
        #expect(moved.publicBaseURL == "http://127.0.0.1:18181")
        #expect(moved.port == 18181)
        let both = try PrakatConfiguration.fromEnvironment(
            ["PRAKAT_DATA_DIR": directory, "PRAKAT_PORT": "9000"], arguments: ["prakat", "serve", "-H", "0.0.0.0", "-p", "9100"])
        #expect(both.publicBaseURL == "http://localhost:9100")
        let set = try PrakatConfiguration.fromEnvironment(
            ["PRAKAT_DATA_DIR": directory, "PRAKAT_PUBLIC_URL": "https://www.example.go.th"], arguments: ["prakat", "serve", "--port", "18181"])
        #expect(set.publicBaseURL == "https://www.example.go.th")
        #expect(try PrakatConfiguration.fromEnvironment(["PRAKAT_DATA_DIR": directory]).publicBaseURL == "http://127.0.0.1:8080")
    }
}
