import Foundation
import LeafKit
import PrakatCore
import Testing

@testable import PrakatApp

/// The view models that build their template values directly (`LeafFields`) must give a template
/// exactly what their `Encodable` conformance gives Leaf's encoder: every field, under its coding
/// name, nil optionals left out. Each is checked with every optional set and with none.
@Suite("Views: template values built directly")
struct LeafValuesTests {
    /// A value as `Encodable` lays it out, read back from JSON into the shape Leaf's encoder makes
    /// (keyed → dictionary, unkeyed → list, a number without a fraction → Int).
    enum Encoded: Decodable {
        case bool(Bool), int(Int), double(Double), string(String), list([Encoded]), dictionary([String: Encoded])

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let value = try? single.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? single.decode(Int.self) {
                self = .int(value)
            } else if let value = try? single.decode(Double.self) {
                self = .double(value)
            } else if let value = try? single.decode(String.self) {
                self = .string(value)
            } else if let value = try? single.decode([Encoded].self) {
                self = .list(value)
            } else {
                self = .dictionary(try single.decode([String: Encoded].self))
            }
        }

        var leafData: LeafData {
            switch self {
            case .bool(let value): .bool(value)
            case .int(let value): .int(value)
            case .double(let value): .double(value)
            case .string(let value): .string(value)
            case .list(let values): .array(values.map(\.leafData))
            case .dictionary(let values): .dictionary(values.mapValues(\.leafData))
            }
        }
    }

    static func encoded(_ value: some Encodable) throws -> LeafData {
        try JSONDecoder().decode(Encoded.self, from: try JSONEncoder().encode(value)).leafData
    }

    static func expectSame<Value: Encodable & LeafDataRepresentable>(_ value: Value, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let direct = value.leafData
        let viaEncodable = try Self.encoded(value)
        #expect(direct == viaEncodable, "\(Value.self)", sourceLocation: sourceLocation)
        // Something to compare: a dictionary of the type's fields, not an empty or nil value.
        #expect((direct.dictionary?.count ?? 0) > 0, sourceLocation: sourceLocation)
    }

    typealias Summary = PublicSiteRoutes.ItemSummary

    static let cover = PublicSiteRoutes.Cover(src: "/p/12/photos/a/320", width: 320, height: 213)
    static let summary = Summary(
        title: "ประกาศรับสมัคร <ลูกจ้าง> & \"พนักงาน\"", path: "/p/12", date: "7 ธันวาคม 2569", isoDate: "2026-12-07T08:00:00+07:00",
        excerpt: "สำนักงานสาธารณสุขจังหวัด…", categoryName: "ข่าวประชาสัมพันธ์", urgent: true, archived: false, cover: cover)

    @Test func anItemSummaryAndItsCover() throws {
        try Self.expectSame(Self.summary)
        var bare = Self.summary
        bare.cover = nil
        bare.urgent = false
        bare.archived = true
        try Self.expectSame(bare)
        try Self.expectSame(Self.cover)
    }

    @Test func theHomePagesBlocksAndSections() throws {
        typealias Home = PublicSiteRoutes.HomeBody
        try Self.expectSame(Home.Block(nameTh: "ข่าว", path: "/c/news", items: [Self.summary, Self.summary]))
        try Self.expectSame(Home.Block(nameTh: "ประกาศ", path: "/c/announcements", items: []))
        let children = [SiteContext.NavItem(nameTh: "ประวัติ", path: "/c/history"), .init(nameTh: "โครงสร้าง", path: "/c/structure")]
        try Self.expectSame(Home.Section(nameTh: "ข้อมูลพื้นฐาน", clause: "1.1", path: "/c/about", children: children))
        try Self.expectSame(Home.Section(nameTh: "อื่น ๆ", clause: nil, path: "/c/other", children: []))
    }

    @Test func theFrameEveryPageWears() throws {
        try Self.expectSame(SiteContext.NavItem(nameTh: "ข่าว", path: "/c/news"))
        try Self.expectSame(SiteContext.Links())
        try Self.expectSame(VisitorFooter(VisitorSnapshot(figures: VisitorFigures(today: 1_234, month: 56_789, fiscalYear: 123_456, total: 9_876_543))))
        let full = AgencyProfile(
            configured: true, nameTh: "สำนักงานสาธารณสุขจังหวัดชลบุรี", nameEn: "Chon Buri Provincial Public Health Office", shortName: "สสจ.ชลบุรี",
            parentOrganisation: "สำนักงานปลัดกระทรวงสาธารณสุข", address: "ถนนวชิรปราการ", phone: "038 931 000", fax: "038 931 001",
            email: "info@example.go.th", officeHours: "จันทร์–ศุกร์ 08:30–16:30", mapURL: "https://maps.example/chonburi", latitude: 13.3611,
            longitude: 100.9847, social: .init(facebook: "https://facebook.example/x", line: "https://line.example/x", youtube: "https://youtube.example/x"),
            logoPath: "/agency/logo/abc", logoIsSVG: true, themeColour: "#0a5c36")
        #expect(full.themePath != nil)
        try Self.expectSame(full)
        try Self.expectSame(full.social)
        try Self.expectSame(AgencyProfile.notConfigured)
        try Self.expectSame(AgencyProfile.notConfigured.social)
    }
}
