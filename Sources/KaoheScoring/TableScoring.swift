import Foundation

/// A column the engine computes, optionally checked against a published input.
public struct ComputedColumn: Sendable, Equatable {
    public var name: String
    public var rule: Rule
    /// Rounded half up to this many decimals at this stage; nil keeps the exact value.
    public var decimals: Int?
    /// An input holding the published value of this column, compared after rounding.
    public var published: String?
    /// Inputs that count as 0 when empty (seed 003: an empty 报送条数 is 0).
    public var emptyIsZero: Bool

    public init(name: String, rule: Rule, decimals: Int? = 2, published: String? = nil, emptyIsZero: Bool = false) {
        self.name = name
        self.rule = rule
        self.decimals = decimals
        self.published = published
        self.emptyIsZero = emptyIsZero
    }
}

public struct RankSpec: Sendable {
    /// The computed column or input ranked.
    public var column: String
    public var ranker: Ranker
    /// Columns compared in order when the ranked values tie (ordinal ranks).
    public var tieBreakers: [String]
    /// An input holding the published rank, compared with the computed one.
    public var published: String?
    /// When set, the published rank is checked against the ranking of this input (the
    /// published score) instead of the recomputed one: one wrong score then shows as one
    /// score finding, not as a shifted rank for every unit below it (seed 002's 渔溪镇).
    public var publishedScore: String?

    public init(column: String, ranker: Ranker = Ranker(), tieBreakers: [String] = [], published: String? = nil,
                publishedScore: String? = nil) {
        self.column = column
        self.ranker = ranker
        self.tieBreakers = tieBreakers
        self.published = published
        self.publishedScore = publishedScore
    }
}

public struct TableSpec: Sendable {
    public var name: String
    public var columns: [ComputedColumn]
    public var rank: RankSpec?
    /// Grades of the ranked column (or, without ranks, of the last computed column).
    public var grades: GradeBands?

    public init(name: String, columns: [ComputedColumn], rank: RankSpec? = nil, grades: GradeBands? = nil) {
        self.name = name
        self.columns = columns
        self.rank = rank
        self.grades = grades
    }
}

/// One unit's inputs.
public struct UnitRow: Sendable {
    public var unit: String
    public var group: String
    public var inputs: [String: Value]
    /// Set when the unit is shown but not assessed in this table (未纳入): no score, no rank.
    public var excludedReason: String?

    public init(unit: String, group: String = "", inputs: [String: Value], excludedReason: String? = nil) {
        self.unit = unit
        self.group = group
        self.inputs = inputs
        self.excludedReason = excludedReason
    }
}

public struct RowResult: Sendable {
    public var unit: String
    public var group: String
    /// Computed values by column name (`.missing` where an input was missing).
    public var computed: [String: Value]
    /// The amounts read from reason text, by column name, for reviewers.
    public var adjustments: [String: AdjustmentParse]
    public var rank: Int?
    public var grade: String?
    public var excludedReason: String?
    /// Computed columns a reviewer must check, with why (Chinese): the reason text could not be
    /// read completely, or an earlier column it uses could not.
    public var review: [String: String] = [:]
}

public struct TableResult: Sendable {
    public var rows: [RowResult]
    public var findings: [Finding]
}

