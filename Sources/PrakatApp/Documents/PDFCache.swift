import Crypto
import Foundation
import Vapor

/// Rendered PDFs of public print pages, kept on disk per document and content (issue 15 §1: each
/// request of a public PDF link started a browser). The files are in `<data>/cache/pdf/`, so they
/// survive a restart: the same version is never rendered twice by one instance.
///
/// The key is the document (`round-<id>`, `project-<id>`) and the SHA-256 of the HTML the PDF is
/// made from: the HTML is cheap to render and is the exact version of the document, so a saved
/// round, an edited project or a new agency name gives a new key without any invalidation
/// code, and nobody can get a PDF of content other than what their own request rendered. Only
/// the newest version of each document is kept. Requests for a PDF already being made wait for
/// that one render instead of starting their own.
actor PDFCache {
    let directory: String
    private var inFlight: [String: Task<Data, any Error>] = [:]

    init(directory: String) {
        self.directory = directory
    }

    static func digest(_ html: String) -> String {
        SHA256.hash(data: Data(html.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private func path(_ document: String, _ digest: String) -> String {
        (directory as NSString).appendingPathComponent("\(document)-\(digest).pdf")
    }

    /// The kept PDF of exactly this `html`, if there is one; never renders.
    func cached(document: String, html: String) -> Data? {
        Self.read(path(document, Self.digest(html)))
    }

    private static func read(_ file: String) -> Data? {
        guard let data = FileManager.default.contents(atPath: file), data.starts(with: Array("%PDF-".utf8)) else { return nil }
        return data
    }

    /// The cached PDF of `html`, or `render`'s, which is then kept.
    func pdf(document: String, html: String, render: @escaping @Sendable () async throws -> Data) async throws -> Data {
        let digest = Self.digest(html)
        let file = path(document, digest)
        if let cached = Self.read(file) { return cached }
        let key = document + "-" + digest
        if let running = inFlight[key] { return try await running.value }
        let task = Task { try await render() }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        let data = try await task.value
        store(data, document: document, file: file)
        return data
    }

    /// Written to a temporary name and renamed, so a reader never sees half a file; older
    /// versions of the same document are removed. A cache that cannot be written only costs time.
    private func store(_ data: Data, document: String, file: String) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = file + ".tmp-" + UUID().uuidString
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, file) == 0 else { try? manager.removeItem(atPath: temporary); return }
            let name = (file as NSString).lastPathComponent
            for other in (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            where other.hasPrefix(document + "-") && other != name && !other.contains(".tmp-") {
                try? manager.removeItem(atPath: (directory as NSString).appendingPathComponent(other))
            }
        } catch {
            return
        }
    }

    /// How many PDFs are kept (for tests and the operator's curiosity).
    func count() -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".pdf") }.count
    }
}
