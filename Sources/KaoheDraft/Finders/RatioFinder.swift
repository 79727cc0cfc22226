import Foundation
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
        for count in parts {
            for quota in parts where quota.index != count.index {
                let ratios = zip(search.evidence.numbers(count.name), search.evidence.numbers(quota.name)).map { a, b -> Decimal? in
                    guard let b, b != 0 else { return nil }
                    return (a ?? 0) / b
                }
                if rateLike {
                    out.append(completion(target, count: count, quota: quota))
                }
                out.append(share(target, count: count, quota: quota, complexity: rateLike ? 3 : 2))
                if let q = quotaCandidate(target, count: count, quota: quota, ratios: ratios, published: published) { out.append(q) }
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

    static func quotaCandidate(_ target: DraftColumn, count: DraftColumn, quota: DraftColumn, ratios: [Decimal?],
                               published: [Decimal?]) -> Candidate? {
        let pairs = zip(ratios, published).compactMap { r, y -> (Decimal, Decimal)? in r.flatMap { r in y.map { (r, $0) } } }
        guard let top = pairs.map(\.1).max() else { return nil }
        let scales = pairs.filter { $0.1 < top && $0.0 > 0 }.map { ($0.1 / $0.0).roundedHalfUp(2) }
        guard let scale = Finders.mode(scales)?.value, scale > 0 else { return nil }
        let cap: Decimal? = pairs.contains { $0.0 * scale > top } ? top : nil
        if scale == 1 && cap == nil { return nil }
        let rule = "quota: {count: \(YAMLText.scalar(count.name)), quota: \(YAMLText.scalar(quota.name)), scale: \(scale.plainText)"
            + (cap.map { ", cap: \($0.plainText)" } ?? "") + "}"
        let words = "\(target.name) = \(cap.map { "min(\($0.plainText), " } ?? "")\(count.header) ÷ \(quota.header) × \(scale.plainText)\(cap == nil ? "" : ")")"
        return Candidate(scores: [ScoreDraft(column: Finders.column(target, .quota(count: count.name, quota: quota.name, scale: scale, cap: cap), emptyIsZero: true),
                                             yaml: Finders.line(target.name, rule: rule, decimals: target.decimals, emptyIsZero: true))],
                         words: words + "（空的\(count.header)按 0 计）", complexity: 3,
                         parameters: cap == nil ? 1 : 2)
    }
}
