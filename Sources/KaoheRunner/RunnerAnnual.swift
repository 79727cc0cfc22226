import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheReport
import KaoheScoring
import KaoheWriter

/// Annual (and quarterly) summaries (`annual:`, `quarterly:`): a job's year, or quarter, rolled
/// up from the periods the ledger has, written to outbox/JOB/年度-YYYY/ (季度-…/) on every night
/// that wrote one of its periods (or its closing table, or a period of a job it takes earlier
/// periods from). While no unit has its total yet the summary shows the whole so far and is
/// simply replaced; once it has given totals, a rewrite keeps the earlier version and says what
/// moved, as a period's does.
extension Runner {
    /// Every roll-up the night's summaries so far (`report`) touch, recorded in the ledger in
    /// one commit: what they add to the night's summaries.
    func writeAnnuals(_ runId: Int64, ledger: Ledger, after report: Summaries) throws -> Summaries {
        var part = Summaries()
        guard options.oneShotOut == nil else { return part }
        for job in options.jobs {
            for spec in job.rollUps {
                for whole in Self.wholes(touchedBy: report, job: job, spec: spec) {
                    do {
                        part.absorb(try writeAnnual(job, spec, whole: whole, runId: runId, ledger: ledger, after: report))
                    } catch {
                        logger.error("\(job.name) \(whole): the roll-up summary could not be written: \(error)")
                        part.failures.append("\(job.name) \(whole)：\(spec.wholeWord)汇总表未能写出（\(error)）")
                    }
                }
            }
        }
        if !part.last.outputs.isEmpty { try ledger.commit(runId, part.last) }
        part.last = Ledger.Commit()
        return part
    }

    /// The jobs whose summaries feed a roll-up: the job, its `earlier` jobs and its closing table's.
    static func feeding(_ job: Job, _ spec: AnnualSpec) -> Set<String> {
        Set([job.name] + spec.earlier + [spec.closing?.job ?? job.name])
    }

    /// Tonight's summaries a roll-up reads scores from, each with the whole its period belongs
    /// to. A period written again only for its 名次变化 changes no score a roll-up reads.
    static func feedingOutputs(_ report: Summaries, job: Job, spec: AnnualSpec) -> [(output: RunReport.Output, whole: String)] {
        let feeding = feeding(job, spec)
        return report.outputs.compactMap { o in
            guard feeding.contains(o.job), o.madeFrom != .sameWorkbooks, let whole = spec.whole(of: o.period) else { return nil }
            return (o, whole)
        }
    }

    /// The wholes (years, quarters) whose periods or closing table tonight's summaries wrote.
    static func wholes(touchedBy report: Summaries, job: Job, spec: AnnualSpec) -> [String] {
        let touched = feedingOutputs(report, job: job, spec: spec).map(\.whole)
        let order = { (whole: String) in PeriodForm.quarter.order(whole) ?? PeriodForm.year.order(whole) ?? 0 }
        return Array(Set(touched)).sorted { order($0) < order($1) }
    }

    /// The job (this one or another of the root) a period or year-end score is read from, and
    /// the key its summary recorded that score under.
    func scoreSource(_ name: String, key: String, period: String) -> (tables: [(id: String, title: String)], key: String) {
        guard let other = options.jobs.first(where: { $0.name == name })?.forPeriod(period) else { return ([], key) }
        let tables = other.tables.map { ($0.id, $0.sheetName ?? $0.title) }
        if key == TotalJob.rankKey, other.total != nil { return (tables, key) }
        if other.tables.contains(where: { $0.id == key }) { return (tables, key) }
        return (tables, other.total != nil ? TotalJob.rankKey : other.tables.first?.id ?? key)
    }

    /// Each period of the whole from the first of this job and its `earlier` jobs that has it.
    func annualPeriods(_ job: Job, _ spec: AnnualSpec, whole: String, ledger: Ledger) throws -> [AnnualPeriod] {
        try spec.periods(of: whole).map { period in
            for name in [job.name] + spec.earlier {
                let (tables, key) = scoreSource(name, key: spec.score, period: period)
                if let p = try ledger.annualPeriod(job: name, period: period, key: key, tables: tables) { return p }
            }
            return AnnualPeriod(period: period, source: nil)
        }
    }

    /// The whole's figures from the ledger: periods, closing scores, rows, the ranks before.
    func annualResult(_ job: Job, _ spec: AnnualSpec, whole: String, ledger: Ledger) throws -> AnnualResult {
        let periods = try annualPeriods(job, spec, whole: whole, ledger: ledger)
        var closing: [String: Decimal]? = nil
        var closingSource: String? = nil
        if let c = spec.closing {
            let name = c.job ?? job.name
            let (tables, key) = scoreSource(name, key: c.table, period: whole)
            if let p = try ledger.annualPeriod(job: name, period: whole, key: key, tables: tables), p.waitingFor.isEmpty {
                (closing, closingSource) = (p.scores, p.source?.text)
            }
        }
        let (rows, findings) = AnnualRollUp.rows(spec, periods: periods, closing: closing, registry: job.registry)
        var result = AnnualResult(spec: spec, whole: whole, assessment: job.assessment, registry: job.registry, periods: periods,
                                  closingSource: closingSource, rows: rows, findings: findings)
        if let before = spec.previous(whole) {
            result.previousRanks = try ledger.finalRanks(job: job.name, period: spec.ledgerPeriod(before))[TotalJob.rankKey]
        }
        return result
    }

