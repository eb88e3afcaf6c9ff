import Fluent
import Foundation
import PrakatCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

// The attack suite drives the real app the way someone hostile would: every route from
// `app.routes.all` (so a route added tomorrow is attacked too), every role, hostile input.

/// The app with something real behind every kind of path parameter: a published item with a
/// file, a draft, a project with a questionnaire, a unit and a user to edit.
struct AttackWorld {
    /// The attack runs send thousands of requests from one address: the per-address rate limits
    /// (sign-in, token, public forms, search) are lifted so every case reaches the code it attacks.
    /// The limits themselves have their own tests.
    static let environment = [
        "PRAKAT_RATE_LIMIT_SIGNIN": "1000000", "PRAKAT_RATE_LIMIT_TOKEN": "1000000",
        "PRAKAT_RATE_LIMIT_FORMS": "1000000", "PRAKAT_RATE_LIMIT_SEARCH": "1000000"
    ]

    let app: Application
    let fixtures: Fixtures
    let room: Newsroom
    let item: Newsroom.Published
    let draftID: UUID
    let fileID: UUID
    let projectID: UUID
    let questionnaire: PlanQuestionnaire
    /// A citizen's complaint, with its code (the secret is not known to the attacker).
    let serviceRequestID: UUID
    let serviceCode: String
    let victim: User

    static func make(_ app: Application, _ fixtures: Fixtures, _ clock: FixedClock) async throws -> AttackWorld {
        // No chromium in the attack runs: PDF routes answer "unavailable" at once instead of
        // starting a browser hundreds of times.
        app.pdfRenderer = PDFRenderer(chromiumPath: nil, workDirectory: app.prakat.dataDirectory + "/tmp")
        let room = try await Newsroom.open(app, fixtures, clock)
        let item = try await room.publish("news", title: "ข่าวสำหรับทดสอบการโจมตี", attachment: ("สรุป.pdf", TestFiles.pdf()))
        let draftID = try await room.draft(title: "ร่างสำหรับทดสอบการโจมตี")
        let file = try #require(try await Attachment.query(on: app.db).filter(\.$requestID == item.requestID).first())
        let planner = try await APIClient.signIn(app, "planner")
        let created = try await planner.call(.POST, "/api/v1/projects", json: try seedTwoJSON())
        let projectID = try #require(UUID(uuidString: try created.json()["id"] as? String ?? ""), "project: \(created.text.prefix(300))")
        let browser = Browser(app)
        try await browser.signIn("planner")
        let made = try await browser.post(
            PlansRoute.questionnaires(projectID).path,
            [
                "activity": "1", "title": "แบบประเมิน",
                "questions": "ท่านเข้าใจเนื้อหา\n? ข้อเสนอแนะ",
                "pdpaNotice": PlansText.defaultPDPANotice
            ])
        try #require(made.status == .seeOther, "questionnaire: \(made.status)")
        let questionnaire = try #require(try await PlanQuestionnaire.query(on: app.db).first())
        let victim = try await makeUser(app, "victim", roles: [.staff], unit: fixtures.otherUnit)
        let complaintType = try #require(try await ServiceType.query(on: app.db).filter(\.$slug == "complaint").first())
        let checked = try await app.serviceDesk.check(
            ServiceSubmission(typeID: complaintType.id, subject: "เรื่องร้องเรียนสำหรับทดสอบการโจมตี", message: "รายละเอียด", consent: true)
        ).get()
        let receipt = try await app.serviceDesk.submit(checked, channel: .web, actor: .system())
        try await makeAttackQuestion(app)
        return AttackWorld(
            app: app, fixtures: fixtures, room: room, item: item, draftID: draftID, fileID: try file.requireID(),
            projectID: projectID, questionnaire: questionnaire, serviceRequestID: try receipt.request.requireID(), serviceCode: receipt.request.trackingCode,
            victim: victim)
    }

