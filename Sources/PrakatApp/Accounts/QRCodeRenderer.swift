import Foundation
import PrakatCore
import Vapor

/// Draws the enrolment QR code with the `qrencode` executable (Debian package `qrencode`,
/// `PRAKAT_QRENCODE`). Runs on the thread pool, is killed after a few seconds, and only its
/// rebuilt SVG (`QRCodeSVG.sanitize`) reaches the page. Without it the page shows the secret
/// and the URI, which authenticator apps accept typed or pasted.
struct QRCodeRenderer: Sendable {
    let executable: String?
    var timeout: TimeInterval = 5

    func svg(for text: String, label: String, on app: Application) async -> String? {
        guard let executable, FileManager.default.isExecutableFile(atPath: executable) else { return nil }
        let timeout = self.timeout
        let raw = try? await app.threadPool.runIfActive(eventLoop: app.eventLoopGroup.next()) {
            QRCodeRenderer.run(executable, arguments: ["-t", "SVG", "-o", "-", text], timeout: timeout)
        }.get()
        return raw.flatMap { $0 }.flatMap { QRCodeSVG.sanitize($0, label: label) }
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