    /// Writes one whole's roll-up summary; once an earlier one gave totals, keeps it and says
    /// what moved. Its records (in `last`), its output and its notice of a rewrite.
    func writeAnnual(_ job: Job, _ spec: AnnualSpec, whole: String, runId: Int64, ledger: Ledger, after report: Summaries) throws -> Summaries {
        var result = try annualResult(job, spec, whole: whole, ledger: ledger)
        let period = spec.ledgerPeriod(whole)
        let outPath = folders.outbox + "/" + Self.safeName(job.name) + "/" + period + "/" + Self.safeName(result.title) + "汇总.xlsx"
        var out = Summaries()
        out.last.scores = result.rows.compactMap { r in
            r.withheld == nil ? r.total.map { Ledger.ScoreRecord(runId: runId, job: job.name, period: period, tableId: TotalJob.rankKey, unit: r.unit,
                                                                 value: $0.formatted(decimals: spec.decimals)) } : nil
        }
        out.last.ranks = result.rows.compactMap { r in
            r.rank.map { Ledger.RankRecord(runId: runId, job: job.name, period: period, tableId: TotalJob.rankKey, unit: r.unit, rank: $0) }
        }
        if let earlier = try ledger.earlierSummary(job: job.name, period: period), !(earlier.scores[TotalJob.rankKey] ?? [:]).isEmpty,
           let kept = try Self.keepEarlier(outPath, writtenBy: earlier.runId) {
            let because = Self.annualBecause(report, job: job, spec: spec, whole: whole)
            let moved = Self.annualMoved(earlier, scores: out.last.scores, ranks: out.last.ranks, title: spec.title, registry: job.registry)
            result.revision = Self.revisionNotice(of: "本\(spec.wholeWord)汇总表", earlierRun: earlier.runId, keptAs: Self.earlierVersions + "/" + (kept as NSString).lastPathComponent,
                                                  because: because, moved: moved)
            out.revised = [.init(job: job.name, period: period, earlierRun: earlier.runId, keptAs: folders.relative(kept), because: because, moved: moved)]
        }
        try FileManager.default.createDirectory(atPath: (outPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var writerOptions = WriterOptions()
        writerOptions.temporaryDirectory = System.memoryScratch
        writerOptions.created = options.tuning.fixedTime
        try XLSXWriter.write(ReportBuilder.annualWorkbook(result, fixedTime: options.tuning.fixedTime), to: outPath, options: writerOptions)
        let relative = folders.relative(outPath)
        logger.info("\(job.name) \(whole): wrote the roll-up summary \(outPath)")
        out.last.outputs = [Ledger.OutputRecord(id: nil, runId: runId, job: job.name, period: period, path: relative)]
        out.last.findings = result.findings.map { f in
            Ledger.FindingRecord(runId: runId, job: job.name, period: period, tableId: TotalJob.rankKey, unit: Finding.wholeTable, item: spec.title,
                                 location: nil, published: nil, computed: nil, message: f, kind: .missingValue)
        }
        out.outputs = [.init(job: job.name, period: period, path: relative, findings: result.findings.count, tablesWithoutData: [],
                             inputs: [], details: result.findings, madeFrom: .periodSummaries)]
        return out
    }
}

extension Runner {
    /// Why the roll-up summary was written again: each of its periods (or its closing table)
    /// whose summary this night wrote, first or again.
    static func annualBecause(_ report: Summaries, job: Job, spec: AnnualSpec, whole: String) -> [String] {
        feedingOutputs(report, job: job, spec: spec).filter { $0.whole == whole }.map(\.output).map { o in
            let name = o.period == whole ? "\(spec.closingLabel)（\(o.period)）" : o.period
            if let r = report.revised.first(where: { $0.job == o.job && $0.period == o.period }) {
                return "\(name)汇总重新生成（替换第 \(r.earlierRun) 次运行的版本）"
            }
            return "\(name)汇总首次生成"
        }
    }

    /// Which units' annual scores and ranks moved: "年度综合考核：西山县 得分 88.20 → 90.10，名次 3 → 1".
    static func annualMoved(_ earlier: Ledger.EarlierSummary, scores: [Ledger.ScoreRecord], ranks: [Ledger.RankRecord],
                            title: String, registry: UnitRegistry) -> [String] {
        let key = TotalJob.rankKey
        let now = Dictionary(scores.map { ($0.unit, $0.value) }, uniquingKeysWith: { a, _ in a })
        let nowRanks = Dictionary(ranks.map { ($0.unit, $0.rank) }, uniquingKeysWith: { a, _ in a })
        return movedLine(title, units: registry.units.map(\.name), scores: (earlier.scores[key] ?? [:], now),
                         ranks: (earlier.ranks[key] ?? [:], nowRanks)).map { [$0] } ?? []
    }
}
