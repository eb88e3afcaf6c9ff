import Foundation

/// One node of the expense category tree (seed 2 §7). The tree is data, not code: the Budget
/// Bureau renames and splits categories, so a fiscal year carries its own copy (JSON) and
/// `standard` is only the default.
public struct ExpenseCategory: Codable, Sendable, Hashable {
    /// Stable code stored in expense lines (`operating.services`).
    public var code: String
    /// Printed number ("7.1.1", "(2)").
    public var number: String
    public var nameTh: String
    public var children: [ExpenseCategory]
    /// Equipment and construction are classed by price per unit: lines here need one below
    /// (`unitPriceBelow`) or at least (`unitPriceAtLeast`) this much.
    public var unitPriceBelow: Baht?
    public var unitPriceAtLeast: Baht?
    /// Commitment kinds a line may name (ภาระผูกพันตามสัญญา, ตามมาตรา 23, ครุภัณฑ์อื่น ๆ).
    public var commitments: [Commitment]

    public struct Commitment: Codable, Sendable, Hashable {
        public var code: String
        public var nameTh: String

        public init(code: String, nameTh: String) {
            self.code = code
            self.nameTh = nameTh
        }
    }

    public init(
        code: String, number: String, nameTh: String, children: [ExpenseCategory] = [], unitPriceBelow: Baht? = nil,
        unitPriceAtLeast: Baht? = nil, commitments: [Commitment] = []
    ) {
        self.code = code
        self.number = number
        self.nameTh = nameTh
        self.children = children
        self.unitPriceBelow = unitPriceBelow
        self.unitPriceAtLeast = unitPriceAtLeast
        self.commitments = commitments
    }

    public var isLeaf: Bool { children.isEmpty }

    private enum CodingKeys: String, CodingKey { case code, number, nameTh, children, unitPriceBelow, unitPriceAtLeast, commitments }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try c.decode(String.self, forKey: .code), number: try c.decode(String.self, forKey: .number),
            nameTh: try c.decode(String.self, forKey: .nameTh),
            children: try c.decodeIfPresent([ExpenseCategory].self, forKey: .children) ?? [],
            unitPriceBelow: try c.decodeIfPresent(Baht.self, forKey: .unitPriceBelow),
            unitPriceAtLeast: try c.decodeIfPresent(Baht.self, forKey: .unitPriceAtLeast),
            commitments: try c.decodeIfPresent([Commitment].self, forKey: .commitments) ?? [])
    }
}

/// The whole tree, with lookups.
public struct ExpenseCategoryTree: Codable, Sendable, Hashable {
    public var roots: [ExpenseCategory]

    public init(roots: [ExpenseCategory]) { self.roots = roots }

    /// Every node in print order, with its depth (0 = 7.1).
    public var flattened: [(category: ExpenseCategory, depth: Int)] {
        var result: [(ExpenseCategory, Int)] = []
        func walk(_ nodes: [ExpenseCategory], _ depth: Int) {
            for node in nodes {
                result.append((node, depth))
                walk(node.children, depth + 1)
            }
        }
        walk(roots, 0)
        return result
    }

    public var leaves: [ExpenseCategory] { flattened.map(\.category).filter(\.isLeaf) }

    public func category(_ code: String) -> ExpenseCategory? { flattened.first { $0.category.code == code }?.category }

    /// The category and every ancestor, root first.
    public func lineage(of code: String) -> [ExpenseCategory] {
        func search(_ nodes: [ExpenseCategory], _ trail: [ExpenseCategory]) -> [ExpenseCategory]? {
            for node in nodes {
                if node.code == code { return trail + [node] }
                if let found = search(node.children, trail + [node]) { return found }
            }
            return nil
        }
        return search(roots, []) ?? []
    }

