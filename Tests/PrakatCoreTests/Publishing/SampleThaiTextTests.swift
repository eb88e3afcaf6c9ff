import Foundation
import Testing

@testable import PrakatCore

@Suite("Generated Thai text for benchmarks")
struct SampleThaiTextTests {
    @Test func theSameSeedGivesTheSameItems() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        let a = (0..<20).map { _ in SampleThaiText.title(fiscalYear: 2569, using: &first) + SampleThaiText.body(using: &first) }
        let b = (0..<20).map { _ in SampleThaiText.title(fiscalYear: 2569, using: &second) + SampleThaiText.body(using: &second) }
        #expect(a == b)
        #expect(Set(a).count > 15, "items differ from each other")
    }

    @Test func textIsThaiWithParagraphsAndFileNamesArePDFs() {
        var rng = SplitMix64(seed: 7)
        let body = SampleThaiText.body(using: &rng)
        #expect(body.contains("\n\n"))
        #expect(body.unicodeScalars.filter { (0x0E00...0x0E7F).contains($0.value) }.count > body.unicodeScalars.count / 2)
        let name = SampleThaiText.fileName(fiscalYear: 2570, number: 12_345, using: &rng)
        #expect(name.hasSuffix("-2570-2345.pdf"))
    }

    @Test func searchTermsAreDistinctAndAtLeastThreeCharacters() {
        let terms = SampleThaiText.searchTerms()
        #expect(terms.count > 200)
        #expect(Set(terms).count == terms.count)
        #expect(terms.allSatisfy { $0.count >= 3 })
    }
}
