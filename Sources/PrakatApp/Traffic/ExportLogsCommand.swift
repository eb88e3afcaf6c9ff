import Fluent
import Foundation
import PrakatCore
import Vapor

/// `prakat export-logs --from YYYY-MM-DD --to YYYY-MM-DD [--output FILE]`.
struct ExportLogsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "First UTC day (YYYY-MM-DD).")
        var from: String?
        @Option(name: "to", help: "Last UTC day (YYYY-MM-DD).")
        var to: String?
        @Option(name: "output", help: "Archive to write (default: prakat-traffic-FROM-TO.tar.gz here).")
        var output: String?
        init() {}
    }

    let help = "Exports traffic-log days with their seals, digests and a manifest as a .tar.gz for the authorities (audited)."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await DatabaseSetup.prepare(app.db, schema: app.prakat.databaseSchema)
        guard case .success(let (from, to)) = TrafficExport.range(from: signature.from, to: signature.to) else {
            context.console.error("\(OperationsText.rangeInvalid) (--from and --to: YYYY-MM-DD, from ≤ to, at most \(TrafficExport.maximumDays) days)")
            app.exitCode = 2
            return
        }
        let export = try await TrafficExport.export(app, from: from, to: to, actor: commandLineActor("export-logs"))
        let output = signature.output ?? export.fileName
        try writePrivately(export.archive, to: output)
        context.console.print("wrote \(output): \(export.manifest.days.count) days, \(export.archive.count) bytes, sha256 \(export.sha256)")
        context.console.print("logs: \(export.manifest.verification)")
        if export.manifest.days.isEmpty { context.console.warning(OperationsText.nothingInRange) }
    }
}
