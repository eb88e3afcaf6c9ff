import Foundation
import Testing

@testable import PrakatCore

@Suite("HTTP dates")
struct InternetDateTests {
    @Test(arguments: [
        "Mon, 09 Feb 2026 03:00:00 GMT", "Thu, 29 Feb 2024 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
        "Mon, 01 Jan 1900 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Wed, 31 Dec 1969 23:59:59 GMT"
    ])
    func roundTrips(_ text: String) throws {
        let date = try #require(InternetDate.parseHTTPDate(text))
        #expect(InternetDate.rfc822(date) == text)
    }

    @Test func parsesTheInstant() {
        #expect(InternetDate.parseHTTPDate("Mon, 09 Feb 2026 03:00:00 GMT") == Date(timeIntervalSince1970: 1_770_606_000))
        // A leap second is the next minute's first, as Foundation's calendar would have it.
        #expect(InternetDate.parseHTTPDate("Mon, 09 Feb 2026 02:59:60 GMT") == Date(timeIntervalSince1970: 1_770_606_000))
    }

    @Test func formattingDropsFractions() {
        #expect(InternetDate.rfc822(Date(timeIntervalSince1970: 1_770_606_000.999)) == "Mon, 09 Feb 2026 03:00:00 GMT")
    }

    @Test(arguments: [
        "", "Mon", "Mon, 09 Feb 2026 03:00:00", "Mon, 09 Feb 2026 03:00:00 GMT extra",
        "Mon, 32 Feb 2026 03:00:00 GMT", "Mon, 00 Feb 2026 03:00:00 GMT", "Mon, 30 Feb 2026 03:00:00 GMT",
        "Mon, 29 Feb 2025 03:00:00 GMT", "Mon, 09 Fev 2026 03:00:00 GMT", "Mon, 09 feb 2026 03:00:00 GMT",
        "Mon, 09 Feb 2026 24:00:00 GMT", "Mon, 09 Feb 2026 03:60:00 GMT", "Mon, 09 Feb 2026 03:00:61 GMT",
        "Mon, 09 Feb 2026 03:00 GMT", "Mon, 09 Feb 2026 03:00:00:00 GMT", "Mon, 09 Feb 2026 03::00 GMT",
        "Mon, 09 Feb 2026 -3:00:00 GMT", "Mon, 09 Feb 2026 aa:00:00 GMT", "Mon, ๐๙ Feb 2026 03:00:00 GMT",
        "Monday, 09-Feb-26 03:00:00 GMT", "Mon Feb  9 03:00:00 2026"
    ])
    func refusesWhatIsNotAnIMFFixdate(_ text: String) {
        #expect(InternetDate.parseHTTPDate(text) == nil)
    }

    /// Years a header may name are range-checked before any arithmetic: huge numbers must not
    /// overflow or reach Foundation.
    @Test(arguments: [
        "Mon, 09 Feb 1899 03:00:00 GMT", "Mon, 09 Feb 0000 03:00:00 GMT", "Mon, 09 Feb -2026 03:00:00 GMT",
        "Mon, 09 Feb 10000 03:00:00 GMT", "Mon, 09 Feb 9223372036854775807 03:00:00 GMT",
        "Mon, 09 Feb 99999999999999999999999 03:00:00 GMT", "Mon, 9223372036854775807 Feb 2026 03:00:00 GMT",
        "Mon, 09 Feb 2026 9223372036854775807:00:00 GMT"
    ])
    func refusesYearsOutsideTheRange(_ text: String) {
        #expect(InternetDate.parseHTTPDate(text) == nil)
    }
}
