/// The roles people hold in an agency. Raw values are the API's role names
/// (the API contract, `Resources/openapi.json`), stored as strings so both databases hold them the same way.
public enum Role: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case staff
    case unitHead
    case uploader
    case webmaster
    case planner
    case administrator
    case auditor
    /// Triages citizens' e-Service requests and complaints (seed 1 §1.9).
    case serviceDesk
    /// The head of agency, or a person they delegated, who permits publication when the agency
    /// asks for it (seed 1's memo: อนุญาต / ไม่อนุญาต).
    case agencyHead

    /// Thai name shown in pages and printouts.
    public var thaiName: String {
        switch self {
        case .staff: "เจ้าหน้าที่กลุ่มงานเจ้าของข้อมูล"
        case .unitHead: "หัวหน้ากลุ่มงาน"
        case .uploader: "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่"
        case .webmaster: "ผู้ดูแลเว็บไซต์ (Web Master)"
        case .planner: "นักวิเคราะห์นโยบายและแผน"
        case .administrator: "ผู้ดูแลระบบ"
        case .auditor: "ผู้ตรวจสอบ"
        case .serviceDesk: "เจ้าหน้าที่รับเรื่องบริการออนไลน์"
        case .agencyHead: "หัวหน้าส่วนราชการ / ผู้ได้รับมอบหมาย"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a list of role names; unknown names are returned separately so callers can
    /// say exactly which one was wrong instead of silently dropping it.
    public static func parse<S: Sequence>(_ names: S) -> (roles: Set<Role>, unknown: [String]) where S.Element == String {
        var roles = Set<Role>()
        var unknown: [String] = []
        for name in names {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if let role = Role(rawValue: trimmed) { roles.insert(role) } else { unknown.append(trimmed) }
        }
        return (roles, unknown)
    }

    /// Stored as a comma-separated list, sorted, so the column reads the same on SQLite and PostgreSQL.
    public static func encode(_ roles: Set<Role>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }

    public static func decode(_ stored: String) -> Set<Role> {
        Set(stored.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }
}
