import Foundation

/// Text encodings Thai offices' spreadsheets are saved in.
public enum ThaiTextEncoding: String, Sendable, Hashable {
    case utf8
    case utf8WithBOM
    /// TIS-620 (and the Thai part of Windows-874), what Excel writes as "CSV" on Thai Windows.
    case tis620

    public var label: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf8WithBOM: "UTF-8 (BOM)"
        case .tis620: "TIS-620"
        }
    }
}

public enum ThaiTextDecoding {
    /// Decodes bytes as UTF-8 (with or without BOM) when they are valid UTF-8, else as TIS-620.
    /// Nil when they are neither (e.g. a binary file or another code page).
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: ThaiTextEncoding)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else { return nil }
            return (text, .utf8WithBOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            // Short TIS-620 text can happen to be valid UTF-8 ("รก" = C3 A1 = "á"): Latin
            // letters with accents and no Thai at all means it was TIS-620 after all.
            let scalars = text.unicodeScalars
            let looksMisread = scalars.contains { (0x80...0x24F).contains($0.value) } && !scalars.contains { (0x0E01...0x0E5B).contains($0.value) }
            if !looksMisread { return (text, .utf8) }
            if let thai = ThaiCodePage.tis620.decode(bytes) { return (thai, .tis620) }
            return (text, .utf8)
        }
        guard let text = ThaiCodePage.tis620.decode(bytes) else { return nil }
        return (text, .tis620)
    }
}

/// Why a CSV file was refused, in Thai, naming the row (1-based, as a spreadsheet shows it).
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    public var row: Int?
    public var column: String?
    public var message: String

    public init(row: Int? = nil, column: String? = nil, message: String) {
        self.row = row
        self.column = column
        self.message = message
    }

    public var description: String {
        var prefix = ""
        if let row { prefix += "แถวที่ \(row)" }
        if let column { prefix += (prefix.isEmpty ? "" : " ") + "คอลัมน์ \"\(column)\"" }
        return prefix.isEmpty ? message : "\(prefix): \(message)"
    }
}

