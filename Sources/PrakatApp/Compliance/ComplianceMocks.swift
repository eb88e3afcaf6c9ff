import Foundation
import PrakatCore

/// Mock page models of the compliance templates (page snapshots and the template registry).
enum ComplianceMock {
    static let checklistID = ComplianceRoute.exampleID
    static let itemID = ComplianceRoute.exampleItemID

    static var link: ChecklistPages.ChecklistLink {
        ChecklistPages.ChecklistLink(
            title: ComplianceText.checklistTitle("MOPH-MOIT", 2570), framework: "MOPH-MOIT", fiscalYear: 2570, itemCount: 22,
            publicPath: ComplianceRoute.publicChecklist(framework: "MOPH-MOIT", fiscalYear: 2570).path, staffPath: ComplianceRoute.dashboard(checklistID).path)
    }

    static func rows(staff: Bool) -> [ChecklistPages.RowView] {
        [
            ChecklistPages.RowView(
                code: "MOIT5", title: "หน่วยงานมีการสรุปผลการจัดซื้อจัดจ้างและการจัดหาพัสดุรายเดือน", requirement: nil, period: ChecklistPeriod.monthly.thaiName,
                periodNote: nil, status: ChecklistStatus.stale.rawValue, statusLabel: ChecklistStatus.stale.thaiName, due: "30 พฤศจิกายน 2569",
                windows: "มีหลักฐาน 1 จาก 12 รอบ", unit: "กลุ่มงานบริหารทั่วไป",
                evidence: [
                    .init(
                        title: "สรุปผลการจัดซื้อจัดจ้าง เดือนตุลาคม 2569 <b>", url: "https://prakat.example/p/41", path: "/p/41", date: "5 พฤศจิกายน 2569",
                        isPublicNow: true)
                ], editPath: staff ? ComplianceRoute.item(checklistID, itemID).path : nil,
                packPath: staff ? ComplianceRoute.evidencePack(checklistID, itemID, quarter: nil).path : nil, anchor: "item-moit5"),
            ChecklistPages.RowView(
                code: "MOIT9", title: "หน่วยงานมีแนวปฏิบัติการจัดการเรื่องร้องเรียน และช่องทางการร้องเรียน", requirement: nil,
                period: ChecklistPeriod.current.thaiName, periodNote: nil, status: ChecklistStatus.missing.rawValue,
                statusLabel: ChecklistStatus.missing.thaiName, due: nil, windows: nil, unit: nil, evidence: [], editPath: nil, packPath: nil,
                anchor: "item-moit9")
        ]
    }
}

extension ChecklistPages.PublicIndexBody {
    static var mock: Self { Self(intro: ComplianceText.publicIntro, checklists: [ComplianceMock.link], empty: ComplianceText.noChecklists) }
}

extension ChecklistPages.PublicChecklistBody {
    static var mock: Self {
        Self(
            intro: ComplianceText.publicIntro, today: "3 ธันวาคม 2569", complete: 1, total: 22, percent: 4, rows: ComplianceMock.rows(staff: false),
            csvPath: ComplianceAPIRoute.exportCSV(ComplianceMock.checklistID).path, xlsxPath: ComplianceAPIRoute.exportXLSX(ComplianceMock.checklistID).path,
            noEvidence: ComplianceText.noPublicEvidence, otherYears: [ComplianceMock.link], agencyName: "สำนักงานสาธารณสุขจังหวัดตัวอย่าง")
    }
}

extension ChecklistPages.ListBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("file", ComplianceText.importRefused)
        return Self(
            checklists: [ComplianceMock.link], empty: ComplianceText.noChecklists, canEdit: true, importAction: ComplianceRoute.importChecklist.path,
            autoTagsPath: ComplianceRoute.autoTags.path, framework: "MOPH-MOIT", fiscalYear: "2570", errors: errors,
            problems: ["แถวที่ 3 ช่อง \"period\": รอบ \"yearly\" ไม่ถูกต้อง"])
    }
}

