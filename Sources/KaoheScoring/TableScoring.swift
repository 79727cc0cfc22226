import Foundation
import KaoheFormat

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
    /// Show the published value where it differs (the recomputed one is in the cell's comment);
    /// ranks follow the shown values.
    public var showPublished: Bool = false
    /// A published value within this of the recomputed one is taken as published: its parts
    /// were computed from unrounded inputs (实地×85% + 问卷×15% printed as 90.63 while the
    /// printed parts add to 90.62). The table gets one note, not a finding per row.
    public var tolerance: Decimal?

    public init(name: String, rule: Rule, decimals: Int? = 2, published: String? = nil, emptyIsZero: Bool = false,
                tolerance: Decimal? = nil) {
        self.tolerance = tolerance
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
    public var grades: Grades?
    /// One row per sub-unit (村 under 乡镇): each unit gets an aggregate of its sub-units.
    public var rollup: SubunitRollup?

    public init(name: String, columns: [ComputedColumn], rank: RankSpec? = nil, grades: Grades? = nil,
                rollup: SubunitRollup? = nil) {
        self.rollup = rollup
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
    /// False for a unit the registry does not know: scored, listed apart, never ranked.
    public var registered: Bool

    public init(unit: String, group: String = "", inputs: [String: Value], excludedReason: String? = nil, registered: Bool = true) {
        self.unit = unit
        self.group = group
        self.inputs = inputs
        self.excludedReason = excludedReason
        self.registered = registered
    }
}

public struct RowResult: Sendable {
    public var unit: String
    public var group: String
    /// Computed values by column name (`.missing` where an input was missing).
    public var computed: [String: Value]
    /// What each column's rule read for this row (the amounts of a reason text), by column name.
    public var details: [String: any RuleDetail]
    public var rank: Int?
    public var grade: String?
    public var excludedReason: String?
    /// Computed columns a reviewer must check, with why (Chinese): the reason text could not be
    /// read completely, or an earlier column it uses could not.
    public var review: [String: String] = [:]
    /// Columns whose published value was taken, within tolerance of the recomputed one.
    public var takenAsPublished: Set<String> = []
    /// Score columns whose published value differs from the recomputed one: the value not
    /// shown (the published one when the recomputed is shown, and the other way round).
    public var differs: [String: Decimal] = [:]
    /// The published rank or grade, where it differs from the one shown.
    public var publishedRank: Int?
    public var publishedGrade: String?
    /// Inputs that could not be taken as written, and scores that could not be computed, by
    /// column name, with what was read and what was done (Chinese): each marks its own cell.
    public var doubts: [String: String] = [:]
}

public struct TableResult: Sendable {
    public var rows: [RowResult]
    public var findings: [Finding]
    /// With a sub-unit roll-up: the sub-units' rows (村), and for each unit row the indices of
    /// its sub-units, in input order.
    public var subrows: [RowResult] = []
    public var subunits: [[Int]] = []

    public init(rows: [RowResult], findings: [Finding], subrows: [RowResult] = [], subunits: [[Int]] = []) {
        self.rows = rows
        self.findings = findings
        self.subrows = subrows
        self.subunits = subunits
    }
}

/// Scores one assessment table: every computed column in order, then ranks and grades, with
/// the findings a reviewer must see.
public enum TableScorer {
    public static func score(_ spec: TableSpec, rows: [UnitRow]) -> TableResult {
        var findings: [Finding] = []
        // A unit repeated on a sheet of sub-units is expected, not a duplicate.
        if spec.rollup == nil { findings += duplicates(rows) }
        var tolerated: [String: Int] = [:]
        var results = rows.map { scoreRow($0, spec.columns, findings: &findings, tolerated: &tolerated) }
        for column in spec.columns where tolerated[column.name] != nil {
            findings.append(Finding(kind: .note, unit: Finding.wholeTable, item: column.published ?? column.name, message:
                "\(tolerated[column.name]!) 个单位的\(column.name)公布值与按公布分项重新计算的值相差不超过 \(column.tolerance!)"
                + "（分项是四舍五入后的数），采用公布值"))
        }
        var unitRows = rows
        var result = TableResult(rows: results, findings: [])
        if let rollup = spec.rollup {
            let rolled = rollup.aggregate(results, rows: rows, findings: &findings)
            result.subrows = results
            result.subunits = rolled.members
            results = rolled.results
            unitRows = rolled.rows
            if rollup.published != nil {
                for i in results.indices { check(rollup, row: unitRows[i], result: &results[i], findings: &findings) }
            }
        }
        var ranks = [Int?](repeating: nil, count: results.count)
        if let rank = spec.rank {
            ranks = rankRows(rank, results: &results, rows: unitRows, findings: &findings)
        }
        if let grades = spec.grades {
            grade(grades, spec: spec, ranks: ranks, results: &results, rows: unitRows, findings: &findings)
        }
        result.rows = results
        result.findings = findings
        return result
    }

    static func duplicates(_ rows: [UnitRow]) -> [Finding] {
        var seen: Set<String> = []
        return rows.compactMap { row in
            seen.insert(TextNormalizer.key(row.unit)).inserted ? nil
                : Finding(kind: .duplicateUnit, unit: row.unit, item: "被考核单位", message: "单位在本表中重复出现")
        }
    }

    /// Every computed column of one row, in order, each checked against its published value.
    static func scoreRow(_ row: UnitRow, _ columns: [ComputedColumn], findings: inout [Finding],
                         tolerated: inout [String: Int]) -> RowResult {
        // Sized for every column at once: growing rehashes every name, Chinese names cost.
        var result = RowResult(unit: row.unit, group: row.group, computed: Dictionary(minimumCapacity: columns.count), details: [:],
                               rank: nil, grade: nil, excludedReason: row.excludedReason)
        guard row.excludedReason == nil else { return result }
        var env = row.inputs // copied as it is (binding leaves room for the scores)
        for column in columns {
            let outcome = evaluate(column, env: env, unit: row.unit)
            findings += outcome.findings
            if let detail = outcome.detail { result.details[column.name] = detail }
            if let why = outcome.review ?? column.rule.inputs.lazy.compactMap({ result.review[$0] }).first.map({ _ in
                "所用的" + column.rule.inputs.filter { result.review[$0] != nil }.joined(separator: "、") + "需人工核对"
            }) {
                result.review[column.name] = why
            }
            var value: Value = .missing
            if let exact = outcome.value {
                value = .number(column.decimals.map { exact.roundedHalfUp($0) } ?? exact)
            } else {
                noteDoubts(outcome, column: column, in: &result)
            }
            value = check(column, value, row: row, result: &result, findings: &findings, tolerated: &tolerated, detail: outcome.detail)
            env[column.name] = value
            result.computed[column.name] = value
        }
        return result
    }

    /// A computed value checked against its published one, compared as shown (a published
    /// 0.789473… under a 0.00% format is 78.95%): a finding and the value not shown where they
    /// differ; within the column's tolerance, the published value is taken.
    /// Returns the value to show: the computed one, or the published one where it is taken.
    static func check(_ column: ComputedColumn, _ value: Value, row: UnitRow, result: inout RowResult, findings: inout [Finding],
                      tolerated: inout [String: Int], detail: (any RuleDetail)? = nil) -> Value {
        guard let publishedName = column.published, case .number(let computed) = value else { return value }
        var published = row.inputs[publishedName] ?? .missing
        if case .number(let p) = published, let d = column.decimals { published = .number(p.roundedHalfUp(d)) }
        if let tolerance = column.tolerance, case .number(let p) = published, p != computed, abs(p - computed) <= tolerance {
            tolerated[column.name, default: 0] += 1
            result.takenAsPublished.insert(column.name)
            return .number(p)
        }
        findings += compare(published: published, computed: computed, column: column, publishedName: publishedName,
                            unit: row.unit, detail: detail)
        guard case .number(let p) = published, p != computed else { return value }
        result.differs[column.name] = column.showPublished ? computed : p
        return column.showPublished ? .number(p) : value
    }

    /// A roll-up's aggregate checked against the published one (乡镇得分).
    static func check(_ rollup: SubunitRollup, row: UnitRow, result: inout RowResult, findings: inout [Finding]) {
        var tolerated: [String: Int] = [:]
        let value = result.computed[rollup.name] ?? .missing
        result.computed[rollup.name] = check(rollup.column, value, row: row, result: &result, findings: &findings, tolerated: &tolerated)
    }

    /// A score that could not be computed: each input it could not take is a doubt on the
    /// input's cell (unless an earlier doubt already stands there), and the score's cell says why.
    static func noteDoubts(_ outcome: RuleOutcome, column: ComputedColumn, in result: inout RowResult) {
        let why = outcome.findings.filter { $0.kind == .missingValue }
        guard !why.isEmpty else { return }
        for f in why where result.doubts[f.item] == nil { result.doubts[f.item] = f.message }
        result.doubts[column.name] = why.map(\.message).joined(separator: "；")
    }

    /// Ranks within groups; each published rank is read (9, 第九名, 九 …) and checked, and one
    /// that cannot be read is a finding, never skipped.
    static func rankRows(_ rank: RankSpec, results: inout [RowResult], rows: [UnitRow], findings: inout [Finding]) -> [Int?] {
        func number(_ r: RowResult, _ row: UnitRow, _ name: String) -> Decimal? {
            (r.computed[name] ?? row.inputs[name])?.number
        }
        let entries = zip(results, rows).map { r, row in
            Ranker.Entry(value: r.excludedReason == nil && row.registered ? number(r, row, rank.column) : nil, group: r.group,
                         tieBreakers: rank.tieBreakers.map { number(r, row, $0) ?? 0 })
        }
        let ranks = rank.ranker.rank(entries)
        var checkRanks = ranks
        if let publishedScore = rank.publishedScore {
            checkRanks = rank.ranker.rank(zip(results, rows).map { r, row in
                Ranker.Entry(value: r.excludedReason == nil && row.registered ? row.inputs[publishedScore]?.number : nil, group: r.group,
                             tieBreakers: rank.tieBreakers.map { number(r, row, $0) ?? 0 })
            })
        }
        for i in results.indices { results[i].rank = ranks[i] }
        guard let publishedName = rank.published else { return ranks }
        let checked = results.indices.filter { checkRanks[$0] != nil }
        if !checked.isEmpty, checked.allSatisfy({ (rows[$0].inputs[publishedName] ?? .missing) == .missing }) {
            // A column the publisher left empty: one finding, not one per unit.
            findings.append(Finding(kind: .publishedMissing, unit: Finding.wholeTable, item: publishedName,
                                    message: "公布名次一栏全部为空，名次未能与公布值核对"))
            return ranks
        }
        for i in results.indices {
            guard let computed = checkRanks[i] else { continue }
            let raw = rows[i].inputs[publishedName] ?? .missing
            let against = rank.publishedScore == nil ? "重新计算名次" : "按公布得分排出的名次"
            guard let p = PublishedRank.read(raw) else {
                let message = raw == .missing ? "公布名次为空，\(against)为 \(computed)"
                    : "公布名次“\(raw)”无法识别，\(against)为 \(computed)"
                findings.append(Finding(kind: raw == .missing ? .publishedMissing : .unreadable, unit: rows[i].unit,
                                        item: publishedName, computed: Decimal(computed), message: message))
                continue
            }
            if p != ranks[i] { results[i].publishedRank = p }
            if p != computed {
                findings.append(Finding(kind: .rankMismatch, unit: rows[i].unit, item: publishedName,
                                        published: Decimal(p), computed: Decimal(computed),
                                        message: "公布名次 \(p) 与\(against) \(computed) 不一致"))
            }
        }
        return ranks
    }

    /// Grades from the ranked score (or, without ranks, the last computed column), within
    /// groups; the published grade is checked.
    static func grade(_ grades: Grades, spec: TableSpec, ranks: [Int?], results: inout [RowResult], rows: [UnitRow],
                      findings: inout [Finding]) {
        guard let column = spec.rank?.column ?? spec.columns.last?.name else { return }
        let values = results.indices.map { i in
            results[i].excludedReason == nil ? (results[i].computed[column] ?? rows[i].inputs[column])?.number : nil
        }
        let assignment = grades.assign(values: values, ranks: ranks, groups: results.map(\.group))
        for i in results.indices { results[i].grade = assignment.grades[i] }
        if let note = grades.tieNote(assignment.movedByTies.map { results[$0].unit }) {
            findings.append(Finding(kind: .note, unit: Finding.wholeTable, item: "等次", message: note))
        }
        guard let publishedName = grades.published else { return }
        for i in results.indices {
            guard let computed = assignment.grades[i] else { continue }
            let raw = rows[i].inputs[publishedName] ?? .missing
            let published = TextNormalizer.key(raw.description)
            // A blank published grade where the rule gives none (else: "") agrees with it.
            if published.isEmpty && TextNormalizer.key(computed).isEmpty { continue }
            if published.isEmpty {
                findings.append(Finding(kind: .publishedMissing, unit: rows[i].unit, item: publishedName,
                                        message: "公布等次为空，重新计算的等次为“\(computed)”"))
            } else if published != TextNormalizer.key(computed) {
                results[i].publishedGrade = raw.description
                findings.append(Finding(kind: .gradeMismatch, unit: rows[i].unit, item: publishedName,
                                        message: "公布等次“\(raw)”与重新计算的等次“\(computed)”不一致"))
            }
        }
    }

    private static func evaluate(_ column: ComputedColumn, env: [String: Value], unit: String) -> RuleOutcome {
        column.rule.rule.evaluate(RuleContext(env: env, column: column.name, emptyIsZero: column.emptyIsZero, unit: unit))
    }

    private static func compare(published: Value, computed: Decimal, column: ComputedColumn, publishedName: String,
                                unit: String, detail: (any RuleDetail)?) -> [Finding] {
        switch published {
        case .number(let p):
            guard p != computed else { return [] }
            var message = "公布值 \(p.formatted(decimals: column.decimals ?? 2)) 与重新计算值 \(computed.formatted(decimals: column.decimals ?? 2)) 不一致"
            if let note = detail?.mismatchNote { message += "；" + note }
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
