import Foundation
import PrakatCore

extension HomeShowcase.Content {
    static var mock: Self {
        let sha = String(repeating: "ab", count: 32)
        return Self(
            banners: [
                .init(
                    alt: "เชิญชวนกลุ่มเสี่ยง ๗ กลุ่ม รับวัคซีนไข้หวัดใหญ่ฟรี ที่ รพ.สต. ทุกแห่ง", caption: nil, link: PublicRoute.category("news").path,
                    picture: .init(
                        src: HomeContentRoute.imageCopy(sha, PhotoSizes.narrow).path,
                        srcset: "\(HomeContentRoute.imageCopy(sha, PhotoSizes.narrow).path) 480w, \(HomeContentRoute.image(sha).path) 1200w", width: 480,
                        height: 160))
            ],
            quickLinks: HomeContentText.defaultQuickLinks.map { .init(label: $0.label, link: $0.path) },
            executives: [
                .init(name: "นายแพทย์สมชาย ใจดี", position: "นายแพทย์สาธารณสุขจังหวัดชลบุรี", picture: nil),
                .init(
                    name: "นางสาวสุดา รักษ์ดี", position: "รองนายแพทย์สาธารณสุขจังหวัดชลบุรี",
                    picture: .init(src: HomeContentRoute.image(sha).path, srcset: nil, width: 300, height: 400))
            ], nextChange: nil, lastModified: Date(timeIntervalSince1970: 0))
    }
}

extension HomeContentPages.OverviewBody {
    static var mock: Self {
        let id = MockData.requestID
        return Self(
            intro: HomeContentText.intro,
            sections: HomeEntryKind.allCases.map { kind in
                .init(
                    kind: kind.segment, title: HomeContentText.sectionTitle(kind), addLabel: HomeContentText.addTitle(kind),
                    addPath: HomeContentRoute.new(kind).path, empty: HomeContentText.empty(kind),
                    rows: kind == .executive
                        ? []
                        : [
                            .init(
                                title: kind == .banner ? "เชิญชวนรับวัคซีนไข้หวัดใหญ่ฟรี" : "บริการออนไลน์ (e-Service)", detail: nil, link: "/c/e-service",
                                thumb: kind == .banner ? HomeContentRoute.image(String(repeating: "ab", count: 32)).path : nil,
                                period: "9 ก.พ. 2569 10:00 น. ถึง 31 มี.ค. 2569 16:30 น.", status: HomeContentText.statusLive, live: true,
                                editPath: HomeContentRoute.edit(id).path, removePath: HomeContentRoute.remove(id).path,
                                movePath: HomeContentRoute.move(id).path, canMoveUp: false, canMoveDown: false)
                        ])
            }, homePath: PublicRoute.home.path)
    }
}

extension HomeContentPages.FormBody {
    static var mock: Self {
        Self(
            kind: HomeEntryKind.banner.segment, action: HomeContentRoute.create(.banner).path, isNew: true,
            values: ["title": "", "subtitle": "", "link": "https://", "alt": "", "startsAt": "", "endsAt": "2026-03-31T16:30"],
            errors: MockData.bannerErrors, imagePath: nil, chooseImageAgain: true, cancelPath: HomeContentRoute.overview.path)
    }
}

extension MockData {
    static var bannerErrors: FormErrors {
        var errors = FormErrors()
        errors.add("alt", HomeContentText.altRequired)
        errors.add("link", HomeContentText.linkInvalid)
        return errors
    }
}
