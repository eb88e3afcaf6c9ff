import Foundation
import PrakatCore
import Vapor

/// Draws QR codes (two-factor enrolment, questionnaire links) with the `qrencode` executable
/// (Debian package `qrencode`, `PRAKAT_QRENCODE`). It is killed after a few seconds, and only
/// its rebuilt SVG (`QRCodeSVG.sanitize`) reaches the page. Without it callers show the text:
/// the secret and URI for authenticator apps, the link on a questionnaire's sheet.
struct QRCodeRenderer: Sendable {
    let executable: String?
    var timeout: TimeInterval = 5

    func svg(for text: String, label: String, on app: Application) async -> String? {
        guard let executable, FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let timeout = self.timeout
        // Not on the application's blocking pool: SQLite's work waits on that pool's few threads.
        // "--" so that no text is ever read as an option.
        let raw: String? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: QRCodeRenderer.run(executable, arguments: ["-t", "SVG", "-o", "-", "--", text], timeout: timeout))
            }
        }
        return raw.flatMap { QRCodeSVG.sanitize($0, label: label) }
    }

    /// Blocking: call on a thread-pool thread. Nil on failure, non-zero exit or timeout.
    static func run(_ executable: String, arguments: [String], timeout: TimeInterval) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        // Reading to the end first: a full pipe would otherwise block the child forever.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0, data.count < 2_000_000 else { return nil }
        return String(data: data, encoding: .utf8)
    }
}

extension QRCodeRenderer {
    var isAvailable: Bool { executable.map { FileManager.default.isExecutableFile(atPath: $0) } ?? false }
}
