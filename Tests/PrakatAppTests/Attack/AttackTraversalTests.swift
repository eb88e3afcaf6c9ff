import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Path traversal in every identifier and file name: nothing outside `Resources/Public` (and the
/// blob store, through its routes) is ever served, and no upload is written outside the store.
@Suite("Attack: path traversal")
struct AttackTraversalTests {
    @Test func traversalInPathsNeverReachesFilesOutsidePublic() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            let world = try await AttackWorld.make(app, fixtures, clock)
            let callers = try await Caller.everyone(app, fixtures)
            let staff = callers.first { $0.role == .staff }!
            let tally = AttackTally("path traversal")
            var problems: [String] = []
            // Every route with a path parameter, each parameter in turn, plus the static folders.
            var targets: [(Caller, String, Bool)] = []
            var attackedInFull: Set<String> = []
            for route in app.attackRoutes where route.method == .GET {
                let caller = Caller.permitted(by: route.policy, among: callers)
                for name in route.parameterNames {
                    // The whole list once per parameter name, the short list where it repeats.
                    let full = attackedInFull.insert(name).inserted
                    for (index, payload) in AttackCorpus.traversal.enumerated() where full || AttackCorpus.traversalShortList.contains(index) {
                        targets.append((caller, world.path(route, override: (name, payload)), route.isAPI))
                    }
                }
            }
            let prefixes = [
                "/css/", "/js/", "/", "/img/", "/fonts/", "/p/\(world.item.number)/files/",
                "/staff/requests/\(world.item.requestID.lowercased)/files/", "/c/news/",
                // Fingerprinted static files: a stale hash, and today's.
                "/static/00000000/", "/static/00000000/css/", String(app.assets.url(for: Link.stylesheet.path).dropLast("css/prakat.css".count))
            ]
            for prefix in prefixes {
                for payload in AttackCorpus.traversal + [
                    "../Views/Site/layout.leaf", "..%2fViews%2fSite%2flayout.leaf", "%2e%2e/%2e%2e/Package.swift",
                    "..\\..\\Package.swift", "....%2f%2f....%2f%2fPackage.swift"
                ] {
                    targets.append((prefix.hasPrefix("/staff") ? staff : callers[0], prefix + payload, false))
                }
            }
            for (caller, path, isAPI) in targets {
                let response = try await caller.call(.GET, path, api: isAPI)
                tally.add()
                if response.isServerError { problems.append("\(caller.name) \(path): \(response.status)") }
                let body = response.text
                for marker in AttackCorpus.outsideMarkers where body.contains(marker) {
                    problems.append("\(caller.name) \(path): served something with \(marker.debugDescription) (\(response.status))")
                }
                if body.contains("#extend(") || body.contains("#import(") { problems.append("\(path): served a template's source") }
            }
            // Real static files still work, and only them.
            #expect(try await visitor(app, Link.stylesheet.path).status == .ok)
            #expect(try await visitor(app, app.assets.url(for: Link.stylesheet.path)).status == .ok)
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
            tally.report("GET path parameters and static folders × \(AttackCorpus.traversal.count)+ payloads", atLeast: AttackCorpus.traversal.count)
        }
    }

    @Test func hostileUploadNamesStayInsideTheStoreAndComeBackHarmless() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let tally = AttackTally("hostile file names")
            var problems: [String] = []
            let draft = try await room.draft(title: "ไฟล์ชื่อแปลก")
            let browser = Browser(app)
            try await browser.signIn("staff")
            let escapes = ["/tmp/prakat-escape.pdf", "/etc/prakat-escape.pdf", (app.prakat.dataDirectory as NSString).deletingLastPathComponent + "/prakat-escape.pdf"]
            for path in escapes { try? FileManager.default.removeItem(atPath: path) }
            for name in AttackCorpus.hostileFileNames {
                let api = try await room.staff.upload("/api/v1/requests/\(draft.lowercased)/attachments", fileName: name, data: TestFiles.pdf())
                let form = try await browser.upload("/staff/requests/\(draft.lowercased)/attachments", fileName: name, data: TestFiles.pdf())
                tally.add(2)
                for response in [api, form] where response.isServerError {
                    problems.append("upload \(name.prefix(40).debugDescription): \(response.status) \(response.text.prefix(200))")
                }
            }
            for path in escapes where FileManager.default.fileExists(atPath: path) { problems.append("an upload was written to \(path)") }
            for attachment in try await Attachment.query(on: app.db).filter(\.$requestID == draft).all() {
                let name = attachment.fileName
                if name.contains("/") || name.contains("\\") || name.contains("\u{0}") || name.hasPrefix(".") {
                    problems.append("stored file name keeps a path: \(name.debugDescription)")
                }
                let download = try await browser.request(.GET, "/staff/requests/\(draft.lowercased)/files/\(attachment.id!.lowercased)")
                tally.add()
                let disposition = download.headers.first(name: .contentDisposition) ?? ""
                if download.status != .ok { problems.append("download \(name.debugDescription): \(download.status)") }
                if disposition.contains("../") || disposition.contains("..\\") || disposition.contains("\r") || disposition.contains("\n") {
                    problems.append("Content-Disposition carries a path: \(disposition)")
                }
            }
            // Blobs live under the data directory, named by hash only.
            let blobs = FileManager.default.enumerator(atPath: app.prakat.dataDirectory)?.allObjects as? [String] ?? []
            for blob in blobs where blob.contains("escape") || blob.contains("..") { problems.append("blob store holds \(blob)") }
            #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.joined(separator: "\n"))")
            tally.report("\(AttackCorpus.hostileFileNames.count) names × API and form upload, plus downloads", atLeast: 2 * AttackCorpus.hostileFileNames.count)
        }
    }
}
