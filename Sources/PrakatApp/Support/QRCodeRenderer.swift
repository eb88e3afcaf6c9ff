import Foundation
import PrakatCore
import Vapor

/// Draws QR codes (two-factor enrolment, questionnaire links) with the `qrencode` executable
/// (Debian package `qrencode`, `PRAKAT_QRENCODE`). It is killed after a few seconds, and only
/// its rebuilt SVG (`QRCodeSVG.sanitize`) reaches the page. Without it callers show the text:
/// the secret and URI for authenticator apps, the link on a questionnaire's sheet.
struct QRCodeRenderer: Sendable {
    let executable: String?
    var timeout: Duration = .seconds(5)
    /// A QR code's SVG is tens of kilobytes; anything near this is not one.
    static let outputLimit = 2_000_000

    var isAvailable: Bool { executable.map(ProcessRunner.isExecutable) ?? false }

    /// Nil when qrencode is missing, fails, or is stopped at the deadline.
    func svg(for text: String, label: String, on app: Application) async -> String? {
        guard let executable, isAvailable else { return nil }
        let runner = ProcessRunner(timeout: timeout, outputLimit: Self.outputLimit)
        do {
            // The text goes in on standard input, so no text is ever read as an option.
            let output = try await runner.run(executable, arguments: ["-t", "SVG", "-o", "-"], input: Array(text.utf8))
            return String(validating: output, as: UTF8.self).flatMap { QRCodeSVG.sanitize($0, label: label) }
        } catch {
            app.logger.debug("qrencode: \(error)")
            return nil
        }
    }
}
