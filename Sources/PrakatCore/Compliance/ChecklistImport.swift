import Foundation

/// One item of a checklist as an import or an edit gives it, before it is stored.
public struct ChecklistDraftItem: Sendable, Hashable, Codable {
    public var code: String
    public var titleTh: String
    public var titleEn: String?
    public var requirement: String?
    public var period: ChecklistPeriod
    public var periodNote: String?
    public var dueDates: [CalendarDate]
    /// The responsible unit's code or Thai name as the file gives it; resolved by the app.
    public var unit: String?

    public init(
        code: String, titleTh: String, titleEn: String? = nil, requirement: String? = nil, period: ChecklistPeriod,
        periodNote: String? = nil, dueDates: [CalendarDate] = [], unit: String? = nil
    ) {
        self.code = code
        self.titleTh = titleTh
        self.titleEn = titleEn
        self.requirement = requirement
        self.period = period
        self.periodNote = periodNote
        self.dueDates = dueDates
        self.unit = unit
    }
}

/// A checklist read from a file: one framework, one fiscal year, its items in order.
public struct ChecklistDraft: Sendable, Hashable {
    public var framework: String
    public var fiscalYear: Int
    public var items: [ChecklistDraftItem]
}

/// What is wrong with an import, in Thai, naming the row (1-based as a spreadsheet or the JSON list
/// counts it) and the field.
public struct ChecklistImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var row: Int?
    public var field: String
    public var message: String

    public init(row: Int?, field: String, message: String) {
        self.row = row
        self.field = field
        self.message = message
    }

    public var description: String {
        (row.map { "แถวที่ \($0) " } ?? "") + "ช่อง \"\(field)\": " + message
    }
}

/// Reads a checklist from the JSON format of `oit-checklist.json` or from CSV. Every row is checked
/// before anything is returned: one bad row refuses the whole file.
public enum ChecklistImport {
    public static let maxItems = 500
    public static let maxTitleLength = 1_000
    public static let maxTextLength = 4_000

    /// The columns a CSV file may have; the first three are required. Header names are matched
    /// without regard to case; Thai headers are accepted too.
    public static let csvColumns: [(key: String, names: [String])] = [
        ("code", ["code", "รหัส", "ข้อ"]),
        ("title_th", ["title_th", "ชื่อ", "ชื่อข้อ", "หัวข้อ"]),
        ("period", ["period", "รอบ", "ความถี่"]),
        ("title_en", ["title_en"]),
        ("requirement", ["requirement", "requirement_th", "requirement_en", "รายละเอียด", "ข้อกำหนด"]),
        ("period_note", ["period_note", "หมายเหตุ"]),
        ("due_dates", ["due_dates", "กำหนดส่ง"]),
        ("unit", ["unit", "หน่วยงานรับผิดชอบ", "กลุ่มงาน"])
    ]

    // MARK: JSON

    private struct JSONEntry: Decodable {
        var code: String?
        var framework: String?
        var fiscal_year: Int?
        var title_th: String?
        var title_en: String?
        var requirement_th: String?
        var requirement_en: String?
        var period: String?
        var period_note: String?
        var due_dates: [String]?
        var unit: String?
    }

