/// The smaller copies of a photo that pages use instead of the original: a listing's cover and a
/// phone's gallery take the narrow one, a desktop gallery and `og:image` the wide one. Both are
/// made once, when the file is uploaded, so no request ever waits for an image to be resized.
public enum PhotoSizes {
    /// Widths in pixels, narrowest first.
    public static let widths = [480, 1200]
    public static let narrow = 480
    public static let wide = 1200

    /// The copies worth making of an image shown `displayWidth` pixels wide: only those narrower
    /// (an enlarged copy would only be a bigger file of the same picture).
    public static func widths(forDisplayWidth displayWidth: Int) -> [Int] {
        widths.filter { $0 < displayWidth }
    }

    /// The height of a copy `width` wide, keeping the shown proportions (at least one pixel).
    public static func height(forWidth width: Int, displayWidth: Int, displayHeight: Int) -> Int {
        guard displayWidth > 0 else { return max(1, displayHeight) }
        return max(1, (width * displayHeight + displayWidth / 2) / displayWidth)
    }
}

/// The program that makes the copies: Debian's `libvips-tools` (`vipsthumbnail`, preferred: fast
/// and small in memory) or ImageMagick's `convert`. Both read the original on standard input and
/// write the copy to standard output, turned upright by its EXIF orientation and without metadata.
public enum ThumbnailTool: String, Sendable, Equatable {
    case vips
    case imageMagick

    /// Which one a path names, by its file name.
    public init(executablePath: String) {
        let name: Substring
        if let slash = executablePath.lastIndex(of: "/") {
            name = executablePath[executablePath.index(after: slash)...]
        } else {
            name = executablePath[...]
        }
        if name.contains("vips") {
            self = .vips
        } else {
            self = .imageMagick
        }
    }

    /// Arguments for a copy `width` pixels wide of a PNG or JPEG; nil for any other kind.
    public func arguments(width: Int, kind: FileKind) -> [String]? {
        guard kind == .jpeg || kind == .png, width > 0 else { return nil }
        switch self {
        case .vips:
            // "480x" fixes the width; the output's "[...]" options strip metadata, and the format
            // is named by the extension alone so the copy goes to standard output.
            let output = kind == .jpeg ? ".jpg[Q=82,strip,optimize_coding]" : ".png[strip,compression=9]"
            return ["stdin", "--size", "\(width)x", "-o", output]
        case .imageMagick:
            // The decoder is named ("jpeg:-"), so a file is never read as some other format.
            let format = kind == .jpeg ? "jpeg" : "png"
            var arguments = ["\(format):-", "-auto-orient", "-strip", "-thumbnail", "\(width)x"]
            if kind == .jpeg { arguments += ["-quality", "82"] }
            return arguments + ["\(format):-"]
        }
    }
}
