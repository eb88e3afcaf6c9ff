import Foundation
import Vapor

extension Request {
    /// Decodes an API body with errors an integrator can act on: 415 for a non-JSON body, 400 for
    /// JSON that does not parse, 422 naming the field whose value has the wrong type.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard let contentType = headers.contentType, contentType.type == "application", contentType.subType == "json" else {
            throw PrakatError(
                status: .unsupportedMediaType, kind: "unsupported-media-type", title: SupportText.unsupportedMediaTitle,
                detail: "ส่งข้อมูลเป็น application/json")
        }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw PrakatError.badRequest("ไม่มีข้อมูล JSON ในคำขอ")
        }
        do {
            return try Request.apiDecoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.typeMismatch(_, context) {
            throw PrakatError.validation([.init(field: context.codingPath.jsonPath, message: "ชนิดข้อมูลไม่ถูกต้อง")])
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw PrakatError.validation([
                .init(field: context.codingPath.jsonPath, message: RFC3339.isDateMessage(context.debugDescription) ? RFC3339.invalidMessage : "ค่าไม่ถูกต้อง")
            ])
        } catch let DecodingError.valueNotFound(_, context) {
            throw PrakatError.validation([.init(field: context.codingPath.jsonPath, message: "ต้องระบุค่า")])
        } catch let DecodingError.keyNotFound(key, context) {
            throw PrakatError.validation([.init(field: (context.codingPath + [key]).jsonPath, message: "ต้องระบุค่า")])
        } catch {
            throw JSONNumbers.unrepresentableNumber(in: buffer) ?? PrakatError.badRequest(SupportText.malformedJSON)
        }
    }
}

/// Foundation's JSONDecoder calls valid JSON "not valid JSON" when a number does not fit the
/// Swift type (1e-200 for a Decimal, 2⁶³ for an Int), without saying where. The same text
/// parsed as plain JSON finds the number, so the answer is a 422 naming the field.
enum JSONNumbers {
    static func unrepresentableNumber(in buffer: ByteBuffer) -> PrakatError? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed]),
            let path = firstOutOfRange(object, path: "")
        else { return nil }
        return PrakatError.validation([.init(field: path, message: "ตัวเลขนี้อยู่นอกช่วงที่ระบบรองรับ (จำนวนเต็มไม่เกิน 64 บิต ทศนิยมระหว่าง 1e-128 ถึง 1e128)")])
    }

    private static func firstOutOfRange(_ value: Any, path: String) -> String? {
        switch value {
        case let dictionary as [String: Any]:
            for key in dictionary.keys.sorted() {
                if let found = firstOutOfRange(dictionary[key] as Any, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = firstOutOfRange(element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case let number as NSNumber:
            let double = number.doubleValue
            let magnitude = abs(double)
            if !double.isFinite || magnitude >= 1e128 || (magnitude > 0 && magnitude < 1e-128) { return path }
            if double.rounded() == double, magnitude >= 9.2e18 { return path }
            return nil
        default:
            return nil
        }
    }
}

extension Request {
    /// The API contract: timestamps are RFC 3339 with any offset, with or without fractions of a second.
    static let apiDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = RFC3339.parse(text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: RFC3339.invalidMessage))
        }
        return decoder
    }()
}

enum RFC3339 {
    static let invalidMessage = "ต้องเป็นวันเวลาแบบ RFC 3339 เช่น 2026-02-09T09:00:00+07:00 ระหว่างปี ค.ศ. 1900–2199"
    static func isDateMessage(_ description: String) -> Bool { description == invalidMessage }

    /// An RFC 3339 timestamp within `CalendarDate.inputYears`, or nil: later date arithmetic
    /// (fiscal years, Bangkok days) is only total inside that range.
    static func parse(_ text: String) -> Date? {
        guard text.utf8.count <= 64 else { return nil }
        let withFractions = ISO8601DateFormatter()
        withFractions.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        guard let date = withFractions.date(from: text) ?? plain.date(from: text), date.isWithinInputRange else { return nil }
        return date
    }
}

extension Array where Element == any CodingKey {
    var jsonPath: String {
        map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }
}

/// `{items, page, perPage, total}` (the API contract, "Lists").
struct Page<Item: Content>: Content {
    var items: [Item]
    var page: Int
    var perPage: Int
    var total: Int
}

struct PageRequest {
    /// The pages a list may be asked for (also `maximum` of `page` in the OpenAPI document).
    static let pages = 1...1_000_000
    var page: Int
    var perPage: Int
    var offset: Int { (page - 1) * perPage }

    init(_ request: Request, defaultPerPage: Int = 20, maxPerPage: Int = 100) throws {
        let pageText = request.query[String.self, at: "page"]
        let perPageText = request.query[String.self, at: "perPage"]
        var errors: [Problem.FieldError] = []
        // Capped so that (page - 1) * perPage can never overflow.
        let page = pageText.map { Int($0) } ?? 1
        let perPage = perPageText.map { Int($0) } ?? defaultPerPage
        if page.map({ !Self.pages.contains($0) }) ?? true { errors.append(.init(field: "page", message: "ต้องเป็นจำนวนเต็ม 1–1,000,000")) }
        if perPage.map({ !(1...maxPerPage).contains($0) }) ?? true { errors.append(.init(field: "perPage", message: "ต้องเป็นจำนวนเต็ม 1–\(maxPerPage)")) }
        guard errors.isEmpty, let page, let perPage else { throw PrakatError.validation(errors, status: .badRequest) }
        self.page = page
        self.perPage = perPage
    }
}

extension Request {
    /// One query parameter of the API: nil when absent; 400 when it is repeated or empty (the
    /// OpenAPI document's integer and enum parameters are never "" and never a list). A free string
    /// such as a secret may be "" (`emptyAllowed`): the route decides what that means.
    func singleQueryValue(_ name: String, emptyAllowed: Bool = false) throws -> String? {
        let items = url.query.flatMap { URLComponents(string: "?" + $0)?.queryItems } ?? []
        let values = items.filter { $0.name == name }.map { $0.value ?? "" }
        guard let first = values.first else { return nil }
        guard values.count == 1, emptyAllowed || !first.isEmpty else {
            throw PrakatError.validation([.init(field: name, message: SupportText.queryValueOnce)], status: .badRequest)
        }
        return first
    }
}
