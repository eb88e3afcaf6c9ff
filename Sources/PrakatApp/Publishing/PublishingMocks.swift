import Foundation
import PrakatCore

// Mock page models of the public site and the publishing pages (see `PageMocks.swift`).

extension PublicSiteRoutes.ItemSummary {
    static func mock(_ n: Int, _ title: String, category: String = "ข่าวประชาสัมพันธ์") -> Self {
        Self(
            title: title, path: PublicRoute.item(n).path, date: MockData.date, isoDate: "2026-02-09",
            excerpt: "สำนักงานสาธารณสุขจังหวัดชลบุรีขอเชิญชวนประชาชนที่มีสุขภาพแข็งแรงร่วมบริจาคโลหิต ณ หอประชุมชั้น 2 ตั้งแต่เวลา 08.30 น.",
            categoryName: category, urgent: n == 2, archived: false)
    }

    static let mockList: [Self] = [
        .mock(1, "ขอเชิญร่วมบริจาคโลหิต ประจำเดือนกุมภาพันธ์ 2569"),
        .mock(2, "แจ้งเตือนด่วน งดใช้น้ำประปาชั่วคราว อาคารผู้ป่วยนอก"),
        .mock(3, "ประกาศผู้ชนะการเสนอราคา จัดซื้อเครื่องคอมพิวเตอร์ 20 เครื่อง", category: "การจัดซื้อจัดจ้าง")
    ]
}

extension PublicSiteRoutes.OpenGraph {
    static func mock(_ title: String, path: String) -> Self {
        Self(
            title: title, description: "ข้อมูลข่าวสารของสำนักงานสาธารณสุขจังหวัดชลบุรี", url: "https://prakat.example" + path,
            type: "website", siteName: MockData.agencyName)
    }
}

extension PublicSiteRoutes.HomeBody {
    static var mock: Self {
        Self(
            blocks: [
                Block(nameTh: "ข่าวประชาสัมพันธ์", path: PublicRoute.category("news").path, items: Array(PublicSiteRoutes.ItemSummary.mockList.prefix(2))),
                Block(nameTh: "การจัดซื้อจัดจ้าง", path: PublicRoute.category("procurement").path, items: [PublicSiteRoutes.ItemSummary.mockList[2]])
            ],
            sections: [
                Section(
                    nameTh: "ข้อมูลพื้นฐาน", clause: "1", path: PublicRoute.category("about").path,
                    children: [
                        .init(nameTh: "ประวัติความเป็นมา", path: PublicRoute.category("history").path),
                        .init(nameTh: "โครงสร้างหน่วยงาน", path: PublicRoute.category("structure").path)
                    ])
            ],
            showcase: .mock, og: .mock(MockData.agencyName, path: PublicRoute.home.path), searchPath: PublicRoute.search(nil).path,
            rssPath: PublicRoute.feed(nil, .rss).path, atomPath: PublicRoute.feed(nil, .atom).path, itaPath: ComplianceRoute.publicIndex.path)
    }
}

extension PublicSiteRoutes.CategoryBody {
    static var mock: Self {
        Self(
            nameTh: "ข่าวประชาสัมพันธ์", nameEn: "News", clause: "1.8", parent: nil, children: [],
            items: PublicSiteRoutes.ItemSummary.mockList, paging: .init(page: 1, pages: 2, total: 23, previous: nil, next: PublicRoute.category("news").path + "?page=2"),
            isArchive: false, archivePath: PublicRoute.archive("news").path, categoryPath: PublicRoute.category("news").path,
            rssPath: PublicRoute.feed("news", .rss).path, atomPath: PublicRoute.feed("news", .atom).path, years: [], og: .mock("ข่าวประชาสัมพันธ์", path: "/c/news"))
    }
}

