import Foundation
import KaoheAssessment
import KaoheJobs
import KaoheReport
import KaoheScoring
import KaoheWriter

/// Annual summaries (`annual:`): a job's year rolled up from the periods the ledger has, written
/// to outbox/JOB/年度-YYYY/ on every night that wrote one of its periods (or its year-end table,
/// or a period of a job it takes earlier periods from); a rewrite keeps the earlier version and
/// says what moved, as a period's does.
extension Runner {
    /// Every annual summary a night's outputs touch, recorded in the ledger in one commit.
    func writeAnnuals(_ runId: Int64, ledger: Ledger, summaries report: inout Summaries) throws {
        guard options.oneShotOut == nil else { return }
        var commit = Ledger.Commit()
        for job in options.jobs {
            guard let spec = job.annual else { continue }
            let feeding = Set([job.name] + spec.earlier + [spec.yearEnd?.job ?? job.name])
            let years = Set(report.outputs.filter { feeding.contains($0.job) }.compactMap { AnnualSpec.year(of: $0.period) })
            for year in years.sorted() {
                do {
                    try writeAnnual(job, spec, year: year, runId: runId, ledger: ledger, commit: &commit, report: &report)
                } catch {
                    logger.error("\(job.name) \(year): the annual summary could not be written: \(error)")
                    report.failures.append("\(job.name) \(year)年度：年度汇总表未能写出（\(error)）")
                }
            }
        }
        if !commit.outputs.isEmpty { try ledger.commit(runId, commit) }
    }

    /// The job (this one or another of the root) a period or year-end score is read from, and
    /// the key its summary recorded that score under.
    func scoreSource(_ name: String, key: String) -> (tables: [(id: String, title: String)], key: String) {
        guard let other = options.jobs.first(where: { $0.name == name }) else { return ([], key) }
        let tables = other.tables.map { ($0.id, $0.sheetName ?? $0.title) }
        if key == TotalJob.rankKey, other.total != nil { return (tables, key) }
        if other.tables.contains(where: { $0.id == key }) { return (tables, key) }
        return (tables, other.total != nil ? TotalJob.rankKey : other.tables.first?.id ?? key)
    }

    /// Each period of the year from the first of this job and its `earlier` jobs that has it.
    func annualPeriods(_ job: Job, _ spec: AnnualSpec, year: Int, ledger: Ledger) throws -> [AnnualPeriod] {
        try spec.periods(of: year).map { period in
            for name in [job.name] + spec.earlier {
                let (tables, key) = scoreSource(name, key: spec.score)
                if let p = try ledger.annualPeriod(job: name, period: period, key: key, tables: tables) { return p }
            }
            return AnnualPeriod(period: period, source: nil)
        }
    }

    /// The year's figures from the ledger: periods, year-end scores, rows, last year's ranks.
    func annualResult(_ job: Job, _ spec: AnnualSpec, year: Int, ledger: Ledger) throws -> AnnualResult {
        let periods = try annualPeriods(job, spec, year: year, ledger: ledger)
        var yearEnd: [String: Decimal]? = nil
        var yearEndSource: String? = nil
        if let ye = spec.yearEnd {
            let name = ye.job ?? job.name
            let (tables, key) = scoreSource(name, key: ye.table)
            if let p = try ledger.annualPeriod(job: name, period: "\(year)年度", key: key, tables: tables), p.waitingFor.isEmpty {
                (yearEnd, yearEndSource) = (p.scores, p.source)
            }
        }
        let (rows, findings) = AnnualRollUp.rows(spec, periods: periods, yearEnd: yearEnd, registry: job.registry)
        var result = AnnualResult(spec: spec, year: year, assessment: job.assessment, registry: job.registry, periods: periods,
                                  yearEndSource: yearEndSource, rows: rows, findings: findings)
        let last = try ledger.finalRanks(job: job.name, period: AnnualSpec.ledgerPeriod(year - 1))[TotalJob.rankKey]
        result.previousRanks = last
        return result
    }

