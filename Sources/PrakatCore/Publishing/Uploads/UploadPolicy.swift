/// Limits applied to every attachment. Configurable, since agencies differ; the defaults
/// are seed 1 §2.7's (types and 4 MB each) plus archive limits of our own.
public struct UploadPolicy: Sendable, Equatable {
    /// Largest accepted file; seed 1 §2.7: 4 MB each.
    public var maxBytes: Int
    /// Accepted extensions, lowercase, without the dot. `jpeg` is accepted wherever `jpg` is.
    /// An extension with no `FileKind` is never accepted, since its content cannot be checked.
    public var allowedExtensions: Set<String>
    /// Largest total declared uncompressed size of an archive divided by the archive's size.
    public var maxCompressionRatio: Int
    /// Largest total declared uncompressed size of an archive's entries.
    public var maxUncompressedBytes: Int
    /// Most entries (files and folders) an archive may list.
    public var maxArchiveEntries: Int
    /// Longest stored file name, in grapheme clusters, extension included.
    public var maxFileNameGraphemes: Int
    /// Refuse Word and Excel files that carry VBA macros: the public downloads these files,
    /// and a published macro document is a way to spread malware under the agency's name.
    public var rejectMacros: Bool

    /// seed 1 §2.7: the nine allowed types.
    public static let defaultExtensions: Set<String> = ["pdf", "xls", "xlsx", "doc", "docx", "jpg", "png", "zip", "rar"]

    public init(
        maxBytes: Int = 4 * 1024 * 1024,
        allowedExtensions: Set<String> = UploadPolicy.defaultExtensions,
        maxCompressionRatio: Int = 100,
        maxUncompressedBytes: Int = 200 * 1024 * 1024,
        maxArchiveEntries: Int = 2000,
        maxFileNameGraphemes: Int = 150,
        rejectMacros: Bool = true
    ) {
        self.maxBytes = maxBytes
        self.allowedExtensions = allowedExtensions
        self.maxCompressionRatio = maxCompressionRatio
        self.maxUncompressedBytes = maxUncompressedBytes
        self.maxArchiveEntries = maxArchiveEntries
        self.maxFileNameGraphemes = maxFileNameGraphemes
        self.rejectMacros = rejectMacros
    }

    public static let standard = UploadPolicy()

    /// Whether `ext` (any case, `jpeg` as `jpg`) is allowed and has a kind whose content we check.
    public func allows(extension ext: String) -> Bool {
        guard let kind = FileKind(fileExtension: ext) else { return false }
        return allowedExtensions.contains { FileKind(fileExtension: $0) == kind }
    }
}