/// RFC 4180 CSV: quoted fields with "" for a quote, commas and line breaks inside quotes,
/// CRLF or LF line ends.
public enum CSV {
    public static func parse(_ text: String) throws(CSVError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var quotedFieldEnded = false
        var line = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let following = next() {
                        if following == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; quotedFieldEnded = true; pending = following }
                    } else {
                        inQuotes = false
                        quotedFieldEnded = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                row.append(field)
                field = ""
                quotedFieldEnded = false
            case "\r":
                if let following = next(), following != "\n" { pending = following }
                fallthrough
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                quotedFieldEnded = false
                line += 1
            case "\"":
                guard field.isEmpty, !quotedFieldEnded else {
                    throw CSVError(row: line, message: "เครื่องหมายคำพูด (\") อยู่กลางข้อมูล ให้ครอบทั้งช่องด้วย \" และเขียน \"\" แทน \" ภายใน")
                }
                inQuotes = true
            default:
                if quotedFieldEnded {
                    throw CSVError(row: line, message: "มีข้อความต่อท้ายหลังเครื่องหมายคำพูดปิด")
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw CSVError(row: line, message: "เครื่องหมายคำพูด (\") เปิดแล้วไม่ได้ปิด") }
        if !field.isEmpty || !row.isEmpty || quotedFieldEnded {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// Writes rows for Excel: UTF-8 with BOM (so Thai opens correctly), CRLF, quoted when
    /// needed. Cells that a spreadsheet would run as a formula (= + - @) get a leading
    /// apostrophe, so exported data cannot run in the reader's spreadsheet.
    public static func write(_ rows: [[String]]) -> [UInt8] {
        var text = ""
        for row in rows {
            text += row.map(escape).joined(separator: ",") + "\r\n"
        }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    static func escape(_ value: String) -> String {
        let cell = CSVCell.safe(value)
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }
}

/// One cell of an exported spreadsheet.
public enum CSVCell {
    /// The text with a leading apostrophe when a spreadsheet would run it as a formula (it starts
    /// with = + - @, a tab or a carriage return) and it is not a plain number such as -5.
    public static func safe(_ value: String) -> String {
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Decimal(plain: value) == nil {
            return "'" + value
        }
        return value
    }
}

/// A person on an attendance list.
public struct Attendee: Codable, Sendable, Hashable {
    public var name: String
    public var organisation: String
    public var position: String

    public init(name: String, organisation: String = "", position: String = "") {
        self.name = name
        self.organisation = organisation
        self.position = position
    }
}

/// Reads attendance lists (รายชื่อผู้เข้าร่วม) exported from spreadsheets.
public enum AttendanceCSV {
    /// Accepted header names per column; the name column is required.
    public static let nameHeaders = ["ชื่อ-สกุล", "ชื่อ - สกุล", "ชื่อ-นามสกุล", "ชื่อ", "name"]
    public static let organisationHeaders = ["หน่วยงาน", "สังกัด", "organisation", "organization"]
    public static let positionHeaders = ["ตำแหน่ง", "position"]
    public static let numberHeaders = ["ลำดับ", "ลำดับที่", "no", "no."]
    /// A header row must use only these names.
    public static var knownHeaders: [String] { nameHeaders + organisationHeaders + positionHeaders + numberHeaders }

    public struct Result: Sendable, Hashable {
        public var attendees: [Attendee]
        public var encoding: ThaiTextEncoding
    }

    /// Header row first; columns in any order. Blank lines are skipped.
    public static func read(_ bytes: [UInt8], maxRows: Int = 5000) throws(CSVError) -> Result {
        guard let (text, encoding) = ThaiTextDecoding.decode(bytes) else {
            throw CSVError(message: "อ่านไฟล์ไม่ได้: ไม่ใช่ข้อความ UTF-8 หรือ TIS-620 กรุณาบันทึกจากโปรแกรมตารางคำนวณเป็น CSV (UTF-8)")
        }
        let rows = try CSV.parse(text).enumerated().filter { !$0.element.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let (headerIndex, header) = rows.first else {
            throw CSVError(message: "ไฟล์ว่าง ต้องมีแถวหัวตาราง เช่น ชื่อ-สกุล,หน่วยงาน,ตำแหน่ง")
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ accepted: [String]) -> Int? { names.firstIndex { accepted.map { $0.lowercased() }.contains($0) } }
        for (index, name) in names.enumerated() where !knownHeaders.map({ $0.lowercased() }).contains(name) {
            throw CSVError(
                row: headerIndex + 1, column: header[index],
                message: "ไม่รู้จักคอลัมน์นี้ ใช้ได้เฉพาะ ลำดับ, ชื่อ-สกุล, หน่วยงาน, ตำแหน่ง (ข้อมูลคอลัมน์ที่ \(index + 1))")
        }
        guard let nameColumn = column(nameHeaders) else {
            throw CSVError(row: headerIndex + 1, message: "ไม่พบคอลัมน์ \"ชื่อ-สกุล\" ในแถวหัวตาราง")
        }
        let organisationColumn = column(organisationHeaders)
        let positionColumn = column(positionHeaders)
        var attendees: [Attendee] = []
        for (index, row) in rows.dropFirst() {
            let line = index + 1
            if row.count != header.count {
                throw CSVError(row: line, message: "มี \(row.count) คอลัมน์ แต่หัวตารางมี \(header.count) คอลัมน์")
            }
            let name = row[nameColumn].trimmingCharacters(in: .whitespaces)
            if name.isEmpty { throw CSVError(row: line, column: header[nameColumn], message: "ต้องระบุชื่อ") }
            if name.count > 200 { throw CSVError(row: line, column: header[nameColumn], message: "ยาวเกิน 200 ตัวอักษร") }
            attendees.append(
                Attendee(
                    name: name,
                    organisation: organisationColumn.map { row[$0].trimmingCharacters(in: .whitespaces) } ?? "",
                    position: positionColumn.map { row[$0].trimmingCharacters(in: .whitespaces) } ?? ""))
            if attendees.count > maxRows { throw CSVError(message: "รายชื่อเกิน \(maxRows) คน กรุณาแบ่งไฟล์") }
        }
        if attendees.isEmpty { throw CSVError(message: "ไม่มีรายชื่อใต้แถวหัวตาราง") }
        return Result(attendees: attendees, encoding: encoding)
    }
}
