import Foundation
import PrakatCore
import Testing

@Suite("Multipart preflight")
struct MultipartPreflightTests {
    @Test func aNonASCIIByteWhereAHeaderNameIsExpectedIsRefused() {
        let body: [UInt8] = Array("--B\r\n".utf8) + [0xC3, 0x91] + Array(": x\r\n\r\nv\r\n--B--\r\n".utf8)
        #expect(MultipartPreflight.check(body, boundary: "B") == .refused(offset: 5))
        // In the second part too, after a boundary that matched only partly inside the body.
        let second = Array("--B\r\nA: 1\r\n\r\nx\r\n-\r\n--B\r\n".utf8) + [0x80] + Array(": 1\r\n\r\n\r\n--B--".utf8)
        #expect(MultipartPreflight.check(second, boundary: "B") != .safe)
    }

    /// The body state steps from CR to CR: a part full of CRs and near-delimiters still ends
    /// where MultipartKit ends it, and the next part's header names are checked at the exact offset.
    @Test func crsAndPartialDelimitersInsideAPartAreSteppedOverExactly() {
        let content = Array("a\r\rb\r\n-\r\n--\r\n--C\r\n--\u{0}\r".utf8) + [UInt8](repeating: 0x41, count: 100_000) + [0x0D]
        let head = Array("--B\r\nX: 1\r\n\r\n".utf8) + content + Array("\r\n--B\r\n".utf8)
        let trapped = head + [0x80] + Array(": 1\r\n\r\nz\r\n--B--\r\n".utf8)
        #expect(MultipartPreflight.check(trapped, boundary: "B") == .refused(offset: head.count))
        // The same through a view of a larger buffer, and with a valid name instead.
        #expect(MultipartPreflight.check(trapped[...], boundary: "B") == .refused(offset: head.count))
        #expect(MultipartPreflight.check(head + Array("Y: 1\r\n\r\nz\r\n--B--\r\n".utf8), boundary: "B") == .safe)
        // A body ending inside a part, after a CR or not.
        #expect(MultipartPreflight.check(Array("--B\r\nX: 1\r\n\r\nabc".utf8), boundary: "B") == .safe)
        #expect(MultipartPreflight.check(Array("--B\r\nX: 1\r\n\r\nabc\r".utf8), boundary: "B") == .safe)
    }

    @Test func utf8InHeaderValuesAndBodiesIsFine() {
        let body = Array("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ประกาศ.pdf\"\r\n\r\nข้อมูล \u{FF}\r\n--B--\r\n".utf8)
        #expect(MultipartPreflight.check(body, boundary: "B") == .safe)
        let preamble = Array("ภาษาไทยก่อนตัวคั่น\r\n--B\r\nX: y\r\n\r\n\r\n--B--\r\n".utf8)
        #expect(MultipartPreflight.check(preamble, boundary: "B") == .safe)
    }

    @Test(arguments: ["", " ", "a b ", String(repeating: "x", count: 71), "ก", "a\u{7F}"])
    func aBoundaryRFC2046DoesNotAllowIsRefused(_ boundary: String) {
        #expect(!MultipartPreflight.isValidBoundary(boundary))
        #expect(MultipartPreflight.check(Array("--x\r\n".utf8), boundary: boundary) == .refused(offset: 0))
    }

    @Test(arguments: ["B", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "a'()+_,-./:=?b", String(repeating: "x", count: 70)])
    func boundariesBrowsersSendAreAccepted(_ boundary: String) {
        #expect(MultipartPreflight.isValidBoundary(boundary))
    }
}

@Suite("Dates people may enter")
struct InputDateRangeTests {
    @Test func onlyYears1900To2199AreInput() throws {
        #expect(CalendarDate.parseInput("2026-02-09") == CalendarDate(year: 2026, month: 2, day: 9))
        #expect(CalendarDate.parseInput("9/2/2569") == CalendarDate(year: 2026, month: 2, day: 9))
        #expect(CalendarDate.parseInput("0712-08-30") == nil)
        #expect(CalendarDate.parseInput("1/1/9999") == nil)  // พ.ศ. 9999 = ค.ศ. 9456
        #expect(CalendarDate.parseInput("1899-12-31") == nil)
        #expect(CalendarDate.parseInput("2200-01-01") == nil)
        #expect(CalendarDate.parseInput("2199-12-31") != nil)
        #expect(!Date(timeIntervalSince1970: -1e12).isWithinInputRange)
        #expect(!Date.distantFuture.isWithinInputRange)
        #expect(Date(timeIntervalSince1970: 1_770_606_000).isWithinInputRange)
    }

    @Test func decodedDatesAndFiscalYearsOutsideTheInputRangeAreErrorsNotTraps() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data(#"["0712-08-30"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([FiscalYear].self, from: Data("[9999]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([FiscalYear].self, from: Data("[2399]".utf8)) }
        #expect((try? JSONDecoder().decode([FiscalYear].self, from: Data("[2569]".utf8))) == [FiscalYear(beYear: 2569)])
    }

    @Test func everyInputDateHasAFiscalYear() {
        // The first and last input days: their fiscal years and quarters exist.
        for date in [CalendarDate(year: 1900, month: 1, day: 1), CalendarDate(year: 2199, month: 12, day: 31)].compactMap({ $0 }) {
            let quarter = FiscalQuarter.containing(date)
            #expect(quarter.fiscalYear.contains(date))
        }
    }
}

@Suite("Numbers people may enter")
struct InputNumberTests {
    @Test func amountsAboveOneTrillionBahtAreRefused() throws {
        #expect(try Baht.parseInput("1,000,000,000,000.00") == Baht.inputMaximum)
        #expect(throws: BahtParseError.overflow) { try Baht.parseInput("1000000000000.01") }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Baht].self, from: Data(#"["92233720368547758.07"]"#.utf8)) }
        #expect(try Baht.parse("92233720368547758.07") == Baht.max)  // the type itself still holds Int64
    }

    @Test func sumsOfTypedCountsNeverTrap() {
        #expect([Int.max, 1].clampedSum == .max)
        #expect([Int.min, -1].clampedSum == .min)
        #expect([1, 2, 3].clampedSum == 6)
        let tally = LikertTally(counts: [Int.max, Int.max, 1])
        #expect(tally.counts.count == 5)
        #expect(tally.responses == .max)
        #expect(tally.mean != nil)
        #expect(LikertTally.level(of: Decimal(string: "1e100")!) == "มากที่สุด")
        #expect(LikertTally.level(of: Decimal(string: "-1e100")!) == "น้อยที่สุด")
    }
}
