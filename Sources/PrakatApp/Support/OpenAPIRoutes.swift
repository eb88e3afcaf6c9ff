import Foundation
import Vapor

/// Serves the OpenAPI 3.1 document (`Resources/openapi.json`), kept beside the code and checked
/// by a test against the registered API routes so it cannot drift.
struct OpenAPIRoutes {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "openapi.json", policy: .everyone) { req async throws -> Response in
            let path = (req.application.prakat.resourcesDirectory as NSString).appendingPathComponent("openapi.json")
            guard let data = FileManager.default.contents(atPath: path) else { throw PrakatError.notFound() }
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
            return Response(status: .ok, headers: headers, body: .init(data: data))
        }
    }
}
