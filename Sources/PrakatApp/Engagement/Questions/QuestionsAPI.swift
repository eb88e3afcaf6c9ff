import Fluent
import Foundation
import PrakatCore
import Vapor

/// Public questions over JSON (`/api/v1/questions`): the published list, and asking.
enum QuestionsAPIRoute: TypedRoute {
    case list
    case create

    static let examples: [QuestionsAPIRoute] = [.list, .create]

    var method: HTTPMethod {
        switch self {
        case .list: .GET
        case .create: .POST
        }
    }

    var segments: [RouteSegment] { [.constant("api"), .constant("v1"), .constant("questions")] }

    var policy: AccessPolicy { .everyone }

    static func parse(_ template: QuestionsAPIRoute, _ p: RouteParameters) -> QuestionsAPIRoute? { template }
}

struct QuestionsAPI {
    static func register(_ routes: any RoutesBuilder) {
        let api = QuestionsAPI()
        routes.register(QuestionsAPIRoute.self) { req, route in
            switch route {
            case .list: try await api.list(req)
            case .create: try await api.create(req)
            }
        }
    }

    struct Item: Content {
        var id: UUID
        var subject: String
        var message: String
        var name: String?
        var answer: String
        var answeredAt: Date?
        var publishedAt: Date?

        enum CodingKeys: String, CodingKey { case id, subject, message, name, answer, answeredAt, publishedAt }

        /// Every member always present (`null` when empty), as the API document says.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(subject, forKey: .subject)
            try container.encode(message, forKey: .message)
            try container.encode(name, forKey: .name)
            try container.encode(answer, forKey: .answer)
            try container.encode(answeredAt, forKey: .answeredAt)
            try container.encode(publishedAt, forKey: .publishedAt)
        }
    }

    func list(_ req: Request) async throws -> Page<Item> {
        let paging = try PageRequest(req)
        let query = req.query[String.self, at: "q"] ?? ""
        if query.unicodeScalars.count > 200 {
            throw PrakatError.validation([.init(field: "q", message: "คำค้นยาวเกิน 200 ตัวอักษร")], status: .badRequest)
        }
        let found = try await QuestionService.published(matching: query, offset: paging.offset, limit: paging.perPage, on: req.db)
        let items = found.items.compactMap { question -> Item? in
            guard let id = question.id else { return nil }
            return Item(
                id: id, subject: question.subject, message: question.message, name: question.askerName, answer: question.answer ?? "",
                answeredAt: question.answeredAt, publishedAt: question.publishedAt)
        }
        return Page(items: items, page: paging.page, perPage: paging.perPage, total: found.total)
    }

    struct CreateBody: Decodable {
        var subject: String?
        var message: String?
        var name: String?
    }

    struct Created: Content {
        var id: UUID
        var state: String
        var detail: String
    }

    func create(_ req: Request) async throws -> Response {
        let body = try req.decodeJSON(CreateBody.self)
        switch QuestionService.check(subject: body.subject, message: body.message, name: body.name, form: false) {
        case .failure(let errors):
            throw PrakatError.validation(errors.fieldErrors)
        case .success(let checked):
            do {
                let id = try await req.questions.submit(checked, source: .api)
                return try await Created(id: id, state: QuestionState.pending.rawValue, detail: QuestionsText.thanksText).encodeResponse(status: .created, for: req)
            } catch QuestionError.duplicate {
                throw PrakatError(status: .conflict, kind: "duplicate", title: QuestionsText.duplicateTitle, detail: QuestionsText.duplicate)
            }
        }
    }
}
