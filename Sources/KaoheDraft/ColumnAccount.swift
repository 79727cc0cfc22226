import Foundation
import KaoheScoring

/// What the draft says of one numeric column (issue 32): an input, computed by a rule (with how
/// many published values it reproduces), ranked, or not explained, with why.
struct ColumnAccount: Sendable {
    enum Kind: Sendable, Equatable { case input, computed, ranked, unexplained }
    var column: DraftColumn
    var kind: Kind
    /// For a column not explained: no rule fits, or the rule that fits and why it is not kept.
    var why: String = ""
}

extension TableDraft {
    /// Every numeric column of the table, in the sheet's order.
    var accounts: [ColumnAccount] {
        layout.columns.filter { c in
            c.index != layout.unit && (c.kind == .number || (c.kind == .text && (c.isRankLike || Self.isGradeLike(c) || grade?.column.index == c.index)))
        }
            .map { c in
                if grade?.column.index == c.index { return ColumnAccount(column: c, kind: .computed) }
                if c.kind == .text && Self.isGradeLike(c) {
                    return ColumnAccount(column: c, kind: .unexplained, why: "找不到给出这些等次的分档、名额或名次（表中的等次与得分的高低不相符）")
                }
                if rules.contains(where: { $0.column.index == c.index }) { return ColumnAccount(column: c, kind: .computed) }
                if rank?.column.index == c.index { return ColumnAccount(column: c, kind: .ranked) }
                if let why = rejected[c.index] { return ColumnAccount(column: c, kind: .unexplained, why: "能重现它的规则不合情理：" + why) }
                if unexplained.contains(where: { $0.index == c.index }) {
                    return ColumnAccount(column: c, kind: .unexplained, why: "找不到由其他列算出它的规则")
                }
                if c.isRankLike && Self.isRankHeader(c) { return ColumnAccount(column: c, kind: .unexplained, why: "不是任何一列的名次") }
                return ColumnAccount(column: c, kind: .input)
            }
    }

    /// A short text column headed as a grade (等次, 等级, 档次, 评定).
    static func isGradeLike(_ c: DraftColumn) -> Bool {
        c.longest <= 8 && !c.isRankLike && ["等次", "等级", "档次", "评定", "评价等次"].contains(where: c.header.contains)
    }

    /// A serial column numbering the rows in order (1, 2, 3 …, or afresh in each group).
    /// Headed as a rank (排名, 名次, 位次), not a serial number (序号, 排序).
    static func isRankHeader(_ c: DraftColumn) -> Bool { ["排名", "名次", "位次"].contains(where: c.header.contains) }

    func isRowNumber(_ c: DraftColumn) -> Bool {
        guard !Self.isRankHeader(c) else { return false }
        let values = layout.grid.rows.indices.filter { r in layout.units.contains { $0.row == r } }.map { r -> Int? in
            guard r < layout.grid.rows.count, c.index < layout.grid.rows[r].count, let v = layout.grid.rows[r][c.index] else { return nil }
            return PublishedRank.read(v.text)
        }
        var expected = 1
        for v in values {
            guard let v else { return false }
            if v != expected && v != 1 { return false }
            expected = v + 1
        }
        return !values.isEmpty
    }

    /// What a serial column is: the row number, or a numbering that ranks nothing.
    func serialWords(_ c: DraftColumn) -> String {
        guard c.isRankLike else { return "" }
        return isRowNumber(c) ? "（行序号）" : "（编号，不是任何一列的名次）"
    }

    /// The comment's lines for the inputs and the columns not explained.
    var accountLines: [String] {
        var lines: [String] = []
        let inputs = accounts.filter { $0.kind == .input }
        if !inputs.isEmpty {
            lines.append("输入（照表读取，不重新计算）：" + inputs.map { "“\($0.column.header)”" + serialWords($0.column) }.joined(separator: "、") + "。")
        }
        for a in accounts where a.kind == .unexplained {
            lines.append("未能解释：“\(a.column.header)”，\(a.why)；按输入读取，不核对。")
        }
        return lines
    }
}
