import Crypto
import Foundation
import KaoheJobs
import KaoheScoring
import KaoheReader
import KaoheWriter
import Logging

public struct RunnerOptions: Sendable {
    /// Seconds an inbox file must have been left alone before a run claims it.
    public static let defaultMinimumAge: TimeInterval = 30
    public var root: String
    public var jobs: [Job]
    /// Inbox files changed (contents or inode: a copy that keeps the source's old modification
    /// time still changes the inode) less than this many seconds ago are left for the next run (a copy
    /// may still be in progress).
    public var minimumAge: TimeInterval
    /// Write a PDF beside every summary (LibreOffice), whatever the jobs say.
    public var pdf = false
    public init(root: String, jobs: [Job], minimumAge: TimeInterval = RunnerOptions.defaultMinimumAge) {
        self.root = root
        self.jobs = jobs
        self.minimumAge = minimumAge
    }
}

/// The exit codes `kaohe run` reports (README).
public enum RunExit {
    public static let ok: Int32 = 0
    public static let findings: Int32 = 1
    public static let missingInputs: Int32 = 2
    public static let rejectedInputs: Int32 = 3
    public static let lockHeld: Int32 = 4
    /// Storage fault: a summary, the ledger or a report could not be written (disk full, ledger
    /// locked or damaged, a folder that is a file). Nothing is lost; the next run goes on.
    public static let storageFault: Int32 = 6
    /// The run stopped before it finished (killed from outside, or a fault with no workbook in
    /// hand). Nothing is lost or rejected: the next run finishes its work.
    public static let crashed: Int32 = 7
}

/// One nightly run over a folder tree (RunnerFolders): claim the inbox, run every job whose
/// inputs changed, write the summaries, record everything in the ledger, archive or reject each
/// input, report. Every step can be interrupted by kill -9; the next run finishes the work
/// without losing an input or processing one twice (see `recover`).
public final class Runner {
    let folders: RunnerFolders
    let options: RunnerOptions
    let logger: Logger
    let progress: (@Sendable (String, Int, Int) -> Void)?

    /// Each job's tables' file patterns, normalised once.
    let patterns: [[Glob.Pattern]]

    public init(options: RunnerOptions, logger: Logger, progress: (@Sendable (String, Int, Int) -> Void)? = nil) {
        self.folders = RunnerFolders(root: options.root)
        self.options = options
        self.patterns = options.jobs.map { $0.tables.map { Glob.Pattern($0.file) } }
        self.logger = logger
        self.progress = progress
    }

    /// A workbook this run holds in its work folder.
    struct Claimed {
        var fileName: String
        var originalName: String
        var path: String
        var size: Int64 = 0
        /// A run died of a fault with it in hand (its supervisor said so): set aside without
        /// being opened.
        var deadLetter = false
        var modified: Date = .distantPast
        var sha256 = ""
        var unreadable: String? = nil
        /// A legacy or WPS workbook converted to this .xlsx copy: the original's name in the
        /// work folder (archived or returned beside the copy).
        var originalFile: String? = nil

        /// The name job patterns are matched against: a converted .xls matches as .xlsx.
        var matchName: String {
            originalFile == nil ? originalName : (originalName as NSString).deletingPathExtension + ".xlsx"
        }
    }

    struct Match {
        var job: Job
        var period: String
        var tables: [String]
        var key: String { job.name + "\u{0}" + period }
    }

