import Foundation
import Testing

@testable import PrakatCore

@Suite("Baht")
struct BahtTests {
    @Test(
        arguments: [
            ("2,500,000.50", 250_000_050),
            ("2500000", 250_000_000),
            ("2,500,000", 250_000_000),
            ("2,500,000.00", 250_000_000),
            ("400,000", 40_000_000),
            ("350,000", 35_000_000),
            ("1,700,000", 170_000_000),
            ("0", 0),
            ("0.5", 50),
            ("0.05", 5),
            ("1.2", 120),
            ("999", 99_900),
            ("1,000", 100_000),
            ("007", 700),
            ("฿1,200.50", 120_050),
            ("฿ 1,200.50", 120_050),
            ("  350,000  ", 35_000_000),
            ("๒,๕๐๐,๐๐๐.๕๐", 250_000_050),
            ("92233720368547758.07", Int64.max),
            ("92,233,720,368,547,758.07", Int64.max)
        ] as [(String, Int64)])
    func parses(text: String, satang: Int64) throws {
        #expect(try Baht.parse(text) == Baht(satang: satang))
        #expect(Baht(parsing: text) == Baht(satang: satang))
    }

    @Test(arguments: [
        ("", BahtParseError.empty),
        ("  ", .empty),
        ("฿", .empty),
        ("-5", .negative),
        ("−5", .negative),
        ("฿-1,000", .negative),
        ("1.234", .tooManyDecimals),
        ("0.001", .tooManyDecimals),
        ("abc", .notANumber),
        ("12a", .notANumber),
        ("1.2.3", .notANumber),
        (".5", .notANumber),
        ("5.", .notANumber),
        ("1 000", .notANumber),
        ("+5", .notANumber),
        ("1e6", .notANumber),
        ("5 บาท", .notANumber),
        ("1,23,456", .misplacedComma),
        ("25,00", .misplacedComma),
        (",100", .misplacedComma),
        ("1,000,00", .misplacedComma),
        ("1,,000", .misplacedComma),
        ("1234,567", .misplacedComma),
        ("92233720368547758.08", .overflow),
        ("100000000000000000000", .overflow)
    ])
    func rejects(text: String, reason: BahtParseError) {
        #expect(throws: reason) { try Baht.parse(text) }
        #expect(Baht(parsing: text) == nil)
    }

    @Test(
        arguments: [
            (250_000_000, "2500000.00", "2,500,000.00"),
            (250_000_050, "2500000.50", "2,500,000.50"),
            (5, "0.05", "0.05"),
            (0, "0.00", "0.00"),
            (99_999, "999.99", "999.99"),
            (100_000, "1000.00", "1,000.00"),
            (10_000_000, "100000.00", "100,000.00"),
            (-12_345, "-123.45", "-123.45"),
            (-100_000_000, "-1000000.00", "-1,000,000.00"),
            (Int64.max, "92233720368547758.07", "92,233,720,368,547,758.07"),
            (Int64.min, "-92233720368547758.08", "-92,233,720,368,547,758.08")
        ] as [(Int64, String, String)])
    func renders(satang: Int64, decimal: String, formatted: String) {
        let amount = Baht(satang: satang)
        #expect(amount.decimalString == decimal)
        #expect(amount.formatted == formatted)
        #expect(amount.description == decimal)
        if satang >= 0 {
            #expect(Baht(parsing: decimal) == amount)
            #expect(Baht(parsing: formatted) == amount)
        }
    }

    @Test func thaiDigits() {
        #expect(Baht(baht: 2_500_000).formatted(digits: .thai) == "๒,๕๐๐,๐๐๐.๐๐")
        #expect(Baht(baht: 2_500_000).formatted(digits: .arabic) == "2,500,000.00")
    }

    @Test func seedBudgetAddsUp() {
        // Seed 2, section 11: the four activities add up to the project's 2,500,000 baht …
        let activities = [400_000, 350_000, 50_000, 1_700_000].map { Baht(baht: $0) }
        #expect(activities.sum() == Baht(baht: 2_500_000))
        // … and activity 4's six sub-items to its 1,700,000.
        let activity4 = [200_000, 400_000, 400_000, 300_000, 200_000, 200_000].map { Baht(baht: $0) }
        #expect(activity4.sum() == Baht(baht: 1_700_000))
    }

    @Test func arithmeticIsExact() throws {
        let tenth = try #require(Baht(parsing: "0.10"))
        let fifth = try #require(Baht(parsing: "0.20"))
        #expect(tenth + fifth == Baht(parsing: "0.30"))
        #expect(fifth - tenth - tenth == .zero)
        #expect((tenth - fifth).decimalString == "-0.10")
        #expect([Baht]().sum() == .zero)
        var total = Baht.zero
        total += Baht(baht: 5)
        total -= Baht(satang: 1)
        #expect(total.decimalString == "4.99")
        #expect(Array(repeating: Baht(satang: 1), count: 1_000).sum() == Baht(baht: 10))
    }

    @Test func ordering() {
        let amounts = [Baht(baht: 400_000), Baht(baht: 50_000), Baht(satang: -1), Baht(baht: 1_700_000)]
        #expect(amounts.sorted().map(\.decimalString) == ["-0.01", "50000.00", "400000.00", "1700000.00"])
        #expect(amounts.max() == Baht(baht: 1_700_000))
    }

    @Test func parts() {
        let amount = Baht(satang: 250_000_050)
        #expect(amount.bahtPart == 2_500_000)
        #expect(amount.satangPart == 50)
    }

    @Test func codableAsDecimalString() throws {
        let data = try JSONEncoder().encode([Baht(satang: 250_000_050)])
        #expect(String(decoding: data, as: UTF8.self) == #"["2500000.50"]"#)
        #expect(try JSONDecoder().decode([Baht].self, from: data) == [Baht(satang: 250_000_050)])
        #expect(try JSONDecoder().decode([Baht].self, from: Data(#"["2,500,000.50"]"#.utf8)) == [Baht(satang: 250_000_050)])
        for invalid in [#"[2500000]"#, #"[2500000.5]"#, #"["-1"]"#, #"["1.234"]"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([Baht].self, from: Data(invalid.utf8)) }
        }
    }
}
