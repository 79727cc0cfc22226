import Foundation
import KaoheFormat
import KaoheScoring

/// Base ± the amounts in a reason text (DOMAIN.md §2.4): the base is the value most rows give
/// when their amounts are taken off the published score (100, 1, 0.3 …). Also the weighted form
/// seen in seed 000: (100 ± amounts) × 50%, the weight read from the header ("年终考核（50%）").
enum AdjustmentsFinder {
    static func candidates(_ search: RuleSearch, _ target: DraftColumn) -> [Candidate] {
        let layout = search.evidence.layout
        // A reason text serves the score after it: no other number column stands between them.
        let between = { (c: DraftColumn) in layout.columns.contains { $0.index > c.index && $0.index < target.index && $0.kind == .number && !$0.isRankLike } }
        let reasons = layout.columns.filter { c in
            c.index < target.index && c.index != layout.unit && !between(c)
                && (c.kind == .text || (c.kind == .empty && ColumnNames.reasonWords.contains { c.header.contains($0) }))
        }
            .sorted { $0.index > $1.index }.prefix(2)
        var out: [Candidate] = []
        let published = search.evidence.numbers(TableEvidence.publishedName(target.name))
        for reason in reasons {
            let totals = search.evidence.rows.map { AdjustmentParser.parse($0.inputs[reason.name]?.text ?? "").total }
            let plain = zip(published, totals).compactMap { y, t in y.map { $0 - t } }
            // A weight in the header ("年终考核（50%）") is tried first: where both fit, it is the
            // reading the table states.
            if let weight = Finders.headerPercent(target.header), weight != 1 {
                let raw = zip(published, totals).compactMap { y, t in y.map { ($0 / weight - t).roundedHalfUp(2) } }
                if let base = Finders.mode(raw)?.value { out.append(weightedCandidate(target, reason: reason, base: base, weight: weight)) }
            }
            if let base = Finders.mode(plain)?.value {
                out.append(plainCandidate(target, reason: reason, base: base))
            }
        }
        return out
    }

    static func plainCandidate(_ target: DraftColumn, reason: DraftColumn, base: Decimal) -> Candidate {
        let rule = "adjustments: {base: \(base.plainText), reason: \(YAMLText.scalar(reason.name))}"
        return Candidate(scores: [ScoreDraft(column: Finders.column(target, .adjustments(base: base, reason: reason.name)),
                                             yaml: Finders.line(target.name, rule: rule, decimals: target.decimals))],
                         words: "\(target.name) = \(base.plainText) + “\(reason.header)”中的加扣分", complexity: 1, parameters: 1, constants: [base])
    }

    static func weightedCandidate(_ target: DraftColumn, reason: DraftColumn, base: Decimal, weight: Decimal) -> Candidate {
        let raw = target.name + "原始分"
        let percent = (weight * 100).plainText + "%"
        let rawRule = "adjustments: {base: \(base.plainText), reason: \(YAMLText.scalar(reason.name))}"
        let expression = "\(raw) * \(percent)"
        let scores = [
            ScoreDraft(column: ComputedColumn(name: raw, rule: .adjustments(base: base, reason: reason.name)),
                       yaml: Finders.line(raw, rule: rawRule, decimals: 2, published: false)),
            ScoreDraft(column: Finders.column(target, .expression(try! Expression.parse(expression))),
                       yaml: Finders.line(target.name, rule: "expression: \(YAMLText.scalar(expression))", decimals: target.decimals)),
        ]
        return Candidate(scores: scores, words: "\(target.name) = (\(base.plainText) + “\(reason.header)”中的加扣分) × \(percent)（权重见表头）",
                         complexity: 1, parameters: 1, constants: [base])
    }
}
