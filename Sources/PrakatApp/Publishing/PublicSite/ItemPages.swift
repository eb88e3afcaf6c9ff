import Fluent
import Foundation
import PrakatCore
import Vapor

/// A published item's page (or what is said once it is gone) and its files.
extension PublicSiteRoutes {
    struct ItemBody: Encodable {
        struct File: Encodable {
            var fileName: String
            var kindName: String
            var size: String
            var path: String
        }
        var number: Int
        var title: String
        var bodyHTML: String
        var published: String
        var publishedISO: String
        var updated: String
        var expires: String?
        var sourceName: String?
        var sourceDate: String?
        var links: [String]
        var files: [File]
        /// The first JPEG or PNG attachment, shown at the top of the page.
        var cover: PhotoView?
        /// The other photos, shown as a gallery.
        var photos: [PhotoView]
        var categoryName: String
        var categoryPath: String
        var unitName: String
        var urgent: Bool
        var archived: Bool
        var og: OpenGraph
        var shareFacebook: String
        var shareLine: String
    }

    struct GoneBody: Encodable {
        var title: String
        var notice: String
        var reason: String?
        var endedAt: String?
        var categoryPath: String?
        var categoryName: String?
    }

    func findPublication(_ req: Request, number: Int) async throws -> Publication {
        guard let publication = try await req.db.row(Publication.self, where: "number", is: number)
        else { throw PrakatError.notFound() }
        return publication
    }

    func item(_ req: Request, number: Int) async throws -> Response {
        try await req.cachedPublicPage {
            let publication = try await findPublication(req, number: number)
            let now = req.clock.now()
            let items = PublicItems(db: req.db, now: now)
            let category = try await req.db.row(SiteCategory.self, where: "id", is: publication.categoryID)
            let validUntil = publication.window.nextChange(after: now)
            switch items.readability(publication, category: category) {
            case .notYet:
                throw PrakatError.notFound()
            case .gone(let status):
                // 410 with a Thai notice; a withdrawn page says why (issue 3 §4).
                let notice =
                    switch status {
                    case .withdrawn: PublishingText.withdrawnNotice
                    case .urgentLapsed: PublishingText.urgentLapsedNotice
                    default: PublishingText.expiredNotice
                    }
                let body = GoneBody(
                    title: publication.title, notice: notice,
                    reason: status == .withdrawn ? publication.withdrawReason : nil,
                    endedAt: PublishingFormat.dateTime(publication.withdrawnAt ?? publication.urgentDeadline ?? publication.expireAt),
                    categoryPath: category.map { PublicRoute.category($0.slug).path }, categoryName: category?.nameTh)
                let response = try await req.render("Site/gone", title: notice, body, status: .gone)
                return PublicContent(response: response, lastModified: publication.updatedAt, validUntil: validUntil, tags: [SiteTag.item(number)])
            case .live, .archived:
                let files = try await req.db.rows(Attachment.self, where: "request_id", is: publication.currentRequestID, orderedBy: "position")
                let photoFiles = files.filter { FileKind(rawValue: $0.kind)?.isImage == true }
                let hashes = Array(Set(photoFiles.map(\.sha256)))
                let copies = hashes.isEmpty ? [] : try await PhotoVariant.query(on: req.db).filter(\.$originalSHA256 ~~ hashes).all()
                let variants = Dictionary(grouping: copies, by: \.originalSHA256)
                let base = req.publicBaseURL
                let photos = photoFiles.enumerated().map { index, file in
                    PhotoView(
                        attachment: file, variants: variants[file.sha256] ?? [], original: PublicRoute.itemFile(publication.number, file.id!).path,
                        copyPath: { PublicRoute.itemPhoto(publication.number, file.id!, $0).path }, baseURL: base,
                        fallbackAlt: PublishingText.photoFallbackAlt(publication.title, index + 1))
                }
                let unit = try await req.db.row(OrgUnit.self, where: "id", is: publication.unitID)
                let agency = await req.agencyProfile()
                let url = req.publicBaseURL + PublicRoute.item(publication.number).path
                let encodedURL = url.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? url
                let body = ItemBody(
                    number: publication.number, title: publication.title, bodyHTML: Markdown.html(publication.body),
                    published: ThaiDateFormat.long(publication.publishAt, digits: .arabic),
                    publishedISO: InternetDate.rfc3339(publication.publishAt),
                    updated: ThaiDateFormat.long(publication.updatedAt, digits: .arabic, showsTime: true),
                    expires: PublishingFormat.date(publication.expireAt),
                    sourceName: publication.sourceName, sourceDate: PublishingFormat.thaiDate(iso: publication.sourceDate),
                    links: publication.links.filter(ExternalLink.isValid),
                    files: files.filter { FileKind(rawValue: $0.kind)?.isImage != true }.map {
                        .init(
                            fileName: $0.fileName, kindName: FileKind(rawValue: $0.kind)?.thaiName ?? $0.kind,
                            size: PublishingFormat.size($0.size), path: PublicRoute.itemFile(publication.number, $0.id!).path)
                    },
                    cover: photos.first, photos: Array(photos.dropFirst()),
                    categoryName: category?.nameTh ?? "", categoryPath: category.map { PublicRoute.category($0.slug).path } ?? "/",
                    unitName: unit?.nameTh ?? "", urgent: publication.urgentDeadline != nil,
                    archived: publication.window.status(at: now) == .expired,
                    og: OpenGraph(
                        title: publication.title, description: Markdown.excerpt(fromStored: publication.excerpt, maxGraphemes: 200),
                        url: url, type: "article", siteName: agency.nameTh, image: photos.first?.shareURL, imageAlt: photos.first?.alt),
                    shareFacebook: "https://www.facebook.com/sharer/sharer.php?u=" + encodedURL,
                    shareLine: "https://social-plugins.line.me/lineit/share?url=" + encodedURL)
                let response = try await req.render("Site/item", title: publication.title, body)
                return PublicContent(
                    response: response, lastModified: publication.updatedAt, validUntil: validUntil, tags: [SiteTag.item(number), SiteTag.unit(publication.unitID)])
            }
        }
    }

