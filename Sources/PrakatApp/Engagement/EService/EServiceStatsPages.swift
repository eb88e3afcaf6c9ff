import Fluent
import Foundation
import PrakatCore
import Vapor

/// A period of the statistics: a fiscal year or one of its halves.
struct ServiceStatsPeriod: Sendable, Equatable {
    var fiscalYear: FiscalYear
    var half: Int?

    var days: ClosedRange<CalendarDate> {
        switch half {
        case 1: fiscalYear.firstHalf
        case 2: fiscalYear.secondHalf
        default: fiscalYear.firstDay...fiscalYear.lastDay
        }
    }

    var label: String {
        let year = "ปีงบประมาณ พ.ศ. \(fiscalYear.beYear)"
        switch half {
        case 1: return year + " รอบ 6 เดือนแรก (ตุลาคม–มีนาคม)"
        case 2: return year + " รอบ 6 เดือนหลัง (เมษายน–กันยายน)"
        default: return year + " ทั้งปี"
        }
    }

    /// From `?fiscalYear=&half=`; nil when either is given but not a value (the caller answers 400).
    static func parse(fiscalYear: String?, half: String?, now: Date) -> ServiceStatsPeriod? {
        var year = FiscalYear.containing(now)
        if let raw = fiscalYear, !raw.isEmpty {
            guard let value = Int(raw), FiscalYear.inputBEYears.contains(value) else { return nil }
            year = FiscalYear(beYear: value)
        }
        var chosen: Int?
        if let raw = half, !raw.isEmpty {
            guard raw == "1" || raw == "2" else { return nil }
            chosen = Int(raw)
        }
        return ServiceStatsPeriod(fiscalYear: year, half: chosen)
    }

    static func monthLabel(_ month: CalendarDate) -> String {
        ThaiMonthNames.full(month.month) + " " + String(BuddhistEra.year(fromChristian: month.year))
    }

    var query: String { "fiscalYear=\(fiscalYear.beYear)" + (half.map { "&half=\($0)" } ?? "") }
}

extension ServiceDesk {
    /// The figures of a period (no names, no text: public, MOIT 10).
    func statistics(_ period: ServiceStatsPeriod) async throws -> (stats: ServiceStatistics, types: [ServiceType]) {
        let types = try await ServiceType.query(on: db).sort(\.$position).all()
        let range = period.days
        let requests = try await ServiceRequest.query(on: db)
            .filter(\.$submittedAt >= range.lowerBound.startInBangkok).filter(\.$submittedAt < range.upperBound.endInBangkok)
            .field(\.$typeID).field(\.$stateRaw).field(\.$channelRaw).field(\.$submittedAt).field(\.$dueAt).field(\.$closedAt)
            .all()
        let records = requests.map { request in
            ServiceRequestRecord(
                typeKey: request.typeID.lowercased, state: request.state, channel: request.channel, submittedAt: request.submittedAt, dueAt: request.dueAt,
                closedAt: request.closedAt)
        }
        let stats = ServiceStatistics.compute(records, typeKeys: types.compactMap { $0.id?.lowercased }, days: range, now: clock.now())
        return (stats, types)
    }
}

/// The statistics page, its printable report and CSV, and the button that sends the report to
/// the publishing workflow (tagged MOIT10, like plan reports).
struct EServiceStatsPages {
    struct StatsBody: Encodable {
        struct Row: Encodable {
            var label: String
            var count: Int
        }
        struct MonthRow: Encodable {
            var label: String
            var received: Int
            var closed: Int
            var onTime: Int
            /// Bar length as a share of the busiest month, 0–100.
            var width: Int
        }
        struct Option: Encodable {
            var value: String
            var label: String
            var selected: Bool
        }
        var period: String
        var total: Int
        var closed: Int
        var overdue: Int
        var onTimeRate: String
        var averageDays: String
        var byType: [Row]
        var byState: [Row]
        var byChannel: [Row]
        var months: [MonthRow]
        var years: [Option]
        var halves: [Option]
        var action: String
        var csvPath: String
        var printPath: String
        var publishAction: String?
        var fiscalYear: String
        var half: String
    }