    public func run() throws -> RunReport {
        let started = Date()
        do { try folders.create() } catch { throw RunnerError.from(error) }
        let lock: RunLock
        do { lock = try RunLock.acquire(folders.lock, now: started) } catch {
            switch error {
            case .held(let holder): throw RunnerError.lockHeld(holder)
            case .cannotOpen(let path, let reason): throw RunnerError.io("cannot open the lock \(path): \(reason)")
            }
        }
        defer { lock.release() }
        CrashPoints.hit("locked")
        if let dead = lock.takenOverFrom { logger.warning("took over the lock left by a run that died (\(dead))") }

        let ledger: Ledger
        let runId: Int64
        do {
            ledger = try Ledger(path: folders.ledger)
            runId = try ledger.beginRun(pid: getpid(), started: started)
            try ledger.markAbandonedRuns(by: runId)
        } catch {
            throw RunnerError.from(error)
        }
        CrashPoints.hit("run-recorded")
        var report = RunReport(run: runId, started: started, lockTakenOverFrom: lock.takenOverFrom?.description)
        logger.info("run \(runId) started in \(folders.root)")
        do {
            try work(runId, ledger: ledger, started: started, report: &report)
        } catch {
            // Recorded as failed, with its report; whatever it claimed stays in work/ for the next run.
            let e = RunnerError.from(error)
            let finished = Date()
            report.failure = e.description
            report.finish(at: finished, status: "failed", exitCode: RunExit.storageFault)
            try? ledger.finishRun(runId, status: "failed", exitCode: RunExit.storageFault, finished: finished,
                                  duration: finished.timeIntervalSince(started), note: e.description)
            try? Files.writeForStaff(report.markdown(), to: folders.reports + "/run-\(runId).md")
            try? Files.writeAtomically(report.json(), to: folders.reports + "/run-\(runId).json")
            throw e
        }
        return report
    }

    /// Everything a run does once it holds the lock and is recorded in the ledger.
    func work(_ runId: Int64, ledger: Ledger, started: Date, report: inout RunReport) throws {

        var clock = PhaseClock()
        let workDir = folders.workDir(runId)
        let claimed = try claimAll(runId, ledger: ledger, into: workDir, report: &report)
        clock.end("claim")

        // What each workbook is for.
        var commit = Ledger.Commit()
        var rejected: [(claim: Claimed, reason: String)] = []
        var newByGroup: [String: [(claim: Claimed, match: Match)]] = [:]
        var groups: [String: Match] = [:]
        let processed = try ledger.processed(sha256s: claimed.map(\.sha256))
        for c in claimed {
            let matches: [Match]
            switch destination(of: c, report: &report) {
            case .failure(let rejection): rejected.append((c, rejection.reason)); continue
            case .success(let found): matches = found
            }
            for m in matches {
                groups[m.key] = m
                if let earlier = processed[Ledger.processedKey(job: m.job.name, period: m.period, sha256: c.sha256)] {
                    commit.inputs.append(record(c, m, outcome: "duplicate", runId: runId,
                                                note: "内容与 run \(earlier.runId) 已处理的 \(earlier.originalName) 相同，未重复处理"))
                    report.duplicates.append(.init(file: c.originalName, job: m.job.name, period: m.period, earlierRun: earlier.runId))
                } else {
                    newByGroup[m.key, default: []].append((c, m))
                }
            }
        }

        var rejectedNames = Set(rejected.map(\.claim.fileName))
        // Each job and period with new workbooks: read, score and write its summary. The groups
        // run side by side; what they need from the ledger is read first, and what they produce
        // is recorded after, in one transaction.
        let plans = try plan(newByGroup, groups: groups, rejectedNames: rejectedNames, runId: runId, ledger: ledger)
        clock.end("plan")
        let done = Counter()
        let (root, total, progress) = (folders.root, plans.count, self.progress)
        let results = ConcurrentMap.map(plans) { plan -> GroupResult in
            let r = Runner.process(plan, root: root)
            progress?("summaries", done.increment(), total)
            return r
        }
        clock.end("summaries")
        for (plan, result) in zip(plans, results) {
            recordGroup(result, of: plan, runId: runId, commit: &commit, report: &report, rejected: &rejected, rejectedNames: &rejectedNames)
        }

        writePDFs(report.outputs.map { folders.root + "/" + $0.path }, jobs: report.outputs.map(\.job))

        let rejections = planRejections(rejected, runId: runId, commit: &commit, report: &report)
        commit.inputs += originals(claimed, records: commit.inputs, runId: runId, taken: Set(rejections.map(\.name)))
        clock.end("record")
        try ledger.commit(runId, commit)
        clock.end("commit")
        CrashPoints.hit("ledger-committed")

        for r in rejections {
            try finishRejection(file: r.claim.path, originalName: r.claim.originalName, destination: folders.rejected + "/" + r.name, reason: r.reason)
        }
        try archive(commit.inputs.filter { $0.outcome != "rejected" }, from: workDir)
        clock.end("archive")
        CrashPoints.hit("archived")
        rmdir(workDir)

        if report.outputs.isEmpty { report.stillOpen = (try? ledger.openFindings()) ?? [] }
        report.inputs = commit.inputs.map { .init(file: $0.originalName, sha256: $0.sha256, outcome: $0.outcome, job: $0.job,
                                                   period: $0.period, tables: $0.tables, note: $0.note) }
        let (code, status) = Self.outcome(report, rejected: rejections.count)
        let finished = Date()
        report.finish(at: finished, status: status, exitCode: code)
        try Files.writeForStaff(report.markdown(), to: folders.reports + "/run-\(runId).md")
        try Files.writeAtomically(report.json(), to: folders.reports + "/run-\(runId).json")
        CrashPoints.hit("report-written")
        try ledger.finishRun(runId, status: status, exitCode: code, finished: finished, duration: finished.timeIntervalSince(started))
        CrashPoints.hit("finished")
        clock.end("report")
        logger.info("run \(runId) \(status): \(report.outputs.count) summaries, \(rejections.count) rejected, \(report.duplicates.count) already processed")
        logger.info("run \(runId) took \(clock.description)")
    }

