/// Why a typed amount was not accepted.
public enum BahtParseError: Error, Sendable, Hashable {
    /// Nothing but spaces (or only "฿").
    case empty
    /// A minus sign: budgets and prices are never negative.
    case negative
    /// Characters other than digits, one decimal point and thousands separators.
    case notANumber
    /// Commas not in thousands positions ("1,23,456", "25,00"), which could be a decimal comma.
    case misplacedComma
    /// More than two digits after the point: satang are the smallest unit.
    case tooManyDecimals
    /// Larger than `Baht.max`.
    case overflow
}

/// An amount of money in Thai baht, held as whole satang (1 baht = 100 satang).
///
/// Integers, never floating point: 0.1 + 0.2 must equal 0.3 exactly when budget lines are
/// summed and compared against totals. Arithmetic traps on overflow, like `Int64`.
/// Amounts may become negative through subtraction (a variance); parsing never yields one.
public struct Baht: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let satang: Int64

    public init(satang: Int64) { self.satang = satang }

    /// Whole baht; traps if `baht * 100` overflows.
    public init(baht: Int64) { self.satang = baht * 100 }

    public static let zero = Baht(satang: 0)
    public static let max = Baht(satang: .max)

    /// Parses what people type: `2,500,000.50`, `2500000`, `฿ 1,200.5`, `๒,๕๐๐,๐๐๐.๐๐`.
    /// Nil for anything `parse` rejects.
    public init?(parsing text: String) {
        guard let value = try? Self.parse(text) else { return nil }
        self = value
    }

    /// Like `init?(parsing:)`, with the reason for a rejection.
    ///
    /// Accepted: optional surrounding spaces, an optional leading "฿", Thai or Arabic digits,
    /// commas in thousands positions only, and an optional point followed by one or two digits.
    public static func parse(_ text: String) throws(BahtParseError) -> Baht {
        var body = Substring(ThaiDigits.toArabic(text)).trimmingSpaces
        if body.first == "฿" { body = body.dropFirst().trimmingSpaces }
        if body.isEmpty { throw .empty }
        if let sign = body.first, "-−–".contains(sign) { throw .negative }

        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = parts[0]
        let fractionPart = parts.count == 2 ? parts[1] : ""
        guard !integerPart.isEmpty, parts.count == 1 || !fractionPart.isEmpty,
            integerPart.allSatisfy({ $0.isASCIIDigit || $0 == "," }),
            fractionPart.allSatisfy(\.isASCIIDigit)
        else { throw .notANumber }
        guard fractionPart.count <= 2 else { throw .tooManyDecimals }

        let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            let wellGrouped = (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
            guard wellGrouped else { throw .misplacedComma }
        }

        // Accumulate satang with overflow checks; the digit count alone is not a safe bound.
        var satang: Int64 = 0
        let digits = groups.joined() + fractionPart + String(repeating: "0", count: 2 - fractionPart.count)
        for digit in digits {
            let (shifted, o1) = satang.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(Int64(digit.wholeNumberValue!))
            if o1 || o2 { throw .overflow }
            satang = sum
        }
        return Baht(satang: satang)
    }

    /// The largest amount a form, the API or an import may enter: 1,000,000,000,000.00 baht
    /// (10¹⁴ satang), far above any agency's budget, so sums of entered amounts stay in Int64.
    public static let inputMaximum = Baht(satang: 100_000_000_000_000)

    /// `parse` for amounts that arrive from outside: at most `inputMaximum`.
    public static func parseInput(_ text: String) throws(BahtParseError) -> Baht {
        let value = try parse(text)
        guard value <= inputMaximum else { throw .overflow }
        return value
    }

    /// Whole-baht part of the magnitude.
    public var bahtPart: UInt64 { satang.magnitude / 100 }

    /// Satang part of the magnitude, 0…99.
    public var satangPart: UInt64 { satang.magnitude % 100 }

    /// `2500000.00`: the API and storage form, two decimals, no grouping.
    public var decimalString: String { render(grouped: false) }

    /// `2,500,000.00`: for display.
    public var formatted: String { render(grouped: true) }

    /// `๒,๕๐๐,๐๐๐.๐๐` or `2,500,000.00`.
    public func formatted(digits: ThaiDigitStyle) -> String { digits.apply(formatted) }

    public var description: String { decimalString }

    private func render(grouped: Bool) -> String {
        var whole = String(bahtPart)
        if grouped {
            var index = whole.endIndex
            while whole.distance(from: whole.startIndex, to: index) > 3 {
                index = whole.index(index, offsetBy: -3)
                whole.insert(",", at: index)
            }
        }
        return (satang < 0 ? "-" : "") + whole + "." + Int(satangPart).zeroPadded(2)
    }

    public static func < (lhs: Baht, rhs: Baht) -> Bool { lhs.satang < rhs.satang }
}

extension Baht: AdditiveArithmetic {
    public static func + (lhs: Baht, rhs: Baht) -> Baht { Baht(satang: lhs.satang + rhs.satang) }
    public static func - (lhs: Baht, rhs: Baht) -> Baht { Baht(satang: lhs.satang - rhs.satang) }
}

extension Sequence where Element == Baht {
    /// Total of all amounts; `.zero` for an empty sequence.
    public func sum() -> Baht { reduce(.zero, +) }
}

/// Encoded as a decimal string (`"2500000.00"`), never a JSON number, which clients would
/// read as a binary floating-point value. Decoding accepts whatever `parse` accepts.
extension Baht: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Baht.parseInput(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid amount \"\(text)\": \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimalString)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return self[endIndex...] }
        return self[first...last]
    }
}
