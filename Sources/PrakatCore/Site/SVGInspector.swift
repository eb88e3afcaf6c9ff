import Foundation

/// Decides whether an uploaded SVG logo or banner is safe to serve from the agency's site.
///
/// An SVG is a document, not a picture: opened on its own it runs scripts with the site's cookies,
/// follows links, and fetches other files (tracking the reader, or pulling in content the agency
/// never checked). So only plain drawings pass: shapes, paths, text, gradients, filters, styles and
/// references to parts of the same file (`#id`), plus embedded PNG, JPEG or GIF pictures.
///
/// Pure: no file system, no network, no XML library (Foundation's XMLParser may resolve entities).
/// A small tokenizer reads the bytes once, in linear time, and looks at every tag and attribute it
/// can find, including ones a strict XML parser would stop at; a file a browser would read one way
/// and this scanner another is refused as malformed. The size limit is the caller's.
public enum SVGInspector {
    public static func inspect(_ data: Data) -> SVGVerdict {
        inspect(bytes: [UInt8](data))
    }

    public static func inspect(bytes: [UInt8]) -> SVGVerdict {
        var scanner = SVGScanner(bytes)
        do throws(SVGRefusal) {
            let size = try scanner.scan()
            return .safe(width: size.width, height: size.height)
        } catch {
            return .refused(error)
        }
    }
}

/// What the inspector decided.
public enum SVGVerdict: Sendable, Equatable {
    /// Safe to serve. The size in CSS pixels from the root's `width` and `height` (px, pt, pc, mm,
    /// cm, in) or its `viewBox`; nil when neither gives one (percentages, em, no attributes).
    case safe(width: Double?, height: Double?)
    case refused(SVGRefusal)

    public var isSafe: Bool {
        if case .safe = self { return true }
        return false
    }
}

/// Why an SVG was refused. Each case is one thing the clerk (or whoever made the logo) can fix,
/// and `thaiMessage` says what; it never shows bytes from the file.
public enum SVGRefusal: Error, Sendable, Equatable, CaseIterable {
    /// Not UTF-8 text (binary, UTF-16, or an XML declaration naming another encoding).
    case notUTF8Text
    /// Text, but its first element is not `<svg>`.
    case notSVG
    /// Broken XML: an unclosed tag or comment, an unknown entity, a stray `<`, a second root…
    case malformed
    /// A DOCTYPE with an internal subset or `<!ENTITY`: the XXE and "billion laughs" attacks.
    case entityDeclaration
    /// A processing instruction such as `<?xml-stylesheet?>`, which loads a style sheet.
    case processingInstruction
    /// A `<script>` element (or SVG Tiny's `<handler>` and `<listener>`).
    case script
    /// An event handler attribute such as `onload` or `onclick`.
    case eventHandler
    /// A `javascript:` or `vbscript:` address.
    case scriptURL
    /// A `data:` address that is not a PNG, JPEG or GIF picture in base64.
    case disallowedData
    /// A reference to anything outside the file: http(s), `//host`, a relative path, `file:`,
    /// `<use>` of another file, a CSS `@import`.
    case externalReference
    /// HTML or another document inside the drawing: `<foreignObject>`, `<iframe>`, `<embed>`, `<object>`…
    case embeddedDocument
    /// An `<animate>` or `<set>` that changes a link's address after the file is loaded.
    case animatedLink
    /// Markup hidden in a comment or CDATA section, which an HTML page showing the SVG inline would run.
    case hiddenMarkup

    private static let remedy = "กรุณาส่งออก (Export) ไฟล์ใหม่จากโปรแกรมออกแบบเป็น SVG แบบพื้นฐาน หรือใช้ไฟล์ PNG แทน"

    public var thaiMessage: String {
        switch self {
        case .notUTF8Text:
            "ไฟล์ SVG ต้องเป็นข้อความแบบ UTF-8 แต่ไฟล์นี้ไม่ใช่ (อาจเป็นไฟล์ชนิดอื่นที่ตั้งนามสกุลเป็น .svg) \(Self.remedy)"
        case .notSVG:
            "ไฟล์นี้ไม่ใช่ไฟล์ SVG (ไม่พบแท็ก <svg> ที่ต้นไฟล์) กรุณาตรวจสอบว่าเลือกไฟล์ถูกต้อง หรือใช้ไฟล์ PNG แทน"
        case .malformed:
            "ไฟล์ SVG มีโครงสร้างไม่ถูกต้อง ระบบอ่านไฟล์ได้ไม่ครบถ้วน \(Self.remedy)"
        case .entityDeclaration:
            "ไฟล์ SVG มีการประกาศ DOCTYPE หรือ ENTITY ภายในไฟล์ ซึ่งอาจใช้โจมตีระบบได้ \(Self.remedy)"
        case .processingInstruction:
            "ไฟล์ SVG มีคำสั่งประมวลผล (เช่น xml-stylesheet) ที่ดึงไฟล์อื่นเข้ามา \(Self.remedy)"
        case .script:
            "ไฟล์ SVG มีสคริปต์ ซึ่งอาจเป็นอันตรายต่อผู้เข้าชมเว็บไซต์ \(Self.remedy)"
        case .eventHandler:
            "ไฟล์ SVG มีสคริปต์ที่ทำงานเมื่อเปิดหรือคลิกภาพ (เช่น onload, onclick) ซึ่งอาจเป็นอันตรายต่อผู้เข้าชมเว็บไซต์ \(Self.remedy)"
        case .scriptURL:
            "ไฟล์ SVG มีสคริปต์แฝงอยู่ในลิงก์ (javascript:) ซึ่งอาจเป็นอันตรายต่อผู้เข้าชมเว็บไซต์ \(Self.remedy)"
        case .disallowedData:
            "ไฟล์ SVG มีข้อมูลฝังอยู่ในไฟล์ที่ไม่ใช่รูปภาพ PNG, JPEG หรือ GIF \(Self.remedy)"
        case .externalReference:
            "ไฟล์ SVG อ้างถึงไฟล์ภายนอกหรือเว็บไซต์อื่น ซึ่งระบบไม่ได้ตรวจสอบ กรุณาฝังรูปภาพและแบบอักษรไว้ในไฟล์ หรือแปลงข้อความเป็นเส้น (Outline) ก่อนส่งออกใหม่"
        case .embeddedDocument:
            "ไฟล์ SVG มีเนื้อหา HTML หรือเอกสารอื่นฝังอยู่ (เช่น foreignObject, iframe) กรุณาส่งออกใหม่โดยไม่เลือก “Preserve Illustrator Editing Capabilities” หรือใช้ไฟล์ PNG แทน"
        case .animatedLink:
            "ไฟล์ SVG มีภาพเคลื่อนไหวที่เปลี่ยนปลายทางของลิงก์ ซึ่งอาจใช้หลอกผู้เข้าชมเว็บไซต์ได้ \(Self.remedy)"
        case .hiddenMarkup:
            "ไฟล์ SVG มีโค้ดแฝงอยู่ในหมายเหตุหรือส่วนข้อความ (comment หรือ CDATA) ซึ่งอาจทำงานได้เมื่อแสดงในหน้าเว็บ \(Self.remedy)"
        }
    }
}
