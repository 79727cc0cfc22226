import Foundation
import KaoheFormat
import KaoheScoring

/// A score a draft proposes: the column as the engine computes it, and its line in the job.
struct ScoreDraft: Sendable {
    var column: ComputedColumn
    var yaml: String
}

/// One way a derived column might be computed, from the columns before it.
struct Candidate: Sendable {
    var scores: [ScoreDraft]
    /// The rule in words, for the table's comment ("得分 = 1 + 理由中的加扣分").
    var words: String
    /// Lower is simpler: the search keeps the simplest of the rules that fit as well.
    var complexity: Int
    /// Numbers the rule took from the rows themselves (a base, a scale, points solved): it
    /// must fit at least two rows more than these, or it only restates them.
    var parameters: Int = 0
    /// Constants the rule took from the rows (a base, a scale, a cap): on the sheet or small and round.
    var constants: [Decimal] = []
    /// Constants that must be on the sheet (a quota's scale other than its cap).
    var stated: [Decimal] = []
    /// Points per item solved from the rows: whole or half points.
    var points: [Decimal] = []
}

extension Candidate {
    /// The candidate with its target's published values taken where they are one unit of the
    /// last decimal off (`tolerance: 0.01`), said in its words.
    func tolerating(_ target: DraftColumn) -> Candidate {
        let unit = Decimal(sign: .plus, exponent: -target.decimals, significand: 1)
        var out = self
        guard let last = out.scores.indices.last else { return out }
        out.scores[last].column.tolerance = unit
        out.scores[last].yaml = String(out.scores[last].yaml.dropLast()) + ", tolerance: \(unit.plainText)}"
        out.words += "（分项是四舍五入后的数：与之相差 \(unit.plainText) 的公布值采用公布值）"
        out.complexity += 1
        return out
    }
}

/// How well a rule reproduces a published column.
struct Fit: Sendable, Equatable {
    var fitting: Int
    var checked: Int
    /// Units whose published value the rule does not reproduce (published slips, or rows
    /// the rule does not explain).
    var misfits: [String]
    /// The table's rows: a rule is kept only for a column most rows fill.
    var rows: Int = 0
    /// Of the misfits, those one unit of the last decimal off (a total of parts printed
    /// rounded: 90.63 where the printed parts add to 90.62).
    var near: [String] = []

    /// A rule is kept when it fits every row but one or two (or one in twenty of a long
    /// table), and at least two rows.
    var accepted: Bool { fitting >= 2 && checked - fitting <= Self.allowance(checked) && checked * 2 >= rows }

    /// Accepted when the rows one unit off are taken as published (`tolerance:`), and only then.
    var acceptedWithTolerance: Bool {
        !accepted && !near.isEmpty && fitting >= 2 && checked - fitting - near.count <= Self.allowance(checked) && checked * 2 >= rows
    }

    /// The rows a kept rule may miss of `checked`.
    static func allowance(_ checked: Int) -> Int { checked >= 40 ? checked / 20 : checked >= 6 ? 2 : max(0, (checked - 1) / 3) }
}

/// A derived column found, with the rule that reproduces it.
struct FoundRule: Sendable {
    var column: DraftColumn
    var candidate: Candidate
    var fit: Fit
}

/// The evidence of one table: its columns and rows as the engine binds them, every numeric
/// column also under 公布<name> (the published value a rule is checked against).
struct TableEvidence: Sendable {
    var layout: SheetLayout
    var rows: [UnitRow]

    static func publishedName(_ name: String) -> String { "公布" + name }

    func numbers(_ name: String) -> [Decimal?] { rows.map { $0.inputs[name]?.number } }
}

/// Searches, column by column from the left, for the simplest rule that reproduces each
/// derived-looking column from the columns before it (DOMAIN.md §2: sums, weighted parts,
/// base ± reason text, category maxima, ratios to quotas, points per item).
struct RuleSearch {
    let evidence: TableEvidence
    private(set) var found: [FoundRule] = []
    /// Each row's inputs and the scores found so far, and the scores a reviewer would have to
    /// check (a reason text not read completely, or a score using one), as the engine computes
    /// them (`TableScorer.scoreRow`, without the findings it words for reviewers).
    private var envs: [[String: Value]]
    private var reviewed: [Set<String>]

    /// Columns kept with `tolerance:` on a sheet of the same shape: tried with it here too.
    let tolerate: Set<String>
    /// Rules that reproduced a column but are not rules a person would write, by column index.
    private(set) var rejected: [Int: String] = [:]

    init(_ evidence: TableEvidence, tolerate: Set<String> = []) {
        self.evidence = evidence
        self.tolerate = tolerate
        envs = evidence.rows.map(\.inputs)
        reviewed = evidence.rows.map { _ in [] }
    }

    /// The search so far on some of its rows (a hold-out half).
    init(_ other: RuleSearch, rows: [Int]) {
        evidence = TableEvidence(layout: other.evidence.layout, rows: rows.map { other.evidence.rows[$0] })
        tolerate = other.tolerate
        found = other.found
        envs = rows.map { other.envs[$0] }
        reviewed = rows.map { other.reviewed[$0] }
    }