    /// Each job and period's plan: its new workbooks (oldest first, rejected ones left out) and
    /// what it needs from the ledger (the workbooks it has now; the previous ranks, read once
    /// per job: the same for all its periods).
    func plan(_ newByGroup: [String: [(claim: Claimed, match: Match)]], groups: [String: Match], rejectedNames: Set<String>,
              runId: Int64, ledger: Ledger) throws -> [GroupPlan] {
        var plans: [GroupPlan] = []
        var previousRanks: [String: [String: [String: Int]]] = [:]
        for key in newByGroup.keys.sorted() {
            let m = groups[key]!
            let arrivals = newByGroup[key]!.filter { !rejectedNames.contains($0.claim.fileName) }
                .sorted { ($0.claim.modified, $0.claim.originalName) < ($1.claim.modified, $1.claim.originalName) }
            if previousRanks[m.job.name] == nil { previousRanks[m.job.name] = try ledger.previousRanks(job: m.job.name, before: runId) }
            plans.append(GroupPlan(match: m, arrivals: arrivals, current: try ledger.current(job: m.job.name, period: m.period),
                                   previousRanks: previousRanks[m.job.name]!,
                                   outDir: folders.outbox + "/" + Self.safeName(m.job.name) + "/" + Self.safeName(m.period)))
        }
        return plans
    }

    /// The workbooks this run takes: recovered from an interrupted run, then claimed from the
    /// inbox, converted, hashed, recorded as attempted, and opened once to know they read.
    func claimAll(_ runId: Int64, ledger: Ledger, into workDir: String, report: inout RunReport) throws -> [Claimed] {
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        removeStalePartials()
        var claimed = try recover(ledger: ledger, into: workDir, report: &report)
        claimed += try claim(into: workDir, taken: Set(claimed.map(\.fileName)), report: &report)
        CrashPoints.hit("claimed")
        logger.info("claimed \(claimed.count) workbooks")

        claimed = convertLegacy(claimed, in: workDir, report: &report)
        claimed = ConcurrentMap.map(claimed) { c in
            var c = c
            // A converted workbook is known by its original's bytes (conversion is not repeatable).
            c.sha256 = Self.sha256(c.originalFile.map { workDir + "/" + $0 } ?? c.path)
            return c
        }
        // Open every workbook, several at once. Opening here is not redundant with reading the
        // tables later: when two workbooks for one table arrive in one run only the newer is
        // read, and the older must still be known to be a workbook. A workbook a run died of
        // (its supervisor said so in the dead run's .blame) is not opened again.
        claimed = ConcurrentMap.map(claimed) { c in
            var c = c
            if c.deadLetter { return c }
            Handling.during(c.path) {
                do { try Workbook(path: c.path).checkSharedParts() } catch let e as ReaderError { c.unreadable = ReaderMessages.chinese(e) } catch {
                    c.unreadable = "无法读取工作簿：\(error)"
                }
            }
            return c
        }
        CrashPoints.hit("hashed")
        return claimed
    }

