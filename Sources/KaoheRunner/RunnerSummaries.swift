import Foundation
import KaoheJobs
import KaoheReader
import KaoheScoring
import KaoheWriter

/// Summaries: each job and period with new workbooks read, scored and written, side by side.
extension Runner {
    /// Each job and period's plan: its new workbooks (oldest first, rejected ones left out) and
    /// what it needs from the ledger (the workbooks it has now; the previous ranks, read once
    /// per job: the same for all its periods).
    func plan(_ newByGroup: [String: [(claim: Claimed, match: Match)]], groups: [String: Match], rejectedNames: Set<String>,
              runId: Int64, ledger: Ledger) throws -> [GroupPlan] {
        var plans: [GroupPlan] = []
        var previousRanks: [String: [String: [String: Int]]] = [:]
        let periodsOfJob = Dictionary(grouping: groups.values, by: \.job.path).mapValues(\.count)
        for key in newByGroup.keys.sorted() {
            let m = groups[key]!
            let arrivals = newByGroup[key]!.filter { !rejectedNames.contains($0.claim.fileName) }
                .sorted { ($0.claim.modified, $0.claim.originalName) < ($1.claim.modified, $1.claim.originalName) }
            if previousRanks[m.job.name] == nil { previousRanks[m.job.name] = try ledger.previousRanks(job: m.job.name, before: runId) }
            var plan = GroupPlan(match: m, arrivals: arrivals, current: try ledger.current(job: m.job.name, period: m.period),
                                 previousRanks: previousRanks[m.job.name]!,
                                 outDir: folders.outbox + "/" + Self.safeName(m.job.name) + "/" + Self.safeName(m.period),
                                 outName: Assessor.output(m.job, period: m.period))
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

    /// What one job and period needs to be scored, read from the ledger beforehand.
    struct GroupPlan: @unchecked Sendable {
        var match: Match
        var arrivals: [(claim: Claimed, match: Match)]
        var current: [String: Ledger.InputRecord]
        /// Each table's ranks in the period before (none: no 名次变化 column).
        var previousRanks: [String: [String: Int]]?
        var outDir: String
        var outName: String
    }

    struct GroupResult: @unchecked Sendable {
        var rejected: [(Claimed, String)] = []
        var accepted: [(claim: Claimed, match: Match)] = []
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
    }

    /// Reads, scores and writes one job and period. No ledger access: it runs beside others.
    static func process(_ plan: GroupPlan, root: String) -> GroupResult {
        var result = GroupResult()
        var job = plan.match.job
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
        CrashPoints.hit("bound")
        // A new workbook whose sheet does not fit its table is rejected as a whole; its tables
        // keep the workbook they had.
        var failed: [String: [String]] = [:]
        for (t, c) in result.fromNew {
            if case .failure(let e)? = inputs[t]?.bound, !(failed[c.fileName] ?? []).contains(e.message) {
                failed[c.fileName, default: []].append(e.message)
            }
        }
        for (name, reasons) in failed.sorted(by: { $0.key < $1.key }) {
            let c = plan.arrivals.first { $0.claim.fileName == name }!.claim
            result.rejected.append((c, reasons.joined(separator: "；")))
            for (t, cl) in result.fromNew where cl.fileName == name {
                result.fromNew[t] = nil
                assignment[t] = plan.current[t].map { root + "/" + $0.destination }
            }
        }
        if !failed.isEmpty { inputs = Assessor.bind(job, assignment: assignment) }
        result.accepted = plan.arrivals.filter { failed[$0.claim.fileName] == nil }
        if result.accepted.isEmpty { return result }

        // The summary says which new workbooks it was written without, and why.
        var returned: [String: Assessor.Returned] = [:]
        for (name, reasons) in failed {
            let c = plan.arrivals.first { $0.claim.fileName == name }!
            for t in c.match.tables { returned[t] = Assessor.Returned(file: c.claim.originalName, reasons: reasons) }
        }
        var run = Assessor.assess(job, inputs: inputs, returned: returned)
        for a in plan.arrivals { run.submittedNames[a.claim.fileName] = a.claim.originalName; run.received[a.claim.fileName] = a.claim.modified }
        for (_, r) in plan.current { run.submittedNames[(r.destination as NSString).lastPathComponent] = r.originalName }
        CrashPoints.hit("scored")
        let outPath = plan.outDir + "/" + plan.outName
        do {
            try FileManager.default.createDirectory(atPath: plan.outDir, withIntermediateDirectories: true)
            var writerOptions = WriterOptions()
            writerOptions.beforeRename = { CrashPoints.hit("output-temp") }
            // A night writes tens of thousands of sheet scratch files: in memory, not on disk.
            writerOptions.temporaryDirectory = System.memoryScratch
            try XLSXWriter.write(ReportBuilder.workbook(run, previousRanks: plan.previousRanks), to: outPath, options: writerOptions)
        } catch {
            result.writeError = "\(error)"
            return result
        }
        CrashPoints.hit("output-written")
        result.outPath = outPath
        result.findings = run.findings
        result.ranks = run.tables.flatMap { t in (t.result?.rows ?? []).compactMap { r in r.rank.map { (t.table.id, r.unit, $0) } } }
        result.tablesWithoutData = run.tables.filter { $0.bound == nil }.map(\.table.id)
        (result.received, result.missing) = run.submissions
        return result
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
            if case .failure(let e) = office.convert(path, to: "pdf", in: (path as NSString).deletingLastPathComponent) {
                logger.warning("no PDF for \(path): \(e.message)")
            }
        }
    }

    static func safeName(_ s: String) -> String {
        String(s.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 })
    }
}
