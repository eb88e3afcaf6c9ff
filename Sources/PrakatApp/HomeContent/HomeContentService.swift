import Fluent
import Foundation
import PrakatCore
import Vapor

/// Why a home-page change did not happen; the pages turn it into Thai messages beside the fields.
enum HomeContentError: Error {
    case invalid(FormErrors)
    case notFound
}

/// What the form says about a banner, quick link or executive (every field as typed).
struct HomeEntryInput: Sendable {
    var title: String?
    var subtitle: String?
    var link: String?
    var alt: String?
    var startsAt: String?
    var endsAt: String?
    var image: (fileName: String, data: Data)?
    var removeImage = false
}

/// The checked values, ready to apply inside the write transaction.
struct CheckedHomeEntry: Sendable {
    var title: String
    var subtitle: String?
    var link: String?
    var alt: String?
    var startsAt: Date
    var endsAt: Date?
    var image: PreparedPhoto?
    var imageContentType: String?
    var removeImage: Bool
}

/// Every write of the home page's banners, quick links and executives: checked first, then one
/// transaction with the site's version (cached pages show them) and an audit entry.
struct HomeContentService: Sendable {
    let db: any Database
    let writer: DatabaseWriter
    let audit: AuditTrail
    let siteVersion: SiteVersion
    let clock: any PrakatClock
    let thumbnailer: Thumbnailer

    static let maxImageBytes = 4 * 1024 * 1024
    static let titleLimit = 200
    static let altLimit = 250
    static let linkLimit = 2000

    /// Checks `input` for an entry of `kind`; `existing` is the entry being edited (its picture
    /// may stay). All messages at once, each naming its field.
    func check(_ input: HomeEntryInput, kind: HomeEntryKind, existing: HomeEntry?, logger: Logger) async -> Result<CheckedHomeEntry, FormErrors> {
        var errors = FormErrors()
        func text(_ raw: String?, field: String, label: String, limit: Int, required: String?) -> String? {
            let value = raw?.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if value.isEmpty {
                if let required { errors.add(field, required) }
                return nil
            }
            if value.unicodeScalars.count > limit {
                errors.add(field, HomeContentText.tooLong(label, limit))
            } else if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                errors.add(field, HomeContentText.controlCharacters(label))
            }
            return value
        }
        let title: String?
        var subtitle: String?
        var alt: String?
        switch kind {
        case .banner:
            title = text(input.title, field: "title", label: HomeContentText.fieldTitle, limit: Self.titleLimit, required: nil)
            alt = text(input.alt, field: "alt", label: HomeContentText.fieldAlt, limit: Self.altLimit, required: HomeContentText.altRequired)
        case .quickLink:
            title = text(input.title, field: "title", label: HomeContentText.fieldTitle, limit: 80, required: HomeContentText.labelRequired)
        case .executive:
            title = text(input.title, field: "title", label: HomeContentText.fieldName, limit: Self.titleLimit, required: HomeContentText.nameRequired)
            subtitle = text(input.subtitle, field: "subtitle", label: HomeContentText.fieldPosition, limit: Self.titleLimit, required: HomeContentText.positionRequired)
        }
        var link = text(input.link, field: "link", label: HomeContentText.fieldLink, limit: Self.linkLimit, required: kind == .quickLink ? HomeContentText.linkRequired : nil)
        if let value = link, !SafeURL.isAllowedLink(value) {
            errors.add("link", HomeContentText.linkInvalid)
            link = nil
        }
        let now = clock.now()
        let start = PublishingFormat.parseInstant(input.startsAt)
        let end = PublishingFormat.parseInstant(input.endsAt)
        if start.invalid { errors.add("startsAt", HomeContentText.startsAtInvalid) }
        if end.invalid { errors.add("endsAt", HomeContentText.endsAtInvalid) }
        let startsAt = start.value ?? existing?.startsAt ?? now
        if let endsAt = end.value, endsAt <= startsAt { errors.add("endsAt", HomeContentText.endBeforeStart) }

        var photo: PreparedPhoto?
        var contentType: String?
        if let image = input.image, !(image.data.isEmpty && image.fileName.isEmpty) {
            switch await checkImage(image, logger: logger) {
            case .success(let prepared):
                photo = prepared.photo
                contentType = prepared.contentType
            case .failure(let message): errors.add("image", message)
            }
        } else if kind == .banner, existing?.imageSHA256 == nil || input.removeImage {
            errors.add("image", HomeContentText.imageRequired)
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(
            CheckedHomeEntry(
                title: title ?? "", subtitle: subtitle, link: link, alt: alt, startsAt: startsAt, endsAt: end.value, image: photo,
                imageContentType: contentType, removeImage: input.removeImage && kind != .banner))
    }

    /// A PNG or JPEG of at most 4 MB, checked by its content, stored without its metadata.
    private func checkImage(_ image: (fileName: String, data: Data), logger: Logger) async -> Result<(photo: PreparedPhoto, contentType: String), String> {
        if image.data.isEmpty { return .failure(HomeContentText.imageEmpty) }
        if image.data.count > Self.maxImageBytes { return .failure(HomeContentText.imageTooLarge) }
        let inspected: InspectedFile
        do {
            inspected = try UploadInspector.inspect(
                fileName: image.fileName, data: image.data, policy: UploadPolicy(maxBytes: Self.maxImageBytes, allowedExtensions: ["png", "jpg", "jpeg"]))
        } catch {
            return .failure(HomeContentText.imageRefused(error.thaiMessage))
        }
        guard inspected.kind.isImage, let photo = await thumbnailer.prepare(image.data, kind: inspected.kind, logger: logger) else {
            return .failure(HomeContentText.imageWrongKind)
        }
        return .success((photo, inspected.contentType))
    }

