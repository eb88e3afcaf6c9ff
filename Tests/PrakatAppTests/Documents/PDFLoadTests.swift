import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// A stand-in for chromium: counts its runs in a file, takes `delay` seconds, writes a tiny PDF
/// where `--print-to-pdf=` says. Real enough for the queue and the cache, which never look
/// inside the PDF.
struct FakeChromium {
    let folder: String
    var path: String { folder + "/chromium" }
    var runsFile: String { folder + "/runs" }

    init(delay: Double) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-chromium-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            echo run >> '\(folder)/runs'
            echo "$@" >> '\(folder)/args'
            sleep \(delay)
            for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; done
            printf '%%PDF-1.4\\n%%fake\\n' > "$out"
            """
        try script.write(toFile: folder + "/chromium", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/chromium")
    }

    var runs: Int {
        (try? String(contentsOfFile: runsFile, encoding: .utf8))?.split(separator: "\n").count ?? 0
    }

    var arguments: String { (try? String(contentsOfFile: folder + "/args", encoding: .utf8)) ?? "" }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

/// Issue 15 §1: public PDFs must not let anonymous load start a browser per request.
@Suite("PDFs under load: a bounded queue and a cache per version")
struct PDFLoadTests {
    @Test func theQueueIsBoundedAndRefusesTheRest() async throws {
        let chromium = try FakeChromium(delay: 1)
        defer { chromium.remove() }
        let renderer = PDFRenderer(chromiumPath: chromium.path, workDirectory: chromium.folder + "/work", limit: 1, maxWaiting: 1)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    do { _ = try await renderer.render(html: "<p>x</p>"); return true } catch PDFRenderer.Failure.busy { return false } catch { return false }
                }
            }
            var all: [Bool] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter { $0 }.count == 2, "one running and one waiting are served: \(outcomes)")
        #expect(outcomes.filter { !$0 }.count == 2, "the rest are refused at once")
        #expect(chromium.runs == 2)
    }

    /// The sandbox decision of docs/security.md: on unless chromium cannot have it.
    @Test func chromiumKeepsItsSandboxUnlessTurnedOff() async throws {
        let chromium = try FakeChromium(delay: 0)
        defer { chromium.remove() }
        _ = try await PDFRenderer(chromiumPath: chromium.path, workDirectory: chromium.folder + "/work", sandbox: true).render(html: "<p>x</p>")
        #expect(!chromium.arguments.contains("--no-sandbox"))
        _ = try await PDFRenderer(chromiumPath: chromium.path, workDirectory: chromium.folder + "/work", sandbox: false).render(html: "<p>x</p>")
        #expect(chromium.arguments.contains("--no-sandbox"))
        #expect(try PrakatConfiguration.fromEnvironment(["PRAKAT_CHROMIUM_SANDBOX": "on"]).chromiumSandbox)
        #expect(try !PrakatConfiguration.fromEnvironment(["PRAKAT_CHROMIUM_SANDBOX": "off"]).chromiumSandbox)
        #expect(try PrakatConfiguration.fromEnvironment([:]).chromiumSandbox == (getuid() != 0))
        #expect(throws: PrakatConfiguration.Problem.self) { try PrakatConfiguration.fromEnvironment(["PRAKAT_CHROMIUM_SANDBOX": "maybe"]) }
    }

    @Test func aFullQueueIs503WithRetryAfterAndAThaiMessage() async throws {
        let chromium = try FakeChromium(delay: 1)
        defer { chromium.remove() }
        try await withPrakat { app, fixtures, clock in
            app.pdfRenderer = PDFRenderer(chromiumPath: chromium.path, workDirectory: app.prakat.dataDirectory + "/tmp", limit: 1, maxWaiting: 0)
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "คำขอที่พิมพ์พร้อมกัน")
            let staff = Browser(app)
            try await staff.signIn("staff")
            let path = "/staff/requests/\(id.lowercased)/form.pdf"
            async let first = staff.request(.GET, path)
            async let second = staff.request(.GET, path)
            async let third = staff.request(.GET, path)
            let responses = try await [first, second, third]
            let refused = responses.filter { $0.status == .serviceUnavailable }
            #expect(responses.contains { $0.status == .ok })
            #expect(!refused.isEmpty, "\(responses.map(\.status))")
            for response in refused {
                #expect(response.headers.first(name: "Retry-After") == String(PDFRenderer.retryAfterSeconds))
                #expect(response.text.contains(SupportText.pdfBusyTitle))
            }
        }
    }

    /// Issue 14 §8: a visitor's request never starts a browser. The approval queues the PDF;
    /// visitors asking before it is made get 503 with Retry-After (and queue nothing more); the
    /// background makes it once; then everyone gets the kept file.
    @Test func anonymousVisitorsNeverStartABrowser() async throws {
        try await withApprovedRound { app, chromium, pdf, roundDocument in
            #expect(await app.publicPDFs.waitingDocuments.filter { $0.hasPrefix("round-") } == [roundDocument], "the approval queued it")
            let queuedBefore = await app.publicPDFs.queuedCount

            let burst = try await withThrowingTaskGroup(of: (HTTPStatus, String?, Bool).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let response = try await visitor(app, pdf)
                        return (response.status, response.headers.first(name: "Retry-After"), response.text.contains(SupportText.pdfPreparingTitle))
                    }
                }
                var all: [(HTTPStatus, String?, Bool)] = []
                for try await answer in group { all.append(answer) }
                return all
            }
            for (status, retryAfter, saysWhy) in burst {
                #expect(status == .serviceUnavailable)
                #expect(retryAfter == String(PDFRenderer.retryAfterSeconds))
                #expect(saysWhy, "the Thai page says the PDF is being made")
            }
            #expect(chromium.runs == 0)
            #expect(await app.publicPDFs.queuedCount == queuedBefore, "a document already waiting is not queued again")
            #expect(await app.publicPDFs.waitingDocuments.filter { $0 == roundDocument }.count == 1)

            // The background (the project's PDF and the round's).
            #expect(await app.drainPublicPDFs() == 2)
            #expect(chromium.runs == 2)
            for _ in 0..<3 {
                let served = try await visitor(app, pdf)
                #expect(served.status == .ok)
                #expect(served.body.string.hasPrefix("%PDF-"))
            }
            #expect(chromium.runs == 2, "served from the store")
            #expect(await app.drainPublicPDFs() == 0)

            // A new version (the agency's name is printed on it): queued again, made once.
            try await Agency.query(on: app.db).set(\.$nameTh, to: "สำนักงานสาธารณสุขจังหวัดระยอง").update()
            app.pageCache.invalidate(SiteChange.frame.tags)  // as the agency's save does
            #expect(try await visitor(app, pdf).status == .serviceUnavailable)
            #expect(await app.publicPDFs.waitingDocuments.contains(roundDocument))
            #expect(await app.drainPublicPDFs() == 1)
            #expect(try await visitor(app, pdf).status == .ok)
            #expect(chromium.runs == 3)
            #expect(await app.pdfCache.count() == 2, "one file per document: the older version is gone")
        }
    }

    /// Staff may still have a public PDF made on demand; it is kept for everyone.
    @Test func staffMakeAPublicPDFOnDemand() async throws {
        try await withApprovedRound { app, chromium, pdf, _ in
            let staff = Browser(app)
            try await staff.signIn("staff")
            let made = try await staff.request(.GET, pdf)
            #expect(made.status == .ok)
            #expect(made.body.string.hasPrefix("%PDF-"))
            #expect(chromium.runs == 1)
            #expect(try await visitor(app, pdf).status == .ok)
            #expect(chromium.runs == 1)
            #expect(await app.drainPublicPDFs() == 1, "only the project's PDF was left to make")
        }
    }

    /// Public PDFs are made ahead of time even with a full queue of requests: the background
    /// waits for a browser; a staff request beyond the queue gets 503.
    @Test func aFullQueueRefusesStaffButNotTheBackground() async throws {
        try await withApprovedRound(chromiumDelay: 1, environment: ["PRAKAT_PDF_CONCURRENCY": "1", "PRAKAT_PDF_QUEUE": "0"]) { app, _, pdf, _ in
            let project = PlansRoute.projectPDF(try #require(try await PlanProject.query(on: app.db).first()?.requireID())).path
            let staff = Browser(app)
            try await staff.signIn("staff")
            async let first = staff.request(.GET, pdf)
            async let second = staff.request(.GET, project)
            let responses = try await [first, second]
            #expect(responses.map(\.status).sorted { $0.code < $1.code } == [.ok, .serviceUnavailable])
            #expect(responses.first { $0.status == .serviceUnavailable }?.headers.first(name: "Retry-After") == String(PDFRenderer.retryAfterSeconds))
            #expect(await app.drainPublicPDFs() == 1)
            #expect(try await visitor(app, project).status == .ok)
        }
    }

    /// Without chromium nothing changes: the print page works and the PDF link says what to install.
    @Test func withoutChromiumNothingIsQueued() async throws {
        try await withPrakat { app, fixtures, clock in
            app.pdfRenderer = PDFRenderer(chromiumPath: nil, workDirectory: app.prakat.dataDirectory + "/tmp")
            _ = try await Newsroom.open(app, fixtures, clock)
            let (pdf, _) = try await approvedRoundPDF(app)
            let response = try await visitor(app, pdf)
            #expect(response.status == .serviceUnavailable)
            #expect(response.text.contains("chromium"))
            #expect(try await visitor(app, pdf.replacingOccurrences(of: ".pdf", with: "")).status == .ok)
            #expect(await app.drainPublicPDFs() == 0)
        }
    }

    /// The catch-up pass queues public documents without a PDF of their current version, and
    /// the kept files outlive the process (a new cache on the same folder finds them).
    @Test func theCatchUpPassAndARestartFindWhatIsKept() async throws {
        try await withApprovedRound { app, _, _, _ in
            #expect(await app.drainPublicPDFs() == 2)
            await app.enqueueMissingPublicPDFs(try await PlanPublicPDFs.all(on: app.db))
            #expect(await app.publicPDFs.waitingDocuments.isEmpty, "every current version is kept")
            try await Agency.query(on: app.db).set(\.$nameTh, to: "สำนักงานสาธารณสุขจังหวัดระยอง").update()
            app.pageCache.invalidate(SiteChange.frame.tags)  // as the agency's save does
            await app.enqueueMissingPublicPDFs(try await PlanPublicPDFs.all(on: app.db))
            #expect(await app.publicPDFs.waitingDocuments.count == 2)
            #expect(await app.drainPublicPDFs() == 2)

            let restarted = PDFCache(directory: app.prakat.dataDirectory + "/cache/pdf")
            #expect(await restarted.count() == 2)
            let project = try #require(try await PlanProject.query(on: app.db).first())
            let request = Request(application: app, on: app.eventLoopGroup.any())
            let html = try await ProjectExportPages.pdfHTML(request, project: project)
            #expect(await restarted.cached(document: PlanPublicPDFs.project(try project.requireID()).document, html: html) != nil)
        }
    }
}

/// An app with a stand-in chromium and a filled, submitted and approved 6-month round of an
/// approved project: `body` gets the app, the stand-in, the round PDF's path and its `PDFCache`
/// document.
private func withApprovedRound(
    chromiumDelay: Double = 0, environment: [String: String] = [:], _ body: (Application, FakeChromium, String, String) async throws -> Void
) async throws {
    let chromium = try FakeChromium(delay: chromiumDelay)
    defer { chromium.remove() }
    try await withPrakat(environment: environment.merging(["PRAKAT_CHROMIUM": chromium.path]) { $1 }) { app, fixtures, clock in
        _ = try await Newsroom.open(app, fixtures, clock)
        let (pdf, document) = try await approvedRoundPDF(app)
        try await body(app, chromium, pdf, document)
    }
}

private func approvedRoundPDF(_ app: Application) async throws -> (path: String, document: String) {
    let (id, round) = try await filledRound(app)
    let staff = Browser(app)
    try await staff.signIn("staff")
    let head = Browser(app)
    try await head.signIn("unithead")
    #expect(try await staff.post(round + "/submit", [:]).status == .seeOther)
    #expect(try await head.post(round + "/approve", [:]).status == .seeOther)
    let roundID = try #require(try await PlanRound.query(on: app.db).first()?.requireID())
    return (PlansRoute.roundPDF(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path, "round-" + roundID.uuidString.lowercased())
}
