import FluentPostgresDriver
import Foundation
import NIOHTTP1
import PrakatCore
import Vapor

/// The one place errors become responses: a Thai page with a next step for people, RFC 9457
/// problem+json for the API. Internals are logged with an id, never shown.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = ErrorPageMiddleware.classify(error, request: request)
            if problem.status == .internalServerError {
                let incident = UUID().uuidString.prefix(8)
                request.logger.error("incident \(incident) on \(request.method) \(request.url.path): \(ErrorPageMiddleware.loggable(error))")
            } else {
                request.logger.debug("\(problem.status.code) on \(request.method) \(request.url.path): \(error)")
            }
            if request.isAPI {
                return ErrorPageMiddleware.problemResponse(problem)
            }
            return await ErrorPageMiddleware.page(for: problem, request: request)
        }
    }

    static func classify(_ error: any Error, request: Request) -> PrakatError {
        switch error {
        case let prakat as PrakatError:
            return prakat
        case let psql as PSQLError where ["22021", "22P05", "22001"].contains(psql.serverInfo?[.sqlState] ?? ""):
            // Text PostgreSQL cannot store (NUL bytes, bad encoding, too long): the input's fault.
            return .badRequest("ข้อมูลมีอักขระที่ระบบไม่รองรับ หรือยาวเกินกำหนด กรุณาตรวจสอบแล้วส่งใหม่")
        case is DecodingError:
            return .badRequest(request.headers.contentType == .json ? SupportText.malformedJSON : SupportText.malformedForm)
        case is HTTPParserError:
            // A body cut short (the client closed before its Content-Length) or malformed on the
            // wire: the client's fault, not an incident. Anyone could fill the log and the 5xx
            // count with them (found by a mutation fuzzer; the client has usually gone).
            return .badRequest(SupportText.incompleteBody)
        case let abort as any AbortError:
            switch abort.status {
            case .payloadTooLarge:
                return PrakatError(
                    status: .payloadTooLarge, kind: "too-large", title: SupportText.tooLargeTitle,
                    detail: SupportText.tooLargeDetail(limitBytes: request.bodyLimit))
            case .notFound:
                // The router's miss: a path that exists under other methods is a 405, not a 404.
                if !(abort is PrakatError), let notAllowed = request.application.methodTable?.methodNotAllowed(for: request) {
                    return notAllowed
                }
                return .notFound()
            case .unsupportedMediaType:
                return PrakatError(
                    status: .unsupportedMediaType, kind: "unsupported-media-type", title: SupportText.unsupportedMediaTitle,
                    detail: "ส่งข้อมูลเป็น application/json หรือแบบฟอร์ม")
            case .methodNotAllowed:
                return PrakatError(status: .methodNotAllowed, kind: "method-not-allowed", title: SupportText.methodNotAllowedTitle, detail: nil)
            case .unauthorized:
                return .unauthorized()
            case .forbidden:
                return .forbidden()
            case .badRequest:
                // Vapor's decoding failures arrive as 400 with an English reason; people get Thai.
                return .badRequest(request.headers.contentType == .json ? SupportText.malformedJSON : SupportText.malformedForm)
            case .tooManyRequests:
                return PrakatError(status: .tooManyRequests, kind: "rate-limited", title: SupportText.tooManyRequestsTitle, detail: nil, headers: abort.headers)
            default:
                if abort.status.code < 500 {
                    return PrakatError(status: abort.status, kind: "error", title: SupportText.badRequestTitle, detail: nil, headers: abort.headers)
                }
                return serverError
            }
        default:
            return serverError
        }
    }

    /// What goes to the log for an unexpected error. A PostgreSQL error's full description holds
    /// the query and its bound values (password hashes, personal data), so only its code and
    /// message are kept.
    static func loggable(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            return "PSQLError \(psql.code) sqlstate=\(psql.serverInfo?[.sqlState] ?? "-") \(psql.serverInfo?[.message] ?? "")"
        }
        return "\(type(of: error)): \(String(describing: error).prefix(500))"
    }

    static let serverError = PrakatError(status: .internalServerError, kind: "server-error", title: SupportText.serverErrorTitle, detail: SupportText.serverErrorDetail)

    static func problemResponse(_ problem: PrakatError) -> Response {
        var headers = problem.headers
        headers.replaceOrAdd(name: .contentType, value: "application/problem+json; charset=utf-8")
        let data = (try? APIJSON.encoder.encode(problem.problem)) ?? Data("{}".utf8)
        return Response(status: problem.status, headers: headers, body: .init(data: data))
    }

    struct ErrorBody: Encodable {
        var status: Int
        var heading: String
        var detail: String?
        var showLogin: Bool
    }

    static func page(for problem: PrakatError, request: Request) async -> Response {
        let body = ErrorBody(
            status: Int(problem.status.code), heading: problem.title, detail: problem.detail,
            showLogin: problem.status == .unauthorized && request.currentUser == nil)
        if let response = try? await request.render("Site/error", title: problem.title, body, status: problem.status) {
            for (name, value) in problem.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
        // The template itself failed (or the database is gone): plain, still Thai.
        let html = """
            <!doctype html><html lang="th"><head><meta charset="utf-8"><title>\(problem.title.htmlEscaped)</title></head>
            <body><h1>\(problem.title.htmlEscaped)</h1><p>\((problem.detail ?? "").htmlEscaped)</p><p><a href="/">\(SupportText.backHome)</a></p></body></html>
            """
        var headers = problem.headers
        headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        return Response(status: problem.status, headers: headers, body: .init(string: html))
    }
}

extension String {
    /// Scalar-wise escaping (PrakatCore): a quote followed by a combining mark is still escaped.
    var htmlEscaped: String { HTMLEscaping.escape(self) }
}