    /// Reads the JSON list. Entries of other frameworks or years than `framework`/`fiscalYear` (when
    /// given) are refused; without them the file must hold one framework and one year.
    public static func parseJSON(_ bytes: [UInt8], framework: String? = nil, fiscalYear: Int? = nil) throws(ChecklistImportProblems) -> ChecklistDraft {
        let data = Data(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
        let entries: [JSONEntry]
        do {
            entries = try JSONDecoder().decode([JSONEntry].self, from: data)
        } catch {
            throw ChecklistImportProblems([ChecklistImportProblem(row: nil, field: "file", message: ChecklistImportText.notJSONList)])
        }
        var problems: [ChecklistImportProblem] = []
        let frameworks = Set(entries.compactMap(\.framework))
        let years = Set(entries.compactMap(\.fiscal_year))
        let chosenFramework = framework ?? (frameworks.count == 1 ? frameworks.first : nil)
        let chosenYear = fiscalYear ?? (years.count == 1 ? years.first : nil)
        if chosenFramework == nil {
            problems.append(.init(row: nil, field: "framework", message: frameworks.isEmpty ? ChecklistImportText.frameworkMissing : ChecklistImportText.severalFrameworks))
        }
        if chosenYear == nil {
            problems.append(.init(row: nil, field: "fiscal_year", message: years.isEmpty ? ChecklistImportText.yearMissing : ChecklistImportText.severalYears))
        }
        var rows: [RawRow] = []
        for (index, entry) in entries.enumerated() {
            let row = index + 1
            if let own = entry.framework, let chosenFramework, own != chosenFramework {
                problems.append(.init(row: row, field: "framework", message: ChecklistImportText.otherFramework(own, chosenFramework)))
            }
            if let own = entry.fiscal_year, let chosenYear, own != chosenYear {
                problems.append(.init(row: row, field: "fiscal_year", message: ChecklistImportText.otherYear(own, chosenYear)))
            }
            rows.append(
                RawRow(
                    row: row, code: entry.code ?? "", titleTh: entry.title_th ?? "", period: entry.period ?? "", titleEn: entry.title_en,
                    requirement: entry.requirement_th ?? entry.requirement_en, periodNote: entry.period_note,
                    dueDates: entry.due_dates?.joined(separator: " "), unit: entry.unit))
        }
        return try finish(framework: chosenFramework, fiscalYear: chosenYear, rows: rows, problems: problems)
    }

    // MARK: CSV

    /// Reads CSV (UTF-8 with or without BOM, or TIS-620 as Thai Excel saves it) with a header row.
    public static func parseCSV(_ bytes: [UInt8], framework: String, fiscalYear: Int) throws(ChecklistImportProblems) -> ChecklistDraft {
        guard let decoded = ThaiTextDecoding.decode(bytes) else {
            throw ChecklistImportProblems([.init(row: nil, field: "file", message: ChecklistImportText.unreadableText)])
        }
        let table: [[String]]
        do {
            table = try CSV.parse(decoded.text)
        } catch {
            throw ChecklistImportProblems([.init(row: error.row, field: "file", message: error.message)])
        }
        guard let header = table.first else {
            throw ChecklistImportProblems([.init(row: nil, field: "file", message: ChecklistImportText.emptyFile)])
        }
        var columnIndex: [String: Int] = [:]
        var problems: [ChecklistImportProblem] = []
        for (index, name) in header.enumerated() {
            let cleaned = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let column = csvColumns.first(where: { $0.names.contains(cleaned) }) else {
                if !cleaned.isEmpty { problems.append(.init(row: 1, field: name, message: ChecklistImportText.unknownColumn)) }
                continue
            }
            if columnIndex[column.key] != nil {
                problems.append(.init(row: 1, field: name, message: ChecklistImportText.repeatedColumn))
            }
            columnIndex[column.key] = index
        }
        for key in ["code", "title_th", "period"] where columnIndex[key] == nil {
            problems.append(.init(row: 1, field: key, message: ChecklistImportText.columnMissing))
        }
        guard problems.isEmpty else { throw ChecklistImportProblems(problems) }
        var rows: [RawRow] = []
        for (offset, cells) in table.enumerated().dropFirst() where !cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func cell(_ key: String) -> String? {
                guard let index = columnIndex[key], index < cells.count else { return nil }
                let value = cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return value.isEmpty ? nil : value
            }
            rows.append(
                RawRow(
                    row: offset + 1, code: cell("code") ?? "", titleTh: cell("title_th") ?? "", period: cell("period") ?? "",
                    titleEn: cell("title_en"), requirement: cell("requirement"), periodNote: cell("period_note"), dueDates: cell("due_dates"),
                    unit: cell("unit")))
        }
        return try finish(framework: framework, fiscalYear: fiscalYear, rows: rows, problems: [])
    }

    // MARK: Checks shared by both formats

