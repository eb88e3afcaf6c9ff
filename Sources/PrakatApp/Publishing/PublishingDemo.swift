import Fluent
import Foundation
import PrakatCore
import Vapor

/// Demo content on first start (issue 3 §8): seed 1's own documents and a dozen realistic items,
/// every one taken through the real workflow by the demo people (staff submits, the head
/// approves, the uploader publishes), some scheduled, some urgent, some already expired, so a
/// new user sees every state. Past items are made with the service's clock set back to their
/// dates; the audit trail still records the real time it was written.
struct PublishingDemo {
    let app: Application

    struct Item {
        var category: String
        var title: String
        var body: String
        /// Days relative to now when it was requested and published (negative = in the past).
        var publishedDaysAgo: Double
        var periodDays: Double?
        var source: (String, String)? = nil
        var urgent = false
        var checklist: [String] = []
        var attachment: String? = nil
        /// Activity photos: their text alternatives (the pictures are drawn by `DemoFiles.photo`).
        var photos: [String] = []
        /// How far it gets: "draft", "submitted", "returned", "approved", "published", "urgent".
        var stage = "published"
        var scheduledInDays: Double? = nil
    }

    static let seedOneDate = CalendarDate(year: 2026, month: 2, day: 9)!

    /// The demo runs today: when the data file's MOPH-MOIT year is over, the demo agency copies it
    /// to the current fiscal year, as a webmaster would at `/staff/ita`.
    static func copyChecklistToCurrentYear(_ app: Application, now: Date) async throws {
        let year = FiscalYear.containing(now).beYear
        let service = app.checklists
        guard try await Checklist.query(on: app.db).filter(\.$framework == "MOPH-MOIT").filter(\.$fiscalYear == year).first() == nil,
            let latest = try await Checklist.query(on: app.db).filter(\.$framework == "MOPH-MOIT").filter(\.$fiscalYear < year)
                .sort(\.$fiscalYear, .descending).first()
        else { return }
        _ = try await service.copy(latest, to: year, renumber: [:], actor: .system("demo"))
    }

