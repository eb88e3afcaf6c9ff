import Foundation

/// Where a satisfaction response came from.
public enum SatisfactionSource: String, Sendable, Hashable, CaseIterable, Codable {
    /// The short survey linked from every public page.
    case survey
    /// The rating of a closed e-Service request.
    case eservice

    public var thaiName: String {
        switch self {
        case .survey: "แบบประเมินบนเว็บไซต์"
        case .eservice: "ประเมินหลังรับบริการออนไลน์"
        }
    }
}

/// A comment stays hidden until a moderator publishes it.
public enum SatisfactionCommentState: String, Sendable, Hashable, CaseIterable, Codable {
    case hidden
    case published

    public var thaiName: String {
        switch self {
        case .hidden: "ไม่เผยแพร่"
        case .published: "เผยแพร่แล้ว"
        }
    }
}

/// The checks every satisfaction response passes, from the survey form, the API or e-Service.
public enum SatisfactionRules {
    public static let scores: ClosedRange<Int> = 1...5
    /// Code points, after line ends are normalised and the ends trimmed.
    public static let commentLimit = 1000
    /// The page the survey was opened from: a path on this site.
    public static let pageLimit = 300

    /// The Thai label of a score (1 น้อยที่สุด … 5 มากที่สุด).
    public static func label(_ score: Int) -> String {
        switch score {
        case 1: "น้อยที่สุด"
        case 2: "น้อย"
        case 3: "ปานกลาง"
        case 4: "มาก"
        case 5: "มากที่สุด"
        default: ""
        }
    }

    public enum Problem: Error, Sendable, Hashable {
        case scoreMissing, scoreOutOfRange, commentTooLong, commentControlCharacters, pageInvalid

        public var field: String {
            switch self {
            case .scoreMissing, .scoreOutOfRange: "score"
            case .commentTooLong, .commentControlCharacters: "comment"
            case .pageInvalid: "page"
            }
        }

        public var message: String {
            switch self {
            case .scoreMissing: "กรุณาเลือกระดับความพึงพอใจ 1 ถึง 5"
            case .scoreOutOfRange: "ระดับความพึงพอใจต้องเป็นจำนวนเต็ม 1 ถึง 5"
            case .commentTooLong: "ข้อเสนอแนะยาวได้ไม่เกิน \(SatisfactionRules.commentLimit) ตัวอักษร"
            case .commentControlCharacters: "ข้อเสนอแนะมีอักขระควบคุมที่ไม่อนุญาต"
            case .pageInvalid: "หน้าที่ประเมินต้องเป็นที่อยู่ของหน้าในเว็บไซต์นี้ เช่น /c/news"
            }
        }
    }

    /// A score typed in a form: digits only, 1…5.
    public static func score(text: String?) -> Result<Int, Problem> {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .failure(.scoreMissing) }
        guard text.utf8.count <= 3, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let value = Int(text) else { return .failure(.scoreOutOfRange) }
        return score(value)
    }

    public static func score(_ value: Int?) -> Result<Int, Problem> {
        guard let value else { return .failure(.scoreMissing) }
        return scores.contains(value) ? .success(value) : .failure(.scoreOutOfRange)
    }

    /// The comment as stored: CRLF and CR as LF, trimmed, nil when empty. Tabs and line breaks are
    /// allowed; other control characters are refused.
    public static func comment(_ raw: String?) -> Result<String?, Problem> {
        let value = (raw ?? "").replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return .success(nil) }
        if value.unicodeScalars.count > commentLimit { return .failure(.commentTooLong) }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
            return .failure(.commentControlCharacters)
        }
        return .success(value)
    }

    /// A path on this site (`/`, `/c/news`, `/p/12?x=1`); never another site (`//x`, `/\x`),
    /// never whitespace or control characters. Empty means none.
    public static func page(_ raw: String?) -> Result<String?, Problem> {
        guard let value = raw, !value.isEmpty else { return .success(nil) }
        return isSitePath(value) ? .success(value) : .failure(.pageInvalid)
    }

    public static func isSitePath(_ value: String) -> Bool {
        let scalars = Array(value.unicodeScalars)
        guard let first = scalars.first, first == "/", scalars.count <= pageLimit else { return false }
        if scalars.count > 1, scalars[1] == "/" { return false }
        return !scalars.contains { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\\" }
    }
}

/// Results of one fiscal year: how many answered, the mean and how the scores spread.
public struct SatisfactionSummary: Sendable, Hashable {
    /// Responses per score 1…5.
    public var distribution: [Int: Int]

    public init(distribution: [Int: Int]) {
        var clean: [Int: Int] = [:]
        for score in SatisfactionRules.scores { clean[score] = max(0, distribution[score] ?? 0) }
        self.distribution = clean
    }

    public var count: Int { distribution.values.reduce(0, +) }

    /// The mean score, nil without responses.
    public var average: Double? {
        guard count > 0 else { return nil }
        let sum = distribution.reduce(0) { $0 + $1.key * $1.value }
        return Double(sum) / Double(count)
    }

    /// The mean rounded to 2 decimals for the API (a number).
    public var averageRounded: Double? { average.map { ($0 * 100).rounded() / 100 } }

    /// `4.3` (one decimal, as Thai pages show it), `-` without responses.
    public var averageText: String {
        guard let average else { return "-" }
        let tenths = Int((average * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The share of a score in whole per cent (0 without responses).
    public func percent(_ score: Int) -> Int {
        guard count > 0 else { return 0 }
        return Int((Double(distribution[score] ?? 0) * 100 / Double(count)).rounded())
    }
}

/// One row of the satisfaction export.
public struct SatisfactionExportRow: Sendable, Hashable {
    public var createdAt: String
    public var score: Int
    public var source: SatisfactionSource
    public var page: String?
    public var comment: String?
    public var commentState: SatisfactionCommentState
    public var eserviceRequestID: String?

    public init(
        createdAt: String, score: Int, source: SatisfactionSource, page: String?, comment: String?, commentState: SatisfactionCommentState,
        eserviceRequestID: String?
    ) {
        self.createdAt = createdAt
        self.score = score
        self.source = source
        self.page = page
        self.comment = comment
        self.commentState = commentState
        self.eserviceRequestID = eserviceRequestID
    }
}

public enum SatisfactionExport {
    public static let header = ["วันเวลา", "คะแนน", "ระดับ", "ที่มา", "หน้าที่ประเมิน", "ข้อเสนอแนะ", "สถานะข้อเสนอแนะ", "เลขที่คำขอบริการออนไลน์"]

    /// The CSV file (UTF-8 with BOM, CRLF): `CSV.write` neutralises cells a spreadsheet would run
    /// as a formula (`CSVCell.safe`).
    public static func csv(_ rows: [SatisfactionExportRow]) -> [UInt8] {
        CSV.write(
            [header]
                + rows.map { row in
                    [
                        row.createdAt, String(row.score), SatisfactionRules.label(row.score), row.source.thaiName, row.page ?? "", row.comment ?? "",
                        row.comment == nil ? "" : row.commentState.thaiName, row.eserviceRequestID ?? ""
                    ]
                })
    }
}
