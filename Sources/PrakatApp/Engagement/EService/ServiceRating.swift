import Fluent
import Foundation

/// A citizen's rating of a closed request: 1–5 as typed ("5", " 5 "), nothing else ("five",
/// "0", "5.0" are refused).
enum ServiceRating {
    static let scores: ClosedRange<Int> = 1...5

    static func score(_ raw: String?) -> Int? {
        guard let text = raw?.trimmingCharacters(in: .whitespaces), text.utf8.count == 1, let value = Int(text), scores.contains(value) else { return nil }
        return value
    }

}
