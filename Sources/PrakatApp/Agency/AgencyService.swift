import Fluent
import Foundation
import PrakatCore
import Vapor

/// Why a profile change did not happen; pages and the API turn it into Thai messages.
enum AgencyError: Error {
    case invalid(FormErrors)
}

/// Every write of the agency profile: the fields, the logo, and the public site's version (the
/// header and footer of every cached page show the profile), with one audit entry each.
struct AgencyService: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let siteVersion: SiteVersion
    let clock: any PrakatClock

    /// Applies what `input` says, and the logo when one came with it. Nothing is saved when any
    /// field or the logo is refused. Returns whether this save configured the site.
    @discardableResult
    func save(_ input: AgencyInput, logo: (fileName: String, data: Data)? = nil, removeLogo: Bool = false, actor: AuditActor) async throws -> Bool {
        let current = try await Agency.query(on: db).first()
        var errors = FormErrors()
        var checked: AgencyInput.Checked?
        switch input.check(current: current) {
        case .success(let value): checked = value
        case .failure(let fieldErrors): errors = fieldErrors
        }
        var checkedLogo: AgencyLogo.Checked?
        if let logo {
            switch AgencyLogo.check(fileName: logo.fileName, data: logo.data) {
            case .success(let value): checkedLogo = value
            case .failure(let message): errors.add("logo", message)
            }
        }
        guard errors.isEmpty, let checked else { throw AgencyError.invalid(errors) }
        let newLogo = checkedLogo
        let result = try await writer.write { tx in
            let agency = try await Agency.query(on: tx.db).first() ?? Agency(nameTh: "", nameEn: nil, address: "", phone: "", fax: nil, email: "", officeHours: nil)
            let wasConfigured = agency.nameTh.nonEmpty != nil
            checked.apply(to: agency)
            var logoEvent: AuditEvent?
            if let checkedLogo = newLogo {
                if try await Blob.find(checkedLogo.sha256, on: tx.db) == nil {
                    try await Blob(sha256: checkedLogo.sha256, data: checkedLogo.data, createdAt: clock.now()).create(on: tx.db)
                }
                agency.logoSHA256 = checkedLogo.sha256
                agency.logoContentType = checkedLogo.contentType
                logoEvent = AuditEvent(
                    .agencyLogoChanged, entityType: "agency", entityID: nil,
                    details: ["sha256": checkedLogo.sha256, "contentType": checkedLogo.contentType, "size": String(checkedLogo.data.count)])
            } else if removeLogo, let old = agency.logoSHA256 {
                agency.logoSHA256 = nil
                agency.logoContentType = nil
                logoEvent = AuditEvent(.agencyLogoRemoved, entityType: "agency", entityID: nil, details: ["sha256": old])
            }
            let isNew = agency.id == nil
            try await agency.save(on: tx.db)
            try await siteVersion.bump(tx, .frame)
            try await audit.record(
                AuditEvent(
                    isNew ? .agencyCreated : .agencyProfileUpdated, entityType: "agency", entityID: agency.id?.lowercased,
                    details: ["fields": checked.changedFields.joined(separator: ","), "nameTh": agency.nameTh]),
                by: actor, in: tx)
            if var logoEvent {
                logoEvent.entityID = agency.id?.lowercased
                try await audit.record(logoEvent, by: actor, in: tx)
            }
            return !wasConfigured && agency.nameTh.nonEmpty != nil
        }
        return result
    }

    /// The logo's bytes when `sha256` is the current logo (old addresses answer 404, so a
    /// replaced logo is not served on from a guessable address).
    func logo(_ sha256: String) async throws -> (data: Data, contentType: String)? {
        guard let agency = try await Agency.query(on: db).first(), agency.logoSHA256 == sha256, let type = agency.logoContentType,
            let blob = try await Blob.find(sha256, on: db)
        else { return nil }
        return (blob.data, type)
    }
}

extension Request {
    var agency: AgencyService {
        AgencyService(db: db, writer: writer, audit: application.audit, siteVersion: application.siteVersion, clock: application.clock)
    }
}
