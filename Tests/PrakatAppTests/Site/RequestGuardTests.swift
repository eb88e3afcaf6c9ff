import Foundation
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Two ways one request could hurt the whole server, found by the attack suite (Tests/…/Attack).
@Suite("Request guards")
struct RequestGuardTests {
    /// Found by the attack suite: MultipartKit stopped the process on an empty boundary, and the CSRF
    /// check decodes the form of any POST, so one anonymous request took the whole server down.
    @Test(arguments: [
        "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", "multipart/mixed; boundary=",
        "multipart/form-data; boundary=" + String(repeating: "b", count: 71), "multipart/form-data; boundary=a\u{7F}b"
    ])
    func aBrokenMultipartBoundaryIsRefusedBeforeAnythingParsesIt(_ contentType: String) async throws {
        try await withPrakat { app, _, _ in
            for path in ["/login", "/logout", "/staff/requests", "/q/x"] {
                let response = try await app.testing().performTest(
                    request: TestingHTTPRequest(
                        method: .POST, url: URI(string: path), headers: ["Content-Type": contentType], body: ByteBuffer(string: "--\r\n\r\n--\r\n")))
                #expect(response.status == .badRequest, "\(path) \(contentType): \(response.status)")
            }
            // A well-formed boundary still reaches the CSRF check.
            let fine = try await app.testing().performTest(
                request: TestingHTTPRequest(
                    method: .POST, url: URI(string: "/login"), headers: ["Content-Type": Multipart.contentType],
                    body: Multipart.body(fileName: "a.pdf", data: TestFiles.pdf())))
            #expect(fine.status == .forbidden)
        }
    }

    /// Found by the attack suite: FileMiddleware asked the file system about a segment longer than a file
    /// name may be, got ENAMETOOLONG and answered 500 on any URL.
    @Test func aSegmentTooLongToNameAFileIsAnsweredByTheRouter() async throws {
        try await withPrakat { app, _, _ in
            let long = String(repeating: "a", count: 300)
            for path in [
                "/\(long)", "/css/\(long).css", "/p/\(long)", "/c/\(long)", "/q/\(long)", "/" + Array(repeating: "abcdefgh", count: 200).joined(separator: "/"),
                "/c/" + String(repeating: "%E0%B8%81", count: 90)
            ] {
                let response = try await visitor(app, path)
                #expect(response.status == .notFound, "\(path.prefix(40)): \(response.status)")
            }
            #expect(PublicFilesMiddleware.couldNameAFile("/css/site.css"))
            #expect(!PublicFilesMiddleware.couldNameAFile("/css/" + long))
        }
    }
}
