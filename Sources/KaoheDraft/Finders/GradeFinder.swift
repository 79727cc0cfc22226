import Foundation
import KaoheFormat
import KaoheScoring

/// A grade found: the column, the bands, where they come from, and how well they fit.
struct FoundGrade: Sendable {
    var column: DraftColumn
    var score: DraftColumn
    var grades: Grades
    var fit: Fit
    /// The words of the note or title that state the grades ("各组得分前30%为优秀"); nil
    /// where the bands were read from the rows.
    var stated: String? = nil
}

/// A grade column (优秀 / 良好 / 一般, 红牌 / 黄牌): a short text with a few values. Grades a
/// note or the title states (前30%为优秀, 优秀名额5个, 90分以上为优秀) are taken as stated, and a
/// published grade they do not give is a finding. Otherwise the bands are read from the rows:
/// by score, each threshold the roundest number between the lowest score of a band and the
/// highest of the band below (90 between 88.5 and 90.5), or by rank (第1–3名 优秀); bands read
/// from the rows must give every published grade, or the column is not explained.
enum GradeFinder {
    static func find(_ search: RuleSearch, score: DraftColumn?, method: RankMethod = .competition) -> FoundGrade? {
        guard let score else { return nil }
        let evidence = search.evidence
        let values = evidence.numbers(TableEvidence.publishedName(score.name))
        let ranks = Ranker(method: method, order: .descending, decimals: score.decimals)
            .rank(zip(values, evidence.rows).map { Ranker.Entry(value: $0, group: $1.group) })
        var best: FoundGrade? = nil
        for column in gradeColumns(search) {
            let labels = evidence.rows.map { TextNormalizer.key($0.inputs[column.name]?.text ?? "") }
            for (grades, stated) in proposals(search, values: values, ranks: ranks, labels: labels) {
                let fit = self.fit(grades, values: values, ranks: ranks, labels: labels, evidence)
                guard stated != nil ? fit.accepted : fit.misfits.isEmpty && fit.fitting >= 2 else { continue }
                var g = grades
                g.published = TableEvidence.publishedName(column.name)
                // Grades a note states are kept over bands read from the rows, which would fit a
                // mistyped grade too.
                if best?.stated != nil && stated == nil { continue }
                if fit.fitting > (best?.fit.fitting ?? 0) || (stated != nil && best?.stated == nil) {
                    best = FoundGrade(column: column, score: score, grades: g, fit: fit, stated: stated)
                }
            }
        }
        return best
    }

    static func gradeColumns(_ search: RuleSearch) -> [DraftColumn] {
        search.columns.filter { $0.kind == .text && $0.index != search.evidence.layout.unit && $0.longest <= 8 && !$0.isRankLike }
    }

    /// Grades to try: those the notes state first, then bands by score and by rank read from the rows.
    static func proposals(_ search: RuleSearch, values: [Decimal?], ranks: [Int?], labels: [String]) -> [(Grades, String?)] {
        let layout = search.evidence.layout
        let text = TextNormalizer.key(([layout.title, layout.subtitle].compactMap { $0 } + layout.notes).joined(separator: "；"))
        var out: [(Grades, String?)] = []
        if let stated = StatedGrades.read(text, labels: labels) { out.append(stated) }
        if let bands = bands(values: values, labels: labels) { out.append((bands, nil)) }
        if let byRank = rankBands(ranks: ranks, labels: labels) { out.append((byRank, nil)) }
        return out
    }

