import Fluent
import Foundation
import PrakatCore
import Vapor

/// A report page's "send to publishing" button: the report becomes one draft publication request
/// of the sender's unit, filed under the first of `categorySlugs` that exists, made once per
/// `origin` (the database refuses a second; a second press opens the first).
enum ReportPublishing {
    static func send(
        _ req: Request, input: RequestInput, origin: String, categorySlugs: [String], back: String, sent: String, alreadySent: String
    ) async throws -> Response {
        func existing() async throws -> Response? {
            guard let request = try await PublicationRequest.query(on: req.db).filter(\.$originKey == origin).first(), let id = request.id else { return nil }
            return req.redirect(to: PublishingRoute.request(id).path, flash: Flash(kind: .info, text: alreadySent))
        }
        if let response = try await existing() { return response }
        let user = try req.requireUser()
        let category = try await SiteCategory.query(on: req.db).filter(\.$slug ~~ categorySlugs).all()
            .min { (categorySlugs.firstIndex(of: $0.slug) ?? categorySlugs.count) < (categorySlugs.firstIndex(of: $1.slug) ?? categorySlugs.count) }
        var input = input
        input.categoryID = category?.id
        input.originKey = origin
        do {
            let request = try await req.publishing.create(input, by: user, actor: req.auditActor)
            return req.redirect(to: PublishingRoute.request(try request.requireID()).path, flash: Flash(kind: .success, text: sent))
        } catch let error as PublishingError {
            return req.redirect(to: back, flash: Flash(kind: .error, text: error.message))
        } catch  where DatabaseSetup.isUniqueViolation(error) {
            guard let response = try await existing() else { throw error }
            return response
        }
    }
}
