import Foundation
import PrakatCore
import Vapor

/// The auditors' traffic-log pages.
enum OperationsRoute: TypedRoute {
    case traffic
    case trafficExport

    static let examples: [OperationsRoute] = [.traffic, .trafficExport]

    var method: HTTPMethod { self == .traffic ? .GET : .POST }

    var segments: [RouteSegment] {
        switch self {
        case .traffic: [.constant("admin"), .constant("traffic")]
        case .trafficExport: [.constant("admin"), .constant("traffic"), .constant("export")]
        }
    }

    var policy: AccessPolicy { .roles(OperationsRoutes.roles) }

    static func parse(_ template: OperationsRoute, _ parameters: RouteParameters) -> OperationsRoute? { template }
}

/// The auditor's traffic-log page: the state of the logs, the clock, and the export form.
struct OperationsRoutes {
    static let roles: Set<Role> = [.auditor, .administrator]

    static func register(_ routes: any RoutesBuilder) {
        let pages = OperationsRoutes()
        routes.register(OperationsRoute.self) { req, route in
            switch route {
            case .traffic: try await pages.page(req)
            case .trafficExport: try await pages.export(req)
            }
        }
    }

    struct DayRow: Encodable {
        var day: String
        var sealed: Bool
        var lines: Int?
        var hasFile: Bool
    }

    struct Body: Encodable {
        var action: String
        var from: String
        var to: String
        var errors: FormErrors
        var status: String
        var intact: Bool
        var clockWarning: String?
        var retentionDays: Int
        var days: [DayRow]
    }

    private func render(_ req: Request, from: String?, to: String?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let log = req.application.trafficLog
        let today = CalendarDate(iso: TrafficLog.day(of: req.clock.now()))!
        let verification = try await log.verify()
        let statusText: String
        let intact: Bool
        switch verification {
        case .intact(let days): statusText = "\(OperationsText.logsIntact) \(days) วันที่ปิดผนึกแล้ว"; intact = true
        case .broken(let day, let reason): statusText = OperationsText.logsBroken(day: day, reason: reason); intact = false
        }
        let files = try await log.dayFiles()
        let seals = try await log.existingSeals()
        let rows = Set(files.keys).union(seals.keys).sorted(by: >).prefix(14).map { day in
            DayRow(day: day, sealed: seals[day] != nil, lines: seals[day]?.lines, hasFile: files[day] != nil)
        }
        return try await req.render(
            "Admin/traffic", title: OperationsText.trafficTitle,
            Body(
                action: OperationsRoute.trafficExport.path, from: from ?? today.adding(days: -7).iso, to: to ?? today.adding(days: -1).iso,
                errors: errors, status: statusText, intact: intact, clockWarning: req.application.clockSyncProbe.status().warning,
                retentionDays: req.application.prakat.logRetentionDays, days: Array(rows)), status: status, withForm: true)
    }

    func page(_ req: Request) async throws -> Response {
        try await render(req, from: nil, to: nil, errors: FormErrors())
    }

    struct ExportForm: Content {
        var from: String?
        var to: String?
    }

    func export(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ExportForm.self)
        switch TrafficExport.range(from: form.from, to: form.to) {
        case .failure(let problem):
            var errors = FormErrors()
            switch problem {
            case .from: errors.add("from", OperationsText.fromInvalid)
            case .to: errors.add("to", OperationsText.toInvalid)
            case .range: errors.add("to", OperationsText.rangeInvalid)
            }
            return try await render(req, from: form.from, to: form.to, errors: errors, status: .unprocessableEntity)
        case .success(let (from, to)):
            // Nothing logged in the range (the default week on a new install): say so beside the
            // form, with the days there are, instead of handing out an archive of no days.
            let export: TrafficExport.Export
            do {
                export = try await TrafficExport.export(req.application, from: from, to: to, actor: req.auditActor, refusingEmpty: true)
            } catch let empty as TrafficExport.NothingInRange {
                var errors = FormErrors()
                errors.add("from", OperationsText.nothingInRange(logged: empty.logged))
                return try await render(req, from: form.from, to: form.to, errors: errors, status: .unprocessableEntity)
            }
            let response = Response(status: .ok, body: .init(data: export.archive))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "gzip")
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(export.fileName)\"")
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            response.headers.replaceOrAdd(name: "X-Content-SHA256", value: export.sha256)
            return response
        }
    }
}
