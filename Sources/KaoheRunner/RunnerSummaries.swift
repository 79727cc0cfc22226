import Foundation
import KaoheDocument
import KaoheAssessment
import KaoheJobs
import KaoheReport
import KaoheReader
import KaoheScoring
import KaoheSystem
import KaoheWriter

/// Summaries: each job and period with new workbooks read, scored and written, side by side.
extension Runner {
    /// Each job and period's plan: its new workbooks (oldest first, rejected ones left out) and
    /// what it needs from the ledger (the workbooks it has now; the previous period's ranks).
    func plan(_ sorted: Sorted, runId: Int64, ledger: Ledger) throws -> [GroupPlan] {
        let (newByGroup, groups) = (sorted.newByGroup, sorted.groups)
        let rejectedNames = Set(sorted.returned.map(\.claim.fileName))
        var plans: [GroupPlan] = []
        let periodsOfJob = Dictionary(grouping: groups.values, by: \.job.path).mapValues(\.count)
        for key in newByGroup.keys.sorted() {
            let m = groups[key]!
            let arrivals = newByGroup[key]!.filter { !rejectedNames.contains($0.claim.fileName) }
                .sorted { ($0.claim.modified, $0.claim.originalName) < ($1.claim.modified, $1.claim.originalName) }
            let previous = try previousPeriod(m, ledger: ledger)
            var plan = try groupPlan(m, arrivals: arrivals, previousRanks: previous.ranks, ledger: ledger)
            plan.previousPeriod = previous.period
            if let out = options.oneShotOut {
                plan.outDir = out
                plan.previousRanks = nil
                if periodsOfJob[m.job.path, default: 0] > 1, !m.job.output.contains("{period}") {
                    let name = plan.outName as NSString
                    plan.outName = name.deletingPathExtension + "（\(m.period)）." + name.pathExtension
                }
            }
            plans.append(plan)
        }
        return plans
    }

    /// One job and period's plan, its new workbooks given: what it needs from the ledger.
    func groupPlan(_ m: Match, arrivals: [Arrival], previousRanks: [String: [String: Int]], ledger: Ledger) throws -> GroupPlan {
        GroupPlan(match: m, arrivals: arrivals, current: try ledger.current(job: m.job.name, period: m.period),
                  previousRanks: previousRanks,
                  outDir: folders.outbox + "/" + Self.safeName(m.job.name) + "/" + Self.safeName(m.period),
                  outName: Assessor.output(m.job, period: m.period),
                  earlier: options.oneShotOut == nil ? try ledger.earlierSummary(job: m.job.name, period: m.period) : nil,
                  fixedTime: options.tuning.fixedTime)
    }

    /// The ranks 名次变化 compares with: the final summary of the period before this one —
    /// the latest earlier period in the job's period form, or, for a job without one, the other
    /// period summarised last — never an earlier night of the same period. None (all 新) for
    /// the first period.
    func previousPeriodRanks(_ m: Match, ledger: Ledger) throws -> [String: [String: Int]] {
        try previousPeriod(m, ledger: ledger).ranks
    }

    /// The period before `m`'s among those the ledger has summarised, and its final ranks.
    func previousPeriod(_ m: Match, ledger: Ledger) throws -> (period: String?, ranks: [String: [String: Int]]) {
        let others = try ledger.rankedPeriods(job: m.job.name).filter { $0.period != m.period }
        let previous: String?
        if let form = m.job.periodForm {
            previous = form.previous(m.period, among: others.map(\.period))
        } else {
            previous = others.max { $0.lastRun < $1.lastRun }?.period
        }
        return (previous, try previous.map { try ledger.finalRanks(job: m.job.name, period: $0) } ?? [:])
    }

    /// What one job and period needs to be scored, read from the ledger beforehand.
    struct GroupPlan: @unchecked Sendable {
        var match: Match
        var arrivals: [Arrival]
        var current: [String: Ledger.InputRecord]
        /// Each table's ranks in the period before (none: no 名次变化 column).
        var previousRanks: [String: [String: Int]]?
        var outDir: String
        var outName: String
        /// The summary this period already has (a rewrite keeps it and says what moved).
        var earlier: Ledger.EarlierSummary?
        /// Why the period is written: for its new workbooks, or again from the workbooks it has
        /// because the period before it changed its ranks, so its 名次变化 did.
        var why: Why = .newWorkbooks

        enum Why {
            case newWorkbooks
            case recompared(after: String)
        }