    struct RawRow {
        var row: Int
        var code: String
        var titleTh: String
        var period: String
        var titleEn: String?
        var requirement: String?
        var periodNote: String?
        var dueDates: String?
        var unit: String?
    }

    /// Checks one item as an edit form gives it; the problems name fields, not rows.
    public static func check(
        code: String, titleTh: String, period: String, titleEn: String? = nil, requirement: String? = nil, periodNote: String? = nil,
        dueDates: String? = nil, unit: String? = nil, fiscalYear: Int
    ) -> Result<ChecklistDraftItem, ChecklistImportProblems> {
        var problems: [ChecklistImportProblem] = []
        let raw = RawRow(
            row: 0, code: code, titleTh: titleTh, period: period, titleEn: titleEn, requirement: requirement, periodNote: periodNote,
            dueDates: dueDates, unit: unit)
        let item = checkRow(raw, row: nil, fiscalYear: FiscalYear(beYear: fiscalYear), problems: &problems)
        if let item, problems.isEmpty { return .success(item) }
        return .failure(ChecklistImportProblems(problems))
    }

    static func finish(
        framework: String?, fiscalYear: Int?, rows: [RawRow], problems initial: [ChecklistImportProblem]
    ) throws(ChecklistImportProblems)
        -> ChecklistDraft
    {
        var problems = initial
        if let framework, !ChecklistText.isValidFramework(framework) {
            problems.append(.init(row: nil, field: "framework", message: ChecklistImportText.badFramework))
        }
        if let fiscalYear, !ChecklistText.fiscalYears.contains(fiscalYear) {
            problems.append(.init(row: nil, field: "fiscal_year", message: ChecklistImportText.yearOutOfRange))
        }
        if rows.isEmpty { problems.append(.init(row: nil, field: "file", message: ChecklistImportText.noItems)) }
        if rows.count > maxItems { problems.append(.init(row: nil, field: "file", message: ChecklistImportText.tooManyItems(maxItems))) }
        let year = fiscalYear.flatMap { ChecklistText.fiscalYears.contains($0) ? FiscalYear(beYear: $0) : nil }
        var items: [ChecklistDraftItem] = []
        var seenCodes: [String: Int] = [:]
        for raw in rows.prefix(maxItems) {
            let code = raw.code.trimmingCharacters(in: .whitespaces)
            if let first = seenCodes[code.uppercased()], !code.isEmpty {
                problems.append(.init(row: raw.row, field: "code", message: ChecklistImportText.duplicateCode(code, firstRow: first)))
            } else {
                seenCodes[code.uppercased()] = raw.row
            }
            if let item = checkRow(raw, row: raw.row, fiscalYear: year, problems: &problems) { items.append(item) }
        }
        guard problems.isEmpty, let framework, let fiscalYear else { throw ChecklistImportProblems(problems) }
        return ChecklistDraft(framework: framework, fiscalYear: fiscalYear, items: items)
    }

