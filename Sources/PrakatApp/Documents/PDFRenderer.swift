import Foundation
import Vapor

/// Turns a printable page into a PDF with headless chromium from Debian's package (TOOLING.md).
/// Without chromium the print pages still work; the PDF link says what to install.
actor PDFRenderer {
    enum Failure: Error {
        case unavailable
        case failed(String)
    }

    let chromiumPath: String?
    let workDirectory: String
    /// Chromium is heavy: at most two at a time, the rest wait their turn.
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let limit = 2

    init(chromiumPath: String?, workDirectory: String) {
        self.chromiumPath = chromiumPath
        self.workDirectory = workDirectory
    }

    nonisolated var isAvailable: Bool { chromiumPath != nil }

    private func enter() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }

    func render(html: String) async throws -> Data {
        guard let chromiumPath else { throw Failure.unavailable }
        await enter()
        defer { leave() }
        let job = (workDirectory as NSString).appendingPathComponent("pdf-" + UUID().uuidString.lowercased())
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: job) }
        let input = (job as NSString).appendingPathComponent("page.html")
        let output = (job as NSString).appendingPathComponent("page.pdf")
        try html.write(toFile: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromiumPath)
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(job)/profile", "--no-pdf-header-footer", "--print-to-pdf=\(output)", "file://\(input)"]
        process.environment = ["HOME": job, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A stuck browser must not hold a request forever.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw Failure.failed("chromium did not finish within 60 s")
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output), data.starts(with: Array("%PDF-".utf8)) else {
            throw Failure.failed("chromium exited with status \(process.terminationStatus)")
        }
        return data
    }
}

extension Application {
    private struct PDFRendererKey: StorageKey { typealias Value = PDFRenderer }

    var pdfRenderer: PDFRenderer {
        get {
            if let existing = storage[PDFRendererKey.self] { return existing }
            let made = PDFRenderer(chromiumPath: prakat.chromiumPath, workDirectory: (prakat.dataDirectory as NSString).appendingPathComponent("tmp"))
            storage[PDFRendererKey.self] = made
            return made
        }
        set { storage[PDFRendererKey.self] = newValue }
    }
}