        /// What the summary is made from, as the report says it.
        var madeFrom: RunReport.Output.MadeFrom {
            if case .recompared = why { return .sameWorkbooks }
            return .workbooks
        }
        /// The time the summary says it was made (`RunnerOptions.Tuning.fixedTime`); nil: now.
        var fixedTime: Date? = nil
        /// The period `previousRanks` are of, as the ledger had it at the plan's (or its batch's) start.
        var previousPeriod: String? = nil
    }

    struct GroupResult: @unchecked Sendable {
        var rejected: [Returned] = []
        var accepted: [Arrival] = []
        var fromNew: [String: Claimed] = [:]
        var outPath: String?
        var writeError: String?
        /// What the ledger and the report need of the run; the run itself (every cell of every
        /// table) is dropped as soon as its summary is written.
        var findings: [AuditFinding] = []
        var ranks: [(table: String, unit: String, rank: Int)] = []
        var tablesWithoutData: [String] = []
        var received: [String] = []
        var missing: [String] = []
        /// (table, older workbook, newer workbook) when two for one table arrived in this run.
        var superseded: [(table: String, older: String, newer: String)] = []
        /// Each table's main score per unit as the summary shows it (总表's total too).
        var scores: [(table: String, unit: String, value: String)] = []
        /// When the period had a summary already: where it is kept, why and what moved.
        var revised: (keptAs: String, because: [String], moved: [String])?
    }

    /// Reads, scores and writes one job and period. No ledger access: it runs beside others.
    static func process(_ plan: GroupPlan, root: String) -> GroupResult {
        var result = GroupResult()
        var job = plan.match.job.forPeriod(plan.match.period)
        job.period = plan.match.period // a {period} job's summary says which period it is
        var assignment = plan.current.mapValues { root + "/" + $0.destination }
        for a in plan.arrivals {
            for t in a.match.tables {
                if let older = result.fromNew[t] { result.superseded.append((t, older.originalName, a.claim.originalName)) }
                assignment[t] = a.claim.path
                result.fromNew[t] = a.claim
            }
        }
        var inputs = Assessor.bind(job, assignment: assignment)
        CrashPoints.hit(.bound)
        // A new workbook whose sheet does not fit its table is rejected as a whole; its tables
        // keep the workbook they had.
        let failed = unbound(inputs, fromNew: result.fromNew)
        for (name, reasons) in failed.sorted(by: { $0.key < $1.key }) {
            let c = plan.arrivals.first { $0.claim.fileName == name }!.claim
            result.rejected.append(Returned(claim: c, reason: .didNotBind(reasons)))
            for (t, cl) in result.fromNew where cl.fileName == name {
                result.fromNew[t] = nil
                assignment[t] = plan.current[t].map { root + "/" + $0.destination }
            }
        }
        if !failed.isEmpty { inputs = Assessor.bind(job, assignment: assignment) }
        result.accepted = plan.arrivals.filter { failed[$0.claim.fileName] == nil }
        if result.accepted.isEmpty, case .newWorkbooks = plan.why { return result }

        var run = assess(job, inputs: inputs, plan: plan, failed: failed, root: root)
        CrashPoints.hit(.scored)
        let outPath = plan.outDir + "/" + plan.outName
        result.ranks = run.tables.flatMap { t in (t.result?.rows ?? []).compactMap { r in r.rank.map { (t.table.id, r.unit, $0) } } }
            + run.totals.compactMap { r in r.rank.map { (TotalJob.rankKey, r.unit, $0) } }
        result.scores = shownScores(run)
        do {
            if let earlier = plan.earlier, let kept = try keepEarlier(outPath, writtenBy: earlier.runId) {
                let revised = (keptAs: kept, because: because(plan, accepted: result.accepted),
                               moved: moved(from: earlier, to: result.scores, ranks: result.ranks, job: job))
                run.revision = revisionNotice(earlierRun: earlier.runId, keptAs: Self.earlierVersions + "/" + (kept as NSString).lastPathComponent,
                                              because: revised.because, moved: revised.moved, rankChangesOnly: plan.madeFrom == .sameWorkbooks)
                result.revised = revised
            }
            try FileManager.default.createDirectory(atPath: plan.outDir, withIntermediateDirectories: true)
            var writerOptions = WriterOptions()
            writerOptions.beforeRename = { CrashPoints.hit(.outputTemp) }
            // A night writes tens of thousands of sheet scratch files: in memory, not on disk.
            writerOptions.temporaryDirectory = System.memoryScratch
            writerOptions.created = plan.fixedTime
            let bulletin = run.bulletin(previousRanks: plan.previousRanks) // evaluated once for the sheet and the document
            let report = ReportBuilder.workbook(run, previousRanks: plan.previousRanks, bulletin: bulletin, fixedTime: plan.fixedTime)
            try XLSXWriter.write(report, to: outPath, options: writerOptions)
            // The bulletin (通报) as a Word document beside the summary, its tables the appendix.
            try DocxWriter.write(ReportBuilder.document(run, report: report, previousRanks: plan.previousRanks, bulletin: bulletin,
                                                        fixedTime: plan.fixedTime),
                                 to: ReportBuilder.documentPath(besides: outPath))
        } catch {
            result.writeError = "\(error)"
            return result
        }
        CrashPoints.hit(.outputWritten)
        result.outPath = outPath
        result.findings = run.findings
        result.tablesWithoutData = run.tables.filter { $0.bound == nil }.map(\.table.id)
        (result.received, result.missing) = run.submissions
        return result
    }