    func create(_ kind: HomeEntryKind, _ checked: CheckedHomeEntry, actor: AuditActor) async throws -> HomeEntry {
        return try await writer.write { tx in
            let last = try await HomeEntry.query(on: tx.db).filter(\.$kindRaw == kind.rawValue).sort(\.$position, .descending).first()
            let now = clock.now()
            let entry = HomeEntry()
            entry.id = UUID()
            entry.kindRaw = kind.rawValue
            entry.position = (last?.position ?? 0) + 10
            entry.createdAt = now
            try await apply(checked, to: entry, now: now, tx)
            try await entry.create(on: tx.db)
            try await siteVersion.bump(tx, .homeShowcase)
            try await audit.record(Self.event(.homeEntryCreated, entry), by: actor, in: tx)
            return entry
        }
    }

    func update(_ id: UUID, _ checked: CheckedHomeEntry, actor: AuditActor) async throws {
        // Pages cached on this instance are stale from the commit on.
        try await writer.write { tx in
            guard let entry = try await HomeEntry.find(id, on: tx.db) else { throw HomeContentError.notFound }
            try await apply(checked, to: entry, now: clock.now(), tx)
            try await entry.update(on: tx.db)
            try await siteVersion.bump(tx, .homeShowcase)
            try await audit.record(Self.event(.homeEntryUpdated, entry), by: actor, in: tx)
        }
    }

    func remove(_ id: UUID, actor: AuditActor) async throws {
        // Pages cached on this instance are stale from the commit on.
        try await writer.write { tx in
            guard let entry = try await HomeEntry.find(id, on: tx.db) else { throw HomeContentError.notFound }
            try await entry.delete(on: tx.db)
            try await siteVersion.bump(tx, .homeShowcase)
            // The picture's blob stays: the audit trail names its hash.
            try await audit.record(Self.event(.homeEntryRemoved, entry), by: actor, in: tx)
        }
    }

    /// Swaps the entry with its neighbour in its kind's order.
    func move(_ id: UUID, up: Bool, actor: AuditActor) async throws {
        // Pages cached on this instance are stale from the commit on.
        try await writer.write { tx in
            guard let entry = try await HomeEntry.find(id, on: tx.db) else { throw HomeContentError.notFound }
            let siblings = try await HomeEntry.query(on: tx.db).filter(\.$kindRaw == entry.kindRaw).sort(\.$position).sort(\.$createdAt).all()
            guard let index = siblings.firstIndex(where: { $0.id == entry.id }) else { throw HomeContentError.notFound }
            let target = up ? index - 1 : index + 1
            guard siblings.indices.contains(target) else { return }
            // Positions are renumbered in steps of ten, so equal positions from old data cannot stick.
            var ordered = siblings
            ordered.swapAt(index, target)
            for (offset, sibling) in ordered.enumerated() where sibling.position != (offset + 1) * 10 {
                sibling.position = (offset + 1) * 10
                try await sibling.update(on: tx.db)
            }
            try await siteVersion.bump(tx, .homeShowcase)
            try await audit.record(
                AuditEvent(.homeEntryMoved, entityType: "home_entry", entityID: entry.id?.lowercased, details: ["kind": entry.kindRaw, "direction": up ? "up" : "down"]),
                by: actor, in: tx)
        }
    }

    private func apply(_ checked: CheckedHomeEntry, to entry: HomeEntry, now: Date, _ tx: WriteTransaction) async throws {
        entry.title = checked.title
        entry.subtitle = checked.subtitle
        entry.link = checked.link
        entry.altText = checked.alt
        entry.startsAt = checked.startsAt
        entry.endsAt = checked.endsAt
        entry.updatedAt = now
        if checked.removeImage {
            entry.imageSHA256 = nil
            entry.imageContentType = nil
            entry.imageWidth = nil
            entry.imageHeight = nil
        }
        if let photo = checked.image {
            try await PhotoStore.save(photo, now: now, on: tx.db)
            entry.imageSHA256 = photo.sha256
            entry.imageContentType = checked.imageContentType
            entry.imageWidth = photo.width
            entry.imageHeight = photo.height
        }
    }

    private static func event(_ action: AuditAction, _ entry: HomeEntry) -> AuditEvent {
        var details = ["kind": entry.kindRaw, "title": entry.title, "startsAt": InternetDate.rfc3339(entry.startsAt)]
        if let alt = entry.altText { details["alt"] = alt }
        if let link = entry.link { details["link"] = link }
        if let subtitle = entry.subtitle { details["subtitle"] = subtitle }
        if let end = entry.endsAt { details["endsAt"] = InternetDate.rfc3339(end) }
        if let sha = entry.imageSHA256 { details["image"] = sha }
        return AuditEvent(action, entityType: "home_entry", entityID: entry.id?.lowercased, details: details)
    }
}

extension Request {
    var homeContent: HomeContentService {
        HomeContentService(db: db, writer: writer, audit: audit, siteVersion: application.siteVersion, clock: clock, thumbnailer: application.thumbnailer)
    }
}
