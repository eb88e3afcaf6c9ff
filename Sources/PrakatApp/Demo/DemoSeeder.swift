import Fluent
import Foundation
import PrakatCore
import Vapor

/// The demo agency of issue 2: สำนักงานสาธารณสุขจังหวัดชลบุรี with internal units (seed 1 names
/// กลุ่มงานสุขภาพดิจิทัล and its people), one user per role, and the default category tree.
/// Passwords are generated here and printed once; none is stored in the repository.
struct DemoSeeder {
    let app: Application

    struct Credential {
        var username: String
        var displayName: String
        var roles: Set<Role>
        var password: String
        var mustChange: Bool
    }

    struct UnitSeed {
        var slug: String
        var nameTh: String
        var nameEn: String
    }

    static let units: [UnitSeed] = [
        UnitSeed(slug: "digital-health", nameTh: "กลุ่มงานสุขภาพดิจิทัล", nameEn: "Digital Health Group"),
        UnitSeed(slug: "general-administration", nameTh: "กลุ่มงานบริหารทั่วไป", nameEn: "General Administration Group"),
        UnitSeed(slug: "strategy", nameTh: "กลุ่มงานพัฒนายุทธศาสตร์สาธารณสุข", nameEn: "Public Health Strategy Development Group"),
        UnitSeed(slug: "disease-control", nameTh: "กลุ่มงานควบคุมโรคติดต่อ", nameEn: "Communicable Disease Control Group"),
        UnitSeed(slug: "health-promotion", nameTh: "กลุ่มงานส่งเสริมสุขภาพ", nameEn: "Health Promotion Group"),
        UnitSeed(slug: "consumer-protection", nameTh: "กลุ่มงานคุ้มครองผู้บริโภคและเภสัชสาธารณสุข", nameEn: "Consumer Protection and Public Health Pharmacy Group"),
        UnitSeed(slug: "legal", nameTh: "กลุ่มกฎหมาย", nameEn: "Legal Affairs Group")
    ]

    struct UserSeed {
        var username: String
        var displayName: String
        var position: String
        var unitSlug: String?
        var roles: Set<Role>
        var headOf: String?
    }

    /// The seed's own people first (its provider/uploader and its approving head), then one
    /// fictional colleague for each remaining role, and a second webmaster (seed 1 §3.1).
    static let users: [UserSeed] = [
        UserSeed(username: "supassara", displayName: "นางสาวศุภัสรา ตะนาวศรี", position: "นักวิชาการสาธารณสุขปฏิบัติการ", unitSlug: "digital-health", roles: [.staff]),
        UserSeed(
            username: "decha", displayName: "นายเดชา รักจรรยาบรรณ", position: "เจ้าพนักงานสาธารณสุขชำนาญงาน", unitSlug: "digital-health", roles: [.unitHead], headOf: "digital-health"),
        UserSeed(username: "uploader", displayName: "นายปกรณ์ ใจดี", position: "นักวิชาการคอมพิวเตอร์ปฏิบัติการ", unitSlug: "digital-health", roles: [.uploader]),
        UserSeed(username: "webmaster", displayName: "นางสาววรรณา ศรีสุข", position: "นักวิชาการคอมพิวเตอร์ชำนาญการ", unitSlug: "digital-health", roles: [.webmaster]),
        UserSeed(username: "webmaster2", displayName: "นายธนากร มั่นคง", position: "เจ้าพนักงานเครื่องคอมพิวเตอร์ชำนาญงาน", unitSlug: "digital-health", roles: [.webmaster]),
        UserSeed(username: "planner", displayName: "นางพรทิพย์ วงศ์ไทย", position: "นักวิเคราะห์นโยบายและแผนชำนาญการ", unitSlug: "strategy", roles: [.planner, .staff]),
        UserSeed(username: "strategyhead", displayName: "นายสมชาย บุญเรือง", position: "นักวิชาการสาธารณสุขชำนาญการพิเศษ", unitSlug: "strategy", roles: [.unitHead], headOf: "strategy"),
        UserSeed(username: "auditor", displayName: "นางสาวกมลชนก ตรงดี", position: "นักวิชาการตรวจสอบภายในชำนาญการ", unitSlug: "general-administration", roles: [.auditor]),
        UserSeed(username: "servicedesk", displayName: "นางสาวปิยะนุช รับใช้ดี", position: "เจ้าพนักงานธุรการชำนาญงาน", unitSlug: "general-administration", roles: [.serviceDesk, .staff]),
        // The head of agency (or their delegate), who permits publication when the agency asks for it.
        UserSeed(
            username: "agencyhead", displayName: "นายแพทย์วิชัย ธรรมาภิบาล", position: "นายแพทย์สาธารณสุขจังหวัดชลบุรี", unitSlug: "general-administration",
            roles: [.agencyHead])
    ]

