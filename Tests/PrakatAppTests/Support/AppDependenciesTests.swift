import Foundation
import Testing
import Vapor

@testable import PrakatApp

@Suite("Dependencies built once")
struct AppDependenciesTests {
    @Test func everyServiceExistsBeforeTheFirstRequest() async throws {
        try await withPrakat { app, _, clock in
            let built = app.dependencies
            #expect(built.decoyPasswordHash.hasPrefix("$2"))
            #expect(built.clock.now() == clock.now())
            // The same instances whoever asks, however often.
            #expect(app.writeGate === built.writeGate)
            #expect(app.pageCache === built.pageCache)
            #expect(app.siteVersion === built.siteVersion)
            #expect(app.rateLimits === built.rateLimits)
            #expect(app.pdfCache === built.pdfCache)
            #expect(app.pdfRenderer === built.pdfRenderer)
            #expect(app.trafficLog === built.trafficLog)
            #expect((app.sharedRateLimits != nil) == (app.prakat.databaseURL != nil))
            let page = try await Browser(app).request(.GET, "/")
            #expect(page.status == .ok)
            #expect(app.writeGate === built.writeGate)
            #expect(app.dependencies.decoyPasswordHash == built.decoyPasswordHash)
        }
    }

    @Test func testsReplaceServicesBeforeAnythingIsBuiltFromThem() async throws {
        let renderer = PDFRenderer(chromiumPath: nil, workDirectory: NSTemporaryDirectory())
        try await withPrakat(adjusting: { dependencies in
            dependencies.pdfRenderer = renderer
            dependencies.qrCodes = QRCodeRenderer(executable: nil)
            dependencies.clockSyncProbe = FixedClockSyncProbe(value: .unsynchronised)
        }) { app, _, _ in
            #expect(app.pdfRenderer === renderer)
            #expect(!app.pdfRenderer.isAvailable)
            #expect(!app.qrCodes.isAvailable)
            #expect(app.clockSyncProbe.status() == .unsynchronised)
        }
    }
}
