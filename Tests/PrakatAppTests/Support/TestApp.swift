import Fluent
import Foundation
import NIOConcurrencyHelpers
import PrakatCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

/// Named people for tests, one per role, all with the same known password.
struct Fixtures {
    static let password = "correct-horse-battery"
    var unit: OrgUnit
    var otherUnit: OrgUnit
    var users: [Role: User]
    var admin: User { users[.administrator]! }
    var staff: User { users[.staff]! }
    var head: User { users[.unitHead]! }
}

/// A real application per test: its own data directory and SQLite file (or its own PostgreSQL
/// database, or schema, when PRAKAT_TEST_DATABASE_URL is set), a frozen clock and cheap bcrypt.
/// The database starts as a copy of one migrated once per run (`MigratedTemplate`). `adjusting`
/// replaces services before anything is built from them.
func withPrakat(
    httpsBaseURL: Bool = false,
    environment extra: [String: String] = [:],
    adjusting adjust: (inout AppDependencies) throws -> Void = { _ in },
    _ body: (Application, Fixtures, FixedClock) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prakat-test-\(UUID().uuidString)").path
    var environment = [
        "PRAKAT_DATA_DIR": directory,
        "PRAKAT_BCRYPT_COST": "4",
        "PRAKAT_DEMO": "0",
        // `app.testing(method: .running)` reaches Vapor's server at the port Vapor reports;
        // FrontServerTests start the front server themselves.
        "PRAKAT_FRONT_SERVER": "0",
        // The clock is frozen, so a test's requests would all fall in one rate-limit minute;
        // tests of the limits themselves lower these through `environment:`.
        "PRAKAT_RATE_LIMIT_SIGNIN": "100000",
        "PRAKAT_RATE_LIMIT_TOKEN": "100000",
        "PRAKAT_RATE_LIMIT_FORMS": "100000",
        "PRAKAT_RATE_LIMIT_SEARCH": "100000"
    ]
    let postgresURL = ProcessInfo.processInfo.environment["PRAKAT_TEST_DATABASE_URL"]
    if httpsBaseURL { environment["PRAKAT_PUBLIC_URL"] = "https://prakat.example" }
    let clock = FixedClock(Date(timeIntervalSince1970: 1_770_606_000))  // 2026-02-09 10:00 Bangkok (seed 1's date)

    // Swift Testing starts every test at once; each PostgreSQL-backed app opens a pool per
    // event loop, so without a gate the suite runs the server out of connection slots.
    let gate: PostgresTestGate? = postgresURL == nil ? nil : .shared
    await gate?.enter()
    var database = TestDatabase.sqliteFile
    do {
        if let postgresURL {
            if let templates = try await MigratedTemplate.shared.postgresTemplates(baseURL: postgresURL) {
                let name = try await templates.clone()
                database = .postgresDatabase(name, templates)
                environment["DATABASE_URL"] = templates.url(of: name)
                environment["PRAKAT_DB_SCHEMA"] = MigratedTemplate.postgresSchema
            } else {
                let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
                database = .postgresSchema(String(schema))
                environment["DATABASE_URL"] = postgresURL
                environment["PRAKAT_DB_SCHEMA"] = String(schema)
            }
        }
        environment.merge(extra) { $1 }
        let configuration = try PrakatConfiguration.fromEnvironment(environment)
        if case .sqliteFile = database {
            try MigratedTemplate.copySQLite(from: try await MigratedTemplate.shared.sqliteTemplate(), for: configuration)
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, configuration: configuration, clock: clock, adjusting: adjust)
            answerAsAServerWould(app)
            if case .postgresSchema = database, let gate, let sql = app.db as? any SQLDatabase {
                // Made once in `public`, before any test's schema: created inside one, it would
                // vanish (with other tests' indexes on it) when that schema is dropped.
                await gate.prepareOnce { try? await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public").run() }
            }
            try await prepareDatabase(app, seedDemo: false, defaultCategories: false)
            let fixtures = try await makeFixtures(app)
            try await body(app, fixtures, clock)
        } catch {
            try await cleanUp(app, database: database, directory: directory)
            throw error
        }
        try await cleanUp(app, database: database, directory: directory)
    } catch {
        if case .postgresDatabase(let name, let templates) = database { await templates.drop(name) }
        // Also when the copy or the app failed before there was anything to clean up.
        try? FileManager.default.removeItem(atPath: directory)
        await gate?.leave()
        throw error
    }
    await gate?.leave()
}

/// A running server reads its templates once and builds its responder (router and middleware
/// chain) once, at start; Vapor's in-memory tester would build the responder again for every
/// request and, outside the release environment, Leaf would read and parse every template again
/// for every render. Together that was a third of the CPU of a test that makes many requests.
/// The responder is built again when a test adds a route.
private func answerAsAServerWould(_ app: Application) {
    app.leaf.cache.isEnabled = true
    let built = NIOLockedValueBox<(routes: Int, responder: any Responder)?>(nil)
    app.responder.use { app in
        built.withLockedValue { kept in
            let routes = app.routes.all.count
            if let kept, kept.routes == routes { return kept.responder }
            let responder = prakatResponder(app)
            kept = (routes, responder)
            return responder
        }
    }
}

/// Where a test's data lives, so that it can be removed afterwards.
private enum TestDatabase {
    case sqliteFile
    case postgresDatabase(String, PostgresTemplates)
    case postgresSchema(String)
}

