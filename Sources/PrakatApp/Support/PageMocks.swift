import Foundation
import PrakatCore

// Every page model has a `static var mock`: realistic Thai content with no database, so each
// template can be rendered, looked at and snapshot-tested on its own (`PageMockTests`).
// The values are fixed (ids, dates, the CSRF token) so a render is the same every time.

/// What the mocks share: one agency, one person, one request, one clock.
enum MockData {
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n)) ?? UUID() }

    static let requestID = id(1)
    static let unitID = id(2)
    static let categoryID = id(3)
    static let projectID = id(4)
    static let userID = id(5)
    static let fileID = id(6)
    static let questionnaireID = id(7)
    /// 2026-02-09 10:00 Bangkok, the tests' frozen clock.
    static let now = Date(timeIntervalSince1970: 1_770_606_000)
    static let csrf = "mock-csrf-token"
    static let agencyName = "สำนักงานสาธารณสุขจังหวัดชลบุรี"
    static let unitName = "กลุ่มงานสุขภาพดิจิทัล"
    static let dateTime = ThaiDateFormat.long(now, digits: .arabic, showsTime: true)
    static let date = ThaiDateFormat.long(now, digits: .arabic)

    /// A unit head who also administers the system, so the mock shell shows most of the menu.
    static let user = User(
        id: userID, username: "decha", displayName: "นายเดชา รักจรรยาบรรณ", position: "นักวิชาการคอมพิวเตอร์ชำนาญการ",
        unitID: unitID, roles: [.staff, .unitHead, .administrator], passwordHash: "", mustChangePassword: false)

    static let agency = AgencyProfile(
        configured: true, nameTh: agencyName, nameEn: "Chonburi Provincial Public Health Office", shortName: "สสจ.ชลบุรี",
        parentOrganisation: "สำนักงานปลัดกระทรวงสาธารณสุข", address: "ถนนวิเวกรังสรรค์ อำเภอเมืองชลบุรี จังหวัดชลบุรี 20000",
        phone: "0 3828 5511", fax: "0 3827 4860", email: "info@example.org", officeHours: "จันทร์–ศุกร์ 08.30–16.30 น.",
        mapURL: "https://www.openstreetmap.org/?mlat=13.3611&mlon=100.9847", latitude: 13.3611, longitude: 100.9847,
        social: .init(facebook: "https://www.facebook.com/example", line: nil, youtube: nil), logoIsSVG: false)

    static let nav: [SiteContext.NavItem] = [
        .init(nameTh: "ข่าวประชาสัมพันธ์", path: PublicRoute.category("news").path),
        .init(nameTh: "ข้อมูลพื้นฐาน", path: PublicRoute.category("about").path),
        .init(nameTh: "การจัดซื้อจัดจ้าง", path: PublicRoute.category("procurement").path)
    ]

    static var userView: SiteContext.UserView {
        .init(
            username: user.username, displayName: user.displayName, roles: user.roles.sorted().map(\.thaiName),
            isAdministrator: true, isStaffMember: true)
    }

    /// Counts in the mock shell, by the place each lists its requests.
    static let waiting: [String: Int] = [
        PublishingRoute.desk.path + "#inbox-approval": 3,
        PublishingRoute.desk.path + "#inbox-returned": 1
    ]
}

extension SiteContext {
    /// The public layout's context for a visitor (no sign-out form, no token).
    static var mockPublic: SiteContext {
        SiteContext(agency: MockData.agency, nav: MockData.nav, user: nil, csrf: "", flash: nil, today: MockData.date)
    }

    /// The staff shell's context for `MockData.user` on `path`, with `page`'s breadcrumbs.
    static func mockStaff(path: String, page: Any) -> SiteContext {
        let staff = StaffShellView.build(for: MockData.user, path: path, breadcrumbs: (page as? any HasBreadcrumbs)?.breadcrumbs ?? []) {
            MockData.waiting[$0.path]
        }
        return SiteContext(
            agency: MockData.agency, nav: MockData.nav, user: MockData.userView, csrf: MockData.csrf,
            flash: nil, today: MockData.date, staff: staff)
    }
}

extension RequestSummary {
    static func mock(_ n: Int, title: String, state: RequestState, urgent: Bool = false) -> RequestSummary {
        RequestSummary(
            id: MockData.id(100 + n).lowercased, path: PublishingRoute.request(MockData.id(100 + n)).path, title: title,
            state: state.rawValue, stateName: state.thaiName, unitName: MockData.unitName, authorName: "นางสาวสุดา ใจดี",
            categoryName: "ข่าวประชาสัมพันธ์", urgent: urgent, revision: 1, updated: MockData.dateTime,
            expires: state == .published ? ThaiDateFormat.long(MockData.now.addingTimeInterval(10 * 86_400), digits: .arabic, showsTime: true) : nil)
    }

    static let mockList: [RequestSummary] = [
        .mock(1, title: "ประชาสัมพันธ์การรับบริจาคโลหิต ประจำเดือนกุมภาพันธ์ 2569", state: .submitted),
        .mock(2, title: "แจ้งเตือนด่วน งดใช้น้ำประปาชั่วคราว อาคารผู้ป่วยนอก", state: .submitted, urgent: true),
        .mock(3, title: "ประกาศผลการคัดเลือกบุคคลเพื่อจ้างเป็นลูกจ้างชั่วคราว", state: .published)
    ]
}

extension EmptyBody {
    static var mock: EmptyBody { EmptyBody() }
}
