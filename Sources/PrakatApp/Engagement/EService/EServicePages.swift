import Foundation
import Vapor

/// Registers the e-Service pages: one switch from route to handler.
enum EServicePages {
    static func register(_ routes: any RoutesBuilder) {
        let citizen = EServicePublicPages()
        let desk = EServiceDeskPages()
        let admin = EServiceAdminPages()
        let stats = EServiceStatsPages()
        routes.register(EServiceRoute.self) { req, route in
            switch route {
            case .catalogue: try await citizen.catalogue(req)
            case .form(let slug): try await citizen.form(req, slug: slug)
            case .submit(let slug): try await citizen.submit(req, slug: slug)
            case .track: try await citizen.track(req)
            case .status(let code): try await citizen.status(req, code: code)
            case .receipt(let code): try await citizen.receipt(req, code: code)
            case .addInformation(let code): try await citizen.addInformation(req, code: code)
            case .rate(let code): try await citizen.rate(req, code: code)
            case .stats: try await stats.page(req)
            case .statsCSV: try await stats.csv(req)
            case .statsPrint: try await stats.printable(req)
            case .statsPublish: try await stats.publish(req)
            case .desk: try await desk.list(req)
            case .request(let id): try await desk.show(req, id: id)
            case .step(let id, let step): try await desk.step(req, id: id, step: step)
            case .file(let id, let file): try await desk.file(req, id: id, fileID: file)
            case .publishReply(let id, let event): try await desk.publishReply(req, id: id, eventID: event)
            case .types: try await admin.types(req)
            case .typeNew: try await admin.typeForm(req, id: nil)
            case .typeCreate: try await admin.saveType(req, id: nil)
            case .typeEdit(let id): try await admin.typeForm(req, id: id)
            case .typeUpdate(let id): try await admin.saveType(req, id: id)
            case .holidays: try await admin.holidays(req)
            case .holidayAdd: try await admin.addHoliday(req)
            case .holidayRemove(let id): try await admin.removeHoliday(req, id: id)
            }
        }
    }
}