    func seed() async throws {
        let users = try await User.query(on: app.db).all()
        func user(_ name: String) -> User? { users.first { $0.username == name } }
        guard let staff = user("supassara"), let head = user("decha"), let uploader = user("uploader"), let webmaster = user("webmaster") else { return }
        let categories = try await SiteCategory.query(on: app.db).all()
        let now = app.clock.now()
        try await Self.copyChecklistToCurrentYear(app, now: now)
        let checklist = try await ChecklistItem.query(on: app.db).filter(\.$framework == "MOPH-MOIT").all()
        // Seed 1's form is dated ๙ กุมภาพันธ์ ๒๕๖๙; before that date (tests with an early clock) use a week ago.
        let seedDay = min(Self.seedOneDate.startInBangkok.addingTimeInterval(10 * 3600), now.addingTimeInterval(-7 * 86_400))
        let seedDaysAgo = now.timeIntervalSince(seedDay) / 86_400

        for item in Self.items(seedDaysAgo: seedDaysAgo) {
            guard let category = categories.first(where: { $0.slug == item.category }) else { continue }
            let start = now.addingTimeInterval(-item.publishedDaysAgo * 86_400)
            let clock = FixedClock(start)
            let service = PublishingService(
                db: app.db, writer: app.writer, audit: app.audit, clock: clock, config: app.prakat, siteVersion: app.siteVersion, notifier: app.notifier,
                thumbnailer: app.thumbnailer)
            // Evidence for the checklist of the year the item is published in.
            let year = FiscalYear.containing(CalendarDate.bangkok(containing: item.scheduledInDays.map { now.addingTimeInterval($0 * 86_400) } ?? start)).beYear
            let tags = checklist.filter { item.checklist.contains($0.code) && $0.fiscalYear == year }.compactMap(\.id)
            let input = RequestInput(
                categoryID: category.id, title: item.title, details: item.body, externalLinks: [], note: nil,
                sourceName: item.source?.0, sourceDate: item.source.flatMap { CalendarDate(iso: $0.1) },
                publishAt: item.scheduledInDays.map { now.addingTimeInterval($0 * 86_400) },
                expireAt: item.periodDays.map { start.addingTimeInterval($0 * 86_400) }.map { max($0, start.addingTimeInterval(3600)) },
                urgent: item.urgent, checklistItemIDs: tags)
            var request = try await service.create(input, by: staff, actor: actor(staff))
            let id = try request.requireID()
            if let name = item.attachment {
                _ = try await service.attach(fileName: name, data: DemoFiles.pdf(title: item.title), to: id, by: staff, actor: actor(staff))
            }
            for (index, alt) in item.photos.enumerated() {
                _ = try await service.attach(
                    fileName: "ภาพกิจกรรม-\(index + 1).png", data: DemoFiles.photo(index), to: id, by: staff, actor: actor(staff),
                    description: PhotoDescription(alt: alt, credit: "กลุ่มงานสุขภาพดิจิทัล"), logger: app.logger)
            }
            if item.stage == "draft" { continue }
            clock.advance(by: 600)
            request = try await service.perform(.submit, on: id, expectedVersion: nil, reason: nil, by: staff, actor: actor(staff))
            if item.stage == "submitted" { continue }
            clock.advance(by: 1800)
            if item.stage == "returned" {
                _ = try await service.perform(
                    .returnToAuthor, on: id, expectedVersion: nil,
                    reason: "กรุณาแนบไฟล์ประกาศฉบับลงนามแล้ว และระบุวันสิ้นสุดการรับสมัคร", by: head, actor: actor(head))
                continue
            }
            if item.stage == "urgent" {
                _ = try await service.perform(.publish, on: id, expectedVersion: nil, reason: nil, by: webmaster, actor: actor(webmaster))
                continue
            }
            _ = try await service.perform(.approve, on: id, expectedVersion: nil, reason: nil, by: head, actor: actor(head))
            if item.stage == "approved" { continue }
            clock.advance(by: 1800)
            _ = try await service.perform(.publish, on: id, expectedVersion: nil, reason: nil, by: uploader, actor: actor(uploader))
        }
        // Items whose period has already ended are recorded as taken down, as the server would have done.
        try await ExpiryJob(app: app).run()
        try await seedHomePage(by: webmaster)
    }

    /// A campaign banner and the executives, as the demo agency's webmaster would put them.
    private func seedHomePage(by webmaster: User) async throws {
        let service = HomeContentService(
            db: app.db, writer: app.writer, audit: app.audit, siteVersion: app.siteVersion, clock: app.clock, thumbnailer: app.thumbnailer)
        let entries: [(HomeEntryKind, HomeEntryInput)] = [
            (
                .banner,
                HomeEntryInput(
                    link: "/c/news", alt: "รณรงค์ฉีดวัคซีนไข้หวัดใหญ่ตามฤดูกาล ปี ๒๕๖๙ ฟรีสำหรับกลุ่มเสี่ยง ๗ กลุ่ม ที่ รพ.สต. ทุกแห่ง",
                    image: ("วัคซีน.png", DemoFiles.photo(3, width: 1600, height: 500)))
            ),
            (.executive, HomeEntryInput(title: "นายแพทย์ประวิทย์ สุขใจ", subtitle: "นายแพทย์สาธารณสุขจังหวัดชลบุรี", image: ("ผู้บริหาร.png", DemoFiles.photo(4, width: 300, height: 400)))),
            (.executive, HomeEntryInput(title: "นางสาวอรวรรณ ศรีสุข", subtitle: "รองนายแพทย์สาธารณสุขจังหวัดชลบุรี"))
        ]
        for (kind, input) in entries {
            guard case .success(let checked) = await service.check(input, kind: kind, existing: nil, logger: app.logger) else { continue }
            _ = try await service.create(kind, checked, actor: actor(webmaster))
        }
    }

