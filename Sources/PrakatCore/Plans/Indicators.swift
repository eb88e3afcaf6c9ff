import Foundation

public enum IndicatorKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// เชิงปริมาณ
    case quantitative
    /// เชิงคุณภาพ
    case qualitative

    public var thaiName: String {
        switch self {
        case .quantitative: "เชิงปริมาณ"
        case .qualitative: "เชิงคุณภาพ"
        }
    }

    /// Indicator paths are "Q1", "Q2.1" (quantitative) and "L1" (qualitative), stable across edits of the other kind.
    var pathPrefix: String { self == .quantitative ? "Q" : "L" }
}

/// How an indicator's actual value compares with its target ("ไม่น้อยกว่าร้อยละ 80" is ≥ 80).
public enum IndicatorComparator: String, Codable, Sendable, Hashable, CaseIterable {
    case atLeast = ">="
    case atMost = "<="
    case equal = "="
    case greaterThan = ">"
    case lessThan = "<"

    public var symbol: String {
        switch self {
        case .atLeast: "≥"
        case .atMost: "≤"
        case .equal: "="
        case .greaterThan: ">"
        case .lessThan: "<"
        }
    }

    public var thaiName: String {
        switch self {
        case .atLeast: "ไม่น้อยกว่า"
        case .atMost: "ไม่เกิน"
        case .equal: "เท่ากับ"
        case .greaterThan: "มากกว่า"
        case .lessThan: "น้อยกว่า"
        }
    }

    public func holds(_ actual: Decimal, _ target: Decimal) -> Bool {
        switch self {
        case .atLeast: actual >= target
        case .atMost: actual <= target
        case .equal: actual == target
        case .greaterThan: actual > target
        case .lessThan: actual < target
        }
    }

    /// Accepts the symbols people type: ≥ >= ≤ <= = > <.
    public init?(symbol text: String) {
        switch text.trimmingCharacters(in: .whitespaces) {
        case ">=", "≥": self = .atLeast
        case "<=", "≤": self = .atMost
        case "=", "==": self = .equal
        case ">": self = .greaterThan
        case "<": self = .lessThan
        default: return nil
        }
    }
}

/// Where an indicator's actual value comes from, so nobody retypes it.
public enum IndicatorSource: Codable, Sendable, Hashable {
    /// Typed in a progress round.
    case entered
    /// Participants checked in / imported for these activities as a percentage of their target groups.
    case attendance(activities: [Int])
    /// Percentage of respondents who rated question `question` (1-based) of the activity's
    /// questionnaire at least `minScore` on the Likert scale.
    case questionnaire(activity: Int, question: Int, minScore: Int)

    public var kind: String {
        switch self {
        case .entered: "entered"
        case .attendance: "attendance"
        case .questionnaire: "questionnaire"
        }
    }

    public var thaiName: String {
        switch self {
        case .entered: "กรอกผลในรอบรายงาน"
        case .attendance(let activities): "จากรายชื่อผู้เข้าร่วม กิจกรรมที่ " + activities.map(String.init).joined(separator: ", ")
        case .questionnaire(let activity, let question, let minScore):
            "จากแบบสอบถาม กิจกรรมที่ \(activity) ข้อ \(question) (ให้คะแนน \(minScore) ขึ้นไป)"
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, activities, activity, question, minScore }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "entered": self = .entered
        case "attendance": self = .attendance(activities: try c.decode([Int].self, forKey: .activities))
        case "questionnaire":
            self = .questionnaire(
                activity: try c.decode(Int.self, forKey: .activity), question: try c.decode(Int.self, forKey: .question),
                minScore: try c.decodeIfPresent(Int.self, forKey: .minScore) ?? 4)
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "kind must be entered, attendance or questionnaire")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .entered: break
        case .attendance(let activities): try c.encode(activities, forKey: .activities)
        case .questionnaire(let activity, let question, let minScore):
            try c.encode(activity, forKey: .activity)
            try c.encode(question, forKey: .question)
            try c.encode(minScore, forKey: .minScore)
        }
    }
}

/// §9: a project indicator with its target.
public struct Indicator: Codable, Sendable, Hashable {
    public var kind: IndicatorKind
    public var description: String
    /// Outputs it requires, printed as 1) 2) 3) (seed 2 §9 เชิงคุณภาพ 1).
    public var details: [String]
    public var comparator: IndicatorComparator?
    public var target: Decimal?
    /// "ร้อยละ", "คน", "ตัวชี้วัด" …
    public var unit: String?
    public var source: IndicatorSource
    /// Parts with their own targets (seed 2 §9 เชิงคุณภาพ 2: 1) … 80, 2) … 80).
    public var subIndicators: [Indicator]

