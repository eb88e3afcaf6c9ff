import Foundation
import PrakatCore
import Vapor

/// The home page's banners, quick links and executives: webmasters' pages under `/staff/home`,
/// and their pictures under `/home/images`.
enum HomeContentRoute: TypedRoute {
    case overview
    case new(HomeEntryKind)
    case create(HomeEntryKind)
    case edit(UUID)
    case update(UUID)
    case remove(UUID)
    /// `direction=up|down` in the form.
    case move(UUID)
    /// A banner's or executive's picture by its content hash: a new picture is a new address.
    case image(String)
    /// Its smaller copy, by width (`PhotoSizes.widths`).
    case imageCopy(String, Int)

    static let exampleID = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()
    static let exampleSHA = String(repeating: "ab", count: 32)
    static let examples: [HomeContentRoute] =
        [.overview] + HomeEntryKind.allCases.flatMap { [.new($0), .create($0)] }
        + [.edit(exampleID), .update(exampleID), .remove(exampleID), .move(exampleID), .image(exampleSHA), .imageCopy(exampleSHA, PhotoSizes.narrow)]

    var method: HTTPMethod {
        switch self {
        case .overview, .new, .edit, .image, .imageCopy: .GET
        case .create, .update, .remove, .move: .POST
        }
    }

    var segments: [RouteSegment] {
        let home: [RouteSegment] = [.constant("staff"), .constant("home")]
        switch self {
        case .overview: return home
        case .new(let kind): return home + [.parameter("homeKind", kind.segment), .constant("new")]
        case .create(let kind): return home + [.parameter("homeKind", kind.segment)]
        case .edit(let id), .update(let id): return home + [.constant("entries"), .parameter("entryID", id.lowercased)]
        case .remove(let id): return home + [.constant("entries"), .parameter("entryID", id.lowercased), .constant("remove")]
        case .move(let id): return home + [.constant("entries"), .parameter("entryID", id.lowercased), .constant("move")]
        case .image(let sha): return [.constant("home"), .constant("images"), .parameter("sha256", sha)]
        case .imageCopy(let sha, let width): return [.constant("home"), .constant("images"), .parameter("sha256", sha), .parameter("width", String(width))]
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .image, .imageCopy: .everyone
        default: .roles([.webmaster])
        }
    }

    /// Banner and executive forms carry a picture.
    var options: RouteOptions {
        switch self {
        case .create, .update: RouteOptions(body: .collect(maxSize: nil))
        default: .none
        }
    }

    static func parse(_ template: HomeContentRoute, _ p: RouteParameters) -> HomeContentRoute? {
        switch template {
        case .overview: return template
        case .new: return p.string("homeKind").flatMap(HomeEntryKind.init(segment:)).map(HomeContentRoute.new)
        case .create: return p.string("homeKind").flatMap(HomeEntryKind.init(segment:)).map(HomeContentRoute.create)
        case .edit: return p.uuid("entryID").map(HomeContentRoute.edit)
        case .update: return p.uuid("entryID").map(HomeContentRoute.update)
        case .remove: return p.uuid("entryID").map(HomeContentRoute.remove)
        case .move: return p.uuid("entryID").map(HomeContentRoute.move)
        case .image: return Self.hash(p).map(HomeContentRoute.image)
        case .imageCopy:
            guard let sha = Self.hash(p), let width = p.int("width", in: PhotoSizes.narrow...PhotoSizes.wide), PhotoSizes.widths.contains(width) else { return nil }
            return .imageCopy(sha, width)
        }
    }

    private static func hash(_ p: RouteParameters) -> String? {
        guard let sha = p.string("sha256"), sha.utf8.count == 64, sha.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            return nil
        }
        return sha
    }
}

extension HomeContentRoute: StaffNavigationProvider {
    static var staffNavigation: [StaffNavEntry] {
        [StaffNavEntry(HomeContentRoute.overview, HomeContentText.navTitle, in: .categories)]
    }
}
