import Crypto
import Foundation

/// Where a public question stands: it waits for moderation, is shown with its answer, or was
/// turned away (kept, never shown).
public enum QuestionState: String, CaseIterable, Codable, Sendable {
    case pending, published, rejected
}

/// Where a question came from.
public enum QuestionSource: String, CaseIterable, Codable, Sendable {
    /// The public form `/questions/ask`.
    case web
    /// `POST /api/v1/questions`.
    case api
    /// A public reply to a citizen's e-Service request, published with one action.
    case eservice
}

/// What moderators do with a question besides editing it.
public enum QuestionAction: String, CaseIterable, Sendable {
    case publish, unpublish, reject

    /// The state after the action.
    public var target: QuestionState {
        switch self {
        case .publish: .published
        case .unpublish: .pending
        case .reject: .rejected
        }
    }

    /// Why the action cannot be taken on a question in `state` (Thai), or nil when it can.
    /// Publishing needs an answer; only a published question can be unpublished; a published
    /// one is unpublished before it is rejected, so nothing leaves the public site by accident.
    public func denial(from state: QuestionState, hasAnswer: Bool) -> String? {
        switch self {
        case .publish:
            if state == .published { return "คำถามนี้เผยแพร่อยู่แล้ว" }
            return hasAnswer ? nil : "ต้องเขียนคำตอบก่อนเผยแพร่"
        case .unpublish:
            return state == .published ? nil : "คำถามนี้ยังไม่ได้เผยแพร่"
        case .reject:
            switch state {
            case .pending: return nil
            case .published: return "กรุณายกเลิกการเผยแพร่ก่อนปฏิเสธคำถาม"
            case .rejected: return "คำถามนี้ถูกปฏิเสธแล้ว"
            }
        }
    }
}

/// The rules of a question's text: limits in characters (Unicode code points, what JSON Schema's
/// `maxLength` counts), no control characters, and the key duplicate detection compares.
public enum QuestionRules {
    public static let subjectLimit = 200
    public static let messageLimit = 4000
    public static let nameLimit = 120
    public static let answerLimit = 8000
    /// A question with the same key, pending or published, received within this many days is a duplicate.
    public static let duplicateDays = 30

    /// What two questions are compared by: compatibility-normalised (so ำ and ํา, full-width and
    /// plain letters are the same), lower case, Thai digits as Arabic, the common typing slip
    /// เเ for แ mended, and without spaces, punctuation, symbols or invisible characters — Thai is
    /// written without spaces between words, so where the spaces fall says nothing.
    public static func normalise(_ text: String) -> String {
        let composed = text.precomposedStringWithCompatibilityMapping.lowercased().replacingOccurrences(of: "\u{0E40}\u{0E40}", with: "\u{0E41}")
        var out = String.UnicodeScalarView()
        for scalar in composed.unicodeScalars {
            if (0x0E50...0x0E59).contains(scalar.value), let digit = Unicode.Scalar(scalar.value - 0x0E50 + 0x30) {
                out.append(digit)
                continue
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark, .enclosingMark,
                .decimalNumber, .letterNumber, .otherNumber:
                out.append(scalar)
            default: continue
            }
        }
        return String(out)
    }

    /// The duplicate-detection key of a question: a hash of its normalised subject and message.
    public static func contentKey(subject: String, message: String) -> String {
        let data = Data((normalise(subject) + "\u{1F}" + normalise(message)).utf8)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