    public init(
        kind: IndicatorKind, description: String, details: [String] = [], comparator: IndicatorComparator? = nil, target: Decimal? = nil,
        unit: String? = nil, source: IndicatorSource = .entered, subIndicators: [Indicator] = []
    ) {
        self.kind = kind
        self.description = description
        self.details = details
        self.comparator = comparator
        self.target = target
        self.unit = unit
        self.source = source
        self.subIndicators = subIndicators
    }

    public var isPercentage: Bool { Indicator.isPercentUnit(unit) }

    public static func isPercentUnit(_ unit: String?) -> Bool {
        guard let unit = unit?.trimmingCharacters(in: .whitespaces) else { return false }
        return unit == "ร้อยละ" || unit == "%" || unit == "เปอร์เซ็นต์"
    }

    /// "≥ ร้อยละ 80", "≥ 13 ตัวชี้วัด"
    public var targetText: String? {
        guard let comparator, let target else { return nil }
        if isPercentage { return "\(comparator.symbol) ร้อยละ \(target.plainString)" }
        return "\(comparator.symbol) \(target.plainString)" + (unit.map { " \($0)" } ?? "")
    }

    private enum CodingKeys: String, CodingKey { case kind, description, details, comparator, target, unit, source, subIndicators }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try c.decode(IndicatorKind.self, forKey: .kind),
            description: try c.decode(String.self, forKey: .description),
            details: try c.decodeIfPresent([String].self, forKey: .details) ?? [],
            comparator: try c.decodeIfPresent(IndicatorComparator.self, forKey: .comparator),
            target: try c.decodeIfPresent(Decimal.self, forKey: .target),
            unit: try c.decodeIfPresent(String.self, forKey: .unit),
            source: try c.decodeIfPresent(IndicatorSource.self, forKey: .source) ?? .entered,
            subIndicators: try c.decodeIfPresent([Indicator].self, forKey: .subIndicators) ?? [])
    }
}

/// Pass, fail, or not yet known.
public enum IndicatorStatus: String, Codable, Sendable, Hashable {
    case pass
    case fail
    case notYet

    public var thaiName: String {
        switch self {
        case .pass: "ผ่าน"
        case .fail: "ไม่ผ่าน"
        case .notYet: "ยังไม่มีผล"
        }
    }
}

/// Answers to one Likert question (1–5): counts per score.
public struct LikertTally: Codable, Sendable, Hashable {
    /// counts[0] = how many answered 1, … counts[4] = how many answered 5.
    public private(set) var counts: [Int]

    /// Exactly five non-negative counts: missing ones are 0, extra ones are dropped.
    public init(counts: [Int] = [0, 0, 0, 0, 0]) {
        self.counts = (0..<5).map { $0 < counts.count ? Swift.max(0, counts[$0]) : 0 }
    }

    private enum CodingKeys: String, CodingKey { case counts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(counts: try c.decode([Int].self, forKey: .counts))
    }

    public init<S: Sequence>(scores: S) where S.Element == Int {
        self.init()
        for score in scores { add(score) }
    }

    /// Scores outside 1…5 are ignored (the form refuses them earlier).
    public mutating func add(_ score: Int) {
        guard (1...5).contains(score) else { return }
        counts[score - 1] += 1
    }

    public var responses: Int { counts.clampedSum }

    /// Mean score to two decimals, nil without answers.
    public var mean: Decimal? {
        guard responses > 0 else { return nil }
        let sum = counts.enumerated().reduce(Decimal(0)) { $0 + Decimal($1.offset + 1) * Decimal($1.element) }
        return sum.divided(by: Decimal(responses), scale: 2)
    }

    /// Percentage (two decimals) of answers at or above `minScore`, nil without answers.
    public func percent(atLeast minScore: Int) -> Decimal? {
        guard responses > 0 else { return nil }
        let top = counts.enumerated().filter { $0.offset + 1 >= minScore }.map(\.element).clampedSum
        return (Decimal(top) * 100).divided(by: Decimal(responses), scale: 2)
    }

    /// The usual Thai reading of a mean on a 5-point scale.
    public static func level(of mean: Decimal) -> String {
        // 4.21–5.00 มากที่สุด, 3.41–4.20 มาก, 2.61–3.40 ปานกลาง, 1.81–2.60 น้อย, 1.00–1.80 น้อยที่สุด
        let hundredths = NSDecimalNumber(decimal: Swift.min(Swift.max(mean, 0), 5) * 100).intValue
        switch hundredths {
        case 421...: return "มากที่สุด"
        case 341...: return "มาก"
        case 261...: return "ปานกลาง"
        case 181...: return "น้อย"
        default: return "น้อยที่สุด"
        }
    }
}

