import Foundation
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

    /// A rule is kept when it fits every row but one or two (or one in twenty of a long
    /// table), and at least two rows.
    var accepted: Bool {
        let allowance = checked >= 40 ? checked / 20 : checked >= 6 ? 2 : (checked - 1) / 3
        return fitting >= 2 && checked - fitting <= allowance && checked * 2 >= rows
    }
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

    init(_ evidence: TableEvidence) { self.evidence = evidence }

    var columns: [DraftColumn] { evidence.layout.columns }
    var priorScores: [ComputedColumn] { found.flatMap { $0.candidate.scores.map(\.column) } }
    func isDerived(_ c: DraftColumn) -> Bool { found.contains { $0.column.index == c.index } }

    /// Numeric columns left of `target` a rule may read (ranks and the unit column left out).
    func parts(before target: DraftColumn, includingEmpty: Bool = false) -> [DraftColumn] {
        columns.filter { c in
            c.index < target.index && c.index != evidence.layout.unit && !c.isRankLike
                && (c.kind == .number || (includingEmpty && c.kind == .empty))
        }
    }

    mutating func run() {
        for target in columns where target.kind == .number && !target.isRankLike && target.index != evidence.layout.unit {
            let candidates = Finders.all.flatMap { $0(self, target) }
            var best: (Candidate, Fit)? = nil
            for candidate in candidates {
                let fit = self.fit(candidate, target: target)
                guard fit.accepted, fit.fitting >= candidate.parameters + 2 else { continue }
                if let b = best, b.1.fitting > fit.fitting || (b.1.fitting == fit.fitting && b.0.complexity <= candidate.complexity) { continue }
                best = (candidate, fit)
            }
            if let best { found.append(FoundRule(column: target, candidate: best.0, fit: best.1)) }
        }
    }

    /// Scores the table with the rules found so far and `candidate`, and counts the rows whose
    /// published value of `target` it reproduces.
    func fit(_ candidate: Candidate, target: DraftColumn) -> Fit {
        let spec = TableSpec(name: "", columns: priorScores + candidate.scores.map(\.column))
        let result = TableScorer.score(spec, rows: evidence.rows)
        var fit = Fit(fitting: 0, checked: 0, misfits: [], rows: evidence.rows.count)
        let published = TableEvidence.publishedName(target.name)
        for (row, r) in zip(evidence.rows, result.rows) {
            guard case .number = row.inputs[published] ?? .missing else { continue }
            fit.checked += 1
            if case .number = r.computed[target.name] ?? .missing, r.differs[target.name] == nil, r.review[target.name] == nil {
                fit.fitting += 1
            } else {
                fit.misfits.append(row.unit)
            }
        }
        return fit
    }
}

/// The finders: each proposes rules of one kind for a column.
enum Finders {
    static let all: [@Sendable (RuleSearch, DraftColumn) -> [Candidate]] = [
        AdjustmentsFinder.candidates, SumFinder.candidates, RatioFinder.candidates, PointsFinder.candidates,
    ]

    /// The value seen most often (ties: the first seen), with how often.
    static func mode(_ values: [Decimal]) -> (value: Decimal, count: Int)? {
        var seen: [(value: Decimal, count: Int)] = []
        for v in values {
            if let i = seen.firstIndex(where: { $0.value == v }) { seen[i].count += 1 } else { seen.append((v, 1)) }
        }
        var best: (value: Decimal, count: Int)? = nil
        for s in seen where s.count > (best?.count ?? 0) { best = s }
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

    /// The most points a header states ("发布解读（40分）" → 40).
    static func headerMaximum(_ header: String) -> Decimal? {
        guard let range = header.range(of: #"[0-9]+(\.[0-9]+)?\s*分"#, options: .regularExpression) else { return nil }
        return Decimal(strict: String(header[range].filter { $0.isNumber || $0 == "." }))
    }
}
