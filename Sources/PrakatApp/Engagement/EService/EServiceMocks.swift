import Foundation
import PrakatCore

// Mock page models of the e-Service pages: the page snapshot and accessibility tests render
// every template from these.

enum EServiceMock {
    static let id = EServiceRoute.exampleID
    static let code = EServiceRoute.exampleCode
    static let secret = "K7QX2M9PRT4WZ8HN"
    static let unit = "กลุ่มงานควบคุมโรคติดต่อ"
}

extension EServicePublicPages.CatalogueBody {
    static var mock: Self {
        Self(
            intro: EServiceText.catalogueIntro,
            types: EServiceText.defaultTypes.map {
                .init(name: $0.name, summary: $0.summary, path: EServiceRoute.form($0.slug).path, days: $0.days, anonymous: $0.anonymous, confidential: $0.confidential)
            }, trackPath: EServiceRoute.track.path, statsPath: EServiceRoute.stats.path)
    }
}

extension EServicePublicPages.FormBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("consent", EServiceText.consentRequired)
        return Self(
            typeName: "ร้องเรียนการให้บริการหรือเจ้าหน้าที่", summary: "ร้องเรียนคุณภาพการให้บริการ หรือการปฏิบัติงานของเจ้าหน้าที่",
            action: EServiceRoute.submit("complaint").path, anonymous: true, confidential: false, days: 15,
            fields: [
                .init(name: "field1", label: "สถานที่/หน่วยบริการที่เกิดเหตุ", required: false, value: "รพ.สต.บ้านสวน", error: nil),
                .init(name: "field2", label: "วันที่เกิดเหตุ", required: false, value: "", error: nil)
            ],
            values: ["subject": "ไฟส่องสว่างหน้า รพ.สต. ดับ", "message": "ไฟดับมาสามคืนแล้ว ผู้ป่วยเดินลำบาก"], errors: errors, pdpa: EServiceText.pdpaNotice,
            consentLabel: EServiceText.consentLabel, maxFileMB: "4 MB", chooseFilesAgain: true, cataloguePath: EServiceRoute.catalogue.path)
    }
}

extension EServicePublicPages.ReceiptBody {
    static var mock: Self {
        Self(
            code: EServiceMock.code, secret: EServiceMock.secret, statusPath: EServicePublicPages.statusPath(code: EServiceMock.code, secret: EServiceMock.secret),
            typeName: "ร้องเรียนการให้บริการหรือเจ้าหน้าที่", due: "24 ธันวาคม 2569", warning: EServiceText.secretWarning, trackPath: EServiceRoute.track.path)
    }
}

extension EServicePublicPages.TrackBody {
    static var mock: Self { Self(code: EServiceMock.code, notFound: EServiceText.notFound, action: EServiceRoute.track.path) }
}

extension EServicePublicPages.StatusBody {
    static var mock: Self {
        Self(
            code: EServiceMock.code, typeName: "ร้องเรียนการให้บริการหรือเจ้าหน้าที่", subject: "ไฟส่องสว่างหน้า รพ.สต. ดับ", state: ServiceRequestState.closed.thaiName,
            submitted: "3 ธันวาคม 2569 09:15 น.", due: "24 ธันวาคม 2569", open: false, closed: true, canRate: true, rated: false,
            outcome: "ซ่อมไฟส่องสว่างเรียบร้อยแล้วเมื่อวันที่ 5 ธันวาคม 2569",
            entries: [
                .init(when: "3 ธันวาคม 2569 09:15 น.", iso: "2026-12-03T02:15:00Z", label: "ได้รับเรื่อง", message: nil, fromAgency: false),
                .init(
                    when: "4 ธันวาคม 2569 10:00 น.", iso: "2026-12-04T03:00:00Z", label: "หน่วยงานตอบกลับ", message: "ได้ประสานช่างไฟฟ้าแล้ว จะเข้าซ่อมภายในสัปดาห์นี้",
                    fromAgency: true),
                .init(when: "5 ธันวาคม 2569 16:00 น.", iso: "2026-12-05T09:00:00Z", label: "ปิดเรื่อง", message: "ซ่อมไฟส่องสว่างเรียบร้อยแล้ว", fromAgency: true)
            ], secret: EServiceMock.secret, infoAction: EServiceRoute.addInformation(EServiceMock.code).path,
            rateAction: EServiceRoute.rate(EServiceMock.code).path, errors: FormErrors(), values: [:], maxFileMB: "4 MB")
    }
}

extension EServiceDeskPages.ListBody {
    static var mock: Self {
        Self(
            rows: [
                .init(
                    code: EServiceMock.code, path: EServiceRoute.request(EServiceMock.id).path, subject: "ไฟส่องสว่างหน้า รพ.สต. ดับ",
                    typeName: "ร้องเรียนการให้บริการหรือเจ้าหน้าที่", confidential: false, state: ServiceRequestState.assigned.thaiName,
                    unitName: EServiceMock.unit, submitted: "3 ธันวาคม 2569 09:15 น.", due: "24 ธันวาคม 2569", overdue: true)
            ],
            states: ServiceRequestState.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: false) },
            types: EServiceText.defaultTypes.map { .init(value: $0.slug, label: $0.name, selected: false) }, overdueOnly: false,
            paging: .init(page: 1, pages: 1, total: 1, previous: nil, next: nil), action: EServiceRoute.desk.path, statsPath: EServiceRoute.stats.path)
    }
}

