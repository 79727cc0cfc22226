import Foundation
import KaoheFormat

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
            if case .number(let n) = counts[name] ?? .missing { sum = sum.plus(n.times(p)) }
        }
        return sum
    }
}

/// `points: {上报: 5, 区采用信息: 8}`: Σ count × points (negative points are penalties).
public struct PointsRule: ScoringRule {
    public static let key = "points"
    public var table: PointsTable

    public init(_ table: PointsTable) { self.table = table }

    /// "本表全部公布值都符合 区采用信息 6 分、区简讯 3 分（规定为 8、5）：公布表所用的分值与规定不同".
    public func otherSettingFitting(_ rows: [[String: Value]], published: [Decimal], decimals: Int?) -> String? {
        guard let fit = refit(rows, published: published, decimals: decimals) else { return nil }
        let stated = fit.map { f in table.points.first { $0.name == f.name }!.points.description }
        return "本表全部公布值都符合 " + fit.map { "\($0.name) \($0.points) 分" }.joined(separator: "、")
            + "（规定为 " + stated.joined(separator: "、") + "）：公布表所用的分值与规定不同"
    }

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

    /// Other points per item that every row's published total fits, when the stated ones do
    /// not (seed 003's department table follows 区采用信息 6, 区简讯 3 rather than the stated
    /// 8, 5): one or two items changed, each to a value from 0 to 30 in steps of 0.5, solved from
    /// two rows and checked on all. Nil when no such setting fits every row, or more than one does.
    public func refit(_ rows: [[String: Value]], published: [Decimal], decimals: Int?) -> [(name: String, points: Decimal)]? {
        let names = table.points.map(\.name)
        let stated = Dictionary(uniqueKeysWithValues: table.points.map { ($0.name, $0.points) })
        let counts: [[Decimal]] = rows.map { row in names.map { n in row[n]?.number ?? 0 } }
        func fits(_ points: [Decimal]) -> Bool {
            zip(counts, published).allSatisfy { c, p in
                let sum = zip(c, points).reduce(Decimal(0)) { $0 + $1.0 * $1.1 }
                return (decimals.map { sum.roundedHalfUp($0) } ?? sum) == p
            }
        }
        func acceptable(_ x: Decimal) -> Bool { x >= 0 && x <= 30 && (x * 2).roundedDown(0) == x * 2 }
        var found: [[(name: String, points: Decimal)]] = []
        for size in 1...2 {
            let subsets = size == 1 ? names.indices.map { [$0] } : names.indices.flatMap { i in ((i + 1)..<names.count).map { [i, $0] } }
            for subset in subsets {
                guard let values = solve(subset, counts: counts, published: published, stated: names.map { stated[$0]! }),
                      values.allSatisfy(acceptable), zip(subset, values).allSatisfy({ stated[names[$0]] != $1 }) else { continue }
                var points = names.map { stated[$0]! }
                for (i, v) in zip(subset, values) { points[i] = v }
                if fits(points) { found.append(zip(subset, values).map { (names[$0], $1) }) }
            }
            if !found.isEmpty { break }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The values of the items in `subset` that make the first rows that determine them add up.
    func solve(_ subset: [Int], counts: [[Decimal]], published: [Decimal], stated: [Decimal]) -> [Decimal]? {
        // What each row must get from the subset's items.
        let rest: [Decimal] = counts.indices.map { r in
            published[r] - counts[r].indices.filter { !subset.contains($0) }.reduce(Decimal(0)) { $0 + counts[r][$1] * stated[$1] }
        }
        if subset.count == 1 {
            guard let r = counts.indices.first(where: { counts[$0][subset[0]] != 0 }) else { return nil }
            return [rest[r] / counts[r][subset[0]]]
        }
        let (a, b) = (subset[0], subset[1])
        for r1 in counts.indices {
            for r2 in counts.indices where r2 > r1 {
                let det = counts[r1][a] * counts[r2][b] - counts[r1][b] * counts[r2][a]
                guard det != 0 else { continue }
                let x = (rest[r1] * counts[r2][b] - rest[r2] * counts[r1][b]) / det
                let y = (counts[r1][a] * rest[r2] - counts[r2][a] * rest[r1]) / det
                return [x, y]
            }
        }
        return nil
    }
}
