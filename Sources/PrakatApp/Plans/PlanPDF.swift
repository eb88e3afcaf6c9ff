import Foundation
import PrakatCore
import Vapor

/// PDF of a print page through headless Chromium (Debian's `chromium` with `fonts-thai-tlwg`
/// renders Thai correctly; checked on the build machine). Without it the print page still works and the PDF link
/// says what to install.
enum PlanPDF {
    /// The application's one renderer (PRAKAT_CHROMIUM, at most two browsers at a time),
    /// shared with the publishing print pages.
    static func isAvailable(_ req: Request) -> Bool { req.application.pdfRenderer.isAvailable }

    /// `file:///…/Resources/Public/` so the page's stylesheet loads from disk.
    static func baseHref(_ req: Request) -> String {
        var directory = (req.application.prakat.resourcesDirectory as NSString).appendingPathComponent("Public")
        if !directory.hasPrefix("/") { directory = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory) }
        return URL(fileURLWithPath: directory, isDirectory: true).absoluteString
    }

    /// The PDF bytes of a print page, or a Thai 503 saying what to install, to come back later
    /// (the renderer's queue is full) or to use the print page. With `cacheAs` (a public
    /// document: `round-<id>`, `project-<id>`) a PDF of the same HTML is answered from
    /// `PDFCache` without starting a browser.
    static func render<Body: Encodable>(_ req: Request, template: String, title: String, body: Body, cacheAs document: String? = nil) async throws -> Data {
        let renderer = req.application.pdfRenderer
        guard renderer.isAvailable else {
            throw PrakatError(status: .serviceUnavailable, kind: "pdf-unavailable", title: "สร้าง PDF ไม่ได้", detail: PlansText.pdfMissing)
        }
        let view = try await req.view.render(template, PageView(site: await req.siteContext(), title: title, page: body))
        let html = String(buffer: view.data)
        do {
            if let document {
                return try await req.application.pdfCache.pdf(document: document, html: html) { try await renderer.render(html: html) }
            }
            return try await renderer.render(html: html)
        } catch PDFRenderer.Failure.busy {
            throw PrakatError.pdfBusy()
        } catch {
            req.logger.error("chromium did not produce a PDF for \(template): \(error)")
            throw PrakatError(
                status: .serviceUnavailable, kind: "pdf-failed", title: "สร้าง PDF ไม่สำเร็จ",
                detail: "ลองใหม่อีกครั้ง หรือใช้หน้าพิมพ์แล้วสั่งพิมพ์เป็น PDF จากเบราว์เซอร์")
        }
    }

    static func respond<Body: Encodable>(_ req: Request, template: String, title: String, body: Body, fileName: String, cacheAs document: String? = nil) async throws -> Response {
        let pdf = try await render(req, template: template, title: title, body: body, cacheAs: document)
        let response = Response(status: .ok, body: .init(data: pdf))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.inline(fileName: PlanPDF.fileName(fileName)))
        return response
    }

    static func fileName(_ stem: String) -> String { FileName.sanitise(stem + ".pdf") ?? "report.pdf" }
}
