import Fluent
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

    /// The HTML a PDF is made from: the print template without the site's context of the person
    /// asking, so everyone's request of one version gives the same bytes (the cache key).
    static func html<Body: Encodable>(_ req: Request, template: String, title: String, body: Body) async throws -> String {
        let view = try await req.view.render(template, PageView(site: await req.siteContext(), title: title, page: body))
        return String(buffer: view.data)
    }

    /// The PDF bytes of a print page, or a Thai 503 saying what to install, to come back later
    /// (the renderer's queue is full, or a public PDF is still being made) or to use the print
    /// page.
    ///
    /// `publicJob` (a public document): the kept PDF of this version when there is one. Otherwise
    /// signed-in staff wait for it to be made (bounded queue), and anyone else gets 503 while it
    /// is queued for the background (issue 14 §8: an anonymous request never starts a browser).
    /// `cacheAs` (documents only staff see): a PDF of the same HTML is answered from `PDFCache`.
    static func render(_ req: Request, html: String, cacheAs: String? = nil, publicJob: PublicPDFJob? = nil) async throws -> Data {
        let renderer = try requireRenderer(req)
        var document = cacheAs
        if let publicJob {
            if let kept = await req.application.pdfCache.cached(document: publicJob.document, html: html) { return kept }
            guard let user = req.currentUser, !user.roles.isEmpty else {
                await req.application.publicPDFs.enqueue(publicJob)
                throw PrakatError.pdfPreparing()
            }
            document = publicJob.document
        }
        do {
            if let document {
                return try await req.application.pdfCache.pdf(document: document, html: html) { try await renderer.render(html: html) }
            }
            return try await renderer.render(html: html)
        } catch PDFRenderer.Failure.busy {
            throw PrakatError.pdfBusy()
        } catch {
            req.logger.error("chromium did not produce a PDF: \(error)")
            throw PrakatError(
                status: .serviceUnavailable, kind: "pdf-failed", title: "สร้าง PDF ไม่สำเร็จ",
                detail: "ลองใหม่อีกครั้ง หรือใช้หน้าพิมพ์แล้วสั่งพิมพ์เป็น PDF จากเบราว์เซอร์")
        }
    }

    /// The renderer, or the Thai 503 that says what to install (checked before any HTML is made).
    @discardableResult
    static func requireRenderer(_ req: Request) throws -> PDFRenderer {
        let renderer = req.application.pdfRenderer
        guard renderer.isAvailable else {
            throw PrakatError(status: .serviceUnavailable, kind: "pdf-unavailable", title: "สร้าง PDF ไม่ได้", detail: PlansText.pdfMissing)
        }
        return renderer
    }

    static func respond(_ req: Request, html: String, fileName: String, cacheAs: String? = nil, publicJob: PublicPDFJob? = nil) async throws -> Response {
        let pdf = try await render(req, html: html, cacheAs: cacheAs, publicJob: publicJob)
        let response = Response(status: .ok, body: .init(data: pdf))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.inline(fileName: PlanPDF.fileName(fileName)))
        return response
    }

    static func respond<Body: Encodable>(_ req: Request, template: String, title: String, body: Body, fileName: String, cacheAs document: String? = nil) async throws -> Response {
        try requireRenderer(req)
        return try await respond(req, html: try await html(req, template: template, title: title, body: body), fileName: fileName, cacheAs: document)
    }

    static func fileName(_ stem: String) -> String { FileName.sanitise(stem + ".pdf") ?? "report.pdf" }
}

/// The public documents of Plans whose PDFs are made ahead of time: approved (and active)
/// projects and the approved rounds of public projects.
enum PlanPublicPDFs {
    static func project(_ id: UUID) -> PublicPDFJob {
        PublicPDFJob(document: "project-" + id.uuidString.lowercased()) { req in
            guard let project = try await PlanProject.find(id, on: req.db), project.state.isPublic else { return nil }
            return try await ProjectExportPages.pdfHTML(req, project: project)
        }
    }

    static func round(_ address: RoundAddress, id: UUID) -> PublicPDFJob {
        PublicPDFJob(document: "round-" + id.uuidString.lowercased()) { req in
            do {
                return try await RoundPages().pdfHTML(req, address).html
            } catch let error as PrakatError where error.status == .notFound {
                return nil
            }
        }
    }

    /// Every public document now, for the catch-up pass.
    static func all(on db: any Database) async throws -> [PublicPDFJob] {
        let projects = try await PlanProject.query(on: db).all().filter { $0.state.isPublic }
        let publicIDs = Set(projects.compactMap(\.id))
        let rounds = try await PlanRound.query(on: db).filter(\.$stateRaw == RoundState.approved.rawValue).all()
        return projects.compactMap { $0.id.map(project) }
            + rounds.compactMap { round in
                guard let id = round.id, publicIDs.contains(round.$project.id) else { return nil }
                return Self.round(RoundAddress(project: round.$project.id, year: FiscalYear(beYear: round.beYear), kind: round.kind), id: id)
            }
    }
}
