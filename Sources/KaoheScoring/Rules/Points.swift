import Foundation

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

/// `points: {上报: 5, 区采用信息: 8}`: Σ count × points (negative points are penalties).
public struct PointsRule: ScoringRule {
    public static let key = "points"
    public var table: PointsTable

    public init(_ table: PointsTable) { self.table = table }

    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> PointsRule? {
        guard let pairs = r.pairs(node, "points") else { return nil }
        var points: [(name: String, points: Decimal)] = []
        for (k, v) in pairs {
            guard let n = k.string, let p = r.decimal(v, "points") else { continue }
            if !known.contains(n) { r.fail(k, "unknown name '\(n)'") }
            points.append((n, p))
        }
        return PointsRule(PointsTable(points))
    }

    public var inputs: [String] { table.points.map(\.name) }
    public var description: String { "points(" + table.points.map { "\($0.name) \($0.points)" }.joined(separator: ", ") + ")" }

    public func evaluate(_ c: RuleContext) -> RuleOutcome {
        var out = RuleOutcome(value: table.total(c.env))
        for (name, _) in table.points {
            if case .text = c.value(name) { out.findings.append(c.missing(name)); out.value = nil }
        }
        return out
    }

    /// count*points for each shown or non-zero count: B5*5+C5*8.
    public func formula(_ c: FormulaContext) -> Formula? {
        let terms = table.points.compactMap { p -> Formula? in
            guard let r = c.reference(p.name), c.isShown(p.name) || c.value(p.name).number != 0 else { return nil }
            return p.points < 0 ? "-" + r + "*" + .literal(-p.points) : "+" + r + "*" + .literal(p.points)
        }
        guard var body = terms.first.map({ _ in Formula.join(terms, separator: "") }) else { return "0" }
        if case .text(let t)? = body.parts.first, t.hasPrefix("+") { body = Formula([.text(String(t.dropFirst()))] + body.parts.dropFirst()) }
        return body
    }
}