/// At most `limit` PostgreSQL-backed test apps at a time; the rest wait their turn in order.
actor PostgresTestGate {
    static let shared = PostgresTestGate(limit: 6)
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private var prepared: Task<Void, Never>?

    init(limit: Int) { self.limit = limit }

    /// Runs `work` for the first caller; later callers wait for it to finish.
    func prepareOnce(_ work: @escaping @Sendable () async -> Void) async {
        let task = prepared ?? Task { await work() }
        prepared = task
        await task.value
    }

    func enter() async {
        if running < limit { running += 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}

private func cleanUp(_ app: Application, database: TestDatabase, directory: String) async throws {
    if case .postgresSchema(let schema) = database, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    // The kept responder's routes may hold the app: let go of it, so the app can be freed.
    app.responder.use(.default)
    try await app.asyncShutdown()
    // A copy is dropped after its app has closed its connections (and again, harmlessly, if
    // the test then fails).
    if case .postgresDatabase(let name, let templates) = database { await templates.drop(name) }
    try? FileManager.default.removeItem(atPath: directory)
}

private func makeFixtures(_ app: Application) async throws -> Fixtures {
    let hash = try Bcrypt.hash(Fixtures.password, cost: 4)
    let unit = OrgUnit(slug: "digital-health", nameTh: "กลุ่มงานสุขภาพดิจิทัล")
    let other = OrgUnit(slug: "strategy", nameTh: "กลุ่มงานพัฒนายุทธศาสตร์สาธารณสุข")
    try await unit.create(on: app.db)
    try await other.create(on: app.db)
    try await Agency(
        nameTh: "สำนักงานสาธารณสุขจังหวัดชลบุรี", nameEn: "Chonburi Provincial Public Health Office",
        address: "ถนนวิเวกรังสรรค์ อำเภอเมืองชลบุรี จังหวัดชลบุรี 20000", phone: "0 3828 5511", fax: nil,
        email: "info@example.org", officeHours: nil
    ).create(on: app.db)
    try await SiteCategory(slug: "news", nameTh: "ข่าวประชาสัมพันธ์", nameEn: "News", clause: "1.8", position: 1).create(on: app.db)
    var users: [Role: User] = [:]
    for role in Role.allCases {
        let user = User(
            username: role.rawValue.lowercased(), displayName: "ทดสอบ \(role.thaiName)", position: "ตำแหน่งทดสอบ",
            unitID: unit.id, roles: [role], passwordHash: hash, mustChangePassword: false)
        try await user.create(on: app.db)
        users[role] = user
    }
    unit.headUserID = users[.unitHead]?.id
    try await unit.update(on: app.db)
    return Fixtures(unit: unit, otherUnit: other, users: users)
}

/// A browser: keeps cookies between requests like a real one.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]

    init(_ app: Application) { self.app = app }

    @discardableResult
    func request(
        _ method: HTTPMethod, _ path: String, form: [String: String]? = nil, formPairs: [(String, String)]? = nil,
        headers extra: HTTPHeaders = [:]
    ) async throws -> TestingHTTPResponse {
        var headers = extra
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var body = ByteBuffer()
        if let pairs = formPairs ?? form.map({ $0.sorted { $0.key < $1.key } }) {
            let encoded = pairs.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
            body.writeString(encoded)
            headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        }
        let response = try await app.testing().performTest(request: TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: body))
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let value = parts.count > 1 ? String(parts[1]) : ""
            if value.isEmpty || header.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The CSRF token, fetched the way a page would give it.
    func csrf() async throws -> String {
        if let token = cookies["prakat_csrf"] ?? cookies["__Host-prakat_csrf"] { return token }
        try await request(.GET, "/login")
        return cookies["prakat_csrf"] ?? cookies["__Host-prakat_csrf"] ?? ""
    }

    @discardableResult
    func post(_ path: String, _ form: [String: String]) async throws -> TestingHTTPResponse {
        var withToken = form
        withToken["_csrf"] = try await csrf()
        return try await request(.POST, path, form: withToken)
    }

    @discardableResult
    func signIn(_ username: String, password: String = Fixtures.password) async throws -> TestingHTTPResponse {
        try await post("/login", ["username": username, "password": password])
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }
    var location: String? { headers.first(name: .location) }
}

/// JSON API calls with a bearer token.
struct APIClient {
    let app: Application
    var token: String?

    @discardableResult
    func call(
        _ method: HTTPMethod, _ path: String, json: String? = nil, contentType: String = "application/json", headers extra: HTTPHeaders = [:]
    ) async throws -> TestingHTTPResponse {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body = ByteBuffer()
        if let json {
            body.writeString(json)
            headers.replaceOrAdd(name: .contentType, value: contentType)
        }
        return try await app.testing().performTest(request: TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: body))
    }

    static func signIn(_ app: Application, _ username: String, password: String = Fixtures.password) async throws -> APIClient {
        let response = try await APIClient(app: app).call(.POST, "/api/v1/auth/token", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        struct Token: Decodable { var token: String }
        let token = try JSONDecoder().decode(Token.self, from: Data(response.body.readableBytesView))
        return APIClient(app: app, token: token.token)
    }
}

extension TestingHTTPResponse {
    func json() throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }
}

/// Plays someone with full database rights who removes the append-only guards before tampering.
func removeAuditGuard(_ app: Application) async throws {
    try await BlockAuditTruncate().revert(on: app.db)
    try await MakeAuditEntriesAppendOnly().revert(on: app.db)
}
