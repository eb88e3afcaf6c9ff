import Foundation

/// Thai titles, bodies and file names that read like an agency's public items (announcements,
/// procurement, news, reports), for `prakat generate`. Written without spaces between words, as
/// Thai is, so search is exercised the way real text exercises it.
public enum SampleThaiText {
    static let documentKinds = [
        "ประกาศ", "ประกาศผลการพิจารณา", "ประกาศประกวดราคาจ้าง", "ประกาศผู้ชนะการเสนอราคา", "รายงานผลการดำเนินงาน", "ข่าวประชาสัมพันธ์",
        "คำสั่งแต่งตั้งคณะทำงาน", "แผนการจัดซื้อจัดจ้าง", "สรุปผลการจัดซื้อจัดจ้าง", "รายงานการประชุม", "แนวทางปฏิบัติ", "คู่มือการให้บริการ",
        "ขอเชิญร่วมกิจกรรม", "ขอความร่วมมือ", "รายงานการกำกับติดตาม", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    ]
    static let subjects = [
        "การป้องกันและควบคุมโรคไข้เลือดออก", "การจัดซื้อวัสดุการแพทย์", "การจ้างเหมาบริการทำความสะอาดอาคาร", "การรณรงค์ฉีดวัคซีนป้องกันโรคไข้หวัดใหญ่",
        "การคัดกรองโรคเบาหวานและความดันโลหิตสูง", "การพัฒนาระบบบริการสุขภาพปฐมภูมิ", "การเฝ้าระวังคุณภาพน้ำบริโภค", "การตรวจสอบสถานประกอบการด้านอาหาร",
        "การจัดซื้อครุภัณฑ์คอมพิวเตอร์", "การซ่อมแซมรถยนต์ราชการ", "การอบรมอาสาสมัครสาธารณสุขประจำหมู่บ้าน", "การส่งเสริมสุขภาพผู้สูงอายุ",
        "การควบคุมการบริโภคยาสูบและเครื่องดื่มแอลกอฮอล์", "การบริหารความเสี่ยงและการควบคุมภายใน", "การเปิดเผยข้อมูลข่าวสารของราชการ",
        "การจัดทำแผนปฏิบัติราชการประจำปี", "การรับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "การสอบคัดเลือกพนักงานราชการ", "การจัดงานวันเอดส์โลก",
        "การดูแลสุขภาพแม่และเด็ก", "การป้องกันการจมน้ำในเด็ก", "การตรวจสุขภาพประจำปีของบุคลากร", "การจ้างก่อสร้างอาคารสถานีอนามัย",
        "การจัดหายาและเวชภัณฑ์ที่มิใช่ยา", "การลดใช้พลังงานในหน่วยงาน", "การพัฒนาคุณภาพโรงพยาบาลส่งเสริมสุขภาพตำบล"
    ]
    static let places = [
        "อำเภอเมืองชลบุรี", "อำเภอบ้านบึง", "อำเภอหนองใหญ่", "อำเภอบางละมุง", "อำเภอพานทอง", "อำเภอพนัสนิคม", "อำเภอศรีราชา", "อำเภอเกาะสีชัง",
        "อำเภอสัตหีบ", "อำเภอบ่อทอง", "อำเภอเกาะจันทร์", "จังหวัดชลบุรี", "เขตสุขภาพที่ 6", "สำนักงานสาธารณสุขจังหวัด"
    ]
    static let sentences = [
        "ด้วยสำนักงานสาธารณสุขจังหวัดมีความประสงค์จะดำเนินการตามแผนงานประจำปีงบประมาณ",
        "เพื่อให้การดำเนินงานเป็นไปด้วยความเรียบร้อยและมีประสิทธิภาพ", "จึงขอประชาสัมพันธ์ให้ผู้ที่สนใจทราบโดยทั่วกัน",
        "ผู้ประสงค์จะเสนอราคาต้องมีคุณสมบัติตามที่กำหนดในเอกสารประกวดราคา", "กำหนดยื่นข้อเสนอและเปิดซองข้อเสนอทางระบบจัดซื้อจัดจ้างภาครัฐ",
        "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป", "หากมีข้อสงสัยประการใด สามารถสอบถามได้ที่กลุ่มงานบริหารทั่วไปในวันและเวลาราชการ",
        "ผลการดำเนินงานในไตรมาสนี้เป็นไปตามเป้าหมายที่กำหนดไว้ร้อยละ", "โดยได้รับความร่วมมือจากเครือข่ายบริการสุขภาพและองค์กรปกครองส่วนท้องถิ่น",
        "คณะกรรมการได้พิจารณาแล้วเห็นสมควรให้ดำเนินการตามระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ",
        "ประชาชนสามารถติดตามข้อมูลเพิ่มเติมได้ทางเว็บไซต์ของหน่วยงาน", "อาสาสมัครสาธารณสุขประจำหมู่บ้านร่วมลงพื้นที่ให้ความรู้แก่ประชาชน",
        "ขอให้หน่วยงานในสังกัดถือปฏิบัติอย่างเคร่งครัด", "ทั้งนี้ได้แนบเอกสารที่เกี่ยวข้องมาพร้อมนี้แล้ว",
        "งบประมาณที่ได้รับจัดสรรเป็นเงินทั้งสิ้นตามรายละเอียดแนบท้ายประกาศนี้", "การประชุมครั้งนี้มีผู้เข้าร่วมจากทุกอำเภอในจังหวัด",
        "เพื่อส่งเสริมให้ประชาชนมีสุขภาพดีและเข้าถึงบริการอย่างทั่วถึงและเป็นธรรม", "ผู้บริหารได้มอบนโยบายให้ทุกหน่วยงานยึดหลักธรรมาภิบาลในการปฏิบัติงาน",
        "สถานการณ์โรคในพื้นที่มีแนวโน้มลดลงเมื่อเทียบกับช่วงเดียวกันของปีที่ผ่านมา", "จึงประกาศมาเพื่อทราบโดยทั่วกัน"
    ]
    static let fileStems = ["ประกาศ", "เอกสารแนบ", "รายละเอียดคุณลักษณะ", "ขอบเขตของงาน", "รายงานผล", "คำสั่ง", "แบบฟอร์ม", "สรุปผล"]

