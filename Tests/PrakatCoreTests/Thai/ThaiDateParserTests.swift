import Testing

@testable import PrakatCore

private func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

@Suite("ThaiDateParser")
struct ThaiDateParserTests {
    @Test(arguments: [
        // Shapes named in the product conventions and the brief.
        ("9 ก.พ. 2569", "2026-02-09"),
        ("๙ กุมภาพันธ์ ๒๕๖๙", "2026-02-09"),
        ("09/02/2569", "2026-02-09"),
        ("9/2/69", "2026-02-09"),
        ("2569-02-09", "2026-02-09"),
        ("2026-02-09", "2026-02-09"),
        ("9/2/2026", "2026-02-09"),
        ("9 ก.พ. 2026", "2026-02-09"),
        // Spacing, dots and digits as people type them.
        ("  9   ก.พ.   2569  ", "2026-02-09"),
        ("9ก.พ.2569", "2026-02-09"),
        ("9 ก. พ. 2569", "2026-02-09"),
        ("9 กพ 69", "2026-02-09"),
        ("9 กุมภา 2569", "2026-02-09"),
        ("๐๙/๐๒/๒๕๖๙", "2026-02-09"),
        ("9-2-2569", "2026-02-09"),
        ("9.2.2569", "2026-02-09"),
        ("2026/02/09", "2026-02-09"),
        ("9\tก.พ.\u{00A0}2569", "2026-02-09"),
        ("9\u{200B}ก.พ.\u{200B}2569", "2026-02-09"),  // zero-width spaces from a word processor
        // Era markers and filler words, as in seed 1.
        ("9 กุมภาพันธ์ พ.ศ. 2569", "2026-02-09"),
        ("9 กุมภาพันธ์ พ.ศ.2569", "2026-02-09"),
        ("9 กุมภาพันธ์พ.ศ. 2569", "2026-02-09"),
        ("9 ก.พ. ค.ศ. 2026", "2026-02-09"),
        ("วันที่ ๙ กุมภาพันธ์ ๒๕๖๙", "2026-02-09"),
        ("๑๑ ธันวาคม ๒๕๖๗", "2024-12-11"),
        ("ณ วันที่ ๑๑ เดือน ธันวาคม พ.ศ. ๒๕๖๗", "2024-12-11"),
        ("11 เดือนธันวาคม 2567", "2024-12-11"),
        // Seed 2: fiscal year 2564 and its activities.
        ("1 ต.ค. 2563", "2020-10-01"),
        ("30 ก.ย. 2564", "2021-09-30"),
        ("15 มิ.ย. 64", "2021-06-15"),
        ("20 สิงหาคม 2564", "2021-08-20"),
        // Look-alike abbreviations.
        ("1 พ.ค. 2569", "2026-05-01"),
        ("1 พ.ย. 2569", "2026-11-01"),
        ("1 ก.ค. 2569", "2026-07-01"),
        ("9 มี.ค. 69", "2026-03-09"),
        ("29 ก.พ. 2567", "2024-02-29"),
        // Era boundaries.
        ("1/1/2400", "1857-01-01"),
        ("31/12/2399", "2399-12-31"),
        ("1/1/1900", "1900-01-01"),
        ("1/1/00", "1957-01-01"),
        ("31/12/99", "2056-12-31")
    ])
    func accepts(text: String, iso: String) throws {
        #expect(try ThaiDateParser.parseOrThrow(text) == day(iso))
        #expect(ThaiDateParser.parse(text) == day(iso))
    }

    @Test(arguments: [
        ("", ThaiDateParseError.empty),
        ("   ", .empty),
        ("30 ก.พ. 2569", .invalidDate(year: 2026, month: 2, day: 30)),
        ("29/02/2569", .invalidDate(year: 2026, month: 2, day: 29)),
        ("31/04/2026", .invalidDate(year: 2026, month: 4, day: 31)),
        ("9/13/2569", .invalidDate(year: 2026, month: 13, day: 9)),
        ("0/1/2569", .invalidDate(year: 2026, month: 1, day: 0)),
        ("9 กขค 2569", .unknownMonth("กขค")),
        ("9 February 2569", .unknownMonth("February")),
        ("9/2/1899", .yearOutOfRange(1899)),
        ("9/2/569", .yearOutOfRange(569)),
        ("9/2/9", .yearOutOfRange(9)),
        ("9/2/25690", .yearOutOfRange(25690)),
        ("9 ก.พ. พ.ศ. 2026", .eraMismatch(year: 2026)),
        ("9 ก.พ. ค.ศ. 2569", .eraMismatch(year: 2569)),
        ("9 ก.พ. ค.ศ. 69", .eraMismatch(year: 69)),
        ("2569-02", .unrecognizedFormat),
        ("9 ก.พ. 2569 14:30", .unrecognizedFormat),
        ("9/2/2569!", .unrecognizedFormat),
        ("123/2/2569", .unrecognizedFormat),
        ("9/2/123456789012345678901234", .unrecognizedFormat),
        ("ก.พ. 9 2569", .unrecognizedFormat),
        ("today", .unrecognizedFormat)
    ])
    func rejects(text: String, reason: ThaiDateParseError) {
        #expect(throws: reason) { try ThaiDateParser.parseOrThrow(text) }
        #expect(ThaiDateParser.parse(text) == nil)
    }

    /// A two-digit year is always BE 25xx; a four-digit one is never shifted twice.
    @Test func neverShiftsTwice() {
        #expect(ThaiDateParser.parse("1/1/2569")?.year == 2026)
        #expect(ThaiDateParser.parse("1/1/2026")?.year == 2026)
        #expect(ThaiDateParser.parse("1/1/69")?.year == 2026)
        #expect(ThaiDateParser.parse("1/1/26")?.year == 1983)
    }

    static let formats: [ThaiDateFormat] = [
        ThaiDateFormat(style: .long, digits: .thai),
        ThaiDateFormat(style: .long, digits: .arabic),
        ThaiDateFormat(style: .short, digits: .thai),
        ThaiDateFormat(style: .short, digits: .arabic)
    ]

    /// Everything the formatter prints, the parser reads back: every 11th day of 1957…2056
    /// (the two-digit-year window) plus month ends.
    @Test(arguments: formats)
    func roundTripsFormatterOutput(format: ThaiDateFormat) {
        var date = day("1957-01-01")
        while date <= day("2056-12-31") {
            for candidate in [date, date.lastDayOfMonth] {
                let text = format.string(from: candidate)
                #expect(ThaiDateParser.parse(text) == candidate, "\(text)")
            }
            date = date.adding(days: 11)
        }
    }

    @Test func roundTripsISOAndTwoDigitYears() {
        var date = day("1957-01-01")
        while date <= day("2056-12-31") {
            #expect(ThaiDateParser.parse(date.iso) == date)
            let short = "\(date.day)/\(date.month)/\((date.buddhistYear % 100).zeroPadded(2))"
            #expect(ThaiDateParser.parse(short) == date, "\(short)")
            date = date.adding(days: 29)
        }
    }
}
