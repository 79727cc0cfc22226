import Foundation

/// Ratio to a quota, capped and scaled (DOMAIN.md §2.6; seed 003 报送, seed 000 政务信息).
///
/// 报送得分 = min(5, 报送条数 ÷ 报送任务 × 5): 区发改局 19/24 → 3.96; 区统计局 63/18 → 5.
/// 完成率 = 条数 ÷ 任务: 19/24 → 79.17%. An empty count is 0 (区国土分局 → 0.00).
/// `quota: {count: 报送条数, quota: 报送任务, scale: 5, cap: 5}`.
public struct QuotaRule: ScoringRule {
    public static let key = "quota"
    public var count: String
    public var quota: String
    public var scale: Decimal
    public var cap: Decimal?
    /// The cap, else the scale (the quota met).
    public var fullMarks: Decimal? { cap ?? scale }

    public init(count: String, quota: String, scale: Decimal = 1, cap: Decimal? = nil) {
        self.count = count
        self.quota = quota
        self.scale = scale
        self.cap = cap
    }

    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> QuotaRule? {
        let m = r.mapping(node, "quota", keys: ["count", "quota", "scale", "cap"])
        guard let count = r.string(m, "count", required: true), let quota = r.string(m, "quota", required: true) else { return nil }
        if !known.contains(count) { r.fail(m["count"]!, "unknown name '\(count)'") }
        if !known.contains(quota) { r.fail(m["quota"]!, "unknown name '\(quota)'") }
        return QuotaRule(count: count, quota: quota, scale: r.decimalValue(m, "scale") ?? 1, cap: r.decimalValue(m, "cap"))
    }

    public var inputs: [String] { [count, quota] }
    public var description: String { "quota(\(count) / \(quota) × \(scale)\(cap.map { ", cap \($0)" } ?? ""))" }

    public func evaluate(_ c: RuleContext) -> RuleOutcome {
        let n: Decimal, q: Decimal
        do { n = try c.require(count); q = try c.require(quota) } catch { return error.outcome }
        guard let v = Self.score(count: n, quota: q, scale: scale, cap: cap) else { return Self.zeroQuota(quota, c) }
        return RuleOutcome(value: v)
    }

    public func formula(_ c: FormulaContext) -> Formula? {
        guard let n = c.reference(count), let q = c.reference(quota) else { return nil }
        let ratio = scale == 1 ? n + "/" + q : n + "/" + q + "*" + .literal(scale)
        return cap.map { "MIN(" + .literal($0) + "," + ratio + ")" } ?? ratio
    }

    /// `min(cap, count / quota × scale)`, unrounded; nil when the quota is zero.
    public static func score(count: Decimal, quota: Decimal, scale: Decimal, cap: Decimal?) -> Decimal? {
        guard quota != 0 else { return nil }
        let raw = count / quota * scale
        if let cap, raw > cap { return cap }
        return raw
    }

    static func zeroQuota(_ quota: String, _ c: RuleContext) -> RuleOutcome {
        RuleOutcome(value: nil, findings: [Finding(kind: .missingValue, unit: c.unit, item: quota,
                                                   message: "\(quota)为 0，\(c.column)无法计算")])
    }
}