/// What the evaluation reads: counts from attendance lists and questionnaires, and values typed in a round.
public struct IndicatorInputs: Sendable, Hashable {
    /// People attending, per activity number.
    public var attendance: [Int: Int]
    /// Likert answers per activity and question number.
    public var likert: [Int: [Int: LikertTally]]
    /// Values typed in a progress round, by indicator path ("Q1", "L2.1").
    public var entered: [String: Decimal]

    public init(attendance: [Int: Int] = [:], likert: [Int: [Int: LikertTally]] = [:], entered: [String: Decimal] = [:]) {
        self.attendance = attendance
        self.likert = likert
        self.entered = entered
    }
}

/// One indicator's result.
public struct IndicatorOutcome: Codable, Sendable, Hashable {
    public var path: String
    public var depth: Int
    public var kind: IndicatorKind
    public var description: String
    public var targetText: String?
    public var target: Decimal?
    public var unit: String?
    public var actual: Decimal?
    public var status: IndicatorStatus
    /// How the actual was obtained ("297 จาก 330 คน").
    public var basis: String
}

public enum IndicatorEvaluation {
    /// Evaluates every indicator of `document`. A parent without its own target passes when
    /// all its parts pass, fails when any fails, and is not yet known otherwise.
    public static func evaluate(_ document: ProjectDocument, inputs: IndicatorInputs) -> [IndicatorOutcome] {
        var outcomes: [IndicatorOutcome] = []
        for (path, indicator, depth) in document.numberedIndicators {
            var (actual, basis) = measure(indicator, path: path, document: document, inputs: inputs)
            var status: IndicatorStatus
            if let comparator = indicator.comparator, let target = indicator.target {
                if let value = actual { status = comparator.holds(value, target) ? .pass : .fail } else { status = .notYet }
            } else if !indicator.subIndicators.isEmpty {
                let parts = indicator.subIndicators.enumerated().map { index, sub -> IndicatorStatus in
                    let subPath = "\(path).\(index + 1)"
                    guard let comparator = sub.comparator, let target = sub.target,
                        let value = measure(sub, path: subPath, document: document, inputs: inputs).0
                    else { return .notYet }
                    return comparator.holds(value, target) ? .pass : .fail
                }
                status = parts.contains(.fail) ? .fail : (parts.allSatisfy { $0 == .pass } ? .pass : .notYet)
                actual = nil
                basis = "ตามตัวชี้วัดย่อย"
            } else {
                status = actual == nil ? .notYet : .pass
            }
            outcomes.append(
                IndicatorOutcome(
                    path: path, depth: depth, kind: indicator.kind, description: indicator.description,
                    targetText: indicator.targetText, target: indicator.target, unit: indicator.unit,
                    actual: actual, status: status, basis: basis))
        }
        return outcomes
    }

    static func measure(_ indicator: Indicator, path: String, document: ProjectDocument, inputs: IndicatorInputs) -> (Decimal?, String) {
        switch indicator.source {
        case .entered:
            guard let value = inputs.entered[path] else { return (nil, "ยังไม่ได้กรอกผล") }
            return (value, "กรอกในรอบรายงาน")
        case .attendance(let activities):
            // Only activities that have an attendance list count, so a 6-month report on the
            // first of two seminars is not measured against the second one's people too.
            let held = activities.filter { inputs.attendance[$0] != nil }
            guard !held.isEmpty else { return (nil, "ยังไม่มีรายชื่อผู้เข้าร่วม") }
            let attended = held.map { inputs.attendance[$0] ?? 0 }.clampedSum
            let target = held.compactMap { document.targetCount(activity: $0) }.clampedSum
            guard target > 0 else { return (nil, "ไม่มีจำนวนกลุ่มเป้าหมาย") }
            if indicator.isPercentage || indicator.unit == nil {
                return ((Decimal(attended) * 100).divided(by: Decimal(target), scale: 2), "ผู้เข้าร่วม \(attended) จากกลุ่มเป้าหมาย \(target) คน")
            }
            return (Decimal(attended), "ผู้เข้าร่วม \(attended) คน")
        case .questionnaire(let activity, let question, let minScore):
            guard let tally = inputs.likert[activity]?[question], let percent = tally.percent(atLeast: minScore) else {
                return (nil, "ยังไม่มีผู้ตอบแบบสอบถาม")
            }
            let top = tally.counts.enumerated().filter { $0.offset + 1 >= minScore }.map(\.element).clampedSum
            return (percent, "ให้คะแนน \(minScore)–5 จำนวน \(top) จาก \(tally.responses) คน")
        }
    }
}

extension Decimal {
    /// `self / divisor` rounded half-up to `scale` decimals.
    public func divided(by divisor: Decimal, scale: Int) -> Decimal {
        var quotient = self / divisor
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, scale, .plain)
        return rounded
    }
}