    /// A real value for a path parameter of `route`, chosen by its name and what precedes it.
    func value(for name: String, in route: Route) -> String {
        let path = route.path.map(\.description)
        switch name {
        case "requestID": return item.requestID.lowercased
        case "publicationID": return item.publicationID.lowercased
        case "fileID": return fileID.lowercased
        case "categoryID": return room.categoryID("news").lowercased()
        case "unitID": return fixtures.otherUnit.id!.lowercased
        case "userID": return victim.id!.lowercased
        case "slug": return "news"
        case "number": return String(item.number)
        case "table": return "activities.csv"
        // The sitemap's file of items (issue 14: a sitemap index of 50,000 numbers a file).
        case "file": return "items-1.xml"
        case "year", "fiscalYear": return "2564"
        case "kind", "round": return "m6"
        case "questionnaireID": return questionnaire.id!.lowercased
        case "projectID": return projectID.lowercased
        case "token": return questionnaire.token
        case "activity": return "1"
        case "person": return UUID().lowercased
        case "sessionID": return UUID().lowercased
        // No logo in the attack world: a well-formed hash that is not the current logo (404).
        case "sha256": return String(repeating: "ab", count: 32)
        case "colour": return "0b5d3b.css"
        // A photo copy's width; the attack world's item has no photo, so it answers 404.
        case "width": return String(PhotoSizes.narrow)
        case "homeKind": return HomeEntryKind.banner.segment
        // No home entry in the attack world: a well-formed id answers 404 behind its policy.
        case "entryID": return UUID().lowercased
        case "serviceType": return "complaint"
        case "trackingCode": return serviceCode
        case "serviceRequestID": return serviceRequestID.lowercased
        case "serviceStep": return ServiceStep.reply.rawValue
        // No file, type or holiday the attacker could know: well-formed ids answer 404 behind their policy.
        case "serviceFileID", "serviceTypeID", "holidayID", "serviceEventID": return UUID().lowercased
        case "questionID": return AttackWorld.questionID.lowercased
        // Engagement (issue 12): no satisfaction response in the attack world; a well-formed id answers 404 behind its policy.
        case "responseID": return UUID().lowercased
        // Compliance (issue 13): the framework every install has; no checklist id the attacker could know (404 behind the policy).
        case "framework": return "MOPH-MOIT"
        case "checklistID", "itemID": return UUID().lowercased
        // Compliance: no link check in the attack world; a well-formed id answers 404 behind its policy.
        case "linkCheckID": return UUID().lowercased
        case "id":
            if path.contains("eservice") { return route.method == .GET || path.contains("rating") ? serviceCode : serviceRequestID.lowercased }
            if path.contains("projects") { return projectID.lowercased }
            if path.contains("units") { return fixtures.otherUnit.id!.lowercased }
            if path.contains("publications") { return item.publicationID.lowercased }
            if path.contains("requests") { return draftID.lowercased }
            return UUID().lowercased
        default:
            Issue.record("the attack suite does not know path parameter :\(name) of \(route.path.string); teach AttackWorld.value(for:in:)")
            return UUID().lowercased
        }
    }

    /// The route's path with every parameter filled; `override` replaces one parameter's value
    /// (already percent-encoded).
    func path(_ route: Route, override: (name: String, encoded: String)? = nil) -> String {
        "/"
            + route.path.map { component -> String in
                switch component {
                case .parameter(let name):
                    if let override, override.name == name { return override.encoded }
                    return Browser.encode(value(for: name, in: route))
                case .constant(let text): return text
                case .anything: return "x"
                case .catchall: return "x/y"
                }
            }.joined(separator: "/")
    }
}

extension Route {
    var policy: AccessPolicy? { userInfo[AccessPolicy.userInfoKey] as? AccessPolicy }
    var isAPI: Bool { path.first == .constant("api") }
    var parameterNames: [String] {
        path.compactMap { if case .parameter(let name) = $0 { return name } else { return nil } }
    }
    var label: String { "\(method) /\(path.map(\.description).joined(separator: "/"))" }
    /// Routes that end the caller's session run last, so the rest of the run keeps its sign-ins.
    var endsSession: Bool { label == "POST /logout" || label == "DELETE /api/v1/auth/token" }
}

