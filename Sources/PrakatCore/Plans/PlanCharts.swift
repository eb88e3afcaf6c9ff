import Foundation

/// A chart as shapes with computed coordinates. Pages draw it with a template (whose output is
/// escaped like everything else); `svg` writes the same shapes as a standalone SVG file for
/// downloads and PDFs, escaping every text. No scripts, no styles: colours are attributes, so
/// the site's Content-Security-Policy needs no exception.
public struct Chart: Codable, Sendable, Hashable {
    public struct Rect: Codable, Sendable, Hashable {
        public var x: Int, y: Int, width: Int, height: Int
        public var fill: String
        /// Tooltip and accessible text.
        public var title: String
    }

    public struct Text: Codable, Sendable, Hashable {
        public var x: Int, y: Int
        public var text: String
        /// start, middle, end
        public var anchor: String
        public var size: Int
    }

    public struct Line: Codable, Sendable, Hashable {
        public var x1: Int, y1: Int, x2: Int, y2: Int
        public var stroke: String
        public var dashed: Bool
    }

    public var width: Int
    public var height: Int
    /// The accessible name (`<title>`), also the figure's caption.
    public var title: String
    public var rects: [Rect]
    public var texts: [Text]
    public var lines: [Line]

    public var svg: String {
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" font-family=\"Sarabun, Laksaman, 'TH Sarabun New', sans-serif\">"
        out += "<title>\(Chart.escape(title))</title>"
        for line in lines {
            out +=
                "<line x1=\"\(line.x1)\" y1=\"\(line.y1)\" x2=\"\(line.x2)\" y2=\"\(line.y2)\" stroke=\"\(Chart.escape(line.stroke))\"\(line.dashed ? " stroke-dasharray=\"4 3\"" : "")/>"
        }
        for rect in rects {
            out +=
                "<rect x=\"\(rect.x)\" y=\"\(rect.y)\" width=\"\(rect.width)\" height=\"\(rect.height)\" fill=\"\(Chart.escape(rect.fill))\"><title>\(Chart.escape(rect.title))</title></rect>"
        }
        for text in texts {
            out += "<text x=\"\(text.x)\" y=\"\(text.y)\" text-anchor=\"\(Chart.escape(text.anchor))\" font-size=\"\(text.size)\">\(Chart.escape(text.text))</text>"
        }
        return out + "</svg>"
    }

    /// XML text and attribute escaping.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters are not allowed in XML 1.0.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

public enum PlanCharts {
    public static let planColour = "#9db9d9"
    public static let actualColour = "#1f5a96"
    public static let passColour = "#2e7d32"
    public static let failColour = "#c62828"
    public static let pendingColour = "#9e9e9e"

    /// Budget plan vs actual spending per quarter: two bars per quarter.
    public static func budgetByQuarter(planned: [Baht], spent: [Baht?], fiscalYear: FiscalYear, digits: ThaiDigitStyle = .arabic) -> Chart {
        let width = 640, height = 300, left = 90, bottom = 250, top = 40
        let maxSatang = max(1, (planned + spent.compactMap { $0 }).map(\.satang).max() ?? 1)
        let scale = Double(bottom - top) / Double(maxSatang)
        var rects: [Chart.Rect] = []
        var texts: [Chart.Text] = [
            .init(x: width / 2, y: 22, text: digits.apply("งบประมาณตามแผนและผลการใช้จ่ายรายไตรมาส ปีงบประมาณ \(fiscalYear.beYear)"), anchor: "middle", size: 15)
        ]
        var lines: [Chart.Line] = [.init(x1: left, y1: bottom, x2: width - 20, y2: bottom, stroke: "#333333", dashed: false)]
        for step in 0...4 {
            let value = Baht(satang: maxSatang / 4 * Int64(step))  // never overflows, unlike max × step
            let y = bottom - Int((Double(value.satang) * scale).rounded())
            texts.append(.init(x: left - 6, y: y + 4, text: digits.apply(compact(value)), anchor: "end", size: 11))
            if step > 0 { lines.append(.init(x1: left, y1: y, x2: width - 20, y2: y, stroke: "#dddddd", dashed: true)) }
        }
        let slot = (width - 20 - left) / 4
        for quarter in 0..<4 {
            let x = left + quarter * slot + 14
            let plan = quarter < planned.count ? planned[quarter] : .zero
            let planHeight = Int((Double(plan.satang) * scale).rounded())
            rects.append(
                .init(
                    x: x, y: bottom - planHeight, width: 40, height: planHeight, fill: planColour,
                    title: digits.apply("ไตรมาสที่ \(quarter + 1) แผน \(plan.formatted) บาท")))
            if quarter < spent.count, let actual = spent[quarter] {
                let actualHeight = Int((Double(actual.satang) * scale).rounded())
                rects.append(
                    .init(
                        x: x + 44, y: bottom - actualHeight, width: 40, height: actualHeight, fill: actualColour,
                        title: digits.apply("ไตรมาสที่ \(quarter + 1) ใช้จ่ายจริง \(actual.formatted) บาท")))
            }
            texts.append(.init(x: x + 42, y: bottom + 18, text: digits.apply("ไตรมาส \(quarter + 1)"), anchor: "middle", size: 12))
        }
        rects.append(.init(x: left, y: height - 22, width: 14, height: 14, fill: planColour, title: "แผน"))
        texts.append(.init(x: left + 20, y: height - 10, text: "แผน", anchor: "start", size: 12))
        rects.append(.init(x: left + 80, y: height - 22, width: 14, height: 14, fill: actualColour, title: "ผลการใช้จ่าย"))
        texts.append(.init(x: left + 100, y: height - 10, text: "ผลการใช้จ่าย", anchor: "start", size: 12))
        return Chart(width: width, height: height, title: "งบประมาณตามแผนและผลการใช้จ่ายรายไตรมาส", rects: rects, texts: texts, lines: lines)
    }

