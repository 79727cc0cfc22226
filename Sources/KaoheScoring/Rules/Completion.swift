import Foundation

/// `completion: {count: 报送条数, quota: 报送任务}`: count ÷ quota as a fraction, shown as a
/// percentage (DOMAIN.md §2.6 完成率: 19/24 → 79.17%).
public struct CompletionRule: ScoringRule {
    public static let key = "completion"
    public var count: String
    public var quota: String
    /// A rate: 1 is the quota met.
    public var fullMarks: Decimal? { 1 }

    public init(count: String, quota: String) {
        self.count = count
        self.quota = quota
    }

    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> CompletionRule? {
        let m = r.mapping(node, "completion", keys: ["count", "quota"])
        guard let count = r.string(m, "count", required: true), let quota = r.string(m, "quota", required: true) else { return nil }
        if !known.contains(count) { r.fail(m["count"]!, "unknown name '\(count)'") }
        if !known.contains(quota) { r.fail(m["quota"]!, "unknown name '\(quota)'") }
        return CompletionRule(count: count, quota: quota)
    }

    public var inputs: [String] { [count, quota] }
    /// 13/15 rounds to 0.8667, shown 86.67%: never to 0.87 shown 87.00%.
    public static var defaultDecimals: Int { 4 }
    public var description: String { "completion(\(count) / \(quota))" }

    public func evaluate(_ c: RuleContext) -> RuleOutcome {
        let n: Decimal, q: Decimal
        do { n = try c.require(count); q = try c.require(quota) } catch { return error.outcome }
        guard let v = Self.completion(count: n, quota: q) else { return QuotaRule.zeroQuota(quota, c) }
        return RuleOutcome(value: v)
    }

    public func formula(_ c: FormulaContext) -> Formula? {
        guard let n = c.reference(count), let q = c.reference(quota) else { return nil }
        return n + "/" + q
    }

    /// `count / quota` as a fraction (0.7917 for 79.17%), unrounded; nil when the quota is zero.
    public static func completion(count: Decimal, quota: Decimal) -> Decimal? {
        guard quota != 0 else { return nil }
        return count / quota
    }
}
