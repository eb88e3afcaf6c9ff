import Fluent
import Foundation
import Testing
import Vapor

@testable import PrakatApp

/// `prakat seed-demo` goes only into an empty database: after `create-admin` it added eleven
/// demo accounts beside the real administrator (an operator walkthrough), and a refusal exited 0.
@Suite("prakat seed-demo")
struct SeedDemoCommandTests {
    func run(_ arguments: [String], environment: [String: String], before: ((Application) async throws -> Void)? = nil) async throws -> (exit: Int32, agencies: Int, users: Int) {
        try await runPrakatCommand(arguments, environment: environment, before: before) { app in
            (app.exitCode, try await Agency.query(on: app.db).count(), try await User.query(on: app.db).count())
        }
    }

    @Test func itRefusesADatabaseWithAnAccountAndSaysSoWithItsExitCode() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-seed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4"]
        // The real administrator first, as docs/install.md has it.
        let refused = try await run(["seed-demo"], environment: environment) { app in
            _ = try await makeUser(app, "boss", roles: [.administrator], unit: nil)
        }
        #expect(refused.exit == 1 && refused.agencies == 0 && refused.users == 1)
    }

    @Test func anEmptyDatabaseGetsTheDemoAndASecondRunIsRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-seed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["PRAKAT_DATA_DIR": directory, "PRAKAT_DEMO": "0", "PRAKAT_BCRYPT_COST": "4"]
        let seeded = try await run(["seed-demo"], environment: environment)
        #expect(seeded.exit == 0 && seeded.agencies == 1 && seeded.users > 1)
        let again = try await run(["seed-demo"], environment: environment)
        #expect(again.exit == 1 && again.users == seeded.users)
    }
}