extension PublicSiteRoutes.ItemBody {
    static var mock: Self {
        Self(
            number: 1, title: "ขอเชิญร่วมบริจาคโลหิต ประจำเดือนกุมภาพันธ์ 2569",
            bodyHTML: "<p>สำนักงานสาธารณสุขจังหวัดชลบุรีร่วมกับเหล่ากาชาดจังหวัดชลบุรี ขอเชิญชวนประชาชนร่วมบริจาคโลหิต</p><ul><li>วันที่ 20 กุมภาพันธ์ 2569</li><li>เวลา 08.30–15.00 น.</li></ul>",
            published: MockData.date, publishedISO: "2026-02-09T10:00:00+07:00", updated: MockData.date,
            expires: "11 มีนาคม 2569", sourceName: "เหล่ากาชาดจังหวัดชลบุรี", sourceDate: "5 กุมภาพันธ์ 2569",
            links: ["https://www.redcross.or.th/"],
            files: [.init(fileName: "กำหนดการรับบริจาคโลหิต.pdf", kindName: "PDF", size: "182.4 KB", path: PublicRoute.itemFile(1, MockData.fileID).path)],
            cover: .mock("ผู้บริจาคโลหิตนั่งเรียงแถวที่หอประชุมสำนักงาน", credit: "กลุ่มงานสื่อสารองค์กร"),
            photos: [.mock("เจ้าหน้าที่เหล่ากาชาดตรวจความดันโลหิตผู้บริจาค", credit: nil)],
            categoryName: "ข่าวประชาสัมพันธ์", categoryPath: PublicRoute.category("news").path, unitName: MockData.unitName,
            urgent: false, archived: false, og: .mock("ขอเชิญร่วมบริจาคโลหิต", path: "/p/1"),
            shareFacebook: "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fprakat.example%2Fp%2F1",
            shareLine: "https://social-plugins.line.me/lineit/share?url=https%3A%2F%2Fprakat.example%2Fp%2F1")
    }
}

extension PublicSiteRoutes.GoneBody {
    static var mock: Self {
        Self(
            title: "ประกาศรับสมัครลูกจ้างชั่วคราว ตำแหน่งพนักงานขับรถยนต์", notice: "ข้อมูลนี้สิ้นสุดการเผยแพร่แล้ว",
            reason: "ครบกำหนดระยะเวลาเผยแพร่", endedAt: MockData.date, categoryPath: PublicRoute.category("news").path, categoryName: "ข่าวประชาสัมพันธ์")
    }
}

extension PublicSiteRoutes.SearchBody {
    static var mock: Self {
        Self(
            query: "บริจาคโลหิต", items: [PublicSiteRoutes.ItemSummary.mockList[0]],
            paging: .init(page: 1, pages: 1, total: 1, previous: nil, next: nil), searched: true, tooShort: false,
            found: PublishingText.searchFound(1, reachedLimit: false))
    }
}

extension ErrorPageMiddleware.ErrorBody {
    static var mock: Self { Self(status: 404, heading: SupportText.notFoundTitle, detail: SupportText.notFoundDetail, showLogin: false) }
}

extension PublishingRoutes.DeskBody {
    static var mock: Self {
        let list = RequestSummary.mockList
        return Self(
            displayName: MockData.user.displayName, position: MockData.user.position, unitName: MockData.unitName,
            roles: MockData.userView.roles, unitHeadMissing: false, canCreate: true,
            myDrafts: [.mock(4, title: "ร่าง ประชาสัมพันธ์กิจกรรมวันเด็กแห่งชาติ", state: .draft)],
            returnedToMe: [.mock(5, title: "รายงานผลการดำเนินงานไตรมาสที่ 1", state: .returned)],
            mySubmitted: [list[2]], awaitingMyApproval: [list[0], list[1], .mock(6, title: "ตารางเวรแพทย์ เดือนมีนาคม 2569", state: .submitted)],
            awaitingPublication: [], awaitingMyPermission: [], isAgencyHead: false, urgentAwaitingApproval: [], expiringSoon: [],
            showsPublisherInbox: false, showsWebmasterInbox: false, isHead: true,
            newRequestPath: PublishingRoute.requestNew.path, requestsPath: PublishingRoute.requests.path, webmasterShortage: false)
    }
}

