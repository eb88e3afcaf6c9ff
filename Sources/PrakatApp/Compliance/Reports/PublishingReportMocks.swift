import Foundation
import PrakatCore

extension PublishingReportPages.Tables {
    static func mock(thai: Bool) -> Self {
        let digits: (String) -> String = { thai ? ThaiDigits.toThai($0) : $0 }
        var units = PublishingReportFigures()
        units.requests = 42
        units.approved = 38
        units.returned = 6
        units.rejected = 2
        units.published = 37
        units.takenDownOnTime = 12
        units.takenDownLate = 1
        units.urgentUses = 3
        units.openProblems = 2
        units.daysToPublishTotal = 118.4
        let row = { (name: String) in PublishingReportPages.Row(name: name, cells: PublishingReportPages.cells(units).map(digits)) }
        return Self(
            columns: PublishingReportText.columns, units: [row(MockData.unitName), row("กลุ่มงานพัฒนายุทธศาสตร์สาธารณสุข")],
            categories: [row("ข่าวประชาสัมพันธ์"), row("ข่าวจัดซื้อจัดจ้าง")], total: row(PublishingReportText.total),
            problems: [
                .init(
                    title: digits("ประกาศรับสมัครอาสาสมัครสาธารณสุข ปี 2570"), link: PublishingRoute.request(MockData.requestID).path, unit: MockData.unitName,
                    category: "ข่าวประชาสัมพันธ์", kind: PublishingProblemKind.awaitingPublication.thaiName, since: digits(MockData.date), days: digits("12"))
            ],
            definitions: PublishingReportText.definitions)
    }
}

extension PublishingReportPages.ReportBody {
    static var mock: Self {
        let year = FiscalYear(beYear: 2570)
        return Self(
            fiscalYear: "2570", period: PublishingReportPages.period(year, digits: .arabic), asOf: PublishingReportText.asOf(MockData.dateTime),
            tables: .mock(thai: false), years: [.init(value: "2570", label: "พ.ศ. 2570", selected: true), .init(value: "2569", label: "พ.ศ. 2569", selected: false)],
            action: PublishingReportRoute.report.path, printPath: PublishingReportRoute.print.path(fiscalYear: 2570),
            pdfPath: PublishingReportRoute.pdf.path(fiscalYear: 2570), csvPath: PublishingReportRoute.csv.path(fiscalYear: 2570),
            publishAction: PublishingReportRoute.publish.path)
    }
}

extension PublishingReportPages.PrintBody {
    static var mock: Self {
        let year = FiscalYear(beYear: 2570)
        let thai = ThaiDigits.toThai
        var totals = PublishingReportFigures()
        totals.requests = 84
        totals.approved = 76
        totals.published = 74
        return Self(
            stylesheet: "/css/print.css", agencyName: MockData.agencyName, agencyPhone: thai("0 3828 5511"), unitName: MockData.unitName,
            date: ThaiDateFormat.long(MockData.now, digits: .thai), memoSubject: thai(PublishingReportText.memoSubject(agency: MockData.agencyName, year: 2570)),
            memoTo: PublishingReportText.memoTo(agency: MockData.agencyName),
            memoBody: PublishingReportText.memoBody(
                agency: MockData.agencyName, period: PublishingReportPages.period(year, digits: .arabic), totals: totals, problems: 2
            ).map(thai),
            signerName: "นางสาวพิมพ์ชนก ใจดี", signerPosition: "นักวิชาการคอมพิวเตอร์ชำนาญการ", headDecision: PublishingReportText.headDecision,
            headTitle: PublishingReportText.headTitle, period: thai(PublishingReportPages.period(year, digits: .arabic)),
            asOf: thai(PublishingReportText.asOf(MockData.dateTime)), tables: .mock(thai: true),
            backPath: PublishingReportRoute.report.path(fiscalYear: 2570), pdfPath: PublishingReportRoute.pdf.path(fiscalYear: 2570), pdfAvailable: true,
            pdfHint: PublishingText.chromiumMissing, isPDF: false)
    }
}
