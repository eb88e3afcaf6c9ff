import Foundation

/// A question of an evaluation questionnaire (seed 2 §10.1 แบบสอบถามผู้เข้าร่วมโครงการ).
public struct QuestionnaireQuestion: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
        /// 1–5: น้อยที่สุด … มากที่สุด
        case likert
        /// One of `choices`.
        case choice
        /// Free text.
        case text

        public var thaiName: String {
            switch self {
            case .likert: "มาตราส่วน 1–5"
            case .choice: "เลือกตอบ"
            case .text: "ความคิดเห็น"
            }
        }
    }

    public var kind: Kind
    public var text: String
    public var choices: [String]
    public var required: Bool

    public init(kind: Kind, text: String, choices: [String] = [], required: Bool = true) {
        self.kind = kind
        self.text = text
        self.choices = choices
        self.required = required
    }

    public static let likertLabels = ["น้อยที่สุด", "น้อย", "ปานกลาง", "มาก", "มากที่สุด"]

    /// Reads the lines staff type: "ข้อความ" (Likert), "? ข้อความ" (free text),
    /// "ข้อความ | ตัวเลือก 1 | ตัวเลือก 2" (choice).
    public static func parse(lines text: String) -> [QuestionnaireQuestion] {
        text.split(whereSeparator: \.isNewline).compactMap { raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { return nil }
            if line.hasPrefix("?") {
                return QuestionnaireQuestion(kind: .text, text: line.dropFirst().trimmingCharacters(in: .whitespaces), required: false)
            }
            let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if parts.count >= 3 { return QuestionnaireQuestion(kind: .choice, text: parts[0], choices: Array(parts.dropFirst())) }
            return QuestionnaireQuestion(kind: .likert, text: parts.first ?? line)
        }
    }
}

/// One answer: a score, a choice index or text, for question `question` (1-based).
public struct QuestionnaireAnswer: Codable, Sendable, Hashable {
    public var question: Int
    public var score: Int?
    public var choice: Int?
    public var text: String?

    public init(question: Int, score: Int? = nil, choice: Int? = nil, text: String? = nil) {
        self.question = question
        self.score = score
        self.choice = choice
        self.text = text
    }
}

public enum QuestionnaireAnswers {
    /// Reads a submitted form (`q1` = "4", `q2` = "0", `q3` = "ข้อความ") into answers, or the
    /// Thai reasons it cannot be accepted, keyed by field.
    public static func read(_ form: [String: String], questions: [QuestionnaireQuestion]) -> (answers: [QuestionnaireAnswer], errors: [String: String]) {
        var answers: [QuestionnaireAnswer] = []
        var errors: [String: String] = [:]
        for (index, question) in questions.enumerated() {
            let key = "q\(index + 1)"
            let value = (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                if question.required { errors[key] = "กรุณาตอบข้อ \(index + 1)" }
                continue
            }
            switch question.kind {
            case .likert:
                guard let score = Int(value), (1...5).contains(score) else { errors[key] = "ข้อ \(index + 1): เลือกคะแนน 1–5"; continue }
                answers.append(QuestionnaireAnswer(question: index + 1, score: score))
            case .choice:
                guard let choice = Int(value), question.choices.indices.contains(choice) else { errors[key] = "ข้อ \(index + 1): เลือกจากตัวเลือกที่มี"; continue }
                answers.append(QuestionnaireAnswer(question: index + 1, choice: choice))
            case .text:
                guard value.count <= 2000 else { errors[key] = "ข้อ \(index + 1): ยาวเกิน 2,000 ตัวอักษร"; continue }
                answers.append(QuestionnaireAnswer(question: index + 1, text: value))
            }
        }
        return (answers, errors)
    }

    /// Likert tallies per question number over many responses.
    public static func tallies(_ responses: [[QuestionnaireAnswer]]) -> [Int: LikertTally] {
        var tallies: [Int: LikertTally] = [:]
        for answers in responses {
            for answer in answers {
                guard let score = answer.score else { continue }
                tallies[answer.question, default: LikertTally()].add(score)
            }
        }
        return tallies
    }
}
