import Foundation
import Vapor

/// PDF of a print page through headless Chromium (Debian's `chromium` with `fonts-thai-tlwg`
/// renders Thai correctly; TOOLING.md). Without it the print page still works and the PDF link
/// says what to install.
enum PlanPDF {
    static let chromium = "/usr/bin/chromium"

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: chromium) }

    /// `file:///…/Resources/Public/` so the page's stylesheet loads from disk.
    static func baseHref(_ req: Request) -> String {
        var directory = (req.application.prakat.resourcesDirectory as NSString).appendingPathComponent("Public")
        if !directory.hasPrefix("/") { directory = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory) }
        return URL(fileURLWithPath: directory, isDirectory: true).absoluteString
    }

    static func respond<Body: Encodable>(_ req: Request, template: String, title: String, body: Body, fileName: String) async throws -> Response {
        guard isAvailable else {
            throw PrakatError(status: .serviceUnavailable, kind: "pdf-unavailable", title: "สร้าง PDF ไม่ได้", detail: PlansText.pdfMissing)
        }
        let view = try await req.view.render(template, PageView(site: await req.siteContext(), title: title, page: body))
        let html = String(buffer: view.data)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("page.html")
        let output = directory.appendingPathComponent("page.pdf")
        try Data(html.utf8).write(to: input)
        let ok = try await run(input: input, output: output, home: directory)
        guard ok, let pdf = try? Data(contentsOf: output), pdf.starts(with: Array("%PDF".utf8)) else {
            req.logger.error("chromium did not produce a PDF for \(template)")
            throw PrakatError(status: .serviceUnavailable, kind: "pdf-failed", title: "สร้าง PDF ไม่สำเร็จ",
                              detail: "ลองใหม่อีกครั้ง หรือใช้หน้าพิมพ์แล้วสั่งพิมพ์เป็น PDF จากเบราว์เซอร์")
        }
        let response = Response(status: .ok, body: .init(data: pdf))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.contentDisposition = .init(.inline, filename: fileName + ".pdf")
        return response
    }

    /// Runs Chromium off the event loop, killed after 90 seconds.
    private static func run(input: URL, output: URL, home: URL) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: chromium)
                process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                     "--print-to-pdf=\(output.path)", input.absoluteString]
                process.environment = ["HOME": home.path, "PATH": "/usr/bin:/bin"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                do {
                    try process.run()
                    let deadline = DispatchTime.now() + .seconds(90)
                    DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
                    process.waitUntilExit()
                    continuation.resume(returning: process.terminationStatus == 0)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
