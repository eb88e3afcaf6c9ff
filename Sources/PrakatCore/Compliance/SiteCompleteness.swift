import Foundation

/// The completeness check of seed 1 §3.3: the site against the government website standard's
/// list (seed 1 §1.1–§1.10), the agency's contacts, and the information the Official Information
/// Act B.E. 2540 (พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐) asks for in §7 and §9. The lists are
/// data; `evaluate` turns what the site holds into "what is missing, what to do".
public enum SiteCompleteness {
    /// Where evidence of a requirement may be found.
    public enum Evidence: Sendable, Equatable {
        /// A public item in a category of this clause of seed 1 (the category's `clause`, e.g. "1.8").
        case clause(String)
        /// A public item in one of these categories (by slug).
        case categories([String])
        /// The agency profile's contacts are complete.
        case contacts
        /// At least one e-Service is open to the public.
        case eServices
        /// Shown by the system itself (visitor statistics and the satisfaction survey).
        case builtIn
    }

    public struct Requirement: Sendable, Equatable, Identifiable {
        /// "std-1.1", "oia-7-1", …
        public var id: String
        /// The clause as people cite it: "ข้อ ๑.๑", "มาตรา ๗ (๑)".
        public var citation: String
        public var nameTh: String
        /// Satisfied by any one of these.
        public var evidence: [Evidence]
        /// "(ถ้ามี)": only where the agency has such information.
        public var ifAny: Bool
        /// Where to add it: the category slugs suggested to the webmaster, first one first.
        public var suggestedSlugs: [String]
    }

    public enum Group: String, CaseIterable, Sendable {
        case standard, contacts, oia7, oia9

        public var thaiName: String {
            switch self {
            case .standard: "มาตรฐานเว็บไซต์หน่วยงานภาครัฐ (ข้อ ๑.๑–๑.๑๐)"
            case .contacts: "ช่องทางการติดต่อหน่วยงาน"
            case .oia7: "พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐ มาตรา ๗"
            case .oia9: "พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐ มาตรา ๙"
            }
        }
    }

    /// Seed 1 §1.1–§1.10 (the government website standard as the agency's announcement lists it).
    public static let standard: [Requirement] = [
        req("std-1.1", "ข้อ ๑.๑", "ข้อมูลหน่วยงาน (ประวัติ วิสัยทัศน์ พันธกิจ โครงสร้าง ผู้บริหาร อำนาจหน้าที่ แผน)", [.clause("1.1")], ["about"]),
        req("std-1.2", "ข้อ ๑.๒", "กฎหมาย ระเบียบ ข้อบังคับที่เกี่ยวข้อง", [.clause("1.2")], ["laws"]),
        req("std-1.3", "ข้อ ๑.๓", "คลังความรู้", [.clause("1.3")], ["knowledge"], ifAny: true),
        req("std-1.4", "ข้อ ๑.๔", "รายชื่อเว็บไซต์หน่วยงานที่เกี่ยวข้อง", [.clause("1.4")], ["links"]),
        req("std-1.5", "ข้อ ๑.๕", "ข้อมูลข่าวสารตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ", [.clause("1.5")], ["official-information"]),
        req("std-1.6", "ข้อ ๑.๖", "คู่มือมาตรฐานการปฏิบัติงาน", [.clause("1.6")], ["operating-manuals"]),
        req("std-1.7", "ข้อ ๑.๗", "คู่มือสำหรับประชาชนและแบบฟอร์มดาวน์โหลด", [.clause("1.7")], ["citizen-manuals"], ifAny: true),
        req("std-1.8", "ข้อ ๑.๘", "ข่าวประชาสัมพันธ์ ประกาศ และการจัดซื้อจัดจ้าง", [.clause("1.8")], ["news"]),
        req("std-1.9", "ข้อ ๑.๙", "ระบบงานให้บริการอิเล็กทรอนิกส์ (e-Service)", [.clause("1.9"), .eServices], ["e-service"], ifAny: true),
        req("std-1.10", "ข้อ ๑.๑๐", "สถิติการเข้าใช้เว็บไซต์และการประเมินความพึงพอใจ", [.builtIn], [])
    ]