    /// A photo's smaller copy follows its item like the photo itself.
    func photo(_ req: Request, number: Int, fileID: UUID, width: Int) async throws -> Response {
        let publication = try await findPublication(req, number: number)
        let now = req.clock.now()
        let category = try await req.db.row(SiteCategory.self, where: "id", is: publication.categoryID)
        guard let attachment = try await Attachment.query(on: req.db).filter(\.$id == fileID).filter(\.$requestID == publication.currentRequestID).first(),
            let variant = try await PhotoVariant.query(on: req.db).filter(\.$originalSHA256 == attachment.sha256).filter(\.$width == width).first()
        else { throw PrakatError.notFound() }
        switch PublicItems(db: req.db, now: now).readability(publication, category: category) {
        case .notYet: throw PrakatError.notFound()
        case .gone: throw PrakatError(status: .gone, kind: "gone", title: PublishingText.expiredNotice, detail: PublishingText.expiredNotice)
        case .live, .archived:
            let validUntil = publication.window.nextChange(after: now)
            return try await AttachmentResponse.blob(
                sha256: variant.sha256, contentType: variant.contentType, disposition: ContentDisposition.inline(fileName: attachment.fileName), req: req,
                cacheControl: PublicCachePolicy.photoCacheControl(validUntil: validUntil, now: now))
        }
    }

    /// Attachments follow their item: readable only while the item is (the API contract).
    func file(_ req: Request, number: Int, fileID: UUID) async throws -> Response {
        let publication = try await findPublication(req, number: number)
        let now = req.clock.now()
        let category = try await req.db.row(SiteCategory.self, where: "id", is: publication.categoryID)
        guard let attachment = try await Attachment.query(on: req.db).filter(\.$id == fileID).filter(\.$requestID == publication.currentRequestID).first()
        else { throw PrakatError.notFound() }
        switch PublicItems(db: req.db, now: now).readability(publication, category: category) {
        case .notYet: throw PrakatError.notFound()
        case .gone: throw PrakatError(status: .gone, kind: "gone", title: PublishingText.expiredNotice, detail: PublishingText.expiredNotice)
        case .live, .archived:
            let validUntil = publication.window.nextChange(after: now)
            return try await AttachmentResponse.make(attachment, req: req, cacheControl: PublicCachePolicy.cacheControl(validUntil: validUntil, now: now, signedIn: false))
        }
    }
}
