import Foundation
import KaoheReader
import KaoheScoring

/// Tables printed sideways (issue 28, item 7): a small table often runs its units across, one
/// column per unit (eight towns), with the items down the first column (five item scores,
/// 综合得分, 排名). It is bound like any other on the sheet transposed, and every location
/// names the cell as it is in the file (the third town's 综合得分 is D8, not H4).
extension Binder {
    /// The most rows (items, title and notes) a sheet may have to be read by columns unasked.
    static let sidewaysRows = 300

    /// The table bound the way the job says (`orientation:`), else the way the sheet shows:
    /// one row per unit, or, when its headers are not found so, one column per unit — when
    /// most units of the header row are registered ones (a note says it was read so). A sheet
    /// the other way round than the job says (a template filled in row by row) is still read.
    static func bindEitherWay(_ view: SheetBinding) throws -> BoundTable {
        let preferred = view.table.orientation ?? .rows
        let first = preferred == .columns ? view.transposedView() : view
        do {
            return try bind(first)
        } catch let error {
            // Sideways tables are small: a long sheet that did not bind is not turned to try.
            guard preferred == .columns || view.cells.count <= Self.sidewaysRows else { throw error }
            let other = preferred == .columns ? view : view.transposedView()
            guard var bound = try? bind(other), !bound.rows.isEmpty, ownUnits(bound, of: view.table) * 2 >= bound.rows.count else {
                throw error
            }
            if view.table.orientation == nil {
                bound.findings.insert(AuditFinding(table: view.table.id, finding: Finding(
                    kind: .note, unit: Finding.wholeTable, item: "工作表",
                    message: "工作表“\(view.sheet)”每个单位一列、考核项目在首列，已按列读取（作业中可写 orientation: columns）"),
                    location: view.fileName + "!" + view.sheet), at: 0)
            }
            return bound
        }
    }
}

extension SheetBinding {
    /// The same sheet transposed: its columns as rows, merged ranges turned with them.
    func transposedView() -> SheetBinding {
        let width = cells.map(\.count).max() ?? 0
        var turned = [[CellValue?]](repeating: [], count: width)
        for r in cells.indices {
            for (c, v) in cells[r].enumerated() where v != nil {
                if turned[c].count <= r { turned[c].append(contentsOf: repeatElement(nil, count: r + 1 - turned[c].count)) }
                turned[c][r] = v
            }
        }
        return SheetBinding(table: table, registry: registry, markers: markers, fileName: fileName, sheet: sheet, namesSheet: namesSheet,
                            cells: turned,
                            merges: merges.map { CellRange(firstRow: $0.firstColumn, firstColumn: $0.firstRow, lastRow: $0.lastColumn, lastColumn: $0.lastRow) },
                            formulas: formulas, transposed: !transposed)
    }

    /// In a table printed sideways the corner cell names the items (考核项目, 项目), not the
    /// units: the unit column is then the one whose cells under the header row are most often
    /// registered units (at least two); nil for a table the right way round.
    func unitColumnByRegistry(below r: Int, width: Int) -> Int? {
        guard transposed, r + 1 < cells.count else { return nil }
        let counts = (0..<width).map { c in ((r + 1)..<cells.count).filter { registry.unit(named: text($0, c)) != nil }.count }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] >= 2 else { return nil }
        return best
    }
}
