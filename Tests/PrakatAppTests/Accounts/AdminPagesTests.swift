import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

@Suite("Administrator pages")
struct AdminPagesTests {
    static let adminPages = ["/admin", "/admin/units", "/admin/units/new", "/admin/users", "/admin/users/new"]

    @Test func onlyAdministratorsOpenAdministrationAndTheAnonymousAreSentToSignIn() async throws {
        try await withPrakat { app, _, _ in
            for path in AdminPagesTests.adminPages {
                let anonymous = try await Browser(app).request(.GET, path)
                #expect(anonymous.status == .seeOther, "\(path)")
                #expect(anonymous.location?.hasPrefix("/login") == true, "\(path)")
            }
            for role in Role.allCases {
                let browser = Browser(app)
                try await browser.signIn(role.rawValue.lowercased())
                for path in AdminPagesTests.adminPages {
                    let response = try await browser.request(.GET, path)
                    #expect(response.status == (role == .administrator ? .ok : .forbidden), "\(role) \(path)")
                    if role != .administrator { #expect(response.text.contains(SupportText.forbiddenTitle)) }
                }
                let audit = try await browser.request(.GET, "/admin/audit")
                #expect(audit.status == ([.administrator, .auditor].contains(role) ? .ok : .forbidden), "\(role) audit")
            }
        }
    }

    @Test func nonAdministratorsCannotPostAdminForms() async throws {
        try await withPrakat { app, _, _ in
            for role in Role.allCases where role != .administrator {
                let browser = Browser(app)
                try await browser.signIn(role.rawValue.lowercased())
                let response = try await browser.post("/admin/units", ["slug": "hack-\(role.rawValue.lowercased())", "nameTh": "x"])
                #expect(response.status == .forbidden, "\(role)")
            }
            #expect(try await OrgUnit.query(on: app.db).count() == 2)
        }
    }

    @Test func creatingAUnitRecordsItAndBadInputKeepsTheForm() async throws {
        try await withPrakat { app, fixtures, _ in
            let browser = Browser(app)
            try await browser.signIn("administrator")
            let bad = try await browser.post("/admin/units", ["slug": "Bad Slug!", "nameTh": "", "nameEn": "Legal"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains(AccountsText.slugInvalid))
            #expect(bad.text.contains(AccountsText.unitNameRequired))
            #expect(bad.text.contains(#"value="Legal""#))
            let taken = try await browser.post("/admin/units", ["slug": "digital-health", "nameTh": "ซ้ำ"])
            #expect(taken.text.contains(AccountsText.slugTaken))
            let notHead = try await browser.post("/admin/units", ["slug": "legal", "nameTh": "กลุ่มกฎหมาย", "headUserId": fixtures.staff.id!.uuidString])
            #expect(notHead.status == .unprocessableEntity)
            #expect(notHead.text.contains("หัวหน้ากลุ่มงาน"))
            let ok = try await browser.post("/admin/units", ["slug": "legal", "nameTh": "กลุ่มกฎหมาย", "headUserId": fixtures.head.id!.uuidString])
            #expect(ok.status == .seeOther)
            #expect(ok.location == "/admin/units")
            let list = try await browser.request(.GET, "/admin/units")
            #expect(list.text.contains(AccountsText.unitCreated))
            #expect(list.text.contains("กลุ่มกฎหมาย"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "unit.created").count() == 1)
        }
    }

    @Test func aUnitWithoutAHeadIsFlagged() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            try await browser.signIn("administrator")
            let dashboard = try await browser.request(.GET, "/admin")
            #expect(dashboard.text.contains("ยังไม่มีหัวหน้า"))
            #expect(dashboard.text.contains("กลุ่มงานพัฒนายุทธศาสตร์สาธารณสุข"))
            let units = try await browser.request(.GET, "/admin/units")
            #expect(units.text.contains("ยังไม่มีหัวหน้า"))
        }
    }