    static func fit(_ grades: Grades, values: [Decimal?], ranks: [Int?], labels: [String], _ evidence: TableEvidence) -> Fit {
        let assigned = grades.assign(values: values, ranks: ranks, groups: evidence.rows.map(\.group)).grades
        var fit = Fit(fitting: 0, checked: 0, misfits: [], rows: evidence.rows.count)
        for i in labels.indices where values[i] != nil {
            fit.checked += 1
            if (assigned[i] ?? "") == labels[i] { fit.fitting += 1 } else { fit.misfits.append(evidence.rows[i].unit) }
        }
        return fit
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

    /// Bands by rank: each label held by a run of ranks (1–3 优秀, 4–8 良好), the last label the rest.
    static func rankBands(ranks: [Int?], labels: [String]) -> Grades? {
        var byLabel: [String: [Int]] = [:]
        for (r, l) in zip(ranks, labels) { if let r { byLabel[l, default: []].append(r) } }
        guard (2...6).contains(byLabel.count), !byLabel.keys.contains("") else { return nil }
        let ordered = byLabel.keys.sorted { byLabel[$0]!.min()! < byLabel[$1]!.min()! }
        let bands = ordered.dropLast().map { Grades.Band($0, ranks: byLabel[$0]!.min()!...byLabel[$0]!.max()!) }
        return Grades(.ranks, bands, fallback: ordered.last!)
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
        let bands = g.grades.bands.map { b -> String in
            let limit: String
            switch g.grades.basis {
            case .ranks: limit = b.ranks.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" } ?? ""
            case .shares: limit = (b.limit * 100).plainText + "%"
            default: limit = b.limit.plainText
            }
            return "\(YAMLText.scalar(b.label)): \(limit)"
        }.joined(separator: ", ")
        let fallback = g.grades.fallback.isEmpty ? "" : ", else: \(YAMLText.scalar(g.grades.fallback))"
        return "{\(g.grades.basis.rawValue): {\(bands)}\(fallback), published: \(YAMLText.scalar(g.grades.published!))}"
    }

    static func words(_ g: FoundGrade) -> String {
        let bands = g.grades.bands.map { b -> String in
            switch g.grades.basis {
            case .thresholds: return "\(b.label) ≥ \(b.limit.plainText)"
            case .ranks: return "\(b.label)：第 \(b.ranks!.lowerBound)–\(b.ranks!.upperBound) 名"
            case .counts: return "\(b.label) \(b.limit.plainText) 个"
            case .shares: return "\(b.label) 前 \((b.limit * 100).plainText)%"
            }
        }.joined(separator: "，")
        let rest = g.grades.fallback.isEmpty ? "其余不评等次" : "其余\(g.grades.fallback)"
        let by = g.grades.basis == .thresholds ? "按\(g.score.header)分档" : g.grades.basis == .ranks ? "按名次" : "按\(g.score.header)排名定名额（各组分别计）"
        let source = g.stated.map { "（见说明：“\($0)”）" } ?? "（由各行数据读出）"
        return "\(g.column.header) = \(by)：\(bands)，\(rest)\(source)"
    }
}

/// Grades stated in a note or title: 前30%为优秀 / 优秀比例不超过30% (shares), 优秀名额5个 /
/// 前5名为优秀 (counts), 90分以上为优秀 / 90分（含）以上为优秀 (thresholds), for the labels the
/// grade column holds; the lowest label is what is left.
enum StatedGrades {
    static func read(_ text: String, labels: [String]) -> (Grades, String)? {
        let named = Array(Set(labels.filter { !$0.isEmpty }))
        guard named.count >= 2 || (named.count == 1 && labels.contains("")) else { return nil }
        var found: [(label: String, band: Grades.Band, basis: Grades.Basis, words: String)] = []
        for label in named {
            guard let hit = statement(text, label: label) else { continue }
            found.append((label, hit.band, hit.basis, hit.words))
        }
        guard let basis = found.first?.basis, found.allSatisfy({ $0.basis == basis }) else { return nil }
        let stated = Set(found.map(\.label))
        let rest = named.filter { !stated.contains($0) }
        guard rest.count <= 1 else { return nil }
        let ordered = basis == .thresholds ? found.sorted { $0.band.limit > $1.band.limit } : found.sorted { $0.band.limit < $1.band.limit }
        return (Grades(basis, ordered.map(\.band), fallback: rest.first ?? ""), ordered.map(\.words).joined(separator: "；"))
    }

    /// The statement of one label's band around its mention in the text.
    static func statement(_ text: String, label: String) -> (band: Grades.Band, basis: Grades.Basis, words: String)? {
        var from = text.startIndex
        while let r = text.range(of: label, range: from..<text.endIndex) {
            from = r.upperBound
            let start = text.index(r.lowerBound, offsetBy: -min(16, text.distance(from: text.startIndex, to: r.lowerBound)))
            let end = text.index(r.upperBound, offsetBy: min(12, text.distance(from: r.upperBound, to: text.endIndex)))
            let before = String(text[start..<r.lowerBound]), after = String(text[r.upperBound..<end])
            let clause = String(before.split(omittingEmptySubsequences: false, whereSeparator: { "，,；;。".contains($0) }).last ?? "")
            let tail = String(after.split(omittingEmptySubsequences: false, whereSeparator: { "，,；;。".contains($0) }).first ?? "")
            let words = clause + label + tail
            if let p = number(clause, #"前([0-9]+(\.[0-9]+)?)[%％]"#) ?? number(tail, #"([0-9]+(\.[0-9]+)?)[%％]"#), p > 0, p <= 100 {
                return (Grades.Band(label, limit: p / 100), .shares, words)
            }
            if let n = number(clause, #"前([0-9]+)名"#) ?? number(tail, #"名额([0-9]+)"#) ?? number(tail, #"([0-9]+)个"#) {
                return (Grades.Band(label, limit: n), .counts, words)
            }
            if let t = number(clause, #"([0-9]+(\.[0-9]+)?)分([（(]含[）)])?及?以上"#) ?? number(clause, #"[≥>=]\s*([0-9]+(\.[0-9]+)?)"#) {
                return (Grades.Band(label, limit: t), .thresholds, words)
            }
        }
        return nil
    }

    static func number(_ text: String, _ pattern: String) -> Decimal? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let r = Range(m.range(at: 1), in: text) else { return nil }
        return Decimal(strict: String(text[r]))
    }
}
