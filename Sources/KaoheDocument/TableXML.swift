import Foundation
import KaoheFormat
import KaoheWriter

/// An attachment: 附件N, the table's title and subtitle, the table laid out as its summary
/// sheet (the same header spans, group rows, values in the sheet's formats, marked cells
/// shaded), and its notes, on a page of its own.
enum TableXML {
    static let cellFont = 21 // 五号 (10.5 pt), in half-points; 9 pt on tables wider than eight columns
    static let markedFill = "FFF2CC"

    static func attachment(_ sheet: ReportSheet, number: Int, width: Int) -> String {
        let size = sheet.columns.count > 8 ? 18 : cellFont
        var out = DocumentXML.paragraph("附件\(number)", align: "left", pageBreakBefore: true, runProperties: runProperties(font: Parts.heading, size: 32))
        out += DocumentXML.paragraph(sheet.title, align: "center", runProperties: runProperties(font: Parts.heading, size: 36))
        if let s = sheet.subtitle { out += DocumentXML.paragraph(s, align: "center") }
        let widths = columnWidths(sheet, total: width)
        out += "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"\(width)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
            + "<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        out += headerRows(sheet, widths: widths, size: size)
        for row in sheet.body { out += bodyRow(row, sheet: sheet, widths: widths, size: size) }
        out += "</w:tbl>"
        for note in sheet.notes {
            out += DocumentXML.paragraph(note, align: "left", runProperties: runProperties(font: Parts.body, size: size))
        }
        return out
    }

    static func runProperties(font: String, size: Int, bold: Bool = false) -> String {
        // The two a table's cells use, made once.
        if !bold && font == Parts.body && size == cellFont { return bodyCellRun }
        if !bold && font == Parts.body && size == 18 { return smallBodyCellRun }
        return makeRunProperties(font: font, size: size, bold: bold)
    }
    static let bodyCellRun = makeRunProperties(font: Parts.body, size: cellFont, bold: false)
    static let smallBodyCellRun = makeRunProperties(font: Parts.body, size: 18, bold: false)

    static func makeRunProperties(font: String, size: Int, bold: Bool) -> String {
        "<w:rPr><w:rFonts w:ascii=\"\(Parts.latin)\" w:hAnsi=\"\(Parts.latin)\" w:eastAsia=\"\(font)\"/>" + (bold ? "<w:b/>" : "")
            + "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr>"
    }

    /// Each column's share of the text width: its set width, else the widest text in it (CJK
    /// counting double), with room either side, at least four characters and at most forty.
    static func columnWidths(_ sheet: ReportSheet, total: Int) -> [Int] {
        var units = sheet.columns.map { $0.width ?? 0 }
        for p in Layout.placeHeader(sheet.header) where p.cell.columns == 1 && p.column < units.count && sheet.columns[p.column].width == nil {
            units[p.column] = max(units[p.column], min(12, Layout.displayWidth(p.cell.text)))
        }
        for case .cells(let cells) in sheet.body {
            for (c, cell) in cells.enumerated() where c < units.count && sheet.columns[c].width == nil {
                units[c] = max(units[c], Layout.displayWidth(text(cell, sheet.columns[c].format)))
            }
        }
        units = units.map { min(40, max(4, $0 + 1.5)) }
        let sum = units.reduce(0, +)
        var widths = units.map { Int(Double(total) * $0 / sum) }
        if let last = widths.indices.last { widths[last] += total - widths.reduce(0, +) }
        return widths
    }

    /// The header rows: spans across columns (gridSpan) and down rows (vMerge).
    static func headerRows(_ sheet: ReportSheet, widths: [Int], size: Int) -> String {
        let placed = Layout.placeHeader(sheet.header)
        var out = ""
        for r in 0..<max(1, sheet.header.count) {
            var row = "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
            var c = 0
            while c < widths.count {
                if let p = placed.first(where: { $0.row == r && $0.column == c }) {
                    let merge = p.cell.rows > 1 ? "<w:vMerge w:val=\"restart\"/>" : ""
                    row += cell(p.cell.text, span: p.cell.columns, widths: widths, column: c, merge: merge, font: Parts.heading, size: size, align: "center")
                    c += p.cell.columns
                } else if let above = placed.first(where: { $0.row < r && $0.row + $0.cell.rows > r && $0.column == c }) {
                    row += cell("", span: above.cell.columns, widths: widths, column: c, merge: "<w:vMerge/>", font: Parts.heading, size: size, align: "center")
                    c += above.cell.columns
                } else {
                    row += cell("", span: 1, widths: widths, column: c, merge: "", font: Parts.heading, size: size, align: "center")
                    c += 1
                }
            }
            out += row + "</w:tr>"
        }
        return out
    }

    static func bodyRow(_ row: BodyRow, sheet: ReportSheet, widths: [Int], size: Int) -> String {
        switch row {
        case .group(let title):
            return "<w:tr>" + cell(title, span: widths.count, widths: widths, column: 0, merge: "", font: Parts.heading, size: size, align: "left") + "</w:tr>"
        case .cells(let cells):
            var out = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for c in widths.indices {
                let value = c < cells.count ? cells[c] : .empty
                let format = sheet.columns[c].format
                let align = sheet.columns[c].alignLeft ? "left" : "center"
                out += cell(text(value, format), span: 1, widths: widths, column: c, merge: "", font: Parts.body, size: size, align: align,
                            fill: fill(value))
            }
            return out + "</w:tr>"
        }
    }

    static func cell(_ text: String, span: Int, widths: [Int], column: Int, merge: String, font: String, size: Int, align: String,
                     fill: String? = nil) -> String {
        let w = widths[column..<min(widths.count, column + span)].reduce(0, +)
        // Appended piece by piece into one string: a table of a thousand cells is most of a
        // night's document.
        var out = "<w:tc><w:tcPr><w:tcW w:w=\""
        out += String(w)
        out += "\" w:type=\"dxa\"/>"
        if span > 1 { out += "<w:gridSpan w:val=\"" + String(span) + "\"/>" }
        out += merge
        if let fill { out += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"" + fill + "\"/>" }
        out += "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\""
        out += align
        out += "\"/></w:pPr>"
        if !text.isEmpty {
            out += "<w:r>"
            out += runProperties(font: font, size: size)
            out += "<w:t xml:space=\"preserve\">"
            out += XML.escape(text)
            out += "</w:t></w:r>"
        }
        out += "</w:p></w:tc>"
        return out
    }

    /// A cell's text as the sheet shows it: numbers in the column's format, rounded half up.
    static func text(_ cell: ReportCell, _ format: ColumnFormat) -> String {
        switch cell {
        case .empty: return ""
        case .text(let t), .link(let t, _), .textFormula(_, let t): return t
        case .number(let d), .formula(_, let d): return number(d, format)
        case .value(let d, let f): return number(d, f)
        case .marked(let inner, _), .filled(let inner, _), .noted(let inner, _): return text(inner, format)
        }
    }

    static func number(_ d: Decimal, _ format: ColumnFormat) -> String {
        switch format {
        case .decimal(let n): return d.roundedHalfUp(n).formatted(decimals: n)
        case .percent(let n): return (d * 100).roundedHalfUp(n).formatted(decimals: n) + "%"
        case .integer: return d.roundedHalfUp(0).formatted(decimals: 0)
        case .text: return d.plainText
        }
    }

    /// The fill of a marked (light yellow) or filled (a grade's colour) cell.
    static func fill(_ cell: ReportCell) -> String? {
        switch cell {
        case .marked: return markedFill
        case .filled(_, let color): return String(format: "%06X", color)
        default: return nil
        }
    }
}