extension EServiceDeskPages.RequestBody {
    static var mock: Self {
        let id = EServiceMock.id
        return Self(
            code: EServiceMock.code, typeName: "ร้องเรียนการให้บริการหรือเจ้าหน้าที่", confidential: false, subject: "ไฟส่องสว่างหน้า รพ.สต. ดับ",
            message: "ไฟดับมาสามคืนแล้ว ผู้ป่วยเดินลำบาก", extra: [.init(label: "สถานที่/หน่วยบริการที่เกิดเหตุ", value: "รพ.สต.บ้านสวน")], requester: "นายสมหมาย ใจงาม",
            phone: "081-234-5678", email: nil, channel: ServiceChannel.web.thaiName, state: ServiceRequestState.inProgress.thaiName, submitted: "3 ธันวาคม 2569 09:15 น.",
            due: "24 ธันวาคม 2569", overdue: false, unitName: EServiceMock.unit, assigneeName: nil, outcome: nil,
            entries: [
                .init(
                    when: "3 ธันวาคม 2569 09:15 น.", label: "ได้รับเรื่องทางเว็บไซต์", who: "ผู้ยื่นเรื่อง", message: nil, isPublic: true,
                    files: [.init(name: "ภาพถ่าย.jpg", path: EServiceRoute.file(id, id).path, size: "1.2 MB")], publishPath: nil, questionPath: nil),
                .init(
                    when: "3 ธันวาคม 2569 11:00 น.", label: "บันทึกภายใน (ผู้ยื่นไม่เห็น)", who: "นางสาวปิยะนุช รับใช้ดี", message: "ประสานงานช่างแล้ว", isPublic: false,
                    files: [], publishPath: nil, questionPath: nil)
            ],
            units: [.init(value: id.lowercased, label: EServiceMock.unit, selected: true)], people: [.init(value: id.lowercased, label: "นายเดชา รักจรรยาบรรณ", selected: false)],
            canAssign: true, canReply: true, canClose: true, canReopen: false, assignAction: EServiceRoute.step(id, .assign).path,
            replyAction: EServiceRoute.step(id, .reply).path, closeAction: EServiceRoute.step(id, .close).path, reopenAction: EServiceRoute.step(id, .reopen).path,
            errors: FormErrors(), values: [:])
    }
}

extension EServiceAdminPages.TypesBody {
    static var mock: Self {
        Self(
            rows: EServiceText.defaultTypes.map {
                .init(
                    name: $0.name, slug: $0.slug, unitName: nil, days: $0.days, anonymous: $0.anonymous, confidential: $0.confidential, people: $0.confidential ? 2 : 0,
                    active: true, editPath: EServiceRoute.typeEdit(EServiceMock.id).path, publicPath: EServiceRoute.form($0.slug).path)
            }, newPath: EServiceRoute.typeNew.path, holidaysPath: EServiceRoute.holidays.path)
    }
}

extension EServiceAdminPages.TypeFormBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("people", EServiceText.peopleRequired)
        return Self(
            isNew: false, action: EServiceRoute.typeUpdate(EServiceMock.id).path,
            values: [
                "slug": "corruption", "name": "ร้องเรียนการทุจริตและประพฤติมิชอบ", "summary": "", "fields": "ผู้ถูกร้องเรียน (ชื่อ/ตำแหน่ง)", "days": "30",
                "allowsAnonymous": "1", "confidential": "1", "active": "1"
            ],
            units: [.init(value: EServiceMock.id.lowercased, label: EServiceMock.unit, selected: false)],
            people: [.init(value: EServiceMock.id.lowercased, label: "นางสาวกมลชนก ตรงดี (auditor)", selected: false)], errors: errors,
            cancelPath: EServiceRoute.types.path)
    }
}

extension EServiceAdminPages.HolidaysBody {
    static var mock: Self {
        Self(
            rows: DefaultPublicHolidays.days.prefix(4).compactMap { day in
                CalendarDate(iso: day.iso).map {
                    .init(date: ThaiDateFormat.long($0, digits: .arabic), iso: $0.iso, name: day.name, removePath: EServiceRoute.holidayRemove(EServiceMock.id).path, past: false)
                }
            }, action: EServiceRoute.holidayAdd.path, values: [:], errors: FormErrors(), note: EServiceText.holidaysNote)
    }
}

extension EServiceStatsPages.StatsBody {
    static var mock: Self {
        let counts = [3, 5, 2, 0, 4, 6]
        return Self(
            period: "ปีงบประมาณ พ.ศ. 2570 รอบ 6 เดือนแรก (ตุลาคม–มีนาคม)", total: 20, closed: 17, overdue: 1, onTimeRate: "88.2%", averageDays: "6.4 วัน",
            byType: EServiceText.defaultTypes.enumerated().map { .init(label: $0.element.name, count: $0.offset * 2) },
            byState: ServiceRequestState.allCases.map { .init(label: $0.thaiName, count: $0 == .closed ? 17 : 1) },
            byChannel: ServiceChannel.allCases.map { .init(label: $0.thaiName, count: $0 == .web ? 18 : 2) },
            months: counts.enumerated().map { index, count in
                .init(label: ThaiMonthNames.full((index + 9) % 12 + 1) + " 2570", received: count, closed: count, onTime: max(0, count - 1), width: count * 100 / 6)
            },
            years: [.init(value: "2570", label: "พ.ศ. 2570", selected: true), .init(value: "2569", label: "พ.ศ. 2569", selected: false)],
            halves: [
                .init(value: "", label: "ทั้งปี", selected: false), .init(value: "1", label: "6 เดือนแรก", selected: true), .init(value: "2", label: "6 เดือนหลัง", selected: false)
            ],
            action: EServiceRoute.stats.path, csvPath: EServiceRoute.statsCSV.path + "?fiscalYear=2570&half=1",
            printPath: EServiceRoute.statsPrint.path + "?fiscalYear=2570&half=1",
            publishAction: EServiceRoute.statsPublish.path, fiscalYear: "2570", half: "1")
    }
}
