import Foundation
import Testing
import Vapor

@testable import PrakatApp

/// Runs `prakat <arguments>` as the program does (configure, then the command) on a fresh
/// application of `environment`; `before` prepares its database first when given, `after` reads
/// the result before the application shuts down.
func runPrakatCommand<Result>(
    _ arguments: [String], environment: [String: String], before: ((Application) async throws -> Void)? = nil,
    after: (Application) async throws -> Result
) async throws -> Result {
    let app = try await Application.make(.testing)
    do {
        app.environment.arguments = ["prakat"] + arguments
        try await configure(app, configuration: try PrakatConfiguration.fromEnvironment(environment), clock: FixedClock(Date(timeIntervalSince1970: 1_770_606_000)))
        if let before {
            try await prepareDatabase(app, seedDemo: false)
            try await before(app)
        }
        try await app.execute()
        let result = try await after(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try await app.asyncShutdown()
        throw error
    }
}