    public static let contacts: [Requirement] = [
        req("contacts", "ข้อ ๑.๑", "ช่องทางการติดต่อ: ที่อยู่ โทรศัพท์ โทรสาร ไปรษณีย์อิเล็กทรอนิกส์ และแผนที่ตั้ง", [.contacts], [])
    ]

    /// OIA §7: information published in the Government Gazette, which the site also makes available.
    public static let oia7: [Requirement] = [
        req("oia-7-1", "มาตรา ๗ (๑)", "โครงสร้างและการจัดองค์กรในการดำเนินงาน", [.categories(["structure"])], ["structure", "about"]),
        req("oia-7-2", "มาตรา ๗ (๒)", "สรุปอำนาจหน้าที่ที่สำคัญและวิธีการดำเนินงาน", [.categories(["duties"])], ["duties", "about"]),
        req("oia-7-3", "มาตรา ๗ (๓)", "สถานที่ติดต่อเพื่อขอรับข้อมูลข่าวสารหรือคำแนะนำ", [.contacts, .categories(["contact"])], ["contact"]),
        req(
            "oia-7-4", "มาตรา ๗ (๔)", "กฎ มติคณะรัฐมนตรี ข้อบังคับ คำสั่ง หนังสือเวียน ระเบียบ แบบแผน นโยบาย หรือการตีความ",
            [.categories(["laws"])], ["laws"])
    ]

    /// OIA §9: information the agency keeps open for the public to inspect.
    public static let oia9: [Requirement] = [
        req(
            "oia-9-1", "มาตรา ๙ (๑)", "ผลการพิจารณาหรือคำวินิจฉัยที่มีผลโดยตรงต่อเอกชน", [.categories(["official-information"])], ["official-information"],
            ifAny: true),
        req(
            "oia-9-2", "มาตรา ๙ (๒)", "นโยบายหรือการตีความที่ไม่ต้องลงพิมพ์ในราชกิจจานุเบกษา", [.categories(["official-information", "laws"])],
            ["official-information"], ifAny: true),
        req(
            "oia-9-3", "มาตรา ๙ (๓)", "แผนงาน โครงการ และงบประมาณรายจ่ายประจำปีของปีที่กำลังดำเนินการ",
            [.categories(["projects-budget", "action-plan"])], ["projects-budget", "action-plan"]),
        req(
            "oia-9-4", "มาตรา ๙ (๔)", "คู่มือหรือคำสั่งเกี่ยวกับวิธีปฏิบัติงานของเจ้าหน้าที่ที่มีผลต่อสิทธิหน้าที่ของเอกชน",
            [.categories(["operating-manuals", "citizen-manuals"])], ["operating-manuals", "citizen-manuals"]),
        req("oia-9-5", "มาตรา ๙ (๕)", "สิ่งพิมพ์ที่อ้างถึงตามมาตรา ๗ วรรคสอง", [.categories(["official-information"])], ["official-information"], ifAny: true),
        req(
            "oia-9-6", "มาตรา ๙ (๖)", "สัญญาสัมปทาน สัญญาผูกขาดตัดตอน หรือสัญญาร่วมทุนกับเอกชนในการจัดทำบริการสาธารณะ",
            [.categories(["official-information"])], ["official-information"], ifAny: true),
        req(
            "oia-9-7", "มาตรา ๙ (๗)", "มติคณะรัฐมนตรีหรือมติคณะกรรมการที่แต่งตั้งโดยกฎหมายหรือโดยมติคณะรัฐมนตรี",
            [.categories(["official-information", "laws"])], ["official-information"], ifAny: true),
        req(
            "oia-9-8", "มาตรา ๙ (๘)", "ข้อมูลข่าวสารอื่นที่คณะกรรมการกำหนด เช่น ผลการจัดซื้อจัดจ้าง (สรุปผลรายเดือน)",
            [.categories(["procurement-results", "procurement"])], ["procurement-results"])
    ]

    public static func requirements(_ group: Group) -> [Requirement] {
        switch group {
        case .standard: standard
        case .contacts: contacts
        case .oia7: oia7
        case .oia9: oia9
        }
    }