extension PublishingRoutes.ListBody {
    static var mock: Self {
        Self(
            requests: RequestSummary.mockList,
            states: RequestState.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: $0 == .submitted) }, query: "")
    }
}

extension CategoryOption {
    static let mockList: [CategoryOption] = [
        CategoryOption(
            id: MockData.categoryID.lowercased, label: "ข่าวประชาสัมพันธ์", selected: true, requiresSource: false,
            requiresSourceDate: false, requiresExpiry: true, defaultDays: 30),
        CategoryOption(
            id: MockData.id(31).lowercased, label: "— ข่าวจัดซื้อจัดจ้าง", selected: false, requiresSource: true,
            requiresSourceDate: true, requiresExpiry: false, defaultDays: nil)
    ]
}

extension PublishingRoutes.FormBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("details", PublishingText.detailsRequired)
        return Self(
            action: PublishingRoute.requestCreate.path, isNew: true, version: 0,
            form: PublishingRoutes.FormValues(title: "ขอเชิญร่วมบริจาคโลหิต ประจำเดือนกุมภาพันธ์ 2569", expireAt: "2026-03-11T16:30"),
            categories: CategoryOption.mockList,
            checklist: [ChecklistOption(id: MockData.id(41).lowercased, label: "1.8 ข่าวประชาสัมพันธ์", selected: true)],
            checklistMissing: nil, checklistsPath: ComplianceRoute.checklists.path,
            errors: errors, titleMax: 200, unitName: MockData.unitName, cancelPath: PublishingRoute.desk.path, urgentHours: 24)
    }
}

extension PublishingRoutes.ShowBody {
    static var mock: Self {
        let id = MockData.requestID
        let summary = RequestSummary.mock(1, title: "ขอเชิญร่วมบริจาคโลหิต ประจำเดือนกุมภาพันธ์ 2569", state: .submitted)
        return Self(
            request: summary, version: 3, details: "ขอเชิญชวนประชาชนร่วมบริจาคโลหิต วันที่ 20 กุมภาพันธ์ 2569",
            detailsHTML: "<p>ขอเชิญชวนประชาชนร่วมบริจาคโลหิต วันที่ 20 กุมภาพันธ์ 2569</p>", links: ["https://www.redcross.or.th/"],
            note: "ขอเผยแพร่ในหน้าแรก", sourceName: nil, sourceDate: nil, requestDate: MockData.date, publishAt: nil,
            expiryText: "11 มีนาคม 2569 16:30 น.", publishAtInput: "", expireAtInput: "2026-03-11T16:30", stateReason: nil,
            fiscalLabel: "ปีงบประมาณ 2569 ไตรมาสที่ 2", provider: "นางสาวสุดา ใจดี", approver: MockData.user.displayName,
            approvedAt: nil, publisher: nil, publishedAt: nil, publicPath: nil, publicStatus: nil, urgentDeadline: nil,
            attachments: [
                AttachmentView(
                    id: MockData.fileID.lowercased, fileName: "กำหนดการรับบริจาคโลหิต.pdf", kindName: "PDF",
                    size: "182.4 KB", sha256: String(repeating: "3f2a", count: 16),
                    path: PublishingRoute.requestFile(id, MockData.fileID).path, removePath: nil, entries: []),
                AttachmentView(
                    id: MockData.fileID.lowercased, fileName: "บรรยากาศการรับบริจาค.jpg", kindName: "รูปภาพ JPEG",
                    size: "1.2 MB", sha256: String(repeating: "9c1b", count: 16),
                    path: PublishingRoute.requestFile(id, MockData.fileID).path, removePath: nil, entries: [],
                    alt: "ผู้บริจาคโลหิตนั่งเรียงแถวที่หอประชุมสำนักงาน", credit: "กลุ่มงานสื่อสารองค์กร")
            ],
            history: [
                EventView(
                    action: "submit", actionName: RequestAction.submit.thaiName, actorName: "นางสาวสุดา ใจดี",
                    at: MockData.dateTime, reason: nil, address: "10.0.0.15")
            ],
            checklist: ["1.8 ข่าวประชาสัมพันธ์"],
            reference: RequestReference.text(fiscalYear: 2569, id: id), checklistTagsPath: nil,
            actions: [
                ActionButton(
                    action: "approve", label: RequestAction.approve.thaiName, path: PublishingRoute.requestAction(id, .approve).path,
                    needsReason: false, isPublish: false, danger: false),
                ActionButton(
                    action: "return", label: RequestAction.returnToAuthor.thaiName,
                    path: PublishingRoute.requestAction(id, .returnToAuthor).path, needsReason: true, isPublish: false, danger: false)
            ],
            canEdit: false, editPath: PublishingRoute.requestEdit(id).path, attachPath: PublishingRoute.requestAttachments(id).path,
            revisePath: nil, printFormPath: PublishingRoute.printForm(id).path, printMemoPath: PublishingRoute.printMemo(id).path,
            formPDFPath: PublishingRoute.printFormPDF(id).path, memoPDFPath: PublishingRoute.printMemoPDF(id).path,
            revisions: [], maxUploadSize: "20 MB", acceptedTypes: ".pdf,.docx,.xlsx,.jpg,.png,.zip", uploadError: nil,
            uploadAlt: "", uploadCredit: "", uploadAltError: nil)
    }
}

