import Foundation

/// A one-sheet Office Open XML workbook (XLSX) written by hand: there is no spreadsheet package
/// to depend on, and the part of SpreadsheetML an export needs is small — inline strings,
/// numbers, a bold header row, wrapped multi-line cells and column widths.
public struct SpreadsheetWriter: Sendable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Int)
    }

    public var sheetName: String
    public var columnWidths: [Int]
    private var rows: [[Cell]] = []

    public init(sheetName: String, columnWidths: [Int] = []) {
        // Excel refuses sheet names over 31 characters or with []:*?/\
        let cleaned = sheetName.filter { !"[]:*?/\\".contains($0) }
        self.sheetName = cleaned.isEmpty ? "Sheet1" : String(cleaned.prefix(31))
        self.columnWidths = columnWidths
    }

    public mutating func addRow(_ cells: [Cell]) { rows.append(cells) }

    /// The workbook's bytes. The first row is the header (bold, frozen).
    /// Cells are inline strings, never formulas, so text starting with `=` cannot run.
    public func workbook(modified: Date) -> Data {
        var zip = ZipWriter()
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("xl/workbook.xml", workbookXML),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", sheetXML)
        ]
        for (name, xml) in parts {
            // Sizes are far below ZIP's limits: an export is at most a few thousand cells.
            try? zip.add(name: name, bytes: Data(xml.utf8), modified: modified)
        }
        return zip.finish()
    }

    static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    private var sheetXML: String {
        var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        if !columnWidths.isEmpty {
            xml += "<cols>"
            for (index, width) in columnWidths.enumerated() {
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in rows.enumerated() {
            xml += #"<row r="\#(rowIndex + 1)">"#
            for (columnIndex, cell) in row.enumerated() {
                let reference = Self.columnName(columnIndex) + String(rowIndex + 1)
                let style = rowIndex == 0 ? 1 : 2
                switch cell {
                case .text(let text):
                    xml += #"<c r="\#(reference)" s="\#(style)" t="inlineStr"><is><t xml:space="preserve">"# + XMLText.escape(text) + "</t></is></c>"
                case .number(let number):
                    xml += #"<c r="\#(reference)" s="\#(style)"><v>\#(number)</v></c>"#
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData></worksheet>"
        return xml
    }

    private var contentTypes: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + "</Types>"
    }

    private var packageRelationships: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
            + "</Relationships>"
    }

    private var workbookXML: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + #"<sheets><sheet name=""# + XMLText.escape(sheetName) + #"" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    }

    private var workbookRelationships: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#
            + #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
            + "</Relationships>"
    }

    /// Style 0: default; 1: bold header; 2: body text wrapped at the top of its cell.
    private var styles: String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            + #"<fonts count="2"><font><sz val="11"/><name val="Tahoma"/></font><font><b/><sz val="11"/><name val="Tahoma"/></font></fonts>"#
            + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
            + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
            + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>"#
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
            + "</styleSheet>"
    }
}
