import Foundation
import KaoheFormat
import KaoheJobs
import KaoheScoring

/// The roll-up (总表): per registry unit, the weighted total of each table's main score.
///
/// A table the unit is not assessed in (未纳入, `excluded`, `absent: not_assessed`) is left out
/// with its weight, never counted as 0: the total is rescaled by the full marks the unit could
/// reach, total = Σ(score × weight) × Σ(weight × full marks) over all tables ÷ the same sum over
/// the tables it is assessed in (its score rate, as offices 折算 不参评 items). A unit a table does not list gets what the table's `absent`
/// says; where nothing says it, the gap is a finding and the total is marked.
public enum RollUp {
    /// What one table gives one unit.
    enum State: Equatable {
        case scored(Decimal)
        case notAssessed
        /// No score and no rule for it (Chinese: why).
        case missing(String)
    }

    /// `rowOf`: the table's row index of each unit (looked up once per table, not searched for
    /// every unit).
    static func state(_ t: TableRun, unit: String, rowOf: [String: Int]) -> State {
        guard let result = t.result, let name = t.mainScore else { return .missing(t.problem ?? "未收到报送文件") }
        if let row = rowOf[unit].map({ result.rows[$0] }) {
            if row.excludedReason != nil { return .notAssessed }
            if case .number(let v)? = row.computed[name] { return .scored(v) }
            return .missing(row.doubts[name].map { "得分未能计算（\($0)）" } ?? "得分未能计算")
        }
        switch t.table.absent {
        case .base?:
            let base = t.table.scores.first { $0.name == name }?.rule.rule.baseScore ?? 0
            return .scored(base)
        case .zero?: return .scored(0)
        case .notAssessed?: return .notAssessed
        case nil: return .missing("未列出该单位")
        }
    }

    public static func rows(_ total: TotalJob, tables: [TableRun], registry: UnitRegistry) -> (rows: [TotalRow], findings: [AuditFinding]) {
        var rows: [TotalRow] = []
        var gaps: [String: [String]] = [:] // table id → units without a score
        func reach(_ id: String, _ weight: Decimal) -> Decimal { weight.times(total.fullMarks[id] ?? 1) }
        let all = total.weights.reduce(Decimal(0)) { $0.plus(reach($1.table, $1.weight)) }
        var rowOf: [String: [String: Int]] = [:] // table id → unit → row index (the first row of a unit)
        for t in tables where rowOf[t.table.id] == nil {
            var index: [String: Int] = [:]
            for (i, r) in (t.result?.rows ?? []).enumerated() where index[r.unit] == nil { index[r.unit] = i }
            rowOf[t.table.id] = index
        }
        for u in registry.units {
            var row = TotalRow(unit: u.name, group: u.group, scores: [:], total: 0, rank: nil)
            var sum = Decimal(0), excluded = Decimal(0)
            for (id, weight) in total.weights {
                guard let t = tables.first(where: { $0.table.id == id }) else { continue }
                switch state(t, unit: u.name, rowOf: rowOf[id] ?? [:]) {
                case .scored(let v):
                    row.scores[id] = v
                    sum = sum.plus(v.times(weight))
                case .notAssessed:
                    row.notAssessed.append(id)
                    excluded = excluded.plus(reach(id, weight))
                case .missing(let why):
                    row.missing[id] = why
                    gaps[id, default: []].append(u.name)
                }
            }
            // A unit with no score in any weighted table is still listed (marked, not ranked).
            if excluded > 0 { row.rescale = (all: all, assessed: all - excluded) }
            let exact = row.rescale.map { sum * $0.all / $0.assessed } ?? sum
            row.total = exact.roundedHalfUp(total.decimals)
            rows.append(row)
        }
        // Units with a score somewhere but none in a table: one finding per table.
        var findings: [AuditFinding] = []
        for (id, _) in total.weights {
            let units = gaps[id] ?? []
            guard !units.isEmpty else { continue }
            // One finding per reason: units listed whose score could not be computed are not
            // "not listed".
            var reasons: [String] = []
            var byReason: [String: [String]] = [:]
            for unit in units {
                let why = rows.first { $0.unit == unit }?.missing[id] ?? "未列出该单位"
                if byReason[why] == nil { reasons.append(why) }
                byReason[why, default: []].append(unit)
            }
            for why in reasons {
                let names = byReason[why]!.prefix(5).joined(separator: "、") + (byReason[why]!.count > 5 ? " 等" : "")
                let reason = why == "未列出该单位" ? "表中未列出这些单位，考核任务也未规定未列出的单位如何计分" : why
                findings.append(AuditFinding(table: id, finding: Finding(
                    kind: .missingValue, unit: Finding.wholeTable, item: "总表",
                    message: "\(byReason[why]!.count) 个单位（\(names)）在本表没有得分：\(reason)；总表中这些单位的加权总分和排名暂不给出，已标记待核对")))
            }
        }
        let ranks = Ranker(method: total.method, decimals: total.decimals)
            .rank(rows.map { Ranker.Entry(value: $0.unscored || $0.incomplete ? nil : $0.total, group: $0.group) })
        for i in rows.indices { rows[i].rank = ranks[i] }
        return (rows, findings)
    }
}