extension Application {
    /// Every route, the ones that end a session last.
    var attackRoutes: [Route] {
        routes.all.filter { !$0.endsSession } + routes.all.filter(\.endsSession)
    }
}

/// Someone calling the app: a role's user, or the public. Keeps a signed-in browser (with a CSRF
/// cookie) and an API token.
struct Caller {
    let role: Role?
    let user: User?
    let browser: Browser
    let api: APIClient

    var name: String { role?.rawValue ?? "public" }

    static func everyone(_ app: Application, _ fixtures: Fixtures) async throws -> [Caller] {
        var callers: [Caller] = []
        let anonymous = Browser(app)
        _ = try await anonymous.csrf()
        callers.append(Caller(role: nil, user: nil, browser: anonymous, api: .anonymous(app)))
        for role in Role.allCases {
            let browser = Browser(app)
            let signedIn = try await browser.signIn(role.rawValue.lowercased())
            try #require(signedIn.status == .seeOther, "sign-in as \(role): \(signedIn.status)")
            _ = try await browser.csrf()
            callers.append(
                Caller(
                    role: role, user: fixtures.users[role], browser: browser,
                    api: try await APIClient.signIn(app, role.rawValue.lowercased())))
        }
        return callers
    }

    /// Someone the route's policy lets in: the public when anyone may call it, else a holder of its first role.
    static func permitted(by policy: AccessPolicy?, among callers: [Caller]) -> Caller {
        switch policy {
        case .roles(let roles)?:
            let role = roles.sorted().first
            return callers.first { $0.role == role } ?? callers[0]
        case .signedIn?: return callers.first { $0.role == .administrator } ?? callers[0]
        default: return callers[0]
        }
    }

    /// Headers that make a hand-built request this caller's: the bearer token on the API; the
    /// session and CSRF cookies and the CSRF header on pages.
    func authHeaders(api isAPI: Bool) async throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        if isAPI {
            if let token = api.token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        } else {
            headers.replaceOrAdd(name: CSRFMiddleware.headerName, value: try await browser.csrf())
            headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        return headers
    }

    /// Calls `path` the way this caller would: the API with the bearer token, pages with the
    /// browser (a form with the right CSRF token for writes).
    func call(_ method: HTTPMethod, _ path: String, api isAPI: Bool, form: [String: String] = [:], json: String? = nil) async throws -> TestingHTTPResponse {
        if isAPI {
            let body = json ?? ([.POST, .PUT, .PATCH].contains(method) ? "{}" : nil)
            return try await api.call(method, path, json: body)
        }
        if method == .GET || method == .HEAD { return try await browser.request(method, path) }
        var withToken = form
        withToken["_csrf"] = try await browser.csrf()
        return try await browser.request(method, path, form: withToken)
    }
}

/// What the database holds, table by table: a hostile request must leave this as it was
/// (or, for accepted input, only add to it).
enum DatabaseSnapshot {
    static func tables(_ app: Application) async throws -> [String] {
        let sql = try #require(app.db as? any SQLDatabase)
        struct Name: Decodable { var name: String }
        let rows: [Name]
        if app.prakat.databaseURL == nil {
            rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Name.self)
        } else {
            rows = try await sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()").all(decoding: Name.self)
        }
        return rows.map(\.name).sorted()
    }

    static func counts(_ app: Application) async throws -> [String: Int] {
        let sql = try #require(app.db as? any SQLDatabase)
        struct Count: Decodable { var n: Int }
        var counts: [String: Int] = [:]
        for table in try await tables(app) {
            counts[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? -1
        }
        return counts
    }

    /// Tables whose row counts differ, with both counts.
    static func changes(from before: [String: Int], to after: [String: Int], ignoring: Set<String> = []) -> [String] {
        Set(before.keys).union(after.keys).subtracting(ignoring).sorted().compactMap { table in
            before[table] == after[table] ? nil : "\(table): \(before[table].map(String.init) ?? "missing") → \(after[table].map(String.init) ?? "missing")"
        }
    }
}

extension TestingHTTPResponse {
    /// A server error: the one thing hostile input must never cause.
    var isServerError: Bool { status.code >= 500 && status != .serviceUnavailable }
}
