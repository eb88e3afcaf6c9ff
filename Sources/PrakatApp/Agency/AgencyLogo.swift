import Foundation
import PrakatCore

/// Checks a logo by its content, as attachments are checked: PNG and JPEG through the upload
/// inspector, SVG through `SVGInspector`, which refuses scripts, event handlers and external
/// references (an SVG is a document a browser runs, not a picture). Metadata such as GPS
/// positions is removed from photos before they are stored.
enum AgencyLogo {
    static let maxBytes = 4 * 1024 * 1024
    static let svgContentType = "image/svg+xml"

    struct Checked: Sendable {
        var data: Data
        var sha256: String
        var contentType: String
    }

    static func check(fileName: String, data: Data) -> Result<Checked, String> {
        if data.isEmpty { return .failure(AgencyText.logoEmpty) }
        if data.count > maxBytes { return .failure(AgencyText.logoTooLarge) }
        let ext = (fileName as NSString).pathExtension.lowercased()
        let claimsSVG = ext == "svg" || (ext.isEmpty && looksLikeText(data))
        if claimsSVG {
            switch SVGInspector.inspect(data) {
            case .safe: return .success(Checked(data: data, sha256: Digest.sha256Hex(data), contentType: svgContentType))
            case .refused(let reason): return .failure(AgencyText.logoRefused(reason.thaiMessage))
            }
        }
        guard ["png", "jpg", "jpeg", ""].contains(ext) else { return .failure(AgencyText.logoWrongKind) }
        // A name without an extension is judged by its first bytes.
        let name = ext.isEmpty ? (data.starts(with: [0x89, 0x50, 0x4E, 0x47]) ? "logo.png" : "logo.jpg") : fileName
        do {
            let inspected = try UploadInspector.inspect(fileName: name, data: data, policy: UploadPolicy(maxBytes: maxBytes, allowedExtensions: ["png", "jpg"]))
            guard inspected.kind.isImage else { return .failure(AgencyText.logoWrongKind) }
            let cleaned = ImageMetadataStripper.strip(data) ?? data
            return .success(Checked(data: cleaned, sha256: Digest.sha256Hex(cleaned), contentType: inspected.contentType))
        } catch {
            return .failure(AgencyText.logoRefused(error.thaiMessage))
        }
    }

    private static func looksLikeText(_ data: Data) -> Bool {
        let head = data.prefix(512)
        return !head.contains(0) && (String(data: head, encoding: .utf8)?.contains("<") ?? false)
    }
}
