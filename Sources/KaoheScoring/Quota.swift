import Foundation

/// Ratio to a quota, capped and scaled (DOMAIN.md §2.6; seed 003 报送, seed 000 政务信息).
///
/// 报送得分 = min(5, 报送条数 ÷ 报送任务 × 5): 区发改局 19/24 → 3.96; 区统计局 63/18 → 5.
/// 完成率 = 条数 ÷ 任务: 19/24 → 79.17%. An empty count is 0 (区国土分局 → 0.00).
public enum QuotaRule {
    /// `min(cap, count / quota × scale)`, unrounded; nil when the quota is zero.
    public static func score(count: Decimal, quota: Decimal, scale: Decimal, cap: Decimal?) -> Decimal? {
        guard quota != 0 else { return nil }
        let raw = count / quota * scale
        if let cap, raw > cap { return cap }
        return raw
    }

    /// `count / quota` as a fraction (0.7917 for 79.17%), unrounded; nil when the quota is zero.
    public static func completion(count: Decimal, quota: Decimal) -> Decimal? {
        guard quota != 0 else { return nil }
        return count / quota
    }
}

/// Counts × points per item type, with bonuses and penalties (DOMAIN.md §2.7; seeds 003, 004).
///
/// 东峰镇 (003 town table): 上报 1 × 5 + 区采用信息 4 × 8 = 37; 占比 37 ÷ 32 = 116%.
public struct PointsTable: Sendable, Equatable {
    /// Points per item, by input name. Negative points are penalties (约稿不报或迟报 −3).
    public var points: [(name: String, points: Decimal)]

    public init(_ points: [(name: String, points: Decimal)]) {
        self.points = points
    }

    public static func == (a: PointsTable, b: PointsTable) -> Bool {
        a.points.map(\.name) == b.points.map(\.name) && a.points.map(\.points) == b.points.map(\.points)
    }

    /// Σ count × points. A missing count is 0; a not-applicable count is 0.
    public func total(_ counts: [String: Value]) -> Decimal {
        var sum = Decimal(0)
        for (name, p) in points {
            if case .number(let n) = counts[name] ?? .missing { sum += n * p }
        }
        return sum
    }
}
