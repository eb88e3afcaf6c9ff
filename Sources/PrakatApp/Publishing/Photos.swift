import Fluent
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// A smaller copy of an uploaded photo (`PhotoSizes`), stored as a blob like the original and
/// found by the original's hash: the same photo attached twice, or carried into a revision, has
/// its copies once.
final class PhotoVariant: Model, @unchecked Sendable {
    static let schema = "photo_variants"

    @ID(key: .id) var id: UUID?
    @Field(key: "original_sha256") var originalSHA256: String
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int

    init() {}
}

/// Photos on item pages (issue 11 §4): the text alternative and credit asked for at upload, the
/// shown size, and the smaller copies.
struct AddPhotosToAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for (name, type) in [("alt_text", DatabaseSchema.DataType.string), ("credit", .string), ("width", .int), ("height", .int)] {
            try await database.schema(Attachment.schema).field(FieldKey(stringLiteral: name), type).update()
        }
        try await database.schema(PhotoVariant.schema)
            .id()
            .field("original_sha256", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("sha256", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .unique(on: "original_sha256", "width")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PhotoVariant.schema).delete()
        for name in ["alt_text", "credit", "width", "height"] {
            try await database.schema(Attachment.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}

/// What the uploader says about a photo: required text for people who cannot see it, and whose
/// photo it is (seed 1 §2.7 asks that sources be named).
struct PhotoDescription: Sendable, Equatable {
    var alt: String?
    var credit: String?

    static let altLimit = 250
    static let creditLimit = 200

    /// The checked text for a photo (nil fields for any other file); messages name the form's fields.
    /// Text sent with another file is not kept, but is held to the same limits: the API's schema
    /// promises a 422 for an over-long credit whatever the file (a fuzzer sent one with a PDF).
    func checked(for kind: FileKind) -> Result<PhotoDescription, FormErrors> {
        var errors = FormErrors()
        let alt = Self.clean(alt)
        let credit = Self.clean(credit)
        if alt == nil, kind.isImage {
            errors.add("alt", PublishingText.photoAltRequired)
        } else if let alt, alt.unicodeScalars.count > Self.altLimit {
            errors.add("alt", PublishingText.photoAltTooLong(Self.altLimit))
        }
        if let credit, credit.unicodeScalars.count > Self.creditLimit {
            errors.add("credit", PublishingText.photoCreditTooLong(Self.creditLimit))
        }
        for (field, value) in [("alt", alt), ("credit", credit)] where value?.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) == true {
            errors.add(field, PublishingText.photoTextControl)
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(kind.isImage ? PhotoDescription(alt: alt, credit: credit) : PhotoDescription())
    }

    private static func clean(_ text: String?) -> String? {
        text?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
    }
}

/// A photo ready to store: the original without its metadata, its shown size and its copies.
struct PreparedPhoto: Sendable {
    struct Copy: Sendable {
        var width: Int
        var height: Int
        var data: Data
        var sha256: String
        var contentType: String
    }
    var data: Data
    var sha256: String
    var width: Int
    var height: Int
    var copies: [Copy]
}

/// Makes the smaller copies with `vipsthumbnail` or ImageMagick (`PRAKAT_THUMBNAILER`), bounded
/// like every helper program. A copy is kept only when it is a PNG or JPEG of the asked width:
/// whatever goes wrong, the page falls back to the original.
struct Thumbnailer: Sendable {
    let executable: String?
    var timeout: Duration = .seconds(30)
    /// A 1200-pixel-wide copy is well under this; a program writing more is broken.
    static let outputLimit = 16_000_000

    var isAvailable: Bool { executable.map(ProcessRunner.isExecutable) ?? false }

    /// Strips the metadata (GPS, camera, owner) from a checked PNG or JPEG, keeping only the
    /// orientation, then makes its copies. Nil when the file is not a photo this can read.
    func prepare(_ data: Data, kind: FileKind, logger: Logger) async -> PreparedPhoto? {
        guard kind.isImage, let stripped = ImageMetadataStripper.strip(data, keepingOrientation: true),
            let size = ImageDimensions(stripped)
        else { return nil }
        var copies: [PreparedPhoto.Copy] = []
        if let executable, isAvailable {
            let tool = ThumbnailTool(executablePath: executable)
            let runner = ProcessRunner(timeout: timeout, outputLimit: Self.outputLimit)
            for width in PhotoSizes.widths(forDisplayWidth: size.displayWidth) {
                guard let arguments = tool.arguments(width: width, kind: size.kind) else { continue }
                do {
                    let output = try await runner.run(executable, arguments: arguments, input: [UInt8](stripped))
                    // The tool turned it upright; what it wrote must be the kind and width asked for.
                    guard let made = ImageDimensions(bytes: output), made.kind == size.kind, abs(made.displayWidth - width) <= 1,
                        let clean = ImageMetadataStripper.strip(bytes: output)
                    else {
                        logger.warning("thumbnailer: the \(width) px copy is not a \(size.kind.rawValue) of that width; the original is served")
                        continue
                    }
                    let copy = Data(clean)
                    copies.append(.init(width: made.displayWidth, height: made.displayHeight, data: copy, sha256: Digest.sha256Hex(copy), contentType: size.kind.contentType))
                } catch {
                    logger.warning("thumbnailer: \(error); the original is served")
                }
            }
        }
        return PreparedPhoto(
            data: stripped, sha256: Digest.sha256Hex(stripped), width: size.displayWidth, height: size.displayHeight, copies: copies)
    }
}

extension Application {
    var thumbnailer: Thumbnailer { dependencies.thumbnailer }
}

/// Stores a prepared photo and its copies as blobs, each once however often it is used.
enum PhotoStore {
    static func save(_ photo: PreparedPhoto, now: Date, on db: any Database) async throws {
        if try await Blob.find(photo.sha256, on: db) == nil {
            try await Blob(sha256: photo.sha256, data: photo.data, createdAt: now).create(on: db)
        }
        for copy in photo.copies {
            guard try await PhotoVariant.query(on: db).filter(\.$originalSHA256 == photo.sha256).filter(\.$width == copy.width).first() == nil
            else { continue }
            if try await Blob.find(copy.sha256, on: db) == nil {
                try await Blob(sha256: copy.sha256, data: copy.data, createdAt: now).create(on: db)
            }
            let variant = PhotoVariant()
            variant.id = UUID()
            variant.originalSHA256 = photo.sha256
            variant.width = copy.width
            variant.height = copy.height
            variant.sha256 = copy.sha256
            variant.contentType = copy.contentType
            variant.size = copy.data.count
            try await variant.create(on: db)
        }
    }
}

/// How pages show a photo: its copies as a `srcset`, the original as the fallback and the link.
struct PhotoView: Encodable, Sendable {
    var alt: String
    var credit: String?
    /// The narrow copy, or the original when there is none.
    var src: String
    var srcset: String?
    var width: Int
    var height: Int
    /// The original, for "view full size".
    var fullPath: String
    /// The wide copy (or the original) as an absolute URL, for `og:image`.
    var shareURL: String

    /// `paths(width)` is the URL of the copy that wide; `original` the photo itself.
    init(attachment: Attachment, variants: [PhotoVariant], original: String, copyPath: (Int) -> String, baseURL: String, fallbackAlt: String) {
        let sorted = variants.sorted { $0.width < $1.width }
        let width = attachment.width ?? sorted.last?.width ?? PhotoSizes.narrow
        let height = attachment.height ?? sorted.last?.height ?? PhotoSizes.narrow
        self.alt = attachment.altText ?? fallbackAlt
        self.credit = attachment.credit
        let narrow = sorted.first
        self.src = narrow.map { copyPath($0.width) } ?? original
        self.srcset =
            sorted.isEmpty ? nil : (sorted.map { "\(copyPath($0.width)) \($0.width)w" } + ["\(original) \(width)w"]).joined(separator: ", ")
        // Laid out at the narrow copy's proportions; the browser picks the file from srcset.
        self.width = narrow?.width ?? width
        self.height = narrow?.height ?? height
        self.fullPath = original
        self.shareURL = baseURL + (sorted.last(where: { $0.width <= PhotoSizes.wide }).map { copyPath($0.width) } ?? original)
    }
}

/// The cover of each listed item (its request's first photo, with the narrowest copy of it): one
/// statement read as columns, however many items a listing shows. Listings (home, categories,
/// search) need nothing else of a photo; filling `Attachment` and `PhotoVariant` models took two
/// statements and a reflection pass over every field of every row.
struct ListingCovers {
    struct Photo {
        var id: UUID
        var width: Int?
        var height: Int?
        var narrowest: (width: Int, height: Int)?
    }

    /// By request id.
    var photos: [UUID: Photo]

    static let imageKinds = [FileKind.jpeg.rawValue, FileKind.png.rawValue]

    static func load(requestIDs: [UUID], on db: any Database) async throws -> ListingCovers {
        guard !requestIDs.isEmpty, let sql = db as? any SQLDatabase else { return ListingCovers(photos: [:]) }
        struct Row: Decodable {
            var id: UUID
            var request_id: UUID
            var width: Int?
            var height: Int?
            var copy_width: Int?
            var copy_height: Int?
        }
        // Each request's photos in order, each with its copies (a photo without copies: one row
        // with NULLs); a request's first row is its cover's. One text whatever the count, run
        // prepared on PostgreSQL (as `ListedPublication.load`).
        let (requests, kinds) = (SQLQueryString.oneOf("a.request_id", requestIDs, on: db), SQLQueryString.oneOf("a.kind", imageKinds, on: db))
        let rows = try await PreparedStatements.all(
            """
            SELECT a.id, a.request_id, a.width, a.height, v.width AS copy_width, v.height AS copy_height \
            FROM \(ident: Attachment.schema) AS a LEFT JOIN \(ident: PhotoVariant.schema) AS v ON v.original_sha256 = a.sha256 \
            WHERE \(requests) AND \(kinds) ORDER BY a.request_id, a.position, a.id
            """,
            on: sql
        ).map { try $0.decode(model: Row.self) }
        var photos: [UUID: Photo] = [:]
        for row in rows {
            var photo = photos[row.request_id] ?? Photo(id: row.id, width: row.width, height: row.height)
            // The request's other photos.
            guard photo.id == row.id else { continue }
            if let width = row.copy_width, let height = row.copy_height, width < (photo.narrowest?.width ?? .max) {
                photo.narrowest = (width, height)
            }
            photos[row.request_id] = photo
        }
        return ListingCovers(photos: photos)
    }
}
