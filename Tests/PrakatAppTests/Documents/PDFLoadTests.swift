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

    @Test func anApprovedRoundsPDFIsMadeOncePerVersion() async throws {
        let chromium = try FakeChromium(delay: 0.3)
        defer { chromium.remove() }
        try await withPrakat(environment: ["PRAKAT_CHROMIUM": chromium.path]) { app, fixtures, clock in
            _ = try await Newsroom.open(app, fixtures, clock)
            let (id, round) = try await filledRound(app)
            let staff = Browser(app)
            try await staff.signIn("staff")
            let head = Browser(app)
            try await head.signIn("unithead")
            #expect(try await staff.post(round + "/submit", [:]).status == .seeOther)
            #expect(try await head.post(round + "/approve", [:]).status == .seeOther)

            // Many anonymous visitors at once, then more: one browser run in all.
            let pdf = PlansRoute.roundPDF(RoundAddress(project: id, year: FiscalYear(beYear: 2569), kind: .m6)).path
            let burst = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<6 { group.addTask { try await visitor(app, pdf).status } }
                var all: [HTTPStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(burst.allSatisfy { $0 == .ok }, "\(burst)")
            let again = try await visitor(app, pdf)
            #expect(again.status == .ok)
            #expect(again.body.string.hasPrefix("%PDF-"))
            #expect(chromium.runs == 1)
            #expect(await app.pdfCache.count() == 1)
        }
    }
}
