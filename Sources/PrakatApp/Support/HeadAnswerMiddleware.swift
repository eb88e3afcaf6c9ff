import Vapor

/// A HEAD answer to a page written as a stream of unknown length (a sitemap file, an export)
/// goes out with an empty body and `Content-Length: 0`. Vapor's server writes such an answer's
/// chunked-encoding terminator (`0\r\n\r\n`) even for HEAD, where no body may follow, and the
/// client then reads those bytes as the start of its next answer on the connection (Prakat's front
/// server closed the connection on them; a browser would see garbage). The stream is not run.
struct HeadAnswerMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let answer = next.respond(to: request)
        guard request.method == .HEAD else { return answer }
        return answer.map { response in
            if response.body.count < 0 { response.body = .empty }
            return response
        }
    }
}
