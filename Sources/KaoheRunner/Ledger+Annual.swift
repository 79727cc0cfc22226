import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheScoring

/// What the annual roll-up reads of the ledger: each period's latest summary with its scores.
extension Ledger {
    /// A period of `job` as its latest summary left it: where the summary is and which run
    /// wrote it, the tables it had no workbook for (of `tables`: id → title), and each unit's
    /// score under `key` (a table id, or 总表's); nil when the period has no summary.
    public func annualPeriod(job: String, period: String, key: String, tables: [(id: String, title: String)]) throws -> AnnualPeriod? {
        guard let s = try earlierSummary(job: job, period: period) else { return nil }
        let current = try self.current(job: job, period: period)
        return AnnualPeriod(period: period, source: .init(path: s.path, run: s.runId),
                            waitingFor: tables.filter { current[$0.id] == nil }.map(\.title),
                            scores: (s.scores[key] ?? [:]).compactMapValues { Decimal(strict: $0) })
    }
}
