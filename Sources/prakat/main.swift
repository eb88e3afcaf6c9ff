import Foundation
import Logging
import NIOCore
import NIOPosix
import PrakatApp
import Vapor

// Swift concurrency runs on Vapor's own event loops: an async handler or middleware then
// continues on the loop that serves the connection instead of hopping to another thread pool
// and back (measured on 2 cores: +30–60 % requests per second; docs/performance.md).
if ProcessInfo.processInfo.environment["PRAKAT_NIO_EXECUTOR"] != "0" {
    _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}

// The operator's verbs: serve (default), migrate, create-admin, seed-demo, verify-audit, routes.
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let app = try await Application.make(environment)

var exitCode: Int32 = 0
do {
    try await configure(app)
    try await app.execute()
    exitCode = app.exitCode
} catch let problem as PrakatConfiguration.Problem {
    FileHandle.standardError.write(Data("prakat: configuration error: \(problem)\n".utf8))
    exitCode = 78  // EX_CONFIG
} catch let unreachable as DatabaseUnreachable {
    FileHandle.standardError.write(Data("prakat: \(unreachable)\n".utf8))
    exitCode = 69  // EX_UNAVAILABLE
} catch {
    app.logger.report(error: error)
    exitCode = 1
}
try await app.asyncShutdown()
exit(exitCode)
