import Foundation
import KaoheDocument
import KaoheFormat
import KaoheAssessment
import KaoheJobs
import KaoheScoring
import KaoheWriter

/// The 通报 sheet: the bulletin's lines and paragraphs, each paragraph whose numbers a formula
/// can say written as one — its words joined with COUNTIF(S), COUNTA and SUM over the table
/// sheets' cells — so a corrected cell changes the text; unit lists stay text.
extension ReportBuilder {
    public static let bulletinSheetName = "通报"

    static func bulletinSheet(_ b: Bulletin, positions: Positions) -> ReportSheet {
        var sheet = ReportSheet(name: bulletinSheetName, title: b.title, subtitle: b.number,
                                columns: [ReportColumn(.text, width: 96, alignLeft: true)],
                                header: [[HeaderCell("通报正文（草稿）")]], body: [])
        sheet.autofilter = false
        if let a = b.addressees { sheet.body.append(.cells([.text(a + "：")])) }
        for p in b.paragraphs {
            sheet.body.append(p.isHeading ? .group(p.text) : .cells([paragraphCell(p, positions: positions)]))
        }
        if let s = b.signer { sheet.body.append(.cells([.text(s)])) }
        sheet.notes = ["注：正文中的数字是对各考核表单元格的公式（COUNTIF、COUNTA、SUM），表中数据更正后随之更新；单位名单是生成时的结果，"
                       + "数据更正后请核对。【待核】处的数字无法由表中数据确定，原因见“\(auditSheetName)”表。"]
        return sheet
    }

    /// A paragraph as a text formula where one of its fields has cells to count; else its text.
    static func paragraphCell(_ p: Bulletin.Paragraph, positions: Positions) -> ReportCell {
        var items: [[ReportFormula.Part]] = []
        var live = false
        var words = "" // text since the last formula: one constant
        for piece in p.pieces {
            if case .field(let f) = piece, let source = f.source, let formula = fieldFormula(source, positions: positions) {
                items += literal(words) + [formula]
                words = ""
                live = true
            } else {
                words += piece.text
            }
        }
        items += literal(words)
        guard live else { return .text(p.text) }
        var parts: [ReportFormula.Part] = []
        for (i, item) in items.enumerated() { parts += (i == 0 ? [] : [.text("&")]) + item }
        return .textFormula(ReportFormula(parts), cached: p.text)
    }

