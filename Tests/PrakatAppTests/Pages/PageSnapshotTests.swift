import Foundation
import SnapshotTesting
import Testing
import VaporTesting

@testable import PrakatApp

/// HTML snapshots of the main pages rendered from their mocks (fixed clock, fixed CSRF token).
/// With `CI` set nothing is ever recorded: a missing or different snapshot fails. Elsewhere the
/// library's default applies (record what is missing, or what `SNAPSHOT_TESTING_RECORD` says).
@Suite("Page snapshots", .snapshots(record: ProcessInfo.processInfo.environment["CI"] == nil ? nil : .never))
struct PageSnapshotTests {
    static let pages = [
        "Site/home", "Site/category", "Site/item", "Site/search", "Publishing/desk", "Publishing/request",
        "Plans/project", "Plans/round", "Documents/form", "Documents/memo",
        "Engagement/Questions/list", "Engagement/Questions/ask", "Engagement/Questions/queue"
    ]

    @Test(arguments: pages)
    func page(_ name: String) async throws {
        try await withPrakat { app, _, _ in
            let html = try await TemplateRegistry.render(name, on: app)
            assertSnapshot(of: html, as: .lines, named: name.replacingOccurrences(of: "/", with: "-"))
        }
    }
}