    func body(_ req: Request, _ period: ServiceStatsPeriod) async throws -> StatsBody {
        let (stats, types) = try await req.serviceDesk.statistics(period)
        let busiest = max(1, stats.byMonth.map(\.received).max() ?? 1)
        let current = FiscalYear.containing(req.clock.now()).beYear
        let canPublish = req.currentUser?.has(.staff) ?? false
        return StatsBody(
            period: period.label, total: stats.total, closed: stats.closed, overdue: stats.overdue,
            onTimeRate: stats.onTimeRate.map { String(format: "%.1f%%", $0 * 100) } ?? "–",
            averageDays: stats.averageDays.map { String(format: "%.1f วัน", $0) } ?? "–",
            byType: stats.byType.map { row in .init(label: types.first { $0.id?.lowercased == row.key }?.nameTh ?? row.key, count: row.count) },
            byState: stats.byState.map { .init(label: ServiceRequestState(rawValue: $0.key)?.thaiName ?? $0.key, count: $0.count) },
            byChannel: stats.byChannel.map { .init(label: ServiceChannel(rawValue: $0.key)?.thaiName ?? $0.key, count: $0.count) },
            months: stats.byMonth.map {
                .init(
                    label: ServiceStatsPeriod.monthLabel($0.month), received: $0.received, closed: $0.closed, onTime: $0.closedOnTime,
                    width: $0.received * 100 / busiest)
            },
            years: ((current - 4)...current).reversed().map { .init(value: String($0), label: "พ.ศ. \($0)", selected: $0 == period.fiscalYear.beYear) },
            halves: [
                .init(value: "", label: "ทั้งปี", selected: period.half == nil), .init(value: "1", label: "6 เดือนแรก", selected: period.half == 1),
                .init(value: "2", label: "6 เดือนหลัง", selected: period.half == 2)
            ],
            action: EServiceRoute.stats.path, csvPath: EServiceRoute.statsCSV.path + "?" + period.query,
            printPath: EServiceRoute.statsPrint.path + "?" + period.query, publishAction: canPublish ? EServiceRoute.statsPublish.path : nil,
            fiscalYear: String(period.fiscalYear.beYear), half: period.half.map(String.init) ?? "")
    }

    struct PeriodQuery: Content {
        var fiscalYear: String?
        var half: String?
    }

    func period(_ req: Request) throws -> ServiceStatsPeriod {
        let query = (try? req.query.decode(PeriodQuery.self)) ?? PeriodQuery()
        guard let period = ServiceStatsPeriod.parse(fiscalYear: query.fiscalYear, half: query.half, now: req.clock.now()) else {
            throw PrakatError.badRequest(EServiceText.periodInvalid)
        }
        return period
    }

    func page(_ req: Request) async throws -> Response {
        let period = try period(req)
        return try await req.render("Engagement/EService/stats", title: EServiceText.statsTitle, try await body(req, period))
    }

    func printable(_ req: Request) async throws -> Response {
        let period = try period(req)
        let agency = await req.agencyProfile()
        var body = try await body(req, period)
        body.period = "\(agency.nameInSentence) \(period.label)"
        return try await req.render("Engagement/EService/stats-print", title: EServiceText.reportTitle(fiscalYear: period.fiscalYear.beYear, half: period.half), body)
    }

