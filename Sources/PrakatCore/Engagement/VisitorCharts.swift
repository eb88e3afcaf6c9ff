import Foundation

/// The statistics page's chart: page views and visitors per month of a fiscal year, two bars a
/// month. The page shows the same numbers in a table.
public enum VisitorCharts {
    public static let viewsColour = "#9db9d9"
    public static let visitorsColour = "#1f5a96"

    public struct MonthValue: Sendable, Hashable {
        public var month: Int
        public var pageViews: Int
        public var visitors: Int

        public init(month: Int, pageViews: Int, visitors: Int) {
            self.month = month
            self.pageViews = pageViews
            self.visitors = visitors
        }
    }

    public static func monthly(_ months: [MonthValue], fiscalYear: FiscalYear) -> Chart {
        let width = 720, height = 320, left = 70, right = 16, bottom = 260, top = 40
        let largest = max(1, months.map { max($0.pageViews, $0.visitors) }.max() ?? 1)
        let scale = Double(bottom - top) / Double(largest)
        let title = "จำนวนการเปิดหน้าและผู้เข้าชมรายเดือน ปีงบประมาณ \(fiscalYear.beYear)"
        var rects: [Chart.Rect] = []
        var texts: [Chart.Text] = [.init(x: width / 2, y: 22, text: title, anchor: "middle", size: 15)]
        var lines: [Chart.Line] = [.init(x1: left, y1: bottom, x2: width - right, y2: bottom, stroke: "#333333", dashed: false)]
        for step in 0...4 {
            let value = largest / 4 * step
            let y = bottom - Int((Double(value) * scale).rounded())
            texts.append(.init(x: left - 6, y: y + 4, text: VisitorFigures.grouped(value), anchor: "end", size: 11))
            if step > 0 { lines.append(.init(x1: left, y1: y, x2: width - right, y2: y, stroke: "#dddddd", dashed: true)) }
        }
        let slot = (width - right - left) / 12
        for (index, value) in months.prefix(12).enumerated() {
            let x = left + index * slot + 4
            let name = (1...12).contains(value.month) ? ThaiMonthNames.abbreviated(value.month) : ""
            let viewsHeight = Int((Double(value.pageViews) * scale).rounded())
            let visitorsHeight = Int((Double(value.visitors) * scale).rounded())
            rects.append(
                .init(
                    x: x, y: bottom - viewsHeight, width: slot / 2 - 4, height: viewsHeight, fill: viewsColour,
                    title: "\(name) เปิดหน้า \(VisitorFigures.grouped(value.pageViews)) ครั้ง"))
            rects.append(
                .init(
                    x: x + slot / 2 - 4, y: bottom - visitorsHeight, width: slot / 2 - 4, height: visitorsHeight, fill: visitorsColour,
                    title: "\(name) ผู้เข้าชม \(VisitorFigures.grouped(value.visitors)) คน"))
            texts.append(.init(x: x + slot / 2 - 4, y: bottom + 18, text: name, anchor: "middle", size: 12))
        }
        rects.append(.init(x: left, y: height - 24, width: 14, height: 14, fill: viewsColour, title: "การเปิดหน้า"))
        texts.append(.init(x: left + 20, y: height - 12, text: "การเปิดหน้า (ครั้ง)", anchor: "start", size: 12))
        rects.append(.init(x: left + 170, y: height - 24, width: 14, height: 14, fill: visitorsColour, title: "ผู้เข้าชม"))
        texts.append(.init(x: left + 190, y: height - 12, text: "ผู้เข้าชม (คน นับวันละครั้ง)", anchor: "start", size: 12))
        return Chart(width: width, height: height, title: title, rects: rects, texts: texts, lines: lines)
    }
}