extension CategoryRoutes.ListBody {
    static var mock: Self {
        Self(
            rows: [
                .init(
                    nameTh: "ข่าวประชาสัมพันธ์", slug: "news", isChild: false, rules: ["ต้องมีวันสิ้นสุด", "เผยแพร่ 30 วันโดยปริยาย"],
                    path: PublishingRoute.category(MockData.categoryID).path, publicPath: PublicRoute.category("news").path),
                .init(
                    nameTh: "ข่าวจัดซื้อจัดจ้าง", slug: "procurement-news", isChild: true, rules: ["ต้องระบุแหล่งที่มาและวันที่"],
                    path: PublishingRoute.category(MockData.id(31)).path, publicPath: PublicRoute.category("procurement-news").path)
            ], newPath: PublishingRoute.categoryNew.path)
    }
}

extension CategoryRoutes.FormBody {
    static var mock: Self {
        Self(
            action: PublishingRoute.categoryUpdate(MockData.categoryID).path, isNew: false, slug: "news", nameTh: "ข่าวประชาสัมพันธ์",
            nameEn: "News", position: "1", defaultDays: "30", reviewIntervalDays: "", inNavigation: true, requiresSource: false, requiresSourceDate: false,
            requiresExpiry: true, parents: [Option(value: "", label: "— ไม่มี (หมวดหลัก)", selected: true)],
            policies: [
                Option(value: "archive", label: "ย้ายไปคลังข้อมูลย้อนหลัง", selected: true),
                Option(value: "hide", label: "ไม่แสดงต่อสาธารณะ", selected: false)
            ],
            errors: FormErrors(), cancelPath: PublishingRoute.categories.path)
    }
}

extension PhotoView {
    static func mock(_ alt: String, credit: String?) -> Self {
        let attachment = Attachment()
        attachment.id = MockData.fileID
        attachment.altText = alt
        attachment.credit = credit
        attachment.width = 1600
        attachment.height = 1200
        let original = PublicRoute.itemFile(1, MockData.fileID).path
        let variants = PhotoSizes.widths.map { width in
            let variant = PhotoVariant()
            variant.width = width
            variant.height = PhotoSizes.height(forWidth: width, displayWidth: 1600, displayHeight: 1200)
            return variant
        }
        return PhotoView(
            attachment: attachment, variants: variants, original: original, copyPath: { PublicRoute.itemPhoto(1, MockData.fileID, $0).path },
            baseURL: "https://prakat.example", fallbackAlt: "")
    }
}
