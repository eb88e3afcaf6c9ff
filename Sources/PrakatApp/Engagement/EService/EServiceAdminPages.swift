import Fluent
import Foundation
import PrakatCore
import Vapor

/// The administrator's e-Service catalogue and holiday calendar (issue 12 §1).
struct EServiceAdminPages {
    // MARK: Types

    struct TypesBody: Encodable {
        struct Row: Encodable {
            var name: String
            var slug: String
            var unitName: String?
            var days: Int
            var anonymous: Bool
            var confidential: Bool
            var people: Int
            var active: Bool
            var editPath: String
            var publicPath: String
        }
        var rows: [Row]
        var newPath: String
        var holidaysPath: String
    }

    func types(_ req: Request) async throws -> Response {
        let types = try await ServiceType.query(on: req.db).sort(\.$position).all()
        let units = try await OrgUnit.query(on: req.db).all()
        let people = try await ServiceTypePerson.query(on: req.db).all()
        let rows = types.map { type in
            TypesBody.Row(
                name: type.nameTh, slug: type.slug, unitName: type.unitID.flatMap { u in units.first { $0.id == u }?.nameTh }, days: type.dueWorkingDays,
                anonymous: type.allowsAnonymous, confidential: type.confidential, people: people.filter { $0.typeID == type.id }.count, active: type.active,
                editPath: EServiceRoute.typeEdit(type.id ?? UUID()).path, publicPath: EServiceRoute.form(type.slug).path)
        }
        return try await req.render(
            "Engagement/EService/types", title: EServiceText.typesTitle,
            TypesBody(rows: rows, newPath: EServiceRoute.typeNew.path, holidaysPath: EServiceRoute.holidays.path))
    }

    struct TypeFormBody: Encodable, HasBreadcrumbs {
        struct Option: Encodable {
            var value: String
            var label: String
            var selected: Bool
        }
        var isNew: Bool
        var action: String
        var values: [String: String]
        var units: [Option]
        var people: [Option]
        var errors: FormErrors
        var cancelPath: String
        var breadcrumbs: [Breadcrumb] { [Breadcrumb(label: EServiceText.typesTitle, path: EServiceRoute.types.path)] }
    }

    struct TypeForm: Content {
        var slug: String?
        var name: String?
        var summary: String?
        var fields: String?
        var unitId: String?
        var days: String?
        var allowsAnonymous: String?
        var confidential: String?
        var active: String?
        var people: [String]?

        var typed: [String: String] {
            [
                "slug": slug ?? "", "name": name ?? "", "summary": summary ?? "", "fields": fields ?? "", "unitId": unitId ?? "", "days": days ?? "",
                "allowsAnonymous": allowsAnonymous == nil ? "" : "1", "confidential": confidential == nil ? "" : "1", "active": active == nil ? "" : "1"
            ]
        }
    }

    func typeForm(_ req: Request, id: UUID?) async throws -> Response {
        guard let id else {
            return try await renderType(
                req, type: nil, values: ["days": "15", "active": "1", "allowsAnonymous": "1"], chosen: [], errors: FormErrors())
        }
        guard let type = try await ServiceType.find(id, on: req.db) else { throw PrakatError.notFound() }
        let chosen = try await ServiceTypePerson.query(on: req.db).filter(\.$typeID == id).all().map(\.userID)
        let values = [
            "slug": type.slug, "name": type.nameTh, "summary": type.summary, "fields": type.fieldsSpec, "unitId": type.unitID?.lowercased ?? "",
            "days": String(type.dueWorkingDays), "allowsAnonymous": type.allowsAnonymous ? "1" : "", "confidential": type.confidential ? "1" : "",
            "active": type.active ? "1" : ""
        ]
        return try await renderType(req, type: type, values: values, chosen: Set(chosen), errors: FormErrors())
    }

    private func renderType(
        _ req: Request, type: ServiceType?, values: [String: String], chosen: Set<UUID>, errors: FormErrors, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let units = try await OrgUnit.query(on: req.db).sort(\.$nameTh).all()
        let people = try await User.query(on: req.db).filter(\.$isActive == true).sort(\.$displayName).all()
        let body = TypeFormBody(
            isNew: type == nil, action: type.map { EServiceRoute.typeUpdate($0.id ?? UUID()).path } ?? EServiceRoute.typeCreate.path, values: values,
            units: units.map { .init(value: $0.id?.lowercased ?? "", label: $0.nameTh, selected: $0.id?.lowercased == values["unitId"]) },
            people: people.map { .init(value: $0.id?.lowercased ?? "", label: "\($0.displayName) (\($0.username))", selected: chosen.contains($0.id ?? UUID())) },
            errors: errors, cancelPath: EServiceRoute.types.path)
        return try await req.render("Engagement/EService/type-form", title: type?.nameTh ?? "เพิ่มประเภทบริการ", body, status: status)
    }

