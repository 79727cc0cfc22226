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
}

/// A rank column (排名, 名次, 位次, 序号): the ranking of a score column, within the table's
/// groups, by competition (1, 2, 2, 4), dense (1, 2, 2, 3) or ordinal (1, 2, 3, 4) ranks,
/// highest first (DOMAIN.md §2.5).
enum RankFinder {
    static func find(_ search: RuleSearch) -> FoundRank? {
        let evidence = search.evidence
        var best: FoundRank? = nil
        for column in search.columns where column.isRankLike && column.kind == .number {
            let published = evidence.numbers(TableEvidence.publishedName(column.name))
            let scores = search.columns.filter { $0.kind == .number && !$0.isRankLike && $0.index != evidence.layout.unit }
            for score in scores {
                let values = evidence.numbers(TableEvidence.publishedName(score.name))
                for method in RankMethod.allCases {
                    let ranker = Ranker(method: method, order: .descending, decimals: score.decimals)
                    let ranks = ranker.rank(zip(values, evidence.rows).map { Ranker.Entry(value: $0, group: $1.group) })
                    let fit = self.fit(ranks, published: published, units: evidence.rows.map(\.unit))
                    guard fit.accepted else { continue }
                    let derived = search.isDerived(score)
                    let candidate = FoundRank(column: column, score: score, method: method, fit: fit, checkAgainstPublished: derived)
                    if better(candidate, than: best, search) { best = candidate }
                }
            }
        }
        return best
    }

    static func fit(_ ranks: [Int?], published: [Decimal?], units: [String]) -> Fit {
        var fit = Fit(fitting: 0, checked: 0, misfits: [], rows: units.count)
        for (i, p) in published.enumerated() {
            guard let p else { continue }
            fit.checked += 1
            if let r = ranks[i], Decimal(r) == p { fit.fitting += 1 } else { fit.misfits.append(units[i]) }
        }
        return fit
    }

    /// More rows fit; then a computed score before an input; then the rightmost score; then the
    /// earlier method (competition, the usual one).
    static func better(_ a: FoundRank, than b: FoundRank?, _ search: RuleSearch) -> Bool {
        guard let b else { return true }
        if a.fit.fitting != b.fit.fitting { return a.fit.fitting > b.fit.fitting }
        let (da, db) = (search.isDerived(a.score), search.isDerived(b.score))
        if da != db { return da }
        return a.score.index > b.score.index
    }
}
