import Foundation
import KaoheJobs
import KaoheScoring

/// One period of the year (or quarter) as the ledger has it: where its scores come from (a summary file and
/// the run that wrote it, or the job that read a published workbook), the tables its summary
/// was still waiting for, and each unit's score as the summary printed it.
public struct AnnualPeriod: Sendable, Equatable {
    public var period: String
    /// The summary the scores come from; nil: no summary of this period yet.
    public var source: Source?
    /// Tables the period's summary had no workbook for (its totals are not final).
    public var waitingFor: [String]
    public var scores: [String: Decimal]

    /// A period's summary: its file (relative to the root) and the run that wrote it.
    public struct Source: Sendable, Equatable {
        public var path: String
        public var run: Int64
        public init(path: String, run: Int64) { (self.path, self.run) = (path, run) }
        /// As a cell's comment names it: "outbox/…/汇总-2026年第一季度.xlsx（第3次运行）".
        public var text: String { "\(path)（第\(run)次运行）" }
    }

    public init(period: String, source: Source?, waitingFor: [String] = [], scores: [String: Decimal] = [:]) {
        self.period = period
        self.source = source
        self.waitingFor = waitingFor
        self.scores = scores
    }
}

/// One unit's year (or quarter): its score per period (nil with why where it has none), the
/// roll-up, the closing score, the total, rank and grade. A withheld total (why) is never ranked.
public struct AnnualRow: Sendable, Equatable {
    public var unit: String
    public var group: String
    public var values: [Decimal?]
    /// Per period: why the unit has no score there (and what the rule made of it).
    public var gaps: [String?]
    public var rollUp: Decimal?
    public var closing: Decimal?
    public var total: Decimal?
    public var withheld: String?
    public var rank: Int?
    public var grade: String?
}

/// The annual (or quarterly) roll-up: pure, Decimal, half-up. The periods' scores combine to
/// the roll-up (rounded to the spec's decimals, as shown), then 年度综合得分 = ROUND(roll-up ×
/// periods' weight + 年终考核 × closing weight). A period whose summary is waiting for a table, or that
/// has no summary yet, withholds every unit's total; a unit missing from a complete period gets
/// the spec's `missing` rule.
public enum AnnualRollUp {
    public static func rows(_ spec: AnnualSpec, periods: [AnnualPeriod], closing: [String: Decimal]?, registry: UnitRegistry)
        -> (rows: [AnnualRow], findings: [String]) {
        var rows: [AnnualRow] = []
        var missingUnits: [String] = []
        for u in registry.units {
            var row = AnnualRow(unit: u.name, group: u.group, values: [], gaps: [], rollUp: nil, closing: nil, total: nil, withheld: nil)
            var waiting: [String] = []
            for p in periods {
                let label = AnnualSpec.label(p.period)
                row.values.append(p.source == nil || !p.waitingFor.isEmpty ? nil : p.scores[u.name])
                if p.source == nil {
                    row.gaps.append("尚无\(label)汇总")
                    waiting.append("尚无\(label)汇总")
                } else if !p.waitingFor.isEmpty {
                    row.gaps.append("\(label)汇总还缺\(p.waitingFor.joined(separator: "、"))，得分未定")
                    waiting.append("\(label)汇总还缺\(p.waitingFor.joined(separator: "、"))")
                } else if p.scores[u.name] == nil {
                    row.gaps.append("\(label)汇总中没有该单位的得分，" + rule(spec.missing, spec))
                } else {
                    row.gaps.append(nil)
                }
            }
            let absent = zip(row.values, periods).filter { $0.0 == nil && $0.1.source != nil && $0.1.waitingFor.isEmpty }.count
            if !waiting.isEmpty {
                row.withheld = waiting.joined(separator: "；") + "，\(spec.wholeWord)得分暂不给出"
            } else if absent > 0 && spec.missing == .finding {
                row.withheld = "有 \(absent) 期没有得分，考核任务规定不作推定，\(spec.wholeWord)得分暂不给出"
                missingUnits.append(u.name)
            } else if absent == periods.count {
                row.withheld = "各期都没有该单位的得分，\(spec.wholeWord)得分不给出"
            } else {
                row.rollUp = combine(spec, row.values).roundedHalfUp(spec.decimals)
            }
            score(&row, spec, closing: closing)
            rows.append(row)
        }
        rank(&rows, spec)
        var findings: [String] = []
        if !missingUnits.isEmpty {
            findings.append("\(missingUnits.count) 个单位（\(missingUnits.prefix(5).joined(separator: "、"))\(missingUnits.count > 5 ? " 等" : "")）有的期间没有得分，"
                            + "考核任务规定缺期不作推定（missing: finding）；这些单位的\(spec.wholeWord)得分和排名暂不给出，已标记待核对")
        }
        return (rows, findings)
    }

    /// What the rule makes of a period a unit has no score in, for its cell's note.
    public static func rule(_ missing: AnnualSpec.Missing, _ spec: AnnualSpec) -> String {
        switch missing {
        case .meanPresent: return "按该单位已有各期计算（不计入该期）"
        case .zero: return "按 0 分计"
        case .finding: return "考核任务规定不作推定，\(spec.wholeWord)得分暂不给出"
        }
    }

    /// The exact roll-up of a unit's values (nil: no score that period) by the spec's rule.
    static func combine(_ spec: AnnualSpec, _ values: [Decimal?]) -> Decimal {
        var weights = Array(repeating: Decimal(1), count: values.count)
        var divisor = Decimal(1)
        switch spec.combine {
        case .mean: divisor = Decimal(values.count)
        case .sum: break
        case .weights(let w): weights = w
        }
        var sum = Decimal(0), reached = Decimal(0)
        for (v, w) in zip(values, weights) {
            guard let v else { continue }
            sum += v * w
            reached += w
        }
        let all = weights.reduce(Decimal(0), +)
        // mean_present: the same weights over the periods the unit has, rescaled to all (one
        // division, so a mean of three quarters is exact before it is rounded).
        if spec.missing == .meanPresent && reached != all && reached > 0 { return sum * all / (reached * divisor) }
        return sum / divisor
    }

    /// The total from the roll-up and the closing score.
    static func score(_ row: inout AnnualRow, _ spec: AnnualSpec, closing: [String: Decimal]?) {
        guard spec.closing != nil else {
            row.total = row.rollUp.map { ($0 * spec.weights.periods).roundedHalfUp(spec.decimals) }
            return
        }
        guard let closing else {
            row.withheld = row.withheld ?? "尚未收到\(spec.closingLabel)，\(spec.wholeWord)得分暂不给出"
            return
        }
        row.closing = closing[row.unit]
        guard let y = row.closing else {
            row.withheld = row.withheld ?? "\(spec.closingLabel)中没有该单位的得分，\(spec.wholeWord)得分暂不给出"
            return
        }
        row.total = row.rollUp.map { ($0 * spec.weights.periods + y * spec.weights.closing).roundedHalfUp(spec.decimals) }
    }

    /// Ranks per group over the totals given, and grades.
    static func rank(_ rows: inout [AnnualRow], _ spec: AnnualSpec) {
        let values = rows.map { $0.withheld == nil ? $0.total : nil }
        let ranks = Ranker(method: spec.method, decimals: spec.decimals).rank(zip(values, rows).map { Ranker.Entry(value: $0.0, group: $0.1.group) })
        for i in rows.indices { rows[i].rank = ranks[i] }
        guard let grades = spec.grades else { return }
        let assigned = grades.assign(values: values, ranks: ranks, groups: rows.map(\.group)).grades
        for i in rows.indices where values[i] != nil { rows[i].grade = assigned[i] }
    }
}
