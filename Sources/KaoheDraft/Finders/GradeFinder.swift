import Foundation
import KaoheScoring

/// A grade found: the column, the bands by score, and how well they fit.
struct FoundGrade: Sendable {
    var column: DraftColumn
    var score: DraftColumn
    var grades: Grades
    var fit: Fit
}

/// A grade column (优秀 / 良好 / 一般, 红牌 / 黄牌): a short text with a few values, each the
/// units of one band of the graded score. Each band's threshold is the roundest number between
/// the lowest score of the band and the highest of the band below (90 between 88.5 and 90.5);
/// the lowest band is what is left (`else`), or none where the lowest units have no grade.
enum GradeFinder {
    static func find(_ search: RuleSearch, score: DraftColumn?) -> FoundGrade? {
        guard let score else { return nil }
        let evidence = search.evidence
        let values = evidence.numbers(TableEvidence.publishedName(score.name))
        var best: FoundGrade? = nil
        for column in search.columns where column.kind == .text && column.index != evidence.layout.unit && column.longest <= 8 {
            let labels = evidence.rows.map { TextNormalizer.key($0.inputs[column.name]?.text ?? "") }
            guard let grades = bands(values: values, labels: labels) else { continue }
            let assigned = grades.assign(values: values, ranks: values.map { _ in nil }, groups: evidence.rows.map(\.group)).grades
            var fit = Fit(fitting: 0, checked: 0, misfits: [], rows: evidence.rows.count)
            for i in labels.indices where values[i] != nil {
                fit.checked += 1
                if (assigned[i] ?? "") == labels[i] { fit.fitting += 1 } else { fit.misfits.append(evidence.rows[i].unit) }
            }
            var g = grades
            g.published = TableEvidence.publishedName(column.name)
            if fit.accepted, fit.fitting > (best?.fit.fitting ?? 0) { best = FoundGrade(column: column, score: score, grades: g, fit: fit) }
        }
        return best
    }

    /// Bands from the labelled rows: two to six labels, ordered by their lowest score.
    static func bands(values: [Decimal?], labels: [String]) -> Grades? {
        var byLabel: [String: [Decimal]] = [:]
        for (v, l) in zip(values, labels) { if let v { byLabel[l, default: []].append(v) } }
        let named = byLabel.keys.filter { !$0.isEmpty }
        guard (2...6).contains(named.count) || (named.count == 1 && byLabel[""] != nil) else { return nil }
        let ordered = byLabel.keys.sorted { median(byLabel[$0]!) > median(byLabel[$1]!) }
        guard let lowest = ordered.last else { return nil }
        var result: [Grades.Band] = []
        for (upper, lower) in zip(ordered, ordered.dropFirst()) {
            let lo = byLabel[lower]!.max()!, hi = byLabel[upper]!.min()!
            result.append(Grades.Band(upper, limit: roundest(above: lo, upTo: hi) ?? hi))
        }
        return Grades(.thresholds, result, fallback: lowest)
    }

    static func median(_ v: [Decimal]) -> Decimal { v.sorted()[v.count / 2] }

    /// The roundest number in (lo, hi]: a multiple of 10, 5, 1, 0.5 or 0.1; nil when the bands overlap.
    static func roundest(above lo: Decimal, upTo hi: Decimal) -> Decimal? {
        guard lo < hi else { return nil }
        for step in ["10", "5", "1", "0.5", "0.1", "0.01"].map({ Decimal(string: $0)! }) {
            let candidate = ((hi / step).roundedDown(0)) * step
            if candidate > lo { return candidate }
        }
        return hi
    }

    static func yaml(_ g: FoundGrade) -> String {
        let bands = g.grades.bands.map { "\(YAMLText.scalar($0.label)): \($0.limit.plainText)" }.joined(separator: ", ")
        let fallback = g.grades.fallback.isEmpty ? "" : ", else: \(YAMLText.scalar(g.grades.fallback))"
        return "{thresholds: {\(bands)}\(fallback), published: \(YAMLText.scalar(g.grades.published!))}"
    }

    static func words(_ g: FoundGrade) -> String {
        let bands = g.grades.bands.map { "\($0.label) ≥ \($0.limit.plainText)" }.joined(separator: "，")
        let rest = g.grades.fallback.isEmpty ? "其余不评等次" : "其余\(g.grades.fallback)"
        return "\(g.column.header) = 按\(g.score.header)分档：\(bands)，\(rest)"
    }
}
