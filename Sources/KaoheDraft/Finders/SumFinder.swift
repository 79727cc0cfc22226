import Foundation
import KaoheScoring

/// A total of the columns before it: a plain sum, a sum weighted by the percentages in the
/// headers, or category scores with the maxima in the headers ("发布解读（40分）"), where a
/// category marked "——" does not apply and the others are scaled back to 100 (DOMAIN.md §2.3).
enum SumFinder {
    static func candidates(_ search: RuleSearch, _ target: DraftColumn) -> [Candidate] {
        let all = search.parts(before: target)
        let lastText = search.columns.filter { $0.kind == .text && $0.index < target.index }.map(\.index).max() ?? -1
        let run = all.filter { $0.index > lastText }
        var out: [Candidate] = []
        var seen: Set<[Int]> = []
        for parts in [all, run] where parts.count >= 2 && seen.insert(parts.map(\.index)).inserted {
            // Maxima in the headers ("发布解读（40分）") are the table saying what its total is.
            if let categories = categories(target, parts) { out.append(categories) }
            out.append(sum(target, parts))
            if let weighted = weightedSum(target, parts) { out.append(weighted) }
        }
        return out
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