    /// New workbooks whose sheet does not fit their table (each rejected as a whole): file
    /// name → its binding errors, each once.
    static func unbound(_ inputs: [String: TableInput], fromNew: [String: Claimed]) -> [String: [String]] {
        var failed: [String: [String]] = [:]
        for (t, c) in fromNew {
            if case .failure(let e)? = inputs[t]?.bound, !(failed[c.fileName] ?? []).contains(e.message) {
                failed[c.fileName, default: []].append(e.message)
            }
        }
        return failed
    }

    /// The job and period scored: the summary says which new workbooks it was written without
    /// and why, and when each workbook came (those of earlier nights: their archived copies
    /// keep the time they came with).
    static func assess(_ job: Job, inputs: [String: TableInput], plan: GroupPlan, failed: [String: [String]], root: String) -> AssessmentRun {
        var returned: [String: Assessor.Returned] = [:]
        for (name, reasons) in failed {
            let c = plan.arrivals.first { $0.claim.fileName == name }!
            for t in c.match.tables { returned[t] = Assessor.Returned(file: c.claim.originalName, reasons: reasons) }
        }
        var run = Assessor.assess(job, inputs: inputs, returned: returned)
        for a in plan.arrivals { run.submittedNames[a.claim.fileName] = a.claim.originalName; run.received[a.claim.fileName] = a.claim.modified }
        for (_, r) in plan.current {
            let name = (r.destination as NSString).lastPathComponent
            run.submittedNames[name] = r.originalName
            if run.received[name] == nil { run.received[name] = System.entry(root + "/" + r.destination).modified }
        }
        return run
    }

    /// A PDF beside each summary whose job asks for one (pdf: true, or --pdf), when LibreOffice
    /// is installed; one at a time.
    func writePDFs(_ outputs: [RunReport.Output]) {
        for (path, jobName) in zip(outputs.map { folders.absolute($0.path) }, outputs.map(\.job)) {
            guard options.pdf || options.jobs.first(where: { $0.name == jobName })?.pdf == true else { continue }
            guard let office else {
                logger.warning("no PDF for \(path): LibreOffice is not installed")
                continue
            }
            if case .failure(let e) = office.convert(path, to: .pdf, in: (path as NSString).deletingLastPathComponent) {
                logger.warning("no PDF for \(path): \(e.message)")
            }
        }
    }

    /// The notice at the top of a rewritten summary's cover.
    static func revisionNotice(of what: String = "本期汇总表", earlierRun: Int64, keptAs: String, because: [String], moved: [String],
                               rankChangesOnly: Bool = false) -> [String] {
        let unchanged = rankChangesOnly ? "变动：各表得分和名次均未改变，只有名次变化一列按上一期新的名次重新计算。" : "变动：各表得分和名次均未改变。"
        return ["注意：\(what)已于第 \(earlierRun) 次运行生成（可能已发给审核人员），本次重新生成；先前版本保存在本文件旁的 \(keptAs)。"
                + "原因：" + because.joined(separator: "；") + "。"]
            + (moved.isEmpty ? [unchanged] : moved.map { "变动：" + $0 + "。" })
    }

    static func safeName(_ s: String) -> String {
        String(s.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 })
    }
}

