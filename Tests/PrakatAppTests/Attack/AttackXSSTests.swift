import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The whole XSS corpus in every field a person types, read back through every kind of output:
/// public and staff pages, print pages, feeds, the sitemap, SVG and JSON.
@Suite("Attack: XSS corpus in every user-controlled field")
struct AttackXSSTests {
    /// Markup a payload could smuggle in that `HTMLTags.dangers` does not already look for.
    static func dangers(_ text: String) -> [String] {
        // A `javascript:` text in <meta name="description" content=…> is inert; only a refresh runs it.
        var found = HTMLTags.dangers(text).filter { $0 != #"<meta content="javascript:…">"# }
        for tag in HTMLTags.scan(text) where tag.name == "meta" && tag.attributes.contains(where: { $0.name == "http-equiv" }) {
            if tag.attributes.contains(where: { $0.name == "content" && $0.value.lowercased().contains("javascript:") }) { found.append("meta refresh to javascript:") }
        }
        for tag in HTMLTags.scan(text) where ["iframe", "math", "object", "embed", "base"].contains(tag.name) {
            found.append("<\(tag.name)>")
        }
        if text.range(of: "<script", options: .caseInsensitive) != nil, !text.contains(#"<script src="/"#) { found.append("raw <script") }
        return found
    }

    /// The payload as a file name a browser could send: it quotes `"` in Content-Disposition, so
    /// the test's own multipart writer swaps it (and `/`) rather than break its header.
    static func fileName(_ payload: String) -> String {
        payload.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\n", with: " ") + ".pdf"
    }

    final class Checker: @unchecked Sendable {
        let tally = AttackTally("xss")
        var problems: [String] = []

        /// A page (or feed, or SVG) must not carry live markup from a payload.
        func page(_ response: TestingHTTPResponse, _ label: String, allow: [HTTPResponseStatus] = [.ok]) {
            tally.add()
            if !allow.contains(response.status) { problems.append("\(label): status \(response.status)") }
            // JSON is data: the payload is there as typed, and no browser renders it as a page.
            if response.headers.contentType?.subType == "json" || response.headers.contentType?.subType == "problem+json" {
                if response.headers.first(name: "X-Content-Type-Options") != "nosniff" { problems.append("\(label): JSON without nosniff") }
                return
            }
            let found = AttackXSSTests.dangers(response.text)
            if !found.isEmpty { problems.append("\(label): \(found)") }
        }

        /// XML output must still parse with the payload inside.
        func xml(_ response: TestingHTTPResponse, _ label: String) {
            page(response, label)
            let parser = XMLParser(data: Data(response.text.utf8))
            if !parser.parse() { problems.append("\(label): not well-formed XML (\(String(describing: parser.parserError)))") }
        }
    }

    @Test func publishingFieldsCategoriesAndNamesStayText() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            app.pdfRenderer = PDFRenderer(chromiumPath: nil, workDirectory: app.prakat.dataDirectory + "/tmp")
            let room = try await Newsroom.open(app, fixtures, clock)
            let check = Checker()
            let admin = try await APIClient.signIn(app, "administrator")
            // Names people and units carry show on every request page and printout.
            let named = try await admin.send(.PATCH, "/api/v1/units/\(fixtures.unit.id!.lowercased)", ["nameTh": AttackCorpus.xss[3] + " กลุ่มงาน"])
            #expect(named.status == .ok, "\(named.text.prefix(300))")
            fixtures.staff.displayName = AttackCorpus.xss[4] + " ผู้เขียน"
            fixtures.staff.position = AttackCorpus.xss[24]
            try await fixtures.staff.update(on: app.db)
            fixtures.head.displayName = AttackCorpus.xss[22] + " หัวหน้า"
            try await fixtures.head.update(on: app.db)

            let webmaster = Browser(app)
            try await webmaster.signIn("webmaster")
            var published: [(payload: String, item: Newsroom.Published)] = []
            for (index, payload) in AttackCorpus.xss.enumerated() {
                // A category named with the payload.
                let category = try await webmaster.post(
                    "/staff/categories",
                    [
                        "slug": "xss-\(index)", "nameTh": payload, "nameEn": payload,
                        "position": String(2000 + index), "expiredPolicy": "remove",
                        "inNavigation": "on"
                    ])
                #expect(category.status == .seeOther, "category \(index): \(category.status) \(category.text.prefix(200))")
                // An item with the payload in each field; links must be refused when they are not http(s).
                var fields: [String: Any] = [
                    "note": payload, "sourceName": payload, "sourceDate": "2026-01-15",
                    "externalLinks": ["https://example.org/?q=" + (payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")]
                ]
                let hostileLink = try await room.staff.send(
                    .POST, "/api/v1/requests",
                    [
                        "categoryId": room.categoryID("news"), "title": "ลิงก์",
                        "details": "ลิงก์", "externalLinks": [payload]
                    ])
                check.tally.add()
                if hostileLink.status == .created {
                    let id = try hostileLink.json()["id"] as? String ?? ""
                    let staffPage = Browser(app)
                    try await staffPage.signIn("staff")
                    check.page(try await staffPage.request(.GET, "/staff/requests/\(id)"), "staff page of a draft with link \(index)")
                } else if hostileLink.isServerError {
                    check.problems.append("link \(index): \(hostileLink.status)")
                }
                fields["urgent"] = false
                let item = try await room.publish(
                    "news", title: "ข่าว \(index) " + payload, details: payload + "\n\n" + payload, fields: fields,
                    attachment: (Self.fileName(payload), TestFiles.pdf()))
                published.append((payload, item))
                // A returned and a rejected request carry the payload as the head's reason.
                let returned = try await room.draft(title: "คืน \(index)")
                try #require(try await room.act("submit", returned, by: room.staff).status == .ok)
                let back = try await room.act("return", returned, by: room.head, ["reason": payload])
                #expect(back.status == .ok, "return \(index): \(back.text.prefix(200))")
            }
            let withdrawn = try await room.webmaster.send(
                .POST, "/api/v1/publications/\(published[0].item.publicationID.lowercased)/withdraw",
                ["reason": AttackCorpus.xss.joined(separator: " ")])
            #expect(withdrawn.status == .ok, "\(withdrawn.text.prefix(300))")

            // Public pages, feeds and the sitemap.
            let visitorPaths =
                [
                    "/", "/c/news", "/search?q=alert", "/sitemap.xml", "/feed.rss", "/feed.atom",
                    "/c/news/feed.rss", "/c/news/feed.atom", "/api/v1/publications?q=alert", "/api/v1/categories"
                ]
                + AttackCorpus.xss.indices.map { "/c/xss-\($0)" }
                + AttackCorpus.xss.map { "/search?q=\(Browser.encode($0))" }
            for path in visitorPaths {
                let response = try await visitor(app, path)
                if path.hasSuffix(".rss") || path.hasSuffix(".atom") || path.hasSuffix(".xml") { check.xml(response, path) } else { check.page(response, path) }
            }
            for (index, entry) in published.enumerated() {
                let page = try await visitor(app, entry.item.path)
                check.page(page, "public item \(index)", allow: index == 0 ? [.gone] : [.ok])
                if index > 0, !page.text.contains("ข่าว \(index) ") { check.problems.append("public item \(index) lost its title") }
            }
            let template = try await visitor(app, published[AttackCorpus.xss.firstIndex { $0.hasPrefix("#(x)") }!].item.path)
            #expect(template.text.contains("#(x)"), "template syntax in a title is shown as typed, not evaluated")

            // Staff pages and printouts, for the author, the head, the webmaster and the auditor.
            for username in ["staff", "unithead", "webmaster", "auditor"] {
                let browser = Browser(app)
                try await browser.signIn(username)
                for path in ["/staff", "/staff/requests", "/staff/requests?state=returned", "/staff/categories", "/search?q=alert"] {
                    check.page(
                        try await browser.request(.GET, path), "\(username) \(path)", allow: username == "webmaster" || !path.hasPrefix("/staff/categories") ? [.ok] : [.forbidden])
                }
                for entry in published.prefix(username == "staff" ? published.count : 6) {
                    let id = entry.item.requestID.lowercased
                    for suffix in ["", "/form", "/memo"] {
                        check.page(try await browser.request(.GET, "/staff/requests/\(id)\(suffix)"), "\(username) request\(suffix) \(entry.payload.prefix(20))")
                    }
                }
            }
            let administrator = Browser(app)
            try await administrator.signIn("administrator")
            for path in [
                "/admin", "/admin/units", "/admin/units/\(fixtures.unit.id!.lowercased)", "/admin/users", "/admin/users/\(fixtures.staff.id!.lowercased)",
                "/admin/audit", "/admin/audit?verify=1"
            ] {
                check.page(try await administrator.request(.GET, path), "administrator \(path)")
            }
            // The edit form of a revision puts every payload back into inputs and textareas.
            let author = Browser(app)
            try await author.signIn("staff")
            for entry in published.dropFirst().prefix(12) {
                let revise = try await author.post("/staff/publications/\(entry.item.publicationID.lowercased)/revise", [:])
                guard let location = revise.location else { check.problems.append("revise: \(revise.status)"); continue }
                let form = try await author.request(.GET, location)
                check.page(form, "edit form \(entry.payload.prefix(20))")
                if form.text.contains("</textarea><") { check.problems.append("edit form: a textarea was closed by the payload") }
            }

            // JSON gives each payload back as data, exactly as typed.
            for (index, entry) in published.enumerated() {
                let json = try await room.webmaster.call(.GET, "/api/v1/requests/\(entry.item.requestID.lowercased)")
                check.tally.add()
                let title = try json.json()["title"] as? String
                if title != "ข่าว \(index) " + entry.payload { check.problems.append("JSON title \(index): \(title ?? "nil")") }
                if json.headers.contentType?.subType != "json" { check.problems.append("JSON \(index) content type \(json.headers.contentType?.description ?? "")") }
            }

            #expect(check.problems.isEmpty, "\(check.problems.count) problems:\n\(check.problems.prefix(40).joined(separator: "\n"))")
            check.tally.report(
                "\(AttackCorpus.xss.count) payloads in publishing fields, categories, unit and user names, reasons", atLeast: AttackCorpus.xss.count + published.count)
        }
    }

    @Test func planFieldsRoundsQuestionnairesAndAttendanceStayText() async throws {
        try await withPrakat(environment: AttackWorld.environment) { app, fixtures, clock in
            app.pdfRenderer = PDFRenderer(chromiumPath: nil, workDirectory: app.prakat.dataDirectory + "/tmp")
            let check = Checker()
            let planner = try await APIClient.signIn(app, "planner")
            let plannerBrowser = Browser(app)
            try await plannerBrowser.signIn("planner")
            let head = try await APIClient.signIn(app, "unithead")
            let staffBrowser = Browser(app)
            try await staffBrowser.signIn("staff")
            let headBrowser = Browser(app)
            try await headBrowser.signIn("unithead")
            // Five projects, each with a slice of the corpus in its text fields, so every payload is used.
            let slices = stride(from: 0, to: AttackCorpus.xss.count, by: 7).map { Array(AttackCorpus.xss[$0..<min($0 + 7, AttackCorpus.xss.count)]) }
            for (index, slice) in slices.enumerated() {
                let text = slice.joined(separator: " ")
                let created = try await planner.call(
                    .POST, "/api/v1/projects",
                    json: try seedTwoJSON(extra: [
                        "title": "โครงการ \(index) " + slice[0], "rationale": slice, "objectives": slice, "goals": slice, "topics": slice, "expectedResults": slice,
                        "evaluationMethods": slice, "responsibleUnits": slice
                    ]))
                try #require(created.status == .created, "project \(index): \(created.status) \(created.text.prefix(400))")
                let id = try #require(UUID(uuidString: try created.json()["id"] as? String ?? ""))
                for action in ["submit"] { _ = try await planner.call(.POST, "/api/v1/projects/\(id.lowercased)/\(action)") }
                let approved = try await head.call(.POST, "/api/v1/projects/\(id.lowercased)/approve")
                #expect(approved.status == .ok, "approve \(index): \(approved.text.prefix(200))")
                // Round text, typed by the unit's staff.
                let round = PlansRoute.round(RoundAddress(project: id, year: FiscalYear(beYear: 2564), kind: .m6)).path
                let saved = try await staffBrowser.post(round, ["problems": text, "suggestions": text])
                #expect(saved.status == .seeOther || saved.status == .unprocessableEntity, "round \(index): \(saved.status)")
                var roundPage = saved
                if saved.status == .seeOther { roundPage = try await staffBrowser.request(.GET, round) }
                check.page(roundPage, "round form \(index)", allow: [.ok, .unprocessableEntity])
                _ = try await staffBrowser.post(round + "/submit", [:])
                _ = try await headBrowser.post(round + "/approve", [:])
                // A questionnaire whose title and questions are payloads, answered with payloads.
                let questions = slice.map { "? " + $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
                let made = try await plannerBrowser.post(
                    PlansRoute.questionnaires(id).path,
                    [
                        "activity": "1", "title": slice[0], "questions": "ข้อแรก\n" + questions,
                        "pdpaNotice": slice.last!
                    ])
                #expect(made.status == .seeOther, "questionnaire \(index): \(made.status) \(made.text.prefix(300))")
                let questionnaire = try #require(try await PlanQuestionnaire.query(on: app.db).filter(\.$project.$id == id).first())
                let respondent = Browser(app)
                check.page(try await respondent.request(.GET, PlansRoute.publicQuestionnaire(questionnaire.token).path), "public questionnaire \(index)")
                var answers = ["q1": "5"]
                for number in slice.indices { answers["q\(number + 2)"] = slice[number] }
                let answered = try await respondent.post(PlansRoute.publicQuestionnaire(questionnaire.token).path, answers)
                check.page(answered, "questionnaire answered \(index)")
                // Attendance names from a CSV file.
                let csv =
                    "ชื่อ-สกุล,หน่วยงาน\r\n"
                    + slice.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\",\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }
                    .joined(separator: "\r\n") + "\r\n"
                let imported = try await multipart(plannerBrowser, PlansRoute.attendanceImport(id, activity: 1).path, fileBytes: Array(csv.utf8), fields: ["mode": "present"])
                check.page(imported, "attendance import \(index)", allow: [.seeOther, .unprocessableEntity])
                let checkin = try await plannerBrowser.post(
                    "/plans/projects/\(id.lowercased)/attendance/1/checkin", ["name": slice[0], "organisation": slice.last!, "position": slice[1]])
                #expect(checkin.status.code < 500, "check-in \(index): \(checkin.status)")

                let base = "/plans/projects/\(id.lowercased)"
                for (label, browser) in [("planner", plannerBrowser), ("public", Browser(app))] {
                    for path in [
                        base, base + "/print", base + "/print?digits=thai", base + "/charts/budget.svg", round, round + "/print",
                        "/plans/years"
                    ] {
                        check.page(try await browser.request(.GET, path), "\(label) \(path)")
                    }
                }
                check.page(try await plannerBrowser.request(.GET, base + "/edit"), "planner edit \(index)", allow: [.ok, .conflict])
                for path in ["/plans", base + "/questionnaires", base + "/questionnaires/\(questionnaire.id!.lowercased)", base + "/attendance/1"] {
                    check.page(try await plannerBrowser.request(.GET, path), "planner \(path)")
                }
                let json = try await Browser(app).request(.GET, "/api/v1/projects/\(id.lowercased)")
                check.tally.add()
                let title = try json.json()["title"] as? String
                if title != "โครงการ \(index) " + slice[0] { check.problems.append("project JSON \(index) title: \(title ?? "nil")") }
            }
            #expect(check.problems.isEmpty, "\(check.problems.count) problems:\n\(check.problems.prefix(40).joined(separator: "\n"))")
            check.tally.report("\(AttackCorpus.xss.count) payloads in project fields, round text, questionnaires, answers, attendance names", atLeast: slices.count * 2)
        }
    }
}