    @Test func creatingAndEditingUsersRecordsRoleChanges() async throws {
        try await withPrakat { app, fixtures, _ in
            let browser = Browser(app)
            try await browser.signIn("administrator")
            let csrf = try await browser.csrf()
            let bad = try await browser.request(
                .POST, "/admin/users",
                formPairs: [
                    ("_csrf", csrf), ("username", "STAFF"), ("password", "short"), ("displayName", "<script>alert(1)</script>"),
                    ("position", ""), ("unitId", ""), ("roles[]", "wizard"), ("email", "ไม่ใช่อีเมล")
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains(AccountsText.usernameTaken))
            #expect(bad.text.contains("wizard"))
            #expect(bad.text.contains(AccountsText.positionRequired))
            #expect(bad.text.contains(#"id="email-error""#))
            #expect(!bad.text.contains("<script>alert(1)</script>"))
            #expect(bad.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            let created = try await browser.request(
                .POST, "/admin/users",
                formPairs: [
                    ("_csrf", csrf), ("username", "somsri"), ("password", "initial-password-1"), ("displayName", "นางสมศรี ใจงาม"),
                    ("position", "นักวิชาการสาธารณสุข"), ("unitId", fixtures.unit.id!.uuidString), ("roles[]", "staff"), ("roles[]", "uploader"),
                    ("email", " somsri@example.go.th ")
                ])
            #expect(created.status == .seeOther)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "somsri").first())
            #expect(user.roles == [.staff, .uploader])
            #expect(user.mustChangePassword)
            // Notification mail goes where the administrator said, until the person changes it.
            #expect(user.email == "somsri@example.go.th")

            let edited = try await browser.request(
                .POST, "/admin/users/\(user.id!.uuidString)",
                formPairs: [
                    ("_csrf", csrf), ("displayName", "นางสมศรี ใจงาม"), ("position", "นักวิชาการสาธารณสุขชำนาญการ"),
                    ("unitId", fixtures.unit.id!.uuidString), ("roles[]", "webmaster"), ("isActive", "1")
                ])
            #expect(edited.status == .seeOther)
            let reloaded = try #require(try await User.find(user.id, on: app.db))
            #expect(reloaded.roles == [.webmaster])
            let change = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "user.roles_changed").first())
            #expect(change.details.contains("staff,uploader"))
            #expect(change.actorName == "administrator")
        }
    }

    @Test func theLastAdministratorCannotRemoveThemselves() async throws {
        try await withPrakat { app, fixtures, _ in
            let browser = Browser(app)
            try await browser.signIn("administrator")
            let response = try await browser.post(
                "/admin/users/\(fixtures.admin.id!.uuidString)",
                [
                    "displayName": "ผู้ดูแล", "position": "ผู้ดูแลระบบ", "roles[]": "staff", "unitId": fixtures.unit.id!.uuidString, "isActive": "1"
                ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains(AccountsText.cannotRemoveOwnAdmin))
            #expect(try await User.find(fixtures.admin.id, on: app.db)?.roles == [.administrator])
        }
    }

    @Test func twoAdministratorsDemotingEachOtherAtOnceLeaveOneInCharge() async throws {
        try await withPrakat { app, fixtures, _ in
            let second = User(
                username: "admin2", displayName: "ผู้ดูแลคนที่สอง", position: "ผู้ดูแลระบบ", unitID: fixtures.unit.id,
                roles: [.administrator], passwordHash: fixtures.admin.passwordHash, mustChangePassword: false)
            try await second.create(on: app.db)
            let service = AccountService(application: app, db: app.db)
            func demote(_ target: User, by actor: User) async throws -> Bool {
                let fresh = try #require(try await User.find(target.id, on: app.db))
                let input = AccountService.UserInput(
                    username: fresh.username, password: nil, displayName: fresh.displayName, position: fresh.position,
                    unitID: fixtures.unit.id?.uuidString, roleNames: ["staff"])
                let result = try await service.updateUser(fresh, input, actor: AuditActor(userID: actor.id, name: actor.username, address: "-"))
                if case .success = result { return true } else { return false }
            }
            async let first = demote(second, by: fixtures.admin)
            async let other = demote(fixtures.admin, by: second)
            let outcomes = try await [first, other]
            #expect(outcomes.filter { $0 }.count == 1)
            let admins = try await User.query(on: app.db).all().filter { $0.has(.administrator) }
            #expect(admins.count == 1)
        }
    }

    @Test func unknownRecordsAre404InThai() async throws {
        try await withPrakat { app, _, _ in
            let browser = Browser(app)
            try await browser.signIn("administrator")
            for path in ["/admin/users/\(UUID().uuidString)", "/admin/units/not-a-uuid", "/admin/nothing-here"] {
                let response = try await browser.request(.GET, path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.text.contains(SupportText.notFoundTitle))
            }
        }
    }
}