    private func actor(_ user: User) -> AuditActor {
        AuditActor(userID: user.id, name: user.username, address: "demo")
    }

    static func items(seedDaysAgo: Double) -> [Item] {
        [
            // Seed 1's own documents (MOIT 1's evidence): the announcement, the framework, the form.
            Item(
                category: "announcements", title: "ประกาศสำนักงานสาธารณสุขจังหวัดชลบุรี เรื่อง แนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน พ.ศ. ๒๕๖๗",
                body: """
                    ตามพระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐ มาตรา ๙ กำหนดให้หน่วยงานของรัฐต้องจัดให้มีข้อมูลข่าวสารของราชการไว้ให้ประชาชนเข้าตรวจดูได้ สำนักงานสาธารณสุขจังหวัดชลบุรีจึงกำหนดแนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน ดังนี้

                    ## ๑. ข้อมูลที่ต้องเผยแพร่
                    - ๑.๑ ข้อมูลหน่วยงาน ประวัติ วิสัยทัศน์ พันธกิจ โครงสร้าง ผู้บริหาร อำนาจหน้าที่ ยุทธศาสตร์ แผนปฏิบัติราชการ และช่องทางการติดต่อ
                    - ๑.๒ กฎหมาย ระเบียบ ข้อบังคับ โดยแสดงที่มาของข้อมูลอย่างชัดเจน
                    - ๑.๓ คลังความรู้ โดยอ้างอิงแหล่งที่มาและวัน เวลา
                    - ๑.๘ ข่าวประชาสัมพันธ์ ประกาศรับสมัครงาน ประกาศจัดซื้อจัดจ้าง
                    - ๑.๑๐ สถิติการเข้าใช้บริการเว็บไซต์และความพึงพอใจ

                    ## ๒. ขั้นตอนการเผยแพร่
                    กลุ่มงานเจ้าของข้อมูลยื่นแบบฟอร์มการขอเผยแพร่ข้อมูล หัวหน้ากลุ่มงานอนุมัติ ผู้ได้รับมอบสิทธิ์นำขึ้นเผยแพร่ และผู้ดูแลเว็บไซต์ (Web Master) ตรวจสอบความเป็นปัจจุบันของข้อมูล นำออกเมื่อครบระยะเวลา

                    ประกาศ ณ วันที่ ๑๑ ธันวาคม พ.ศ. ๒๕๖๗
                    """,
                publishedDaysAgo: seedDaysAgo, periodDays: nil, checklist: ["MOIT1"], attachment: "ประกาศแนวทางการเผยแพร่ข้อมูล พ.ศ. ๒๕๖๗.pdf"),
            Item(
                category: "operating-manuals", title: "ขั้นตอนการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของสำนักงานสาธารณสุขจังหวัดชลบุรี",
                body: """
                    1. กลุ่มงานเจ้าของข้อมูลจัดทำข้อมูลและกรอกแบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์
                    2. หัวหน้ากลุ่มงานพิจารณาอนุมัติรับรอง
                    3. ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่ นำข้อมูลขึ้นเว็บไซต์ผ่านบัญชีที่กลุ่มงานสุขภาพดิจิทัลมอบสิทธิ์ให้
                    4. ผู้ดูแลเว็บไซต์ตรวจสอบความเป็นปัจจุบันและความครบถ้วน นำออกเมื่อครบระยะเวลา
                    5. กรณีเร่งด่วน นำขึ้นเผยแพร่ก่อนได้ แล้วขออนุมัติย้อนหลังภายในเวลาที่กำหนด
                    """,
                publishedDaysAgo: seedDaysAgo, periodDays: nil, checklist: ["MOIT1"], attachment: "ขั้นตอนการเผยแพร่ข้อมูล.pdf"),
            Item(
                category: "citizen-manuals", title: "แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์ของหน่วยงาน สำนักงานสาธารณสุขจังหวัดชลบุรี",
                body:
                    "แบบฟอร์มสำหรับหน่วยงานภายในใช้ขอเผยแพร่ข้อมูลผ่านเว็บไซต์ ประกอบด้วย หน่วยงาน วัน/เดือน/ปี หัวข้อ รายละเอียดข้อมูล Link ภายนอก หมายเหตุ และการลงนามของผู้รับผิดชอบการให้ข้อมูล ผู้อนุมัติรับรอง และผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่",
                publishedDaysAgo: seedDaysAgo, periodDays: nil, checklist: ["MOIT1"], attachment: "แบบฟอร์มการขอเผยแพร่ข้อมูล.pdf"),
            // News and activities
            Item(
                category: "news", title: "สสจ.ชลบุรี รณรงค์ฉีดวัคซีนไข้หวัดใหญ่ตามฤดูกาล ปี ๒๕๖๙ ให้กลุ่มเสี่ยง ๗ กลุ่ม",
                body:
                    "สำนักงานสาธารณสุขจังหวัดชลบุรีเชิญชวนกลุ่มเสี่ยง ๗ กลุ่มโรค ได้แก่ ผู้สูงอายุ ๖๕ ปีขึ้นไป หญิงตั้งครรภ์ และผู้มีโรคเรื้อรัง รับวัคซีนไข้หวัดใหญ่ฟรีที่โรงพยาบาลส่งเสริมสุขภาพตำบลทุกแห่ง ตั้งแต่วันนี้ถึง ๓๑ สิงหาคม",
                publishedDaysAgo: 20, periodDays: 365),
            Item(
                category: "news", title: "ประชุมคณะกรรมการพัฒนาระบบบริการสุขภาพจังหวัดชลบุรี ครั้งที่ ๓/๒๕๖๙",
                body: "นายแพทย์สาธารณสุขจังหวัดชลบุรีเป็นประธานการประชุม เพื่อติดตามตัวชี้วัดสำคัญของจังหวัด ผลการดำเนินงานโรคไม่ติดต่อเรื้อรัง และการเตรียมความพร้อมรับมือโรคติดต่อในฤดูฝน",
                publishedDaysAgo: 9, periodDays: 365),
            Item(
                category: "activities", title: "ภาพกิจกรรมอบรมเชิงปฏิบัติการ การใช้ระบบเผยแพร่ข้อมูลบนเว็บไซต์สำหรับเจ้าหน้าที่",
                body: "กลุ่มงานสุขภาพดิจิทัลจัดอบรมเจ้าหน้าที่ผู้รับผิดชอบการเผยแพร่ข้อมูลของทุกกลุ่มงาน ตามข้อ ๓.๕ ของแนวทางการเผยแพร่ข้อมูล เพื่อเพิ่มพูนความรู้และทักษะการบริหารจัดการเว็บไซต์",
                publishedDaysAgo: 3, periodDays: 365,
                photos: [
                    "เจ้าหน้าที่จากทุกกลุ่มงานนั่งฟังการบรรยายในห้องประชุมสำนักงาน",
                    "วิทยากรสาธิตการกรอกแบบฟอร์มขอเผยแพร่ข้อมูลบนจอภาพ",
                    "ผู้เข้าอบรมฝึกปฏิบัติการส่งคำขอเผยแพร่ข้อมูลด้วยคอมพิวเตอร์"
                ]),
            // Procurement: one live, one archived after its period, one scheduled
            Item(
                category: "procurement", title: "ประกาศประกวดราคาซื้อครุภัณฑ์คอมพิวเตอร์ ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
                body: "สำนักงานสาธารณสุขจังหวัดชลบุรีมีความประสงค์จะประกวดราคาซื้อครุภัณฑ์คอมพิวเตอร์ จำนวน ๓๐ เครื่อง ราคากลาง ๗๕๐,๐๐๐ บาท ผู้สนใจดูรายละเอียดได้ที่ระบบจัดซื้อจัดจ้างภาครัฐ",
                publishedDaysAgo: 5, periodDays: 20, checklist: ["MOIT4"], attachment: "ประกาศประกวดราคา-ครุภัณฑ์คอมพิวเตอร์.pdf"),
            Item(
                category: "procurement", title: "ประกาศเชิญชวนจ้างเหมาบริการทำความสะอาดอาคารสำนักงาน ประจำปีงบประมาณ ๒๕๖๙",
                body: "ประกาศเชิญชวนผู้ประกอบการยื่นข้อเสนอจ้างเหมาบริการทำความสะอาดอาคารสำนักงาน ระยะเวลา ๑๒ เดือน ยื่นข้อเสนอภายในระยะเวลาที่กำหนด",
                publishedDaysAgo: 60, periodDays: 30, checklist: ["MOIT4"], attachment: "ประกาศเชิญชวน-จ้างทำความสะอาด.pdf"),
            Item(
                category: "procurement-results", title: "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนตุลาคม ๒๕๖๘ (แบบ สขร.๑)",
                body: "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนตุลาคม ๒๕๖๘ ตามแบบ สขร.๑ จำนวน ๑๒ รายการ",
                publishedDaysAgo: 25, periodDays: nil, checklist: ["MOIT5"], attachment: "สขร1-ตุลาคม-2568.pdf"),
            // Jobs: one open, one whose period ended (leaves public view: 410)
            Item(
                category: "jobs", title: "ประกาศรับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานราชการทั่วไป ตำแหน่งนักวิชาการคอมพิวเตอร์",
                body: "รับสมัครตั้งแต่วันประกาศจนครบ ๑๕ วัน คุณสมบัติ ปริญญาตรีสาขาวิทยาการคอมพิวเตอร์หรือเทคโนโลยีสารสนเทศ อัตราค่าตอบแทน ๑๘,๐๐๐ บาท",
                publishedDaysAgo: 4, periodDays: 15, attachment: "ประกาศรับสมัคร-นักวิชาการคอมพิวเตอร์.pdf"),
            Item(
                category: "jobs", title: "ประกาศรับสมัครลูกจ้างชั่วคราว ตำแหน่งพนักงานขับรถยนต์",
                body: "รับสมัครลูกจ้างชั่วคราว ตำแหน่งพนักงานขับรถยนต์ จำนวน ๑ อัตรา (ปิดรับสมัครแล้ว)",
                publishedDaysAgo: 45, periodDays: 14),
            // Knowledge with source and date (seed 1 §1.3), law with source (§1.2)
            Item(
                category: "articles", title: "รู้ทันโรคไข้เลือดออก ป้องกันได้ด้วย ๓ เก็บ ป้องกัน ๓ โรค",
                body: "**๓ เก็บ** ได้แก่ เก็บบ้านให้สะอาด เก็บขยะ และเก็บน้ำ ป้องกันยุงลายวางไข่ ลดความเสี่ยงโรคไข้เลือดออก โรคติดเชื้อไวรัสซิกา และโรคชิคุนกุนยา",
                publishedDaysAgo: 12, periodDays: nil, source: ("กรมควบคุมโรค กระทรวงสาธารณสุข", "2026-05-01")),
            Item(
                category: "laws", title: "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐",
                body: "กฎหมายว่าด้วยการเปิดเผยข้อมูลข่าวสารของราชการ กำหนดให้หน่วยงานของรัฐต้องจัดให้มีข้อมูลข่าวสารไว้ให้ประชาชนเข้าตรวจดูได้ (มาตรา ๗ และมาตรา ๙)",
                publishedDaysAgo: 30, periodDays: nil, source: ("ราชกิจจานุเบกษา เล่ม ๑๑๔ ตอนที่ ๔๖ ก", "1997-09-10")),
            // Scheduled: approved and published to start in three days
            Item(
                category: "announcements", title: "ประกาศวันหยุดทำการ และช่องทางติดต่อกรณีเร่งด่วนในช่วงเทศกาลปีใหม่",
                body: "สำนักงานสาธารณสุขจังหวัดชลบุรีปิดทำการในวันหยุดเทศกาลปีใหม่ กรณีเร่งด่วนติดต่อศูนย์ปฏิบัติการภาวะฉุกเฉิน โทร. ๑๖๖๙",
                publishedDaysAgo: 0, periodDays: 30, scheduledInDays: 3),
            // Urgent: published before approval, waiting for the head
            Item(
                category: "alerts", title: "แจ้งเตือน ระวังข่าวปลอม SMS แอบอ้างสำนักงานสาธารณสุขให้กดลิงก์รับเงินเยียวยา",
                body: "สำนักงานสาธารณสุขจังหวัดชลบุรีไม่มีนโยบายส่ง SMS ให้กดลิงก์รับเงิน หากได้รับข้อความลักษณะนี้ อย่ากดลิงก์และอย่าให้ข้อมูลส่วนตัว",
                publishedDaysAgo: 0.1, periodDays: 14, urgent: true, stage: "urgent"),
            // Work in progress, so each inbox has something in it
            Item(
                category: "news", title: "ร่าง: สรุปผลการดำเนินงานคลินิกเลิกบุหรี่ ไตรมาสที่ ๔", body: "อยู่ระหว่างจัดทำ",
                publishedDaysAgo: 1, periodDays: nil, stage: "draft"),
            Item(
                category: "official-information", title: "รายงานผลการดำเนินงานตามแผนปฏิบัติราชการ รอบ ๖ เดือน ปีงบประมาณ ๒๕๖๙",
                body: "รายงานความก้าวหน้าการดำเนินงานตามแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. ๒๕๖๙ รอบ ๖ เดือน (ตุลาคม ๒๕๖๘ – มีนาคม ๒๕๖๙)",
                publishedDaysAgo: 1, periodDays: nil, checklist: ["MOIT2"], stage: "submitted"),
            Item(
                category: "jobs", title: "ประกาศรับสมัครพนักงานกระทรวงสาธารณสุข ตำแหน่งนักวิชาการสาธารณสุข",
                body: "รับสมัครพนักงานกระทรวงสาธารณสุข จำนวน ๒ อัตรา", publishedDaysAgo: 2, periodDays: 15, stage: "returned"),
            Item(
                category: "news", title: "เปิดให้บริการคลินิกสุขภาพจิตออนไลน์ ทุกวันพุธ",
                body: "ประชาชนปรึกษาปัญหาสุขภาพจิตกับนักจิตวิทยาผ่านวิดีโอคอลได้ทุกวันพุธ เวลา ๑๓.๐๐–๑๖.๐๐ น.",
                publishedDaysAgo: 1, periodDays: 90, stage: "approved")
        ]
    }
}

/// Small, valid files for demo attachments (a one-page PDF whose text is plain ASCII, since a
/// Thai PDF needs an embedded font).
enum DemoFiles {
    /// A stand-in for an activity photo: bands of the demo agency's greens, different for each `index`.
    static func photo(_ index: Int, width: Int = 1280, height: Int = 720) -> Data {
        let palette = (0..<48).map { step in
            SimplePNG.Colour(UInt8(11 + step * 2), UInt8(93 + step * 3), UInt8(59 + (step * 5 + index * 40) % 150))
        }
        let bytes = SimplePNG.indexed(width: width, height: height, palette: palette) { x, y in (x / 32 + y / 24 + index * 7) }
        return Data(bytes ?? [])
    }

    static func pdf(title: String) -> Data {
        let text = "Prakat demo document - " + String(Digest.sha256Hex(Data(title.utf8)).prefix(12))
        let stream = "BT /F1 18 Tf 72 760 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }
}
