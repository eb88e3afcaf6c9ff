import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Accounts API (the API contract)")
struct AccountsAPITests {
    @Test func tokenThenMe() async throws {
        try await withPrakat { app, fixtures, _ in
            let response = try await APIClient(app: app).call(.POST, "/api/v1/auth/token", json: #"{"username":"staff","password":"\#(Fixtures.password)"}"#)
            #expect(response.status == .ok)
            let body = try response.json()
            #expect((body["token"] as? String)?.isEmpty == false)
            #expect((body["expiresAt"] as? String)?.hasSuffix("Z") == true)
            #expect((body["user"] as? [String: Any])?["roles"] as? [String] == ["staff"])
            let client = try await APIClient.signIn(app, "staff")
            let me = try await client.call(.GET, "/api/v1/me")
            #expect(me.status == .ok)
            let json = try me.json()
            #expect(json["username"] as? String == "staff")
            #expect(json["displayName"] as? String == fixtures.staff.displayName)
            #expect(json["unitId"] as? String == fixtures.unit.id?.uuidString)
        }
    }

    @Test func wrongCredentialsAnswer401ProblemJSON() async throws {
        try await withPrakat { app, _, _ in
            let response = try await APIClient(app: app).call(.POST, "/api/v1/auth/token", json: #"{"username":"staff","password":"nope-nope-nope"}"#)
            #expect(response.status == .unauthorized)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            let problem = try response.json()
            #expect(problem["status"] as? Int == 401)
            #expect(problem["title"] as? String == AccountsText.loginFailed)
        }
    }

    @Test func malformedJSONIs400AndWrongMediaTypeIs415AndMissingFieldsAre422() async throws {
        try await withPrakat { app, _, _ in
            let client = APIClient(app: app)
            let malformed = try await client.call(.POST, "/api/v1/auth/token", json: #"{"username": "staff", "password": "#)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.json()["title"] as? String == SupportText.badRequestTitle)
            let form = try await client.call(.POST, "/api/v1/auth/token", json: "username=staff", contentType: "application/x-www-form-urlencoded")
            #expect(form.status == .unsupportedMediaType)
            let missing = try await client.call(.POST, "/api/v1/auth/token", json: #"{"username":"staff"}"#)
            #expect(missing.status == .unprocessableEntity)
            let errors = try missing.json()["errors"] as? [[String: String]]
            #expect(errors?.first?["field"] == "password")
            let wrongType = try await client.call(.POST, "/api/v1/auth/token", json: #"{"username":5,"password":"x"}"#)
            #expect(wrongType.status == .unprocessableEntity)
        }
    }

    @Test func noTokenIs401AndARevokedTokenStopsWorking() async throws {
        try await withPrakat { app, _, _ in
            #expect(try await APIClient(app: app).call(.GET, "/api/v1/me").status == .unauthorized)
            let client = try await APIClient.signIn(app, "staff")
            #expect(try await client.call(.DELETE, "/api/v1/auth/token").status == .noContent)
            let after = try await client.call(.GET, "/api/v1/me")
            #expect(after.status == .unauthorized)
        }
    }

    @Test func tokensExpire() async throws {
        try await withPrakat { app, _, clock in
            let client = try await APIClient.signIn(app, "staff")
            clock.advance(by: AccountsAPI.tokenLifetime + 1)
            #expect(try await client.call(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test func sessionCookiesAreIgnoredByTheAPI() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            try await browser.signIn("administrator")
            let response = try await browser.request(.POST, "/api/v1/units", headers: ["Content-Type": "application/json"])
            #expect(response.status == .unauthorized)
        }
    }

    @Test func aPasswordSetByTheAdministratorMustBeChangedFirst() async throws {
        try await withPrakat { app, fixtures, _ in
            let admin = try await APIClient.signIn(app, "administrator")
            let created = try await admin.call(
                .POST, "/api/v1/users",
                json: """
                    {"username":"newcomer","password":"temporary-pass-1","displayName":"นายใหม่ มาแล้ว","position":"นักวิชาการ","unitId":"\(fixtures.unit.id!.uuidString)","roles":["staff"]}
                    """)
            #expect(created.status == .created)
            let token = try await APIClient(app: app).call(.POST, "/api/v1/auth/token", json: #"{"username":"newcomer","password":"temporary-pass-1"}"#)
            #expect(try token.json()["mustChangePassword"] as? Bool == true)
            let client = try await APIClient.signIn(app, "newcomer", password: "temporary-pass-1")
            let blocked = try await client.call(.GET, "/api/v1/me")
            #expect(blocked.status == .forbidden)
            #expect((try blocked.json()["type"] as? String)?.hasSuffix("/password-change-required") == true)
            let weak = try await client.call(.POST, "/api/v1/me/password", json: #"{"currentPassword":"temporary-pass-1","newPassword":"short"}"#)
            #expect(weak.status == .unprocessableEntity)
            let changed = try await client.call(.POST, "/api/v1/me/password", json: #"{"currentPassword":"temporary-pass-1","newPassword":"my own long passphrase"}"#)
            #expect(changed.status == .noContent)
            #expect(try await client.call(.GET, "/api/v1/me").status == .ok)
        }
    }

    @Test func administratorsCreateUnitsAndUsersWithClearErrors() async throws {
        try await withPrakat { app, fixtures, _ in
            let admin = try await APIClient.signIn(app, "administrator")
            let unit = try await admin.call(.POST, "/api/v1/units", json: #"{"slug":"legal","nameTh":"กลุ่มกฎหมาย"}"#)
            #expect(unit.status == .created)
            #expect(try unit.json()["headUserId"] == nil)
            let duplicateSlug = try await admin.call(.POST, "/api/v1/units", json: #"{"slug":"legal","nameTh":"ซ้ำ"}"#)
            #expect(duplicateSlug.status == .conflict)

            let unknownRole = try await admin.call(
                .POST, "/api/v1/users",
                json: """
                    {"username":"someone","password":"long-enough-pass","displayName":"ก ข","position":"ค","unitId":"\(fixtures.unit.id!.uuidString)","roles":["staff","king"]}
                    """)
            #expect(unknownRole.status == .unprocessableEntity)
            let message = (try unknownRole.json()["errors"] as? [[String: String]])?.first { $0["field"] == "roles" }?["message"]
            #expect(message?.contains("king") == true)

            let duplicate = try await admin.call(
                .POST, "/api/v1/users",
                json: """
                    {"username":"STAFF","password":"long-enough-pass","displayName":"ก ข","position":"ค","unitId":"\(fixtures.unit.id!.uuidString)","roles":["staff"]}
                    """)
            #expect(duplicate.status == .conflict)
            #expect(try await User.query(on: app.db).count() == Role.allCases.count)
        }
    }

    @Test func theHeadOfAUnitMustBeAUnitHead() async throws {
        try await withPrakat { app, fixtures, _ in
            let admin = try await APIClient.signIn(app, "administrator")
            let id = fixtures.otherUnit.id!.uuidString
            let notHead = try await admin.call(.PATCH, "/api/v1/units/\(id)", json: #"{"headUserId":"\#(fixtures.staff.id!.uuidString)"}"#)
            #expect(notHead.status == .unprocessableEntity)
            #expect((try notHead.json()["detail"] as? String)?.contains("หัวหน้ากลุ่มงาน") == true)
            let unknown = try await admin.call(.PATCH, "/api/v1/units/\(id)", json: #"{"headUserId":"\#(UUID().uuidString)"}"#)
            #expect(unknown.status == .unprocessableEntity)
            let ok = try await admin.call(.PATCH, "/api/v1/units/\(id)", json: #"{"headUserId":"\#(fixtures.head.id!.uuidString)"}"#)
            #expect(ok.status == .ok)
            #expect(try ok.json()["headUserId"] as? String == fixtures.head.id!.uuidString)
            #expect(try ok.json()["nameTh"] as? String == fixtures.otherUnit.nameTh)
            let cleared = try await admin.call(.PATCH, "/api/v1/units/\(id)", json: #"{"headUserId":null}"#)
            #expect(try cleared.json()["headUserId"] == nil)
            let missing = try await admin.call(.PATCH, "/api/v1/units/\(UUID().uuidString)", json: #"{"nameTh":"x"}"#)
            #expect(missing.status == .notFound)
        }
    }

    @Test func onlyAdministratorsManageAccounts() async throws {
        try await withPrakat { app, fixtures, _ in
            for role in Role.allCases where role != .administrator {
                let client = try await APIClient.signIn(app, role.rawValue.lowercased())
                let unit = try await client.call(.POST, "/api/v1/units", json: #"{"slug":"x-\#(role.rawValue.lowercased())","nameTh":"x"}"#)
                #expect(unit.status == .forbidden, "role \(role)")
                let user = try await client.call(
                    .POST, "/api/v1/users", json: #"{"username":"zz","password":"long-enough-pass","displayName":"a","position":"b","roles":["auditor"]}"#)
                #expect(user.status == .forbidden, "role \(role)")
                #expect(try await client.call(.GET, "/api/v1/units").status == .ok, "role \(role)")
            }
            #expect(try await OrgUnit.query(on: app.db).count() == 2)
            _ = fixtures
        }
    }

    @Test(arguments: ["page=0", "page=abc", "page=9223372036854775807", "perPage=0", "perPage=101", "perPage=-5"])
    func badPagingIsA400NotACrash(_ query: String) async throws {
        try await withPrakat { app, _, _ in
            let admin = try await APIClient.signIn(app, "administrator")
            let response = try await admin.call(.GET, "/api/v1/users?\(query)")
            #expect(response.status == .badRequest)
            #expect(try response.json()["errors"] != nil)
        }
    }

    @Test func listsArePaged() async throws {
        try await withPrakat { app, _, _ in
            let admin = try await APIClient.signIn(app, "administrator")
            let first = try await admin.call(.GET, "/api/v1/users?page=1&perPage=3").json()
            #expect(first["total"] as? Int == Role.allCases.count)
            #expect((first["items"] as? [Any])?.count == 3)
            let lastPage = (Role.allCases.count + 2) / 3
            let last = try await admin.call(.GET, "/api/v1/users?page=\(lastPage)&perPage=3").json()
            #expect((last["items"] as? [Any])?.count == Role.allCases.count - (lastPage - 1) * 3)
        }
    }

    @Test func controlCharactersAreRefusedNotA500() async throws {
        try await withPrakat { app, fixtures, _ in
            let signIn = try await APIClient(app: app).call(.POST, "/api/v1/auth/token", json: #"{"username":"sta\u0000ff","password":"x\u0000y"}"#)
            #expect(signIn.status == .unauthorized)
            let admin = try await APIClient.signIn(app, "administrator")
            let user = try await admin.call(
                .POST, "/api/v1/users",
                json: """
                    {"username":"nul","password":"long-enough-pass","displayName":"ก\\u0000ข","position":"ค","unitId":"\(fixtures.unit.id!.uuidString)","roles":["staff"]}
                    """)
            #expect(user.status == .unprocessableEntity)
            #expect((try user.json()["errors"] as? [[String: String]])?.contains { $0["field"] == "displayName" } == true)
            let browser = Browser(app)
            let page = try await browser.post("/login", ["username": "a\u{0}b", "password": "x"])
            #expect(page.status == .unauthorized)
        }
    }

    @Test func changingThePasswordEndsEveryOtherSessionAndToken() async throws {
        try await withPrakat { app, _, _ in
            let other = try await APIClient.signIn(app, "staff")
            let browser = Browser(app)
            try await browser.signIn("staff")
            let client = try await APIClient.signIn(app, "staff")
            let changed = try await client.call(.POST, "/api/v1/me/password", json: #"{"currentPassword":"\#(Fixtures.password)","newPassword":"a brand new passphrase"}"#)
            #expect(changed.status == .noContent)
            #expect(try await client.call(.GET, "/api/v1/me").status == .ok)
            #expect(try await other.call(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await browser.request(.GET, "/staff").status == .seeOther)
        }
    }

    @Test func rfc3339TimestampsWithOffsetsAreUnderstood() {
        #expect(RFC3339.parse("2026-02-09T10:00:00+07:00") == Date(timeIntervalSince1970: 1_770_606_000))
        #expect(RFC3339.parse("2026-02-09T03:00:00.250Z") == Date(timeIntervalSince1970: 1_770_606_000.25))
        #expect(RFC3339.parse("9 ก.พ. 2569") == nil)
    }

    @Test func oversizedBodiesAre413() async throws {
        try await withPrakat(environment: ["PRAKAT_MAX_UPLOAD_BYTES": "2048"]) { app, _, _ in
            let big = String(repeating: "ก", count: 600_000)
            let response = try await APIClient(app: app).call(.POST, "/api/v1/auth/token", json: #"{"username":"\#(big)","password":"x"}"#)
            #expect(response.status == .payloadTooLarge)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
        }
    }
}