    func saveType(_ req: Request, id: UUID?) async throws -> Response {
        var existing: ServiceType?
        if let id {
            guard let found = try await ServiceType.find(id, on: req.db) else { throw PrakatError.notFound() }
            existing = found
        }
        let form = (try? req.content.decode(TypeForm.self)) ?? TypeForm()
        let chosen = Set((form.people ?? []).compactMap(UUID.init(uuidString:)))
        let service = ServiceCatalogue(db: req.db, writer: req.writer, audit: req.audit, clock: req.clock)
        do {
            try await service.save(form, existing: existing, people: chosen, actor: req.auditActor)
        } catch ServiceDeskError.invalid(let errors) {
            return try await renderType(req, type: existing, values: form.typed, chosen: chosen, errors: errors, status: .unprocessableEntity)
        }
        return req.redirect(to: EServiceRoute.types.path, flash: Flash(kind: .success, text: EServiceText.typeSaved))
    }

    // MARK: Holidays

    struct HolidaysBody: Encodable {
        struct Row: Encodable {
            var date: String
            var iso: String
            var name: String
            var removePath: String
            var past: Bool
        }
        var rows: [Row]
        var action: String
        var values: [String: String]
        var errors: FormErrors
        var note: String
    }

    func holidays(_ req: Request, values: [String: String] = [:], errors: FormErrors = FormErrors(), status: HTTPResponseStatus = .ok) async throws -> Response {
        let today = CalendarDate.bangkok(containing: req.clock.now())
        let rows = try await PublicHoliday.query(on: req.db).sort(\.$day).all().compactMap { holiday -> HolidaysBody.Row? in
            guard let date = holiday.date else { return nil }
            return .init(
                date: ThaiDateFormat.long(date, digits: .arabic), iso: date.iso, name: holiday.name, removePath: EServiceRoute.holidayRemove(holiday.id ?? UUID()).path,
                past: date < today)
        }
        return try await req.render(
            "Engagement/EService/holidays", title: EServiceText.holidaysTitle,
            HolidaysBody(rows: rows, action: EServiceRoute.holidayAdd.path, values: values, errors: errors, note: EServiceText.holidaysNote), status: status)
    }

    struct HolidayForm: Content {
        var day: String?
        var name: String?
    }

    func addHoliday(_ req: Request) async throws -> Response {
        let form = (try? req.content.decode(HolidayForm.self)) ?? HolidayForm()
        let service = ServiceCatalogue(db: req.db, writer: req.writer, audit: req.audit, clock: req.clock)
        do {
            try await service.addHoliday(day: form.day, name: form.name, actor: req.auditActor)
        } catch ServiceDeskError.invalid(let errors) {
            return try await holidays(req, values: ["day": form.day ?? "", "name": form.name ?? ""], errors: errors, status: .unprocessableEntity)
        }
        return req.redirect(to: EServiceRoute.holidays.path, flash: Flash(kind: .success, text: EServiceText.holidaySaved))
    }

    func removeHoliday(_ req: Request, id: UUID) async throws -> Response {
        let service = ServiceCatalogue(db: req.db, writer: req.writer, audit: req.audit, clock: req.clock)
        do {
            try await service.removeHoliday(id, actor: req.auditActor)
        } catch ServiceDeskError.notFound {
            throw PrakatError.notFound()
        }
        return req.redirect(to: EServiceRoute.holidays.path, flash: Flash(kind: .success, text: EServiceText.holidayRemoved))
    }
}