    /// A title such as "ประกาศผู้ชนะการเสนอราคา การจัดซื้อวัสดุการแพทย์ อำเภอบ้านบึง ประจำปีงบประมาณ พ.ศ. 2568".
    public static func title(fiscalYear: Int, using rng: inout SplitMix64) -> String {
        let kind = documentKinds.randomElement(using: &rng) ?? "ประกาศ"
        let subject = subjects.randomElement(using: &rng) ?? ""
        let place = places.randomElement(using: &rng) ?? ""
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return "\(kind) เรื่อง \(subject) \(place) ประจำปีงบประมาณ พ.ศ. \(fiscalYear)"
        case 1: return "\(kind)\(subject) ครั้งที่ \(Int.random(in: 1...12, using: &rng))/\(fiscalYear)"
        default: return "\(kind) \(subject) \(place)"
        }
    }

    /// Two to five paragraphs of Markdown, each three to six sentences separated by spaces (Thai
    /// puts a space between sentences, not between words).
    public static func body(using rng: inout SplitMix64) -> String {
        let paragraphs = Int.random(in: 2...5, using: &rng)
        return (0..<paragraphs).map { _ in
            (0..<Int.random(in: 3...6, using: &rng)).map { _ in
                var sentence = sentences.randomElement(using: &rng) ?? ""
                if Int.random(in: 0..<4, using: &rng) == 0 { sentence += " " + (subjects.randomElement(using: &rng) ?? "") }
                if Int.random(in: 0..<5, using: &rng) == 0 { sentence += " " + (places.randomElement(using: &rng) ?? "") }
                return sentence
            }.joined(separator: " ")
        }.joined(separator: "\n\n")
    }

    /// A file name such as "ขอบเขตของงาน-2568-0042.pdf".
    public static func fileName(fiscalYear: Int, number: Int, using rng: inout SplitMix64) -> String {
        let stem = fileStems.randomElement(using: &rng) ?? "เอกสาร"
        return "\(stem)-\(fiscalYear)-\(String(format: "%04d", number % 10_000)).pdf"
    }

    /// Words a visitor might search for: whole phrases and pieces of them, for benchmarks that
    /// must not hit a cache.
    public static func searchTerms() -> [String] {
        var terms = Set<String>()
        for phrase in subjects + places + documentKinds {
            terms.insert(phrase)
            let characters = Array(phrase)
            // Pieces of 3 to 8 characters from inside a phrase: what people type when they remember part of a name.
            for length in [3, 4, 6, 8] where characters.count > length {
                for start in stride(from: 1, to: characters.count - length, by: max(1, characters.count / 3)) {
                    terms.insert(String(characters[start..<(start + length)]))
                }
            }
        }
        return terms.sorted()
    }
}
