import Crypto
import Foundation
import KaoheJobs
import KaoheReader
import KaoheScoring
import KaoheSystem
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
    /// A one-shot run (`OneShot`): the summaries go straight into this folder, named as the job
    /// says (with the period added when a job whose output name has no {period} finds several),
    /// with no 名次变化 column (there is no earlier run); 收到时间 is each file's modification time.
    public var oneShotOut: String? = nil
    /// What a run is told to do differently (by its supervisor, or by a test).
    public var tuning = Tuning()
    /// LibreOffice's program instead of the `soffice` found on PATH: a test's stand-in, in its
    /// own process (which cannot change PATH). nil in production.
    public var soffice: String? = nil
    public init(root: String, jobs: [Job], minimumAge: TimeInterval = RunnerOptions.defaultMinimumAge) {
        self.root = root
        self.jobs = jobs
        self.minimumAge = minimumAge
    }
}

extension RunnerOptions {
    /// What a run is told to do differently: by its supervisor after a fault, by a test, or by a
    /// machine without LibreOffice. A spawned `kaohe run` reads them from `ChildEnvironment`.
    public struct Tuning: Sendable, Equatable {
        /// Summaries written, recorded and archived in one transaction at most (a night of tens
        /// of thousands of workbooks keeps one batch of results in memory).
        public var batchSize = 250
        /// One workbook at a time: a supervisor that saw a run die with several workbooks in
        /// hand runs the next attempt this way, so the next death names one.
        public var serial = false
        /// Convert legacy workbooks and write PDFs with LibreOffice, where it is installed.
        public var useOffice = true
        /// Places where a test makes the run die or stall; none in production.
        public var hooks = TestHooks()
        /// The time summaries say they were made, and the latest they show (SOURCE_DATE_EPOCH,
        /// the reproducible-builds convention): the same inputs give the same bytes. Nil: now.
        public var fixedTime: Date? = nil
        public init() {}
    }

    /// Test hooks, each nil in production: `crashAt` a crash point (`CrashPoints`,
    /// "claim-file#2"); `trapOn` / `hangOn` a text whose workbooks trap or never finish when
    /// taken up (`Handling`), as a reader bug would.
    public struct TestHooks: Sendable, Equatable {
        public var crashAt: String?
        public var trapOn: String?
        public var hangOn: String?
        public init(crashAt: String? = nil, trapOn: String? = nil, hangOn: String? = nil) {
            self.crashAt = crashAt
            self.trapOn = trapOn
            self.hangOn = hangOn
        }
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
        // Test hooks are the process's (a spawned kaohe's): armed only when a test set one.
        let hooks = options.tuning.hooks
        if let crashAt = hooks.crashAt { CrashPoints.arm(crashAt) }
        if hooks.trapOn != nil || hooks.hangOn != nil { Handling.arm(trapOn: hooks.trapOn, hangOn: hooks.hangOn) }
    }

    /// A workbook this run holds in its work folder.
    struct Claimed {
        var fileName: String
        var originalName: String
        var path: String
        var size: Int64 = 0
        var modified: Date = .distantPast
        var sha256 = ""
        /// Why it is returned whatever its name: unreadable, not converted, or set aside by the
        /// supervisor after a run died with it in hand (a dead letter, never opened again).
        var returned: ReturnReason? = nil
        var deadLetter: Bool { returned?.isDeadLetter == true }
        /// A legacy or WPS workbook converted to this .xlsx copy: the original's name in the
        /// work folder (archived or returned beside the copy).
        var originalFile: String? = nil
        /// What the workbook says it is for, when it is a filled template (`TemplateIdentity`).
        var identity: TemplateIdentity? = nil

        /// The name job patterns are matched against: a converted .xls matches as .xlsx.
        var matchName: String {
            originalFile == nil ? originalName : Claimed.asConverted(originalName)
        }