    /// A text constant in a formula: quoted, "" for ", cut into pieces of at most 255 characters
    /// (Excel's limit for one constant).
    static func literal(_ text: String) -> [[ReportFormula.Part]] {
        guard !text.isEmpty else { return [] }
        var out: [[ReportFormula.Part]] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let chunk = rest.prefix(200)
            rest = rest.dropFirst(chunk.count)
            out.append([.text("\"" + chunk.replacingOccurrences(of: "\"", with: "\"\"") + "\"")])
        }
        return out
    }

    /// COUNTIFS / COUNTA / SUM over the field's cells (a range where the units' rows stand
    /// together, else each cell); nil when some unit's value is not shown on its sheet.
    static func fieldFormula(_ source: Bulletin.Source, positions: Positions) -> [ReportFormula.Part]? {
        switch source {
        case .count(let groups, let conditions):
            var terms: [[ReportFormula.Part]] = []
            for g in groups {
                let columns = g.values.map { cells(g, value: $0, positions: positions) }
                if columns.contains(where: { $0 == nil }) { return nil }
                terms.append(countTerm(columns.map { $0! }, conditions: conditions))
            }
            return joined(terms, empty: "0")
        case .sum(let groups):
            var args: [[ReportFormula.Part]] = []
            for g in groups {
                for v in g.values {
                    guard let targets = cells(g, value: v, positions: positions) else { return nil }
                    args += references(targets)
                }
            }
            guard !args.isEmpty else { return [.text("0")] }
            var parts: [ReportFormula.Part] = [.text("SUM(")]
            for (i, a) in args.enumerated() { parts += (i == 0 ? [] : [.text(",")]) + a }
            return parts + [.text(")")]
        }
    }

    /// The cells of one value for the group's units, in their rows' order; nil when one is not shown.
    static func cells(_ g: Bulletin.Cells, value: String, positions: Positions) -> [CellTarget]? {
        var out: [CellTarget] = []
        for u in g.units {
            guard let target = positions[g.table]?[u]?[OutputValue(value)] else { return nil }
            out.append(target)
        }
        return out.sorted { $0.row < $1.row }
    }

    /// The cells as ranges of rows that stand together.
    static func references(_ targets: [CellTarget]) -> [[ReportFormula.Part]] {
        var out: [[ReportFormula.Part]] = []
        var start = 0
        for i in targets.indices where i == targets.count - 1 || targets[i + 1].row != targets[i].row + 1 {
            out.append(start == i ? [.cell(targets[i])] : [.range(targets[start], to: targets[i])])
            start = i + 1
        }
        return out
    }

    /// COUNTA of the unit cells, or COUNTIFS of the conditions, over one table's rows; a sum of
    /// such terms where the rows do not stand together.
    static func countTerm(_ columns: [[CellTarget]], conditions: [BulletinCondition]) -> [ReportFormula.Part] {
        let pieces = columns.map(references)
        var terms: [[ReportFormula.Part]] = []
        for k in pieces[0].indices {
            if conditions.isEmpty {
                terms.append([.text("COUNTA(")] + pieces[0][k] + [.text(")")])
                continue
            }
            var parts: [ReportFormula.Part] = [.text("COUNTIFS(")]
            for (j, c) in conditions.enumerated() {
                parts += (j == 0 ? [] : [.text(",")]) + pieces[j][k] + [.text(",\"" + criterion(c) + "\"")]
            }
            terms.append(parts + [.text(")")])
        }
        return joined(terms, empty: "0")
    }

    /// A condition as COUNTIF writes it: >=1, =0, <>优秀.
    static func criterion(_ c: BulletinCondition) -> String {
        let op = c.op == .notEqual ? "<>" : c.op.rawValue
        let value = c.number.map(\.plainText) ?? (c.text ?? "")
        return op + value.replacingOccurrences(of: "\"", with: "\"\"")
    }

    /// (a+b+c), or the one term alone.
    static func joined(_ terms: [[ReportFormula.Part]], empty: String) -> [ReportFormula.Part] {
        guard !terms.isEmpty else { return [.text(empty)] }
        if terms.count == 1 { return terms[0] }
        var parts: [ReportFormula.Part] = [.text("(")]
        for (i, t) in terms.enumerated() { parts += (i == 0 ? [] : [.text("+")]) + t }
        return parts + [.text(")")]
    }
}

extension ReportBuilder {
    /// The bulletin as a Word document: its text, then 总表 and each table sheet of `report`
    /// (the summary workbook built from the same run) as attachments; modified now, or at
    /// `fixedTime` (SOURCE_DATE_EPOCH) when given.
    public static func document(_ run: AssessmentRun, report: ReportWorkbook, previousRanks: [String: [String: Int]]? = nil,
                                bulletin: Bulletin? = nil, fixedTime: Date? = nil) -> WordDocument {
        let b = bulletin ?? run.bulletin(previousRanks: previousRanks)
        let tables = report.sheets.filter { s in
            s.name != bulletinSheetName && s.name != auditSheetName && s.name != "封面"
        }
        return WordDocument(title: b.title, number: b.number, addressees: b.addressees,
                            paragraphs: b.paragraphs.map { WordDocument.Paragraph($0.text, isHeading: $0.isHeading) },
                            signer: b.signer, attachments: tables, modified: clamped(madeAt(fixedTime), to: fixedTime))
    }

    /// The document's file beside a summary: the summary's name with .docx.
    public static func documentPath(besides summary: String) -> String {
        (summary as NSString).deletingPathExtension + "（通报）.docx"
    }
}
