import Foundation
import KaoheScoring
import KaoheWriter

extension ReportBuilder {
    /// A table's chart on its own sheet, so it neither splits across printed pages nor sits
    /// under the table's repeated header: per group of two or more units, the values sorted
    /// from the highest, with the bar chart beside them (its cached values are these cells).
    static func chartSheet(_ t: TableRun, table: TableJob, value: String) -> ReportSheet? {
        guard let result = t.result else { return nil }
        let format = table.output.first { $0.value == value }?.format ?? .decimal(2)
        var sheet = ReportSheet(name: "图-" + (table.sheetName ?? table.title), title: "\(table.title)：\(value)",
                                columns: [ReportColumn(.text, width: 24), ReportColumn(format, width: 12)],
                                header: [[HeaderCell("被考核单位"), HeaderCell(value)]], body: [])
        sheet.autofilter = false
        sheet.fitOnePageWhenClose = false
        let groups = table.registryGroups(result)
        for g in groups {
            let members = result.rows.filter { $0.group == g && $0.computed[value]?.number != nil }
            guard members.count >= 2 else { continue }
            if groups.count > 1 { sheet.body.append(.group(g)) }
            for r in members.sorted(by: { $0.computed[value]!.number! > $1.computed[value]!.number! }) {
                sheet.body.append(.cells([.text(r.unit), .number(r.computed[value]!.number!)]))
            }
        }
        guard !sheet.body.isEmpty else { return nil }
        sheet.chart = ChartSpec(title: "\(table.title)：\(value)", categoryColumn: 0, valueColumn: 1)
        return sheet
    }
}

extension TableJob {
    /// The groups of a table's rows, in the order they first appear.
    func registryGroups(_ result: TableResult) -> [String] {
        var out: [String] = []
        for r in result.rows where !out.contains(r.group) { out.append(r.group) }
        return out
    }
}
