import Foundation
import Vapor

extension Request {
    /// Decodes an API body with errors an integrator can act on: 415 for a non-JSON body, 400 for
    /// JSON that does not parse, 422 naming the field whose value has the wrong type.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard let contentType = headers.contentType, contentType.type == "application", contentType.subType == "json" else {
            throw PrakatError(status: .unsupportedMediaType, kind: "unsupported-media-type", title: SupportText.unsupportedMediaTitle,
                              detail: "ส่งข้อมูลเป็น application/json")
        }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw PrakatError.badRequest("ไม่มีข้อมูล JSON ในคำขอ")
        }
        do {
            return try Request.apiDecoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.typeMismatch(_, context) {
            throw PrakatError.validation([.init(field: context.codingPath.jsonPath, message: "ชนิดข้อมูลไม่ถูกต้อง")])
        } catch let DecodingError.valueNotFound(_, context) {
            throw PrakatError.validation([.init(field: context.codingPath.jsonPath, message: "ต้องระบุค่า")])
        } catch let DecodingError.keyNotFound(key, context) {
            throw PrakatError.validation([.init(field: (context.codingPath + [key]).jsonPath, message: "ต้องระบุค่า")])
        } catch {
            throw PrakatError.badRequest(SupportText.malformedJSON)
        }
    }
}

extension Request {
    /// API.md: timestamps are RFC 3339 with any offset, with or without fractions of a second.
    static let apiDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = RFC3339.parse(text) { return date }
            throw DecodingError.typeMismatch(Date.self, .init(codingPath: decoder.codingPath, debugDescription: "RFC 3339 timestamp expected"))
        }
        return decoder
    }()
}

enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        let withFractions = ISO8601DateFormatter()
        withFractions.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return withFractions.date(from: text) ?? plain.date(from: text)
    }
}

extension Array where Element == any CodingKey {
    var jsonPath: String {
        map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }
}

/// `{items, page, perPage, total}` (API.md "Lists").
struct Page<Item: Content>: Content {
    var items: [Item]
    var page: Int
    var perPage: Int
    var total: Int
}

struct PageRequest {
    var page: Int
    var perPage: Int
    var offset: Int { (page - 1) * perPage }

    init(_ request: Request, defaultPerPage: Int = 20, maxPerPage: Int = 100) throws {
        let pageText = request.query[String.self, at: "page"]
        let perPageText = request.query[String.self, at: "perPage"]
        var errors: [Problem.FieldError] = []
        let page = pageText.map { Int($0) } ?? 1
        let perPage = perPageText.map { Int($0) } ?? defaultPerPage
        // Capped so that (page - 1) * perPage can never overflow.
        if page == nil || !(1...1_000_000).contains(page!) { errors.append(.init(field: "page", message: "ต้องเป็นจำนวนเต็ม 1–1,000,000")) }
        if perPage == nil || !(1...maxPerPage).contains(perPage!) { errors.append(.init(field: "perPage", message: "ต้องเป็นจำนวนเต็ม 1–\(maxPerPage)")) }
        if !errors.isEmpty { throw PrakatError.validation(errors, status: .badRequest) }
        self.page = page!
        self.perPage = perPage!
    }
}