    /// Total per node code (a node's total includes its descendants').
    public func totals(_ lines: [ExpenseLine]) -> [String: Baht] {
        var totals: [String: Baht] = [:]
        for line in lines {
            for node in lineage(of: line.category) { totals[node.code, default: .zero] = totals[node.code, default: .zero] + line.amount }
        }
        return totals
    }

    private static let equipmentCommitments = [
        ExpenseCategory.Commitment(code: "contract", nameTh: "ภาระผูกพันตามสัญญา"),
        ExpenseCategory.Commitment(code: "section23", nameTh: "ภาระผูกพันตามมาตรา 23"),
        ExpenseCategory.Commitment(code: "other", nameTh: "ครุภัณฑ์อื่น ๆ")
    ]

    /// Seed 2 §7 as printed in the Budget Bureau's project form.
    public static let standard = ExpenseCategoryTree(roots: [
        ExpenseCategory(
            code: "operating", number: "7.1", nameTh: "ค่าใช้จ่ายดำเนินงาน",
            children: [
                ExpenseCategory(
                    code: "operating.rsm", number: "7.1.1", nameTh: "ค่าตอบแทน ใช้สอยและวัสดุ",
                    children: [
                        ExpenseCategory(code: "operating.remuneration", number: "(1)", nameTh: "ค่าตอบแทน"),
                        ExpenseCategory(code: "operating.services", number: "(2)", nameTh: "ค่าใช้สอย"),
                        ExpenseCategory(code: "operating.materials", number: "(3)", nameTh: "ค่าวัสดุ")
                    ]),
                ExpenseCategory(code: "operating.utilities", number: "7.1.2", nameTh: "ค่าสาธารณูปโภค")
            ]),
        ExpenseCategory(
            code: "investment", number: "7.2", nameTh: "ค่าใช้จ่ายลงทุน",
            children: [
                ExpenseCategory(
                    code: "investment.equipment", number: "7.2.1", nameTh: "ค่าครุภัณฑ์",
                    children: [
                        ExpenseCategory(
                            code: "investment.equipment.under1m", number: "7.2.1.1", nameTh: "ครุภัณฑ์ที่มีราคาต่อหน่วยต่ำกว่า 1 ล้าน",
                            unitPriceBelow: Baht(baht: 1_000_000), commitments: equipmentCommitments),
                        ExpenseCategory(
                            code: "investment.equipment.over1m", number: "7.2.1.2", nameTh: "ครุภัณฑ์ที่มีราคาต่อหน่วยตั้งแต่ 1 ล้านขึ้นไป",
                            unitPriceAtLeast: Baht(baht: 1_000_000), commitments: equipmentCommitments)
                    ], commitments: equipmentCommitments),
                ExpenseCategory(
                    code: "investment.land", number: "7.2.2", nameTh: "ค่าที่ดินและสิ่งก่อสร้าง",
                    children: [
                        ExpenseCategory(
                            code: "investment.land.under10m", number: "7.2.2.1", nameTh: "ราคาต่อหน่วยต่ำกว่า 10 ล้านบาท",
                            unitPriceBelow: Baht(baht: 10_000_000)),
                        ExpenseCategory(
                            code: "investment.land.over10m", number: "7.2.2.2", nameTh: "ราคาต่อหน่วยตั้งแต่ 10 ล้านบาทขึ้นไป",
                            unitPriceAtLeast: Baht(baht: 10_000_000))
                    ])
            ]),
        ExpenseCategory(
            code: "subsidies", number: "7.3", nameTh: "ค่าใช้จ่ายเงินอุดหนุน",
            children: [
                ExpenseCategory(code: "subsidies.general", number: "7.3.1", nameTh: "เงินอุดหนุนทั่วไป"),
                ExpenseCategory(code: "subsidies.specific", number: "7.3.2", nameTh: "เงินอุดหนุนเฉพาะกิจ")
            ]),
        ExpenseCategory(code: "other", number: "7.4", nameTh: "ค่าใช้จ่ายรายจ่ายอื่น")
    ])
}
