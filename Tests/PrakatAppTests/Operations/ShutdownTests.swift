import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

@testable import PrakatApp

#if canImport(Glibc)
    import Glibc
#endif

/// Vapor clears the application's storage right after stopping its server, while a handler whose
/// client has gone keeps running: such a handler then reaching the configuration or the database
/// stopped the whole process (a trap, seen when real-socket tests timed out under load).
@Suite("Shutdown")
struct ShutdownTests {
    /// Handlers that must not go on after a failed test (see below).
    static let neverReleased = NIOLockedValueBox<[AsyncStream<Void>.Continuation]>([])

    @Test(.timeLimit(.minutes(1)))
    func waitsForARequestWhoseClientHasGoneBeforeTakingTheAppApart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // `serve`'s own server (the front server, relaying to Vapor's), not the tests' usual one.
        let configuration = try PrakatConfiguration.fromEnvironment(["PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4"])
        let app = try await Application.make(.testing)
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let (finished, finish) = AsyncStream<String>.makeStream()
        var shutDown = false
        do {
            try await configure(app, configuration: configuration, clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
            app.on(.GET, "slow", policy: .everyone) { req async throws -> String in
                enter.yield()
                for await _ in released { break }
                // Both read the application's storage: they trapped once it was cleared.
                let directory = req.application.prakat.dataDirectory
                try await (req.db as? any SQLDatabase)?.raw("SELECT 1").run()
                finish.yield(directory)
                return "done"
            }
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.frontServer.localAddress?.port)
            let fd = try #require(LoopbackSocket.connect(port: port))
            let request = Array("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n".utf8)
            #expect(send(fd, request, request.count, 0) == request.count)
            for await _ in entered { break }
            // The client gives up and the server stops (as a test's server did after a request
            // that timed out); the handler goes on.
            close(fd)
            await app.server.shutdown()

            let requests = app.dependencies.requestsInFlight
            try #require(requests.count == 1, "the request is counted")
            let (stopped, stop) = AsyncStream<Void>.makeStream()
            let stopping = Task {
                defer { stop.yield() }
                try await app.asyncShutdown()
            }
            // Whichever comes first: shutdown waiting for the request, or shutdown done without it.
            let waitedForTheRequest = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await requests.untilSomeoneWaits()
                    return !Task.isCancelled
                }
                group.addTask {
                    for await _ in stopped { break }
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            guard waitedForTheRequest else {
                // The handler is left waiting for good (let go, it would stop the process).
                Self.neverReleased.withLockedValue { $0.append(release) }
                shutDown = true
                Issue.record("shutdown took the application apart while a request was being answered")
                return
            }
            #expect(!app.didShutdown)
            release.yield()
            try await stopping.value
            shutDown = true
            var answers = finished.makeAsyncIterator()
            let seen = await answers.next()
            #expect(seen == directory, "the handler read the configuration and the database before the storage went")
            #expect(requests.count == 0)
        } catch {
            if !shutDown {
                release.yield()
                try? await app.asyncShutdown()
            }
            throw error
        }
    }

    @Test func aDrainGivesUpAfterItsLimit() async {
        let requests = RequestsInFlight()
        #expect(await requests.drained(within: .seconds(5)), "nothing in flight: at once")
        requests.begin()
        #expect(await !requests.drained(within: .milliseconds(20)))
        let waiting = Task { await requests.drained(within: .seconds(30)) }
        await requests.untilSomeoneWaits()
        requests.end()
        #expect(await waiting.value)
    }
}
