import Foundation
import KaoheFormat
import KaoheScoring

/// A ratio of two columns before it (DOMAIN.md §2.6): a completion rate (条数 ÷ 任务), a share
/// (总分 ÷ 年度任务), or a score for a quota, scaled and capped (min(5, 条数 ÷ 任务 × 5)), the
/// scale being what most uncapped rows give and the cap the most any row has.
enum RatioFinder {
    static func candidates(_ search: RuleSearch, _ target: DraftColumn) -> [Candidate] {
        let parts = search.parts(before: target)
        let published = search.evidence.numbers(TableEvidence.publishedName(target.name))
        let rateLike = target.percent || ["率", "比", "占"].contains { target.header.contains($0) }
        var out: [Candidate] = []
        // A count that is the same for every unit tells units apart by nothing.
        // The later column is the count more often than not (任务数 | 完成数): tried first.
        for count in parts.reversed() where Variation.varies(search.evidence.numbers(count.name)) {
            for quota in parts where quota.index != count.index {
                if rateLike {
                    out.append(completion(target, count: count, quota: quota))
                }
                out.append(share(target, count: count, quota: quota, complexity: rateLike ? 3 : 2))
                let pairs = zip(search.evidence.numbers(count.name), search.evidence.numbers(quota.name)).map { (a: $0 ?? 0, b: $1) }
                if let q = quotaCandidate(target, count: count, quota: quota, pairs: pairs, published: published) { out.append(q) }
            }
        }
        return out
    }

    static func completion(_ target: DraftColumn, count: DraftColumn, quota: DraftColumn) -> Candidate {
        let rule = "completion: {count: \(YAMLText.scalar(count.name)), quota: \(YAMLText.scalar(quota.name))}"
        return Candidate(scores: [ScoreDraft(column: Finders.column(target, .completion(count: count.name, quota: quota.name), emptyIsZero: true),
                                             yaml: Finders.line(target.name, rule: rule, decimals: target.decimals,
                                                                ruleDefault: CompletionRule.defaultDecimals, emptyIsZero: true))],
                         words: "\(target.name) = \(count.header) ÷ \(quota.header)（空的\(count.header)按 0 计）", complexity: 2)
    }

    static func share(_ target: DraftColumn, count: DraftColumn, quota: DraftColumn, complexity: Int) -> Candidate {
        let text = "\(count.name) / \(quota.name)"
        return Candidate(scores: [ScoreDraft(column: Finders.column(target, .expression(try! Expression.parse(text))),
                                             yaml: Finders.line(target.name, rule: "expression: \(YAMLText.scalar(text))", decimals: target.decimals))],
                         words: "\(target.name) = \(count.header) ÷ \(quota.header)", complexity: complexity)
    }

    /// The scale is what most of the first dozen uncapped rows give; the cap, the most any row has
    /// where some row's count ÷ quota × scale goes past it.
    static func quotaCandidate(_ target: DraftColumn, count: DraftColumn, quota: DraftColumn, pairs: [(a: Decimal, b: Decimal?)],
                               published: [Decimal?]) -> Candidate? {
        let rows = zip(pairs, published).compactMap { p, y -> (a: Decimal, b: Decimal, y: Decimal)? in
            guard let b = p.b, b > 0, let y else { return nil }
            return (p.a, b, y)
        }
        guard let top = rows.map(\.y).max() else { return nil }
        let scales = rows.lazy.filter { $0.y < top && $0.a > 0 }.prefix(12).map { ($0.y * $0.b / $0.a).roundedHalfUp(2) }
        guard let scale = Finders.mode(Array(scales))?.value, scale > 0 else { return nil }
        let cap: Decimal? = rows.contains { $0.a * scale > top * $0.b } ? top : nil
        if scale == 1 && cap == nil { return nil }
        let rule = "quota: {count: \(YAMLText.scalar(count.name)), quota: \(YAMLText.scalar(quota.name)), scale: \(scale.plainText)"
            + (cap.map { ", cap: \($0.plainText)" } ?? "") + "}"
        let words = "\(target.name) = \(cap.map { "min(\($0.plainText), " } ?? "")\(count.header) ÷ \(quota.header) × \(scale.plainText)\(cap == nil ? "" : ")")"
        return Candidate(scores: [ScoreDraft(column: Finders.column(target, .quota(count: count.name, quota: quota.name, scale: scale, cap: cap), emptyIsZero: true),
                                             yaml: Finders.line(target.name, rule: rule, decimals: target.decimals, emptyIsZero: true))],
                         words: words + "（空的\(count.header)按 0 计）", complexity: 3,
                         parameters: cap == nil ? 1 : 2, constants: [scale] + (cap.map { [$0] } ?? []),
                         stated: (cap == nil && scale != 100) || (cap != nil && cap != scale) ? [scale] : [])
    }
}