        /// The name a legacy file is matched under once converted: as .xlsx.
        static func asConverted(_ name: String) -> String { (name as NSString).deletingPathExtension + ".xlsx" }
    }

    struct Match {
        var job: Job
        var period: String
        var tables: [String]
        /// Taken for this job and period by the template identity it carries alone: its name
        /// does not say them.
        var byTemplateOnly = false
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
        CrashPoints.hit(.locked)
        if let dead = lock.takenOverFrom { logger.warning("took over the lock left by a run that died (\(dead))") }

        let ledger: Ledger
        let runId: Int64
        do {
            ledger = try Ledger(path: folders.ledger)
            runId = try ledger.beginRun(pid: System.pid, started: started)
            try ledger.markAbandonedRuns(by: runId)
        } catch {
            throw RunnerError.from(error)
        }
        CrashPoints.hit(.runRecorded)
        logger.info("run \(runId) started in \(folders.root)")
        var night = Night(run: runId, started: started, lockTakenOverFrom: lock.takenOverFrom?.description)
        do {
            let clock = try work(&night, ledger: ledger)
            return try finish(night, ledger: ledger, clock: clock)
        } catch {
            // Recorded as failed, with its report; whatever it claimed stays in work/ for the next run.
            let e = RunnerError.from(error)
            let finished = Date()
            var report = night.report(failure: e.description)
            report.finish(at: finished, status: .failed, exitCode: RunExit.storageFault)
            try? ledger.finishRun(runId, status: .failed, exitCode: RunExit.storageFault, finished: finished,
                                  duration: finished.timeIntervalSince(started), note: e.description)
            try? Files.writeForStaff(report.markdown(), to: folders.reports + "/run-\(runId).md")
            try? Files.writeAtomically(report.json(), to: folders.reports + "/run-\(runId).json")
            throw e
        }
    }

    /// The run's phases, each returning its value into `night`: intake → sorted → summaries →
    /// commit → disposal; the time each took. What the run keeps of every input is as little as
    /// it can (a first night over years of back files claims tens of thousands): the claims and
    /// plans are let go.
    func work(_ night: inout Night, ledger: Ledger) throws -> PhaseClock {
        var clock = PhaseClock()
        let runId = night.run
        let workDir = folders.workDir(runId)
        let plans: [GroupPlan]
        let converted: [Claimed]
        var sorted: Sorted
        do {
            var intake = try self.intake(runId, ledger: ledger, into: workDir)
            converted = intake.claimed.filter { $0.originalFile != nil }
            let claimed = intake.claimed
            intake.claimed = []
            night.intake = intake
            System.releaseFreeMemory()
            clock.end("claim")
            sorted = try sort(claimed, runId: runId, ledger: ledger)
            plans = try plan(sorted, runId: runId, ledger: ledger)
            sorted.newByGroup = [:] // the plans have them
            night.sorted = sorted
        }
        clock.end("plan")
        var summaries = try summarise(consume plans, runId: runId, ledger: ledger, workDir: workDir)
        clock.end("summaries")
        writePDFs(summaries.outputs)

        let disposal = dispose(sorted, summaries, converted: converted, runId: runId)
        summaries.last = Ledger.Commit() // in the disposal's commit now
        (night.summaries, night.disposal) = (summaries, disposal)
        clock.end("record")
        try ledger.commit(runId, disposal.commit)
        clock.end("commit")
        CrashPoints.hit(.ledgerCommitted)
        try move(disposal, archiving: night.recorded, from: workDir)
        clock.end("archive")
        CrashPoints.hit(.archived)
        System.removeEmptyFolder(workDir)
        night.disposal?.commit = disposal.commit.inputsOnly // the rest is in the ledger; the report lists the inputs
        System.releaseFreeMemory()
        // the periods after those whose ranks moved; the years (quarters) tonight's periods belong to
        if var summaries = night.summaries {
            summaries.absorb(try rewriteRecompared(runId, ledger: ledger, after: summaries))
            summaries.absorb(try writeAnnuals(runId, ledger: ledger, after: summaries))
            night.summaries = summaries
        }
        clock.end("annual")
        return clock
    }

