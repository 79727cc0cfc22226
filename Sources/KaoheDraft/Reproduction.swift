import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheReader
import KaoheScoring
import KaoheFormat

/// The published figures a run reproduced: each a cell of an input workbook (a published
/// score, rank or grade) whose value the job's rules computed again, exactly. Two jobs over the same
/// workbooks can be compared by these cells (a draft against the job an office wrote).
public enum Reproduction {
    public struct Figure: Hashable, Sendable, CustomStringConvertible {
        public var file: String
        public var sheet: String
        public var row: Int
        public var column: Int
        public var description: String { "\(file)!\(sheet)!" + CellReference.name(row: row, column: column) }
    }

    public static func figures(_ run: AssessmentRun) -> Set<Figure> {
        var out: Set<Figure> = []
        for t in run.tables {
            guard let bound = t.bound, let result = t.result, result.rows.count == bound.rows.count else { continue }
            for (b, r) in zip(bound.rows, result.rows) {
                func figure(_ input: String) -> Figure? {
                    b.sourceColumns[input].map { Figure(file: bound.file, sheet: bound.sheet, row: b.sourceRow, column: $0) }
                }
                for score in t.table.scores {
                    guard let p = score.published, case .number = b.row.inputs[p] ?? .missing, case .number = r.computed[score.name] ?? .missing,
                          r.differs[score.name] == nil, !r.takenAsPublished.contains(score.name), r.review[score.name] == nil,
                          let f = figure(p) else { continue }
                    out.insert(f)
                }
                if let p = t.table.rank?.published, let rank = r.rank, PublishedRank.read(b.row.inputs[p] ?? .missing) == rank, let f = figure(p) {
                    out.insert(f)
                }
                if let p = t.table.grades?.published, let grade = r.grade, !grade.isEmpty,
                   TextNormalizer.key(b.row.inputs[p]?.text ?? "") == TextNormalizer.key(grade), let f = figure(p) {
                    out.insert(f)
                }
            }
        }
        return out
    }
}

