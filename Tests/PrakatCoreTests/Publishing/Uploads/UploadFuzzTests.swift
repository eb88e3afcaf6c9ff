import Foundation
import Testing

@testable import PrakatCore

/// Hostile input must never crash the server: every mutation of a valid file either passes
/// or is refused with a reason. A crash or trap here fails the whole test process.
@Suite("Upload fuzzing")
struct UploadFuzzTests {
    /// A fixed seed gives the same mutations on every run, so a failure reproduces.
    typealias SeededGenerator = SplitMix64

    static let seeds: [(name: String, bytes: [UInt8])] = [
        ("files.zip", Fixture.zip(names: ["ประกาศ.pdf", "ภาพ/", "ภาพ/กิจกรรม.jpg", "b.txt"], comment: Fixture.ascii("comment"))),
        ("report.docx", Fixture.docx()),
        ("budget.xlsx", Fixture.xlsx()),
        ("logo.png", Fixture.png),
        ("scan.jpg", Fixture.jpeg),
        ("report.pdf", Fixture.pdf),
        ("report.doc", Fixture.wordDocument(encrypted: false)),
        ("budget.xls", Fixture.excelWorkbook(encrypted: false)),
        ("files.rar", Fixture.rar5([.init(name: "a", isDirectory: true), .init(name: "a/b.pdf", data: Fixture.pdf)])),
        ("old.rar", Fixture.rar4([.init(name: "a.pdf", data: Fixture.pdf), .init(name: "b.pdf")]))
    ]

    /// Values that most often break parsers when they land in a length or offset field.
    static let interesting: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF]

    static func mutate(_ original: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:  // flip a few bits
            for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            }
        case 1:  // overwrite bytes with boundary values
            for _ in 0..<Int.random(in: 1...6, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = interesting.randomElement(using: &rng)!
            }
        case 2:  // cut
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
        case 3:  // overwrite a 4-byte field with a large or small value
            if bytes.count >= 4 {
                let at = Int.random(in: 0...(bytes.count - 4), using: &rng)
                let value: [UInt8] = [[0xFF, 0xFF, 0xFF, 0xFF], [0xFE, 0xFF, 0xFF, 0xFF], [0, 0, 0, 0x80], [0, 0, 0, 0]].randomElement(using: &rng)!
                bytes.replaceSubrange(at..<(at + 4), with: value)
            }
        case 4:  // insert or delete a run
            let at = Int.random(in: 0...bytes.count, using: &rng)
            if Bool.random(using: &rng) {
                bytes.insert(contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
            } else {
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &rng)))
            }
        default:  // keep the signature, randomise the rest of the head
            for index in min(8, bytes.count)..<min(64, bytes.count) { bytes[index] = UInt8.random(in: 0...255, using: &rng) }
        }
        return bytes
    }

    @Test(arguments: seeds)
    func mutationsNeverCrash(seed: (name: String, bytes: [UInt8])) {
        var rng = SeededGenerator(seed: UInt64(truncatingIfNeeded: seed.name.hashValueStable))
        var accepted = 0, refused = 0
        for _ in 0..<600 {
            let mutated = Self.mutate(seed.bytes, using: &rng)
            do {
                _ = try UploadInspector.inspect(fileName: seed.name, data: Data(mutated))
                accepted += 1
            } catch {
                #expect(!error.thaiMessage.isEmpty)
                refused += 1
            }
        }
        #expect(accepted + refused == 600)
        #expect(refused > 0, "mutations that break the file must be noticed")
    }

    @Test func randomBytesBehindEverySignatureNeverCrash() {
        var rng = SeededGenerator(seed: 2569)
        let heads: [(String, [UInt8])] = [
            ("a.zip", Signature.zipLocalHeader), ("a.zip", Signature.zipEndOfDirectory), ("a.docx", Signature.zipLocalHeader),
            ("a.rar", Signature.rar5), ("a.rar", Signature.rar4), ("a.doc", Signature.ole2), ("a.xls", Signature.ole2),
            ("a.docx", Signature.ole2), ("a.png", Signature.png), ("a.jpg", Signature.jpeg), ("a.pdf", Signature.pdf)
        ]
        for (name, head) in heads {
            for _ in 0..<150 {
                let tail = (0..<Int.random(in: 0...1200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                _ = try? UploadInspector.inspect(fileName: name, data: Data(head + tail))
            }
        }
    }
}

extension String {
    /// A hash that is the same on every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: UInt64 {
        utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
