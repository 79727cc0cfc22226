import Foundation
import KaoheJobs
import KaoheReader
import KaoheScoring

/// Recording: what a run did, into the ledger's one commit and the report.
extension Runner {
    /// What one job and period produced, for the ledger commit and the report: its summary,
    /// its accepted and replaced inputs, findings and ranks; or, when its summary could not be
    /// written, a failure that leaves its workbooks for the next run.
    func recordGroup(_ result: GroupResult, of plan: GroupPlan, runId: Int64) -> Summaries {
        let m = plan.match
        let job = m.job
        var out = Summaries()
        out.returned = result.rejected
        if let error = result.writeError {
            // This job and period only: its new workbooks stay in work/ for the next run.
            logger.error("\(job.name) \(m.period): the summary could not be written: \(error)")
            out.failures.append("\(job.name) \(m.period)：汇总表未能写出（\(error)）；" +
                                   "\(result.accepted.map(\.claim.originalName).joined(separator: "、")) 留待下次运行")
            return out
        }
        guard let outPath = result.outPath else { return out }
        logger.info("\(job.name) \(m.period): wrote \(outPath) (\(result.findings.filter(\.finding.needsReview).count) findings)")
        for a in result.accepted {
            out.last.inputs.append(record(a.claim, a.match, outcome: .processed, runId: runId, note: nil))
            let index = out.last.inputs.count - 1
            for t in a.match.tables where result.fromNew[t]?.fileName == a.claim.fileName {
                out.last.current.append(.init(job: job.name, period: m.period, table: t, input: index))
                if let previous = plan.current[t] {
                    out.replaced.append(.init(job: job.name, period: m.period, table: t, previous: previous.originalName,
                                                 previousRun: previous.runId, by: a.claim.originalName))
                }
            }
        }
        for x in result.superseded {
            out.replaced.append(.init(job: job.name, period: m.period, table: x.table, previous: x.older, previousRun: runId, by: x.newer))
        }
        let relative = folders.relative(outPath)
        out.last.outputs.append(.init(runId: runId, job: job.name, period: m.period, path: relative))
        for f in result.findings {
            out.last.findings.append(.init(runId: runId, job: job.name, period: m.period, tableId: f.table, unit: f.finding.unit,
                                         item: f.finding.item, location: f.location, published: f.finding.published.map { "\($0)" },
                                         computed: f.finding.computed.map { "\($0)" }, message: f.finding.message, kind: f.finding.kind))
        }
        for r in result.ranks {
            out.last.ranks.append(.init(runId: runId, job: job.name, period: m.period, tableId: r.table, unit: r.unit, rank: r.rank))
        }
        for s in result.scores {
            out.last.scores.append(Ledger.ScoreRecord(runId: runId, job: job.name, period: m.period, tableId: s.table, unit: s.unit, value: s.value))
        }
        if let r = result.revised, let earlier = plan.earlier {
            out.revised.append(.init(job: job.name, period: m.period, earlierRun: earlier.runId, keptAs: folders.relative(r.keptAs),
                                        because: r.because, moved: r.moved))
            var now: [String: [String: Int]] = [:]
            for x in result.ranks { now[x.table, default: [:]][x.unit] = x.rank }
            if now != earlier.ranks { out.ranksMoved.append((job.name, m.period)) }
        }
        out.outputs.append(.init(job: job.name, period: m.period, path: relative, findings: result.findings.filter(\.finding.needsReview).count,
                                    tablesWithoutData: result.tablesWithoutData, inputs: result.accepted.map(\.claim.originalName),
                                    details: RunReport.details(result.findings, tables: job.tables),
                                    received: result.received, missing: result.missing,
                                    madeFrom: plan.madeFrom))
        return out
    }

    /// The run's exit code and ledger status, worst first.
    static func outcome(_ report: RunReport, rejected: Int) -> (code: Int32, status: RunStatus) {
        let code = RunExit.decide(storageFault: !report.failures.isEmpty || !report.deferred.isEmpty, rejected: rejected > 0,
                                  missingInputs: report.outputs.contains { !$0.tablesWithoutData.isEmpty },
                                  findings: report.outputs.contains { $0.findings > 0 })
        // A night that read nothing never says 未发现问题.
        let readNothing = report.inputs.isEmpty && report.outputs.isEmpty && rejected == 0
        return (code, code == RunExit.ok && readNothing ? .idle : RunStatus(finishedWith: code))
    }

    /// Records for the originals of converted workbooks: each goes where its copy goes (the
    /// archive, or rejected/ beside the returned copy), so recovery after a crash moves it too.
    func originals(_ claimed: [Claimed], records: [Ledger.InputRecord], runId: Int64, taken: Set<String>) -> [Ledger.InputRecord] {
        var taken = taken
        return claimed.compactMap { c -> Ledger.InputRecord? in
            guard let original = c.originalFile, let copy = records.first(where: { $0.fileName == c.fileName }) else { return nil }
            var destination = RunnerFolders.archived(original, run: runId)
            if copy.outcome == .rejected {
                let name = Files.freeName(original, in: folders.rejected, taken: taken)
                taken.insert(name)
                destination = RunnerFolders.rejected(name)
            }
            return Ledger.InputRecord(runId: runId, fileName: original, originalName: c.originalName, sha256: c.sha256, size: c.size,
                                      job: nil, period: nil, tables: [], outcome: .original, note: "转换前的原文件，转换后的副本为 \(c.fileName)",
                                      destination: destination)
        }
    }

    func record(_ c: Claimed, _ m: Match, outcome: InputOutcome, runId: Int64, note: String?) -> Ledger.InputRecord {
        Ledger.InputRecord(runId: runId, fileName: c.fileName, originalName: c.originalName, sha256: c.sha256, size: c.size,
                           job: m.job.name, period: m.period, tables: m.tables, outcome: outcome, note: note,
                           destination: RunnerFolders.archived(c.fileName, run: runId))
    }
}