/// Scores one assessment table: every computed column in order, then ranks and grades, with
/// the findings a reviewer must see.
public enum TableScorer {
    public static func score(_ spec: TableSpec, rows: [UnitRow]) -> TableResult {
        var findings: [Finding] = []
        var results: [RowResult] = []

        var seen: Set<String> = []
        for row in rows {
            let key = TextNormalizer.key(row.unit)
            if !seen.insert(key).inserted {
                findings.append(Finding(kind: .duplicateUnit, unit: row.unit, item: "被考核单位",
                                        message: "单位在本表中重复出现"))
            }
        }

        for row in rows {
            var result = RowResult(unit: row.unit, group: row.group, computed: [:], adjustments: [:],
                                   rank: nil, grade: nil, excludedReason: row.excludedReason)
            if row.excludedReason != nil {
                results.append(result)
                continue
            }
            var env = row.inputs
            for column in spec.columns {
                let outcome = evaluate(column, env: env, unit: row.unit)
                findings += outcome.findings
                if let parse = outcome.adjustments { result.adjustments[column.name] = parse }
                if let why = outcome.review ?? column.rule.inputs.lazy.compactMap({ result.review[$0] }).first.map({ _ in
                    "所用的" + column.rule.inputs.filter { result.review[$0] != nil }.joined(separator: "、") + "需人工核对"
                }) {
                    result.review[column.name] = why
                }
                var value: Value = .missing
                if let exact = outcome.value {
                    value = .number(column.decimals.map { exact.roundedHalfUp($0) } ?? exact)
                }
                env[column.name] = value
                result.computed[column.name] = value
                if let publishedName = column.published, case .number(let computed) = value {
                    findings += compare(published: row.inputs[publishedName] ?? .missing, computed: computed,
                                        column: column, publishedName: publishedName, unit: row.unit,
                                        adjustments: outcome.adjustments)
                }
            }
            results.append(result)
        }

        if let rank = spec.rank {
            func number(_ r: RowResult, _ row: UnitRow, _ name: String) -> Decimal? {
                (r.computed[name] ?? row.inputs[name])?.number
            }
            let entries = zip(results, rows).map { r, row in
                Ranker.Entry(value: r.excludedReason == nil ? number(r, row, rank.column) : nil,
                             group: r.group,
                             tieBreakers: rank.tieBreakers.map { number(r, row, $0) ?? 0 })
            }
            let ranks = rank.ranker.rank(entries)
            let checkRanks: [Int?]
            if let publishedScore = rank.publishedScore {
                checkRanks = rank.ranker.rank(zip(results, rows).map { r, row in
                    Ranker.Entry(value: r.excludedReason == nil ? row.inputs[publishedScore]?.number : nil, group: r.group,
                                 tieBreakers: rank.tieBreakers.map { number(r, row, $0) ?? 0 })
                })
            } else {
                checkRanks = ranks
            }
            var groupSizes: [String: Int] = [:]
            for (e, r) in zip(entries, ranks) where r != nil && e.value != nil { groupSizes[e.group, default: 0] += 1 }
            for i in results.indices {
                results[i].rank = ranks[i]
                if let grades = spec.grades {
                    results[i].grade = grades.grade(value: entries[i].value, rank: ranks[i],
                                                    groupSize: groupSizes[entries[i].group] ?? 0)
                }
                if let publishedName = rank.published, let computed = checkRanks[i],
                   case .number(let p) = rows[i].inputs[publishedName] ?? .missing, p != Decimal(computed) {
                    findings.append(Finding(kind: .rankMismatch, unit: rows[i].unit, item: publishedName,
                                            published: p, computed: Decimal(computed),
                                            message: rank.publishedScore == nil
                                                ? "公布名次 \(p) 与重新计算名次 \(computed) 不一致"
                                                : "公布名次 \(p) 与按公布得分排出的名次 \(computed) 不一致"))
                }
            }
        } else if let grades = spec.grades, let last = spec.columns.last?.name {
            // Without ranks only threshold bands apply, on the last computed column.
            for i in results.indices {
                results[i].grade = grades.grade(value: results[i].computed[last]?.number, rank: nil, groupSize: 0)
            }
        }
        return TableResult(rows: results, findings: findings)
    }

    private static func evaluate(_ column: ComputedColumn, env: [String: Value], unit: String) -> RuleOutcome {
        column.rule.rule.evaluate(RuleContext(env: env, column: column.name, emptyIsZero: column.emptyIsZero, unit: unit))
    }

    private static func compare(published: Value, computed: Decimal, column: ComputedColumn, publishedName: String,
                                unit: String, adjustments: AdjustmentParse?) -> [Finding] {
        switch published {
        case .number(let p):
            guard p != computed else { return [] }
            var message = "公布值 \(p.formatted(decimals: column.decimals ?? 2)) 与重新计算值 \(computed.formatted(decimals: column.decimals ?? 2)) 不一致"
            if let adjustments {
                let counted = adjustments.countedTexts
                message += "；理由中计入的加扣分：" + (counted.isEmpty ? "无" : counted.joined(separator: "、"))
                let totals = adjustments.items.filter { $0.role == .totalCountedAsAmount }.map(\.text)
                if !totals.isEmpty {
                    message += "；" + totals.joined(separator: "、") + "与前面各项之和不符，已按单独加扣分计入"
                }
            }
            return [Finding(kind: .publishedMismatch, unit: unit, item: publishedName, published: p, computed: computed,
                            message: message)]
        case .missing:
            return [Finding(kind: .publishedMissing, unit: unit, item: publishedName, computed: computed,
                            message: "公布值为空，重新计算值为 \(computed.formatted(decimals: column.decimals ?? 2))")]
        case .notApplicable, .text:
            return [Finding(kind: .publishedMismatch, unit: unit, item: publishedName, computed: computed,
                            message: "公布值“\(published)”不是数值，重新计算值为 \(computed.formatted(decimals: column.decimals ?? 2))")]
        }
    }
}