extension Runner {
    /// Each job and period with new workbooks read, scored and written, side by side, and
    /// recorded one transaction per batch of summaries (a night of years of back files keeps one
    /// batch in memory, not all), its inputs archived after it. The last batch is left in
    /// `last`, to be recorded with the rejections.
    func summarise(_ plans: consuming [GroupPlan], runId: Int64, ledger: Ledger, workDir: String) throws -> Summaries {
        var out = Summaries()
        let done = Counter()
        let total = plans.count
        var pending = plans // each batch's plans are let go once it is written
        var first = true
        while !pending.isEmpty {
            let next = Array(pending.prefix(options.tuning.batchSize))
            pending.removeFirst(next.count)
            // The plans read the ledger before tonight's first batch was recorded.
            let batch = first ? next : try comparingWithTonight(next, ledger: ledger)
            first = false
            let (root, progress) = (folders.root, self.progress)
            let units = Self.units(batch)
            let unitResults = ConcurrentMap.map(units, serial: options.tuning.serial) { unit -> [GroupResult] in
                Runner.processInOrder(unit.map { batch[$0] }, root: root) { progress?("summaries", done.increment(), total) }
            }
            var results = [GroupResult](repeating: GroupResult(), count: batch.count)
            for (unit, rs) in zip(units, unitResults) { for (i, r) in zip(unit, rs) { results[i] = r } }
            var part = Summaries()
            for (plan, result) in zip(batch, results) { part.absorb(recordGroup(result, of: plan, runId: runId)) }
            if pending.isEmpty { out.absorb(part); break } // the last batch goes with the rest
            try ledger.commit(runId, part.last)
            CrashPoints.hit(.batchCommitted)
            // A workbook a later batch still reads (one file for two jobs) waits for the end.
            let later = Set(pending.flatMap { $0.arrivals.map(\.claim.fileName) })
            try archive(part.last.inputs.filter { !later.contains($0.fileName) }, from: workDir)
            part.committed = part.last.inputs
            part.last = Ledger.Commit()
            out.absorb(part)
            System.releaseFreeMemory()
        }
        return out
    }
}

/// A night that summarises several periods of one job (the months of a year sent at once): each
/// period's 名次变化 compares with the period before it as summarised tonight, not as the ledger
/// had it before tonight (none, or before a correction).
extension Runner {
    /// A later batch's plans with the period before each as the ledger has it now (tonight's
    /// earlier batches recorded); `processInOrder` tells from its name whether a period
    /// summarised in this batch comes closer.
    func comparingWithTonight(_ batch: [GroupPlan], ledger: Ledger) throws -> [GroupPlan] {
        try batch.map { plan in
            guard plan.previousRanks != nil, plan.match.job.periodForm != nil else { return plan }
            var plan = plan
            (plan.previousPeriod, plan.previousRanks) = try previousPeriod(plan.match, ledger: ledger)
            return plan
        }
    }

    /// The batch as units of work, by index: a job's plans in period order in one unit when its
    /// periods have a form (one period's ranks feed the next's 名次变化), every other plan alone.
    static func units(_ batch: [GroupPlan]) -> [[Int]] {
        var units: [[Int]] = []
        var byJob: [String: Int] = [:]
        for (i, plan) in batch.enumerated() {
            guard plan.previousRanks != nil, let form = plan.match.job.periodForm, form.order(plan.match.period) != nil else {
                units.append([i])
                continue
            }
            if let u = byJob[plan.match.job.name] { units[u].append(i) } else {
                byJob[plan.match.job.name] = units.count
                units.append([i])
            }
        }
        return units.map { unit in
            guard let form = batch[unit[0]].match.job.periodForm, unit.count > 1 else { return unit }
            return unit.sorted { form.order(batch[$0].match.period)! < form.order(batch[$1].match.period)! }
        }
    }

    /// Processes a unit's plans one after another: a plan whose period comes right after the one
    /// before it in the unit (closer than the period the ledger gave it) compares with that one's
    /// ranks, as tonight's summary shows them.
    static func processInOrder(_ plans: [GroupPlan], root: String, done: () -> Void) -> [GroupResult] {
        var results: [GroupResult] = []
        for (i, original) in plans.enumerated() {
            var plan = original
            if i > 0, results[i - 1].outPath != nil, let form = plan.match.job.periodForm,
               let before = form.order(plans[i - 1].match.period),
               (plan.previousPeriod.flatMap(form.order) ?? Int.min) < before {
                var ranks: [String: [String: Int]] = [:]
                for r in results[i - 1].ranks { ranks[r.table, default: [:]][r.unit] = r.rank }
                (plan.previousPeriod, plan.previousRanks) = (plans[i - 1].match.period, ranks)
            }
            results.append(process(plan, root: root))
            done()
        }
        return results
    }
}
