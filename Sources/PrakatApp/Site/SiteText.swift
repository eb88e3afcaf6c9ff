/// Thai text of the public shell. English can follow by adding a sibling table.
enum SiteText {
    static let homeTitle = "หน้าแรก"
    static let privacyTitle = "นโยบายคุ้มครองข้อมูลส่วนบุคคล"
    static let accessibilityTitle = "การเข้าถึงเว็บไซต์"
    /// seed 1 §2.3: the footer states the minimum browser versions and the PDF readers needed.
    static let browserSupport = [
        "Google Chrome 109 ขึ้นไป",
        "Microsoft Edge 109 ขึ้นไป",
        "Mozilla Firefox 115 ขึ้นไป",
        "Safari 15.4 ขึ้นไป (macOS, iOS)",
        "Samsung Internet 20 ขึ้นไป"
    ]
    static let pdfReaders = [
        "Adobe Acrobat Reader DC",
        "Foxit PDF Reader",
        "โปรแกรมอ่าน PDF ที่มากับเบราว์เซอร์ข้างต้น",
        "Okular หรือ Evince (โอเพนซอร์ส)"
    ]
}
