import Foundation
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Pages render from their mocks")
struct PageMockTests {
    static let views = "Resources/Views"

    @Test func everyTemplateFileIsInTheRegistry() {
        let files = TemplateRegistry.templateFiles(in: Self.views)
        let listed = Set(TemplateRegistry.entries.keys)
        #expect(files.count > 40)
        #expect(files.subtracting(listed).isEmpty, "templates without a mock in TemplateRegistry: \(files.subtracting(listed).sorted())")
        #expect(listed.subtracting(files).isEmpty, "TemplateRegistry lists templates that do not exist: \(listed.subtracting(files).sorted())")
    }

    @Test func everyPageRendersFromItsMock() async throws {
        try await withPrakat { app, _, _ in
            for (name, entry) in TemplateRegistry.entries.sorted(by: { $0.key < $1.key }) {
                guard case let .page(title, layout, _) = entry else { continue }
                let html = try await TemplateRegistry.render(name, on: app)
                #expect(html.hasPrefix("<!doctype html>"), "\(name)")
                #expect(html.contains("</html>"), "\(name)")
                #expect(html.contains(#"<html lang="th">"#), "\(name)")
                #expect(html.contains("<h1"), "\(name) has no heading")
                #expect(!html.contains("#("), "\(name) left a Leaf tag unrendered")
                switch layout {
                case .staff:
                    #expect(html.contains(#"<body class="staff">"#), "\(name) should wear the staff shell")
                    #expect(html.contains(MockData.csrf), "\(name): the sign-out form needs the CSRF token")
                    #expect(html.contains("<title>\(title)"), "\(name)")
                case .publicSite:
                    #expect(html.contains(#"class="site-header""#), "\(name) should wear the public layout")
                    #expect(!html.contains("staff-nav"), "\(name)")
                case .standalone:
                    #expect(!html.contains("site-header") && !html.contains("staff-nav"), "\(name) is a document of its own")
                }
            }
        }
    }

    /// Layouts and partials are rendered through a page that uses them.
    @Test func everyPartIsUsedByARegisteredPage() throws {
        let sources = try TemplateRegistry.templateFiles(in: Self.views).map {
            try String(contentsOfFile: "\(Self.views)/\($0).leaf", encoding: .utf8)
        }
        for (name, entry) in TemplateRegistry.entries {
            guard case .part(let host) = entry else { continue }
            guard case .page? = TemplateRegistry.entries[host] else {
                Issue.record("\(name): its host \(host) is not a page in the registry")
                continue
            }
            #expect(sources.contains { $0.contains(#"#extend("\#(name)")"#) }, "no template extends \(name)")
        }
    }

    /// The server decides the layout (`page` picks it from `site.staff`): no template names one itself.
    @Test func pagesExtendOnlyTheLayoutPicker() throws {
        let allowed: Set<String> = [
            "page", "Staff/layout", "Site/layout", "Staff/nav", "Plans/document", "Engagement/EService/stats-figures", "Engagement/Satisfaction/summary",
            "Compliance/Reports/publishing-tables"
        ]
        for name in TemplateRegistry.templateFiles(in: Self.views) {
            let text = try String(contentsOfFile: "\(Self.views)/\(name).leaf", encoding: .utf8)
            for match in text.matches(of: /#extend\("([^"]+)"\)/) {
                let target = String(match.1)
                #expect(allowed.contains(target), "\(name) extends \(target)")
                if target == "Staff/layout" || target == "Site/layout" { #expect(name == "page", "\(name) picks a layout itself") }
            }
        }
    }
}
