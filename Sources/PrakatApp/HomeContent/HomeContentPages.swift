import Fluent
import Foundation
import PrakatCore
import Vapor

/// Webmasters' pages for the home page's banners, quick links and executives, and the pictures.
struct HomeContentPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = HomeContentPages()
        routes.register(HomeContentRoute.self) { req, route in
            switch route {
            case .overview: try await pages.overview(req)
            case .new(let kind): try await pages.form(req, kind: kind, entry: nil)
            case .create(let kind): try await pages.save(req, kind: kind, entry: nil)
            case .edit(let id): try await pages.form(req, kind: nil, entry: try await pages.find(req, id))
            case .update(let id): try await pages.save(req, kind: nil, entry: try await pages.find(req, id))
            case .remove(let id): try await pages.remove(req, id: id)
            case .move(let id): try await pages.move(req, id: id)
            case .image(let sha): try await pages.image(req, sha: sha, width: nil)
            case let .imageCopy(sha, width): try await pages.image(req, sha: sha, width: width)
            }
        }
    }

    func find(_ req: Request, _ id: UUID) async throws -> HomeEntry {
        guard let entry = try await HomeEntry.find(id, on: req.db), entry.kind != nil else { throw PrakatError.notFound() }
        return entry
    }

    // MARK: Overview

    struct OverviewBody: Encodable {
        struct Row: Encodable {
            var title: String
            var detail: String?
            var link: String?
            var thumb: String?
            var period: String
            var status: String
            var live: Bool
            var editPath: String
            var removePath: String
            var movePath: String
            var canMoveUp: Bool
            var canMoveDown: Bool
        }
        struct Section: Encodable {
            var kind: String
            var title: String
            var addLabel: String
            var addPath: String
            var empty: String
            var rows: [Row]
        }
        var intro: String
        var sections: [Section]
        var homePath: String
    }

    func overview(_ req: Request) async throws -> Response {
        let entries = try await HomeEntry.query(on: req.db).sort(\.$position).sort(\.$createdAt).all()
        let now = req.clock.now()
        let sections = HomeEntryKind.allCases.map { kind in
            let rows = entries.filter { $0.kind == kind }
            return OverviewBody.Section(
                kind: kind.segment, title: HomeContentText.sectionTitle(kind), addLabel: HomeContentText.addTitle(kind),
                addPath: HomeContentRoute.new(kind).path, empty: HomeContentText.empty(kind),
                rows: rows.enumerated().map { index, entry in
                    let status = entry.window.status(at: now)
                    return OverviewBody.Row(
                        title: kind == .banner ? (entry.altText ?? entry.title) : entry.title, detail: entry.subtitle, link: entry.link,
                        thumb: entry.imageSHA256.map { HomeShowcase.imagePath(sha: $0, widths: [], entry: entry).src },
                        period: Self.period(entry),
                        status: status == .live ? HomeContentText.statusLive : status == .scheduled ? HomeContentText.statusScheduled : HomeContentText.statusEnded,
                        live: status == .live, editPath: HomeContentRoute.edit(entry.id!).path, removePath: HomeContentRoute.remove(entry.id!).path,
                        movePath: HomeContentRoute.move(entry.id!).path, canMoveUp: index > 0, canMoveDown: index < rows.count - 1)
                })
        }
        return try await req.render(
            "HomeContent/overview", title: HomeContentText.overviewTitle,
            OverviewBody(intro: HomeContentText.intro, sections: sections, homePath: PublicRoute.home.path))
    }

    static func period(_ entry: HomeEntry) -> String {
        let start = entry.startsAt.timeIntervalSince1970 == 0 ? "ติดตั้งระบบ" : (PublishingFormat.dateTime(entry.startsAt) ?? "")
        guard let end = PublishingFormat.dateTime(entry.endsAt) else { return "ตั้งแต่\(start) ไม่มีกำหนดสิ้นสุด" }
        return "\(start) ถึง \(end)"
    }

    // MARK: Form

    struct FormBody: Encodable {
        var kind: String
        var action: String
        var isNew: Bool
        var values: [String: String]
        var errors: FormErrors
        var imagePath: String?
        var chooseImageAgain: Bool
        var cancelPath: String
    }

    struct EntryForm: Content {
        var title: String?
        var subtitle: String?
        var link: String?
        var alt: String?
        var startsAt: String?
        var endsAt: String?
        var image: File?
        var removeImage: String?

        var input: HomeEntryInput {
            HomeEntryInput(
                title: title, subtitle: subtitle, link: link, alt: alt, startsAt: startsAt, endsAt: endsAt,
                image: image.map { ($0.filename, Data($0.data.readableBytesView)) }, removeImage: removeImage != nil)
        }

        var typed: [String: String] {
            ["title": title ?? "", "subtitle": subtitle ?? "", "link": link ?? "", "alt": alt ?? "", "startsAt": startsAt ?? "", "endsAt": endsAt ?? ""]
        }
    }

    func form(_ req: Request, kind: HomeEntryKind?, entry: HomeEntry?) async throws -> Response {
        try await render(req, kind: kind ?? entry?.kind ?? .banner, entry: entry, values: nil, errors: FormErrors())
    }

    private func render(
        _ req: Request, kind: HomeEntryKind, entry: HomeEntry?, values: [String: String]?, errors: FormErrors, status: HTTPResponseStatus = .ok,
        imageLost: Bool = false
    ) async throws -> Response {
        let current: [String: String] =
            entry.map {
                [
                    "title": $0.title, "subtitle": $0.subtitle ?? "", "link": $0.link ?? "", "alt": $0.altText ?? "",
                    "startsAt": $0.startsAt.timeIntervalSince1970 == 0 ? "" : PublishingFormat.localInput($0.startsAt),
                    "endsAt": PublishingFormat.localInput($0.endsAt)
                ]
            } ?? [:]
        let body = FormBody(
            kind: kind.segment, action: entry.map { HomeContentRoute.update($0.id!).path } ?? HomeContentRoute.create(kind).path,
            isNew: entry == nil, values: values ?? current, errors: errors,
            imagePath: entry.flatMap { e in e.imageSHA256.map { HomeShowcase.imagePath(sha: $0, widths: [], entry: e).src } },
            chooseImageAgain: imageLost, cancelPath: HomeContentRoute.overview.path)
        let title = entry == nil ? HomeContentText.addTitle(kind) : HomeContentText.editTitle(kind)
        return try await req.render("HomeContent/entry-form", title: title, body, status: status)
    }

    func save(_ req: Request, kind givenKind: HomeEntryKind?, entry: HomeEntry?) async throws -> Response {
        let form = (try? req.content.decode(EntryForm.self)) ?? EntryForm()
        guard let kind = givenKind ?? entry?.kind else { throw PrakatError.notFound() }
        let service = req.homeContent
        switch await service.check(form.input, kind: kind, existing: entry, logger: req.logger) {
        case .failure(let errors):
            let sentImage = form.image.map { $0.data.readableBytes > 0 } ?? false
            return try await render(req, kind: kind, entry: entry, values: form.typed, errors: errors, status: .unprocessableEntity, imageLost: sentImage)
        case .success(let checked):
            do {
                if let entry, let id = entry.id {
                    try await service.update(id, checked, actor: req.auditActor)
                } else {
                    _ = try await service.create(kind, checked, actor: req.auditActor)
                }
            } catch HomeContentError.notFound {
                throw PrakatError.notFound()
            }
            return req.redirect(to: HomeContentRoute.overview.path, flash: Flash(kind: .success, text: HomeContentText.saved))
        }
    }

    func remove(_ req: Request, id: UUID) async throws -> Response {
        do {
            try await req.homeContent.remove(id, actor: req.auditActor)
        } catch HomeContentError.notFound {
            throw PrakatError.notFound()
        }
        return req.redirect(to: HomeContentRoute.overview.path, flash: Flash(kind: .success, text: HomeContentText.removed))
    }

    struct MoveForm: Content { var direction: String? }

    func move(_ req: Request, id: UUID) async throws -> Response {
        let form = (try? req.content.decode(MoveForm.self)) ?? MoveForm()
        guard let direction = form.direction, ["up", "down"].contains(direction) else {
            return req.redirect(to: HomeContentRoute.overview.path, flash: Flash(kind: .error, text: "ไม่ทราบทิศทางที่ต้องการย้าย"))
        }
        do {
            try await req.homeContent.move(id, up: direction == "up", actor: req.auditActor)
        } catch HomeContentError.notFound {
            throw PrakatError.notFound()
        }
        return req.redirect(to: HomeContentRoute.overview.path, flash: Flash(kind: .success, text: HomeContentText.moved))
    }

    // MARK: Pictures

    /// Only pictures some entry uses are served; content-addressed, so cached for a year.
    func image(_ req: Request, sha: String, width: Int?) async throws -> Response {
        guard let entry = try await HomeEntry.query(on: req.db).filter(\.$imageSHA256 == sha).first() else { throw PrakatError.notFound() }
        var blobSHA = sha
        var contentType = entry.imageContentType ?? FileKind.png.contentType
        if let width {
            guard let variant = try await PhotoVariant.query(on: req.db).filter(\.$originalSHA256 == sha).filter(\.$width == width).first() else {
                throw PrakatError.notFound()
            }
            blobSHA = variant.sha256
            contentType = variant.contentType
        }
        let name = contentType == FileKind.jpeg.contentType ? "image.jpg" : "image.png"
        return try await AttachmentResponse.blob(
            sha256: blobSHA, contentType: contentType, disposition: ContentDisposition.inline(fileName: name), req: req,
            cacheControl: "public, max-age=31536000, immutable")
    }
}