extension ChecklistPages.DashboardBody {
    static var mock: Self {
        Self(
            checklistTitle: ComplianceMock.link.title, today: "3 ธันวาคม 2569", complete: 1, total: 22, percent: 4,
            counts: ["present": 1, "dueSoon": 0, "stale": 1, "missing": 20], rows: ComplianceMock.rows(staff: true),
            toAct: [.init(unit: "กลุ่มงานบริหารทั่วไป", codes: "MOIT5"), .init(unit: ComplianceText.noUnit, codes: "MOIT9")],
            publicPath: ComplianceMock.link.publicPath, csvPath: ComplianceAPIRoute.exportCSV(ComplianceMock.checklistID).path,
            xlsxPath: ComplianceAPIRoute.exportXLSX(ComplianceMock.checklistID).path, copyPath: ComplianceRoute.copyForm(ComplianceMock.checklistID).path,
            newItemPath: ComplianceRoute.newItem(ComplianceMock.checklistID).path, listPath: ComplianceRoute.checklists.path,
            noEvidence: ComplianceText.noEvidence)
    }
}

extension ChecklistPages.CopyBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("renumber", ComplianceText.renumberRefused)
        return Self(
            checklistTitle: ComplianceMock.link.title, action: ComplianceRoute.copy(ComplianceMock.checklistID).path,
            cancelPath: ComplianceRoute.dashboard(ComplianceMock.checklistID).path, fiscalYear: "2571", renumber: "MOIT5 → MOIT6",
            codes: "MOIT1, MOIT2, MOIT5, MOIT6", errors: errors, problems: ["ข้อ MOIT5, MOIT6 จะได้รหัสเดียวกันคือ MOIT6"])
    }
}

extension ChecklistPages.ItemBody {
    static var mock: Self {
        var errors = FormErrors()
        errors.add("dueDates", "วันครบกำหนด \"31/13/2570\" ไม่ใช่วันที่ (เช่น 2027-03-31 หรือ 31/03/2570)")
        return Self(
            checklistTitle: ComplianceMock.link.title, action: ComplianceRoute.updateItem(ComplianceMock.checklistID, ComplianceMock.itemID).path,
            cancelPath: ComplianceRoute.dashboard(ComplianceMock.checklistID).path,
            removeAction: ComplianceRoute.removeItem(ComplianceMock.checklistID, ComplianceMock.itemID).path,
            form: .init(
                code: "MOIT5", titleTh: "หน่วยงานมีการสรุปผลการจัดซื้อจัดจ้างรายเดือน", titleEn: nil, requirement: nil, period: "monthly", periodNote: nil,
                dueDates: "31/13/2570", unitId: nil),
            periods: ChecklistPeriod.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: $0 == .monthly) },
            units: [.init(value: "", label: ComplianceText.noUnit, selected: true)], errors: errors, tagged: [])
    }
}

extension ChecklistPages.AutoTagsBody {
    static var mock: Self {
        Self(
            action: ComplianceRoute.saveAutoTags.path,
            rows: ChecklistAutoTagSource.allCases.map {
                .init(source: $0.rawValue, label: $0.thaiName, framework: $0.defaultMapping.framework, codes: $0.defaultMapping.codes.joined(separator: " "))
            }, errors: FormErrors(), errorList: [], intro: ComplianceText.autoTagsIntro)
    }
}

extension ChecklistPages.PublicationTagsBody {
    static var mock: Self {
        Self(
            publicationTitle: "ช่องทางการร้องเรียนร้องทุกข์", publicPath: "/p/12",
            tags: [
                .init(
                    label: "MOIT9 หน่วยงานมีแนวปฏิบัติการจัดการเรื่องร้องเรียน", checklist: ComplianceText.checklistTitle("MOPH-MOIT", 2569),
                    origin: ComplianceText.originRequest, removeAction: ComplianceRoute.removePublicationTag(ComplianceMock.checklistID, ComplianceMock.itemID).path)
            ], action: ComplianceRoute.addPublicationTags(ComplianceMock.checklistID).path,
            groups: [.init(title: ComplianceMock.link.title, options: [.init(value: ComplianceMock.itemID.lowercased, label: "MOIT9 หน่วยงานมีแนวปฏิบัติ…", selected: false)])],
            errors: [])
    }
}