    /// A rejection's reason, as the error side of `destination(of:report:)`.
    struct Rejection: Error { var reason: String }

    /// The jobs, periods and tables a claimed workbook is for, or why it is returned: by its
    /// name, else by its content; a dead letter, an unreadable file or one fitting nothing or
    /// several tables is returned.
    func destination(of c: Claimed, report: inout RunReport) -> Result<[Match], Rejection> {
        if c.deadLetter { return .failure(Rejection(reason: c.unreadable ?? RejectionNote.fault)) }
        var matches = match(c.matchName)
        if matches.isEmpty, c.unreadable == nil {
            // Named differently: a workbook whose content fits exactly one table is taken for it.
            switch Routing.byContent(c.path, jobs: options.jobs) {
            case .one(let job, let tables):
                matches = [Match(job: job, period: job.period, tables: tables.map(\.id))]
                report.routed.append("\(c.originalName)：文件名不符合任何报送文件名，按内容（标题、表头、单位）判断为 \(job.name) 表“"
                                     + tables.map { $0.sheetName ?? $0.title }.joined(separator: "、") + "”")
            case .several(let candidates):
                return .failure(Rejection(reason: "文件名“\(c.originalName)”不符合任何报送文件名，按内容它同时符合多个表（\(candidates.joined(separator: "、"))），"
                                          + "无法确定；请按所报的表改名后重新报送"))
            case .none:
                break
            }
        }
        // A file that cannot be read is returned for that, whatever its name.
        if let why = c.unreadable { return .failure(Rejection(reason: why)) }
        if matches.isEmpty {
            var reason = "文件名“\(c.originalName)”不符合任何考核任务的报送文件名，内容也不符合任何表（" + Routing.plausiblePatterns(c.originalName, jobs: options.jobs) + "）"
            let ext = (c.originalName as NSString).pathExtension.lowercased()
            if ["xls", "et", "ett", "xlsm", "xlsb", "csv", "ods"].contains(ext) {
                reason += "。本系统只接收 .xlsx 工作簿，请用 Excel 或 WPS 将 .\(ext) 文件另存为 .xlsx 后重新报送"
            }
            return .failure(Rejection(reason: reason))
        }
        return .success(matches)
    }

    /// What one job and period produced, into the ledger commit and the report: its summary,
    /// its accepted and replaced inputs, findings and ranks; or, when its summary could not be
    /// written, a failure that leaves its workbooks for the next run.
    func recordGroup(_ result: GroupResult, of plan: GroupPlan, runId: Int64, commit: inout Ledger.Commit, report: inout RunReport,
                rejected: inout [(claim: Claimed, reason: String)], rejectedNames: inout Set<String>) {
        let m = plan.match
        let job = m.job
        for (c, reason) in result.rejected where !rejectedNames.contains(c.fileName) {
            rejected.append((c, reason))
            rejectedNames.insert(c.fileName)
        }
        if let error = result.writeError {
            // This job and period only: its new workbooks stay in work/ for the next run.
            logger.error("\(job.name) \(m.period): the summary could not be written: \(error)")
            report.failures.append("\(job.name) \(m.period)：汇总表未能写出（\(error)）；" +
                                   "\(result.accepted.map(\.claim.originalName).joined(separator: "、")) 留待下次运行")
            return
        }
        guard let outPath = result.outPath else { return }
        logger.info("\(job.name) \(m.period): wrote \(outPath) (\(result.findings.filter(\.finding.needsReview).count) findings)")
        for a in result.accepted {
            commit.inputs.append(record(a.claim, a.match, outcome: "processed", runId: runId, note: nil))
            let index = commit.inputs.count - 1
            for t in a.match.tables where result.fromNew[t]?.fileName == a.claim.fileName {
                commit.current.append((job.name, m.period, t, index))
                if let previous = plan.current[t] {
                    report.replaced.append(.init(job: job.name, period: m.period, table: t, previous: previous.originalName,
                                                 previousRun: previous.runId, by: a.claim.originalName))
                }
            }
        }
        for x in result.superseded {
            report.replaced.append(.init(job: job.name, period: m.period, table: x.table, previous: x.older, previousRun: runId, by: x.newer))
        }
        let relative = String(outPath.dropFirst(folders.root.count + 1))
        commit.outputs.append((job.name, m.period, relative))
        for f in result.findings {
            commit.findings.append((job.name, m.period, f.table, f.finding.unit, f.finding.item, f.location,
                                    f.finding.published.map { "\($0)" }, f.finding.computed.map { "\($0)" }, f.finding.message,
                                    f.finding.kind.rawValue))
        }
        for r in result.ranks { commit.ranks.append((job.name, m.period, r.table, r.unit, r.rank)) }
        report.outputs.append(.init(job: job.name, period: m.period, path: relative, findings: result.findings.filter(\.finding.needsReview).count,
                                    tablesWithoutData: result.tablesWithoutData, inputs: result.accepted.map(\.claim.originalName),
                                    details: RunReport.details(result.findings, tables: job.tables),
                                    received: result.received, missing: result.missing))
    }