/// Writes of the catalogue and the holiday calendar, each with its audit entry.
struct ServiceCatalogue: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let clock: any PrakatClock

    func save(_ form: EServiceAdminPages.TypeForm, existing: ServiceType?, people: Set<UUID>, actor: AuditActor) async throws {
        var errors = FormErrors()
        let slug = (form.slug ?? existing?.slug ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if !ServiceTypeSlug.isValid(slug) {
            errors.add("slug", EServiceText.slugInvalid)
        } else if let other = try await ServiceType.query(on: db).filter(\.$slug == slug).first(), other.id != existing?.id {
            errors.add("slug", EServiceText.slugTaken)
        }
        let name = ServiceDesk.text(form.name, field: "name", label: "ชื่อประเภท", limit: 150, multiline: false, required: "กรุณากรอกชื่อประเภทบริการ", into: &errors)
        let summary = ServiceDesk.text(form.summary, field: "summary", label: "คำอธิบาย", limit: 1000, required: nil, into: &errors) ?? ""
        let fieldsSpec = ServiceDesk.text(form.fields, field: "fields", label: "ช่องกรอกเพิ่มเติม", limit: 2000, required: nil, into: &errors) ?? ""
        let fields = ServiceTypeField.parse(fieldsSpec)
        if fields.count > ServiceTypeField.maxFields || fields.contains(where: { $0.label.unicodeScalars.count > ServiceTypeField.labelLimit }) {
            errors.add("fields", EServiceText.tooManyFields)
        }
        let days = form.days.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if days == nil || !WorkingDayCalendar.dueDays.contains(days ?? 0) { errors.add("days", EServiceText.daysInvalid) }
        var unitID: UUID?
        if let raw = form.unitId, !raw.isEmpty {
            if let id = UUID(uuidString: raw), try await OrgUnit.find(id, on: db) != nil { unitID = id } else { errors.add("unitId", EServiceText.unitUnknown) }
        }
        let confidential = form.confidential != nil
        let knownPeople = try await User.query(on: db).filter(\.$id ~~ Array(people)).all().compactMap(\.id)
        if confidential, knownPeople.isEmpty { errors.add("people", EServiceText.peopleRequired) }
        guard errors.isEmpty, let name, let days else { throw ServiceDeskError.invalid(errors) }
        let chosen = knownPeople
        let unit = unitID
        try await writer.write { tx in
            let now = clock.now()
            let type = existing ?? ServiceType()
            let isNew = existing == nil
            if isNew {
                type.id = UUID()
                type.createdAt = now
                type.position = ((try await ServiceType.query(on: tx.db).max(\.$position)) ?? 0) + 10
            }
            type.slug = slug
            type.nameTh = name
            type.summary = summary
            type.fieldsSpec = fields.map { $0.label + ($0.required ? "*" : "") }.joined(separator: "\n")
            type.unitID = unit
            type.dueWorkingDays = days
            type.allowsAnonymous = form.allowsAnonymous != nil
            type.confidential = confidential
            type.active = form.active != nil
            type.updatedAt = now
            try await type.save(on: tx.db)
            let typeID = try type.requireID()
            try await ServiceTypePerson.query(on: tx.db).filter(\.$typeID == typeID).delete()
            if confidential {
                for person in chosen { try await ServiceTypePerson(typeID: typeID, userID: person).create(on: tx.db) }
            }
            try await audit.record(
                AuditEvent(
                    isNew ? .serviceTypeCreated : .serviceTypeUpdated, entityType: "service_type", entityID: typeID.lowercased,
                    details: [
                        "slug": slug, "days": String(days), "confidential": confidential ? "yes" : "no",
                        "people": chosen.map(\.lowercased).sorted().joined(separator: ",")
                    ]),
                by: actor, in: tx)
        }
    }

    func addHoliday(day raw: String?, name rawName: String?, actor: AuditActor) async throws {
        var errors = FormErrors()
        let text = raw?.trimmingCharacters(in: .whitespaces) ?? ""
        let day = CalendarDate.parseInput(text)
        if day == nil { errors.add("day", EServiceText.holidayDateInvalid) }
        let name = ServiceDesk.text(rawName, field: "name", label: "ชื่อวันหยุด", limit: 150, multiline: false, required: "กรุณากรอกชื่อวันหยุด", into: &errors)
        if let day, try await PublicHoliday.query(on: db).filter(\.$day == day.iso).count() > 0 { errors.add("day", EServiceText.holidayDuplicate) }
        guard errors.isEmpty, let day, let name else { throw ServiceDeskError.invalid(errors) }
        try await writer.write { tx in
            let holiday = PublicHoliday(day: day, name: name)
            try await holiday.create(on: tx.db)
            try await audit.record(
                AuditEvent(.holidayAdded, entityType: "holiday", entityID: holiday.id?.lowercased, details: ["day": day.iso, "name": name]), by: actor, in: tx)
        }
    }

    func removeHoliday(_ id: UUID, actor: AuditActor) async throws {
        try await writer.write { tx in
            guard let holiday = try await PublicHoliday.find(id, on: tx.db) else { throw ServiceDeskError.notFound }
            try await holiday.delete(on: tx.db)
            try await audit.record(
                AuditEvent(.holidayRemoved, entityType: "holiday", entityID: id.lowercased, details: ["day": holiday.day, "name": holiday.name]), by: actor, in: tx)
        }
    }
}
