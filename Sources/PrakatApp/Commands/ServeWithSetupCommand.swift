import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// `prakat serve`: migrate, create the demo agency on first start, start the background jobs,
/// then Vapor's own server.
struct ServeWithSetupCommand: AsyncCommand {
    typealias Signature = ServeCommand.Signature
    let help = "Migrates the database, creates the demo agency on first start and serves the site."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        // Held until the process ends (serve's run returns once the server has started; the
        // kernel drops the lock when the process exits): `restore` refuses while it is held.
        _ = ServerLock.holdForServer(dataDirectory: app.prakat.dataDirectory)
        try await prepareDatabase(app, seedDemo: app.prakat.seedDemoOnFirstStart)
        BackgroundJobs.start(app)
        // Again after the jobs, so that shutdown stops serving before it stops them and writes
        // the last visitor counts (Vapor runs shutdown steps in reverse order).
        app.lifecycle.use(StopServingFirst(requests: app.dependencies.requestsInFlight))
        app.warnIfClockUnsynchronised()
        try await app.servers.asyncCommand.run(using: context, signature: signature)
    }
}
