import Testing

@testable import PrakatCore

@Suite("Unit head titles on printed documents")
struct UnitHeadTitleTests {
    @Test(arguments: [
        ("กลุ่มงานสุขภาพดิจิทัล", "หัวหน้ากลุ่มงานสุขภาพดิจิทัล"),
        ("กลุ่มกฎหมาย", "หัวหน้ากลุ่มกฎหมาย"),
        ("ฝ่ายบริหารทั่วไป", "หัวหน้าฝ่ายบริหารทั่วไป"),
        ("งานพัสดุ", "หัวหน้างานพัสดุ"),
        ("สุขภาพดิจิทัล", "หัวหน้ากลุ่มงานสุขภาพดิจิทัล"),
        ("  กลุ่มงานสุขภาพดิจิทัล ", "หัวหน้ากลุ่มงานสุขภาพดิจิทัล"),
        ("", "หัวหน้ากลุ่มงาน")
    ])
    func theKindOfUnitIsNeverPrintedTwice(name: String, expected: String) {
        #expect(UnitHeadTitle.title(unitName: name) == expected)
        #expect(!UnitHeadTitle.title(unitName: name).contains("กลุ่มงานกลุ่ม"))
    }

    @Test func aPositionThatIsAlreadyTheHeadTitleIsPrintedOnce() {
        #expect(
            UnitHeadTitle.signatureLines(position: "หัวหน้ากลุ่มงานสุขภาพดิจิทัล", unitName: "กลุ่มงานสุขภาพดิจิทัล")
                == ["หัวหน้ากลุ่มงานสุขภาพดิจิทัล"])
        #expect(
            UnitHeadTitle.signatureLines(position: "นักวิชาการสาธารณสุขชำนาญการพิเศษ", unitName: "กลุ่มงานสุขภาพดิจิทัล")
                == ["นักวิชาการสาธารณสุขชำนาญการพิเศษ", "หัวหน้ากลุ่มงานสุขภาพดิจิทัล"])
        #expect(UnitHeadTitle.signatureLines(position: "", unitName: "กลุ่มกฎหมาย") == ["หัวหน้ากลุ่มกฎหมาย"])
    }
}