    func seed() async throws -> [Credential] {
        let hashing = app.passwordHashing
        let actor = AuditActor.system("seed-demo")
        var credentials: [Credential] = []
        var prepared: [(UserSeed, String, String)] = []
        let adminPassword = DemoSeeder.generatePassword()
        let adminHash = try await hashing.hash(adminPassword)
        for user in DemoSeeder.users {
            let password = DemoSeeder.generatePassword()
            prepared.append((user, password, try await hashing.hash(password)))
        }

        let preparedUsers = prepared
        try await app.writer.write { tx in
            let agency = Agency(
                nameTh: "สำนักงานสาธารณสุขจังหวัดชลบุรี", nameEn: "Chonburi Provincial Public Health Office",
                address: "ถนนวิเวกรังสรรค์ ตำบลบางปลาสร้อย อำเภอเมืองชลบุรี จังหวัดชลบุรี 20000",
                phone: "0 3828 5511", fax: nil, email: "saraban@chonburi-health.example",
                officeHours: "จันทร์–ศุกร์ 08.30–16.30 น. (เว้นวันหยุดราชการ)")
            try await agency.create(on: tx.db)
            try await audit(AuditEvent(.agencyCreated, entityType: "agency", entityID: agency.id?.uuidString, details: ["nameTh": agency.nameTh]), actor, tx)

            var unitIDs: [String: UUID] = [:]
            for seed in DemoSeeder.units {
                let unit = OrgUnit(slug: seed.slug, nameTh: seed.nameTh, nameEn: seed.nameEn)
                try await unit.create(on: tx.db)
                unitIDs[seed.slug] = unit.id
                try await audit(AuditEvent(.unitCreated, entityType: "unit", entityID: unit.id?.uuidString, details: ["slug": seed.slug, "nameTh": seed.nameTh]), actor, tx)
            }

            let admin = User(
                username: "admin", displayName: "ผู้ดูแลระบบ", position: "ผู้ดูแลระบบ", unitID: unitIDs["digital-health"],
                roles: [.administrator], passwordHash: adminHash, mustChangePassword: true)
            try await admin.create(on: tx.db)
            try await audit(AuditEvent(.userCreated, entityType: "user", entityID: admin.id?.uuidString, details: ["username": "admin", "roles": "administrator"]), actor, tx)

            for (seed, _, hash) in preparedUsers {
                let user = User(
                    username: seed.username, displayName: seed.displayName, position: seed.position,
                    unitID: seed.unitSlug.flatMap { unitIDs[$0] }, roles: seed.roles, passwordHash: hash, mustChangePassword: false)
                try await user.create(on: tx.db)
                try await audit(
                    AuditEvent(
                        .userCreated, entityType: "user", entityID: user.id?.uuidString,
                        details: ["username": seed.username, "roles": Role.encode(seed.roles)]), actor, tx)
                if let headOf = seed.headOf, let unitID = unitIDs[headOf], let unit = try await OrgUnit.find(unitID, on: tx.db) {
                    unit.headUserID = user.id
                    try await unit.update(on: tx.db)
                    try await audit(AuditEvent(.unitUpdated, entityType: "unit", entityID: unitID.uuidString, details: ["head": user.id?.uuidString ?? ""]), actor, tx)
                }
            }

            try await DefaultCategories.createIfEmpty(in: tx, audit: app.audit, actor: actor)
            // A server already running on this database (`prakat seed-demo` beside it) drops its
            // pages and its frame, which showed an agency not set up yet.
            try await app.siteVersion.bump(tx, .everything)
        }

        credentials.append(Credential(username: "admin", displayName: "ผู้ดูแลระบบ", roles: [.administrator], password: adminPassword, mustChange: true))
        for (seed, password, _) in prepared {
            credentials.append(Credential(username: seed.username, displayName: seed.displayName, roles: seed.roles, password: password, mustChange: false))
        }
        try await PlansDemo.seed(app)
        return credentials
    }

    private func audit(_ event: AuditEvent, _ actor: AuditActor, _ tx: WriteTransaction) async throws {
        try await app.audit.record(event, by: actor, in: tx)
    }

    /// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), ~93 bits.
    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Printed to standard output once, never to the log.
    static func printOnce(_ credentials: [Credential], baseURL: String) {
        var lines = [
            "",
            "==================================================================",
            " Prakat: สร้างหน่วยงานตัวอย่างแล้ว (demo agency created)",
            " เข้าสู่ระบบที่ (sign in at) \(baseURL)/login",
            " รหัสผ่านแสดงครั้งเดียวเท่านั้น (passwords are shown only once):",
            ""
        ]
        for credential in credentials {
            let roles = credential.roles.sorted().map(\.rawValue).joined(separator: ",")
            let note = credential.mustChange ? "  (ต้องเปลี่ยนเมื่อเข้าครั้งแรก / change at first sign-in)" : ""
            lines.append("  \(credential.username.padding(toLength: 13, withPad: " ", startingAt: 0)) \(credential.password)  [\(roles)]\(note)")
        }
        lines.append("==================================================================")
        lines.append("")
        // Unbuffered, so the passwords appear even if the process is stopped right after.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