    /// Rejections, each to a free name in rejected/ with its note, recorded in the commit and
    /// the report; the files move after the commit.
    func planRejections(_ rejected: [(claim: Claimed, reason: String)], runId: Int64, commit: inout Ledger.Commit,
                        report: inout RunReport) -> [(claim: Claimed, reason: String, name: String)] {
        var taken: Set<String> = []
        var rejections: [(claim: Claimed, reason: String, name: String)] = []
        for (c, reason) in rejected {
            let name = Files.freeName(c.originalName, in: folders.rejected, taken: taken)
            taken.insert(name)
            rejections.append((c, reason, name))
            commit.inputs.append(Ledger.InputRecord(runId: runId, fileName: c.fileName, originalName: c.originalName, sha256: c.sha256,
                                                    size: c.size, job: nil, period: nil, tables: [], outcome: "rejected", note: reason,
                                                    destination: "rejected/" + name))
            report.rejected.append(.init(file: c.originalName, movedTo: "rejected/" + name, reason: reason))
        }
        return rejections
    }

    /// The run's exit code and ledger status, worst first.
    static func outcome(_ report: RunReport, rejected: Int) -> (code: Int32, status: String) {
        let code: Int32 = !report.failures.isEmpty || !report.deferred.isEmpty ? RunExit.storageFault
            : rejected > 0 ? RunExit.rejectedInputs
            : report.outputs.contains { !$0.tablesWithoutData.isEmpty } ? RunExit.missingInputs
            : report.outputs.contains { $0.findings > 0 } ? RunExit.findings : RunExit.ok
        let status = [RunExit.ok: "ok", RunExit.findings: "findings", RunExit.missingInputs: "missing-inputs",
                      RunExit.rejectedInputs: "rejected-inputs", RunExit.storageFault: "output-failed"][code]!
        return (code, status)
    }

    /// What one job and period needs to be scored, read from the ledger beforehand.
    struct GroupPlan: @unchecked Sendable {
        var match: Match
        var arrivals: [(claim: Claimed, match: Match)]
        var current: [String: Ledger.InputRecord]
        var previousRanks: [String: [String: Int]]
        var outDir: String
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

        var run = Assessor.assess(job, inputs: inputs)
        for a in plan.arrivals { run.submittedNames[a.claim.fileName] = a.claim.originalName; run.received[a.claim.fileName] = a.claim.modified }
        for (_, r) in plan.current { run.submittedNames[(r.destination as NSString).lastPathComponent] = r.originalName }
        // The summary says which new workbooks it was written without, and why.
        for (name, reasons) in failed.sorted(by: { $0.key < $1.key }) {
            let c = plan.arrivals.first { $0.claim.fileName == name }!
            for t in c.match.tables {
                // It was received, and rejected: not "未收到".
                run.findings.removeAll { $0.table == t && $0.finding.item == "报送文件" && $0.finding.message.hasPrefix("未收到") }
                if let i = run.tables.firstIndex(where: { $0.table.id == t && $0.bound == nil }) {
                    run.tables[i].problem = "报送文件“\(c.claim.originalName)”已退回"
                }
                run.findings.append(AuditFinding(table: t, finding: Finding(
                    kind: .missingValue, unit: "—", item: "报送文件",
                    message: "报送文件“\(c.claim.originalName)”已退回，未计入本表（见 rejected 文件夹中的错误说明）：" + reasons.joined(separator: "；")),
                    location: c.claim.originalName))
            }
        }
        CrashPoints.hit("scored")
        let outPath = plan.outDir + "/" + Assessor.output(job, period: plan.match.period)
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

