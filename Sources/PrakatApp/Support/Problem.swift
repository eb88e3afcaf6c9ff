import Vapor

/// RFC 9457 problem details for the JSON API (the API contract ("Errors", `Resources/openapi.json`)). Titles are Thai.
struct Problem: Content {
    struct FieldError: Content, Equatable {
        var field: String
        var message: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String?
    var errors: [FieldError]?

    static let typeBase = "https://prakat.go.th/problems/"
}

/// An error that knows how it looks to a person (Thai page) and to a program (problem+json).
struct PrakatError: AbortError, DebuggableError {
    var status: HTTPResponseStatus
    /// Short machine name, the last part of the problem `type`.
    var kind: String
    var title: String
    var detail: String?
    var fieldErrors: [Problem.FieldError] = []
    var headers: HTTPHeaders = [:]

    var reason: String { detail ?? title }
    var identifier: String { kind }

    static func validation(_ errors: [Problem.FieldError], status: HTTPResponseStatus = .unprocessableEntity) -> PrakatError {
        PrakatError(status: status, kind: "validation", title: SupportText.validationTitle, detail: errors.map(\.message).joined(separator: " "), fieldErrors: errors)
    }

    static func badRequest(_ detail: String) -> PrakatError {
        PrakatError(status: .badRequest, kind: "bad-request", title: SupportText.badRequestTitle, detail: detail)
    }

    static func notFound() -> PrakatError {
        PrakatError(status: .notFound, kind: "not-found", title: SupportText.notFoundTitle, detail: SupportText.notFoundDetail)
    }

    static func forbidden(_ detail: String = SupportText.forbiddenDetail) -> PrakatError {
        PrakatError(status: .forbidden, kind: "forbidden", title: SupportText.forbiddenTitle, detail: detail)
    }

    static func unauthorized(_ detail: String = SupportText.unauthorizedDetail) -> PrakatError {
        PrakatError(
            status: .unauthorized, kind: "unauthorized", title: SupportText.unauthorizedTitle, detail: detail,
            headers: ["WWW-Authenticate": "Bearer"])
    }

    var problem: Problem {
        Problem(
            type: Problem.typeBase + kind, title: title, status: Int(status.code), detail: detail,
            errors: fieldErrors.isEmpty ? nil : fieldErrors)
    }
}

/// How the API writes JSON: ISO 8601 dates (Vapor's default), keys sorted so that the same
/// answer is the same bytes every time, slashes in URLs as they are.
enum APIJSON {
    static let encoder = JSONEncoder.custom(dates: .iso8601, format: [.sortedKeys, .withoutEscapingSlashes])
}
