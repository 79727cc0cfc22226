import Foundation
import KaoheFormat
import KaoheScoring

/// A base less a deduction column, or plus a bonus column (40 − 扣分, 30 + 加分 − 扣分): the
/// base is the value the column's rows point to (published score + deductions − bonuses, the
/// same for most rows), and must be on the sheet or round (Plausibility).
enum BaseFinder {
    static let deductionWords = ["扣", "减"]
    static let bonusWords = ["加分", "奖励", "附加"]

    static func candidates(_ search: RuleSearch, _ target: DraftColumn) -> [Candidate] {
        let parts = search.parts(before: target)
        let minus = parts.filter { c in deductionWords.contains(where: ColumnNames.lower(c.header).contains) }
        let plus = parts.filter { c in bonusWords.contains(where: ColumnNames.lower(c.header).contains) && !minus.contains(c) }
        guard !minus.isEmpty else { return [] }
        let published = search.evidence.numbers(TableEvidence.publishedName(target.name))
        var out: [Candidate] = []
        for deductions in [minus.suffix(1), minus[...]] {
            for bonuses in [plus.suffix(0), plus[...]] {
                let rows = search.evidence.rows.indices.compactMap { i -> Decimal? in
                    guard let y = published[i] else { return nil }
                    let off = deductions.reduce(Decimal(0)) { $0 + abs(search.evidence.rows[i].inputs[$1.name]?.number ?? 0) }
                    let on = bonuses.reduce(Decimal(0)) { $0 + (search.evidence.rows[i].inputs[$1.name]?.number ?? 0) }
                    return (y + off - on).roundedHalfUp(2)
                }
                guard let base = Finders.mode(rows)?.value, base > 0 else { continue }
                let negative = Set(deductions.filter { c in search.evidence.numbers(c.name).allSatisfy { ($0 ?? 0) <= 0 } }.map(\.name))
                out.append(candidate(target, base: base, plus: Array(bonuses), minus: Array(deductions), negative: negative))
            }
        }
        return out
    }

    static func candidate(_ target: DraftColumn, base: Decimal, plus: [DraftColumn], minus: [DraftColumn], negative: Set<String>) -> Candidate {
        // A deduction written as a negative number (−2) is added, as it is written.
        let text = ([base.plainText] + plus.map { "+ \($0.name)" } + minus.map { negative.contains($0.name) ? "+ \($0.name)" : "- \($0.name)" })
            .joined(separator: " ")
        let words = ([base.plainText] + plus.map { "+ \($0.header)" } + minus.map { "− \($0.header)" }).joined(separator: " ")
        return Candidate(scores: [ScoreDraft(column: Finders.column(target, .expression(try! Expression.parse(text)), emptyIsZero: true),
                                             yaml: Finders.line(target.name, rule: "expression: \(YAMLText.scalar(text))", decimals: target.decimals,
                                                                emptyIsZero: true))],
                         words: "\(target.name) = \(words)（空格按 0 计）", complexity: 1, parameters: 1, constants: [base])
    }
}
