/// The kinds of attachment a publication request may carry (seed 1 §2.7: .pdf .xls .xlsx
/// .doc .docx .jpg .png .zip .rar). Each is recognised by its content, not by its name.
public enum FileKind: String, Sendable, CaseIterable, Codable {
    case pdf, doc, xls, docx, xlsx, jpeg, png, zip, rar

    /// The media type to serve the stored file with.
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .zip: "application/zip"
        case .rar: "application/vnd.rar"
        }
    }

    /// What a clerk or citizen calls this kind of file.
    public var thaiName: String {
        switch self {
        case .pdf: "เอกสาร PDF"
        case .doc, .docx: "ไฟล์ Word"
        case .xls, .xlsx: "ไฟล์ Excel"
        case .jpeg: "รูปภาพ JPEG"
        case .png: "รูปภาพ PNG"
        case .zip: "ไฟล์บีบอัด ZIP"
        case .rar: "ไฟล์บีบอัด RAR"
        }
    }

    public var isImage: Bool { self == .jpeg || self == .png }

    /// The usual extension, without the dot; the one `UploadPolicy.allowedExtensions` lists.
    public var fileExtension: String {
        self == .jpeg ? "jpg" : rawValue
    }

    /// The kind a file name's extension claims, case-insensitive, with or without the dot;
    /// `jpeg` counts as `jpg`.
    public init?(fileExtension: String) {
        var ext = fileExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "jpg", "jpeg": self = .jpeg
        case "pdf", "doc", "xls", "docx", "xlsx", "png", "zip", "rar": self.init(rawValue: ext)
        default: return nil
        }
    }
}
