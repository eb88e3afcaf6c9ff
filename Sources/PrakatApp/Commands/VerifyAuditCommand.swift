import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// `prakat verify-audit`: walks the hash chain; exit 0 and "intact", or exit 1 naming the first broken link.
struct VerifyAuditCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Verifies the audit trail's hash chain and reports the first broken link."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await DatabaseSetup.prepare(app.db, schema: app.prakat.databaseSchema)
        switch try await AuditTrail.verify(on: app.db) {
        case .intact(let count):
            let anchors = try await TrafficSealing.missingAuditAnchors(app)
            if anchors.isEmpty {
                context.console.print("intact (\(count) entries)")
            } else {
                context.console.error("the chain links up, but its tail was cut or rewritten: \(anchors[0])")
                app.exitCode = 1
            }
        case .broken(let link, let checked):
            context.console.error("broken at entry \(link.sequence): \(link) (\(checked) entries before it are intact)")
            app.exitCode = 1
        }
    }
}
