import Foundation
import Vapor

/// Turns a printable page into a PDF with headless chromium from Debian's package.
/// Without chromium the print pages still work; the PDF link says what to install.
actor PDFRenderer {
    enum Failure: Error {
        case unavailable
        case failed(String)
        /// Every browser is busy and the queue is full: answer 503 with Retry-After.
        case busy
    }

    let chromiumPath: String?
    let workDirectory: String
    /// Chromium is heavy: at most `limit` at a time, at most `maxWaiting` waiting their turn
    /// (issue 15 §1: the queue was unbounded, so public PDF links could pile up browsers).
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    let limit: Int
    let maxWaiting: Int
    /// Chromium's sandbox on (the default when not root); see docs/security.md.
    let sandbox: Bool

    init(chromiumPath: String?, workDirectory: String, limit: Int = 2, maxWaiting: Int = 8, sandbox: Bool = getuid() != 0) {
        self.chromiumPath = chromiumPath
        self.workDirectory = workDirectory
        self.sandbox = sandbox
        self.limit = max(1, limit)
        self.maxWaiting = max(0, maxWaiting)
    }

    nonisolated var isAvailable: Bool { chromiumPath != nil }

    private func enter(alwaysWait: Bool) async throws {
        if running < limit {
            running += 1
            return
        }
        guard alwaysWait || waiting.count < maxWaiting else { throw Failure.busy }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }

    /// Seconds a refused client should wait: about one render per browser slot ahead of it.
    static let retryAfterSeconds = 10

    /// `alwaysWait`: the background queue of public PDFs (one render at a time) waits for a
    /// browser however many requests wait; requests are refused with `busy` instead.
    func render(html: String, alwaysWait: Bool = false) async throws -> Data {
        guard let chromiumPath else { throw Failure.unavailable }
        try await enter(alwaysWait: alwaysWait)
        defer { leave() }
        let job = (workDirectory as NSString).appendingPathComponent("pdf-" + UUID().uuidString.lowercased())
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: job) }
        let input = (job as NSString).appendingPathComponent("page.html")
        let output = (job as NSString).appendingPathComponent("page.pdf")
        try html.write(toFile: input, atomically: true, encoding: .utf8)
        // A stuck browser must not hold a request forever; it prints next to nothing itself.
        let runner = ProcessRunner(
            environment: ["HOME": job, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
            timeout: .seconds(60), outputLimit: 1 << 20)
        // The sandbox stays on unless chromium cannot have it (as root) or the operator turned it
        // off; docs/security.md "PDFs and the browser" says why and what else confines it.
        let arguments =
            ["--headless=new"] + (sandbox ? [] : ["--no-sandbox"]) + [
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--user-data-dir=\(job)/profile", "--no-pdf-header-footer", "--print-to-pdf=\(output)", "file://\(input)"
            ]
        do {
            _ = try await runner.run(chromiumPath, arguments: arguments)
        } catch {
            throw Failure.failed("chromium \(error)")
        }
        guard let data = FileManager.default.contents(atPath: output), data.starts(with: Array("%PDF-".utf8)) else {
            throw Failure.failed("chromium wrote no PDF")
        }
        return data
    }
}

extension PrakatError {
    /// Thai 503 with Retry-After when the PDF renderer's queue is full.
    static func pdfBusy() -> PrakatError {
        PrakatError(
            status: .serviceUnavailable, kind: "pdf-busy", title: SupportText.pdfBusyTitle, detail: SupportText.pdfBusyDetail,
            headers: ["Retry-After": String(PDFRenderer.retryAfterSeconds)])
    }

    /// Thai 503 with Retry-After when a public PDF is not made yet: it is queued, and a visitor
    /// never starts a browser (issue 14 §8).
    static func pdfPreparing() -> PrakatError {
        PrakatError(
            status: .serviceUnavailable, kind: "pdf-preparing", title: SupportText.pdfPreparingTitle, detail: SupportText.pdfPreparingDetail,
            headers: ["Retry-After": String(PDFRenderer.retryAfterSeconds)])
    }
}