    func csv(_ req: Request) async throws -> Response {
        let period = try period(req)
        let (stats, types) = try await req.serviceDesk.statistics(period)
        var rows: [[String]] = [["หัวข้อ", "รายการ", "จำนวน"]]
        rows.append(["ช่วงเวลา", period.label, ""])
        rows.append(["รวม", "เรื่องที่ได้รับ", String(stats.total)])
        for row in stats.byType { rows.append(["ประเภท", types.first { $0.id?.lowercased == row.key }?.nameTh ?? row.key, String(row.count)]) }
        for row in stats.byState { rows.append(["สถานะ", ServiceRequestState(rawValue: row.key)?.thaiName ?? row.key, String(row.count)]) }
        for row in stats.byChannel { rows.append(["ช่องทาง", ServiceChannel(rawValue: row.key)?.thaiName ?? row.key, String(row.count)]) }
        for month in stats.byMonth {
            let label = ServiceStatsPeriod.monthLabel(month.month)
            rows.append(["รายเดือน: ได้รับ", label, String(month.received)])
            rows.append(["รายเดือน: ปิดเรื่อง", label, String(month.closed)])
            rows.append(["รายเดือน: ปิดทันกำหนด", label, String(month.closedOnTime)])
        }
        rows.append(["สรุป", "ปิดเรื่องแล้ว", String(stats.closed)])
        rows.append(["สรุป", "ปิดทันกำหนด (ร้อยละ)", stats.onTimeRate.map { String(format: "%.1f", $0 * 100) } ?? ""])
        rows.append(["สรุป", "ระยะเวลาเฉลี่ย (วัน)", stats.averageDays.map { String(format: "%.1f", $0) } ?? ""])
        rows.append(["สรุป", "ค้างเกินกำหนด", String(stats.overdue)])
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(
            name: .contentDisposition, value: ContentDisposition.attachment(fileName: "สถิติเรื่องร้องเรียน-\(period.fiscalYear.beYear)\(period.half.map { "-\($0)" } ?? "").csv"))
        return Response(status: .ok, headers: headers, body: .init(data: Data(CSV.write(rows))))
    }

    struct PublishForm: Content {
        var fiscalYear: String?
        var half: String?
    }

    /// The report of a period becomes a draft publication request of the sender's unit (once per
    /// period), with the printable report's address and MOIT10, to go through approval.
    func publish(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(PublishForm.self)) ?? PublishForm()
        guard let period = ServiceStatsPeriod.parse(fiscalYear: form.fiscalYear, half: form.half, now: req.clock.now()) else {
            throw PrakatError.badRequest(EServiceText.periodInvalid)
        }
        let origin = "eservice-stats:\(period.fiscalYear.beYear):\(period.half.map(String.init) ?? "year")"
        let checklist = try await ChecklistService.autoTagItemIDs(
            .eServiceStatistics, fiscalYear: FiscalYear.containing(req.clock.now()).beYear, on: req.db)
        let base = req.publicBaseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let printURL = base + EServiceRoute.statsPrint.path + "?" + period.query
        let (stats, _) = try await req.serviceDesk.statistics(period)
        let summary = EServiceText.reportSummary(period: period.label, total: stats.total, closed: stats.closed, onTime: stats.onTimeRate, average: stats.averageDays)
        let input = RequestInput(
            categoryID: nil,
            title: ProgressReportDocument.fitted(EServiceText.reportTitle(fiscalYear: period.fiscalYear.beYear, half: period.half), max: req.application.prakat.titleMaxGraphemes),
            details: summary + "\n\nรายงานฉบับเต็ม: " + printURL, externalLinks: ExternalLink.isValid(printURL) ? [printURL] : [],
            note: "สร้างจากหน้าสถิติบริการออนไลน์ (\(period.label))", sourceName: nil, sourceDate: nil, publishAt: nil, expireAt: nil, urgent: false,
            checklistItemIDs: checklist)
        return try await ReportPublishing.send(
            req, input: input, origin: origin, categorySlugs: EServiceText.reportCategorySlugs, back: EServiceRoute.stats.path + "?" + period.query,
            sent: EServiceText.sentToPublishing, alreadySent: EServiceText.reportAlreadySent)
    }
}
