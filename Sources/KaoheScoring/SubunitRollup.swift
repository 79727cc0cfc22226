import Foundation
import KaoheFormat

/// A sheet with one row per sub-unit (村 under 乡镇, 科室 under 部门, 企业 under 园区): each unit
/// gets the mean, sum, minimum or maximum of its sub-units' score (`rollup: {of: 得分, method:
/// mean}`), as a new column (`name`, default the same name) with the count of its sub-units.
public struct SubunitRollup: Sendable, Equatable {
    /// The key a unit's count of sub-units is computed under (the output value `subunits`).
    public static let countKey = "subunits"

    public enum Method: String, Sendable, CaseIterable {
        case mean, sum, min, max

        /// The Excel function that says it.
        public var excel: String {
            switch self {
            case .mean: return "AVERAGE"
            case .sum: return "SUM"
            case .min: return "MIN"
            case .max: return "MAX"
            }
        }

        var chinese: String {
            switch self {
            case .mean: return "平均值"
            case .sum: return "合计"
            case .min: return "最低值"
            case .max: return "最高值"
            }
        }
    }

    /// The sub-units' score (or input) aggregated.
    public var of: String
    public var method: Method
    /// The unit's column; the same name as `of` unless given.
    public var name: String
    public var decimals: Int?
    /// An input holding the unit's published aggregate (乡镇得分, merged down over its 村 rows),
    /// checked like any score's.
    public var published: String?

    public init(of: String, method: Method, name: String? = nil, decimals: Int? = 2, published: String? = nil) {
        self.of = of
        self.method = method
        self.name = name ?? of
        self.decimals = decimals
        self.published = published
    }

    /// The unit's column as a computed column, for checking its published value.
    var column: ComputedColumn { ComputedColumn(name: name, rule: .from(of), decimals: decimals, published: published) }

    /// The unit rows: one per unit in the order its first sub-unit came, with the aggregate and
    /// the indices of its sub-units. A sub-unit without a value is left out and a finding says
    /// so; a unit none of whose sub-units has one gets no value.
    func aggregate(_ sub: [RowResult], rows: [UnitRow], findings: inout [Finding])
        -> (results: [RowResult], rows: [UnitRow], members: [[Int]]) {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (i, r) in sub.enumerated() {
            let key = TextNormalizer.key(r.unit)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(i)
        }
        var results: [RowResult] = []
        var unitRows: [UnitRow] = []
        for key in order {
            let idx = members[key]!
            let first = sub[idx[0]]
            var result = RowResult(unit: first.unit, group: first.group, computed: [:], details: [:], rank: nil, grade: nil,
                                   excludedReason: idx.allSatisfy { sub[$0].excludedReason != nil } ? sub[idx[0]].excludedReason : nil)
            var values: [Decimal] = []
            for i in idx where sub[i].excludedReason == nil {
                if case .number(let v)? = sub[i].computed[of] ?? rows[i].inputs[of] { values.append(v) } else {
                    findings.append(Finding(kind: .missingValue, unit: first.unit, item: of,
                                            message: "下属单位第 \(i + 1) 行没有\(of)，未计入\(first.unit)的\(method.chinese)"))
                }
            }
            result.computed[Self.countKey] = .number(Decimal(idx.count))
            if let v = Self.combine(values, method) {
                result.computed[name] = .number(decimals.map { v.roundedHalfUp($0) } ?? v)
            } else {
                result.computed[name] = .missing
            }
            if idx.contains(where: { sub[$0].review[of] != nil }) { result.review[name] = "所用的下属单位\(of)需人工核对" }
            results.append(result)
            unitRows.append(UnitRow(unit: first.unit, group: first.group, inputs: rows[idx[0]].inputs, excludedReason: result.excludedReason))
        }
        return (results, unitRows, order.map { members[$0]! })
    }

    static func combine(_ values: [Decimal], _ method: Method) -> Decimal? {
        guard !values.isEmpty else { return nil }
        switch method {
        case .mean: return values.reduce(0, +) / Decimal(values.count)
        case .sum: return values.reduce(0, +)
        case .min: return values.min()
        case .max: return values.max()
        }
    }

    // MARK: Settings

    public static func parse(_ node: SettingsNode, _ r: SettingsReader, known: Set<String>) -> SubunitRollup? {
        let m = r.mapping(node, "rollup", keys: ["of", "method", "name", "decimals", "published"])
        guard let of = r.string(m, "of", required: true), let methodText = r.string(m, "method", required: true) else { return nil }
        if !known.contains(of) { r.fail(m["of"]!, "unknown name '\(of)'") }
        guard let method = Method(rawValue: methodText) else {
            r.fail(m["method"]!, "rollup method is mean, sum, min or max, got '\(methodText)'")
            return nil
        }
        let published = r.string(m, "published")
        if let p = published, !known.contains(p) { r.fail(m["published"]!, "unknown column '\(p)'") }
        return SubunitRollup(of: of, method: method, name: r.string(m, "name"), decimals: m["decimals"] == nil ? 2 : r.int(m, "decimals"),
                             published: published)
    }
}
