import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// The requests Vapor's responder is answering, so that shutdown can wait for them.
///
/// Vapor clears the application's storage (the configuration, the services, the databases)
/// right after stopping its server, and a request's handler keeps running when its client has
/// gone: a handler that then reached `application.prakat` or `req.db` would stop the process.
/// Shutdown therefore stops the server first and waits here, for a bounded time, before anything
/// is taken down (`StopServingFirst`).
final class RequestsInFlight: Sendable {
    private struct State {
        var count = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        /// For tests: resumed when someone starts waiting.
        var waitingWatchers: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = NIOLockedValueBox(State())

    var count: Int { state.withLockedValue { $0.count } }

    func begin() { state.withLockedValue { $0.count += 1 } }

    func end() {
        let resumed = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.count = max(0, state.count - 1)
            guard state.count == 0 else { return [] }
            let waiters = Array(state.waiters.values)
            state.waiters = [:]
            return waiters
        }
        for waiter in resumed { waiter.resume() }
    }

    /// Counts a request from now until the future of its answer completes.
    func track(_ answer: () -> EventLoopFuture<Response>) -> EventLoopFuture<Response> {
        begin()
        let future = answer()
        future.whenComplete { _ in self.end() }
        return future
    }

    /// Returns true once no request is in flight, false if some still are after `limit`.
    func drained(within limit: TimeAmount) async -> Bool {
        let id = UUID()
        // Started once the waiter is in place, so that giving up never comes before it.
        let timer = NIOLockedValueBox<Task<Void, Never>?>(nil)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (waiting, watchers) = state.withLockedValue { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                if state.count == 0 { return (false, []) }
                state.waiters[id] = continuation
                let watchers = Array(state.waitingWatchers.values)
                state.waitingWatchers = [:]
                return (true, watchers)
            }
            guard waiting else { return continuation.resume() }
            timer.withLockedValue {
                $0 = Task {
                    try? await Task.sleep(nanoseconds: UInt64(max(0, limit.nanoseconds)))
                    self.giveUp(id)
                }
            }
            for watcher in watchers { watcher.resume() }
        }
        timer.withLockedValue { $0 }?.cancel()
        return count == 0
    }

    private func giveUp(_ id: UUID) {
        state.withLockedValue { $0.waiters.removeValue(forKey: id) }?.resume()
    }

    /// Returns once someone waits in `drained(within:)`, or when the calling task is cancelled
    /// (tests use it instead of sleeping).
    func untilSomeoneWaits() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waitingAlready = state.withLockedValue { state -> Bool in
                    if !state.waiters.isEmpty || Task.isCancelled { return true }
                    state.waitingWatchers[id] = continuation
                    return false
                }
                if waitingAlready { continuation.resume() }
            }
        } onCancel: {
            state.withLockedValue { $0.waitingWatchers.removeValue(forKey: id) }?.resume()
        }
    }
}

/// The first step of shutdown: stop listening, close the connections, and give the requests
/// still being answered up to `limit` to finish, before the background jobs stop, the last
/// visitor counts are written and Vapor clears the application's storage.
///
/// Vapor runs shutdown steps in the reverse order of their registration, so this one is
/// registered last in `configure` (after Fluent's, which closes the databases; for every
/// application, tests' included) and again when `prakat serve` has started its jobs, so that it
/// runs before their steps too; the second run finds the server stopped and nothing in flight.
struct StopServingFirst: LifecycleHandler {
    let requests: RequestsInFlight
    var limit: TimeAmount = .seconds(10)

    func shutdownAsync(_ application: Application) async {
        // The same server `serve` started (both providers keep one instance); stopping it
        // again, or one never started, does nothing.
        await application.server.shutdown()
        guard requests.count > 0 else { return }
        if await !requests.drained(within: limit) {
            application.logger.warning("shutting down with \(requests.count) request(s) still being answered after \(limit.nanoseconds / 1_000_000_000) s")
        }
    }
}