    // MARK: Steps

    /// Work folders of runs that died. Inputs a dead run had recorded in the ledger go where it
    /// recorded (archive or rejected); the others are claimed by this run.
    func recover(ledger: Ledger, into workDir: String, report: inout RunReport) throws -> [Claimed] {
        var claimed: [Claimed] = []
        for dir in Files.list(folders.work) where dir != (workDir as NSString).lastPathComponent {
            let path = folders.work + "/" + dir
            guard let old = Int64(dir.replacingOccurrences(of: "run-", with: "")) else { continue }
            let recorded = Dictionary(try ledger.inputs(run: old).map { ($0.fileName, $0) }, uniquingKeysWith: { a, _ in a })
            let blamed = BlameList.read(path)
            for file in Files.list(path) where !file.hasPrefix(".") {
                let from = path + "/" + file
                if let r = recorded[file] {
                    let to = folders.root + "/" + r.destination
                    if r.outcome == "rejected" {
                        try finishRejection(file: from, originalName: r.originalName, destination: to, reason: r.note ?? "")
                    } else {
                        try Files.move(from, to)
                    }
                    report.recovered.append("\(file)（run \(old) 已记录，移至 \(r.destination)）")
                } else {
                    let name = Files.freeName(file, in: workDir)
                    try Files.move(from, workDir + "/" + name)
                    var c = attributes(Claimed(fileName: name, originalName: file, path: workDir + "/" + name))
                    if let why = blamed[file] {
                        c.deadLetter = true
                        c.unreadable = why
                        logger.error("\(file): run \(old) died reading it; returning it to rejected/")
                    }
                    claimed.append(c)
                    report.recovered.append("\(file)（run \(old) 未完成，本次重新处理）")
                }
                CrashPoints.hit("recover-file")
            }
            try? FileManager.default.removeItem(atPath: path + "/" + BlameList.fileName)
            rmdir(path)
        }
        if !report.recovered.isEmpty { logger.warning("finished the work of runs that died: \(report.recovered.count) workbooks") }
        return claimed
    }

    /// LibreOffice, when installed: its profile lives under the root.
    lazy var office: Office? = Office(profile: folders.root + "/.libreoffice-profile")

    /// Legacy and WPS workbooks (.xls, .et, .ods …) converted to .xlsx copies in the work folder,
    /// one at a time, when LibreOffice is installed; a file it cannot convert keeps its note.
    /// When LibreOffice itself cannot run here, the file is not the lead unit's fault: it stays
    /// in the work folder for the next run, and the report tells the operator. Without
    /// LibreOffice they stay as they are, and their note asks for an .xlsx.
    func convertLegacy(_ claimed: [Claimed], in workDir: String, report: inout RunReport) -> [Claimed] {
        var kept: [Claimed] = []
        for c in claimed {
            let ext = (c.originalName as NSString).pathExtension.lowercased()
            guard Office.convertible.contains(ext), !c.deadLetter, let office else { kept.append(c); continue }
            switch Handling.during(c.path, { office.convert(c.path, to: "xlsx", in: workDir) }) {
            case .success(let path):
                logger.info("converted \(c.originalName) to .xlsx with LibreOffice")
                var copy = c
                copy.originalFile = c.fileName
                copy.fileName = (path as NSString).lastPathComponent
                copy.path = path
                kept.append(copy)
            case .failure(let e) where e.kind == .couldNotRun:
                logger.error("\(c.originalName): LibreOffice could not run (\(e.message)); the file waits for the next run")
                report.deferred.append("\(c.originalName)：LibreOffice 无法运行，未能转换（\(e.message)）；文件留待下次运行，请系统管理员检查 LibreOffice")
            case .failure(let e):
                var returned = c
                returned.unreadable = "无法把 .\(ext) 文件转换为 .xlsx（\(e.message)），请用 Excel 或 WPS 另存为 .xlsx 后重新报送"
                kept.append(returned)
            }
        }
        return kept
    }

