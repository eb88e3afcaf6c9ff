import Foundation

/// An attachment that passed inspection: what to store and how to serve it.
public struct InspectedFile: Sendable, Equatable {
    /// Sanitised name (Thai kept), safe to show and to offer as the download name.
    public let fileName: String
    /// What the content is (always what the extension said).
    public let kind: FileKind
    public let contentType: String
    /// Size in bytes.
    public let size: Int
    /// SHA-256 of the content, lowercase hex: deduplication and the audit trail.
    public let sha256: String
    /// Names listed inside a ZIP or RAR archive, in archive order; [] for every other kind
    /// (the parts inside a .docx or .xlsx are checked but not listed).
    public let archiveEntries: [String]

    public init(fileName: String, kind: FileKind, size: Int, sha256: String, archiveEntries: [String] = []) {
        self.fileName = fileName
        self.kind = kind
        self.contentType = kind.contentType
        self.size = size
        self.sha256 = sha256
        self.archiveEntries = archiveEntries
    }
}