    /// Indicator progress against target: one horizontal bar per indicator with a value, a
    /// dashed mark at the target, green when passing, red when failing.
    public static func indicatorProgress(_ outcomes: [IndicatorOutcome], digits: ThaiDigitStyle = .arabic) -> Chart {
        let measured = outcomes.filter { $0.target != nil }
        let width = 640, left = 70, right = 70, rowHeight = 34, top = 40
        let height = top + max(1, measured.count) * rowHeight + 20
        let maxValue = measured.flatMap { [$0.actual, $0.target].compactMap { $0 } }.max().map { Swift.max($0, 100) } ?? 100
        let span = Double(width - left - right)
        // Values come from people: a negative, enormous or NaN one draws at an edge instead of trapping.
        func x(_ value: Decimal) -> Int {
            let ratio = NSDecimalNumber(decimal: value).doubleValue / NSDecimalNumber(decimal: maxValue).doubleValue
            return left + Int(((ratio.isFinite ? Swift.min(1, Swift.max(0, ratio)) : 0) * span).rounded())
        }
        var rects: [Chart.Rect] = []
        var lines: [Chart.Line] = [.init(x1: left, y1: top - 6, x2: left, y2: height - 20, stroke: "#333333", dashed: false)]
        var texts: [Chart.Text] = [.init(x: width / 2, y: 22, text: "ผลตัวชี้วัดเทียบค่าเป้าหมาย", anchor: "middle", size: 15)]
        for (index, outcome) in measured.enumerated() {
            let y = top + index * rowHeight
            texts.append(.init(x: left - 8, y: y + 18, text: digits.apply(displayPath(outcome.path)), anchor: "end", size: 12))
            let colour = outcome.status == .pass ? passColour : (outcome.status == .fail ? failColour : pendingColour)
            if let actual = outcome.actual {
                rects.append(
                    .init(
                        x: left, y: y + 4, width: max(1, x(actual) - left), height: 20, fill: colour,
                        title: digits.apply("\(displayPath(outcome.path)) ผล \(actual.plainString) เป้าหมาย \(outcome.targetText ?? "-") (\(outcome.status.thaiName))")))
                texts.append(.init(x: x(actual) + 4, y: y + 18, text: digits.apply(actual.plainString), anchor: "start", size: 12))
            } else {
                texts.append(.init(x: left + 6, y: y + 18, text: IndicatorStatus.notYet.thaiName, anchor: "start", size: 12))
            }
            if let target = outcome.target {
                lines.append(.init(x1: x(target), y1: y, x2: x(target), y2: y + 28, stroke: "#000000", dashed: true))
            }
        }
        return Chart(width: width, height: height, title: "ผลตัวชี้วัดเทียบค่าเป้าหมาย", rects: rects, texts: texts, lines: lines)
    }

    /// "Q1" → "ปริมาณ 1", "L2.1" → "คุณภาพ 2.1"
    public static func displayPath(_ path: String) -> String {
        if path.hasPrefix("Q") { return "ปริมาณ " + path.dropFirst() }
        if path.hasPrefix("L") { return "คุณภาพ " + path.dropFirst() }
        return path
    }

    /// 2,500,000 → "2.5 ล้าน", 350,000 → "350,000"
    static func compact(_ amount: Baht) -> String {
        let baht = amount.bahtPart
        if baht >= 1_000_000 {
            let tenths = (baht + 50_000) / 100_000
            return tenths % 10 == 0 ? "\(tenths / 10) ล้าน" : "\(tenths / 10).\(tenths % 10) ล้าน"
        }
        return Baht(baht: Int64(baht)).formatted.replacingOccurrences(of: ".00", with: "")
    }
}