    /// Writes one year's annual summary, keeping the earlier one and saying what moved.
    func writeAnnual(_ job: Job, _ spec: AnnualSpec, year: Int, runId: Int64, ledger: Ledger, commit: inout Ledger.Commit,
                     report: inout Summaries) throws {
        var result = try annualResult(job, spec, year: year, ledger: ledger)
        let period = AnnualSpec.ledgerPeriod(year)
        let outPath = folders.outbox + "/" + Self.safeName(job.name) + "/" + period + "/" + Self.safeName(result.title) + "汇总.xlsx"
        let scores = result.rows.compactMap { r in r.withheld == nil ? r.total.map { (TotalJob.rankKey, r.unit, $0.formatted(decimals: spec.decimals)) } : nil }
        let ranks = result.rows.compactMap { r in r.rank.map { (TotalJob.rankKey, r.unit, $0) } }
        var revised: RunReport.Revised? = nil
        if let earlier = try ledger.earlierSummary(job: job.name, period: period), let kept = try Self.keepEarlier(outPath, writtenBy: earlier.runId) {
            let because = Self.annualBecause(report, job: job, spec: spec, year: year)
            let moved = Self.annualMoved(earlier, scores: scores, ranks: ranks, title: spec.title, registry: job.registry)
            result.revision = Self.revisionNotice(earlierRun: earlier.runId, keptAs: Self.earlierVersions + "/" + (kept as NSString).lastPathComponent,
                                                  because: because, moved: moved)
            revised = .init(job: job.name, period: period, earlierRun: earlier.runId, keptAs: folders.relative(kept), because: because, moved: moved)
        }
        try FileManager.default.createDirectory(atPath: (outPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var writerOptions = WriterOptions()
        writerOptions.temporaryDirectory = System.memoryScratch
        try XLSXWriter.write(ReportBuilder.annualWorkbook(result), to: outPath, options: writerOptions)
        let relative = folders.relative(outPath)
        logger.info("\(job.name) \(year): wrote the annual summary \(outPath)")
        commit.outputs.append(Ledger.OutputRecord(id: nil, runId: runId, job: job.name, period: period, path: relative))
        for (table, unit, value) in scores {
            commit.scores.append(Ledger.ScoreRecord(runId: runId, job: job.name, period: period, tableId: table, unit: unit, value: value))
        }
        for (table, unit, rank) in ranks {
            commit.ranks.append(Ledger.RankRecord(runId: runId, job: job.name, period: period, tableId: table, unit: unit, rank: rank))
        }
        for f in result.findings {
            commit.findings.append(Ledger.FindingRecord(runId: runId, job: job.name, period: period, tableId: TotalJob.rankKey, unit: "—",
                                                        item: spec.title, location: nil, published: nil, computed: nil, message: f,
                                                        kind: .missingValue))
        }
        if let revised { report.revised.append(revised) }
        report.outputs.append(.init(job: job.name, period: period, path: relative, findings: result.findings.count, tablesWithoutData: [],
                                    inputs: [], details: result.findings))
    }
}

extension Runner {
    /// Why the annual summary was written again: each of its periods (or its year-end table)
    /// whose summary this night wrote, first or again.
    static func annualBecause(_ report: Summaries, job: Job, spec: AnnualSpec, year: Int) -> [String] {
        let feeding = Set([job.name] + spec.earlier + [spec.yearEnd?.job ?? job.name])
        return report.outputs.filter { feeding.contains($0.job) && AnnualSpec.year(of: $0.period) == year }.map { o in
            let name = o.period.hasSuffix("年度") ? "年终考核（\(o.period)）" : o.period
            if let r = report.revised.first(where: { $0.job == o.job && $0.period == o.period }) {
                return "\(name)汇总重新生成（替换第 \(r.earlierRun) 次运行的版本）"
            }
            return "\(name)汇总首次生成"
        }
    }

    /// Which units' annual scores and ranks moved: "年度综合考核：西山县 得分 88.20 → 90.10，名次 3 → 1".
    static func annualMoved(_ earlier: Ledger.EarlierSummary, scores: [(String, String, String)], ranks: [(String, String, Int)],
                            title: String, registry: UnitRegistry) -> [String] {
        let key = TotalJob.rankKey
        let now = Dictionary(scores.map { ($0.1, $0.2) }, uniquingKeysWith: { a, _ in a })
        let nowRanks = Dictionary(ranks.map { ($0.1, $0.2) }, uniquingKeysWith: { a, _ in a })
        var changes: [String] = []
        for unit in registry.units.map(\.name) {
            var parts: [String] = []
            let (a, b) = (earlier.scores[key]?[unit], now[unit])
            if a != b { parts.append("得分 \(a ?? "（空）") → \(b ?? "（空）")") }
            let (ra, rb) = (earlier.ranks[key]?[unit], nowRanks[unit])
            if ra != rb { parts.append("名次 \(ra.map(String.init) ?? "（无）") → \(rb.map(String.init) ?? "（无）")") }
            if !parts.isEmpty { changes.append(unit + " " + parts.joined(separator: "，")) }
        }
        guard !changes.isEmpty else { return [] }
        return ["\(title)：" + changes.prefix(10).joined(separator: "；") + (changes.count > 10 ? "；另有 \(changes.count - 10) 个单位" : "")]
    }
}