    private static func checkRow(_ raw: RawRow, row: Int?, fiscalYear: FiscalYear?, problems: inout [ChecklistImportProblem]) -> ChecklistDraftItem? {
        let before = problems.count
        let code = raw.code.trimmingCharacters(in: .whitespaces)
        if code.isEmpty {
            problems.append(.init(row: row, field: "code", message: ChecklistImportText.codeMissing))
        } else if !ChecklistText.isValidCode(code) {
            problems.append(.init(row: row, field: "code", message: ChecklistImportText.badCode))
        }
        let title = raw.titleTh.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            problems.append(.init(row: row, field: "title_th", message: ChecklistImportText.titleMissing))
        } else if title.count > maxTitleLength || hasControlCharacters(title) {
            problems.append(.init(row: row, field: "title_th", message: ChecklistImportText.badText(maxTitleLength)))
        }
        let period = ChecklistPeriod.parse(raw.period)
        if period == nil {
            problems.append(.init(row: row, field: "period", message: ChecklistImportText.badPeriod(raw.period)))
        }
        for (field, value) in [("title_en", raw.titleEn), ("requirement", raw.requirement), ("period_note", raw.periodNote), ("unit", raw.unit)] {
            if let value, value.count > maxTextLength || hasControlCharacters(value) {
                problems.append(.init(row: row, field: field, message: ChecklistImportText.badText(maxTextLength)))
            }
        }
        var dueDates: [CalendarDate] = []
        for word in (raw.dueDates ?? "").split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "," || $0 == "\n" }) {
            guard let date = CalendarDate.parseInput(String(word)) ?? ThaiDateParser.parse(String(word)) else {
                problems.append(.init(row: row, field: "due_dates", message: ChecklistImportText.badDueDate(String(word))))
                continue
            }
            if let fiscalYear, !(fiscalYear.firstDay...fiscalYear.lastDay.adding(days: 92)).contains(date) {
                problems.append(.init(row: row, field: "due_dates", message: ChecklistImportText.dueDateOutsideYear(String(word))))
            }
            dueDates.append(date)
        }
        guard problems.count == before, let period else { return nil }
        return ChecklistDraftItem(
            code: code, titleTh: title, titleEn: raw.titleEn.flatMap(nonEmpty), requirement: raw.requirement.flatMap(nonEmpty), period: period,
            periodNote: raw.periodNote.flatMap(nonEmpty), dueDates: dueDates.sorted(), unit: raw.unit.flatMap(nonEmpty))
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
    }
}

/// All the problems of one import, so a person can fix the file in one go.
public struct ChecklistImportProblems: Error, Sendable, Hashable {
    public var problems: [ChecklistImportProblem]
    public init(_ problems: [ChecklistImportProblem]) { self.problems = problems }
}

/// Renumbering when a checklist is copied to the next year: codes and titles move between years.
public enum ChecklistRenumbering {
    /// The codes of the copy, in the order of `codes`, or the problems with the map: a code the
    /// checklist does not have, two codes given the same new code, a new code that an item keeping
    /// its code already has, or a code that is not valid.
    public static func apply(_ map: [String: String], to codes: [String]) -> Result<[String], ChecklistImportProblems> {
        var problems: [ChecklistImportProblem] = []
        let known = Set(codes)
        for (from, to) in map.sorted(by: { $0.key < $1.key }) {
            if !known.contains(from) { problems.append(.init(row: nil, field: "renumber.\(from)", message: ChecklistImportText.renumberUnknown(from))) }
            if !ChecklistText.isValidCode(to) { problems.append(.init(row: nil, field: "renumber.\(from)", message: ChecklistImportText.badCode)) }
        }
        let result = codes.map { map[$0] ?? $0 }
        var owners: [String: [String]] = [:]
        for (old, new) in zip(codes, result) { owners[new.uppercased(), default: []].append(old) }
        for (new, olds) in owners.sorted(by: { $0.key < $1.key }) where olds.count > 1 {
            problems.append(.init(row: nil, field: "renumber", message: ChecklistImportText.renumberCollision(new, olds)))
        }
        return problems.isEmpty ? .success(result) : .failure(ChecklistImportProblems(problems))
    }

    /// Reads a map typed one pair per line: `MOIT5 → MOIT6`, `MOIT5 MOIT6`, `MOIT5=MOIT6` or `MOIT5,MOIT6`.
    public static func parseLines(_ text: String) -> Result<[String: String], ChecklistImportProblems> {
        var map: [String: String] = [:]
        var problems: [ChecklistImportProblem] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            var spaced = String(line)
            for separator in ["→", "=>", "->", "=", ","] { spaced = spaced.replacingOccurrences(of: separator, with: " ") }
            let words = spaced.split(whereSeparator: \.isWhitespace).map(String.init)
            if words.isEmpty { continue }
            guard words.count == 2 else {
                problems.append(.init(row: index + 1, field: "renumber", message: ChecklistImportText.renumberLine))
                continue
            }
            if map[words[0]] != nil {
                problems.append(.init(row: index + 1, field: "renumber", message: ChecklistImportText.renumberTwice(words[0])))
            }
            map[words[0]] = words[1]
        }
        return problems.isEmpty ? .success(map) : .failure(ChecklistImportProblems(problems))
    }
}
