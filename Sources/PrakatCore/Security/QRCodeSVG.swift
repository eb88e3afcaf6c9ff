import Foundation

/// Rebuilds the SVG that `qrencode -t SVG` prints from its numbers alone, so nothing the tool
/// wrote (comments, attributes, scripts if it were ever replaced by something hostile) reaches
/// the page: only a viewBox, one white square and one black path.
public enum QRCodeSVG {
    public static func sanitize(_ raw: String, label: String) -> String? {
        guard raw.utf8.count < 2_000_000,
            let viewBox = raw.firstMatch(of: #/viewBox="0 0 (\d{1,4}) (\d{1,4})"/#),
            let width = Int(viewBox.1), let height = Int(viewBox.2), width > 0, height > 0
        else { return nil }
        var offsetX = 0, offsetY = 0
        if let translate = raw.firstMatch(of: #/translate\((\d{1,4}),\s*(\d{1,4})\)/#) {
            offsetX = Int(translate.1) ?? 0
            offsetY = Int(translate.2) ?? 0
        }
        var path = ""
        var modules = 0
        for match in raw.matches(of: #/<rect x="(\d{1,4})" y="(\d{1,4})" width="(\d{1,4})" height="(\d{1,4})" fill="#([0-9a-fA-F]{6})"\s*/>/#) {
            guard match.5.lowercased() != "ffffff", let x = Int(match.1), let y = Int(match.2), let w = Int(match.3), let h = Int(match.4) else { continue }
            path += "M\(x + offsetX) \(y + offsetY)h\(w)v\(h)h-\(w)z"
            modules += 1
        }
        guard modules > 0 else { return nil }
        let escapedLabel = HTMLEscaping.escape(label)
        return
            ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="\##(escapedLabel)" class="qr-code" shape-rendering="crispEdges"><rect width="\##(width)" height="\##(height)" fill="#fff"/><path fill="#000" d="\##(path)"/></svg>"##
    }
}