    var columns: [DraftColumn] { evidence.layout.columns }
    func isDerived(_ c: DraftColumn) -> Bool { found.contains { $0.column.index == c.index } }

    /// Numeric columns left of `target` a rule may read (ranks and the unit column left out).
    func parts(before target: DraftColumn, includingEmpty: Bool = false) -> [DraftColumn] {
        columns.filter { c in
            c.index < target.index && c.index != evidence.layout.unit && !c.isRankLike
                && (c.kind == .number || (includingEmpty && c.kind == .empty))
        }
    }

    mutating func run() {
        let plausibility = Plausibility(evidence.layout)
        for target in columns where target.kind == .number && !target.isRankLike && target.index != evidence.layout.unit {
            var fitting: [(Candidate, Fit, Int)] = []
            for (order, candidate) in Finders.all.flatMap({ $0(self, target) }).enumerated() {
                if let kept = accept(candidate, target: target) { fitting.append((kept.0, kept.1, order)) }
            }
            // Most rows reproduced first, then the simplest rule, then the first proposed.
            fitting.sort { a, b in
                let (sa, sb) = (a.1.fitting + a.1.near.count, b.1.fitting + b.1.near.count)
                return sa != sb ? sa > sb : a.0.complexity != b.0.complexity ? a.0.complexity < b.0.complexity : a.2 < b.2
            }
            var chosen: (Candidate, Fit)? = nil
            for (candidate, fit, _) in fitting {
                if let why = plausibility.objection(candidate) ?? (candidate.stated.first { !plausibility.stated.contains($0) }
                        .map { "常数 \($0.plainText) 不在表中" }) ?? holdOutObjection(candidate, target: target) {
                    if rejected[target.index] == nil { rejected[target.index] = "\(candidate.words)（\(why)）" }
                    continue
                }
                chosen = (candidate, fit)
                break
            }
            guard let best = chosen else { continue }
            rejected[target.index] = nil
            found.append(FoundRule(column: target, candidate: best.0, fit: best.1))
            for i in envs.indices { Self.apply(best.0.scores.map(\.column), to: &envs[i], reviewed: &reviewed[i], unit: evidence.rows[i].unit) }
        }
    }

    /// The candidate with its fit, if it fits as a kept rule must: with `tolerance:` where
    /// only values one unit off stand in the way, or where the column (on a sheet of the same
    /// shape) or a column it reads was kept with one.
    func accept(_ candidate: Candidate, target: DraftColumn) -> (Candidate, Fit)? {
        var fit = self.fit(candidate, target: target)
        guard fit.accepted || fit.acceptedWithTolerance, fit.fitting + fit.near.count >= candidate.parameters + 2 else { return nil }
        let reads = candidate.scores.flatMap(\.column.rule.inputs)
        let tolerated = found.filter { $0.candidate.scores.last?.column.tolerance != nil }.map(\.column.name)
        let sameShape = tolerate.contains(target.name) || reads.contains(where: tolerated.contains)
        if fit.acceptedWithTolerance || (sameShape && !fit.near.isEmpty) {
            return (candidate.tolerating(target), fit)
        }
        // Without a tolerance, a value one unit off is a published slip like any other.
        fit.misfits += fit.near
        fit.near = []
        return (candidate, fit)
    }

    /// A rule with numbers taken from the rows must be found again from half of them (every
    /// other row) and hold on the rest: a rule of the same kind proposed from the half must fit
    /// the whole table as a kept rule does. One the half does not give is a fit, not a rule.
    func holdOutObjection(_ candidate: Candidate, target: DraftColumn) -> String? {
        guard candidate.parameters > 0, evidence.rows.count >= 4 else { return nil }
        let half = RuleSearch(self, rows: evidence.rows.indices.filter { $0 % 2 == 0 })
        let lines = candidate.scores.map(\.yaml)
        let proposed = Finders.all.flatMap { $0(half, target) }.filter { $0.parameters > 0 && $0.complexity == candidate.complexity }
        let again = proposed.contains { c in
            c.scores.map(\.yaml) == lines || (c.scores.count == lines.count && c.tolerating(target).scores.map(\.yaml) == lines)
                || accept(c, target: target) != nil
        }
        return again ? nil : "由一半的行找不到在其余行也成立的同类规则"
    }

    /// Computes `columns` for one row into its environment, each rounded as its column is.
    static func apply(_ columns: [ComputedColumn], to env: inout [String: Value], reviewed: inout Set<String>, unit: String) {
        for column in columns {
            let outcome = column.rule.rule.evaluate(RuleContext(env: env, column: column.name, emptyIsZero: column.emptyIsZero, unit: unit))
            env[column.name] = outcome.value.map { .number(column.decimals.map($0.roundedHalfUp) ?? $0) } ?? .missing
            if outcome.review != nil || column.rule.inputs.contains(where: reviewed.contains) { reviewed.insert(column.name) }
        }
    }