    private static func req(_ id: String, _ citation: String, _ name: String, _ evidence: [Evidence], _ slugs: [String], ifAny: Bool = false) -> Requirement {
        Requirement(id: id, citation: citation, nameTh: name, evidence: evidence, ifAny: ifAny, suggestedSlugs: slugs)
    }

    /// The contact details seed 1 §1.1 names.
    public enum ContactField: String, CaseIterable, Sendable {
        case name, address, phone, fax, email, map

        public var thaiName: String {
            switch self {
            case .name: "ชื่อหน่วยงาน"
            case .address: "ที่อยู่"
            case .phone: "หมายเลขโทรศัพท์"
            case .fax: "หมายเลขโทรสาร"
            case .email: "ไปรษณีย์อิเล็กทรอนิกส์"
            case .map: "แผนที่ตั้งหน่วยงาน (ลิงก์แผนที่หรือพิกัด)"
            }
        }
    }

    /// What the site holds, as the check needs it.
    public struct Facts: Sendable {
        /// Clauses ("1.1", …) with at least one public item in a category of that clause.
        public var clausesWithItems: Set<String>
        /// Category slugs with at least one public item.
        public var slugsWithItems: Set<String>
        /// Category slugs that exist (to say "create the category" when one is gone).
        public var existingSlugs: Set<String>
        public var filledContacts: Set<ContactField>
        public var openEServices: Int

        public init(clausesWithItems: Set<String>, slugsWithItems: Set<String>, existingSlugs: Set<String>, filledContacts: Set<ContactField>, openEServices: Int) {
            self.clausesWithItems = clausesWithItems
            self.slugsWithItems = slugsWithItems
            self.existingSlugs = existingSlugs
            self.filledContacts = filledContacts
            self.openEServices = openEServices
        }

        /// An install with nothing in it.
        public static let empty = Facts(clausesWithItems: [], slugsWithItems: [], existingSlugs: [], filledContacts: [], openEServices: 0)
    }

    public enum Status: String, Sendable {
        case present
        /// Required and missing.
        case missing
        /// "(ถ้ามี)" and not found: to publish if the agency has it.
        case notFound = "not_found"
    }

    /// One line of the report.
    public struct Finding: Sendable, Equatable {
        public var requirement: Requirement
        public var status: Status
        /// What is missing (contacts: the empty fields); empty when present.
        public var missingContacts: [ContactField]
        /// The suggested categories that exist, and those that do not (to create first).
        public var addTo: [String]
        public var createFirst: [String]
    }

    public static func evaluate(_ facts: Facts) -> [Group: [Finding]] {
        var report: [Group: [Finding]] = [:]
        for group in Group.allCases {
            report[group] = requirements(group).map { finding($0, facts) }
        }
        return report
    }

    static func finding(_ requirement: Requirement, _ facts: Facts) -> Finding {
        let missingContacts = ContactField.allCases.filter { !facts.filledContacts.contains($0) }
        let satisfied = requirement.evidence.contains { evidence in
            switch evidence {
            case .clause(let clause): facts.clausesWithItems.contains(clause)
            case .categories(let slugs): !facts.slugsWithItems.isDisjoint(with: slugs)
            case .contacts: missingContacts.isEmpty
            case .eServices: facts.openEServices > 0
            case .builtIn: true
            }
        }
        let status: Status = satisfied ? .present : (requirement.ifAny ? .notFound : .missing)
        let onlyContacts = requirement.evidence == [.contacts]
        return Finding(
            requirement: requirement, status: status, missingContacts: satisfied || !requirement.evidence.contains(.contacts) ? [] : missingContacts,
            addTo: satisfied || onlyContacts ? [] : requirement.suggestedSlugs.filter { facts.existingSlugs.contains($0) },
            createFirst: satisfied || onlyContacts ? [] : requirement.suggestedSlugs.filter { !facts.existingSlugs.contains($0) })
    }

    /// Every item of every group, for counting.
    public static var allRequirements: [Requirement] { Group.allCases.flatMap(requirements) }
}
