import Testing

@testable import PrakatCore

@Suite("ThaiText")
struct ThaiTextTests {
    @Test(arguments: [
        ("", 0),
        ("ก", 1),
        ("ที่", 1),  // vowel above + tone mark stay with the consonant
        ("กำ", 1),  // SARA AM is a SpacingMark and joins its consonant
        ("น้ำ", 1),
        ("เก้า", 3),  // leading vowel and SARA AA count on their own
        ("ไม้", 2),
        ("ประกาศ", 6),
        ("สำนักงาน", 6),
        ("สาธารณสุข", 8),
        ("e\u{301}", 1),
        ("é", 1),
        ("abc", 3),
        ("🇹🇭", 1),
        ("a\r\nb", 3)
    ])
    func graphemeLength(text: String, expected: Int) {
        #expect(ThaiText.graphemeLength(text) == expected)
    }

    @Test(arguments: [
        ("", 0),
        ("ประกาศ", 1),
        ("บรรทัดหนึ่ง\nบรรทัดสอง", 2),
        ("a\r\nb", 2),
        ("a\rb", 2),
        ("a\u{2028}b", 2),
        ("a\n", 2),
        ("a\n\nb", 3)
    ])
    func lineCount(text: String, expected: Int) {
        #expect(ThaiText.lineCount(text) == expected)
    }

    /// The start of seed 1's own title, "๑. บันทึกข้อความ ประกาศแนวทาง…".
    static let seedTitleStart = "๑. บันทึกข้อความ ประกาศแนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์ของหน่วยงาน และขั้นตอนการเผยแพร่ข้อมูลข่าวสารสำหรับสำนักงานสาธารณสุขจังหวัดชลบุรี"

    @Test(arguments: [
        ("", TitleRule(), [TitleViolation.empty]),
        ("  \n\t ", TitleRule(), [.empty]),
        ("\u{200B}\u{FEFF} ", TitleRule(), [.empty]),
        ("ประกาศ", TitleRule(), []),
        (seedTitleStart, TitleRule(), []),
        ("บรรทัดหนึ่ง\nบรรทัดสอง", TitleRule(), []),
        ("  ประกาศ\n", TitleRule(maxGraphemes: 6, maxLineBreaks: 0), []),  // trimmed first
        (String(repeating: "ก", count: 160), TitleRule(), []),
        (String(repeating: "น้ำ", count: 160), TitleRule(), []),  // 480 scalars, 160 characters
        (String(repeating: "ก", count: 161), TitleRule(), [.tooLong(count: 161, max: 160)]),
        ("a\nb\nc", TitleRule(), [.tooManyLines(count: 3, max: 2)]),
        ("a\nb", TitleRule(maxGraphemes: 10, maxLineBreaks: 0), [.tooManyLines(count: 2, max: 1)]),
        ("ประกาศ\nประกาศ\nประกาศ", TitleRule(maxGraphemes: 10), [.tooLong(count: 20, max: 10), .tooManyLines(count: 3, max: 2)])
    ])
    func titleRule(title: String, rule: TitleRule, expected: [TitleViolation]) {
        #expect(rule.violations(title) == expected)
    }

    @Test func defaultsAndMessages() {
        #expect(TitleRule() == TitleRule(maxGraphemes: 160, maxLineBreaks: 1))
        #expect(TitleViolation.tooLong(count: 170, max: 160).message == "หัวข้อยาว 170 ตัวอักษร เกินกำหนด 160 ตัวอักษร")
        #expect(TitleViolation.tooManyLines(count: 3, max: 2).message == "หัวข้อมี 3 บรรทัด เกินกำหนด 2 บรรทัด")
        #expect(!TitleViolation.empty.message.isEmpty)
    }
}
