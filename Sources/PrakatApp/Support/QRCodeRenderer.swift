import Foundation
import PrakatCore
import Vapor

/// QR codes as inline SVG from Debian's `qrencode` (issue 5 §5 "printable QR if a generator is
/// available"). Without it, callers show the link as text; nothing else depends on it.
struct QRCodeRenderer: Sendable {
    let executable: String?

    var isAvailable: Bool { executable.map { FileManager.default.isExecutableFile(atPath: $0) } ?? false }

    /// The SVG for `text`, labelled for screen readers, or nil when qrencode is missing or fails.
    /// The text goes in on standard input, so nothing in it can be read as an option.
    func svg(_ text: String, label: String) async -> String? {
        guard let executable, isAvailable, !text.isEmpty, text.utf8.count <= 2000 else { return nil }
        let output: Data? = await withCheckedContinuation { continuation in
            // Process waits block a thread: keep them off the event loops and the blocking pool.
            DispatchQueue.global().async {
                continuation.resume(returning: Self.run(executable, input: Data(text.utf8)))
            }
        }
        guard let output, let svg = String(data: output, encoding: .utf8), let start = svg.range(of: "<svg "),
              let end = svg.range(of: "</svg>", options: .backwards), start.lowerBound < end.lowerBound else { return nil }
        // The pages' CSP has no 'unsafe-inline' styles, so qrencode's style="stroke:…" would be
        // dropped and the code drawn blank: use the presentation attribute instead.
        let body = String(svg[start.lowerBound..<end.upperBound])
            .replacingOccurrences(of: #"style="stroke:(#[0-9A-Fa-f]{6})""#, with: #"stroke="$1""#, options: .regularExpression)
        // Our own generator's output, but it is inlined into pages: refuse anything active.
        let lowered = body.lowercased()
        guard !lowered.contains("<script"), !lowered.contains(" on"), !lowered.contains("href"), !lowered.contains("style=") else { return nil }
        return body.replacingOccurrences(of: "<svg ", with: "<svg role=\"img\" aria-label=\"\(HTMLEscaping.escape(label))\" ",
                                         options: [], range: body.startIndex..<body.index(body.startIndex, offsetBy: 5))
    }

    private static func run(_ executable: String, input: Data) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // Medium error correction survives a smudged printout; the SVG is one path, small to inline.
        process.arguments = ["-t", "SVG", "--svg-path", "-l", "M", "-m", "2", "-o", "-"]
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        let deadline = DispatchTime.now() + .seconds(10)
        DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }
}

extension Application {
    var qrCodes: QRCodeRenderer { QRCodeRenderer(executable: prakat.qrencodePath) }
}
