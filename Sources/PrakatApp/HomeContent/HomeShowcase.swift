import Fluent
import Foundation
import PrakatCore

/// What the public home page shows of the banners, quick links and executives: those whose
/// period holds now, in the webmasters' order.
enum HomeShowcase {
    struct Picture: Encodable, Sendable {
        var src: String
        var srcset: String?
        var width: Int
        var height: Int
    }

    struct Banner: Encodable, Sendable {
        var alt: String
        var caption: String?
        var link: String?
        var picture: Picture
    }

    struct QuickLink: Encodable, Sendable {
        var label: String
        var link: String
    }

    struct Executive: Encodable, Sendable {
        var name: String
        var position: String
        var picture: Picture?
    }

    struct Content: Encodable, Sendable {
        var banners: [Banner]
        var quickLinks: [QuickLink]
        var executives: [Executive]
        /// When the next entry starts or ends: the cached home page is valid until then.
        var nextChange: Date?
        var lastModified: Date
    }

    static func load(on db: any Database, now: Date) async throws -> Content {
        let entries = try await db.rows(HomeEntry.self, orderedBy: "position", "created_at")
        let shown = entries.filter { $0.window.isPublic(at: now) }
        let hashes = Array(Set(shown.compactMap(\.imageSHA256)))
        let variants = hashes.isEmpty ? [] : try await PhotoVariant.query(on: db).filter(\.$originalSHA256 ~~ hashes).all()
        let bySHA = Dictionary(grouping: variants, by: \.originalSHA256)
        func picture(_ entry: HomeEntry) -> Picture? {
            entry.imageSHA256.map { imagePath(sha: $0, widths: bySHA[$0] ?? [], entry: entry) }
        }
        var banners: [Banner] = []
        var links: [QuickLink] = []
        var executives: [Executive] = []
        for entry in shown {
            switch entry.kind {
            case .banner:
                if let picture = picture(entry) {
                    banners.append(Banner(alt: entry.altText ?? entry.title, caption: entry.title.nonEmpty, link: entry.link, picture: picture))
                }
            case .quickLink:
                if let link = entry.link { links.append(QuickLink(label: entry.title, link: link)) }
            case .executive:
                executives.append(Executive(name: entry.title, position: entry.subtitle ?? "", picture: picture(entry)))
            case nil:
                continue
            }
        }
        let nextChange = entries.compactMap { $0.window.nextChange(after: now) }.min()
        return Content(
            banners: banners, quickLinks: links, executives: executives, nextChange: nextChange,
            lastModified: entries.map(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0))
    }

    /// The picture's narrow copy with the others as a `srcset`; the original when there is none.
    static func imagePath(sha: String, widths: [PhotoVariant], entry: HomeEntry) -> Picture {
        let original = HomeContentRoute.image(sha).path
        let sorted = widths.sorted { $0.width < $1.width }
        let width = entry.imageWidth ?? PhotoSizes.wide
        let height = entry.imageHeight ?? PhotoSizes.narrow
        guard let narrow = sorted.first else { return Picture(src: original, srcset: nil, width: width, height: height) }
        let srcset = (sorted.map { "\(HomeContentRoute.imageCopy(sha, $0.width).path) \($0.width)w" } + ["\(original) \(width)w"]).joined(separator: ", ")
        return Picture(src: HomeContentRoute.imageCopy(sha, narrow.width).path, srcset: srcset, width: narrow.width, height: narrow.height)
    }
}
