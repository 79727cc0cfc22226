import Foundation
import KaoheJobs

/// A period's ranks changed after the period after it was summarised: that summary's 名次变化
/// compared with ranks that are no longer the period's. It is written again the same night,
/// from the workbooks it has, its earlier version kept and the reason on its cover, as for any
/// period written again; its scores and ranks do not move, only its 名次变化.
extension Runner {
    /// Writes again each summarised period whose period before had its ranks moved tonight,
    /// unless it was written tonight itself; recorded in the ledger in one commit: what it adds
    /// to the night's summaries.
    func rewriteRecompared(_ runId: Int64, ledger: Ledger, after report: Summaries) throws -> Summaries {
        var part = Summaries()
        guard options.oneShotOut == nil, !report.ranksMoved.isEmpty else { return part }
        for moved in report.ranksMoved {
            guard let job = options.jobs.first(where: { $0.name == moved.job }), let form = job.periodForm else { continue }
            let periods = try ledger.rankedPeriods(job: job.name).map(\.period)
            let next = periods.filter { p in p != moved.period && form.previous(p, among: periods) == moved.period }
            for period in next where !report.outputs.contains(where: { $0.job == job.name && $0.period == period }) {
                let m = Match(job: job, period: period, tables: [])
                var plan = try groupPlan(m, arrivals: [], previousRanks: try previousPeriodRanks(m, ledger: ledger), ledger: ledger)
                plan.why = .recompared(after: moved.period)
                logger.info("\(job.name) \(period): written again, the ranks of \(moved.period) before it moved")
                part.absorb(recordGroup(Runner.process(plan, root: folders.root), of: plan, runId: runId))
            }
        }
        if !part.last.outputs.isEmpty { try ledger.commit(runId, part.last) }
        part.last = Ledger.Commit()
        part.ranksMoved = [] // the periods written again kept their ranks
        return part
    }
}