    /// The claimed workbooks sorted by what each is for.
    func sort(_ claimed: [Claimed], runId: Int64, ledger: Ledger) throws -> Sorted {
        var sorted = Sorted()
        let processed = try ledger.processed(sha256s: claimed.map(\.sha256))
        for c in claimed {
            let found: Destination
            switch destination(of: c) {
            case .failure(let rejection): sorted.returned.append(Returned(claim: c, reason: rejection.reason)); continue
            case .success(let d): found = d
            }
            if let m = found.matches.first, m.byTemplateOnly, let why = try templateForClosedPeriod(c, m, ledger: ledger) {
                sorted.returned.append(Returned(claim: c, reason: why))
                continue
            }
            sorted.routed += found.routed.map { [$0] } ?? []
            for m in found.matches {
                sorted.groups[m.key] = m
                if let earlier = processed[Ledger.processedKey(job: m.job.name, period: m.period, sha256: c.sha256)] {
                    sorted.duplicates.append(record(c, m, outcome: .duplicate, runId: runId,
                                                    note: "内容与 run \(earlier.runId) 已处理的 \(earlier.originalName) 相同，未重复处理"))
                    sorted.duplicateNotes.append(.init(file: c.originalName, job: m.job.name, period: m.period, earlierRun: earlier.runId))
                } else {
                    sorted.newByGroup[m.key, default: []].append(Arrival(claim: c, match: m))
                }
            }
        }
        return sorted
    }

    /// Each job and period with new workbooks read, scored and written, side by side, and
    /// recorded one transaction per batch of summaries (a night of years of back files keeps one
    /// batch in memory, not all), its inputs archived after it. The last batch is left in
    /// `last`, to be recorded with the rejections.
    func summarise(_ plans: consuming [GroupPlan], runId: Int64, ledger: Ledger, workDir: String) throws -> Summaries {
        var out = Summaries()
        let done = Counter()
        let total = plans.count
        var pending = plans // each batch's plans are let go once it is written
        while !pending.isEmpty {
            let batch = Array(pending.prefix(options.tuning.batchSize))
            pending.removeFirst(batch.count)
            let (root, progress) = (folders.root, self.progress)
            let results = ConcurrentMap.map(batch, serial: options.tuning.serial) { plan -> GroupResult in
                let r = Runner.process(plan, root: root)
                progress?("summaries", done.increment(), total)
                return r
            }
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

    /// The run's report, built once, and its end in the ledger.
    func finish(_ night: Night, ledger: Ledger, clock: PhaseClock) throws -> RunReport {
        var report = night.report()
        if report.outputs.isEmpty { report.stillOpen = (try? ledger.openFindings()) ?? [] }
        let rejected = report.rejected.count
        let (code, status) = Self.outcome(report, rejected: rejected)
        let finished = Date()
        report.finish(at: finished, status: status, exitCode: code)
        try Files.writeForStaff(report.markdown(), to: folders.reports + "/run-\(night.run).md")
        try Files.writeAtomically(to: folders.reports + "/run-\(night.run).json") { write in report.writeJSON(write) }
        CrashPoints.hit(.reportWritten)
        try ledger.finishRun(night.run, status: status, exitCode: code, finished: finished, duration: finished.timeIntervalSince(night.started))
        CrashPoints.hit(.finished)
        logger.info("run \(night.run) \(status.rawValue): \(report.outputs.count) summaries, \(rejected) rejected, \(report.duplicates.count) already processed")
        var clock = clock
        clock.end("report")
        logger.info("run \(night.run) took \(clock.description)")
        return report
    }

    /// LibreOffice, when installed: its profile lives under the root.
    lazy var office: Office? = options.tuning.useOffice ? Office(profile: folders.root + "/.libreoffice-profile", program: options.soffice) : nil
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
