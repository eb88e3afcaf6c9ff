import Foundation
import Vapor

/// A public document whose PDF should be made ahead of time (issue 14 §8).
struct PublicPDFJob: Sendable {
    /// The `PDFCache` key (`project-<id>`, `round-<id>`); one queued render per document.
    var document: String
    /// The print page's HTML as an anonymous visitor gets it now, or nil when the document is no
    /// longer public. Called with a request of nobody signed in, so it sees what the public sees.
    var html: @Sendable (Request) async throws -> String?
}

/// Public PDFs waiting to be made, one at a time, in this instance (the PDFs are kept in this
/// instance's data directory).
///
/// Anonymous requests never start a browser: a PDF that is not made yet is queued here and the
/// visitor gets 503 with `Retry-After`. The queue is filled when a document becomes public, by a
/// visitor asking, and by `enqueueMissing` at start and every few minutes; `drain` makes the PDFs
/// through the same bounded renderer as everything else.
actor PublicPDFQueue {
    private var pending: [PublicPDFJob] = []
    private var queued: Set<String> = []
    private var wakeUp: CheckedContinuation<Void, Never>?
    /// Every job ever queued (a document already waiting is not queued twice), for tests.
    private(set) var queuedCount = 0

    /// Queues `job` unless its document is already waiting; true when it was queued now.
    @discardableResult
    func enqueue(_ job: PublicPDFJob) -> Bool {
        guard !queued.contains(job.document) else { return false }
        queued.insert(job.document)
        pending.append(job)
        queuedCount += 1
        wakeUp?.resume()
        wakeUp = nil
        return true
    }

    var waitingDocuments: [String] { pending.map(\.document) }

    /// The next job; its document may be queued again from now on (a newer version).
    func next() -> PublicPDFJob? {
        guard !pending.isEmpty else { return nil }
        let job = pending.removeFirst()
        queued.remove(job.document)
        return job
    }

    /// Returns when a job is waiting (at once if one is), or when `wake()` is called.
    func waitForWork() async {
        if !pending.isEmpty { return }
        await withCheckedContinuation { continuation in
            wakeUp?.resume()
            wakeUp = continuation
        }
    }

    /// Lets a waiting `waitForWork` return (shutdown).
    func wake() {
        wakeUp?.resume()
        wakeUp = nil
    }
}

extension Application {
    var publicPDFs: PublicPDFQueue { dependencies.publicPDFs }

    /// Makes every waiting public PDF; returns how many were rendered (not already kept).
    @discardableResult
    func drainPublicPDFs() async -> Int {
        var rendered = 0
        while let job = await publicPDFs.next() {
            do {
                if try await renderPublicPDF(job) { rendered += 1 }
            } catch {
                logger.error("public PDF \(job.document) was not made: \(error)")
            }
        }
        return rendered
    }

    /// True when the renderer ran; false when the PDF was kept already or the document is not
    /// public (any more).
    private func renderPublicPDF(_ job: PublicPDFJob) async throws -> Bool {
        let renderer = pdfRenderer
        guard renderer.isAvailable else { return false }
        guard let html = try await job.html(anonymousRequest()) else { return false }
        if await pdfCache.cached(document: job.document, html: html) != nil { return false }
        _ = try await pdfCache.pdf(document: job.document, html: html) { try await renderer.render(html: html, alwaysWait: true) }
        return true
    }

    /// A request of nobody signed in, from nowhere: the print pages render exactly what a
    /// visitor's request renders, so the HTML (and the cache key) is the same.
    private func anonymousRequest() -> Request {
        Request(application: self, method: .GET, url: URI(path: "/"), logger: logger, on: eventLoopGroup.any())
    }

    /// Queues every public document whose current version has no PDF yet (at start, after
    /// downtime or a new agency name, and every few minutes for what changes without a step of
    /// its own, such as questionnaire answers shown in an approved round).
    func enqueueMissingPublicPDFs(_ jobs: [PublicPDFJob]) async {
        guard pdfRenderer.isAvailable else { return }
        let request = anonymousRequest()
        for job in jobs {
            do {
                guard let html = try await job.html(request), await pdfCache.cached(document: job.document, html: html) == nil else { continue }
                await publicPDFs.enqueue(job)
            } catch {
                logger.error("public PDF \(job.document) could not be checked: \(error)")
            }
        }
    }
}
