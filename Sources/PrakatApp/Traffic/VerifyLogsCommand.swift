import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// `prakat verify-logs`: every sealed traffic day against its file, the chain between days,
/// unsealed finished days, and the seals recorded in the audit trail.
struct VerifyLogsCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Verifies the traffic logs: each sealed day, the chain of seals, and the seals recorded in the audit trail."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await DatabaseSetup.prepare(app.db, schema: app.prakat.databaseSchema)
        switch try await app.trafficLog.verify() {
        case .broken(let day, let reason):
            context.console.error("broken at \(day): \(reason)")
            app.exitCode = 1
        case .intact(let days):
            let disagreements = try await TrafficSealing.sealsDisagreeingWithAudit(app)
            if let first = disagreements.first {
                context.console.error("broken at \(first)")
                app.exitCode = 1
            } else {
                context.console.print("intact (\(days) sealed days)")
            }
        }
    }
}
