import Fluent
import PrakatCore

/// The default category tree of seed 1 §1.1–§1.10, created with the agency. Webmasters edit it
/// afterwards; slugs are English so URLs stay ASCII and stable.
enum DefaultCategories {
    struct Entry {
        var slug: String
        var clause: String
        var nameTh: String
        var nameEn: String
        var children: [(slug: String, nameTh: String, nameEn: String)] = []
    }

    static let tree: [Entry] = [
        Entry(
            slug: "about", clause: "1.1", nameTh: "ข้อมูลหน่วยงาน", nameEn: "About the agency",
            children: [
                ("history", "ประวัติความเป็นมา", "History"),
                ("vision-mission", "วิสัยทัศน์ พันธกิจ", "Vision and mission"),
                ("structure", "โครงสร้างหน่วยงาน", "Organisation structure"),
                ("executives", "ทำเนียบผู้บริหาร", "Executives"),
                ("duties", "อำนาจหน้าที่", "Duties"),
                ("strategy", "ยุทธศาสตร์ของหน่วยงาน", "Strategy"),
                ("action-plan", "แผนปฏิบัติราชการ", "Action plan"),
                ("projects-budget", "แผนงาน โครงการ และงบประมาณรายจ่ายประจำปี", "Projects and annual budget"),
                ("performance-reports", "คำรับรองและรายงานผลการปฏิบัติราชการ", "Performance agreement reports"),
                ("contact", "ช่องทางการติดต่อ", "Contact")
            ]),
        Entry(slug: "laws", clause: "1.2", nameTh: "กฎหมาย ระเบียบ ข้อบังคับ", nameEn: "Laws and regulations"),
        Entry(
            slug: "knowledge", clause: "1.3", nameTh: "คลังความรู้", nameEn: "Knowledge",
            children: [
                ("infographics", "อินโฟกราฟิก", "Infographics"),
                ("media", "สื่อมัลติมีเดีย", "Multimedia"),
                ("articles", "บทความ", "Articles"),
                ("research", "ผลงานวิจัย", "Research"),
                ("statistics", "ข้อมูลสถิติ", "Statistics")
            ]),
        Entry(slug: "links", clause: "1.4", nameTh: "เว็บไซต์หน่วยงานที่เกี่ยวข้อง", nameEn: "Related websites"),
        Entry(slug: "official-information", clause: "1.5", nameTh: "ข้อมูลข่าวสารตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ", nameEn: "Official Information Act"),
        Entry(slug: "operating-manuals", clause: "1.6", nameTh: "คู่มือการปฏิบัติงาน", nameEn: "Operating manuals"),
        Entry(slug: "citizen-manuals", clause: "1.7", nameTh: "คู่มือประชาชนและแบบฟอร์มดาวน์โหลด", nameEn: "Citizen manuals and forms"),
        Entry(
            slug: "news", clause: "1.8", nameTh: "ข่าวประชาสัมพันธ์", nameEn: "News",
            children: [
                ("activities", "ภาพกิจกรรม", "Activity photos"),
                ("alerts", "ข่าวแจ้งเตือน", "Alerts"),
                ("announcements", "ประกาศ", "Announcements"),
                ("jobs", "ประกาศรับสมัครงาน", "Job postings"),
                ("procurement", "ประกาศจัดซื้อจัดจ้าง", "Procurement notices"),
                ("procurement-results", "ผลการจัดซื้อจัดจ้าง", "Procurement results")
            ]),
        Entry(slug: "e-service", clause: "1.9", nameTh: "บริการออนไลน์ (e-Service)", nameEn: "e-Service"),
        Entry(slug: "statistics-satisfaction", clause: "1.10", nameTh: "สถิติผู้เข้าชมและความพึงพอใจ", nameEn: "Visitors and satisfaction")
    ]
}

extension DefaultCategories {
    /// The publishing rules each default category starts with (issue 3 §1); webmasters change them.
    struct Rules: Sendable {
        var requiresSource = false
        var requiresSourceDate = false
        var requiresExpiry = false
        var defaultDays: Int?
        var expiredPolicy: ExpiredPolicy = .remove
    }

    static func rules(for slug: String) -> Rules {
        switch slug {
        // seed 1 §1.2: laws "โดยแสดงที่มาของข้อมูลอย่างชัดเจน".
        case "laws": Rules(requiresSource: true)
        // seed 1 §1.3: knowledge "อ้างอิงถึงแหล่งที่มาและวัน เวลา".
        case "knowledge", "infographics", "media", "articles", "research", "statistics":
            Rules(requiresSource: true, requiresSourceDate: true)
        // Notices with a closing date leave public view when it passes (seed 1 §2.1.3, §3.2)…
        case "jobs", "alerts": Rules(requiresExpiry: true, defaultDays: 30)
        case "news", "activities": Rules(defaultDays: 365)
        // …except procurement, whose notices and results stay readable in a dated archive as
        // evidence for the ITA (MOIT 4, 5). Everything else answers 410 after its period
        // (the API contract); webmasters can switch any category to the archive.
        case "procurement": Rules(requiresExpiry: true, defaultDays: 30, expiredPolicy: .archive)
        case "procurement-results": Rules(expiredPolicy: .archive)
        default: Rules()
        }
    }
}

extension SiteCategory {
    func apply(_ rules: DefaultCategories.Rules) {
        requiresSource = rules.requiresSource
        requiresSourceDate = rules.requiresSourceDate
        requiresExpiry = rules.requiresExpiry
        defaultDays = rules.defaultDays
        expiredPolicyRaw = rules.expiredPolicy.rawValue
    }

    var expiredPolicy: ExpiredPolicy { ExpiredPolicy(rawValue: expiredPolicyRaw) ?? .remove }
    var periodRule: PeriodRule { PeriodRule(requiresExpiry: requiresExpiry, defaultDays: defaultDays) }
}

extension DefaultCategories {
    /// Every install starts with seed 1's tree (§1.1–§1.10), with or without the demo agency;
    /// webmasters edit it from there. Does nothing once any category exists, so an agency's
    /// own tree is never touched. Inside `write`, which lets one writer in at a time on both
    /// databases, so two instances starting together create it once.
    @discardableResult
    static func createIfEmpty(in tx: WriteTransaction, audit: AuditTrail, actor: AuditActor) async throws -> Bool {
        guard try await SiteCategory.query(on: tx.db).count() == 0 else { return false }
        var position = 0
        for entry in tree {
            position += 1
            let root = SiteCategory(slug: entry.slug, nameTh: entry.nameTh, nameEn: entry.nameEn, clause: entry.clause, position: position * 100)
            root.apply(rules(for: entry.slug))
            try await root.create(on: tx.db)
            for (index, child) in entry.children.enumerated() {
                let category = SiteCategory(
                    parentID: root.id, slug: child.slug, nameTh: child.nameTh, nameEn: child.nameEn, clause: entry.clause,
                    position: position * 100 + index + 1)
                category.apply(rules(for: child.slug))
                try await category.create(on: tx.db)
            }
        }
        // How often items with no end are looked at again (the currency desk, seed 1 §3.2).
        try await CurrencyCategoryInterval.applyDefaults(on: tx.db)
        try await audit.record(AuditEvent(.categoryTreeCreated, entityType: "category", details: ["count": String(tree.count)]), by: actor, in: tx)
        return true
    }
}