    /// Records for the originals of converted workbooks: each goes where its copy goes (the
    /// archive, or rejected/ beside the returned copy), so recovery after a crash moves it too.
    func originals(_ claimed: [Claimed], records: [Ledger.InputRecord], runId: Int64, taken: Set<String>) -> [Ledger.InputRecord] {
        var taken = taken
        return claimed.compactMap { c -> Ledger.InputRecord? in
            guard let original = c.originalFile, let copy = records.first(where: { $0.fileName == c.fileName }) else { return nil }
            var destination = "archive/run-\(runId)/" + original
            if copy.outcome == "rejected" {
                let name = Files.freeName(original, in: folders.rejected, taken: taken)
                taken.insert(name)
                destination = "rejected/" + name
            }
            return Ledger.InputRecord(runId: runId, fileName: original, originalName: c.originalName, sha256: c.sha256, size: c.size,
                                      job: nil, period: nil, tables: [], outcome: "original", note: "转换前的原文件，转换后的副本为 \(c.fileName)",
                                      destination: destination)
        }
    }

    /// A PDF beside each summary whose job asks for one (pdf: true, or --pdf), when LibreOffice
    /// is installed; one at a time.
    func writePDFs(_ paths: [String], jobs: [String]) {
        for (path, jobName) in zip(paths, jobs) {
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

    /// Moves the inbox's workbooks into this run's work folder (rename: atomic, same file system).
    /// Only regular files are claimed (a named pipe would block the reader for ever); the rest
    /// is listed in the report. A file changed less than `minimumAge` seconds ago, by its
    /// contents or its inode, may still be being copied and is left for the next run.
    func claim(into workDir: String, taken: Set<String>, report: inout RunReport) throws -> [Claimed] {
        var claimed: [Claimed] = []
        var taken = taken
        let now = Date()
        for file in Files.list(folders.inbox) {
            if !Assessor.isSubmission(file) { continue }
            let from = folders.inbox + "/" + file
            let entry = System.entry(from)
            guard entry.kind == .regular else {
                if entry.kind != .missing { report.leftAlone.append("\(file)（\(entry.kind.chinese)）") }
                continue
            }
            let age = now.timeIntervalSince(max(entry.modified, entry.changed))
            if age < options.minimumAge {
                logger.info("left \(file) in the inbox: changed less than \(Int(options.minimumAge)) s ago")
                report.waiting.append(file)
                continue
            }
            let name = Files.freeName(file, in: workDir, taken: taken)
            taken.insert(name)
            try Files.move(from, workDir + "/" + name)
            var c = Claimed(fileName: name, originalName: file, path: workDir + "/" + name)
            c.size = entry.size
            c.modified = entry.modified
            claimed.append(c)
            CrashPoints.hit("claim-file")
        }
        return claimed
    }

    func attributes(_ c: Claimed) -> Claimed {
        var c = c
        let a = try? FileManager.default.attributesOfItem(atPath: c.path)
        c.size = (a?[.size] as? NSNumber)?.int64Value ?? 0
        c.modified = (a?[.modificationDate] as? Date) ?? .distantPast
        return c
    }

    /// The jobs and periods a file name is for.
    func match(_ name: String) -> [Match] {
        var out: [Match] = []
        let name = Glob.Name(name)
        for (job, patterns) in zip(options.jobs, patterns) {
            var byPeriod: [String: [String]] = [:]
            var order: [String] = []
            for (t, pattern) in zip(job.tables, patterns) {
                guard let captured = pattern.match(name) else { continue }
                let period = captured ?? job.period
                if byPeriod[period] == nil { order.append(period) }
                byPeriod[period, default: []].append(t.id)
            }
            out += order.map { Match(job: job, period: $0, tables: byPeriod[$0]!) }
        }
        return out
    }

    func record(_ c: Claimed, _ m: Match, outcome: String, runId: Int64, note: String?) -> Ledger.InputRecord {
        Ledger.InputRecord(runId: runId, fileName: c.fileName, originalName: c.originalName, sha256: c.sha256, size: c.size,
                           job: m.job.name, period: m.period, tables: m.tables, outcome: outcome, note: note,
                           destination: "archive/run-\(runId)/" + c.fileName)
    }

    /// The note beside a rejected workbook (NAME.错误说明.txt), then the workbook itself.
    func finishRejection(file: String, originalName: String, destination: String, reason: String) throws {
        let note = destination + RejectionNote.suffix
        if !Files.exists(note) {
            try Files.writeForStaff(RejectionNote.text(file: originalName, reason: reason, at: Date()), to: note)
        }
        CrashPoints.hit("note-written")
        if Files.exists(file) { try Files.move(file, destination) }
        CrashPoints.hit("rejected-file")
    }

    func archive(_ records: [Ledger.InputRecord], from workDir: String) throws {
        var done: Set<String> = []
        for r in records where !done.contains(r.fileName) {
            done.insert(r.fileName)
            let from = workDir + "/" + r.fileName
            guard Files.exists(from) else { continue }
            try Files.move(from, folders.root + "/" + r.destination)
            CrashPoints.hit("archive-file")
        }
    }

    /// Temporary files of writes a dead run did not finish (".NAME.partial-PID").
    func removeStalePartials() {
        for dir in [folders.outbox, folders.rejected, folders.reports] {
            guard let e = FileManager.default.enumerator(atPath: dir) else { continue }
            for case let rel as String in e where (rel as NSString).lastPathComponent.hasPrefix(".") && rel.contains("partial-") {
                try? FileManager.default.removeItem(atPath: dir + "/" + rel)
                logger.info("removed an unfinished temporary file: \(dir)/\(rel)")
            }
        }
    }

    static func sha256(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        return hex(SHA256.hash(data: data))
    }

    /// Lower-case hexadecimal, two digits a byte.
    static func hex<D: Sequence<UInt8>>(_ bytes: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func safeName(_ s: String) -> String {
        String(s.map { "/\\:*?\"<>|".contains($0) ? "_" : $0 })
    }
}

/// The note written beside a rejected workbook, for the office staff who submitted it.
public enum RejectionNote {
    public static let suffix = ".错误说明.txt"

    /// Why a workbook the run faulted on is set aside.
    public static let fault = "读取这个工作簿时程序出错中断（文件内容有本系统无法处理的异常），为不耽误其他单位的汇总，已单独退回。"
        + "请用 Excel 或 WPS 打开后重新另存为 .xlsx 再报送；如仍被退回，请联系考核办系统管理员（运行日志中有详细记录）"

    /// Why a workbook that took too long to read is set aside.
    public static func timedOut(seconds: Int) -> String {
        "读取这个工作簿超过 \(seconds) 秒仍未完成（文件可能过大或内容异常），为不耽误其他单位的汇总，已单独退回。"
            + "请删去无关的工作表和大量空行后另存为 .xlsx 再报送；如仍被退回，请联系考核办系统管理员"
    }

    public static func text(file: String, reason: String, at date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "zh_CN")
        f.dateFormat = "yyyy年M月d日 HH:mm"
        return """
        文件：\(file)
        处理时间：\(f.string(from: date))
        问题：\(reason)
        处理结果：本文件未计入考核汇总，已移至 rejected（退回）文件夹，原文件未作任何修改。
        请按上述说明修改后，将工作簿重新放入收件箱（inbox）。

        """
    }
}

/// A thread-safe count, for progress from concurrent work.
/// Wall time of a run's steps, for the operators' log: "claim 0.44 s, plan 0.59 s, …".
struct PhaseClock: CustomStringConvertible {
    private var last: Date
    private var phases: [(String, TimeInterval)] = []

    init(start: Date = Date()) { last = start }

    /// Ends the step called `name` (it began where the previous one ended).
    mutating func end(_ name: String, at now: Date = Date()) {
        phases.append((name, now.timeIntervalSince(last)))
        last = now
    }

    var description: String {
        phases.map { "\($0.0) " + String(format: "%.2f s", $0.1) }.joined(separator: ", ")
    }
}

final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
