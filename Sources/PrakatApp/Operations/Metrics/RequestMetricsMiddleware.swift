import NIOCore
import Vapor

/// Counts and times every request by its route pattern. A future-based middleware on purpose:
/// each `AsyncMiddleware` hop costs a switch between the event loop and the task executor.
struct RequestMetricsMiddleware: Middleware {
    let metrics: PrakatMetrics

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = NIODeadline.now()
        return next.respond(to: request).always { result in
            let status: UInt =
                switch result {
                case .success(let response): response.status.code
                case .failure(let error): (error as? any AbortError)?.status.code ?? 500
                }
            let seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
            metrics.request(route: metrics.routeLabel(request.route), method: request.method.rawValue, status: status, seconds: seconds)
        }
    }
}
