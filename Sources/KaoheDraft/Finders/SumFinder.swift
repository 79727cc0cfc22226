import Foundation
import KaoheFormat
import KaoheScoring

/// A total of the columns before it: a plain sum, a sum weighted by the percentages in the
/// headers, or category scores with the maxima in the headers ("发布解读（40分）"), where a
/// category marked "——" does not apply and the others are scaled back to 100 (DOMAIN.md §2.3).
enum SumFinder {
    static func candidates(_ search: RuleSearch, _ target: DraftColumn) -> [Candidate] {
        let all = search.parts(before: target)
        let lastText = search.columns.filter { $0.kind == .text && $0.index < target.index }.map(\.index).max() ?? -1
        let run = all.filter { $0.index > lastText }
        var out: [Candidate] = statedTotal(search, target).map { [$0] } ?? []
        var seen: Set<[Int]> = []
        for parts in [all, run] where parts.count >= 2 && seen.insert(parts.map(\.index)).inserted {
            // Maxima in the headers ("发布解读（40分）") are the table saying what its total is.
            if let categories = categories(target, parts) { out.append(categories) }
            out.append(sum(target, parts))
            if let weighted = weightedSum(target, parts) { out.append(weighted) }
        }
        // A total of some of the columns before it: runs of neighbours first, then any two or more.
        for parts in subsets(all) where seen.insert(parts.map(\.index)).inserted {
            let neighbours = zip(parts, parts.dropFirst()).allSatisfy { a, b in all.firstIndex(of: a)! + 1 == all.firstIndex(of: b)! }
            var c = sum(target, parts)
            c.complexity = neighbours ? 1 : 2
            out.append(c)
        }
        return out
    }

    /// Subsets of two or more columns, for up to eight columns (247 of them).
    static func subsets(_ columns: [DraftColumn]) -> [[DraftColumn]] {
        guard columns.count >= 3, columns.count <= 8 else { return [] }
        return (1..<(1 << columns.count)).filter { $0.nonzeroBitCount >= 2 && $0.nonzeroBitCount < columns.count }
            .map { mask in columns.indices.filter { mask & (1 << $0) != 0 }.map { columns[$0] } }
    }

    /// A total whose maximum (its header's, or 100 for a column headed as the total) is the sum
    /// of the maxima other columns state, wherever they stand: the total of those parts
    /// (总得分 before 指标一（40分）| 指标二（30分）| 指标三（30分）).
    static func statedTotal(_ search: RuleSearch, _ target: DraftColumn) -> Candidate? {
        let totalWords = ["总分", "总得分", "合计", "总计", "综合得分", "最终得分", "考核得分", "总成绩"]
        guard let maximum = Finders.headerMaximum(target.header)
                ?? (totalWords.contains(where: ColumnNames.lower(target.header).contains) ? 100 : nil) else { return nil }
        let parts = search.columns.filter { c in
            c.index != target.index && c.kind == .number && !c.isRankLike && c.index != search.evidence.layout.unit
                && !search.isDerived(c) && Finders.headerMaximum(c.header) != nil
        }
        guard parts.count >= 2, parts.compactMap({ Finders.headerMaximum($0.header) }).reduce(0, +) == maximum,
              parts.contains(where: { $0.index > target.index }) else { return nil }
        var c = categories(target, parts)!
        c.words = "\(target.name) = " + parts.map(\.header).joined(separator: " + ") + "（各项满分之和 \(maximum.plainText) 即总分的满分）"
        return c
    }

    static func sum(_ target: DraftColumn, _ parts: [DraftColumn]) -> Candidate {
        expression(target, parts.map(\.name).joined(separator: " + "), words: parts.map(\.header).joined(separator: " + "), complexity: 1)
    }

    static func weightedSum(_ target: DraftColumn, _ parts: [DraftColumn]) -> Candidate? {
        let weights = parts.map { Finders.headerPercent($0.header) }
        guard weights.allSatisfy({ $0 != nil }) else { return nil }
        let terms = zip(parts, weights).map { "\($0.name) * \(($1! * 100).plainText)%" }
        return expression(target, terms.joined(separator: " + "), words: terms.joined(separator: " + ") + "（权重见表头）", complexity: 2)
    }

    static func expression(_ target: DraftColumn, _ text: String, words: String, complexity: Int) -> Candidate {
        let rule = Rule.expression(try! Expression.parse(text))
        return Candidate(scores: [ScoreDraft(column: Finders.column(target, rule),
                                             yaml: Finders.line(target.name, rule: "expression: \(YAMLText.scalar(text))", decimals: target.decimals))],
                         words: "\(target.name) = \(words)", complexity: complexity)
    }

    static func categories(_ target: DraftColumn, _ parts: [DraftColumn]) -> Candidate? {
        let maxima = parts.map { Finders.headerMaximum($0.header) }
        guard maxima.allSatisfy({ $0 != nil }) else { return nil }
        let categories = zip(parts, maxima).map { part, max in
            Category(name: part.name, maximum: max!, isBonus: ["附加", "加分", "奖励"].contains { part.header.contains($0) })
        }
        let items = categories.map { c in
            "{name: \(YAMLText.scalar(c.name)), max: \(c.maximum.plainText)\(c.isBonus ? ", bonus: true" : "")}"
        }
        return Candidate(scores: [ScoreDraft(column: Finders.column(target, .categories(categories)),
                                             yaml: Finders.line(target.name, rule: "categories: [\(items.joined(separator: ", "))]", decimals: target.decimals))],
                         words: "\(target.name) = 各项指标之和（满分见表头；标为“——”的指标不适用时，其余指标按剩余满分折算）", complexity: 0)
    }
}