    /// The last of `columns` for one row, rounded; nil where it cannot be computed or needs a
    /// reviewer. (One column, the usual candidate, is evaluated without copying the row.)
    static func value(_ columns: [ComputedColumn], env: [String: Value], reviewed: Set<String>, unit: String) -> Decimal? {
        guard let last = columns.last else { return nil }
        if columns.count == 1 {
            let outcome = last.rule.rule.evaluate(RuleContext(env: env, column: last.name, emptyIsZero: last.emptyIsZero, unit: unit))
            guard outcome.review == nil, !last.rule.inputs.contains(where: reviewed.contains), let v = outcome.value else { return nil }
            return last.decimals.map(v.roundedHalfUp) ?? v
        }
        var env = env, reviewed = reviewed
        apply(columns, to: &env, reviewed: &reviewed, unit: unit)
        guard !reviewed.contains(last.name), case .number(let v) = env[last.name] ?? .missing else { return nil }
        return v
    }

    /// Counts the rows whose published value of `target` the rules found so far and `candidate`
    /// reproduce, compared at the column's decimals as the engine compares them.
    /// A candidate stops at the first miss past what a kept rule may miss (most candidates are
    /// wrong, and are seen to be within a few rows).
    func fit(_ candidate: Candidate, target: DraftColumn) -> Fit {
        let published = TableEvidence.publishedName(target.name)
        let checked = evidence.rows.indices.filter { if case .number = evidence.rows[$0].inputs[published] ?? .missing { true } else { false } }
        var fit = Fit(fitting: 0, checked: checked.count, misfits: [], rows: evidence.rows.count)
        let columns = candidate.scores.map(\.column)
        let unit = Decimal(sign: .plus, exponent: -target.decimals, significand: 1)
        for i in checked {
            let row = evidence.rows[i]
            let p = row.inputs[published]?.number?.roundedHalfUp(target.decimals)
            let v = Self.value(columns, env: envs[i], reviewed: reviewed[i], unit: row.unit)
            if v == p {
                fit.fitting += 1
            } else if let v, let p, abs(v - p) <= unit {
                fit.near.append(row.unit)
            } else {
                fit.misfits.append(row.unit)
                if fit.misfits.count > Fit.allowance(checked.count) { return fit }
            }
        }
        return fit
    }
}

/// The finders: each proposes rules of one kind for a column.
enum Finders {
    static let all: [@Sendable (RuleSearch, DraftColumn) -> [Candidate]] = [
        AdjustmentsFinder.candidates, SumFinder.candidates, BaseFinder.candidates, RatioFinder.candidates, PointsFinder.candidates,
    ]

    /// The value seen most often (ties: the first seen), with how often.
    static func mode(_ values: [Decimal]) -> (value: Decimal, count: Int)? {
        var best: (value: Decimal, count: Int)? = nil
        var run: (value: Decimal, count: Int)? = nil
        for v in values.sorted() {
            run = run?.value == v ? (v, run!.count + 1) : (v, 1)
            if run!.count > (best?.count ?? 0) { best = run }
        }
        return best
    }

    /// A score's job line: `{name: N, <rule>, published: 公布N[, decimals: d][, empty_is_zero: true]}`.
    static func line(_ name: String, rule: String, decimals: Int, ruleDefault: Int = 2, published: Bool = true, emptyIsZero: Bool = false) -> String {
        var parts = ["name: \(YAMLText.scalar(name))", rule]
        if published { parts.append("published: \(YAMLText.scalar(TableEvidence.publishedName(name)))") }
        if decimals != ruleDefault { parts.append("decimals: \(decimals)") }
        if emptyIsZero { parts.append("empty_is_zero: true") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The computed column a candidate adds, checked against its published column.
    static func column(_ target: DraftColumn, _ rule: Rule, emptyIsZero: Bool = false) -> ComputedColumn {
        ComputedColumn(name: target.name, rule: rule, decimals: target.decimals,
                       published: TableEvidence.publishedName(target.name), emptyIsZero: emptyIsZero)
    }

    /// A percentage in a header ("年终考核（50%）" → 0.5), as a weight.
    static func headerPercent(_ header: String) -> Decimal? {
        guard let range = header.range(of: #"[0-9]+(\.[0-9]+)?\s*[%％]"#, options: .regularExpression) else { return nil }
        let digits = header[range].filter { $0.isNumber || $0 == "." }
        return Decimal(strict: String(digits)).map { $0 / 100 }
    }

    /// The most points a header states ("发布解读（40分）" → 40; "在线服务得分(9)" → 9, a bracketed
    /// number after a score's name).
    static func headerMaximum(_ header: String) -> Decimal? {
        if let range = header.range(of: #"[0-9]+(\.[0-9]+)?\s*分"#, options: .regularExpression) {
            return Decimal(strict: String(header[range].filter { $0.isNumber || $0 == "." }))
        }
        guard header.contains("分"), let range = header.range(of: #"[（(][0-9]+(\.[0-9]+)?[）)]"#, options: .regularExpression) else { return nil }
        return Decimal(strict: String(header[range].filter { $0.isNumber || $0 == "." }))
    }
}
