import Foundation
import KaoheScoring

/// Groups a table ranks separately without a heading between them: the rank column starts again
/// from 1 part way down (ten towns ranked 1–10, then three zones ranked 1–3). Each run of rows
/// becomes a group of the drafted registry, named 第1组, 第2组 … for the office to rename.
enum RankRestart {
    /// The group of each of the layout's units, or nil when the ranks do not start again.
    static func groups(_ layout: SheetLayout) -> [String]? {
        guard layout.groupHeadings.isEmpty,
              let column = layout.columns.first(where: { $0.isRankLike && ["排名", "名次", "位次"].contains(where: $0.header.contains) })
        else { return nil }
        let ranks = layout.units.map { u -> Int? in
            guard u.row < layout.grid.rows.count, column.index < layout.grid.rows[u.row].count, let v = layout.grid.rows[u.row][column.index] else { return nil }
            return PublishedRank.read(v.text)
        }
        var groups: [String] = [], run = 1, previous = 0
        for r in ranks {
            if r == 1 && previous > 1 { run += 1 }
            groups.append("第\(run)组")
            previous = r ?? previous
        }
        // Runs of at least two rows each, and more than one of them.
        let sizes = Dictionary(groups.map { ($0, 1) }, uniquingKeysWith: +)
        return run > 1 && sizes.values.allSatisfy({ $0 >= 2 }) ? groups : nil
    }
}
