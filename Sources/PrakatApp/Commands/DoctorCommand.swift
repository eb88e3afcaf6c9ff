import Foundation
import Vapor

/// `prakat doctor`: checks the install and prints in Thai what to fix; exit 1 when anything must be fixed.
struct DoctorCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "no-network", help: "Do not connect to the mail server.")
        var noNetwork: Bool
        init() {}
    }

    let help = "Checks configuration, database, clock, disk, tools, backups, TLS/proxy and mail, and says what to fix (exit 1 if anything must be fixed)."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var probes = DoctorProbes.system(app)
        if signature.noNetwork { probes.mailServer = { _ in nil } }
        let findings = await Doctor(app: app, config: app.prakat, probes: probes).run()
        context.console.print(DoctorText.title)
        for finding in findings { context.console.print(finding.line) }
        let mustFix = findings.filter { $0.level == .mustFix }.count
        context.console.print(DoctorText.summary(mustFix: mustFix, advice: findings.filter { $0.level == .advice }.count))
        if mustFix > 0 { app.exitCode = 1 }
    }
}
