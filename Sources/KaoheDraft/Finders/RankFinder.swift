import Foundation
import KaoheScoring

/// A rank found: which score it ranks, how ties are ranked, and how well it fits.
struct FoundRank: Sendable {
    var column: DraftColumn
    var score: DraftColumn
    var method: RankMethod
    var fit: Fit
    /// The score is computed: the published rank is checked against the ranking of the
    /// published scores, so one wrong score is one finding, not a shifted rank below it.
    var checkAgainstPublished: Bool
    /// The published rank column has values to check (not left empty by the publisher).
    var published = true
    /// Units with equal published scores printed with different ranks (kept as findings).
    var splitTies: [String] = []
}

/// A rank column (排名, 名次, 位次, 序号; 1, 2 … or 第一名 …): the ranking of the table's own
/// score, within the table's groups, highest first (DOMAIN.md §2.5). The score is the one a
/// person would name (a computed total, then a column headed 总分 / 得分 / 成绩, then the
/// rightmost), never a column that does not vary; how ties are ranked is read from how the
/// published ties are written: equal ranks give competition (1, 2, 2, 4) or dense (1, 2, 2, 3),
/// and a tie printed with two ranks stays a finding. Only a serial number (序号) follows the
/// table's order among ties (ordinal).
enum RankFinder {
    static func find(_ search: RuleSearch) -> FoundRank? {
        let evidence = search.evidence
        var best: (FoundRank, Int)? = nil
        for column in search.columns where isRankColumn(column, evidence) {
            let published = evidence.rows.map { PublishedRank.read($0.inputs[TableEvidence.publishedName(column.name)] ?? .missing) }
            guard published.compactMap({ $0 }).count >= 2 else { continue }
            for score in scoreColumns(search) {
                guard let found = rank(column, by: score, published: published, search) else { continue }
                let preference = Self.preference(score, search)
                if let b = best, (b.1, b.0.fit.fitting, b.0.score.index) >= (preference, found.fit.fitting, found.score.index) { continue }
                best = (found, preference)
            }
        }
        return best?.0
    }

    /// Rank-like columns with ranks in them: numbers, or texts most of which read as ranks (第三名).
    static func isRankColumn(_ c: DraftColumn, _ evidence: TableEvidence) -> Bool {
        guard c.isRankLike, c.kind != .empty else { return false }
        if c.kind == .number { return true }
        let texts = evidence.rows.map { $0.inputs[TableEvidence.publishedName(c.name)] ?? .missing }
        let read = texts.filter { PublishedRank.read($0) != nil }.count
        return read * 10 >= evidence.rows.count * 6
    }

    /// Numeric columns that vary: a column with one value for every unit orders nothing.
    static func scoreColumns(_ search: RuleSearch) -> [DraftColumn] {
        search.columns.filter { c in
            c.kind == .number && !c.isRankLike && c.index != search.evidence.layout.unit
                && Set(search.evidence.numbers(TableEvidence.publishedName(c.name)).compactMap { $0 }).count >= 2
        }
    }

    /// Which score a person would say the table ranks: a computed one, then one headed as the
    /// total or the score, then any other.
    static func preference(_ score: DraftColumn, _ search: RuleSearch) -> Int {
        if search.isDerived(score) { return 3 }
        let header = ColumnNames.lower(score.header)
        if ["总分", "总得分", "合计", "总计", "综合", "最终", "总成绩", "考评成绩", "考核成绩"].contains(where: header.contains) { return 2 }
        if ["得分", "成绩", "分数", "评分", "分值"].contains(where: header.contains) { return 1 }
        return 0
    }

    /// The rank of `score` that reproduces `published`, with the method its ties say.
    static func rank(_ column: DraftColumn, by score: DraftColumn, published: [Int?], _ search: RuleSearch) -> FoundRank? {
        let evidence = search.evidence
        let values = evidence.numbers(TableEvidence.publishedName(score.name)).map { $0?.roundedHalfUp(score.decimals) }
        let ties = tieGroups(values, groups: evidence.rows.map(\.group))
        let split = ties.filter { Set($0.compactMap { published[$0] }).count > 1 }
        let shared = ties.count - split.count
        let serial = !["排名", "名次", "位次"].contains(where: column.header.contains)
        // A serial number "ranked" by a column with a few values for many units (100 % for
        // all but one) is the row number: the score must tell at least a third of them apart.
        if serial && !split.isEmpty && Set(values.compactMap { $0 }).count * 3 < values.count { return nil }
        let methods: [RankMethod] = shared > 0 ? [.competition, .dense] : serial && !split.isEmpty ? [.ordinal] : [.competition]
        var best: FoundRank? = nil
        for method in methods {
            let ranker = Ranker(method: method, order: .descending, decimals: score.decimals)
            let ranks = ranker.rank(zip(values, evidence.rows).map { Ranker.Entry(value: $0, group: $1.group) })
            let fit = self.fit(ranks, published: published, units: evidence.rows.map(\.unit))
            guard fit.accepted, fit.fitting > (best?.fit.fitting ?? 0) else { continue }
            let units = method == .ordinal ? [] : split.flatMap { $0 }.map { evidence.rows[$0].unit }
            best = FoundRank(column: column, score: score, method: method, fit: fit, checkAgainstPublished: search.isDerived(score),
                             splitTies: units)
        }
        return best
    }

    /// Sets of two or more rows of one group with equal values.
    static func tieGroups(_ values: [Decimal?], groups: [String]) -> [[Int]] {
        var byValue: [String: [Int]] = [:]
        for (i, v) in values.enumerated() { if let v { byValue["\(groups[i])|\(v)", default: []].append(i) } }
        return byValue.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    static func fit(_ ranks: [Int?], published: [Int?], units: [String]) -> Fit {
        var fit = Fit(fitting: 0, checked: 0, misfits: [], rows: units.count)
        for (i, p) in published.enumerated() {
            guard let p else { continue }
            fit.checked += 1
            if let r = ranks[i], r == p { fit.fitting += 1 } else { fit.misfits.append(units[i]) }
        }
        return fit
    }
}
